// The deadline sweep against real DynamoDB Local and the SQS emulator: complaints filed through the
// real handlers with the functions' clock set around the 2026 National Day holidays, then the clock
// moved past the deadline and the sweeper run — the case is flagged, rises in its work queue, and a
// second run changes nothing.

import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as submit } from '../../functions/submit-complaint/handler.ts';
import { handler as getCaseHandler } from '../../functions/get-case/handler.ts';
import { handler as sweep } from '../../functions/sweep-deadlines/handler.ts';
import { handler as actionHandler } from '../../functions/case-action/handler.ts';
import { handler as claimHandler } from '../../functions/claim-case/handler.ts';
import * as clock from '#lib/clock.ts';
import { dynamo } from '#lib/aws.ts';
import { getCase } from '#lib/case-store.ts';
import { listTimeline } from '#lib/case-lists.ts';
import { OVERDUE_PRIORITY_RAISE } from '#domain/routing.ts';
import { verifyChain } from '#domain/timeline.ts';
import { handlerLoader, repoRoot } from '#infra/local/handlers.ts';
import { functions } from '#infra/topology.ts';
import { as, httpEvent, scheduleEvent } from '../support/events.ts';
import { validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { routeAll as routePipeline } from '../support/pipeline.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  clock.setClockOffset(0);
  await stack?.stop();
});

const ctx = {} as never;

/** The functions' clock reads `iso` now, and runs on from there. */
function setClock(iso: string): void {
  clock.setClockOffset(Date.parse(iso) - Date.now());
}

async function file(body: unknown, sub: string): Promise<string> {
  const event = as(httpEvent('http-post-complaints'), 'rights_holder', sub);
  event.body = JSON.stringify(body);
  const result = await submit(event, ctx);
  expect(result.statusCode).toBe(202);
  return JSON.parse(String(result.body)).caseId;
}

const routeAll = () => routePipeline(stack);

/** An administrative adjudication complaint (patent) against a respondent of its own. */
const adjudication = (respondent: string) =>
  validComplaint((c) => {
    c.preferredPath = 'administrative_adjudication';
    c.respondent = { name: respondent };
  });

async function fileAdjudicationAt(iso: string, respondent: string, sub = 'holder-sweep'): Promise<string> {
  setClock(iso);
  const caseId = await file(adjudication(respondent), sub);
  await routeAll();
  return caseId;
}

const overdueEvents = async (caseId: string) => (await listTimeline(caseId)).filter((e) => e.type === 'deadline_overdue');

/** The adjudication work queue as handlers see it: the index, in its own order. */
async function workQueue(): Promise<{ caseId: string; wqSk: string }[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: stack.tableName,
      IndexName: 'workQueue',
      KeyConditionExpression: 'wqPk = :pk',
      ExpressionAttributeValues: { ':pk': 'WQ#administrative_adjudication' },
    }),
  );
  return Items.map((i) => ({ caseId: String(i['caseId']), wqSk: String(i['wqSk']) }));
}

// Queued Thu 24 Sep 2026, 10:00 CST. Counting starts the next day: Sep 25–27 holiday (Mid-Autumn),
// Mon 28, Tue 29, Wed 30 (1–3), Oct 1–7 holiday (National Day), Thu Oct 8 (4), Fri Oct 9 (5):
// due at the end of Fri 9 Oct CST.
const SEP_24 = '2026-09-24T02:00:00Z';
const SEP_24_DUE = '2026-10-09T15:59:59.999Z';
// Queued Thu 8 Oct 2026, 10:00 CST: Fri 9 (1), Sat 10 — a make-up working day (调休) — (2),
// Mon 12 (3), Tue 13 (4), Wed 14 (5). Without the make-up day it would be the 15th.
const OCT_8 = '2026-10-08T02:00:00Z';
const OCT_8_DUE = '2026-10-14T15:59:59.999Z';

