// The item model of the single table: every key, every index attribute and the mapping between
// items and the domain's Case and TimelineEvent. Nothing else spells an item's shape; the store
// (case-store.ts), the bench and the scripts go through here.
//
// Items (pk / sk):
//   CASE#<id> / CASE          the case's current state, small: index keys and list attributes ride on it
//   CASE#<id> / DETAIL        the complaint as filed (written again only when evidence is added)
//   CASE#<id> / EVENT#<seq>   one timeline event, append-only, hash-chained
//   CASE#<id> / INVITATION    the respondent's invitation: its code's keyed hash, where it was sent, failed tries
//   CASE#<id> / TAKEOVER      a case entered offline: the complainant's takeover code, kept as an invitation is
//   CASE#<id> / NOTICE#<seq>#<recipient>#<channel>   a notice of that event and its delivery (SPEC §11)
//   CONTACT#<sub> / CONTACT    a person's own contact and notice settings
//   CASENO#<number> / CASENO  a case number, taken once (also the number → case lookup)
//   COUNTER#caseNumber#<year> / COUNTER   the year's last case number
//   IDEM#<sub>#<route>#<key> / IDEM       an Idempotency-Key record (TTL)
//   FAILURE#<origin> / FAILURE            why a queue message failed (TTL), for the dead-letter view
//   STATS# / COUNTS#<shard>                statistics counters, sharded so writers rarely meet
//   STATS# / DAYS#<path>#<day>             resolved cases by days to resolution, in hundredths of a day
//   CALENDAR# / YEAR#<year>                a working-day calendar year the supervisor stored (SPEC §6 v2): holidays,
//                                          make-up days, source, version; one partition, so one Query reads them all
//   CALENDAR#<year> / EVENT#<seq>          that year's audited changes, hash-chained as a case's timeline is
//   PUBLIC#decisions / DECISION#<decidedAt>#<caseId>   a penalty decision's entry in the public register (SPEC §12):
//                                          the public fields only, written with the decision
//   CREDIT# / ENTRY#<creditCode>          a respondent's credit-list entry (SPEC §12): status, findings, listing; one
//                                          partition, so the supervisor's list and the public list are one Query each
//   CREDIT#<creditCode> / EVENT#<seq>      that entry's audit events, hash-chained as a case's timeline is
//   INSPECTION# / ROUND#<frozenAt>#<id>    a random inspection round's summary (SPEC §13): one partition, newest
//                                          last, so the lists are one Query without the rounds' plans
//   INSPECTION#<id> / INSPECTION           the round: its frozen plan's text and hash, the draw
//   INSPECTION#<id> / RESULT#<creditCode>  a drawn target's result, written once
//   INSPECTION#<id> / EVENT#<seq>          the round's audit events, hash-chained as a case's timeline is
//
// Why the case is split: every state change rewrites the case item inside a transaction (2 write
// units per started KB) and, before this layout, up to seven ALL-projected index copies of it. The
// complaint — description up to 5,000 characters, up to 50 evidence entries, the parties — made the
// item 2–4 KB, though no state change alters it but adding evidence. Without it the case item stays
// under 1 KB (≈ 0.7 KB for a typical case); the complaint is written once, and read in the same
// Query as the case. Measured per case, filing to resolution: see README "Benchmarks".

import { scopeValue } from '#domain/access.ts';
import { agencyOfCase, type Agency } from '#domain/agencies.ts';
import { isFinal, ownedByNobody, type Case, type CasePath, type Complaint } from '#domain/model.ts';
import { duplicateKey } from '#domain/routing.ts';
import { clockRuns } from '#domain/stats.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { indexSpec, table, type IndexName } from './table.ts';

