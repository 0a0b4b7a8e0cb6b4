// The credit list's rules (SPEC §12), pure: when a respondent becomes a candidate by itself, the
// review's order (statement period before listing), the listing's three years and its expiry read at
// any instant, the credit repair after a year, and the audit chain every step extends.

import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import {
  actOnEntry,
  addFinding,
  creditChainId,
  creditListCsv,
  findingOf,
  nominate,
  publicEntry,
  statusAt,
  type CreditChange,
  type CreditEntry,
  type CreditError,
  type Finding,
} from '#domain/credit-list.ts';
import { verifyChain, type TimelineEvent } from '#domain/timeline.ts';

const CODE = '91440300708461136T';
const NAME = '深圳市某某电子商务有限公司';
const SUPERVISOR = { role: 'supervisor' as const, sub: 'supervisor-1' };
const OFFICER = { role: 'officer' as const, sub: 'officer-1' };
const at = (iso: string) => new Date(iso);

const finding = (n: number, when: string, kind: Finding['kind'] = 'penalty'): Finding => ({
  caseId: `case-${n}`,
  caseNumber: `AKIP-2026-00000${n}`,
  kind,
  documentNumber: `安市监处罚〔2026〕${n}号`,
  at: when,
});

function changed(result: CreditChange | CreditError | null): CreditChange {
  if (result === null || 'kind' in result) throw new Error(`expected a change, got ${JSON.stringify(result)}`);
  return result;
}

/** Applies changes in turn, keeping the events: the entry's chain as stored. */
function chain() {
  const events: TimelineEvent[] = [];
  let entry: CreditEntry | null = null;
  return {
    apply(result: CreditChange | CreditError | null) {
      const change = changed(result);
      events.push(change.event);
      entry = change.entry;
      return change.entry;
    },
    get entry() {
      return entry!;
    },
    events,
  };
}

describe('automatic candidates', () => {
  it('records a first finding without opening anything, and makes the respondent a candidate at the second within five years', () => {
    const c = chain();
    expect(c.apply(addFinding(null, CODE, NAME, finding(1, '2026-03-01T02:00:00Z'), at('2026-03-01T03:00:00Z'))).status).toBe('none');
    const second = c.apply(addFinding(c.entry, CODE, NAME, finding(2, '2026-11-01T02:00:00Z'), at('2026-11-01T03:00:00Z')));
    expect(second).toMatchObject({ status: 'candidate', source: 'automatic' });
    expect(c.events.map((e) => e.type)).toEqual(['finding_recorded', 'candidate']);
    // Named by their decisions (public), never by case: the entry's readers may not read every case.
    expect(c.events[1]!.data).toMatchObject({
      rule: 'two_findings_in_five_years',
      findings: ['安市监处罚〔2026〕1号', '安市监处罚〔2026〕2号'],
    });
    expect(JSON.stringify(c.events)).not.toMatch(/AKIP-|case-\d/);
  });

  it('does not count a finding older than five years', () => {
    const first = changed(addFinding(null, CODE, NAME, finding(1, '2020-01-01T00:00:00Z'), at('2020-01-02T00:00:00Z'))).entry;
    const second = changed(addFinding(first, CODE, NAME, finding(2, '2026-06-01T00:00:00Z'), at('2026-06-01T01:00:00Z'))).entry;
    expect(second.status).toBe('none');
    expect(second.findings).toHaveLength(2);
  });

  it('is idempotent per case: the same finding again changes nothing', () => {
    const first = changed(addFinding(null, CODE, NAME, finding(1, '2026-03-01T02:00:00Z'), at('2026-03-01T03:00:00Z'))).entry;
    expect(addFinding(first, CODE, NAME, finding(1, '2026-03-01T02:00:00Z'), at('2026-03-02T00:00:00Z'))).toBeNull();
  });

  it('counts penalties, decisions establishing infringement and awards finding it — not mediation agreements nor cleared respondents', () => {
    const base = { caseId: 'c', caseNumber: 'AKIP-2026-000009', status: 'resolved' };
    expect(
      findingOf({ ...base, outcome: { kind: 'penalty', decisionNumber: 'P1', againstRespondent: true, at: '2026-01-01T00:00:00Z' } }),
    ).toMatchObject({
      kind: 'penalty',
      documentNumber: 'P1',
    });
    expect(
      findingOf({
        ...base,
        outcome: { kind: 'decision', decisionNumber: 'D1', infringementEstablished: true, againstRespondent: true, at: 'x' },
      }),
    ).toMatchObject({ kind: 'decision' });
    expect(
      findingOf({ ...base, outcome: { kind: 'award', awardNumber: 'A1', infringementFound: true, againstRespondent: true, at: 'x' } }),
    ).toMatchObject({
      kind: 'award',
      documentNumber: 'A1',
    });
    expect(findingOf({ ...base, outcome: { kind: 'mediation_agreement', againstRespondent: true, at: 'x' } })).toBeNull();
    expect(findingOf({ ...base, outcome: { kind: 'no_violation', againstRespondent: false, at: 'x' } })).toBeNull();
    expect(findingOf({ ...base, status: 'transferred', outcome: { kind: 'penalty', againstRespondent: true, at: 'x' } })).toBeNull();
  });
});

