// The access matrix as data, generated from the policy the code enforces and the SPEC §9 route
// table: who may call each HTTP route of the topology, and — for the case routes — what each
// caller must get for a given case (SPEC §2: unreadable → 404, never 403; readable but not
// permitted → 403; permitted → 2xx, or 409 when the case's state does not allow it).
//
// The oracle reads `canReadCase` (domain/access.ts) and `ACTION_RULES` with `isParty` and
// `allowedFrom` (domain/lifecycle.ts) — for random inspections `mayReadInspections`,
// `mayLeadInspections` (domain/access.ts) and `mayRecordResult` (domain/inspections.ts) — the same
// rules the functions apply — so a policy change moves the expectations with it, while the route
// table below and what SPEC §2.1 says of personal data (contact details, internal events,
// respondent history) are the SPEC's, written here by hand: the matrix fails when the code's policy
// drifts from them (the matrix test states, by hand too, what SPEC §13 says of each relationship to
// an inspection round).
//
// Also here: `pacer`, which keeps a test's request rate under the local edge's rate limits
// (infra/topology.ts `limits`: per caller, per route, whole stage) so a 429 never stands in for
// the answer a test is checking.

import type { ActionName } from '#domain/actions.schema.ts';
import { ACTION_RULES, allowedFrom, isParty, type Party } from '#domain/lifecycle.ts';
import { HANDLER_ROLE_OF_PATH, PATHS, ROLES, type Case, type CasePath, type CaseStatus, type Role } from '#domain/model.ts';
import {
  canReadCase,
  isHandlerOfPath,
  mayLeadInspections,
  mayPostToChannel,
  mayReadInspections,
  mayReadChannel,
  pathsHandledBy,
  readsMessages,
  type Caller,
  type MessageChannel,
} from '#domain/access.ts';
import { AGENCY_GROUP_PREFIX, LEAD_GROUP, type Agency } from '#domain/agencies.ts';
import { mayRecordResult, type Inspection, type InspectionStatus } from '#domain/inspections.ts';
import { termsSha256 } from '#domain/lifecycle.ts';
import * as topology from '#infra/topology.ts';

// ---------------------------------------------------------------------------------------------
// Routes

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** `GET /cases/{caseId}`, as API Gateway names it. */
  routeKey: string;
  authorized: boolean;
}

/** Every HTTP route of the topology: new routes are in the matrix (and the fuzzing) automatically. */
export function httpRoutes(): HttpRoute[] {
  return topology.functions.flatMap((fn) =>
    fn.triggers.flatMap((t) =>
      t.kind === 'http' ? [{ method: t.method, path: t.path, routeKey: `${t.method} ${t.path}`, authorized: t.authorized }] : [],
    ),
  );
}

/** The path parameters of a route template: `/cases/{caseId}/claim` → `['caseId']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return value;
  });
}

/**
 * Who may call a route (SPEC §9 "who" column):
 * - `public`: anyone, no token;
 * - `roles`: these roles; any other recognised role → 403;
 * - `anyRole`: every recognised role, the answer scoped to what the caller may read;
 * - `caseReader`: readers of the case; anyone else → 404 (the case does not exist for them);
 * - `caseHandler`: readers of the case who are handlers of its path (claim); other readers → 403;
 * - `caseStaff`: readers of the case who are handlers of its path or the supervisor (its notices); other readers → 403;
 * - `caseMessages`: readers of the case who read (GET) or write (POST) the channel (SPEC §10); other readers → 403;
 * - `pathHandler`: handlers of the `{path}` named; other roles → 403; not a path → 404;
 * - `action`: per SPEC §4 (ACTION_RULES), for readers of the case;
 * - random inspections (SPEC §13), each behind its `roles` (any other recognised role → 403) —
 *   `inspectionPlan`: the supervisor, or a lead officer of the body's agency; other callers of the roles → 403;
 *   `inspectionRead`: readers of the round (the supervisor, officers of its agency); anyone else → 404;
 *   `inspectionDraw`: readers of the round who lead its agency's inspections; other readers → 403; for those
 *   who may draw, a round drawn already → 409, then a public value without the plan's count of numbers → 400;
 *   `inspectionResult`: readers of the round drawn for the target (or the supervisor); other readers → 403.
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'anyRole' }
  | { kind: 'caseReader' }
  | { kind: 'caseHandler' }
  | { kind: 'caseStaff' }
  | { kind: 'caseMessages' }
  | { kind: 'pathHandler' }
  | { kind: 'action' }
  | { kind: 'inspectionPlan'; roles: readonly Role[] }
  | { kind: 'inspectionRead'; roles: readonly Role[] }
  | { kind: 'inspectionDraw'; roles: readonly Role[] }
  | { kind: 'inspectionResult'; roles: readonly Role[] };

/** The roles a route lets past its role check (other recognised roles: 403), or null when every role passes it. */
export function gateRoles(access: RouteAccess | undefined): readonly Role[] | null {
  return access && 'roles' in access ? access.roles : null;
}

const HANDLER_ROLES: readonly Role[] = [...new Set(PATHS.map((p) => HANDLER_ROLE_OF_PATH[p]))];

/** SPEC §13: who takes part in random inspections at all. */
const INSPECTION_ROLES: readonly Role[] = ['supervisor', 'officer'];

