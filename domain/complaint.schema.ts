// The complaint the online form submits (SPEC §3): one zod schema that validates and normalises it.
// Domain rule violations carry a message KEY (listed in messages.ts) that the HTTP edge translates;
// zod's own issues (too_small, invalid_type, …) keep the messages zod's locales give them.
// Every object is strict, so an unknown field is an `unrecognized_keys` issue at its parent's path.

import * as z from 'zod';
import { COUNTY_CODES, FORMER_COUNTY_CODES, PATENT_TYPES, PATHS, type Complaint, type CountyCode, type PatentType } from './model.ts';
import { creditCodeProblem, normalizeCreditCode } from './identifiers/credit-code.ts';
import { normalizeResidentId, residentIdProblem } from './identifiers/resident-id.ts';
import { parsePatentNumber } from './identifiers/patent-number.ts';
import { parseTrademarkNumber } from './identifiers/trademark-number.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

type Payload = z.core.ParsePayload;

function report(ctx: z.core.$RefinementCtx<string>, key: string | null): void {
  if (key) ctx.addIssue({ code: 'custom', message: key, input: ctx.value });
}

/** A check that depends on a valid format (a date compared to today, a URL's scheme) says nothing more once the format failed. */
const noIssuesYet = (payload: Payload): boolean => payload.issues.length === 0;

/**
 * Lets an object-level check run although unrelated sibling fields failed, so one response names
 * every problem; it still waits for the fields it reads (and for the value to be an object at all).
 */
function fieldsParsed(...fields: string[]) {
  return (payload: Payload): boolean =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((issue) => {
      const path = issue.path ?? [];
      return path.length === 0 ? issue.code !== 'unrecognized_keys' : fields.includes(String(path[0]));
    });
}

/** Uses `key` as the message when the field is missing, zod's own message otherwise. */
function requiredKey(key: string) {
  return (issue: { input?: unknown }): string | undefined => (issue.input === undefined ? key : undefined);
}

/** A field that must be absent in this variant; present, it is reported with `key` at its own path. */
function notAllowed(key: string) {
  return z.never({ error: key }).optional();
}

// ---------------------------------------------------------------------------------------------
// Text

// C0 and C1 controls, DEL, bidi embeddings/overrides (U+202A–E) and isolates (U+2066–9): invisible
// characters that can disguise what a reader sees. With the u flag, \p{Cs} matches only lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
// Multi-line texts keep line feeds and tabs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const FORBIDDEN_MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;

/**
 * A human-written string: trimmed, NFC-normalised, free of control/bidi characters and lone
 * surrogates, then `min`–`max` characters long. Multi-line text may hold `\n` and `\t`; Windows
 * and old-Mac line ends (`\r\n`, `\r`) from a pasted text are turned into `\n` rather than refused.
 */
export function textSchema(min: number, max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE;
  let text = z.string().trim().normalize('NFC');
  if (options.multiline) text = text.overwrite((s) => s.replace(/\r\n?/g, '\n'));
  return text
    .refine((s) => !forbidden.test(s), { message: 'text.forbidden_characters' })
    .min(min)
    .max(max);
}

// ---------------------------------------------------------------------------------------------
// Identifiers and contact details

function creditCode(params?: { error: (issue: { input?: unknown }) => string | undefined }) {
  // Check before upper-casing (see creditCodeProblem), then store the canonical uppercase form.
  return z
    .string(params)
    .trim()
    .superRefine((s, ctx) => report(ctx, creditCodeProblem(s)))
    .overwrite(normalizeCreditCode);
}

/** A unified social credit code, check character verified, normalised to uppercase. */
export const creditCodeSchema = creditCode();
const requiredCreditCodeSchema = creditCode({ error: requiredKey('credit_code.required') });

/** A resident ID number, check character and birth date (not after `today`) verified; `x` → `X`. */
export function idNumberSchema(today: string) {
  return z
    .string()
    .trim()
    .superRefine((s, ctx) => report(ctx, residentIdProblem(s, today)))
    .overwrite(normalizeResidentId);
}

const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(?:\((0\d{2,3})\)|(0\d{2,3})-?)(\d{7,8})(?:-(\d{1,6}))?$/;