describe('the deadline sweep around the 2026 National Day holidays', () => {
  let early: string;
  let later: string;
  let earlyVersion: number;

  afterEach(() => clock.setClockOffset(0));

  it('starts filing-review clocks that skip the holidays and count the make-up working day', async () => {
    early = await fileAdjudicationAt(SEP_24, '汉滨某某农资店');
    later = await fileAdjudicationAt(OCT_8, '旬阳某某五金店');

    const a = await getCase(early);
    expect(a).toMatchObject({ status: 'queued', path: 'administrative_adjudication', stage: 'filing_review', priority: 1 });
    expect(a?.createdAt.slice(0, 16)).toBe('2026-09-24T02:00'); // the filing saw the shifted clock too
    expect(a?.deadline).toEqual({ kind: 'filing_review', dueAt: SEP_24_DUE, overdue: false, extended: false, startedOn: '2026-09-24' });
    const b = await getCase(later);
    expect(b?.deadline).toEqual({ kind: 'filing_review', dueAt: OCT_8_DUE, overdue: false, extended: false, startedOn: '2026-10-08' });
    earlyVersion = a!.version;
  });

  it('flags nothing while the last second of the due day is still running (its assignee reminded, as it is due by the next working day)', async () => {
    setClock('2026-10-09T15:59:59.000Z');
    expect(await sweep(scheduleEvent('schedule-sweep-deadlines'), ctx)).toEqual({
      flagged: 0,
      reminded: 1,
      skipped: 0,
      failed: 0,
      more: false,
    });
    const a = await getCase(early);
    expect(a?.deadline).toEqual({
      kind: 'filing_review',
      dueAt: SEP_24_DUE,
      overdue: false,
      extended: false,
      reminded: true,
      startedOn: '2026-09-24',
    });
    expect(a?.flags.overdue).toBe(false);
    expect(a?.version).toBe(earlyVersion + 1);
    earlyVersion = a!.version;
  });

  it('flags the case once its clock has run out: overdue, one timeline event, higher priority', async () => {
    setClock('2026-10-10T00:05:00Z'); // Sat 10 Oct, 08:05 CST
    expect(await sweep(scheduleEvent('schedule-sweep-deadlines'), ctx)).toEqual({
      flagged: 1,
      reminded: 0,
      skipped: 0,
      failed: 0,
      more: false,
    });

    const a = await getCase(early);
    expect(a?.flags.overdue).toBe(true);
    expect(a?.deadline).toEqual({
      kind: 'filing_review',
      dueAt: SEP_24_DUE,
      overdue: true,
      extended: false,
      reminded: true,
      startedOn: '2026-09-24',
    });
    expect(a?.priority).toBe(1 + OVERDUE_PRIORITY_RAISE);
    expect(a?.version).toBe(earlyVersion + 1);
    expect(a?.status).toBe('queued');
    const timeline = await listTimeline(early);
    expect(timeline.at(-1)).toMatchObject({
      type: 'deadline_overdue',
      actor: { role: 'system', sub: 'deadline-sweep' },
      data: { deadline: { kind: 'filing_review', dueAt: SEP_24_DUE, overdue: false } },
    });
    expect(timeline.at(-1)?.at.slice(0, 16)).toBe('2026-10-10T00:05');
    expect(verifyChain(timeline).valid).toBe(true);

    // Readers see it too.
    const read = as(httpEvent('http-get-case'), 'rights_holder', 'holder-sweep');
    read.pathParameters = { caseId: early };
    const answer = JSON.parse(String((await getCaseHandler(read, ctx)).body));
    expect(answer).toMatchObject({ flags: { overdue: true }, deadline: { overdue: true, dueAt: SEP_24_DUE } });
  });

  it('leaves a case whose clock is still running untouched', async () => {
    const b = await getCase(later);
    expect(b).toMatchObject({ flags: { overdue: false }, deadline: { overdue: false }, priority: 1, version: 3 });
    expect(await overdueEvents(later)).toEqual([]);
  });

  it('flags nothing new on a second run', async () => {
    setClock('2026-10-10T00:10:00Z');
    const before = await listTimeline(early);
    expect(await sweep(scheduleEvent('schedule-sweep-deadlines'), ctx)).toEqual({
      flagged: 0,
      reminded: 0,
      skipped: 0,
      failed: 0,
      more: false,
    });
    expect(await listTimeline(early)).toHaveLength(before.length);
    expect(await overdueEvents(early)).toHaveLength(1);
  });

  it('puts the overdue case first in its work queue, its key carrying the raised priority', async () => {
    const queue = (await workQueue()).filter((e) => e.caseId === early || e.caseId === later);
    expect(queue.map((e) => e.caseId)).toEqual([early, later]);
    expect(queue[0]?.wqSk).toMatch(new RegExp(`^${9 - (1 + OVERDUE_PRIORITY_RAISE)}#${SEP_24_DUE}#`));
    expect(queue[1]?.wqSk).toMatch(new RegExp(`^8#${OCT_8_DUE}#`));
  });
});