describe('the review', () => {
  const candidate = () => {
    const c = chain();
    c.apply(addFinding(null, CODE, NAME, finding(1, '2026-03-01T02:00:00Z'), at('2026-03-01T03:00:00Z')));
    c.apply(addFinding(c.entry, CODE, NAME, finding(2, '2026-11-02T02:00:00Z'), at('2026-11-02T03:00:00Z')));
    return c;
  };

  it('gives the respondent five working days to state its case (a holiday week counts no days)', () => {
    const c = candidate();
    // Started on Wednesday 2026-09-30: Oct 1–7 are holidays, Oct 10 (Saturday) a make-up working day.
    const review = c.apply(
      actOnEntry(
        c.entry,
        { action: 'start_review', expectedVersion: c.entry.version },
        SUPERVISOR,
        at('2026-09-30T02:00:00Z'),
        SHIPPED_CALENDAR,
      ),
    );
    expect(review.status).toBe('under_review');
    expect(review.statementDueAt).toBe('2026-10-13T15:59:59.999Z');
  });

  it('refuses to list while the period runs and nothing was stated; lists once it is over, for three years', () => {
    const c = candidate();
    c.apply(
      actOnEntry(
        c.entry,
        { action: 'start_review', expectedVersion: c.entry.version },
        SUPERVISOR,
        at('2026-11-03T02:00:00Z'),
        SHIPPED_CALENDAR,
      ),
    );
    const early = actOnEntry(
      c.entry,
      { action: 'list', expectedVersion: c.entry.version, reason: '两次处罚' },
      SUPERVISOR,
      at('2026-11-05T02:00:00Z'),
      SHIPPED_CALENDAR,
    );
    expect(early).toMatchObject({ kind: 'conflict', reason: 'credit.statement_period_running', status: 'under_review' });
    const listed = c.apply(
      actOnEntry(
        c.entry,
        { action: 'list', expectedVersion: c.entry.version, reason: '两次处罚' },
        SUPERVISOR,
        at('2026-11-11T02:00:00Z'),
        SHIPPED_CALENDAR,
      ),
    );
    expect(listed).toMatchObject({ status: 'listed', listedAt: '2026-11-11T02:00:00.000Z', listedUntil: '2029-11-11T02:00:00.000Z' });
    expect(statusAt(listed, at('2029-11-11T02:00:00Z'))).toBe('listed');
    expect(statusAt(listed, at('2029-11-11T02:00:01Z'))).toBe('expired');
  });

  it('lists before the period ends once the statement is recorded, and drops with a reason', () => {
    const c = candidate();
    const now = at('2026-11-03T02:00:00Z');
    c.apply(actOnEntry(c.entry, { action: 'start_review', expectedVersion: c.entry.version }, SUPERVISOR, now, SHIPPED_CALENDAR));
    c.apply(
      actOnEntry(
        c.entry,
        { action: 'record_statement', expectedVersion: c.entry.version, text: '已整改' },
        SUPERVISOR,
        now,
        SHIPPED_CALENDAR,
      ),
    );
    expect(
      actOnEntry(
        c.entry,
        { action: 'record_statement', expectedVersion: c.entry.version, text: '再次' },
        SUPERVISOR,
        now,
        SHIPPED_CALENDAR,
      ),
    ).toMatchObject({
      reason: 'credit.statement_recorded',
    });
    const dropped = c.apply(
      actOnEntry(c.entry, { action: 'drop', expectedVersion: c.entry.version, reason: '已整改到位' }, SUPERVISOR, now, SHIPPED_CALENDAR),
    );
    expect(dropped).toMatchObject({ status: 'dropped', reason: '已整改到位' });
  });

  it('refuses a stale version, and steps from the wrong status', () => {
    const c = candidate();
    const now = at('2026-11-03T02:00:00Z');
    expect(
      actOnEntry(c.entry, { action: 'start_review', expectedVersion: c.entry.version - 1 }, SUPERVISOR, now, SHIPPED_CALENDAR),
    ).toEqual({
      kind: 'stale',
      version: c.entry.version,
    });
    expect(
      actOnEntry(c.entry, { action: 'list', expectedVersion: c.entry.version, reason: 'x' }, SUPERVISOR, now, SHIPPED_CALENDAR),
    ).toMatchObject({
      reason: 'credit.not_under_review',
    });
    expect(
      actOnEntry(c.entry, { action: 'approve_repair', expectedVersion: c.entry.version, reason: 'x' }, SUPERVISOR, now, SHIPPED_CALENDAR),
    ).toMatchObject({
      reason: 'credit.not_listed',
    });
  });

  it('removes a listing on an approved repair only after a year, and only with an application', () => {
    const c = candidate();
    const start = at('2026-11-03T02:00:00Z');
    c.apply(actOnEntry(c.entry, { action: 'start_review', expectedVersion: c.entry.version }, SUPERVISOR, start, SHIPPED_CALENDAR));
    c.apply(
      actOnEntry(
        c.entry,
        { action: 'record_statement', expectedVersion: c.entry.version, text: '无异议' },
        SUPERVISOR,
        start,
        SHIPPED_CALENDAR,
      ),
    );
    c.apply(
      actOnEntry(c.entry, { action: 'list', expectedVersion: c.entry.version, reason: '两次处罚' }, SUPERVISOR, start, SHIPPED_CALENDAR),
    );
    const later = at('2027-06-01T00:00:00Z');
    expect(
      actOnEntry(c.entry, { action: 'approve_repair', expectedVersion: c.entry.version, reason: 'x' }, SUPERVISOR, later, SHIPPED_CALENDAR),
    ).toMatchObject({
      reason: 'credit.no_repair_application',
    });
    c.apply(
      actOnEntry(
        c.entry,
        { action: 'record_repair_application', expectedVersion: c.entry.version, text: '申请修复' },
        SUPERVISOR,
        later,
        SHIPPED_CALENDAR,
      ),
    );
    expect(
      actOnEntry(c.entry, { action: 'approve_repair', expectedVersion: c.entry.version, reason: 'x' }, SUPERVISOR, later, SHIPPED_CALENDAR),
    ).toMatchObject({
      reason: 'credit.repair_too_early',
    });
    const removed = c.apply(
      actOnEntry(
        c.entry,
        { action: 'approve_repair', expectedVersion: c.entry.version, reason: '已修复' },
        SUPERVISOR,
        at('2027-11-04T00:00:00Z'),
        SHIPPED_CALENDAR,
      ),
    );
    expect(removed.status).toBe('removed');
    // Every step extended the entry's own chain, which verifies; an edited step breaks it there.
    expect(c.events.every((e) => e.caseId === creditChainId(CODE))).toBe(true);
    expect(verifyChain(c.events)).toMatchObject({ valid: true, events: c.events.length });
    const edited = c.events.map((e, i) => (i === 3 ? { ...e, data: { reason: '改过' } } : e));
    expect(verifyChain(edited)).toMatchObject({ valid: false, brokenAt: 4 });
  });
});

