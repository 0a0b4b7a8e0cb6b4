// Broken: the assumption that requests come one at a time. `npm start`'s runtime in its own
// process, spoken to over HTTP by many people at the same instant (the per-caller rate limit off:
// these bursts are the point). Survives: one winner per race and 409 for every loser (SPEC §8
// "one winner"), case numbers unique and consecutive, one case per Idempotency-Key ("idempotent
// submission") — and never a 5xx.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeProcess } from '../support/runtime-process.ts';
import { validComplaint } from '../support/complaints.ts';
import { duplicates, report } from './support/figures.ts';
import { call, is5xx, numberOf, waitForCases, type Answer } from './support/http.ts';
import { startRuntime } from './support/runtime.ts';

const RACERS = 50;

let rt: RuntimeProcess;

beforeAll(async () => {
  rt = await startRuntime({ args: ['--in-memory'] });
});
afterAll(async () => {
  await rt?.stop();
});

const tokens = (role: string, tag: string, count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => rt.token(role, `${tag}-${i}`)));

/** Files one complaint and waits until it is in the mediation work queue. */
async function queuedCase(holderSub: string, respondent: string): Promise<{ caseId: string; token: string }> {
  const token = await rt.token('rights_holder', holderSub);
  const filed = await call(rt.url, 'POST', '/complaints', { token, body: validComplaint((c) => (c.respondent = { name: respondent })) });
  expect(filed.status).toBe(202);
  const { pending } = await waitForCases(rt.url, [{ caseId: filed.body.caseId, token }], (view) => view?.status === 'queued', 30_000);
  expect(pending).toEqual([]);
  return { caseId: filed.body.caseId, token };
}

async function timelineLength(caseId: string, token: string): Promise<number> {
  const answer = await call(rt.url, 'GET', `/cases/${caseId}/timeline?limit=100`, { token });
  return (answer.body.items as unknown[]).length;
}

const countBy = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('one winner', () => {
  it(`${RACERS} mediators claiming one queued case at the same instant: exactly one 200, ${RACERS - 1} × 409, one assignee, one claimed event`, async (context) => {
    const { caseId, token: owner } = await queuedCase('race-claim-owner', '白河某某商行');
    const before = await timelineLength(caseId, owner);
    const mediators = await tokens('mediator', 'race-mediator', RACERS);
    const answers = await Promise.all(mediators.map((token) => call(rt.url, 'POST', `/cases/${caseId}/claim`, { token })));
    const winners = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
    const after = await call(rt.url, 'GET', `/cases/${caseId}`, { token: owner });
    const events = (await timelineLength(caseId, owner)) - before;

    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: winners.length,
      lost: Math.max(0, winners.length - 1) + (after.body.assignee === `race-mediator-${winners[0]}` ? 0 : 1),
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: 0,
      note: `200 × ${winners.length}, 409 × ${countBy(answers, 409)}; claimed events ${events}`,
    });
    expect(winners).toHaveLength(1);
    expect(countBy(answers, 409)).toBe(RACERS - 1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'CONFLICT')).toBe(true);
    expect(after.body).toMatchObject({ status: 'in_progress', assignee: `race-mediator-${winners[0]}` });
    expect(events).toBe(1);
  });

  it(`${RACERS} supervisors acting on one case with the same expectedVersion at the same instant: exactly one success, ${RACERS - 1} × 409, the version moved by one`, async (context) => {
    const { caseId, token: owner } = await queuedCase('race-action-owner', '岚皋某某茶行');
    const current = await call(rt.url, 'GET', `/cases/${caseId}`, { token: owner });
    const before = await timelineLength(caseId, owner);
    const supervisors = await tokens('supervisor', 'race-supervisor', RACERS);
    const answers = await Promise.all(
      supervisors.map((token, i) =>
        call(rt.url, 'POST', `/cases/${caseId}/actions`, {
          token,
          body: { action: 'add_note', expectedVersion: current.body.version, text: `督办意见 ${i}` },
        }),
      ),
    );
    const after = await call(rt.url, 'GET', `/cases/${caseId}`, { token: owner });
    const events = (await timelineLength(caseId, owner)) - before;
    const successes = countBy(answers, 200);

    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: successes,
      lost: Math.max(0, successes - 1) + Math.abs(after.body.version - current.body.version - 1),
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: 0,
      note: `200 × ${successes}, 409 × ${countBy(answers, 409)}; version ${current.body.version} → ${after.body.version}; events added ${events}`,
    });
    expect(successes).toBe(1);
    expect(countBy(answers, 409)).toBe(RACERS - 1);
    // A loser is told the version that beat it.
    const stale = answers.find((a) => a.status === 409)!;
    expect(stale.body.error.details[0]).toMatchObject({ path: 'expectedVersion', version: current.body.version + 1 });
    expect(after.body.version).toBe(current.body.version + 1);
    expect(events).toBe(1);
  });

  it(`${RACERS} rights holders filing at the same instant: ${RACERS} × 202 with ${RACERS} unique, consecutive case numbers`, async (context) => {
    const holders = await tokens('rights_holder', 'race-filer', RACERS);
    const answers = await Promise.all(
      holders.map((token, i) =>
        call(rt.url, 'POST', '/complaints', { token, body: validComplaint((c) => (c.respondent = { name: `平利某某电商 ${i}` })) }),
      ),
    );
    const numbers = answers.filter((a) => a.status === 202).map((a) => a.body.caseNumber as string);
    const sorted = numbers.map(numberOf).sort((a, b) => a - b);
    const gaps = sorted.length > 0 ? sorted.at(-1)! - sorted[0]! + 1 - sorted.length : 0;

    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: numbers.length,
      lost: 0,
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: duplicates(numbers),
      note: `numbers ${sorted[0]}–${sorted.at(-1)}, gaps ${gaps}`,
    });
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
    expect(duplicates(numbers)).toBe(0);
    expect(gaps).toBe(0);
  });
  it(`${RACERS} officers opening cases on their own leads at the same instant (SPEC §12): ${RACERS} × 201 with unique, consecutive case numbers`, async (context) => {
    const officers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => rt.token('officer', `race-officer-${i}`, 'culture_tourism')),
    );
    const answers = await Promise.all(
      officers.map((token, i) =>
        call(rt.url, 'POST', '/cases', {
          token,
          body: {
            lead: { source: 'report', reference: `安文旅举〔2026〕第 ${i} 号`, receivedOn: '2026-12-01' },
            matter: 'copyright',
            right: {
              kind: 'copyright',
              number: `陕作登字-2026-A-${String(i).padStart(8, '0')}`,
              title: '汉江摄影集',
              holder: '某文化传媒有限公司',
            },
            respondent: { name: `旬阳某某印务 ${i}` },
            countyCode: '610981',
            description: '群众举报当事人未经许可复制发行他人摄影作品，依职权立案审查。',
          },
        }),
      ),
    );
    const numbers = answers.filter((a) => a.status === 201).map((a) => a.body.caseNumber as string);
    const sorted = numbers.map(numberOf).sort((a, b) => a - b);
    const gaps = sorted.length > 0 ? sorted.at(-1)! - sorted[0]! + 1 - sorted.length : 0;
    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: numbers.length,
      lost: RACERS - numbers.length,
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: duplicates(numbers),
      note: `numbers ${sorted[0]}–${sorted.at(-1)}, gaps ${gaps}`,
    });
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(duplicates(numbers)).toBe(0);
    expect(gaps).toBe(0);
  });

  it(`${RACERS} supervisors starting the review of one credit-list entry at the same instant (SPEC §12): one 200, ${RACERS - 1} × 409, one event`, async (context) => {
    const officer = await rt.token('officer', 'race-credit-officer');
    const code = '91350100M000100Y43';
    const nominated = await call(rt.url, 'POST', '/credit-list/nominations', {
      token: officer,
      body: { creditCode: code, name: '福建某某贸易有限公司', reason: '拒不履行已生效的行政处罚决定' },
    });
    expect(nominated.status).toBe(201);
    const supervisors = await tokens('supervisor', 'race-credit-supervisor', RACERS);
    const answers = await Promise.all(
      supervisors.map((token) =>
        call(rt.url, 'POST', `/credit-list/${code}/actions`, {
          token,
          body: { action: 'start_review', expectedVersion: nominated.body.version },
        }),
      ),
    );
    const after = await call(rt.url, 'GET', `/credit-list/${code}`, { token: supervisors[0]! });
    const successes = countBy(answers, 200);
    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: successes,
      lost: Math.max(0, successes - 1) + Math.abs(after.body.version - nominated.body.version - 1),
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: 0,
      note: `200 × ${successes}, 409 × ${countBy(answers, 409)}; version ${nominated.body.version} → ${after.body.version}; events ${after.body.events.length}`,
    });
    expect(successes).toBe(1);
    expect(countBy(answers, 409)).toBe(RACERS - 1);
    expect(after.body).toMatchObject({ status: 'under_review', version: nominated.body.version + 1 });
    expect((after.body.events as { type: string }[]).map((e) => e.type)).toEqual(['nominated', 'start_review']);
  });
});