describe('a bounded sweep', () => {
  afterEach(() => clock.setClockOffset(0));

  it('flags at most maxCases per run, earliest deadline first, and leaves the rest for the next run', async () => {
    // Queued Mon 12 Oct: due end of Mon 19 Oct CST. The "later" case above (due 14 Oct) is due too.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await fileAdjudicationAt('2026-10-12T02:00:00Z', `宁陕某某商店 ${i}`, `holder-bound-${i}`));
    for (const id of ids) expect((await getCase(id))?.deadline?.dueAt).toBe('2026-10-19T15:59:59.999Z');

    setClock('2026-10-20T01:00:00Z');
    const event = scheduleEvent('schedule-sweep-deadlines');
    event.detail = { maxCases: 4 };
    expect(await sweep(event, ctx)).toEqual({ flagged: 4, reminded: 0, skipped: 0, failed: 0, more: true });
    const flaggedFirst = await Promise.all(ids.map(async (id) => (await getCase(id))?.flags.overdue));
    expect(flaggedFirst.filter(Boolean)).toHaveLength(3); // the 14 Oct case went first

    expect(await sweep(event, ctx)).toEqual({ flagged: 2, reminded: 0, skipped: 0, failed: 0, more: false });
    expect(await sweep(event, ctx)).toEqual({ flagged: 0, reminded: 0, skipped: 0, failed: 0, more: false });
    for (const id of ids) expect(await overdueEvents(id)).toHaveLength(1);
  });

  it('flags each case exactly once when two sweeps run at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await fileAdjudicationAt('2026-10-21T02:00:00Z', `平利某某茶行 ${i}`, `holder-race-${i}`));
    setClock('2026-11-01T00:00:00Z');
    const runs = await Promise.all([
      sweep(scheduleEvent('schedule-sweep-deadlines'), ctx),
      sweep(scheduleEvent('schedule-sweep-deadlines'), ctx),
    ]);
    expect(runs[0]!.flagged + runs[1]!.flagged).toBe(6);
    expect(runs.every((r) => r.failed === 0)).toBe(true);
    for (const id of ids) {
      expect(await overdueEvents(id)).toHaveLength(1);
      expect(verifyChain(await listTimeline(id)).valid).toBe(true);
    }
  });
});