export type Item = Record<string, unknown>;
export interface ItemKey {
  pk: string;
  sk: string;
  [name: string]: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const CASE_SK = 'CASE';
export const DETAIL_SK = 'DETAIL';
export const EVENT_PREFIX = 'EVENT#';
export const NOTICE_PREFIX = 'NOTICE#';
export const STATS_PK = 'STATS#';
/** The calendar years' partition (SPEC §6 v2); a year's change log is `CALENDAR#<year>`. */
export const CALENDAR_PK = 'CALENDAR#';
export const CALENDAR_YEAR_PREFIX = 'YEAR#';
/** The credit list's entries (SPEC §12): one partition; an entry's events are `CREDIT#<creditCode>`. */
export const CREDIT_PK = 'CREDIT#';
export const CREDIT_ENTRY_PREFIX = 'ENTRY#';
/** The public register of penalty decisions (SPEC §12): one partition, newest last by sort key. */
export const PUBLIC_DECISIONS_PK = 'PUBLIC#decisions';
/** Random inspection rounds (SPEC §13): their summaries in one partition; each round in `INSPECTION#<id>`. */
export const INSPECTION_PK = 'INSPECTION#';
export const INSPECTION_ROUND_PREFIX = 'ROUND#';
export const INSPECTION_SK = 'INSPECTION';
export const INSPECTION_RESULT_PREFIX = 'RESULT#';
/** Counter shards: a transaction touches one, chosen at random, so concurrent writers rarely conflict. */
export const STATS_SHARDS = 8;

export const keys = {
  case: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: CASE_SK }),
  detail: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: DETAIL_SK }),
  invitation: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'INVITATION' }),
  /** Offline intake: the complainant's takeover code, kept as the respondent's invitation is. */
  takeover: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'TAKEOVER' }),
  event: (caseId: string, seq: number): ItemKey => ({ pk: `CASE#${caseId}`, sk: `${EVENT_PREFIX}${pad(seq, 8)}` }),
  caseNumber: (caseNumber: string): ItemKey => ({ pk: `CASENO#${caseNumber}`, sk: 'CASENO' }),
  counter: (year: number): ItemKey => ({ pk: `COUNTER#caseNumber#${year}`, sk: 'COUNTER' }),
  idempotency: (sub: string, routeKey: string, key: string): ItemKey => ({ pk: `IDEM#${sub}#${routeKey}#${key}`, sk: 'IDEM' }),
  failure: (originId: string): ItemKey => ({ pk: `FAILURE#${originId}`, sk: 'FAILURE' }),
  notice: (caseId: string, seq: number, recipient: string, channel: string): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${NOTICE_PREFIX}${pad(seq, 8)}#${recipient}#${channel}`,
  }),
  contact: (sub: string): ItemKey => ({ pk: `CONTACT#${sub}`, sk: 'CONTACT' }),
  statsShard: (shard: number): ItemKey => ({ pk: STATS_PK, sk: `COUNTS#${shard}` }),
  statsDays: (path: CasePath, day: number): ItemKey => ({ pk: STATS_PK, sk: `DAYS#${path}#${pad(day, 4)}` }),
  calendarYear: (year: string): ItemKey => ({ pk: CALENDAR_PK, sk: `${CALENDAR_YEAR_PREFIX}${year}` }),
  calendarEvent: (year: string, seq: number): ItemKey => ({ pk: `${CALENDAR_PK}${year}`, sk: `${EVENT_PREFIX}${pad(seq, 8)}` }),
  publicDecision: (decidedAt: string, caseId: string): ItemKey => ({ pk: PUBLIC_DECISIONS_PK, sk: `DECISION#${decidedAt}#${caseId}` }),
  creditEntry: (creditCode: string): ItemKey => ({ pk: CREDIT_PK, sk: `${CREDIT_ENTRY_PREFIX}${creditCode}` }),
  creditEvent: (creditCode: string, seq: number): ItemKey => ({ pk: `${CREDIT_PK}${creditCode}`, sk: `${EVENT_PREFIX}${pad(seq, 8)}` }),
  inspectionSummary: (frozenAt: string, inspectionId: string): ItemKey => ({
    pk: INSPECTION_PK,
    sk: `${INSPECTION_ROUND_PREFIX}${frozenAt}#${inspectionId}`,
  }),
  inspection: (inspectionId: string): ItemKey => ({ pk: `${INSPECTION_PK}${inspectionId}`, sk: INSPECTION_SK }),
  inspectionResult: (inspectionId: string, creditCode: string): ItemKey => ({
    pk: `${INSPECTION_PK}${inspectionId}`,
    sk: `${INSPECTION_RESULT_PREFIX}${creditCode}`,
  }),
  inspectionEvent: (inspectionId: string, seq: number): ItemKey => ({
    pk: `${INSPECTION_PK}${inspectionId}`,
    sk: `${EVENT_PREFIX}${pad(seq, 8)}`,
  }),
};

