import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import {
  DEADLINE_KINDS,
  DEFAULT_DEADLINE_RULES,
  computeDeadline,
  deadlineRulesSchema,
  extendDeadline,
  firstDeadlineOnQueueing,
  isOverdue,
} from '#domain/deadlines.ts';
import type { Deadline } from '#domain/model.ts';

const cal = SHIPPED_CALENDAR;
const at = (iso: string) => new Date(iso);
const dueAt = (kind: (typeof DEADLINE_KINDS)[number], iso: string) => computeDeadline(kind, at(iso), cal).dueAt;

describe('computeDeadline', () => {
  it('gives a fresh clock: not overdue, not extended, due at the end of a CST day', () => {
    expect(computeDeadline('court_confirmation', at('2026-06-01T02:00:00Z'), cal)).toEqual({
      kind: 'court_confirmation',
      dueAt: '2026-06-04T15:59:59.999Z', // 23:59:59.999 on Jun 4 in UTC+8
      overdue: false,
      extended: false,
    });
  });

  it('gives filing review 5 working days, counting a make-up Sunday before the mid-autumn holiday', () => {
    // Queued Fri 2026-09-18: Sat 19 off, 1 Sun 20 (make-up), 2 Mon 21, 3 Tue 22, 4 Wed 23, 5 Thu 24.
    expect(dueAt('filing_review', '2026-09-18T02:00:00Z')).toBe('2026-09-24T15:59:59.999Z');
  });

  it('skips the mid-autumn and National Day holidays for filing review', () => {
    // Queued Thu 2026-09-24: Fri 25–Sun 27 holidays, 1 Mon 28, 2 Tue 29, 3 Wed 30,
    // Oct 1–7 holidays, 4 Thu Oct 8, 5 Fri Oct 9.
    expect(dueAt('filing_review', '2026-09-24T02:00:00Z')).toBe('2026-10-09T15:59:59.999Z');
  });

  it('gives a notarization certificate 15 working days across both holidays and two make-up days', () => {
    // Accepted Fri 2026-09-18: Sep 20, 21, 22, 23, 24, 28, 29, 30, Oct 8, 9, 10 (make-up Sat), 12, 13, 14, 15.
    expect(dueAt('notarization_certificate', '2026-09-18T02:00:00Z')).toBe('2026-10-15T15:59:59.999Z');
  });

  it('counts filing review across the Spring Festival', () => {
    // Queued Fri 2026-02-13: 1 Sat Feb 14 (make-up), Feb 15–23 holidays, 2 Tue 24, 3 Wed 25, 4 Thu 26, 5 Fri 27.
    expect(dueAt('filing_review', '2026-02-13T01:00:00Z')).toBe('2026-02-27T15:59:59.999Z');
  });

  it('counts from the CST date when the event is late at night UTC but already the next day in China', () => {
    // 2026-04-30T17:30Z is Fri May 1 01:30 CST: arbitration's 5 days run May 2–6 (from Apr 30 it would be May 5).
    expect(dueAt('arbitration_acceptance', '2026-04-30T17:30:00Z')).toBe('2026-05-06T15:59:59.999Z');
    // 2026-03-05T16:30Z is Fri Mar 6 00:30 CST: 1 Mon 9 … 5 Fri 13; 23:30 CST on Thu Mar 5 gives Fri 6 … Thu 12.
    expect(dueAt('filing_review', '2026-03-05T16:30:00Z')).toBe('2026-03-13T15:59:59.999Z');
    expect(dueAt('filing_review', '2026-03-05T15:30:00Z')).toBe('2026-03-12T15:59:59.999Z');
  });

  it('counts the Labour Day holiday and its make-up Saturday for an event on May 1 CST', () => {
    // From Fri May 1: May 2–5 holidays, 1 Wed 6, 2 Thu 7, 3 Fri 8, 4 Sat 9 (make-up), Sun 10 off, 5 Mon 11.
    expect(dueAt('filing_review', '2026-04-30T17:30:00Z')).toBe('2026-05-11T15:59:59.999Z');
  });

  it('counts weekends only in 2027, which the data does not cover, and marks the clock', () => {
    // Queued Fri 2027-01-01 (no holiday data): 1 Mon 4, 2 Tue 5, 3 Wed 6, 4 Thu 7, 5 Fri 8.
    expect(computeDeadline('filing_review', at('2027-01-01T03:00:00Z'), cal)).toEqual({
      kind: 'filing_review',
      dueAt: '2027-01-08T15:59:59.999Z',
      overdue: false,
      extended: false,
      calendarIncomplete: true,
    });
  });

  it('leaves calendarIncomplete off when the calendar covers the count or is not needed', () => {
    expect(computeDeadline('filing_review', at('2026-09-18T02:00:00Z'), cal)).not.toHaveProperty('calendarIncomplete');
    expect(computeDeadline('arbitration_acceptance', at('2027-03-01T02:00:00Z'), cal)).not.toHaveProperty('calendarIncomplete');
  });

  it('gives calendar-day clocks without moving them off holidays', () => {
    // Mediation queued Tue 2026-01-20 + 30 days = Thu Feb 19, inside the Spring Festival; SPEC says days, not working days.
    expect(dueAt('mediation_outcome', '2026-01-20T02:00:00Z')).toBe('2026-02-19T15:59:59.999Z');
    expect(dueAt('judicial_confirmation_request', '2026-06-01T02:00:00Z')).toBe('2026-07-01T15:59:59.999Z');
    // Transferred 2026-09-30T16:30Z = Oct 1 00:30 CST; 3 days → Oct 4.
    expect(dueAt('police_decision', '2026-09-30T16:30:00Z')).toBe('2026-10-04T15:59:59.999Z');
  });

  it('gives the adjudication decision 3 months from filing, clamped to the month end', () => {
    expect(dueAt('adjudication_decision', '2026-03-10T02:00:00Z')).toBe('2026-06-10T15:59:59.999Z');
    expect(dueAt('adjudication_decision', '2026-11-30T02:00:00Z')).toBe('2027-02-28T15:59:59.999Z');
  });
});