/**
 * A mainland phone number in canonical form, or null: mobiles as 11 digits (a `+86` prefix and
 * spaces/hyphens dropped), landlines as `area-local[-extension]` (`0915-3212345`, `029-88881234-12`).
 * People write the area code with or without a hyphen or in parentheses; the split is recomputed
 * from the digits: 010 and 02x are 3-digit area codes with 8-digit local numbers, all others
 * (03xx–09xx) 4 digits with 7- or 8-digit local numbers.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/\s/g, '');
  const mobile = MOBILE.exec(compact.replaceAll('-', ''));
  if (mobile) return mobile[1]!;
  const landline = LANDLINE.exec(compact);
  if (!landline) return null;
  const digits = (landline[1] ?? landline[2]!) + landline[3]!;
  const areaLength = /^0[12]/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLength);
  const local = digits.slice(areaLength);
  if (!/^0(?:10|2\d|[3-9]\d\d)$/.test(area)) return null;
  if (!(areaLength === 3 ? /^[2-9]\d{7}$/ : /^[2-9]\d{6,7}$/).test(local)) return null;
  return landline[4] ? `${area}-${local}-${landline[4]}` : `${area}-${local}`;
}

/**
 * Identifiers whose normalisation drops whitespace (`\s` also matches the controls VT and FF) must
 * still refuse control and bidi characters rather than silently remove them (SPEC §3).
 */
const noForbiddenCharacters = { message: 'text.forbidden_characters', abort: true } as const;
const isFreeOfForbidden = (s: string): boolean => !FORBIDDEN_SINGLE_LINE.test(s);

export const phoneSchema = z
  .string()
  .trim()
  .refine(isFreeOfForbidden, noForbiddenCharacters)
  .superRefine((s, ctx) => report(ctx, normalizePhone(s) === null ? 'phone.format' : null))
  .overwrite((s) => normalizePhone(s) ?? s);

/** Domains are case-insensitive, local parts formally are not: lower-case only the domain. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .check(z.email())
  .overwrite((s) => {
    const at = s.lastIndexOf('@');
    return at < 0 ? s : s.slice(0, at) + s.slice(at).toLowerCase();
  });

const contactSchema = z
  .strictObject({ phone: phoneSchema.optional(), email: emailSchema.optional() })
  .refine((c) => c.phone !== undefined || c.email !== undefined, {
    message: 'contact.required',
    when: fieldsParsed('phone', 'email'),
  });

function urlProblem(s: string): string | null {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return 'url.format';
  }
  return url.protocol === 'https:' ? null : 'url.https_required';
}

/** An `https:` URL, kept as written (trimmed). */
export const httpsUrlSchema = textSchema(1, 2000).superRefine((s, ctx) => report(ctx, urlProblem(s)), {
  when: noIssuesYet,
});

/** YYYY-MM-DD, a real calendar date. */
const isoDateSchema = () => z.string().trim().check(z.iso.date());

// ---------------------------------------------------------------------------------------------
// The parts of a complaint

function complainantSchema(today: string) {
  const common = { name: textSchema(1, 200), contact: contactSchema };
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('enterprise'),
      ...common,
      creditCode: requiredCreditCodeSchema,
      idNumber: notAllowed('id_number.only_individuals'),
    }),
    // An individual may hold a credit code too (个体工商户, a sole trader), so it is allowed, not required.
    z.strictObject({
      type: z.literal('individual'),
      ...common,
      creditCode: creditCodeSchema.optional(),
      idNumber: idNumberSchema(today).optional(),
    }),
  ]);
}

const patentNumberSchema = z
  .string()
  .trim()
  .refine(isFreeOfForbidden, noForbiddenCharacters)
  .superRefine((s, ctx) => {
    const parsed = parsePatentNumber(s);
    report(ctx, typeof parsed === 'string' ? parsed : null);
  })
  .overwrite((s) => {
    const parsed = parsePatentNumber(s);
    return typeof parsed === 'string' ? s : parsed.normalized;
  });

const trademarkNumberSchema = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const parsed = parseTrademarkNumber(s);
    report(ctx, typeof parsed === 'string' ? parsed : null);
  })
  .overwrite((s) => s.toUpperCase());

function patentTypeOf(normalizedNumber: string): PatentType | undefined {
  const parsed = parsePatentNumber(normalizedNumber);
  return typeof parsed === 'string' ? undefined : parsed.type;
}

function rightSchema(today: string) {
  const common = {
    title: textSchema(1, 200),
    holder: textSchema(1, 200),
    // Equal to today is still in force; the day before is not.
    validUntil: isoDateSchema()
      .refine((d) => d >= today, { message: 'right.expired', when: noIssuesYet })
      .optional(),
  };
  return z.discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('patent'),
        number: patentNumberSchema,
        patentType: z.enum(PATENT_TYPES, { error: requiredKey('patent_type.required') }),
        ...common,
      })
      .refine((r) => patentTypeOf(r.number) === r.patentType, {
        message: 'patent_type.mismatch',
        path: ['patentType'],
        when: fieldsParsed('number', 'patentType'),
      }),
    z.strictObject({
      kind: z.literal('trademark'),
      number: trademarkNumberSchema,
      patentType: notAllowed('patent_type.only_patents'),
      ...common,
    }),
    z.strictObject({
      kind: z.enum(['geographical_indication', 'copyright', 'plant_variety']),
      number: textSchema(1, 100),
      patentType: notAllowed('patent_type.only_patents'),
      ...common,
    }),
  ]);
}