describe('idempotent submission', () => {
  it('20 filings with the same Idempotency-Key and body at the same instant: one case; every answer the same 202 or a 409 (in flight); none 5xx', async (context) => {
    const token = await rt.token('rights_holder', 'idem-holder');
    const body = validComplaint((c) => (c.respondent = { name: '镇坪某某药材行' }));
    const key = `idem-${crypto.randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(rt.url, 'POST', '/complaints', { token, body, headers: { 'idempotency-key': key } })),
    );
    const accepted = answers.filter((a) => a.status === 202);
    const distinctBodies = new Set(accepted.map((a) => JSON.stringify(a.body)));
    // Later retries, once the first has finished: the first answer again, byte for byte.
    const retry = await call(rt.url, 'POST', '/complaints', { token, body, headers: { 'idempotency-key': key } });
    const reused = await call(rt.url, 'POST', '/complaints', {
      token,
      body: validComplaint((c) => (c.respondent = { name: '另一个被投诉人' })),
      headers: { 'idempotency-key': key },
    });
    const own = await call(rt.url, 'GET', '/cases?limit=100', { token });

    report(context, {
      faults: 1,
      requests: answers.length + 2,
      accepted: accepted.length + (retry.status === 202 ? 1 : 0),
      lost: Math.max(0, (own.body.items as unknown[]).length - 1) + (own.body.items.length === 0 ? 1 : 0),
      fiveXx: [...answers, retry, reused].filter(is5xx).length,
      duplicateNumbers: Math.max(0, distinctBodies.size - 1),
      note: `202 × ${accepted.length}, 409 × ${countBy(answers, 409)}; cases stored ${own.body.items.length}; retry ${retry.status}, other body ${reused.status}`,
    });
    expect(answers.every((a) => a.status === 202 || (a.status === 409 && a.body.error.code === 'CONFLICT'))).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(distinctBodies.size).toBe(1);
    expect(own.body.items).toHaveLength(1);
    expect(own.body.items[0].caseId).toBe(accepted[0]!.body.caseId);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(accepted[0]!.body);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
