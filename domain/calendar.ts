// The working-day calendar (SPEC §6, §7): which China Standard Time dates are working days, and
// date arithmetic over them. Pure: dates are 'YYYY-MM-DD' strings, instants are passed in.
// The holiday data is shipped as JSON so an operator adds a year without a code change.

import * as z from 'zod/mini';
import shippedData from './calendar/holidays.json' with { type: 'json' };
import { textSchema } from './fields.schema.ts';

/** A calendar date, 'YYYY-MM-DD', always meant in China Standard Time. */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000; // China has no daylight saving time, so the offset is fixed.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real date in 'YYYY-MM-DD' form (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(date: CalendarDate): [number, number, number] {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

// Dates are handled as UTC midnights internally: plain day arithmetic with no host time zone involved.
function toDayMs(date: CalendarDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

function fromDayMs(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function isWeekend(date: CalendarDate): boolean {
  const dow = new Date(toDayMs(date)).getUTCDay();
  return dow === 0 || dow === 6;
}

const dateSchema = z.string().check(z.refine(isCalendarDate, 'expected a YYYY-MM-DD date'));
const yearSchema = z.strictObject({
  source: z.string().check(z.minLength(1)),
  holidays: z.array(dateSchema),
  workdays: z.array(dateSchema),
});

/** One year's entry: the notice it comes from, its public holidays and its make-up working days (调休). */
export type CalendarYear = z.infer<typeof yearSchema>;

/**
 * The cross-field checks of one year's entry, with paths relative to the entry. They catch operator
 * typos that would otherwise silently shift deadlines; the shipped file, EXTRA_CALENDAR and
 * `PUT /calendar/{year}` all go through them.
 */
export function calendarYearProblems(
  year: string,
  entry: { holidays: readonly string[]; workdays: readonly string[] },
): { message: string; path: (string | number)[] }[] {
  const problems: { message: string; path: (string | number)[] }[] = [];
  for (const key of ['holidays', 'workdays'] as const) {
    entry[key].forEach((date, i) => {
      if (isCalendarDate(date) && !date.startsWith(`${year}-`)) problems.push({ message: `${date} is not in ${year}`, path: [key, i] });
      else if (entry[key].indexOf(date) !== i) problems.push({ message: `${date} is listed twice`, path: [key, i] });
    });
  }
  entry.workdays.forEach((date, i) => {
    if (entry.holidays.includes(date)) {
      problems.push({ message: `${date} is both a holiday and a workday`, path: ['workdays', i] });
    } else if (isCalendarDate(date) && !isWeekend(date)) {
      // A make-up working day (调休) is always a Saturday or Sunday; a weekday here is a typo.
      problems.push({ message: `${date} is a weekday, not a make-up working day`, path: ['workdays', i] });
    }
  });
  return problems;
}

/** The shape of holidays.json and of any extra calendar data merged at runtime. */
export const calendarSchema = z
  .strictObject({ years: z.record(z.string().check(z.regex(/^\d{4}$/, 'expected a four-digit year')), yearSchema) })
  .check(
    z.superRefine((cal: { years: Record<string, { source: string; holidays: string[]; workdays: string[] }> }, ctx) => {
      for (const [year, entry] of Object.entries(cal.years)) {
        for (const p of calendarYearProblems(year, entry)) {
          ctx.addIssue({ code: 'custom', message: p.message, path: ['years', year, ...p.path] });
        }
      }
    }),
  );

export type Calendar = z.infer<typeof calendarSchema>;

/** The calendar shipped with the code; validated at load so bad data fails the deploy, not a deadline. */
export const SHIPPED_CALENDAR: Calendar = calendarSchema.parse(shippedData);

/** Years from `b` are added to `a`; where both have a year, `b`'s entry replaces `a`'s (a correction). */
export function mergeCalendars(a: Calendar, b: Calendar): Calendar {
  return { years: { ...a.years, ...b.years } };
}

export function coversYear(year: number, cal: Calendar): boolean {
  return Object.hasOwn(cal.years, String(year));
}

/** Weekends are non-working unless listed as make-up workdays; listed holidays are non-working. */
export function isWorkingDay(date: CalendarDate, cal: Calendar): boolean {
  const entry = cal.years[date.slice(0, 4)];
  if (entry?.holidays.includes(date)) return false;
  if (entry?.workdays.includes(date)) return true;
  return !isWeekend(date);
}

export function addCalendarDays(date: CalendarDate, n: number): CalendarDate {
  return fromDayMs(toDayMs(date) + n * DAY_MS);
}

/** Same day n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28 or 29). */
export function addMonths(date: CalendarDate, n: number): CalendarDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The n-th working day after `startDate` (the start date itself never counts; n = 0 gives the start
 * date). Days in a year the calendar doesn't cover are judged by weekends alone, and the result says
 * so with `calendarIncomplete: true` so the caller can warn rather than the clock silently guessing.
 */
export function addWorkingDays(startDate: CalendarDate, n: number, cal: Calendar): { date: CalendarDate; calendarIncomplete: boolean } {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
  let ms = toDayMs(startDate);
  let date = startDate;
  let calendarIncomplete = false;
  for (let counted = 0; counted < n; ) {
    ms += DAY_MS;
    date = fromDayMs(ms);
    if (!coversYear(Number(date.slice(0, 4)), cal)) calendarIncomplete = true;
    if (isWorkingDay(date, cal)) counted++;
  }
  return { date, calendarIncomplete };
}

/**
 * Roll-over (SPEC §6 v2, Civil Procedure Law art. 85): a period counted in days or months whose last
 * day is not a working day ends on the next working day. `date` itself when it is a working day.
 * Any day judged in a year the calendar doesn't cover makes the answer `calendarIncomplete`: a
 * weekday there may yet turn out to be a holiday.
 */
export function rollOverToWorkingDay(date: CalendarDate, cal: Calendar): { date: CalendarDate; calendarIncomplete: boolean } {
  let day = date;
  let calendarIncomplete = false;
  // The longest holiday run with its weekends is 9 days; the bound only guards against bad data.
  for (let i = 0; i <= 31; i++) {
    if (!coversYear(Number(day.slice(0, 4)), cal)) calendarIncomplete = true;
    if (isWorkingDay(day, cal)) break;
    day = addCalendarDays(day, 1);
  }
  return { date: day, calendarIncomplete };
}

/** The China Standard Time calendar date of an instant. */
export function cstDate(instant: Date): CalendarDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return fromDayMs(ms + CST_OFFSET_MS);
}

/** ISO UTC timestamp of 23:59:59.999 +08:00 on `date` (2026-03-05 → 2026-03-05T15:59:59.999Z). */
export function endOfCstDay(date: CalendarDate): string {
  return new Date(toDayMs(date) + DAY_MS - 1 - CST_OFFSET_MS).toISOString();
}

/** Most dates a year can list: every day of a leap year. */
const MAX_DATES = 366;

/**
 * The body of `PUT /calendar/{year}` (SPEC §6 "Calendar operations"): the whole year, replacing what
 * was in force. `expectedVersion` is the stored version read before (0 or left out to store a year
 * for the first time, shipped years included). The year's own checks are `calendarYearPutSchema`.
 */
export const calendarYearBodySchema = z.strictObject({
  expectedVersion: z.optional(z.number().check(z.int(), z.gte(0))),
  source: textSchema(1, 500),
  holidays: z.array(dateSchema).check(z.maxLength(MAX_DATES)),
  workdays: z.array(dateSchema).check(z.maxLength(MAX_DATES)),
});

/** The body for one year: its dates in that year, none listed twice or as both, make-up days on weekends. */
export function calendarYearPutSchema(year: string) {
  return calendarYearBodySchema.check(
    z.superRefine((body: { holidays: string[]; workdays: string[] }, ctx) => {
      for (const p of calendarYearProblems(year, body)) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
    }),
  );
}