/** SPEC §9's route table. Routes not (yet) in the topology are simply not checked. */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /health': { kind: 'public' },
  'GET /openapi.json': { kind: 'public' },
  'POST /complaints': { kind: 'roles', roles: ['rights_holder'] },
  'GET /cases/{caseId}': { kind: 'caseReader' },
  'GET /cases': { kind: 'anyRole' },
  'GET /cases/{caseId}/timeline': { kind: 'caseReader' },
  'GET /cases/{caseId}/integrity': { kind: 'caseReader' },
  'GET /work-queues/{path}': { kind: 'pathHandler' },
  'POST /cases/{caseId}/claim': { kind: 'caseHandler' },
  'POST /cases/{caseId}/actions': { kind: 'action' },
  'GET /respondents/{creditCode}': { kind: 'roles', roles: [...HANDLER_ROLES, 'court', 'procuratorate', 'police', 'supervisor'] },
  'GET /stats': { kind: 'roles', roles: ['supervisor', 'court', 'procuratorate'] },
  'GET /dead-letters': { kind: 'roles', roles: ['supervisor'] },
  'POST /dead-letters/redrive': { kind: 'roles', roles: ['supervisor'] },
  'GET /cases/{caseId}/notifications': { kind: 'caseStaff' },
  'GET /me/notice-settings': { kind: 'anyRole' },
  'PUT /me/notice-settings': { kind: 'anyRole' },
  'POST /invitations/accept': { kind: 'roles', roles: ['respondent'] },
  'GET /cases/{caseId}/messages': { kind: 'caseMessages' },
  'POST /cases/{caseId}/messages': { kind: 'caseMessages' },
  // Offline intake (线上线下): staff enter a complaint on the complainant's behalf; the complainant takes it over.
  'POST /complaints/offline': { kind: 'roles', roles: ['supervisor', ...HANDLER_ROLES] },
  'POST /cases/takeover': { kind: 'roles', roles: ['rights_holder'] },
  // The working-day calendar as data (SPEC §6 v2): the supervisor only.
  'GET /calendar/{year}': { kind: 'roles', roles: ['supervisor'] },
  'PUT /calendar/{year}': { kind: 'roles', roles: ['supervisor'] },
  // Administrative enforcement (SPEC §12): officers open cases on their own leads; the public register.
  'POST /cases': { kind: 'roles', roles: ['officer'] },
  'GET /public/decisions': { kind: 'public' },
  // The credit list (SPEC §12): officers and the supervisor read it, officers nominate, the supervisor
  // reviews, the agencies of joint punishment export it; anyone reads the listings in force.
  'GET /credit-list': { kind: 'roles', roles: ['supervisor', 'officer'] },
  'GET /credit-list/{creditCode}': { kind: 'roles', roles: ['supervisor', 'officer'] },
  'POST /credit-list/nominations': { kind: 'roles', roles: ['officer'] },
  'POST /credit-list/{creditCode}/actions': { kind: 'roles', roles: ['supervisor'] },
  'GET /credit-list/export': { kind: 'roles', roles: ['supervisor', 'officer', 'court', 'procuratorate', 'police'] },
  'GET /public/credit-list': { kind: 'public' },
  // Random inspections (SPEC §13): the supervisor and the agencies' officers — planning and drawing the
  // supervisor and an agency's lead officers, results the supervisor and the inspectors drawn for the
  // target; a round of another agency does not exist for an officer. Anyone reads the public record.
  'POST /inspections': { kind: 'inspectionPlan', roles: INSPECTION_ROLES },
  'GET /inspections': { kind: 'roles', roles: INSPECTION_ROLES },
  'GET /inspections/{inspectionId}': { kind: 'inspectionRead', roles: INSPECTION_ROLES },
  'POST /inspections/{inspectionId}/draw': { kind: 'inspectionDraw', roles: INSPECTION_ROLES },
  'POST /inspections/{inspectionId}/results': { kind: 'inspectionResult', roles: INSPECTION_ROLES },
  'GET /public/inspections': { kind: 'public' },
  'GET /public/inspections/{inspectionId}': { kind: 'public' },
};

// ---------------------------------------------------------------------------------------------
// Callers

/** A caller in the matrix: a token with `role` (null: no token at all) and `sub`. */
export interface Persona {
  /** Stable name within a set, e.g. `mediator-A`. */
  name: string;
  /** A recognised role, an unrecognised group name, or null for no token. */
  role: string | null;
  sub: string;
  /** An officer's agency group (SPEC §12); none: market regulation. */
  agency?: Agency;
  /** An officer in the lead officers' group (SPEC §13: plans and draws its agency's random inspections). */
  lead?: boolean;
}

export const NO_ROLE = 'visitor';

export function isRole(role: string | null): role is Role {
  return role !== null && (ROLES as readonly string[]).includes(role);
}

export function callerOf(persona: Persona): Caller | null {
  if (!isRole(persona.role)) return null;
  return {
    role: persona.role,
    sub: persona.sub,
    ...(persona.agency ? { agency: persona.agency } : {}),
    ...(persona.lead && persona.role === 'officer' ? { lead: true } : {}),
  };
}

