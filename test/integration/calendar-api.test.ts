// The working-day calendar as data (SPEC §6 v2 "Calendar operations") against real DynamoDB Local and
// the SQS emulator: a filing-review clock started 2026-12-31, counted without 2027 data
// (calendarIncomplete, due 2027-01-07), moves to 2027-01-08 when the supervisor PUTs a 2027 calendar
// making 1–3 January holidays; the case's timeline tells it with `deadline_recomputed`. The year's
// changes are audited in their own hash chain; only the supervisor may read or change it; bad bodies
// are 400 with field paths and a stale version 409.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as submit } from '../../functions/submit-complaint/handler.ts';
import { handler as calendarHandler } from '../../functions/calendar/handler.ts';
import * as clock from '#lib/clock.ts';
import { getCase } from '#lib/case-store.ts';
import { listTimeline } from '#lib/case-lists.ts';
import { calendarChainOf, forgetStoredCalendar } from '#lib/calendar.ts';
import type { HttpEvent } from '#lib/http.ts';
import { verifyChain } from '#domain/timeline.ts';
import { as, httpEvent } from '../support/events.ts';
import { validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { routeAll as routePipeline } from '../support/pipeline.ts';

let stack: LocalStack;

beforeAll(async () => {
  forgetStoredCalendar();
  stack = await startLocalStack();
});
afterAll(async () => {
  clock.setClockOffset(0);
  forgetStoredCalendar();
  await stack?.stop();
});

const ctx = {} as never;
const SUPERVISOR = 'supervisor-cal-1';

function setClock(iso: string): void {
  clock.setClockOffset(Date.parse(iso) - Date.now());
}

const sample = (method: 'GET' | 'PUT'): HttpEvent =>
  JSON.parse(readFileSync(new URL(`../../events/http-${method.toLowerCase()}-calendar.json`, import.meta.url), 'utf8')) as HttpEvent;

/** A request to /calendar/{year} as `role`, answered by the handler: status and parsed body. */
async function call(method: 'GET' | 'PUT', year: string, body?: unknown, role = 'supervisor', sub = SUPERVISOR) {
  const event = as(sample(method), role, sub);
  event.rawPath = `/calendar/${year}`;
  event.requestContext.http.path = event.rawPath;
  event.pathParameters = { year };
  if (body !== undefined) event.body = JSON.stringify(body);
  const result = await calendarHandler(event, ctx);
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}

async function fileAdjudicationAt(iso: string, respondent: string): Promise<string> {
  setClock(iso);
  // One filer per complaint: the sample's Idempotency-Key would otherwise tie them together.
  const event = as(httpEvent('http-post-complaints'), 'rights_holder', `holder-${respondent}`);
  event.body = JSON.stringify(
    validComplaint((c) => {
      c.preferredPath = 'administrative_adjudication';
      c.respondent = { name: respondent };
    }),
  );
  const result = await submit(event, ctx);
  expect(result.statusCode).toBe(202);
  const caseId = JSON.parse(String(result.body)).caseId as string;
  await routePipeline(stack);
  return caseId;
}

const NEW_YEAR_2027 = {
  source: 'State Council General Office notice on the 2027 holiday arrangements (test data)',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: [],
};

describe('GET and PUT /calendar/{year}', () => {
  let crossing: string;
  let autumn: string;

  beforeAll(async () => {
    // Started in September: its span has no day in 2027 and was counted with full data.
    autumn = await fileAdjudicationAt('2026-09-18T02:00:00Z', '九月茶业有限公司');
    // Queued Thu 2026-12-31 (CST): 5 working days counted by weekends alone in 2027 → Thu Jan 7.
    crossing = await fileAdjudicationAt('2026-12-31T02:00:00Z', '跨年茶业有限公司');
  });

  it('starts with a clock counted without 2027 data, marked calendarIncomplete', async () => {
    expect((await getCase(crossing))?.deadline).toMatchObject({
      kind: 'filing_review',
      dueAt: '2027-01-07T15:59:59.999Z',
      calendarIncomplete: true,
      startedOn: '2026-12-31',
    });
  });

  it('answers a year without data as origin none, and the shipped 2026 as shipped', async () => {
    expect(await call('GET', '2027')).toEqual({
      status: 200,
      body: { year: 2027, source: null, holidays: [], workdays: [], origin: 'none', version: 0 },
    });
    const shipped = await call('GET', '2026');
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ year: 2026, origin: 'shipped', version: 0 });
    expect(shipped.body.holidays).toHaveLength(33);
    expect(shipped.body.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('is for the supervisor only: 403 to any other role, reading or writing', async () => {
    for (const role of ['court', 'rights_holder', 'officer', 'procuratorate']) {
      expect((await call('GET', '2027', undefined, role, `${role}-1`)).status, role).toBe(403);
      expect((await call('PUT', '2027', NEW_YEAR_2027, role, `${role}-1`)).status, role).toBe(403);
    }
  });

  it('names no calendar outside 2000–2100 or for a path that is not a year: 404', async () => {
    for (const year of ['1999', '2101', '27', 'abcd', '02027']) {
      expect((await call('GET', year)).status, year).toBe(404);
      expect((await call('PUT', year, NEW_YEAR_2027)).status, year).toBe(404);
    }
  });

  it('refuses a bad body with 400 VALIDATION_FAILED naming each field', async () => {
    const answer = await call('PUT', '2027', {
      source: '',
      holidays: ['2026-12-31', '2027-02-30', '2027-01-01', '2027-01-01'],
      workdays: ['2027-01-05', '2027-01-01'],
      extra: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    const paths = answer.body.error.details.map((d: { path: string }) => d.path).sort();
    // Every problem at once: the shape (unknown field, empty source, impossible date) and the year's own
    // checks (Dec 31 not in 2027, Jan 1 listed twice, a weekday make-up day, a day both holiday and make-up).
    expect(paths).toEqual(['extra', 'holidays[0]', 'holidays[1]', 'holidays[3]', 'source', 'workdays[0]', 'workdays[1]'].sort());
    const crossField = await call('PUT', '2027', {
      source: 'x',
      holidays: ['2026-12-31', '2027-01-01', '2027-01-01'],
      workdays: ['2027-01-05', '2027-01-01'],
    });
    expect(crossField.status).toBe(400);
    expect(crossField.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      ['holidays[0]', 'holidays[2]', 'workdays[0]', 'workdays[1]'].sort(),
    );
    expect((await call('GET', '2027')).body.origin).toBe('none');
  });

  it('stores the 2027 calendar, audits the change and moves the crossing clock to Jan 8 with a deadline_recomputed event', async () => {
    setClock('2026-12-31T06:00:00Z');
    const before = await getCase(crossing);
    const untouched = await getCase(autumn);
    const answer = await call('PUT', '2027', {
      expectedVersion: 0,
      ...NEW_YEAR_2027,
      holidays: ['2027-01-03', '2027-01-01', '2027-01-02'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      year: 2027,
      source: NEW_YEAR_2027.source,
      holidays: NEW_YEAR_2027.holidays, // stored sorted
      workdays: [],
      origin: 'stored',
      version: 1,
      recomputed: 1,
      complete: true,
    });
    expect(answer.body.events).toHaveLength(1);
    expect(answer.body.events[0]).toMatchObject({
      seq: 1,
      type: 'calendar_changed',
      actor: { role: 'supervisor', sub: SUPERVISOR },
      data: {
        year: '2027',
        version: 1,
        source: NEW_YEAR_2027.source,
        previousSource: null,
        addedHolidays: NEW_YEAR_2027.holidays,
        removedHolidays: [],
        addedWorkdays: [],
        removedWorkdays: [],
      },
    });
    expect(verifyChain(answer.body.events.map((e: object) => ({ ...e, caseId: calendarChainOf('2027') })))).toMatchObject({
      valid: true,
      events: 1,
    });

    const after = await getCase(crossing);
    expect(after?.deadline).toEqual({
      kind: 'filing_review',
      dueAt: '2027-01-08T15:59:59.999Z',
      overdue: false,
      extended: false,
      startedOn: '2026-12-31',
    });
    expect(after?.version).toBe(before!.version + 1);
    const timeline = await listTimeline(crossing);
    const recomputed = timeline.filter((e) => e.type === 'deadline_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]!.data).toEqual({ previous: before!.deadline, deadline: after!.deadline, calendarYear: 2027 });
    expect(verifyChain(timeline).valid).toBe(true);
    // A clock whose span has no day in 2027 is left alone.
    expect(await getCase(autumn)).toEqual(untouched);
  });

  it('counts a clock started after the PUT with the stored year: due Jan 8, not marked', async () => {
    const later = await fileAdjudicationAt('2026-12-31T07:00:00Z', '新年茶业有限公司');
    const deadline = (await getCase(later))?.deadline;
    expect(deadline).toMatchObject({ dueAt: '2027-01-08T15:59:59.999Z' });
    expect(deadline).not.toHaveProperty('calendarIncomplete');
  });

  it('refuses a stale or missing expectedVersion with 409 and the current version', async () => {
    for (const body of [{ expectedVersion: 0, ...NEW_YEAR_2027 }, NEW_YEAR_2027, { expectedVersion: 7, ...NEW_YEAR_2027 }]) {
      const answer = await call('PUT', '2027', body);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('CONFLICT');
      expect(answer.body.error.details[0]).toMatchObject({ path: 'expectedVersion', reason: 'version.stale', version: 1 });
    }
  });

  it('writes nothing for a PUT that changes nothing, and moves nothing again', async () => {
    const answer = await call('PUT', '2027', { expectedVersion: 1, ...NEW_YEAR_2027 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: 1, recomputed: 0 });
    expect(answer.body.events).toHaveLength(1);
    expect((await listTimeline(crossing)).filter((e) => e.type === 'deadline_recomputed')).toHaveLength(1);
  });

  it('records a correction as its diff against the stored year, in the same chain', async () => {
    const corrected = { expectedVersion: 1, source: 'corrected notice (test data)', holidays: ['2027-01-01'], workdays: ['2027-01-09'] };
    const answer = await call('PUT', '2027', corrected);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: 2, holidays: ['2027-01-01'], workdays: ['2027-01-09'] });
    expect(answer.body.events.map((e: { data: unknown }) => e.data)).toEqual([
      expect.objectContaining({ version: 1 }),
      {
        year: '2027',
        version: 2,
        source: corrected.source,
        previousSource: NEW_YEAR_2027.source,
        addedHolidays: [],
        removedHolidays: ['2027-01-02', '2027-01-03'],
        addedWorkdays: ['2027-01-09'],
        removedWorkdays: [],
      },
    ]);
    expect(verifyChain(answer.body.events.map((e: object) => ({ ...e, caseId: calendarChainOf('2027') })))).toMatchObject({
      valid: true,
      events: 2,
    });
    // Jan 2 and 3 are a weekend and Sat Jan 9 a make-up day after Jan 8: the crossing clock stays on Jan 8.
    expect((await getCase(crossing))?.deadline?.dueAt).toBe('2027-01-08T15:59:59.999Z');
    expect(answer.body.recomputed).toBe(0);
    expect((await call('GET', '2027')).body).toMatchObject({ origin: 'stored', version: 2 });
  });
});
