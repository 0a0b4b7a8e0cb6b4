// Calendar operations (SPEC §6 v2): the supervisor replaces a year's holidays and make-up working days
// as data; the change is audited as a diff, and every open clock it touches is counted again. Pure:
// the calendars, the rules and "now" are parameters.

import { cstDate, isCalendarDate, type Calendar, type CalendarYear } from './calendar.ts';
import { recomputeDeadline, type DeadlineRules } from './deadlines.ts';
import { commitChange } from './lifecycle.ts';
import { isFinal, type Case } from './model.ts';
import type { TimelineEvent } from './timeline.ts';

/** The years `PUT /calendar/{year}` accepts: wide enough for any case, narrow enough to mean a typo otherwise. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

export function isCalendarYear(value: string | undefined): value is string {
  if (!value || !/^\d{4}$/.test(value)) return false;
  const year = Number(value);
  return year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max;
}

/** The event type of a change to a year's calendar (its own hash-chained log) and of a case's clock counted again. */
export const CALENDAR_CHANGED = 'calendar_changed';
export const DEADLINE_RECOMPUTED = 'deadline_recomputed';

/** What a change did to a year: the audit record's `data`. */
export interface CalendarDiff {
  year: string;
  source: string;
  previousSource: string | null;
  addedHolidays: string[];
  removedHolidays: string[];
  addedWorkdays: string[];
  removedWorkdays: string[];
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((d) => !b.includes(d)).sort();

/** `previous` is the year in force before (shipped, configured or stored), or null when none was. */
export function calendarDiff(year: string, previous: CalendarYear | null, next: CalendarYear): CalendarDiff {
  const before = previous ?? { source: null, holidays: [], workdays: [] };
  return {
    year,
    source: next.source,
    previousSource: before.source,
    addedHolidays: minus(next.holidays, before.holidays),
    removedHolidays: minus(before.holidays, next.holidays),
    addedWorkdays: minus(next.workdays, before.workdays),
    removedWorkdays: minus(before.workdays, next.workdays),
  };
}

export function isNoChange(diff: CalendarDiff): boolean {
  return (
    diff.source === diff.previousSource &&
    diff.addedHolidays.length + diff.removedHolidays.length + diff.addedWorkdays.length + diff.removedWorkdays.length === 0
  );
}

/** A year's entry as stored: dates sorted and unique, so equal calendars read equal. */
export function normalizeYear(entry: CalendarYear): CalendarYear {
  return { source: entry.source, holidays: [...new Set(entry.holidays)].sort(), workdays: [...new Set(entry.workdays)].sort() };
}

/**
 * Whether a change to `year` can move the case's current clock: it runs, can be counted again
 * (`startedOn`), and either was counted without full calendar data or its counting span
 * [startedOn, due date] has days in that year. Roll-over only looks past the due date when the due
 * date itself is a holiday — a day of the span — so no day outside the span decides the count.
 */
export function clockTouchedBy(c: Case, year: string): boolean {
  const d = c.deadline;
  if (!d?.startedOn || !isCalendarDate(d.startedOn)) return false;
  const transferredTo = typeof c.outcome?.['transferredTo'] === 'string' ? c.outcome['transferredTo'] : null;
  if (isFinal(c.status) && !(c.status === 'transferred' && transferredTo === 'police')) return false;
  if (d.calendarIncomplete) return true;
  return d.startedOn <= `${year}-12-31` && cstDate(new Date(d.dueAt)) >= `${year}-01-01`;
}

export const CALENDAR_ACTOR = { role: 'system', sub: 'calendar' } as const;

/**
 * The case with its clock counted again over the new calendar, and its `deadline_recomputed` event
 * (public: parties see their clock move); null when the clock is untouched or comes out the same.
 */
export function recomputeCaseClock(
  c: Case,
  year: string,
  cal: Calendar,
  rules: Readonly<DeadlineRules>,
  now: Date,
): { case: Case; event: TimelineEvent } | null {
  if (!c.deadline || !clockTouchedBy(c, year)) return null;
  const previous = c.deadline;
  const deadline = recomputeDeadline(previous, cal, rules);
  if (deadline.dueAt === previous.dueAt && deadline.calendarIncomplete === previous.calendarIncomplete) return null;
  // A clock whose day moved is no longer overdue (recomputeDeadline resets it; commitChange the case flag).
  return commitChange(
    c,
    { deadline },
    { type: DEADLINE_RECOMPUTED, caller: CALENDAR_ACTOR, data: { previous, deadline, calendarYear: Number(year) } },
    now,
  );
}
