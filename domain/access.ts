// Who may read what, in one place (SPEC §2, §2.1, §9): which cases a caller reads (as data, so a
// list query and a single read apply the same rule), who sees personal data unmasked, which other
// cases (a duplicate, a related case) an answer may name, which timeline events a reader gets only
// as stubs, how much of a respondent's history a reader gets, and which roles may call the
// role-gated routes. What a caller may *do* is the action table
// (action-rules.ts); the relationships it names — owner, handler of the path, assigned handler —
// are defined here once. A case a caller may not read does not exist for it: 404, never 403.
//
// Pure and free of Node built-ins: the browser pages read their role lists from here too.

import {
  ownedByNobody,
  HANDLER_ROLE_OF_PATH,
  PATHS,
  type Case,
  type CaseFlags,
  type CasePath,
  type PartySide,
  type Role,
} from './model.ts';
import { agencyOfCase, DEFAULT_OFFICER_AGENCY, pathsOfAgency, type Agency } from './agencies.ts';

export interface Caller {
  role: Role;
  sub: string;
  /** An officer's enforcement agency (SPEC §12), from its token; absent: market regulation. Ignored for other roles. */
  agency?: Agency;
  /** An officer who leads its agency's random inspections (SPEC §13): may plan and draw them. From the group `agency_lead`. */
  lead?: boolean;
}

/** The agency an officer works for (the v1 meaning of an officer without one: market regulation). */
export const officerAgency = (caller: Pick<Caller, 'agency'>): Agency => caller.agency ?? DEFAULT_OFFICER_AGENCY;

// ---------------------------------------------------------------------------------------------
// Relationships

/** Roles that read every case, and every case of a respondent's history. */
export const READS_ALL: readonly Role[] = ['court', 'procuratorate', 'supervisor'];

export const HANDLER_ROLES: readonly Role[] = [...new Set(PATHS.map((p) => HANDLER_ROLE_OF_PATH[p]))];

/** The parties to a dispute: they get internal events as stubs. */
export const PARTY_ROLES: readonly Role[] = ['rights_holder', 'respondent'];

/**
 * The paths whose work queues a caller works: a handler role's path; an officer's, by its agency —
 * adjudication (market regulation only) and enforcement (SPEC §12). None for other roles.
 */
export function pathsHandledBy(caller: Pick<Caller, 'role' | 'agency'>): CasePath[] {
  if (caller.role === 'officer') return pathsOfAgency(officerAgency(caller));
  return PATHS.filter((p) => HANDLER_ROLE_OF_PATH[p] === caller.role);
}

export function isOwner(caller: Caller, c: Pick<Case, 'ownerSub'>): boolean {
  // A case entered offline and not yet taken over, or opened by an officer, is nobody's own, whatever sub a token carries.
  return caller.role === 'rights_holder' && c.ownerSub === caller.sub && !ownedByNobody(c);
}

/** The respondent user who joined the case with its invitation code (SPEC §10). */
export function isJoinedRespondent(caller: Caller, c: Pick<Case, 'respondentParty'>): boolean {
  return caller.role === 'respondent' && c.respondentParty?.sub === caller.sub;
}

/** Which party of the case the caller is, if any. */
export function partySide(caller: Caller, c: Pick<Case, 'ownerSub' | 'respondentParty'>): PartySide | null {
  if (isOwner(caller, c)) return 'complainant';
  if (isJoinedRespondent(caller, c)) return 'respondent';
  return null;
}

/** A handler of the case's current path, assigned or not — for an officer, of the case's agency too (SPEC §12). */
export function isHandlerOfPath(caller: Caller, c: Pick<Case, 'path' | 'enforcement'>): boolean {
  if (c.path === null || HANDLER_ROLE_OF_PATH[c.path] !== caller.role) return false;
  return caller.role !== 'officer' || agencyOfCase(c) === officerAgency(caller);
}

/**
 * The handler assigned to the case on its current path — by role as well as sub, since a
 * supervisor may name any sub as assignee.
 */
export function isAssignedHandler(caller: Caller, c: Pick<Case, 'path' | 'assignee' | 'enforcement'>): boolean {
  return isHandlerOfPath(caller, c) && c.assignee === caller.sub;
}

export function transferredToPolice(c: Pick<Case, 'status' | 'outcome'>): boolean {
  return c.status === 'transferred' && c.outcome?.['transferredTo'] === 'police';
}

// ---------------------------------------------------------------------------------------------
// Which cases a caller reads

/** What the read rule looks at of a case. */
export type ReadFacts = Pick<Case, 'ownerSub' | 'path' | 'status' | 'outcome' | 'respondentParty' | 'enforcement'>;