export const CASE_PK = /^CASE#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const caseIdOf = (pk: unknown): string => String(pk).slice('CASE#'.length);
export const failureOriginOf = (pk: unknown): string => String(pk).slice('FAILURE#'.length);

// ---------------------------------------------------------------------------------------------
// Indexes

/** Sorts after every real deadline: cases without a clock queue behind those with one. */
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';
/**
 * The one partition of `allCases`. City-scale volume (thousands of cases a year, far below a
 * partition's 1,000 writes/s) lets every case share it; shard it by year if that ever changes.
 */
const ALL_CASES = 'CASES';

/**
 * The work queue a path's queued case is in: the path's own, but one per agency on administrative
 * enforcement (SPEC §12: officers see only their agency's queue).
 */
export function workQueueOf(path: CasePath, agency: Agency | null): string {
  return path === 'administrative_enforcement' ? `${path}#${agency ?? 'none'}` : path;
}

/** The stored partition key value of each index for a domain value (a work queue, an owner's sub…). */
const PARTITIONS: Record<IndexName, (value: string) => string> = {
  workQueue: (queue) => `WQ#${queue}`,
  byAgency: (agency) => `AGENCY#${agency}`,
  byOwner: (sub) => `OWNER#${sub}`,
  byParty: (sub) => `PARTY#${sub}`,
  byRespondent: (creditCode) => `RESP#${creditCode}`,
  byDuplicateKey: (key) => `DUP#${key}`,
  byDeadline: () => 'DUE',
  unrouted: () => 'UNROUTED',
  allCases: () => ALL_CASES,
};

export function partitionOf(index: IndexName, value: string): string {
  return PARTITIONS[index](value);
}

/** The key attributes (partition, sort) of an index, as the table declares them. */
export function indexKeyNames(index: IndexName): [string, string] {
  const { partitionKey, sortKey } = indexSpec(index);
  return [partitionKey, sortKey];
}

/**
 * The index attributes a case item carries: an item is in a sparse index exactly while it
 * qualifies. Sort keys that are case attributes (createdAt, dueAt) are stored as such.
 */
export function indexAttributes(c: Case): Item {
  const out: Item = {};
  const put = (index: IndexName, value: string, sortKey?: string) => {
    const [partitionKey, sortName] = indexKeyNames(index);
    out[partitionKey] = partitionOf(index, value);
    if (sortKey !== undefined) out[sortName] = sortKey;
  };
  // A case entered offline is in no one's own list until its complainant takes it over.
  if (!ownedByNobody(c)) put('byOwner', c.ownerSub);
  if (c.respondentParty) put('byParty', c.respondentParty.sub);
  put('allCases', '');
  if (c.status === 'queued' && c.path) {
    put(
      'workQueue',
      workQueueOf(c.path, agencyOfCase(c)),
      `${9 - c.priority}#${c.deadline?.dueAt ?? NO_DEADLINE}#${c.createdAt}#${c.caseId}`,
    );
  }
  // The officers' cases (SPEC §12): adjudication and enforcement, by the agency that works them.
  const agency = agencyOfCase(c);
  if (agency) put('byAgency', agency);
  if (c.complaint.respondent.creditCode) put('byRespondent', c.complaint.respondent.creditCode);
  // A linked preservation case shares its parent's parties and right: it is not a duplicate.
  if (!isFinal(c.status) && !c.parentCaseId) put('byDuplicateKey', duplicateKey(c.complaint));
  // Running clocks the sweep has not flagged yet; it (and /stats) finds them here. The sort key is the
  // earliest of them: the main deadline, and the open supervision orders and opinions (SPEC §4 v2), which
  // run whatever the case's status until answered.
  const running: string[] = [];
  // A paused clock (SPEC §12) does not run: it rejoins the index when it is resumed.
  if (c.deadline && clockRuns(c.status, transferredTo(c)) && !c.deadline.overdue && !c.flags.overdue && !c.deadline.paused) {
    running.push(c.deadline.dueAt);
  }
  for (const s of c.supervision ?? []) if (s.repliedAt === null && !s.overdue) running.push(s.dueAt);
  if (running.length > 0) put('byDeadline', '', running.sort()[0]);
  if (c.status === 'submitted') put('unrouted', '');
  return out;
}