export const respondentSchema = z.strictObject({
  name: textSchema(1, 200),
  creditCode: creditCodeSchema.optional(),
  address: textSchema(1, 500).optional(),
  onlineStoreUrl: httpsUrlSchema.optional(),
});

const COUNTY_INPUTS = [...Object.keys(COUNTY_CODES), ...Object.keys(FORMER_COUNTY_CODES)] as [string, ...string[]];

/** One of Ankang's county-level codes; the former 610928 (旬阳县) is stored as 610981 (旬阳市). */
export const countyCodeSchema = z.enum(COUNTY_INPUTS).transform((code) => (FORMER_COUNTY_CODES[code] ?? code) as CountyCode);

const claimsSchema = z.strictObject({
  stopInfringement: z.boolean(),
  damagesCny: z.int().min(0).max(10_000_000_000).optional(),
});

// RFC 9110 media type: type "/" subtype, then `; name=value` parameters (token or quoted string).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\x20-\\x7E])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** Type and subtype are case-insensitive: lower-case them; parameter values may be case-sensitive. */
function normalizeMediaType(s: string): string {
  const semicolon = s.indexOf(';');
  return semicolon < 0 ? s.toLowerCase() : s.slice(0, semicolon).toLowerCase() + s.slice(semicolon);
}

/** A SHA-256 digest in hex, stored lowercase. */
export const sha256Schema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, { message: 'sha256.format' })
  .toLowerCase();

export const evidenceItemSchema = z.strictObject({
  title: textSchema(1, 200),
  sha256: sha256Schema,
  sizeBytes: z
    .int()
    .min(0)
    .max(2 * 1024 ** 3),
  mediaType: z.string().trim().max(255).regex(MEDIA_TYPE, { message: 'media_type.format' }).overwrite(normalizeMediaType),
  collectedAt: z
    .string()
    .trim()
    .check(z.iso.datetime({ offset: true }))
    .optional(),
});

/** 0–50 evidence items; a complaint may come with none (the default) and add them later. */
export const evidenceListSchema = z.array(evidenceItemSchema).max(50);

/** `{ reference, signedOn }`: an agreement cannot be signed after `today`. */
export function arbitrationAgreementSchema(today: string) {
  return z.strictObject({
    reference: textSchema(1, 200),
    signedOn: isoDateSchema().refine((d) => d <= today, {
      message: 'arbitration_agreement.signed_in_future',
      when: noIssuesYet,
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// The complaint

function buildComplaintSchema(today: string) {
  return z.strictObject({
    complainant: complainantSchema(today),
    right: rightSchema(today),
    respondent: respondentSchema,
    countyCode: countyCodeSchema,
    description: textSchema(20, 5000, { multiline: true }),
    claims: claimsSchema,
    // A fresh array per parse: a shared default would be mutated by whoever appends evidence.
    evidence: evidenceListSchema.default(() => []),
    preferredPath: z.enum(PATHS).optional(),
    // Optional here: routing decides whether arbitration goes ahead without one (SPEC §5).
    arbitrationAgreement: arbitrationAgreementSchema(today).optional(),
    requestEvidencePreservation: z.boolean().optional(),
  });
}

export type ComplaintSchema = ReturnType<typeof buildComplaintSchema>;

// Compile-time proof that what the schema outputs is a Complaint as the model defines it.
const _outputIsComplaint = (parsed: z.output<ComplaintSchema>): Complaint => parsed;
void _outputIsComplaint;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CACHE_SIZE = 4;
const cache = new Map<string, ComplaintSchema>();

/**
 * The complaint schema for a request received on `today` (YYYY-MM-DD, China Standard Time), which
 * bounds birth dates, expiry and signing dates. Built once per day value: requests build it often.
 */
export function complaintSchema(today: string): ComplaintSchema {
  const cached = cache.get(today);
  if (cached) return cached;
  if (!ISO_DAY.test(today)) throw new TypeError(`complaintSchema: today must be YYYY-MM-DD, got ${today}`);
  const schema = buildComplaintSchema(today);
  // Only a day or two are in use at once (around midnight); drop the oldest.
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(today, schema);
  return schema;
}
