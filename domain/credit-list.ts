// The credit list for joint punishment of serious, repeat infringers (信用监管、联合惩戒, SPEC §12).
// One entry per respondent (by unified social credit code), with its own hash-chained audit events.
//
//   none ──(two established infringements or penalties within five years: automatic; or an officer's
//          nomination)──▶ candidate ──start_review──▶ under_review (the respondent is told; it may state
//          its case, 陈述申辩, within 5 working days) ──list / drop (reasons; a list needs the period over
//          or the statement recorded)──▶ listed (3 years) / dropped
//   listed ──repair application recorded, approved after at least a year──▶ removed
//   listed, its period over ──▶ expired (read as such: no sweep has to run for it to leave the public list)
//   dropped, removed or expired ──(a new finding or nomination)──▶ candidate again
//
// Pure: the findings, the calendar and "now" are parameters. The vocabulary and request bodies are in
// credit-list.schema.ts (Node-free, for the pages too), re-exported here.

import { addWorkingDays, cstDate, endOfCstDay, type Calendar } from './calendar.ts';
import {
  FINDINGS_FOR_CANDIDATE,
  FINDINGS_WINDOW_YEARS,
  LISTING_YEARS,
  REPAIR_AFTER_YEARS,
  STATEMENT_WORKING_DAYS,
  type CreditAction,
  type CreditEntry,
  type CreditStatus,
  type CreditStatusNow,
  type Finding,
  type Nomination,
} from './credit-list.schema.ts';
import type { Actor } from './model.ts';
import { GENESIS_HASH, appendEvents, type NewEvent, type TimelineEvent } from './timeline.ts';

export * from './credit-list.schema.ts';

/** The status as the instant `now` reads it: a listing whose period is over has expired. */
export function statusAt(entry: Pick<CreditEntry, 'status' | 'listedUntil'>, now: Date): CreditStatusNow {
  if (entry.status === 'listed' && entry.listedUntil && now.getTime() > Date.parse(entry.listedUntil)) return 'expired';
  return entry.status;
}

/** Whether the entry is on the public list at `now`. */
export const listedAt = (entry: Pick<CreditEntry, 'status' | 'listedUntil'>, now: Date): boolean => statusAt(entry, now) === 'listed';

/** A case's outcome that counts as an established infringement or a penalty, or null. */
export function findingOf(c: {
  caseId: string;
  caseNumber: string;
  status: string;
  outcome: Record<string, unknown> | null;
}): Finding | null {
  const o = c.outcome;
  if (c.status !== 'resolved' || !o || o['againstRespondent'] !== true) return null;
  const at = String(o['at']);
  if (o['kind'] === 'penalty')
    return { caseId: c.caseId, caseNumber: c.caseNumber, kind: 'penalty', documentNumber: String(o['decisionNumber']), at };
  if (o['kind'] === 'decision' && o['infringementEstablished'] === true)
    return { caseId: c.caseId, caseNumber: c.caseNumber, kind: 'decision', documentNumber: String(o['decisionNumber']), at };
  if (o['kind'] === 'award' && o['infringementFound'] === true)
    return { caseId: c.caseId, caseNumber: c.caseNumber, kind: 'award', documentNumber: String(o['awardNumber']), at };
  return null;
}

const yearsLater = (iso: string, years: number): string => {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
};

/** The findings within the five years before `now`. */
export const recentFindings = (findings: readonly Finding[], now: Date): Finding[] =>
  findings.filter((f) => Date.parse(yearsLater(f.at, FINDINGS_WINDOW_YEARS)) >= now.getTime() && Date.parse(f.at) <= now.getTime());

const OPEN_STATUSES: readonly CreditStatus[] = ['candidate', 'under_review', 'listed'];

/** Whether an entry may become a candidate again (none yet, or its last round ended). */
const mayBecomeCandidate = (entry: CreditEntry | null, now: Date): boolean =>
  entry === null || !OPEN_STATUSES.includes(entry.status) || statusAt(entry, now) === 'expired';