/** `agency`: the agency whose officers work the case on its current path (`agencyOfCase`). */
export type ScopeField = 'owner' | 'respondentParty' | 'path' | 'status' | 'transferredTo' | 'agency';

export interface ScopeCondition {
  field: ScopeField;
  value: string;
}

/** Matches no case: no case is on a path named by the empty string. */
const NO_PATH = '';

/**
 * The cases a caller may read, as equality conditions a case must all meet (none: every case).
 * Lists turn them into index queries; `canReadCase` checks them on one case.
 */
export function readScope(caller: Caller): ScopeCondition[] {
  if (READS_ALL.includes(caller.role)) return [];
  if (caller.role === 'rights_holder') return [{ field: 'owner', value: caller.sub }];
  // A respondent reads the cases it joined, nothing else (SPEC §10).
  if (caller.role === 'respondent') return [{ field: 'respondentParty', value: caller.sub }];
  if (caller.role === 'police') {
    return [
      { field: 'status', value: 'transferred' },
      { field: 'transferredTo', value: 'police' },
    ];
  }
  // Officers read their agency's cases: adjudication (market regulation) and enforcement (SPEC §12).
  if (caller.role === 'officer') return [{ field: 'agency', value: officerAgency(caller) }];
  return [{ field: 'path', value: pathsHandledBy(caller)[0] ?? NO_PATH }];
}

export function scopeValue(c: ReadFacts, field: ScopeField): unknown {
  switch (field) {
    case 'owner':
      // Offline intake: the placeholder owner is nobody (see isOwner).
      return ownedByNobody(c) ? undefined : c.ownerSub;
    case 'respondentParty':
      return c.respondentParty?.sub;
    case 'path':
      return c.path;
    case 'status':
      return c.status;
    case 'transferredTo':
      return c.outcome?.['transferredTo'];
    case 'agency':
      return agencyOfCase(c) ?? undefined;
  }
}

export function canReadCase(caller: Caller, c: ReadFacts): boolean {
  return readScope(caller).every((condition) => scopeValue(c, condition.field) === condition.value);
}

// ---------------------------------------------------------------------------------------------
// Personal data (SPEC §2.1, §9)

/** What the personal-data rules look at of a case. */
type PersonalFacts = Pick<Case, 'ownerSub' | 'assignee' | 'path' | 'respondentParty' | 'enforcement'>;

/** Resident ID numbers: the owner and the assigned handler only. */
export function seesPersonalIds(caller: Caller, c: PersonalFacts): boolean {
  return isOwner(caller, c) || isAssignedHandler(caller, c);
}

/** Whose contact details (phone, e-mail, street address) are shown. */
export type ContactParty = 'complainant' | 'respondent';

/**
 * Contact details in full: the party itself (the owner for the complainant, the joined respondent
 * for the respondent), the assigned handler and the supervisor. Everyone else — the other party
 * included — gets them masked.
 */
export function seesContactDetails(caller: Caller, c: PersonalFacts, party: ContactParty): boolean {
  if (caller.role === 'supervisor' || isAssignedHandler(caller, c)) return true;
  return partySide(caller, c) === party;
}

// ---------------------------------------------------------------------------------------------
// The duplicate flag

/**
 * Whether the caller may read the case the duplicate flag names. A rights holder may read it only
 * if it is its own, which the owner stored with the flag tells (unknown: no). A handler's or the
 * police's right depends on where the other case is now, so they need it loaded (`other`).
 */
export function mayReadDuplicate(caller: Caller, flags: CaseFlags, other?: ReadFacts | null): boolean {
  if (!flags.possibleDuplicateOf) return false;
  if (READS_ALL.includes(caller.role)) return true;
  if (caller.role === 'rights_holder') return flags.possibleDuplicateOwnerSub === caller.sub;
  return other !== undefined && other !== null && canReadCase(caller, other);
}

/** Whether `mayReadDuplicate` needs the other case itself for this caller. */
export function duplicateNeedsOtherCase(caller: Caller, flags: CaseFlags): boolean {
  return flags.possibleDuplicateOf !== null && !READS_ALL.includes(caller.role) && caller.role !== 'rights_holder';
}

// ---------------------------------------------------------------------------------------------
// Related cases: a complaint's evidence-preservation case and the case that opened it

/** Which side of the link an id names: the case that opened this one, or a case this one opened. */
export type Relation = 'parent' | 'linked';

/** The path an evidence-preservation case is opened on (its complaint asks for it, and no triage rule overrides that). */
export const PRESERVATION_PATH: CasePath = 'notarization';

