import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR, mergeCalendars } from '#domain/calendar.ts';
import {
  CLOCK_BASIS,
  DEADLINE_KINDS,
  DEFAULT_DEADLINE_RULES,
  computeDeadline,
  deadlineRulesSchema,
  extendDeadline,
  firstDeadlineOnQueueing,
  isOverdue,
  extendDeadlineByDays,
  recomputeDeadline,
  pauseDeadline,
  resumeDeadline,
  clockPaused,
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
      startedOn: '2026-06-01',
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
      startedOn: '2027-01-01',
    });
  });

  it('leaves calendarIncomplete off when the calendar covers the count', () => {
    expect(computeDeadline('filing_review', at('2026-09-18T02:00:00Z'), cal)).not.toHaveProperty('calendarIncomplete');
    expect(computeDeadline('arbitration_acceptance', at('2026-03-02T02:00:00Z'), cal)).not.toHaveProperty('calendarIncomplete');
  });

  it('marks a day period whose last day falls in a year the calendar does not cover: that weekday may be a holiday', () => {
    // Arbitration queued Mon 2027-03-01: 5 days → Sat Mar 6, rolled over by weekends alone to Mon Mar 8.
    expect(computeDeadline('arbitration_acceptance', at('2027-03-01T02:00:00Z'), cal)).toMatchObject({
      dueAt: '2027-03-08T15:59:59.999Z',
      calendarIncomplete: true,
    });
    // Thu 2026-12-31 + 3 days = Sun 2027-01-03 → Mon Jan 4, counted without 2027's holidays.
    expect(computeDeadline('police_decision', at('2026-12-31T02:00:00Z'), cal)).toMatchObject({
      dueAt: '2027-01-04T15:59:59.999Z',
      calendarIncomplete: true,
    });
  });

  it('rolls calendar-day clocks that end on a holiday or weekend over to the next working day', () => {
    // Mediation queued Tue 2026-01-20 + 30 days = Thu Feb 19, inside the Spring Festival → Tue Feb 24.
    expect(dueAt('mediation_outcome', '2026-01-20T02:00:00Z')).toBe('2026-02-24T15:59:59.999Z');
    // 06-01 + 30 days = Wed Jul 1, a working day: unchanged.
    expect(dueAt('judicial_confirmation_request', '2026-06-01T02:00:00Z')).toBe('2026-07-01T15:59:59.999Z');
    // Transferred 2026-09-30T16:30Z = Oct 1 00:30 CST; 3 days → Oct 4, National Day → Thu Oct 8.
    expect(dueAt('police_decision', '2026-09-30T16:30:00Z')).toBe('2026-10-08T15:59:59.999Z');
    // Tue 2026-03-03 + 5 days = Sun Mar 8 → Mon Mar 9.
    expect(dueAt('arbitration_acceptance', '2026-03-03T02:00:00Z')).toBe('2026-03-09T15:59:59.999Z');
  });

  it('gives arbitration acceptance and the police decision triggered on 2026-09-29 until the end of Oct 8 (National Day)', () => {
    // 09-29 + 5 days = Oct 4 and + 3 days = Oct 2, both inside Oct 1–7: the next working day is Thu Oct 8.
    for (const instant of ['2026-09-29T01:00:00Z', '2026-09-29T15:59:59Z', '2026-09-28T16:00:00Z']) {
      expect(dueAt('arbitration_acceptance', instant)).toBe('2026-10-08T15:59:59.999Z');
      expect(dueAt('police_decision', instant)).toBe('2026-10-08T15:59:59.999Z');
    }
  });

  it('gives the adjudication decision 3 months from filing, clamped to the month end and rolled over', () => {
    expect(dueAt('adjudication_decision', '2026-03-10T02:00:00Z')).toBe('2026-06-10T15:59:59.999Z');
    // Nov 30 + 3 months = Sun 2027-02-28 (clamped) → Mon Mar 1, judged by weekends alone.
    expect(computeDeadline('adjudication_decision', at('2026-11-30T02:00:00Z'), cal)).toMatchObject({
      dueAt: '2027-03-01T15:59:59.999Z',
      calendarIncomplete: true,
    });
  });
});