describe('the clock the local runtime shifts', () => {
  afterEach(() => clock.setClockOffset(0));

  it('is the same module instance a handler loaded the local runtime’s way reads', async () => {
    const spec = functions.find((f) => f.name === 'sweepDeadlines')!;
    const loaded = await handlerLoader(repoRoot)(spec);
    expect(loaded).toBe(sweep);
    const viaFileUrl = await import(pathToFileURL(resolve(repoRoot, 'functions/lib/clock.ts')).href);
    expect(viaFileUrl).toBe(clock);
    setClock('2030-01-01T00:00:00Z');
    expect(Math.abs(clock.now().getTime() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(1_000);
    expect(clock.clockOffset()).toBeGreaterThan(0);
  });

  it('refuses an offset that is not a finite number', () => {
    expect(() => clock.setClockOffset(Number.NaN)).toThrow(RangeError);
    expect(clock.clockOffset()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Supervision orders (督办) and opinions that require a reply (SPEC §4 v2, §11): clocks of their own

/** A POST to a case route by `role`/`sub`, through the real handler. */
async function post(handler: typeof actionHandler, routeKey: string, role: string, sub: string, caseId: string, body?: unknown) {
  const e = as(httpEvent('http-get-case'), role, sub);
  e.pathParameters = { caseId };
  e.routeKey = routeKey;
  e.requestContext.routeKey = routeKey;
  e.requestContext.http.method = 'POST';
  e.headers = { ...e.headers, 'content-type': 'application/json' };
  delete e.headers['idempotency-key'];
  if (body !== undefined) e.body = JSON.stringify(body);
  const result = await handler(e, ctx);
  return { status: Number(result.statusCode), body: JSON.parse(String(result.body)) };
}

async function actOn(caseId: string, role: string, sub: string, action: Record<string, unknown>) {
  const current = await getCase(caseId);
  const answer = await post(actionHandler, 'POST /cases/{caseId}/actions', role, sub, caseId, {
    ...action,
    expectedVersion: current!.version,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** The `byDeadline` sort key a case item carries now (undefined: not in the index). */
async function dueKey(caseId: string): Promise<string | undefined> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':sk': 'CASE' },
      ConsistentRead: true,
    }),
  );
  return Items[0]?.['dueAt'] as string | undefined;
}

describe('supervision clocks in the sweep', () => {
  // Filed Mon 2 Nov 2026 10:00 CST; the filing-review clock runs 5 working days, to the end of Mon 9 Nov.
  const NOV_2 = '2026-11-02T02:00:00Z';
  const ORDER_DUE = '2026-11-04T09:00:00.000Z'; // Wed 4 Nov, 17:00 CST
  let caseId: string;

  afterEach(() => clock.setClockOffset(0));

  it('an order’s clock becomes the case’s index key while it is the earliest running clock', async () => {
    caseId = await fileAdjudicationAt(NOV_2, '平利某某茶叶店', 'holder-supervision');
    setClock(NOV_2);
    expect((await post(claimHandler, 'POST /cases/{caseId}/claim', 'officer', 'officer-s', caseId)).status).toBe(200);
    const before = await getCase(caseId);
    expect(await dueKey(caseId)).toBe(before!.deadline!.dueAt);
    const view = await actOn(caseId, 'supervisor', 'supervisor-s', {
      action: 'issue_supervision_order',
      text: '请于11月4日前报告办理进展',
      dueAt: '2026-11-04T17:00:00+08:00',
    });
    expect(view.supervision).toEqual([{ seq: expect.any(Number), kind: 'order', dueAt: ORDER_DUE, overdue: false, repliedAt: null }]);
    expect(await dueKey(caseId)).toBe(ORDER_DUE);
  });

  it('flags the order once past due (event, flag, priority) and leaves the main clock running; a second run changes nothing', async () => {
    setClock('2026-11-04T09:00:01Z');
    const before = await getCase(caseId);
    const first = await sweep(scheduleEvent('schedule-sweep-deadlines'), ctx);
    expect(first).toMatchObject({ flagged: 1, failed: 0 });
    const after = await getCase(caseId);
    expect(after!.flags).toMatchObject({ overdue: false, supervisionOverdue: true });
    expect(after!.priority).toBe(before!.priority + OVERDUE_PRIORITY_RAISE);
    expect(after!.supervision![0]).toMatchObject({ overdue: true, repliedAt: null });
    expect(after!.deadline).toEqual(before!.deadline);
    const events = (await listTimeline(caseId)).filter((e) => e.type === 'supervision_overdue');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: { role: 'system' }, data: { deadline: { kind: 'supervision_order', dueAt: ORDER_DUE } } });
    // The main clock is the earliest running one again.
    expect(await dueKey(caseId)).toBe(after!.deadline!.dueAt);
    expect(await sweep(scheduleEvent('schedule-sweep-deadlines'), ctx)).toMatchObject({ flagged: 0 });
    expect(await getCase(caseId)).toMatchObject({ version: after!.version });
    const timeline = await listTimeline(caseId);
    expect(verifyChain(timeline).valid).toBe(true);
  });

  it('the handler’s reply closes the order: the flag and its priority go; the parties never see the order', async () => {
    const c = await getCase(caseId);
    const view = await actOn(caseId, 'officer', 'officer-s', {
      action: 'reply_supervision_order',
      text: '已完成立案审查',
      orderSeq: c!.supervision![0]!.seq,
    });
    expect(view.flags.supervisionOverdue).toBe(false);
    expect(view.supervision[0]).toMatchObject({ overdue: true, repliedAt: expect.any(String) });
    const read = as(httpEvent('http-get-case'), 'rights_holder', 'holder-supervision');
    read.pathParameters = { caseId };
    const owner = JSON.parse(String((await getCaseHandler(read, ctx)).body));
    expect(owner.supervision).toEqual([]);
    expect(owner.flags.supervisionOverdue).toBe(false);
  });
});