/**
 * Whether a reader of a case is given the ids of its related cases (`parentCaseId`,
 * `linkedCaseIds`, and the events naming them). Among rights holders only the owner reads a case,
 * and it owns the related cases too; the read-all roles read them as well.
 *
 * For handlers and the police one rule holds for every answer, decided without reading the related
 * case: the lists and work queues would otherwise spend a read per listed case, and GET /cases/{id},
 * claims and actions must not name what the list entry of the same case hides.
 * - A preservation case is on the notaries' path and stays there: its complaint asks for
 *   notarization, which triage always grants, and a notarization case is never escalated or
 *   transferred to the police. So a notary is given it — also in the moment between its parent's
 *   triage and its own, when it is not on the path yet but can be routed nowhere else.
 * - The case that opened it may be on any path and may move (escalation, transfer to the police):
 *   whether a handler or the police reads it now would need a read. They are never given it, not
 *   even when it happens to be on their own path, and a preservation case only if they are notaries.
 */
export function namesRelatedCase(caller: Caller, relation: Relation): boolean {
  if (READS_ALL.includes(caller.role) || caller.role === 'rights_holder') return true;
  return relation === 'linked' && caller.role === HANDLER_ROLE_OF_PATH[PRESERVATION_PATH];
}

/** Fields of event data that name a related case (the `submitted` of a preservation case, `evidence_preservation_case_opened`). */
const RELATED_CASE_FIELDS: Readonly<Record<string, Relation>> = { parentCaseId: 'parent', linkedCaseId: 'linked' };

// ---------------------------------------------------------------------------------------------
// Timeline events

/** Events meant for the agencies, not the parties (SPEC §2.1): notes, supervision opinions and orders, their replies and clocks. */
export const INTERNAL_EVENT_TYPES: readonly string[] = [
  'add_note',
  'add_supervision_opinion',
  'issue_supervision_order',
  'reply_supervision_order',
  'reply_supervision_opinion',
  'supervision_overdue',
];

/** Whether the reader is given a case's supervision clocks (SPEC §2.1): staff yes, the parties no. */
export function seesSupervision(caller: Caller): boolean {
  return !PARTY_ROLES.includes(caller.role);
}

// ---------------------------------------------------------------------------------------------
// Case messages (SPEC §10)

