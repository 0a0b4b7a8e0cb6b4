// Reading what a request carries: caller identity from the authorizer's claims, a JSON body,
// validated input. Each throws ApiError, which the shared error handler answers.

import { isUtf8 } from 'node:buffer';
import * as z from 'zod/mini';
import { en, zhCN } from 'zod/locales';
import { ROLES, type Role } from '#domain/model.ts';
import type { Caller } from '#domain/access.ts';
import { agencyOfGroup, LEAD_GROUP, type Agency, type AgencyGroup } from '#domain/agencies.ts';
import { domainMessage, type Language } from '#domain/messages.ts';
import { config } from './config.ts';
import { ApiError, type ErrorDetail } from './errors.ts';
import { languageOf, type HttpEvent } from './http.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The group names in a groups claim, as the identity provider named them. API Gateway's JWT
 * authorizer passes an array claim as a string: `cognito:groups` arrives as `"[mediator court]"`,
 * names separated by spaces. A provider may also put a JSON array in a string, or send one plain name.
 * A plain string is one name, never split: only the authorizer's bracketed form is a list.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string' && g.length > 0);
  if (typeof claim !== 'string') return [];
  const trimmed = claim.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return trimmed ? [trimmed] : [];
  const asJson = jsonArray(trimmed);
  if (asJson) return asJson;
  return trimmed.slice(1, -1).split(/\s+/).filter(Boolean);
}

function jsonArray(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((g) => typeof g === 'string') ? value.filter(Boolean) : null;
  } catch {
    return null;
  }
}

/**
 * Provider group name → role (or an officer's agency group, or the lead officers' group), for an
 * identity provider other than Cognito (`GROUP_ROLES`).
 */
export type GroupRoles = Readonly<Record<string, Role | AgencyGroup | typeof LEAD_GROUP>>;

const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

/**
 * What the groups claim names, as role, agency group or lead group names: with Cognito the names
 * themselves; with another provider only what `groupRoles` maps them to, the whole claim looked up first.
 */
function groupTargets(claim: unknown, groupRoles: GroupRoles | undefined): string[] {
  if (!groupRoles) return groupsOf(claim);
  const mapped = (name: string): string | undefined => (Object.hasOwn(groupRoles, name) ? groupRoles[name] : undefined);
  if (typeof claim === 'string') {
    const trimmed = claim.trim();
    const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
    const whole = [claim, trimmed, inner].map(mapped).find((target) => target !== undefined);
    if (whole) return [whole];
  }
  return groupsOf(claim).flatMap((name) => mapped(name) ?? []);
}

/**
 * The caller's roles, in the order of its groups. With Cognito (`groupRoles` undefined) a group is
 * a role when named exactly as one; Cognito group names cannot contain whitespace, so splitting the
 * bracketed form is safe. With another provider only `groupRoles` makes a group a role — no name is
 * a role by itself — and since its names may contain spaces, the whole claim (or the whole of the
 * brackets) is looked up as one name before the claim is split.
 */
export function rolesOf(claim: unknown, groupRoles: GroupRoles | undefined): Role[] {
  return [...new Set(groupTargets(claim, groupRoles).filter(isRole))];
}

/** An officer's agency (SPEC §12): the first agency group of its groups claim; none → market regulation (access.ts). */
export function agencyOf(claim: unknown, groupRoles: GroupRoles | undefined): Agency | undefined {
  return groupTargets(claim, groupRoles)
    .map(agencyOfGroup)
    .find((agency) => agency !== undefined);
}

/** Whether the groups claim names the lead officers' group (SPEC §13); callerOf heeds it for officers only. */
export function isLead(claim: unknown, groupRoles: GroupRoles | undefined): boolean {
  return groupTargets(claim, groupRoles).includes(LEAD_GROUP);
}

/** The caller, from the verified claims. No claims → 401; no recognised role → 403. */
export function callerOf(event: HttpEvent): Caller {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.['sub'];
  if (!claims || typeof sub !== 'string' || sub.length === 0) throw new ApiError('UNAUTHENTICATED');
  const { groupRoles } = config();
  const [role] = rolesOf(claims['cognito:groups'], groupRoles);
  if (!role) throw new ApiError('FORBIDDEN');
  if (role !== 'officer') return { role, sub };
  const agency = agencyOf(claims['cognito:groups'], groupRoles);
  const lead = isLead(claims['cognito:groups'], groupRoles);
  return { role, sub, ...(agency ? { agency } : {}), ...(lead ? { lead } : {}) };
}