describe('nominations', () => {
  it('makes a respondent a candidate by an officer, not while one is open, and again once its round ended', () => {
    const now = at('2026-11-03T02:00:00Z');
    const input = { creditCode: CODE, name: NAME, reason: '拒不履行生效决定' };
    const nominated = changed(nominate(null, input, OFFICER, now));
    expect(nominated.entry).toMatchObject({ status: 'candidate', source: 'nomination' });
    expect(nominated.event).toMatchObject({ type: 'nominated', actor: OFFICER, data: { reason: '拒不履行生效决定' } });
    expect(nominate(nominated.entry, input, OFFICER, now)).toMatchObject({ kind: 'conflict', reason: 'credit.already_open' });
    const dropped = { ...nominated.entry, status: 'dropped' as const };
    expect(changed(nominate(dropped, input, OFFICER, now)).entry.status).toBe('candidate');
    // An expired listing is over too.
    const expired = { ...nominated.entry, status: 'listed' as const, listedUntil: '2026-01-01T00:00:00.000Z' };
    expect(changed(nominate(expired, input, OFFICER, now)).entry.status).toBe('candidate');
  });
});

describe('the public entry and the export', () => {
  const entry: CreditEntry = {
    creditCode: CODE,
    name: '某某,"有限"公司',
    status: 'listed',
    source: 'automatic',
    findings: [finding(1, '2026-03-01T02:00:00Z'), finding(2, '2026-11-01T02:00:00Z')],
    statementDueAt: null,
    statementReceivedAt: null,
    listedAt: '2026-11-11T02:00:00.000Z',
    listedUntil: '2029-11-11T02:00:00.000Z',
    reason: '=HYPERLINK("x")',
    repairAppliedAt: null,
    version: 5,
    updatedAt: '2026-11-11T02:00:00.000Z',
    head: { seq: 5, hash: 'f'.repeat(64) },
  };

  it('shows who, how long, why and the decisions — no case ids or numbers', () => {
    const shown = publicEntry(entry);
    expect(JSON.stringify(shown)).not.toMatch(/case-1|AKIP-/);
    expect(shown.decisions.map((d) => d.documentNumber)).toEqual(['安市监处罚〔2026〕1号', '安市监处罚〔2026〕2号']);
  });

  it('quotes CSV fields (RFC 4180) and defuses spreadsheet formulas', () => {
    const csv = creditListCsv([publicEntry(entry)]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('creditCode,name,listedAt,listedUntil,reason,decisions');
    expect(row).toBe(
      `${CODE},"某某,""有限""公司",2026-11-11T02:00:00.000Z,2029-11-11T02:00:00.000Z,"'=HYPERLINK(""x"")",安市监处罚〔2026〕1号; 安市监处罚〔2026〕2号`,
    );
  });
});