export const MESSAGE_CHANNELS = ['open', 'caucus_complainant', 'caucus_respondent'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** The timeline event a message is. */
export const MESSAGE_EVENT = 'message_posted';

/**
 * Who reads a channel: the read-all roles and the handlers of the case's path read every channel;
 * a party reads the open channel and its own caucus (背对背), never the other side's; any other
 * reader of the case (the police) reads none.
 */
export function mayReadChannel(caller: Caller, c: ReadFacts, channel: MessageChannel): boolean {
  if (READS_ALL.includes(caller.role) || isHandlerOfPath(caller, c)) return true;
  const side = partySide(caller, c);
  return side !== null && (channel === 'open' || channel === `caucus_${side}`);
}

/** Who writes in a channel: the assigned handler in every one, a party in those it reads. */
export function mayPostToChannel(caller: Caller, c: ReadFacts & Pick<Case, 'assignee'>, channel: MessageChannel): boolean {
  if (isAssignedHandler(caller, c)) return true;
  return partySide(caller, c) !== null && mayReadChannel(caller, c, channel);
}

/** Whether the caller reads any channel of the case (GET /cases/{id}/messages: 403 for a reader who reads none). */
export function readsMessages(caller: Caller, c: ReadFacts): boolean {
  return MESSAGE_CHANNELS.some((channel) => mayReadChannel(caller, c, channel));
}

const isChannel = (value: unknown): value is MessageChannel => (MESSAGE_CHANNELS as readonly unknown[]).includes(value);

/**
 * How a reader of the case gets one of its events: in full, or as a stub (seq, at, type
 * "internal", prevHash, hash) that keeps the chain verifiable. Parties get internal events as
 * stubs; a message is a stub to whoever does not read its channel; anyone gets as a stub an event naming a related case it is not given (`namesRelatedCase`)
 * or a duplicate it may not read (events stored before triage stopped writing the duplicate's id
 * into them). `duplicate` as for `mayReadDuplicate`.
 */
export function eventShownAs(
  caller: Caller,
  event: { type: string; data: Record<string, unknown> },
  c: ReadFacts & Pick<Case, 'flags'>,
  duplicate?: ReadFacts | null,
): 'full' | 'stub' {
  const { flags } = c;
  if (PARTY_ROLES.includes(caller.role) && INTERNAL_EVENT_TYPES.includes(event.type)) return 'stub';
  // A message is shown to the readers of its channel only (the other side's caucus is a stub).
  if (event.type === MESSAGE_EVENT) {
    const channel = event.data['channel'];
    return isChannel(channel) && mayReadChannel(caller, c, channel) ? 'full' : 'stub';
  }
  for (const [field, relation] of Object.entries(RELATED_CASE_FIELDS)) {
    if (typeof event.data[field] === 'string' && !namesRelatedCase(caller, relation)) return 'stub';
  }
  const named = event.data['possibleDuplicateOf'];
  if (typeof named !== 'string' || READS_ALL.includes(caller.role)) return 'full';
  return named === flags.possibleDuplicateOf && mayReadDuplicate(caller, flags, duplicate) ? 'full' : 'stub';
}

// ---------------------------------------------------------------------------------------------
// A respondent's history (credit-system view)

/**
 * Every case of the respondent, or only those the caller may read — always with the counts of
 * all of them, which name no case.
 */
export function respondentHistoryScope(caller: Caller): 'every_case' | 'readable_cases' {
  return READS_ALL.includes(caller.role) ? 'every_case' : 'readable_cases';
}

// ---------------------------------------------------------------------------------------------
// Role-gated routes (SPEC §9 "who"); case routes are gated by `canReadCase` and the action table

export const ROUTE_ROLES = {
  'POST /complaints': ['rights_holder'],
  /** Each handler role reads its own path's queue only (`pathHandledBy`). */
  'GET /work-queues/{path}': HANDLER_ROLES,
  'GET /respondents/{creditCode}': [...HANDLER_ROLES, 'court', 'procuratorate', 'police', 'supervisor'],
  'GET /stats': ['supervisor', 'court', 'procuratorate'],
  'GET /dead-letters': ['supervisor'],
  'POST /dead-letters/redrive': ['supervisor'],
  /** A respondent joins a case with the code it was sent (SPEC §10). */
  'POST /invitations/accept': ['respondent'],
  /** Delivery of a case's notices (SPEC §11): its path's handlers (`mayReadNotices`) and the supervisor. */
  'GET /cases/{caseId}/notifications': [...HANDLER_ROLES, 'supervisor'],
  /** Offline intake (线上线下): staff register a complaint brought in on paper or at a workstation; the complainant takes it over with a code. */
  'POST /complaints/offline': ['supervisor', ...HANDLER_ROLES],
  'POST /cases/takeover': ['rights_holder'],
  /** The working-day calendar as data (SPEC §6 v2): the supervisor reads and replaces a year. */
  'GET /calendar/{year}': ['supervisor'],
  'PUT /calendar/{year}': ['supervisor'],
  /** An officer opens an enforcement case on its own lead (SPEC §12, 依职权立案). */
  'POST /cases': ['officer'],
  /** The credit list (SPEC §12): officers nominate, the supervisor reviews; the listed respondents are exported to other agencies. */
  'GET /credit-list': ['supervisor', 'officer'],
  'GET /credit-list/{creditCode}': ['supervisor', 'officer'],
  'POST /credit-list/nominations': ['officer'],
  'POST /credit-list/{creditCode}/actions': ['supervisor'],
  'GET /credit-list/export': ['supervisor', 'officer', 'court', 'procuratorate', 'police'],
  /**
   * Random inspections (SPEC §13): the supervisor, and an agency's officers for their agency's rounds —
   * planning and drawing only its lead officers (`mayLeadInspections`), results only the inspectors drawn.
   */
  'POST /inspections': ['supervisor', 'officer'],
  'GET /inspections': ['supervisor', 'officer'],
  'GET /inspections/{inspectionId}': ['supervisor', 'officer'],
  'POST /inspections/{inspectionId}/draw': ['supervisor', 'officer'],
  'POST /inspections/{inspectionId}/results': ['supervisor', 'officer'],
} as const satisfies Record<string, readonly Role[]>;

export type GatedRoute = keyof typeof ROUTE_ROLES;

export function mayCall(route: GatedRoute, role: Role): boolean {
  return (ROUTE_ROLES[route] as readonly Role[]).includes(role);
}

/** Whether the caller may read the case's notices and their delivery: the supervisor, and handlers of its path. */
export function mayReadNotices(caller: Caller, c: ReadFacts): boolean {
  if (!canReadCase(caller, c)) return false;
  return caller.role === 'supervisor' || isHandlerOfPath(caller, c);
}

/** Whether the caller reads an agency's inspection rounds: the supervisor all, an officer its own agency's. */
export function mayReadInspections(caller: Caller, agency: Agency): boolean {
  return caller.role === 'supervisor' || (caller.role === 'officer' && officerAgency(caller) === agency);
}

/** Whether the caller plans and draws an agency's rounds: the supervisor, or a lead officer of that agency. */
export function mayLeadInspections(caller: Caller, agency: Agency): boolean {
  return caller.role === 'supervisor' || (mayReadInspections(caller, agency) && caller.lead === true);
}

/** Readers whose cases reach beyond their own and their path's: they search the shared status. */
export const SEARCHING_ROLES: readonly Role[] = [...READS_ALL, 'police'];