export type CreditChange = { entry: CreditEntry; event: TimelineEvent };
export type CreditError =
  | { kind: 'conflict'; reason: string; status: CreditStatusNow; version: number }
  | { kind: 'invalid'; path: string; message: string }
  | { kind: 'stale'; version: number };

/** The chain id of an entry's events (the timeline's `caseId` field): `credit:<creditCode>`. */
export const CREDIT_CHAIN_PREFIX = 'credit:';
export const creditChainId = (creditCode: string): string => `${CREDIT_CHAIN_PREFIX}${creditCode}`;

function commit(entry: CreditEntry, changes: Partial<CreditEntry>, event: NewEvent, now: Date): CreditChange {
  const at = now.toISOString();
  const chained = appendEvents(creditChainId(entry.creditCode), entry.head, at, [event]);
  return { entry: { ...entry, ...changes, version: entry.version + 1, updatedAt: at, head: chained.head }, event: chained.events[0]! };
}

function blank(creditCode: string, name: string, now: Date): CreditEntry {
  return {
    creditCode,
    name,
    status: 'none',
    source: 'automatic',
    findings: [],
    statementDueAt: null,
    statementReceivedAt: null,
    listedAt: null,
    listedUntil: null,
    reason: null,
    repairAppliedAt: null,
    version: 0,
    updatedAt: now.toISOString(),
    head: { seq: 0, hash: GENESIS_HASH },
  };
}

const SYSTEM: Actor = { role: 'system', sub: 'credit-list' };

/**
 * A new finding against the respondent (a case resolved with the infringement established or a
 * penalty): recorded on the entry; with two or more within five years the entry becomes a candidate
 * automatically — unless it already is one, is under review or listed. Idempotent per case: null
 * when the finding is known and nothing changes.
 */
export function addFinding(entry: CreditEntry | null, creditCode: string, name: string, finding: Finding, now: Date): CreditChange | null {
  const base = entry ?? blank(creditCode, name, now);
  if (base.findings.some((f) => f.caseId === finding.caseId)) return null;
  const findings = [...base.findings, finding].sort((a, b) => a.at.localeCompare(b.at));
  const recent = recentFindings(findings, now);
  if (recent.length >= FINDINGS_FOR_CANDIDATE && mayBecomeCandidate(entry, now)) {
    return commit(
      base,
      { findings, name, status: 'candidate', source: 'automatic', statementDueAt: null, statementReceivedAt: null, reason: null },
      {
        type: 'candidate',
        actor: SYSTEM,
        // Named by their decisions' numbers (public, §12 一公开), never by case: the entry's readers may not read every case.
        data: { rule: 'two_findings_in_five_years', findings: recent.map((f) => f.documentNumber), finding: finding.documentNumber },
      },
      now,
    );
  }
  return commit(
    base,
    { findings, name },
    { type: 'finding_recorded', actor: SYSTEM, data: { finding: finding.documentNumber, kind: finding.kind } },
    now,
  );
}

export function nominate(entry: CreditEntry | null, input: Nomination, officer: Actor, now: Date): CreditChange | CreditError {
  if (entry && !mayBecomeCandidate(entry, now)) return conflict(entry, 'credit.already_open', now);
  const base = entry ?? blank(input.creditCode, input.name, now);
  return commit(
    base,
    { name: input.name, status: 'candidate', source: 'nomination', statementDueAt: null, statementReceivedAt: null, reason: null },
    { type: 'nominated', actor: officer, data: { reason: input.reason } },
    now,
  );
}

function conflict(entry: CreditEntry, reasonCode: string, now: Date): CreditError {
  return { kind: 'conflict', reason: reasonCode, status: statusAt(entry, now), version: entry.version };
}

/**
 * The supervisor's step on an entry. The statement period must be over — or the statement recorded —
 * before the entry is listed or dropped; a repair approval needs a year listed and an application.
 */