/**
 * SPEC §6 v2 roll-over at the edges of every 2026 holiday (SPEC §7). A 3-calendar-day period
 * (police_decision) is triggered so that its last day falls on the day before the holiday, on its
 * first day, inside it and on its last day; a 3-month period (adjudication_decision) into it; and a
 * 5-working-day period (filing_review), which roll-over never changes.
 */
describe('roll-over at each 2026 holiday (SPEC §6 v2, §7)', () => {
  const DAY = 86_400_000;
  /** The instant (10:00 CST) `days` calendar days before `date`. */
  const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T02:00:00Z`) - days * DAY);
  const policeDue = (lastDay: string) => computeDeadline('police_decision', daysBefore(lastDay, 3), cal).dueAt;
  const endOf = (date: string) => `${date}T15:59:59.999Z`;

  const HOLIDAYS = [
    // name, first day, a day inside, last day, the day before (a working day), the next working day,
    // and the 5th working day counted from the day before (worked out by hand, make-up days counted)
    {
      name: 'New Year',
      first: '2026-01-01',
      inside: '2026-01-02',
      last: '2026-01-03',
      before: null,
      next: '2026-01-04',
      fiveWorkingDays: '2026-01-08',
    },
    {
      name: 'Spring Festival',
      first: '2026-02-15',
      inside: '2026-02-19',
      last: '2026-02-23',
      before: '2026-02-14',
      next: '2026-02-24',
      fiveWorkingDays: '2026-02-28',
    },
    {
      name: 'Qingming',
      first: '2026-04-04',
      inside: '2026-04-05',
      last: '2026-04-06',
      before: '2026-04-03',
      next: '2026-04-07',
      fiveWorkingDays: '2026-04-13',
    },
    {
      name: 'Labour Day',
      first: '2026-05-01',
      inside: '2026-05-03',
      last: '2026-05-05',
      before: '2026-04-30',
      next: '2026-05-06',
      fiveWorkingDays: '2026-05-11',
    },
    {
      name: 'Dragon Boat',
      first: '2026-06-19',
      inside: '2026-06-20',
      last: '2026-06-21',
      before: '2026-06-18',
      next: '2026-06-22',
      fiveWorkingDays: '2026-06-26',
    },
    {
      name: 'Mid-Autumn',
      first: '2026-09-25',
      inside: '2026-09-26',
      last: '2026-09-27',
      before: '2026-09-24',
      next: '2026-09-28',
      fiveWorkingDays: '2026-10-09',
    },
    {
      name: 'National Day',
      first: '2026-10-01',
      inside: '2026-10-04',
      last: '2026-10-07',
      before: '2026-09-30',
      next: '2026-10-08',
      fiveWorkingDays: '2026-10-13',
    },
  ] as const;

  for (const h of HOLIDAYS) {
    describe(h.name, () => {
      it(`a day period ending on the day before ${h.first} is not moved`, () => {
        if (h.before === null) {
          // Dec 31, 2025 is in a year the data does not cover: kept, but marked as an estimate.
          const d = computeDeadline('police_decision', daysBefore('2025-12-31', 3), cal);
          expect(d).toMatchObject({ dueAt: endOf('2025-12-31'), calendarIncomplete: true });
          return;
        }
        expect(policeDue(h.before)).toBe(endOf(h.before));
      });

      it(`a day period ending on the first day, inside or on the last day rolls over to ${h.next}`, () => {
        expect(policeDue(h.first)).toBe(endOf(h.next));
        expect(policeDue(h.inside)).toBe(endOf(h.next));
        expect(policeDue(h.last)).toBe(endOf(h.next));
        expect(computeDeadline('police_decision', daysBefore(h.first, 3), cal)).not.toHaveProperty('calendarIncomplete');
      });

      it(`a month period ending inside the holiday rolls over to ${h.next}`, () => {
        // Filed 3 months before the day inside the holiday (same day of month).
        const [y, m, d] = h.inside.split('-').map(Number) as [number, number, number];
        const filed = new Date(Date.UTC(y, m - 1 - 3, d, 2));
        expect(computeDeadline('adjudication_decision', filed, cal).dueAt).toBe(endOf(h.next));
      });

      it(`a working-day period started the day before is not rolled: it ends on its 5th working day, ${h.fiveWorkingDays}`, () => {
        expect(computeDeadline('filing_review', daysBefore(h.before ?? '2025-12-31', 0), cal).dueAt).toBe(endOf(h.fiveWorkingDays));
      });
    });
  }

  it('gives filing review its exact working days around National Day, make-up Saturday Oct 10 included', () => {
    // From Wed Sep 30: Oct 1–7 off, 1 Thu 8, 2 Fri 9, 3 Sat 10 (make-up), Sun 11 off, 4 Mon 12, 5 Tue 13.
    expect(dueAt('filing_review', '2026-09-30T02:00:00Z')).toBe(endOf('2026-10-13'));
  });

  it('does not move a day period that ends on a make-up working day (调休)', () => {
    for (const makeUp of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(policeDue(makeUp)).toBe(endOf(makeUp));
    }
  });

  it('rolls a day period ending on an ordinary weekend over to Monday', () => {
    expect(policeDue('2026-03-07')).toBe(endOf('2026-03-09')); // Saturday
    expect(policeDue('2026-03-08')).toBe(endOf('2026-03-09')); // Sunday
  });
});

describe('CLOCK_BASIS (SPEC §6: every clock kind, its rule and its legal basis)', () => {
  it('has one entry per deadline kind with the default period', () => {
    expect(Object.keys(CLOCK_BASIS).sort()).toEqual([...DEADLINE_KINDS].sort());
    for (const kind of DEADLINE_KINDS) expect(CLOCK_BASIS[kind].period).toEqual(DEFAULT_DEADLINE_RULES[kind]);
  });

  it('rolls over exactly the periods counted in days or months', () => {
    for (const kind of DEADLINE_KINDS) {
      expect(CLOCK_BASIS[kind].rollOver, kind).toBe(CLOCK_BASIS[kind].period.unit !== 'working_days');
      if (CLOCK_BASIS[kind].rollOver) expect(CLOCK_BASIS[kind].basis, kind).toContain('Civil Procedure Law art. 85');
    }
  });

  it('names the basis SPEC §6 gives', () => {
    expect(CLOCK_BASIS.filing_review.basis).toContain('patent administrative enforcement rules');
    expect(CLOCK_BASIS.adjudication_decision.basis).toContain('patent administrative enforcement rules');
    expect(CLOCK_BASIS.arbitration_acceptance.basis).toContain('Arbitration Law art. 24');
    expect(CLOCK_BASIS.notarization_certificate.basis).toContain('notarization procedure rules');
    expect(CLOCK_BASIS.mediation_outcome.basis).toContain('court mediation practice');
    expect(CLOCK_BASIS.judicial_confirmation_request.basis).toContain('judicial confirmation rules');
    expect(CLOCK_BASIS.court_confirmation.basis).toContain('judicial confirmation rules');
    expect(CLOCK_BASIS.police_decision.basis).toContain('administrative–criminal transfer rules');
    expect(CLOCK_BASIS.enforcement_filing.basis).toContain('SAMR administrative penalty procedure rules');
    expect(CLOCK_BASIS.enforcement_decision.basis).toContain('SAMR administrative penalty procedure rules');
  });
});

describe('extendDeadline', () => {
  it('extends an adjudication decision by 1 month from the old due date, once', () => {
    const first = computeDeadline('adjudication_decision', at('2026-03-10T02:00:00Z'), cal);
    const extended = extendDeadline(first, cal);
    expect(extended).toEqual({
      ok: true,
      deadline: {
        kind: 'adjudication_decision',
        dueAt: '2026-07-10T15:59:59.999Z',
        overdue: false,
        extended: true,
        startedOn: '2026-03-10',
        extension: { unit: 'months', amount: 1 },
      },
    });
    if (!extended.ok) throw new Error('unreachable');
    expect(extendDeadline(extended.deadline, cal)).toEqual({ ok: false, error: 'deadline.already_extended' });
  });

  it('clamps the extension to the month end: due Aug 31 + 1 month is Sep 30', () => {
    // Filed 2026-05-31 → due Mon 2026-08-31 → extended to Wed 2026-09-30.
    const first = computeDeadline('adjudication_decision', at('2026-05-31T02:00:00Z'), cal);
    expect(first.dueAt).toBe('2026-08-31T15:59:59.999Z');
    const extended = extendDeadline(first, cal);
    expect(extended.ok && extended.deadline.dueAt).toBe('2026-09-30T15:59:59.999Z');
  });

  it('rolls an extension whose last day is a holiday over: Jun 2 + 4 months = Oct 2 → Oct 8', () => {
    const first = computeDeadline('adjudication_decision', at('2026-03-02T02:00:00Z'), cal); // due Tue Jun 2
    expect(first.dueAt).toBe('2026-06-02T15:59:59.999Z');
    const extended = extendDeadline(first, cal, DEFAULT_DEADLINE_RULES, { unit: 'months', amount: 4 });
    expect(extended.ok && extended.deadline).toMatchObject({
      dueAt: '2026-10-08T15:59:59.999Z',
      extended: true,
      extension: { unit: 'months', amount: 4 },
    });
  });

  it('extends a mediation by the default 30 days, from the rolled-over due date', () => {
    const first = computeDeadline('mediation_outcome', at('2026-01-20T02:00:00Z'), cal); // Feb 19 → Feb 24
    const extended = extendDeadline(first, cal);
    expect(extended.ok && extended.deadline).toMatchObject({ dueAt: '2026-03-26T15:59:59.999Z', extended: true });
  });

  it('extends by a granted period instead of the configured one, still only kinds that may be extended', () => {
    const first = computeDeadline('mediation_outcome', at('2026-01-20T02:00:00Z'), cal); // Feb 24
    const extended = extendDeadline(first, cal, DEFAULT_DEADLINE_RULES, { unit: 'calendar_days', amount: 10 });
    expect(extended.ok && extended.deadline).toMatchObject({
      dueAt: '2026-03-06T15:59:59.999Z',
      extension: { unit: 'calendar_days', amount: 10 },
    });
    const filing = computeDeadline('filing_review', at('2026-03-05T02:00:00Z'), cal);
    expect(extendDeadline(filing, cal, DEFAULT_DEADLINE_RULES, { unit: 'calendar_days', amount: 10 })).toEqual({
      ok: false,
      error: 'deadline.not_extendable',
    });
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
    // Jan 8 + 30 days = Sun 2027-02-07 → Mon Feb 8. A clock without startedOn (stored before v2) gets none.
    expect(extended.ok && extended.deadline).toEqual({
      kind: 'mediation_outcome',
      dueAt: '2027-02-08T15:59:59.999Z',
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
    // Sep 18 + 30 days = Sun Oct 18 → Mon Oct 19.
    expect(firstDeadlineOnQueueing('mediation', queuedAt, cal)).toMatchObject({
      kind: 'mediation_outcome',
      dueAt: '2026-10-19T15:59:59.999Z',
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
    // 15 working days from Fri Sep 18: Sep 20 (make-up), 21, 22, 23, 24, 28, 29, 30, Oct 8, 9, 10 (make-up), 12, 13, 14, 15.
    expect(firstDeadlineOnQueueing('administrative_enforcement', queuedAt, cal)).toMatchObject({
      kind: 'enforcement_filing',
      dueAt: '2026-10-15T15:59:59.999Z',
    });
  });
});

describe('deadline rules configuration', () => {
  it('has a default rule for every kind, with extensions only for the adjudication decision, mediation and the two enforcement clocks', () => {
    expect(Object.keys(DEFAULT_DEADLINE_RULES).sort()).toEqual([...DEADLINE_KINDS].sort());
    const extendable = DEADLINE_KINDS.filter((k) => DEFAULT_DEADLINE_RULES[k].extension);
    expect(extendable).toEqual(['adjudication_decision', 'mediation_outcome', 'enforcement_filing', 'enforcement_decision']);
    expect(DEFAULT_DEADLINE_RULES.enforcement_filing).toEqual({
      unit: 'working_days',
      amount: 15,
      extension: { unit: 'working_days', amount: 15 },
    });
    expect(DEFAULT_DEADLINE_RULES.enforcement_decision).toEqual({
      unit: 'calendar_days',
      amount: 90,
      extension: { unit: 'calendar_days', amount: 30 },
    });
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

describe('recomputeDeadline (SPEC §6 "Calendar operations")', () => {
  const with2027 = mergeCalendars(cal, {
    years: { '2027': { source: 'test notice', holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] } },
  });

  it('moves a filing-review clock started 2026-12-31 from Jan 7 to Jan 8 once 1 January 2027 is a holiday', () => {
    const before = computeDeadline('filing_review', at('2026-12-31T02:00:00Z'), cal);
    expect(before).toMatchObject({ dueAt: '2027-01-07T15:59:59.999Z', calendarIncomplete: true, startedOn: '2026-12-31' });
    expect(recomputeDeadline(before, with2027)).toEqual({
      kind: 'filing_review',
      dueAt: '2027-01-08T15:59:59.999Z',
      overdue: false,
      extended: false,
      startedOn: '2026-12-31',
    });
  });

  it('gives the same clock when the calendar did not change, and drops only the mark when the day stands', () => {
    const clock = computeDeadline('filing_review', at('2026-09-18T02:00:00Z'), cal);
    expect(recomputeDeadline(clock, cal)).toEqual(clock);
    // Police decision due Mon 2027-01-04 (estimated); 2027 data with no holiday that day keeps it, now certain.
    const estimated = { ...computeDeadline('police_decision', at('2026-12-31T02:00:00Z'), cal), reminded: true };
    expect(estimated.calendarIncomplete).toBe(true);
    const noChange = mergeCalendars(cal, { years: { '2027': { source: 'test', holidays: ['2027-02-10'], workdays: [] } } });
    expect(recomputeDeadline(estimated, noChange)).toEqual({
      kind: 'police_decision',
      dueAt: '2027-01-04T15:59:59.999Z',
      overdue: false,
      extended: false,
      startedOn: '2026-12-31',
      reminded: true,
    });
  });

  it('resets overdue and the reminder when the due day moves', () => {
    const before = { ...computeDeadline('filing_review', at('2026-12-31T02:00:00Z'), cal), overdue: true, reminded: true };
    const after = recomputeDeadline(before, with2027);
    expect(after).toMatchObject({ dueAt: '2027-01-08T15:59:59.999Z', overdue: false });
    expect(after).not.toHaveProperty('reminded');
  });

  it('counts the granted extension again from the recounted due date', () => {
    // Mediation queued Tue 2026-12-01: + 30 = Thu Dec 31; extended 30 days: Sat 2027-01-30 → Mon Feb 1 (estimated).
    const first = computeDeadline('mediation_outcome', at('2026-12-01T02:00:00Z'), cal);
    const extended = extendDeadline(first, cal);
    if (!extended.ok) throw new Error('not extended');
    expect(extended.deadline).toMatchObject({ dueAt: '2027-02-01T15:59:59.999Z', calendarIncomplete: true });
    const feb1Holiday = mergeCalendars(cal, { years: { '2027': { source: 'test', holidays: ['2027-02-01'], workdays: [] } } });
    expect(recomputeDeadline(extended.deadline, feb1Holiday)).toEqual({
      kind: 'mediation_outcome',
      dueAt: '2027-02-02T15:59:59.999Z',
      overdue: false,
      extended: true,
      startedOn: '2026-12-01',
      extension: { unit: 'calendar_days', amount: 30 },
    });
  });

  it('counts an extension of some days (mediation by consent, an approved request) again too', () => {
    // Mediation queued Tue 2026-12-01, due Thu Dec 31; extended 15 days: Fri 2027-01-15 (estimated).
    const first = computeDeadline('mediation_outcome', at('2026-12-01T02:00:00Z'), cal);
    const extended = extendDeadlineByDays(first, 15, cal);
    if (!extended.ok) throw new Error('not extended');
    expect(extended.deadline).toMatchObject({ dueAt: '2027-01-15T15:59:59.999Z', extension: { unit: 'calendar_days', amount: 15 } });
    const jan15Holiday = mergeCalendars(cal, { years: { '2027': { source: 'test', holidays: ['2027-01-15'], workdays: [] } } });
    expect(recomputeDeadline(extended.deadline, jan15Holiday)).toMatchObject({ dueAt: '2027-01-18T15:59:59.999Z', extended: true });
  });

  it('leaves clocks it cannot count again as they are: stored before v2, unknown kind, extension not on record', () => {
    const old: Deadline = {
      kind: 'filing_review',
      dueAt: '2027-01-07T15:59:59.999Z',
      overdue: false,
      extended: false,
      calendarIncomplete: true,
    };
    expect(recomputeDeadline(old, with2027)).toBe(old);
    const unknown: Deadline = { ...old, kind: 'supervision_order', startedOn: '2026-12-31' };
    expect(recomputeDeadline(unknown, with2027)).toBe(unknown);
    const extendedByDays: Deadline = { ...old, extended: true, startedOn: '2026-12-31' };
    expect(recomputeDeadline(extendedByDays, with2027)).toBe(extendedByDays);
  });
});

describe('administrative enforcement clocks (SPEC §12)', () => {
  const endOf = (date: string) => `${date}T15:59:59.999Z`;
  /** 10:00 CST on `date`. */
  const tenAm = (date: string) => at(`${date}T02:00:00Z`);

  it('counts the filing decision in working days across Labour Day and its make-up Saturday', () => {
    // Prepare: lead received Mon 2026-04-27.
    // 1 Tue Apr 28, 2 Wed 29, 3 Thu 30, May 1–5 holidays, 4 Wed 6, 5 Thu 7, 6 Fri 8, 7 Sat 9 (make-up),
    // Sun 10 off, 8 Mon 11, 9 Tue 12, 10 Wed 13, 11 Thu 14, 12 Fri 15, 13 Mon 18, 14 Tue 19, 15 Wed 20.
    // Act
    const clock = computeDeadline('enforcement_filing', tenAm('2026-04-27'), cal);

    // Assess
    expect(clock).toEqual({
      kind: 'enforcement_filing',
      dueAt: endOf('2026-05-20'),
      overdue: false,
      extended: false,
      startedOn: '2026-04-27',
    });
  });

  it('gives the penalty decision 90 calendar days from filing, rolled over when the last day is a holiday', () => {
    // Tue Mar 3 + 90 days = Mon Jun 1, a working day: unchanged.
    expect(dueAt('enforcement_decision', '2026-03-03T02:00:00Z')).toBe(endOf('2026-06-01'));
    // Fri Jul 3 + 90 days = Thu Oct 1, National Day → Thu Oct 8.
    expect(dueAt('enforcement_decision', '2026-07-03T02:00:00Z')).toBe(endOf('2026-10-08'));
  });

  it('extends the filing decision once by 15 working days from the old due day', () => {
    // Prepare: due Wed May 20 (above).
    const clock = computeDeadline('enforcement_filing', tenAm('2026-04-27'), cal);

    // Act: May 21, 22, 25, 26, 27, 28, 29, Jun 1, 2, 3, 4, 5, 8, 9, 10.
    const extended = extendDeadline(clock, cal);

    // Assess
    expect(extended.ok && extended.deadline).toMatchObject({ dueAt: endOf('2026-06-10'), extended: true });
  });

  describe('pausing and resuming', () => {
    it('moves a penalty-decision clock by the calendar days it was paused, and keeps them in `suspended`', () => {
      // Prepare: filed Tue Mar 3, due Mon Jun 1.
      const clock = computeDeadline('enforcement_decision', tenAm('2026-03-03'), cal);

      // Act: paused Tue Mar 10 (appraisal), resumed Fri Mar 20: Mar 10–19 is 10 days.
      const paused = pauseDeadline(clock, '委托鉴定', tenAm('2026-03-10'));
      if (!paused.ok) throw new Error(paused.error);
      const resumed = resumeDeadline(paused.deadline, tenAm('2026-03-20'), cal);

      // Assess
      expect(paused.deadline.paused).toEqual({ since: '2026-03-10', reason: '委托鉴定' });
      expect(paused.deadline.dueAt).toBe(clock.dueAt);
      expect(clockPaused(paused.deadline)).toBe(true);
      expect(resumed).toEqual({
        ok: true,
        days: 10,
        deadline: { ...clock, dueAt: endOf('2026-06-11'), suspended: 10 },
      });
      if (!resumed.ok) throw new Error(resumed.error);
      expect(clockPaused(resumed.deadline)).toBe(false);
      expect(recomputeDeadline(resumed.deadline, cal).dueAt).toBe(endOf('2026-06-11'));
    });

    it('counts a pause over Qingming in calendar days for the penalty decision and rolls the new last day over', () => {
      // Prepare: due Mon Jun 1; paused Thu Apr 2, resumed Wed Apr 8: Apr 2–7 is 6 days.
      const clock = computeDeadline('enforcement_decision', tenAm('2026-03-03'), cal);
      const paused = pauseDeadline(clock, '听证', tenAm('2026-04-02'));
      if (!paused.ok) throw new Error(paused.error);

      // Act: Jun 1 + 6 = Sun Jun 7 → Mon Jun 8.
      const resumed = resumeDeadline(paused.deadline, tenAm('2026-04-08'), cal);

      // Assess
      expect(resumed.ok && resumed.deadline).toMatchObject({ dueAt: endOf('2026-06-08'), suspended: 6 });
      expect(resumed.ok && resumed.days).toBe(6);
      if (!resumed.ok) throw new Error(resumed.error);
      expect(recomputeDeadline(resumed.deadline, cal).dueAt).toBe(resumed.deadline.dueAt);
    });

    it('moves a filing clock by the working days it was paused, skipping a holiday inside the pause', () => {
      // Prepare: lead received Mon Mar 30. 1 Tue 31, 2 Apr 1, 3 Apr 2, 4 Apr 3, Apr 4–6 Qingming, 5 Apr 7 …
      // 13 Apr 17, 14 Apr 20, 15 Tue Apr 21.
      const clock = computeDeadline('enforcement_filing', tenAm('2026-03-30'), cal);
      expect(clock.dueAt).toBe(endOf('2026-04-21'));

      // Act: paused Thu Apr 2 (the rights holder identifies the goods), resumed Wed Apr 8:
      // Apr 2, 3 and 7 are working days; Apr 4–6 are not.
      const paused = pauseDeadline(clock, '权利人辨认', tenAm('2026-04-02'));
      if (!paused.ok) throw new Error(paused.error);
      const resumed = resumeDeadline(paused.deadline, tenAm('2026-04-08'), cal);

      // Assess: Apr 21 + 3 working days = Fri Apr 24.
      expect(resumed).toEqual({ ok: true, days: 3, deadline: { ...clock, dueAt: endOf('2026-04-24'), suspended: 3 } });
      if (!resumed.ok) throw new Error(resumed.error);
      expect(recomputeDeadline(resumed.deadline, cal).dueAt).toBe(endOf('2026-04-24'));
    });

    it('counts a working-day clock’s pause in working days, not calendar days', () => {
      // Prepare: lead received Mon Mar 2: 15 working days → Mon Mar 23.
      const clock = computeDeadline('enforcement_filing', tenAm('2026-03-02'), cal);
      expect(clock.dueAt).toBe(endOf('2026-03-23'));
      const paused = pauseDeadline(clock, '检测', tenAm('2026-03-11'));
      if (!paused.ok) throw new Error(paused.error);

      // Act: paused Wed Mar 11, resumed Mon Mar 16: 5 calendar days, 3 working days (Mar 11, 12, 13).
      const resumed = resumeDeadline(paused.deadline, tenAm('2026-03-16'), cal);

      // Assess: Mar 23 + 3 working days = Thu Mar 26 (5 calendar days would give Mon Mar 30).
      expect(resumed.ok && resumed.deadline).toMatchObject({ dueAt: endOf('2026-03-26'), suspended: 3 });
    });

    it('adds up the days of two pauses in `suspended`, and a recount over the same calendar keeps the due day', () => {
      // Prepare: the filing clock due Mon Mar 23.
      const clock = computeDeadline('enforcement_filing', tenAm('2026-03-02'), cal);
      const first = pauseDeadline(clock, '检测', tenAm('2026-03-04'));
      if (!first.ok) throw new Error(first.error);
      const back = resumeDeadline(first.deadline, tenAm('2026-03-06'), cal); // Mar 4, 5: 2 working days → Wed Mar 25
      if (!back.ok) throw new Error(back.error);
      const second = pauseDeadline(back.deadline, '鉴定', tenAm('2026-03-09'));
      if (!second.ok) throw new Error(second.error);

      // Act: Mar 9, 10, 11: 3 working days → Mon Mar 30.
      const again = resumeDeadline(second.deadline, tenAm('2026-03-12'), cal);

      // Assess
      expect(back.deadline).toMatchObject({ dueAt: endOf('2026-03-25'), suspended: 2 });
      expect(again.ok && again.deadline).toMatchObject({ dueAt: endOf('2026-03-30'), suspended: 5 });
      if (!again.ok) throw new Error(again.error);
      expect(recomputeDeadline(again.deadline, cal)).toEqual(again.deadline);
    });

    it('counts the paused working days again when the calendar changes', () => {
      // Prepare: filing clock received Mon 2026-12-14 (15 working days: Dec 15 … Jan 4, 2027 estimated),
      // paused Dec 16, resumed Dec 18 (2 working days).
      const clock = computeDeadline('enforcement_filing', tenAm('2026-12-14'), cal);
      const paused = pauseDeadline(clock, '检测', tenAm('2026-12-16'));
      if (!paused.ok) throw new Error(paused.error);
      const resumed = resumeDeadline(paused.deadline, tenAm('2026-12-18'), cal);
      if (!resumed.ok) throw new Error(resumed.error);
      // Dec 15 … 31 holds 13 working days; 14 Fri Jan 1, 15 Mon Jan 4 (by weekends alone), + 2: Tue 5, Wed 6.
      expect(resumed.deadline).toMatchObject({ dueAt: endOf('2027-01-06'), suspended: 2, calendarIncomplete: true });
      const with2027 = mergeCalendars(cal, {
        years: { '2027': { source: 'test notice', holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] } },
      });

      // Act
      const recounted = recomputeDeadline(resumed.deadline, with2027);

      // Assess: 14 Mon Jan 4, 15 Tue Jan 5, then the 2 paused days: Wed 6, Thu 7.
      expect(recounted).toMatchObject({ dueAt: endOf('2027-01-07'), suspended: 2 });
      expect(recounted).not.toHaveProperty('calendarIncomplete');
    });

    it('moves nothing when the clock is resumed the day it was paused', () => {
      const clock = computeDeadline('enforcement_decision', tenAm('2026-03-03'), cal);
      const paused = pauseDeadline(clock, '检测', tenAm('2026-03-10'));
      if (!paused.ok) throw new Error(paused.error);
      expect(resumeDeadline(paused.deadline, at('2026-03-10T09:00:00Z'), cal)).toEqual({ ok: true, days: 0, deadline: clock });
    });

    it('refuses to pause a clock twice', () => {
      // Prepare
      const paused = pauseDeadline(computeDeadline('enforcement_decision', tenAm('2026-03-03'), cal), '检测', tenAm('2026-03-10'));
      if (!paused.ok) throw new Error(paused.error);

      // Act
      const twice = pauseDeadline(paused.deadline, '鉴定', tenAm('2026-03-11'));

      // Assess
      expect(twice).toEqual({ ok: false, error: 'deadline.already_paused' });
    });

    it('refuses to resume a clock that is not paused', () => {
      const running = computeDeadline('enforcement_decision', tenAm('2026-03-03'), cal);
      expect(resumeDeadline(running, tenAm('2026-03-10'), cal)).toEqual({ ok: false, error: 'deadline.not_paused' });
    });

    it('refuses to pause a clock that has run out, flagged or not yet flagged', () => {
      // Prepare: the filing clock due Mon Mar 23.
      const clock = computeDeadline('enforcement_filing', tenAm('2026-03-02'), cal);

      // Act + Assess: the last millisecond of the due day still pauses; the next day does not.
      expect(pauseDeadline(clock, '检测', at('2026-03-23T15:59:59.999Z')).ok).toBe(true);
      expect(pauseDeadline(clock, '检测', at('2026-03-23T16:00:00.000Z'))).toEqual({ ok: false, error: 'deadline.overdue' });
      expect(pauseDeadline({ ...clock, overdue: true }, '检测', tenAm('2026-03-10'))).toEqual({ ok: false, error: 'deadline.overdue' });
    });

    it('drops the reminder when a clock is paused, so the sweep reminds again before the moved due day', () => {
      const clock = { ...computeDeadline('enforcement_decision', tenAm('2026-03-03'), cal), reminded: true };
      const paused = pauseDeadline(clock, '检测', tenAm('2026-03-10'));
      expect(paused.ok && paused.deadline).not.toHaveProperty('reminded');
    });
  });
});