/** The groups claim of a persona's token: its role, its agency's group, and the lead officers' group. */
export function tokenGroups(persona: Persona): string[] {
  if (persona.role === null) return [];
  return [persona.role, ...(persona.agency ? [`${AGENCY_GROUP_PREFIX}${persona.agency}`] : []), ...(persona.lead ? [LEAD_GROUP] : [])];
}

/**
 * One of each kind of caller, with subs unique to `scope` (each scope's callers have buckets of
 * their own under the per-caller rate limit): the owner (`holder`) and another rights holder; for
 * every handler role a handler `A` (the one who claims the scope's case) and a handler `B` (never
 * assigned) — officers `A` of market regulation by its agency group, `B` without one (the same
 * agency), and `C` of culture and tourism (SPEC §12); court, procuratorate, police, supervisor; the respondent (who joins the scope's case where it is
 * invited) and another respondent user (who never joins); a user with no recognised role; no token.
 */
export function personas(scope: string): Persona[] {
  const list: Persona[] = [
    { name: 'holder', role: 'rights_holder', sub: `${scope}:holder` },
    { name: 'holder-2', role: 'rights_holder', sub: `${scope}:holder-2` },
  ];
  for (const role of HANDLER_ROLES) {
    list.push(
      { name: `${role}-A`, role, sub: `${scope}:${role}-A`, ...(role === 'officer' ? { agency: 'market_regulation' as const } : {}) },
      { name: `${role}-B`, role, sub: `${scope}:${role}-B` },
    );
  }
  list.push({ name: 'officer-C', role: 'officer', sub: `${scope}:officer-C`, agency: 'culture_tourism' });
  for (const role of ['court', 'procuratorate', 'police', 'supervisor'] as const) list.push({ name: role, role, sub: `${scope}:${role}` });
  list.push(
    { name: 'respondent', role: 'respondent', sub: `${scope}:respondent` },
    { name: 'respondent-2', role: 'respondent', sub: `${scope}:respondent-2` },
  );
  list.push({ name: 'no-role', role: NO_ROLE, sub: `${scope}:visitor` }, { name: 'anonymous', role: null, sub: `${scope}:anonymous` });
  return list;
}

/**
 * The callers of `personas`, and a lead officer (SPEC §13: in the lead officers' group, it plans and
 * draws its agency's random inspections) of each of market regulation and culture and tourism.
 */
export function inspectionPersonas(scope: string): Persona[] {
  const list = personas(scope);
  const at = list.findIndex((p) => p.name === 'officer-C') + 1;
  list.splice(
    at,
    0,
    { name: 'officer-lead', role: 'officer', sub: `${scope}:officer-lead`, agency: 'market_regulation', lead: true },
    { name: 'officer-C-lead', role: 'officer', sub: `${scope}:officer-C-lead`, agency: 'culture_tourism', lead: true },
  );
  return list;
}

