// GET and PUT /calendar/{year} — the working-day calendar as data the supervisor keeps (SPEC §6 v2
// "Calendar operations"). GET answers the year in force and where it comes from; PUT replaces the
// year (guarded by `expectedVersion`), records the diff in the year's hash-chained change log, and
// then counts again every open clock the change touches, each moved clock committed to its case with
// a `deadline_recomputed` event. Supervisor only.

import { mayCall } from '#domain/access.ts';
import { calendarYearPutSchema, type CalendarYear } from '#domain/calendar.ts';
import { calendarDiff, isCalendarYear, isNoChange, normalizeYear, recomputeCaseClock } from '#domain/calendar-changes.ts';
import type { Caller } from '#domain/access.ts';
import {
  CalendarVersionConflict,
  calendar,
  calendarInForce,
  deadlineRules,
  getStoredYear,
  listCalendarEvents,
  putStoredYear,
  type StoredYear,
} from '#lib/calendar.ts';
import { getCase, getCases, writeCases, WriteConflict } from '#lib/case-store.ts';
import { listDueCaseIds } from '#lib/case-lists.ts';
import { now } from '#lib/clock.ts';
import { ApiError, forbidden, notFound } from '#lib/errors.ts';
import { httpFunction, type HttpEvent } from '#lib/http.ts';
import { errorFields, log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

/**
 * Running clocks a PUT counts again at most, synchronously: a city has hundreds open. Beyond it the
 * answer says `complete: false` and sending the same PUT again (a no-change PUT still recounts)
 * takes the rest — the clocks already recounted come out the same and are not written twice.
 */
export const MAX_CLOCKS = 1000;
/** Tries per case when an action changed it between our read and our write. */
const CONFLICT_TRIES = 3;
const CONCURRENCY = 8;
/** Every running clock's index entry sorts below this (the byDeadline sort key is an ISO timestamp). */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

export const handler = httpFunction('calendar', async (event) => {
  const caller = callerOf(event);
  const method = event.requestContext.http.method;
  if (!mayCall(method === 'PUT' ? 'PUT /calendar/{year}' : 'GET /calendar/{year}', caller.role)) throw forbidden();
  // A year outside 2000–2100 (or not a year) names no calendar: 404, as a malformed case id does.
  const year = event.pathParameters?.['year'];
  if (!isCalendarYear(year)) throw notFound();
  if (method === 'PUT') return { status: 200, body: await replaceYear(event, caller, year) };
  return { status: 200, body: await yearView(year) };
});

type Origin = 'shipped' | 'stored' | 'none';

async function yearView(year: string) {
  const stored = await getStoredYear(year);
  if (stored) {
    return { year: Number(year), ...entry(stored), origin: 'stored' as Origin, version: stored.version, events: await publicEvents(year) };
  }
  const configured = calendar().years[year];
  if (configured) return { year: Number(year), ...normalizeYear(configured), origin: 'shipped' as Origin, version: 0 };
  return { year: Number(year), source: null, holidays: [], workdays: [], origin: 'none' as Origin, version: 0 };
}

const entry = (y: CalendarYear): CalendarYear => ({ source: y.source, holidays: y.holidays, workdays: y.workdays });

async function publicEvents(year: string) {
  return (await listCalendarEvents(year)).map(({ caseId: _chain, ...e }) => e);
}

async function replaceYear(event: HttpEvent, caller: Caller, year: string) {
  const { expectedVersion = 0, ...body } = validate(calendarYearPutSchema(year), jsonBody(event), event);
  const next = normalizeYear(body);
  const stored = await getStoredYear(year);
  if ((stored?.version ?? 0) !== expectedVersion) throw stale(stored?.version ?? 0);
  const previous = stored ? entry(stored) : (calendar().years[year] ?? null);
  const diff = calendarDiff(year, previous, next);
  const at = now();
  let written: StoredYear | null = stored;
  if (!isNoChange(diff)) {
    try {
      written = await putStoredYear(year, next, stored, { role: caller.role, sub: caller.sub }, diff, at.toISOString());
    } catch (error) {
      if (error instanceof CalendarVersionConflict) throw stale(error.current);
      throw error;
    }
    log.info('calendar year replaced', { year, version: written.version, ...counts(diff) });
  }
  const { recomputed, complete } = await recomputeClocks(year, at);
  const view = await yearView(year);
  return { ...view, version: written?.version ?? 0, recomputed, complete };
}

const counts = (diff: ReturnType<typeof calendarDiff>) => ({
  addedHolidays: diff.addedHolidays.length,
  removedHolidays: diff.removedHolidays.length,
  addedWorkdays: diff.addedWorkdays.length,
  removedWorkdays: diff.removedWorkdays.length,
});

function stale(current: number): ApiError {
  const message = `the calendar year is at version ${current}`;
  return new ApiError('CONFLICT', [{ path: 'expectedVersion', message, reason: 'version.stale', version: current }], {
    current: { version: current },
  });
}

/**
 * Every running clock (the byDeadline index: an index Query, no Scan) that the change to `year`
 * touches is counted again over the calendar now in force; a clock that moves (or loses its
 * `calendarIncomplete` mark) is committed with its event, retrying a case an action changed meanwhile.
 * Overdue clocks have left the index and are not recounted: the sweep has already told everyone.
 */
async function recomputeClocks(year: string, at: Date): Promise<{ recomputed: number; complete: boolean }> {
  const ids = await listDueCaseIds(END_OF_TIME, MAX_CLOCKS + 1);
  const batch = ids.slice(0, MAX_CLOCKS);
  const cal = await calendarInForce();
  const rules = deadlineRules();
  const found = await getCases(batch);
  let recomputed = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const caseId = batch[next++]!;
      try {
        if (await recomputeOne(caseId, found.get(caseId) ?? null, year, cal, rules, at)) recomputed++;
      } catch (error) {
        failed++;
        log.error('recounting a clock failed; a PUT of the same year retries it', { caseId, ...errorFields(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
  const complete = ids.length <= MAX_CLOCKS && failed === 0;
  if (recomputed > 0 || !complete)
    log.info('clocks recounted after a calendar change', { year, running: batch.length, recomputed, failed, complete });
  return { recomputed, complete };
}

async function recomputeOne(
  caseId: string,
  read: Awaited<ReturnType<typeof getCase>>,
  year: string,
  cal: Awaited<ReturnType<typeof calendarInForce>>,
  rules: ReturnType<typeof deadlineRules>,
  at: Date,
): Promise<boolean> {
  let current = read;
  for (let attempt = 1; current; attempt++) {
    const change = recomputeCaseClock(current, year, cal, rules, at);
    if (!change) return false;
    try {
      await writeCases([{ transition: { case: change.case, events: [change.event] }, expectedVersion: current.version, before: current }]);
      log.info('deadline recomputed', { caseId, previous: current.deadline?.dueAt, dueAt: change.case.deadline?.dueAt, year });
      return true;
    } catch (error) {
      if (!(error instanceof WriteConflict) || attempt >= CONFLICT_TRIES) throw error;
      current = await getCase(caseId);
    }
  }
  return false;
}