/** No body of this API nests beyond a few levels; deeper JSON is refused before anything recurses into it. */
export const MAX_JSON_DEPTH = 32;

const TOO_DEEP: Record<Language, string> = {
  'zh-CN': `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层`,
  en: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
};
const NOT_UTF8: Record<Language, string> = { 'zh-CN': '不是有效的 UTF-8 文本', en: 'Not valid UTF-8 text' };

/**
 * The JSON body: 415 unless the content type is JSON, 413 over 256 KiB, 400 MALFORMED_JSON if it does
 * not parse, 400 VALIDATION_FAILED if it nests deeper than MAX_JSON_DEPTH or holds bytes that are not
 * UTF-8 (naming the strings that hold them, rather than storing U+FFFD in their place).
 */
export function jsonBody(event: HttpEvent): unknown {
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(contentType ?? '')) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE');
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('MALFORMED_JSON');
  }
  const language = languageOf(event);
  const { tooDeepAt, replaced } = inspectJson(value, !isUtf8(raw));
  if (tooDeepAt !== undefined) throw new ApiError('VALIDATION_FAILED', [{ path: tooDeepAt, message: TOO_DEEP[language] }]);
  if (replaced.length > 0)
    throw new ApiError(
      'VALIDATION_FAILED',
      replaced.map((path) => ({ path, message: NOT_UTF8[language] })),
    );
  return value;
}

/**
 * Walks parsed JSON without recursion: the path of the first value nested deeper than MAX_JSON_DEPTH,
 * and (when the bytes were not UTF-8, so decoding put U+FFFD where they were) the paths of the
 * strings and keys holding U+FFFD.
 */
function inspectJson(root: unknown, findReplaced: boolean): { tooDeepAt?: string; replaced: string[] } {
  const replaced: string[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (findReplaced && value.includes('\uFFFD')) replaced.push(formatPath(path));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) return { tooDeepAt: formatPath(path), replaced };
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) stack.push({ value: item, path: [...path, i] });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (findReplaced && key.includes('\uFFFD')) replaced.push(formatPath([...path, key]));
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return { replaced };
}

/** `evidence[3].sha256` from zod's path segments. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((acc, seg) => {
    if (typeof seg === 'number') return `${acc}[${seg}]`;
    return acc ? `${acc}.${String(seg)}` : String(seg);
  }, '');
}

const UNKNOWN_FIELD: Record<Language, string> = { 'zh-CN': '不允许的字段', en: 'Unknown field' };

export function issueDetails(issues: readonly z.core.$ZodIssue[], language: Language): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: formatPath([...issue.path, key]), message: UNKNOWN_FIELD[language] });
      continue;
    }
    details.push({ path: formatPath(issue.path), message: domainMessage(issue.message, language) ?? issue.message });
  }
  return details;
}

// Only the two locales the API speaks: importing zod's `locales` namespace would bundle all of them.
const LOCALES = { 'zh-CN': zhCN().localeError, en: en().localeError } as const;

/** Parses with the caller's language; 400 VALIDATION_FAILED naming every rejected field. */
export function validate<S extends z.core.$ZodType>(schema: S, input: unknown, event: HttpEvent): z.output<S> {
  const language = languageOf(event);
  // The function form parses any zod 4 schema, zod/mini's and classic zod's alike.
  const result = z.safeParse(schema, input, { error: LOCALES[language] });
  if (!result.success) throw new ApiError('VALIDATION_FAILED', issueDetails(result.error.issues, language));
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id path parameter (`{caseId}`, `{inspectionId}`): a malformed id names nothing, so it is 404 like an unknown one. */
export function idParam(event: HttpEvent, name: 'caseId' | 'inspectionId'): string {
  const id = event.pathParameters?.[name]?.toLowerCase();
  if (!id || !UUID.test(id)) throw new ApiError('NOT_FOUND');
  return id;
}

export const caseIdParam = (event: HttpEvent): string => idParam(event, 'caseId');

/**
 * The query string, validated: API Gateway hands it over as a map of strings (repeated names
 * comma-joined); unknown names fail the schema's strictness and are named in `details`.
 */
export function queryParams<S extends z.core.$ZodType>(schema: S, event: HttpEvent): z.output<S> {
  return validate(schema, event.queryStringParameters ?? {}, event);
}