describe('extendDeadline', () => {
  it('extends an adjudication decision by 1 month from the old due date, once', () => {
    const first = computeDeadline('adjudication_decision', at('2026-03-10T02:00:00Z'), cal);
    const extended = extendDeadline(first, cal);
    expect(extended).toEqual({
      ok: true,
      deadline: { kind: 'adjudication_decision', dueAt: '2026-07-10T15:59:59.999Z', overdue: false, extended: true },
    });
    if (!extended.ok) throw new Error('unreachable');
    expect(extendDeadline(extended.deadline, cal)).toEqual({ ok: false, error: 'deadline.already_extended' });
  });

  it('clamps the extension to the month end: due Jan 31 + 1 month is Feb 28', () => {
    // Filed 2025-10-31 → due 2026-01-31 → extended to 2026-02-28.
    const first = computeDeadline('adjudication_decision', at('2025-10-31T02:00:00Z'), cal);
    expect(first.dueAt).toBe('2026-01-31T15:59:59.999Z');
    const extended = extendDeadline(first, cal);
    expect(extended.ok && extended.deadline.dueAt).toBe('2026-02-28T15:59:59.999Z');
  });

  it('extends a mediation by the default 30 days', () => {
    const first = computeDeadline('mediation_outcome', at('2026-01-20T02:00:00Z'), cal); // due Feb 19
    const extended = extendDeadline(first, cal);
    expect(extended.ok && extended.deadline).toMatchObject({ dueAt: '2026-03-21T15:59:59.999Z', extended: true });
  });

  it('refuses kinds that have no extension', () => {
    const filing = computeDeadline('filing_review', at('2026-03-05T02:00:00Z'), cal);
    expect(extendDeadline(filing, cal)).toEqual({ ok: false, error: 'deadline.not_extendable' });
    const unknown: Deadline = { kind: 'something_else', dueAt: filing.dueAt, overdue: false, extended: false };
    expect(extendDeadline(unknown, cal)).toEqual({ ok: false, error: 'deadline.not_extendable' });
  });

  it('resets overdue and keeps a clock marked calendarIncomplete', () => {
    const estimated: Deadline = {
      kind: 'mediation_outcome',
      dueAt: '2027-01-08T15:59:59.999Z',
      overdue: true,
      extended: false,
      calendarIncomplete: true,
    };
    const extended = extendDeadline(estimated, cal);
    expect(extended.ok && extended.deadline).toEqual({
      kind: 'mediation_outcome',
      dueAt: '2027-02-07T15:59:59.999Z',
      overdue: false,
      extended: true,
      calendarIncomplete: true,
    });
  });

  it('uses configured extension rules, marking a working-day extension into an uncovered year', () => {
    const rules = deadlineRulesSchema.parse({
      adjudication_decision: { unit: 'months', amount: 3, extension: { unit: 'working_days', amount: 5 } },
    });
    const first = computeDeadline('adjudication_decision', at('2026-09-30T02:00:00Z'), cal, rules); // due Wed Dec 30
    expect(first.dueAt).toBe('2026-12-30T15:59:59.999Z');
    // 1 Thu Dec 31, 2 Fri 2027-01-01 (no data), 3 Mon 4, 4 Tue 5, 5 Wed 6.
    const extended = extendDeadline(first, cal, rules);
    expect(extended.ok && extended.deadline).toMatchObject({ dueAt: '2027-01-06T15:59:59.999Z', calendarIncomplete: true });
  });
});