export function actOnEntry(
  entry: CreditEntry,
  input: CreditAction,
  supervisor: Actor,
  now: Date,
  calendar: Calendar,
): CreditChange | CreditError {
  if (input.expectedVersion !== entry.version) return { kind: 'stale', version: entry.version };
  const status = statusAt(entry, now);
  const at = now.toISOString();
  const step = (changes: Partial<CreditEntry>, data: Record<string, unknown> = {}) =>
    commit(entry, changes, { type: input.action, actor: supervisor, data }, now);
  switch (input.action) {
    case 'start_review': {
      if (status !== 'candidate') return conflict(entry, 'credit.not_candidate', now);
      const due = addWorkingDays(cstDate(now), STATEMENT_WORKING_DAYS, calendar);
      const statementDueAt = endOfCstDay(due.date);
      // The respondent is told from this event (the notices, SPEC §11), where its address is known.
      return step({ status: 'under_review', statementDueAt }, { statementDueAt });
    }
    case 'record_statement':
      if (status !== 'under_review') return conflict(entry, 'credit.not_under_review', now);
      if (entry.statementReceivedAt) return conflict(entry, 'credit.statement_recorded', now);
      return step({ statementReceivedAt: at }, { text: input.text, late: entry.statementDueAt !== null && at > entry.statementDueAt });
    case 'list':
    case 'drop': {
      if (status !== 'under_review') return conflict(entry, 'credit.not_under_review', now);
      const periodOver = entry.statementDueAt !== null && now.getTime() > Date.parse(entry.statementDueAt);
      if (!periodOver && !entry.statementReceivedAt) return conflict(entry, 'credit.statement_period_running', now);
      if (input.action === 'drop') return step({ status: 'dropped', reason: input.reason }, { reason: input.reason });
      const listedUntil = yearsLater(at, input.years ?? LISTING_YEARS);
      return step(
        { status: 'listed', listedAt: at, listedUntil, reason: input.reason, repairAppliedAt: null },
        { reason: input.reason, listedUntil },
      );
    }
    case 'record_repair_application':
      if (status !== 'listed') return conflict(entry, 'credit.not_listed', now);
      if (entry.repairAppliedAt) return conflict(entry, 'credit.repair_pending', now);
      return step({ repairAppliedAt: at }, { text: input.text });
    case 'approve_repair':
    case 'deny_repair': {
      if (status !== 'listed') return conflict(entry, 'credit.not_listed', now);
      if (!entry.repairAppliedAt) return conflict(entry, 'credit.no_repair_application', now);
      if (input.action === 'deny_repair') return step({ repairAppliedAt: null }, { reason: input.reason });
      if (now.getTime() < Date.parse(yearsLater(entry.listedAt!, REPAIR_AFTER_YEARS)))
        return conflict(entry, 'credit.repair_too_early', now);
      return step({ status: 'removed', reason: input.reason, repairAppliedAt: null }, { reason: input.reason });
    }
  }
}

/** What the public list shows of a listed entry: no findings' case ids, no statement, no contact. */
export function publicEntry(entry: CreditEntry) {
  return {
    creditCode: entry.creditCode,
    name: entry.name,
    listedAt: entry.listedAt,
    listedUntil: entry.listedUntil,
    reason: entry.reason,
    decisions: entry.findings.map((f) => ({ kind: f.kind, documentNumber: f.documentNumber, at: f.at })),
  };
}
export type PublicCreditEntry = ReturnType<typeof publicEntry>;

/** The export for other agencies (joint punishment), as CSV: one line per listed entry, RFC 4180 quoting. */
export function creditListCsv(entries: readonly PublicCreditEntry[]): string {
  const quote = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    // A leading =, +, - or @ would be a formula in a spreadsheet: prefixed with an apostrophe.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = ['creditCode', 'name', 'listedAt', 'listedUntil', 'reason', 'decisions'];
  const rows = entries.map((e) =>
    [e.creditCode, e.name, e.listedAt, e.listedUntil, e.reason, e.decisions.map((d) => d.documentNumber).join('; ')].map(quote).join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