export function persona(list: Persona[], name: string): Persona {
  const found = list.find((p) => p.name === name);
  if (!found) throw new Error(`no persona ${name}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// The case as the oracle sees it

/** What the policy reads of a case; kept up to date from the cases the API answers. */
export interface CaseModel {
  caseId: string;
  caseNumber: string;
  ownerSub: string;
  path: CasePath | null;
  status: CaseStatus;
  stage: string | null;
  outcome: Record<string, unknown> | null;
  assignee: string | null;
  version: number;
  /** The respondent user who joined (the answers say when, not who: the test knows who). */
  respondentParty: { sub: string; joinedAt: string } | null;
  /** The agreement as answered (hash, signatures, applications). */
  agreement: Record<string, any> | null;
  /** v2 (SPEC §4): the clock and the extension request as answered (a guard reads them). */
  deadline?: Record<string, any> | null;
  extensionRequest?: Record<string, any> | null;
  /** v2 (SPEC §12): the agency (and matter) of an enforcement case, as answered. */
  enforcement?: Case['enforcement'];
}

/**
 * The model after an answer carrying the whole case (GET /cases/{id}, claim, actions). The answer
 * says whether a respondent joined; `respondentSub` says who (the one the test joined).
 */
export function modelFrom(ownerSub: string, body: Record<string, any>, respondentSub?: string): CaseModel {
  return {
    caseId: body.caseId,
    caseNumber: body.caseNumber,
    ownerSub,
    path: body.path,
    status: body.status,
    stage: body.stage,
    outcome: body.outcome,
    assignee: body.assignee,
    version: body.version,
    respondentParty: body.respondentParty ? { sub: respondentSub ?? 'unknown respondent', joinedAt: body.respondentParty.joinedAt } : null,
    agreement: body.agreement ?? null,
    deadline: body.deadline ?? null,
    extensionRequest: body.extensionRequest ?? null,
    enforcement: body.enforcement ?? null,
  };
}

/** The domain functions read only the fields the model has. */
const asCase = (c: CaseModel): Case => c as unknown as Case;

/** The caller's relationship to the case, as the matrix reports it. */
export function relationship(p: Persona, c: CaseModel): string {
  if (p.role === null) return 'anonymous (no token)';
  if (!isRole(p.role)) return 'no recognised role';
  switch (p.role) {
    case 'rights_holder':
      return c.ownerSub === p.sub ? 'owner' : 'another rights holder';
    case 'respondent':
      return c.respondentParty?.sub === p.sub ? 'joined respondent' : 'respondent, not joined';
    case 'police':
      return canReadCase({ role: 'police', sub: p.sub }, c)
        ? 'police, case transferred to police'
        : 'police, case not transferred to police';
    case 'court':
    case 'procuratorate':
    case 'supervisor':
      return p.role;
    default:
      if (!isHandlerOfPath(callerOf(p)!, asCase(c)))
        return c.path !== null && HANDLER_ROLE_OF_PATH[c.path] === p.role ? 'officer of another agency' : 'handler of another path';
      return c.assignee === p.sub ? 'assigned handler' : 'unassigned handler of the path';
  }
}

/** SPEC §9: the personal ID number is shown in full to the owner and the assigned handler only. */
export function seesIdNumber(p: Persona, c: CaseModel): boolean {
  const caller = callerOf(p);
  return caller !== null && (isParty('owner', caller, asCase(c)) || isParty('handler', caller, asCase(c)));
}

/** `6109**********123X`: first four and last four characters around ten asterisks. */
export const MASKED_ID = /^\d{4}\*{10}\d{3}[\dX]$/;

/**
 * SPEC §2.1: a party's contact details (phone, e-mail, street address) in full only to the party
 * itself (the owner, for the complainant), the assigned handler and the supervisor.
 */
export function seesContact(p: Persona, c: CaseModel, party: 'complainant' | 'respondent'): boolean {
  const caller = callerOf(p);
  if (caller === null) return false;
  if (caller.role === 'supervisor' || isParty('handler', caller, asCase(c))) return true;
  return isParty(party === 'complainant' ? 'owner' : 'respondent', caller, asCase(c));
}

/** `139****0549`, `p***@example.cn`. */
export const MASKED_MOBILE = /^1\d{2}\*{4}\d{4}$/;
export const MASKED_EMAIL = /^[^@*]\*{3}@[^@]+$/;

/** SPEC §2.1: events a party (the rights holder, the respondent) gets only as stubs. */
export const INTERNAL_EVENT_TYPES = ['add_note', 'add_supervision_opinion'];
export const isPartyCaller = (p: Persona): boolean => p.role === 'rights_holder' || p.role === 'respondent';

/**
 * SPEC §2: a related case — a complaint's evidence-preservation case, or the case that opened it —
 * is named only to a caller who may read it; the owner and the read-all roles read both by
 * construction. Where a handler could read both cases the policy may still hold the id back, so
 * this is exact only for chains whose two cases no one handler reads (which the matrix checks).
 */
export function namesRelated(p: Persona, related: CaseModel): boolean {
  const caller = callerOf(p);
  return caller !== null && canReadCase(caller, related);
}

/** SPEC §2.1: court, procuratorate and supervisor get a respondent's every case; others those they may read. */
export function historyCases(p: Persona, cases: readonly CaseModel[]): { every: boolean; readable: CaseModel[] } {
  const caller = callerOf(p);
  const every = caller !== null && ['court', 'procuratorate', 'supervisor'].includes(caller.role);
  return { every, readable: caller === null ? [] : cases.filter((c) => canReadCase(caller, c)) };
}

// ---------------------------------------------------------------------------------------------
// Expected answers

export interface Expectation {
  /** The status the policy demands. */
  status: number;
  /** Why, for the failure message and the printed matrix. */
  because: string;
}

const ANONYMOUS: Expectation = { status: 401, because: 'no token' };
const NO_RECOGNISED_ROLE: Expectation = { status: 403, because: 'no recognised role' };

function identity(p: Persona): Expectation | Caller {
  if (p.role === null) return ANONYMOUS;
  const caller = callerOf(p);
  return caller ?? NO_RECOGNISED_ROLE;
}

const isExpectation = (x: Expectation | Caller): x is Expectation => 'status' in x;

/** GET /cases/{id}, /timeline, /integrity. */
export function expectRead(p: Persona, c: CaseModel | null): Expectation {
  const who = identity(p);
  if (isExpectation(who)) return who;
  if (!c || !canReadCase(who, c)) return { status: 404, because: c ? 'case unreadable to the caller' : 'no such case' };
  return { status: 200, because: 'reader of the case' };
}

/** POST /cases/{id}/claim. */
export function expectClaim(p: Persona, c: CaseModel | null): Expectation {
  const read = expectRead(p, c);
  if (read.status !== 200 || !c) return read;
  if (!isHandlerOfPath(callerOf(p)!, asCase(c))) return { status: 403, because: 'reader, not a handler of the path' };
  if (c.status !== 'queued') return { status: 409, because: `handler of the path, case ${c.status}` };
  return { status: 200, because: 'handler of the path, case queued' };
}

/** GET /cases/{id}/notifications: the case's path handlers and the supervisor, among its readers. */
export function expectNotices(p: Persona, c: CaseModel | null): Expectation {
  const read = expectRead(p, c);
  if (read.status !== 200 || !c) return read;
  if (p.role === 'supervisor') return { status: 200, because: 'the supervisor' };
  if (isHandlerOfPath(callerOf(p)!, asCase(c))) return { status: 200, because: 'handler of the path' };
  return { status: 403, because: 'reader, neither a handler of the path nor the supervisor' };
}

/**
 * GET /cases/{id}/messages (optionally of one channel) and POST in `channel` (SPEC §10): readers of
 * the case who read / write it; other readers 403; a final case takes no message (409).
 */
export function expectMessages(p: Persona, c: CaseModel | null, method: 'GET' | 'POST', channel?: MessageChannel): Expectation {
  const read = expectRead(p, c);
  if (read.status !== 200 || !c) return read;
  const caller = callerOf(p)!;
  const facts = asCase(c);
  if (method === 'GET') {
    const reads = channel ? mayReadChannel(caller, facts, channel) : readsMessages(caller, facts);
    return reads
      ? { status: 200, because: `reads ${channel ?? 'some channel'}` }
      : { status: 403, because: 'reader of the case, of no such channel' };
  }
  if (!mayPostToChannel(caller, facts, channel ?? 'open')) return { status: 403, because: `reader, may not write in ${channel}` };
  if (['resolved', 'rejected', 'withdrawn', 'transferred'].includes(c.status))
    return { status: 409, because: `writes in ${channel}, case ${c.status}` };
  return { status: 201, because: `writes in ${channel}` };
}

/** POST /cases/{id}/actions with `action` and a valid body carrying the current version. */
export function expectAction(p: Persona, c: CaseModel | null, action: ActionName): Expectation {
  const read = expectRead(p, c);
  if (read.status !== 200 || !c) return read;
  const rule = ACTION_RULES[action];
  const caller = callerOf(p)!;
  const parties = rule.who.filter((party: Party) => isParty(party, caller, asCase(c)));
  if (parties.length === 0) return { status: 403, because: `reader, not ${rule.who.join('/')}` };
  if (!allowedFrom(rule.from, asCase(c))) return { status: 409, because: `${parties.join('/')}, not from ${c.status}/${c.stage}` };
  const guard = SAMPLES[action].conflictsWhenAllowed;
  const conflict = typeof guard === 'function' ? guard(c, caller) : guard;
  if (conflict) return { status: 409, because: `${parties.join('/')}, ${conflict}` };
  return { status: 200, because: `${parties.join('/')}, from ${c.status}/${c.stage}` };
}

/** A route that names no case (list, work queue, respondent, stats, complaints, public ones). */
export function expectRoute(p: Persona, access: RouteAccess, params: { path?: string } = {}): Expectation {
  if (access.kind === 'public') return { status: 200, because: 'public route' };
  const who = identity(p);
  if (isExpectation(who)) return who;
  switch (access.kind) {
    case 'anyRole':
      return { status: 200, because: 'any role, scoped' };
    case 'roles':
      return access.roles.includes(who.role)
        ? { status: 200, because: `role ${who.role} may` }
        : { status: 403, because: `role ${who.role} may not` };
    case 'pathHandler': {
      const path = params.path ?? '';
      if (!(PATHS as readonly string[]).includes(path)) return { status: 404, because: 'not one of the paths' };
      return pathsHandledBy(who).includes(path as CasePath)
        ? { status: 200, because: 'handler of the path' }
        : { status: 403, because: 'not a handler of the path' };
    }
    default:
      throw new Error(`expectRoute: ${access.kind} routes name a case; use expectRead/expectClaim/expectAction`);
  }
}

// ---------------------------------------------------------------------------------------------
// Random inspection rounds (SPEC §13) as the oracle sees them

/** What the policy reads of a round; kept up to date from the rounds the API answers. */
export interface RoundModel {
  inspectionId: string;
  agency: Agency;
  status: InspectionStatus;
  /** The drawn targets and the inspectors drawn for each; null before the draw. */
  selected: { creditCode: string; name: string; inspectors: string[] }[] | null;
  /** The targets whose result is recorded. */
  recorded: string[];
  version: number;
}

/** The model after an answer carrying the whole round (POST /inspections, GET, draw, results). */
export function roundFrom(body: Record<string, any>): RoundModel {
  return {
    inspectionId: body.inspectionId,
    agency: body.agency,
    status: body.status,
    selected: body.draw
      ? body.draw.selected.map((t: any) => ({ creditCode: t.creditCode, name: t.name, inspectors: [...t.inspectors] }))
      : null,
    recorded: (body.results as { creditCode: string }[]).map((r) => r.creditCode),
    version: body.version,
  };
}

/** The domain functions read only the fields the model has. */
const asRound = (r: RoundModel): Inspection => r as unknown as Inspection;

/** The role check of an inspection route: who gets past it, as a caller, or the answer of those who do not. */
function inspectionGate(p: Persona, routeKey: string): Expectation | Caller {
  const who = identity(p);
  if (isExpectation(who)) return who;
  const roles = gateRoles(ROUTE_ACCESS[routeKey]);
  if (roles && !roles.includes(who.role)) return { status: 403, because: `role ${who.role} takes no part in inspections` };
  return who;
}

/** The caller's relationship to a round (and, for a result, to its target), as the matrix reports it. */
export function roundRelationship(p: Persona, r: RoundModel, creditCode?: string): string {
  if (p.role === null) return 'anonymous (no token)';
  const caller = callerOf(p);
  if (!caller) return 'no recognised role';
  if (caller.role === 'supervisor') return 'supervisor';
  if (caller.role !== 'officer') return 'role without inspections';
  const target = creditCode === undefined ? undefined : r.selected?.find((t) => t.creditCode === creditCode);
  const drawn = target?.inspectors.includes(caller.sub) ?? false;
  if (!mayReadInspections(caller, r.agency))
    return `${caller.lead ? 'lead officer' : 'officer'} of another agency${drawn ? ', drawn for the target' : ''}`;
  if (target)
    return drawn ? 'inspector drawn for the target' : `${caller.lead ? 'lead officer' : 'officer'} of the agency, not drawn for the target`;
  return caller.lead ? 'lead officer of the agency' : 'officer of the agency';
}

/** POST /inspections with a valid plan for `agency`. */
export function expectPlan(p: Persona, agency: Agency): Expectation {
  const who = inspectionGate(p, 'POST /inspections');
  if (isExpectation(who)) return who;
  return mayLeadInspections(who, agency)
    ? { status: 201, because: `plans ${agency}'s rounds` }
    : { status: 403, because: `does not lead ${agency}'s inspections` };
}

/** GET /inspections/{id}. */
export function expectRoundRead(p: Persona, r: RoundModel | null): Expectation {
  const who = inspectionGate(p, 'GET /inspections/{inspectionId}');
  if (isExpectation(who)) return who;
  if (!r || !mayReadInspections(who, r.agency)) return { status: 404, because: r ? 'round of another agency' : 'no such round' };
  return { status: 200, because: 'reader of the round' };
}

/**
 * POST /inspections/{id}/draw with a well-formed body whose public value has (`fits`) or has not as
 * many numbers as the plan announced (`publicValueNumbers`): the count is the draw's to check, after
 * who may draw and whether the round is drawn already.
 */
export function expectDraw(p: Persona, r: RoundModel | null, publicValue: 'fits' | 'wrong count' = 'fits'): Expectation {
  const gate = inspectionGate(p, 'POST /inspections/{inspectionId}/draw');
  if (isExpectation(gate)) return gate;
  const read = expectRoundRead(p, r);
  if (read.status !== 200 || !r) return read;
  if (!mayLeadInspections(gate, r.agency)) return { status: 403, because: 'reader, does not lead the agency’s inspections' };
  if (r.status !== 'planned') return { status: 409, because: `leads, round ${r.status}` };
  if (publicValue === 'wrong count') return { status: 400, because: 'leads, round planned, a public value of another count (publicValue)' };
  return { status: 200, because: 'leads, round planned' };
}

/** POST /inspections/{id}/results with a valid result for `creditCode`. */
export function expectResult(p: Persona, r: RoundModel | null, creditCode: string): Expectation {
  const gate = inspectionGate(p, 'POST /inspections/{inspectionId}/results');
  if (isExpectation(gate)) return gate;
  const read = expectRoundRead(p, r);
  if (read.status !== 200 || !r) return read;
  if (r.status === 'planned' || !r.selected) return { status: 409, because: 'reader, round not drawn' };
  const target = r.selected.find((t) => t.creditCode === creditCode);
  if (!target) return { status: 400, because: 'reader, a target not drawn (creditCode)' };
  if (!mayRecordResult(gate, asRound(r), target)) return { status: 403, because: 'reader, not drawn for the target' };
  if (r.recorded.includes(creditCode)) return { status: 409, because: 'may record, recorded already' };
  return { status: 200, because: 'may record, not recorded yet' };
}

// ---------------------------------------------------------------------------------------------
// A valid body for every action (SPEC §4 fields). Typed by ActionName: a new action does not
// compile until it has a sample, so the matrix covers it.

export interface ActionSample {
  fields: (c: CaseModel, designatedHandler: string) => Record<string, unknown>;
  /**
   * Set when the sample is refused by the action's own guard even where the table allows the action
   * — deliberately (so the case keeps its relationships), or by the case's state beyond the table
   * (an agreement signed already): the reason, expected as a 409.
   */
  conflictsWhenAllowed?: string | ((c: CaseModel, caller: Caller) => string | undefined);
}

const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const REASON = { reason: '经审查，依据相关规定处理' };

export const SAMPLES: Record<ActionName, ActionSample> = {
  record_consent: { fields: () => ({ consented: true }) },
  schedule_session: { fields: () => ({ at: '2026-12-01T10:00:00+08:00', mode: 'online' }) },
  record_agreement: { fields: () => ({ terms: AGREEMENT_TERMS, amountCny: 50000, performBy: '2027-01-31' }) },
  record_failure: { fields: () => ({ reason: '双方分歧过大' }) },
  request_judicial_confirmation: {
    fields: () => ({}),
    // With the respondent online a party's request is half of a joint application (SPEC §10).
    conflictsWhenAllowed: (c, caller) => {
      const side = caller.role === 'rights_holder' ? 'complainant' : caller.role === 'respondent' ? 'respondent' : null;
      if (side === null || !c.respondentParty || !c.agreement) return undefined;
      const { signatures, applications } = c.agreement;
      if (!signatures.complainant || !signatures.respondent) return 'the agreement is not signed by both';
      return applications[side] ? 'applied already' : undefined;
    },
  },
  record_judicial_confirmation: { fields: () => ({ confirmed: true, rulingNumber: '（2026）陕09民特12号' }) },
  close: { fields: () => ({ reason: '调解结束' }) },
  // To the path the case is on: refused by the guard (escalation.same_path), so no case leaves its path.
  escalate: { fields: (c) => ({ toPath: c.path ?? 'mediation', ...REASON }), conflictsWhenAllowed: 'escalation to the same path' },
  transfer_to_litigation: { fields: () => ({ reason: '当事人选择诉讼' }) },
  accept: { fields: () => ({}) },
  reject: { fields: () => REASON },
  schedule_hearing: { fields: () => ({ at: '2026-12-20T09:30:00+08:00', location: '安康仲裁委员会第一仲裁庭' }) },
  issue_award: {
    fields: () => ({ awardNumber: '（2026）安仲裁字第7号', summary: '被申请人赔偿八万元', infringementFound: true, amountCny: 80000 }),
  },
  record_preservation: { fields: () => ({ method: '网页取证并封存', evidenceSha256: [SHA] }) },
  issue_certificate: { fields: () => ({ certificateNumber: '（2026）陕安证字第101号' }) },
  accept_filing: { fields: () => ({}) },
  reject_filing: { fields: () => REASON },
  issue_decision: {
    fields: () => ({ decisionNumber: '陕安知裁字〔2026〕1号', infringementEstablished: true, orders: ['立即停止销售侵权产品'] }),
  },
  transfer_to_police: { fields: () => ({ reason: '涉嫌假冒专利罪' }) },
  record_police_decision: { fields: () => ({ accepted: true }) },
  withdraw: { fields: () => ({ reason: '双方已自行和解' }) },
  add_evidence: {
    fields: () => ({ evidence: [{ title: '补充购买凭证', sha256: 'a'.repeat(64), sizeBytes: 1024, mediaType: 'image/jpeg' }] }),
  },
  release: { fields: () => ({}) },
  // To whoever holds it (or the scope's designated handler): the case keeps its assigned handler.
  reassign: { fields: (c, designated) => ({ assignee: c.assignee ?? designated }) },
  add_note: { fields: () => ({ text: '已阅，请依法处理' }) },
  add_supervision_opinion: { fields: () => ({ text: '程序合法，继续关注' }) },
  // SPEC §10
  invite_respondent: {
    fields: () => ({ contact: { email: 'another-address@respondent.example.cn' } }),
    conflictsWhenAllowed: (c) => (c.respondentParty ? 'the respondent has joined already' : undefined),
  },
  respond_consent: { fields: () => ({ consented: true }) },
  submit_statement: {
    fields: () => ({
      text: '涉案商品系合法进货',
      evidence: [{ title: '进货凭证', sha256: SHA, sizeBytes: 10, mediaType: 'application/pdf' }],
    }),
  },
  counter_notice: { fields: () => ({ text: '涉案链接商品不构成侵权' }) },
  consent_extension: { fields: () => ({}) },
  sign_agreement: {
    fields: (c) => ({ termsSha256: c.agreement?.['termsSha256'] ?? termsSha256(AGREEMENT_TERMS) }),
    conflictsWhenAllowed: (c, caller) => {
      if (!c.agreement) return 'no agreement recorded online';
      return c.agreement['signatures'][caller.role === 'rights_holder' ? 'complainant' : 'respondent'] ? 'signed already' : undefined;
    },
  },
  record_offline_signature: {
    fields: () => ({ party: 'respondent', reference: '纸质签署件 第 3 号' }),
    conflictsWhenAllowed: (c) =>
      !c.agreement ? 'no agreement recorded online' : c.agreement['signatures'].respondent ? 'signed already' : undefined,
  },
  // Version 2 (SPEC §4). The samples keep each case's relationships: the guards refuse where noted.
  extend_mediation: {
    // The handler states the respondent's consent only while it is not online (stated then, it is a 400 on the field).
    fields: (c) => ({
      days: 5,
      reason: '双方同意延长调解',
      complainantConsent: true,
      ...(c.respondentParty ? {} : { respondentConsent: true }),
    }),
    conflictsWhenAllowed: (c) =>
      c.respondentParty ? 'the respondent has not consented itself' : c.deadline?.['extended'] ? 'extended already' : undefined,
  },
  request_extension: {
    fields: () => ({ reason: '案情复杂需技术鉴定', days: 10 }),
    conflictsWhenAllowed: (c) => (c.extensionRequest ? 'requested already' : undefined),
  },
  approve_extension: {
    fields: () => ({}),
    conflictsWhenAllowed: (c) => (c.extensionRequest?.['status'] !== 'pending' ? 'no request pending' : undefined),
  },
  deny_extension: {
    fields: () => ({}),
    conflictsWhenAllowed: (c) => (c.extensionRequest?.['status'] !== 'pending' ? 'no request pending' : undefined),
  },
  resume: { fields: () => ({ reason: '公安机关不予立案' }) },
  issue_supervision_order: { fields: () => ({ text: '请于期限内办结并报告', dueAt: '2027-06-30T17:00:00+08:00' }) },
  // Names no order of the case: refused by its guard wherever the table allows it.
  reply_supervision_order: { fields: () => ({ text: '已办理', orderSeq: 9999 }), conflictsWhenAllowed: 'names no order of the case' },
  reply_supervision_opinion: { fields: () => ({ text: '已答复', opinionSeq: 9999 }), conflictsWhenAllowed: 'names no opinion of the case' },
  // Administrative enforcement (SPEC §12).
  record_inspection: {
    fields: () => ({
      at: '2026-12-03T10:00:00+08:00',
      location: '安康市汉滨区某印刷厂',
      findings: '现场查见涉嫌侵权印刷品',
      officers: ['officer-1', 'officer-2'],
      evidenceSha256: [SHA],
    }),
  },
  issue_penalty: {
    fields: () => ({ decisionNumber: '安文旅罚〔2026〕3号', violation: '未经许可复制发行他人作品', fineCny: 20000, orders: ['停止侵权'] }),
  },
  close_no_violation: { fields: () => REASON },
  pause_clock: {
    fields: () => ({ reason: '送检鉴定' }),
    conflictsWhenAllowed: (c) => (c.deadline?.['paused'] ? 'paused already' : !c.deadline ? 'no clock' : undefined),
  },
  resume_clock: { fields: () => ({}), conflictsWhenAllowed: (c) => (!c.deadline?.['paused'] ? 'the clock is not paused' : undefined) },
};

/** The terms the sample agreement records. */
const AGREEMENT_TERMS = '被申请人停止销售并赔偿五万元';

export const ACTION_NAMES = Object.keys(ACTION_RULES) as ActionName[];

/**
 * The order actions are tried on a case: those that would move the case away from its path, its
 * assigned handler or its police transfer come first (while the state refuses them) — `release`
 * is followed at once by `reassign`, which gives the case back to its handler — then `add_evidence`
 * and the respondent's statements (open cases only) before the path's own steps close the case, and
 * `withdraw` last, so the other actions get their chance before the owner ends the case. Within the
 * path's steps, the signatures follow the agreement (before the request for confirmation) and the
 * invitation follows the filing (adjudication invites from `filed`).
 */
export function actionOrder(first: readonly ActionName[] = []): ActionName[] {
  const lead: ActionName[] = [
    ...first,
    'transfer_to_police',
    'transfer_to_litigation',
    'escalate',
    'release',
    'reassign',
    'add_evidence',
    'submit_statement',
    'counter_notice',
  ];
  const last: ActionName[] = ['withdraw'];
  const after: [ActionName[], ActionName][] = [
    [['sign_agreement', 'record_offline_signature'], 'record_agreement'],
    [['consent_extension'], 'schedule_session'],
    [['invite_respondent'], 'accept_filing'],
    // Version 2 (SPEC §4): an extension while the mediation or the decision clock still runs.
    [['extend_mediation'], 'schedule_session'],
    [['request_extension', 'approve_extension', 'deny_extension'], 'accept_filing'],
    // Enforcement (SPEC §12): the clock paused and resumed, and an inspection, before the penalty closes the case.
    [['pause_clock', 'resume_clock', 'record_inspection'], 'accept_filing'],
  ];
  const placed = new Set([...lead, ...last, ...after.flatMap(([moved]) => moved)]);
  const order = ACTION_NAMES.filter((a) => !placed.has(a));
  for (const [moved, anchor] of after) order.splice(order.indexOf(anchor) + 1, 0, ...moved.filter((a) => !first.includes(a)));
  return [...new Set([...lead, ...order, ...last])];
}

/** One action per distinct `who` of the table (e.g. add_note, withdraw, record_police_decision…). */
export function representativeActions(): ActionName[] {
  const seen = new Map<string, ActionName>();
  for (const action of ACTION_NAMES) {
    const key = [...ACTION_RULES[action].who].sort().join('+');
    if (!seen.has(key)) seen.set(key, action);
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// Pacing under the edge's rate limits

interface Limit {
  ratePerSecond: number;
  burst: number;
}

/** The edge's limits (infra/topology.ts `limits`), if the topology declares them. */
function edgeLimits(): { perCaller?: Limit; stage?: Limit; routes: Record<string, Limit> } {
  const limits = (topology as Record<string, unknown>)['limits'] as
    | { perCaller?: Limit; stage?: Limit; routes?: Record<string, Limit> }
    | undefined;
  return { perCaller: limits?.perCaller, stage: limits?.stage, routes: limits?.routes ?? {} };
}

/**
 * Waits before a request so that no caller, route or the whole stage goes over `share` of its
 * sustained limit (bursts are not relied on). The caller's key is what the edge counts: the verified
 * sub, the source address (`'ip'`) on public routes, or null when the edge answers before counting
 * (no valid token on an authorized route: 401 comes first).
 */
export function pacer(share = 0.6) {
  const limits = edgeLimits();
  const next = new Map<string, number>();
  async function slot(key: string, limit: Limit | undefined): Promise<void> {
    if (!limit || limit.ratePerSecond <= 0) return;
    const interval = 1000 / (limit.ratePerSecond * share);
    const now = Date.now();
    const at = Math.max(now, next.get(key) ?? 0);
    next.set(key, at + interval);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
  return {
    async wait(callerKey: string | null, routeKey: string): Promise<void> {
      await slot('stage', limits.stage);
      await slot(`route:${routeKey}`, limits.routes[routeKey]);
      if (callerKey !== null) await slot(`caller:${callerKey}`, limits.perCaller);
    },
    /** The key the edge counts a request under (see above). */
    keyOf(route: Pick<HttpRoute, 'authorized'>, sub: string | null): string | null {
      return route.authorized ? sub : 'ip';
    },
    limits,
  };
}
