// Broken: the assumption that requests come one at a time. `npm start`'s runtime in its own
// process, spoken to over HTTP by many people at the same instant (the per-caller rate limit off:
// these bursts are the point). Survives: one winner per race and 409 for every loser (SPEC §8
// "one winner"), case numbers unique and consecutive, one case per Idempotency-Key ("idempotent
// submission") — and never a 5xx.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
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

describe('one draw, one result (SPEC §13)', () => {
  const TARGETS = ['91350100M000100Y43', '91110108551385082Q', '91440300708461136T'].map((creditCode, i) => ({
    creditCode,
    name: `抽查对象${i + 1}有限公司`,
  }));

  async function plannedRound(supervisor: string): Promise<string> {
    const planned = await call(rt.url, 'POST', '/inspections', {
      token: supervisor,
      body: {
        name: '并发抽查',
        agency: 'market_regulation',
        targets: TARGETS,
        targetCount: 2,
        inspectors: ['race-inspector-1', 'race-inspector-2'],
        publicValueSource: '下一期公开开奖号码',
        publicValueNumbers: 3,
      },
    });
    expect(planned.status).toBe(201);
    return planned.body.inspectionId;
  }

  it(`${RACERS} supervisors drawing one round at the same instant, each with another public value: one 200, ${RACERS - 1} × 409, one draw`, async (context) => {
    const supervisors = await tokens('supervisor', 'race-draw-supervisor', RACERS);
    const id = await plannedRound(supervisors[0]!);
    const answers = await Promise.all(
      supervisors.map((token, i) =>
        call(rt.url, 'POST', `/inspections/${id}/draw`, { token, body: { publicValue: `${i} 0 0`, publicValueReference: `issue ${i}` } }),
      ),
    );
    const after = await call(rt.url, 'GET', `/inspections/${id}`, { token: supervisors[0]! });
    const winner = answers.findIndex((a) => a.status === 200);
    const successes = countBy(answers, 200);
    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: successes,
      lost: Math.max(0, successes - 1) + (after.body.draw?.publicValue === `${winner}-0-0` ? 0 : 1),
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: 0,
      note: `200 × ${successes}, 409 × ${countBy(answers, 409)}; stored draw of racer ${winner}; events ${after.body.events.length}`,
    });
    expect(successes).toBe(1);
    expect(countBy(answers, 409)).toBe(RACERS - 1);
    expect(after.body.draw.publicValue).toBe(`${winner}-0-0`);
    expect((after.body.events as { type: string }[]).map((e) => e.type)).toEqual(['inspection_planned', 'inspection_drawn']);
  });

  it('results for six drawn targets recorded at the same instant: all 200, none lost, the round completed', async (context) => {
    const supervisors = await tokens('supervisor', 'race-results-supervisor', 6);
    const six = Array.from({ length: 6 }, (_, i) => {
      const first17 = `91610900MA${String(9100 + i).padStart(7, '0')}`;
      return { creditCode: first17 + creditCodeCheckCharacter(first17), name: `并发对象${i + 1}有限公司` };
    });
    const planned = await call(rt.url, 'POST', '/inspections', {
      token: supervisors[0]!,
      body: {
        name: '并发录入结果',
        agency: 'market_regulation',
        targets: six,
        targetCount: 6,
        inspectors: ['race-inspector-1', 'race-inspector-2'],
        publicValueSource: '下一期公开开奖号码',
        publicValueNumbers: 3,
      },
    });
    const id = planned.body.inspectionId;
    const drawn = await call(rt.url, 'POST', `/inspections/${id}/draw`, {
      token: supervisors[0]!,
      body: { publicValue: '3 1 4', publicValueReference: 'race' },
    });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const targets = (drawn.body.draw.selected as { creditCode: string }[]).map((t) => t.creditCode);
    const answers = await Promise.all(
      targets.map((creditCode, i) =>
        call(rt.url, 'POST', `/inspections/${id}/results`, {
          token: supervisors[i]!,
          body: { creditCode, result: 'no_issue', inspectedOn: today, summary: `未发现问题 ${i}` },
        }),
      ),
    );
    const after = await call(rt.url, 'GET', `/inspections/${id}`, { token: supervisors[0]! });
    const successes = countBy(answers, 200);
    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: successes,
      lost: targets.length - after.body.results.length,
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: 0,
      note: `200 × ${successes} of ${targets.length}; results stored ${after.body.results.length}; status ${after.body.status}; events ${after.body.events.length}`,
    });
    expect(answers.map((a) => a.status)).toEqual(targets.map(() => 200));
    expect(after.body.results.map((r: { creditCode: string }) => r.creditCode).sort()).toEqual([...targets].sort());
    expect(after.body.status).toBe('completed');
    expect(after.body.events).toHaveLength(2 + targets.length);
  });

  it('20 supervisors recording a violation for one drawn target at the same instant: one 200, one enforcement case, no number taken twice', async (context) => {
    const supervisors = await tokens('supervisor', 'race-result-supervisor', 20);
    const id = await plannedRound(supervisors[0]!);
    const drawn = await call(rt.url, 'POST', `/inspections/${id}/draw`, {
      token: supervisors[0]!,
      body: { publicValue: '7 7 7', publicValueReference: 'race' },
    });
    const target = drawn.body.draw.selected[0].creditCode;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const answers = await Promise.all(
      supervisors.map((token) =>
        call(rt.url, 'POST', `/inspections/${id}/results`, {
          token,
          body: {
            creditCode: target,
            result: 'violation_found',
            inspectedOn: today,
            summary: '发现销售假冒注册商标商品',
            case: {
              matter: 'trademark_counterfeiting',
              right: { kind: 'trademark', number: '12345678', title: '紫阳富硒茶', holder: '紫阳县茶业协会' },
              countyCode: '610924',
              description: '抽查中发现该经营者销售标有注册商标的茶叶，包装与权利人正品明显不同。',
            },
          },
        }),
      ),
    );
    const opened = await call(rt.url, 'GET', `/cases?respondentCreditCode=${target}&limit=100`, { token: supervisors[0]! });
    const cases = (opened.body.items as { path: string }[]).filter((c) => c.path === 'administrative_enforcement');
    const successes = countBy(answers, 200);
    report(context, {
      faults: 1,
      requests: answers.length,
      accepted: successes,
      lost: Math.max(0, successes - 1) + Math.abs(cases.length - 1),
      fiveXx: answers.filter(is5xx).length,
      duplicateNumbers: Math.max(0, cases.length - 1),
      note: `200 × ${successes}, 409 × ${countBy(answers, 409)}; enforcement cases against the target ${cases.length}`,
    });
    expect(successes).toBe(1);
    expect(countBy(answers, 409)).toBe(19);
    expect(cases).toHaveLength(1);
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