const transferredTo = (c: Case): string | null => (typeof c.outcome?.['transferredTo'] === 'string' ? c.outcome['transferredTo'] : null);

/** Top-level copies of what a list filters on (projected into `allCases`; see LIST_ATTRIBUTES). */
function listAttributes(c: Case): Item {
  const out: Item = { countyCode: c.complaint.countyCode };
  if (c.complaint.respondent.creditCode) out['respondentCode'] = c.complaint.respondent.creditCode;
  const to = transferredTo(c);
  if (to) out['transferredTo'] = to;
  // Counted by triage's repeat-respondent rule (projected into byRespondent).
  if (c.status === 'resolved' && c.outcome?.['againstRespondent'] === true) out['resolvedAgainst'] = true;
  return out;
}

/** A case attribute a list may filter on → the top-level item attribute holding it. */
export const LIST_FIELD = {
  owner: 'ownerSub',
  /** Never filtered on in an index: a respondent's cases are read through `byParty` and checked on the case. */
  respondentParty: 'respondentPartySub',
  status: 'status',
  path: 'path',
  county: 'countyCode',
  respondent: 'respondentCode',
  transferredTo: 'transferredTo',
  /** Never filtered on in an index: an officer's cases are read through `byAgency` (SPEC §12). */
  agency: 'agency',
} as const;
export type ListField = keyof typeof LIST_FIELD;

/** The value of a list attribute on a case (the same as the stored copy). */
export function listValue(c: Case, field: ListField): unknown {
  switch (field) {
    case 'county':
      return c.complaint.countyCode;
    case 'respondent':
      return c.complaint.respondent.creditCode;
    default:
      return scopeValue(c, field);
  }
}

// Attributes that are derived on every write and never part of the domain's Case. The previous
// layout's index attributes are listed too, so a case item it wrote still reads as a Case.
const DERIVED = new Set<string>([
  'pk',
  'sk',
  ...table.indexes.flatMap((index) => [index.partitionKey]),
  'wqSk',
  'dueAt',
  'countyCode',
  'respondentCode',
  'transferredTo',
  'resolvedAgainst',
  ...['statusPk', 'pathPk', 'countyPk'],
]);

// ---------------------------------------------------------------------------------------------
// Case ↔ items

export interface CaseItems {
  case: Item;
  detail: Item;
}

export function toItems(c: Case): CaseItems {
  const { complaint, ...state } = c;
  return {
    case: { ...keys.case(c.caseId), ...state, ...indexAttributes(c), ...listAttributes(c) },
    detail: { ...keys.detail(c.caseId), complaint },
  };
}

/** True when the detail item must be written: the complaint changed (evidence added). */
export function detailChanged(before: Case, after: Case): boolean {
  return before.complaint !== after.complaint && JSON.stringify(before.complaint) !== JSON.stringify(after.complaint);
}

/** Cases read from an item of the previous layout: their first write also writes the detail item. */
const previousLayout = new WeakSet<Case>();

export function readFromPreviousLayout(c: Case): boolean {
  return previousLayout.has(c);
}

/**
 * The Case from its items. A case item written by the previous layout carries the whole complaint
 * (and its old index attributes) and has no detail item; it reads the same.
 */
export function fromItems(caseItem: Item, detail?: Item): Case {
  const rest: Item = {};
  for (const [name, value] of Object.entries(caseItem)) if (!DERIVED.has(name)) rest[name] = value;
  const complaint = (detail?.['complaint'] ?? rest['complaint']) as Complaint;
  const c = { ...(rest as unknown as Case), complaint };
  if (!detail && caseItem['complaint'] !== undefined) previousLayout.add(c);
  return c;
}

/** Whether a case item still has the previous layout (the migration rewrites those). */
export function isPreviousLayout(caseItem: Item): boolean {
  return caseItem['complaint'] !== undefined;
}

export function eventItem(e: TimelineEvent): Item {
  return { ...keys.event(e.caseId, e.seq), ...e };
}

export function fromEventItem(item: Item): TimelineEvent {
  const { pk: _pk, sk: _sk, ...event } = item;
  return event as unknown as TimelineEvent;
}