describe('isOverdue', () => {
  const deadline = computeDeadline('court_confirmation', at('2026-06-01T02:00:00Z'), cal); // due 2026-06-04T15:59:59.999Z

  it('is not overdue up to and including the last millisecond of the due day in CST', () => {
    expect(isOverdue(deadline, at('2026-06-04T15:59:59.999Z'))).toBe(false);
    expect(isOverdue(deadline, at('2026-06-02T00:00:00Z'))).toBe(false);
  });

  it('is overdue from the first moment of the next CST day', () => {
    expect(isOverdue(deadline, at('2026-06-04T16:00:00.000Z'))).toBe(true);
  });
});

describe('firstDeadlineOnQueueing', () => {
  const queuedAt = at('2026-09-18T02:00:00Z');

  it('starts each path’s first clock, and none for notarization until acceptance', () => {
    expect(firstDeadlineOnQueueing('mediation', queuedAt, cal)).toMatchObject({
      kind: 'mediation_outcome',
      dueAt: '2026-10-18T15:59:59.999Z',
    });
    expect(firstDeadlineOnQueueing('arbitration', queuedAt, cal)).toMatchObject({
      kind: 'arbitration_acceptance',
      dueAt: '2026-09-23T15:59:59.999Z',
    });
    expect(firstDeadlineOnQueueing('administrative_adjudication', queuedAt, cal)).toMatchObject({
      kind: 'filing_review',
      dueAt: '2026-09-24T15:59:59.999Z',
    });
    expect(firstDeadlineOnQueueing('notarization', queuedAt, cal)).toBeNull();
  });
});

describe('deadline rules configuration', () => {
  it('has a default rule for every kind, with extensions only for the adjudication decision and mediation', () => {
    expect(Object.keys(DEFAULT_DEADLINE_RULES).sort()).toEqual([...DEADLINE_KINDS].sort());
    const extendable = DEADLINE_KINDS.filter((k) => DEFAULT_DEADLINE_RULES[k].extension);
    expect(extendable).toEqual(['adjudication_decision', 'mediation_outcome']);
  });

  it('parses an empty override to the defaults', () => {
    expect(deadlineRulesSchema.parse({})).toEqual(DEFAULT_DEADLINE_RULES);
  });

  it('overrides one kind and keeps the others and the default extension', () => {
    const rules = deadlineRulesSchema.parse({
      filing_review: { unit: 'working_days', amount: 10 },
      adjudication_decision: { unit: 'months', amount: 6 },
    });
    expect(rules.filing_review).toEqual({ unit: 'working_days', amount: 10 });
    expect(rules.adjudication_decision).toEqual({ unit: 'months', amount: 6, extension: { unit: 'months', amount: 1 } });
    expect(rules.arbitration_acceptance).toEqual(DEFAULT_DEADLINE_RULES.arbitration_acceptance);
    // 10 working days from Fri 2026-09-18: … 8 Sep 30, 9 Oct 8, 10 Oct 9.
    expect(computeDeadline('filing_review', at('2026-09-18T02:00:00Z'), cal, rules).dueAt).toBe('2026-10-09T15:59:59.999Z');
  });

  it('rejects unknown kinds, unknown units and non-positive or fractional amounts', () => {
    expect(deadlineRulesSchema.safeParse({ filing_reviews: { unit: 'working_days', amount: 5 } }).success).toBe(false);
    expect(deadlineRulesSchema.safeParse({ filing_review: { unit: 'weeks', amount: 1 } }).success).toBe(false);
    expect(deadlineRulesSchema.safeParse({ filing_review: { unit: 'working_days', amount: 0 } }).success).toBe(false);
    expect(deadlineRulesSchema.safeParse({ filing_review: { unit: 'working_days', amount: 2.5 } }).success).toBe(false);
  });
});
