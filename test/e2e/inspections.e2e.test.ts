// Random inspections (双随机、一公开, SPEC §13) over HTTP against the local runtime in its own process:
// a lead officer plans a round (frozen, its hash public before the draw) and draws it with a public
// value; drawn inspectors and the supervisor record results, a violation opening an enforcement case;
// the public record holds everything a citizen needs, and `npm run verify-draw` confirms the draw from
// it — and reports a mismatch once the stored draw or plan is edited in DynamoDB.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import { client } from '../support/http-client.ts';
import { runtimeFile, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

const run = promisify(execFile);

let rt: RuntimeProcess;
let http: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

/** A valid unified social credit code ending in `serial` (GB 32100: the check character computed). */
const code = (serial: number) => {
  const first17 = `91610900MA${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const TARGETS = Array.from({ length: 6 }, (_, i) => ({ creditCode: code(7000 + i), name: `安康抽查对象${i + 1}有限公司` }));
const INSPECTORS = ['officer-m-1', 'officer-m-2', 'officer-m-3', 'officer-m-4'];

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  http = client(rt);
  const officer = (sub: string, ...extra: string[]) =>
    rt.jwt.signToken({ role: 'officer', sub, groups: ['officer', 'agency:market_regulation', ...extra] });
  tokens['lead'] = await officer('officer-lead', 'agency_lead');
  for (const sub of INSPECTORS) tokens[sub] = await officer(sub);
  tokens['cultureLead'] = await rt.jwt.signToken({
    role: 'officer',
    sub: 'officer-culture-lead',
    groups: ['officer', 'agency:culture_tourism', 'agency_lead'],
  });
  tokens['supervisor'] = await rt.token('supervisor', 'supervisor-inspections');
  tokens['holder'] = await rt.token('rights_holder', 'holder-inspections');
  tokens['court'] = await rt.token('court', 'court-inspections');
}, 60_000);
afterAll(async () => {
  await rt?.stop();
});

const plan = (patch: Record<string, unknown> = {}) => ({
  name: '2026 年第四季度商标专用权双随机抽查',
  agency: 'market_regulation',
  targets: TARGETS,
  targetCount: 3,
  inspectors: INSPECTORS,
  inspectorsPerTarget: 2,
  recusals: [{ inspector: 'officer-m-1', creditCode: TARGETS[0]!.creditCode }],
  publicValueSource: '中国福利彩票 3D 游戏 2026 年 12 月 7 日开奖号码',
  publicValueNumbers: 3,
  ...patch,
});

async function verifyDraw(inspectionId: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tools/verify-draw.ts', inspectionId, '--api', rt.url]);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: `${failed.stdout}${failed.stderr}` };
  }
}

let violationCase: { body: any; token: string; coInvestigator: string };

describe('a round from plan to public record', () => {
  let round: any;

  it('the lead officer plans it: frozen, its SHA-256 public before the draw', async () => {
    const answer = await http.call('POST', '/inspections', { token: tokens['lead'], body: plan() });
    expect(answer.status).toBe(201);
    round = answer.body;
    expect(round.status).toBe('planned');
    expect(round.planHash).toBe(createHash('sha256').update(round.planText, 'utf8').digest('hex'));
    expect(round.plan.targets.map((t: { creditCode: string }) => t.creditCode)).toEqual(TARGETS.map((t) => t.creditCode).sort());
    const published = await http.call('GET', `/public/inspections/${round.inspectionId}`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'planned', planHash: round.planHash, planText: round.planText, draw: null });
    const list = await http.call('GET', '/public/inspections');
    expect(list.body.items.map((i: { inspectionId: string }) => i.inspectionId)).toContain(round.inspectionId);
  });

  it('only the supervisor and the agency’s lead officers plan and draw; other agencies do not see the round', async () => {
    expect((await http.call('POST', '/inspections', { token: tokens['officer-m-2'], body: plan() })).status).toBe(403);
    expect((await http.call('POST', '/inspections', { token: tokens['cultureLead'], body: plan() })).status).toBe(403);
    expect((await http.call('POST', '/inspections', { token: tokens['holder'], body: plan() })).status).toBe(403);
    expect((await http.call('GET', `/inspections/${round.inspectionId}`, { token: tokens['cultureLead'] })).status).toBe(404);
    expect((await http.call('GET', `/inspections/${round.inspectionId}`, { token: tokens['court'] })).status).toBe(403);
    const draw = { publicValue: '5 2 9', publicValueReference: '第 2026331 期' };
    expect((await http.call('POST', `/inspections/${round.inspectionId}/draw`, { token: tokens['officer-m-2'], body: draw })).status).toBe(
      403,
    );
    const culture = await http.call('GET', '/inspections', { token: tokens['cultureLead'] });
    expect(culture.body.items).toEqual([]);
  });

  it('a plan that cannot be drawn is refused with the field that makes it so', async () => {
    const tooMany = await http.call('POST', '/inspections', { token: tokens['lead'], body: plan({ targetCount: 7 }) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.map((d: { path: string }) => d.path)).toContain('targetCount');
    const recusals = INSPECTORS.slice(0, 3).map((inspector) => ({ inspector, creditCode: TARGETS[1]!.creditCode }));
    const short = await http.call('POST', '/inspections', { token: tokens['lead'], body: plan({ recusals }) });
    expect(short.status).toBe(400);
    expect(short.body.error.details.map((d: { path: string }) => d.path)).toContain('inspectorsPerTarget');
  });

  it('the draw happens once, recused inspectors are not drawn, and verify-draw confirms it', async () => {
    // The plan announced three numbers: a value with another count is refused; the numbers, however typed, are the value.
    const wrong = { publicValue: '2026331 5 2 9', publicValueReference: '中国福彩网 第 2026331 期' };
    const refused = await http.call('POST', `/inspections/${round.inspectionId}/draw`, { token: tokens['lead'], body: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('publicValue');
    const draw = { publicValue: '05，2，9', publicValueReference: '中国福彩网 第 2026331 期' };
    const answer = await http.call('POST', `/inspections/${round.inspectionId}/draw`, { token: tokens['lead'], body: draw });
    expect(answer.status).toBe(200);
    round = answer.body;
    expect(round.status).toBe('drawn');
    expect(round.draw.publicValue).toBe('5-2-9');
    expect(round.draw.seed).toBe(createHash('sha256').update(`${round.planHash}5-2-9`, 'utf8').digest('hex'));
    expect(round.draw.selected).toHaveLength(3);
    for (const target of round.draw.selected) {
      expect(new Set(target.inspectors).size).toBe(2);
      if (target.creditCode === TARGETS[0]!.creditCode) expect(target.inspectors).not.toContain('officer-m-1');
    }
    const again = await http.call('POST', `/inspections/${round.inspectionId}/draw`, { token: tokens['supervisor'], body: draw });
    expect(again.status).toBe(409);
    const verified = await verifyDraw(round.inspectionId);
    expect(verified.out).toContain('MATCH');
    expect(verified.code).toBe(0);
  }, 30_000);

  it('drawn inspectors record their target’s result; a violation opens an enforcement case', async () => {
    const [first, second, third] = round.draw.selected;
    const inspector = first.inspectors[0];
    const outsider = INSPECTORS.find((sub) => !second.inspectors.includes(sub))!;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const noIssue = { creditCode: first.creditCode, result: 'no_issue', inspectedOn: today, summary: '现场检查未发现问题' };
    expect(
      (
        await http.call('POST', `/inspections/${round.inspectionId}/results`, {
          token: tokens[outsider],
          body: { ...noIssue, creditCode: second.creditCode },
        })
      ).status,
    ).toBe(403);
    const recorded = await http.call('POST', `/inspections/${round.inspectionId}/results`, { token: tokens[inspector], body: noIssue });
    expect(recorded.status).toBe(200);
    expect(
      (await http.call('POST', `/inspections/${round.inspectionId}/results`, { token: tokens[inspector], body: noIssue })).status,
    ).toBe(409);

    const violation = await http.call('POST', `/inspections/${round.inspectionId}/results`, {
      token: tokens['supervisor'],
      body: {
        creditCode: second.creditCode,
        result: 'violation_found',
        inspectedOn: today,
        summary: '发现销售假冒注册商标商品',
        case: {
          matter: 'trademark_counterfeiting',
          right: { kind: 'trademark', number: '12345678', title: '紫阳富硒茶', holder: '紫阳县茶业协会' },
          countyCode: '610924',
          description: '抽查中发现该经营者销售标有“紫阳富硒茶”注册商标的茶叶，包装与权利人正品明显不同。',
        },
      },
    });
    expect(violation.status).toBe(200);
    const result = violation.body.results.find((r: { creditCode: string }) => r.creditCode === second.creditCode);
    expect(result.caseNumber).toMatch(/^AKIP-\d{4}-\d{6}$/);
    // Assigned to the target's first inspector (the supervisor did not inspect), who reads and works it.
    const opened = await http.call('GET', `/cases/${result.caseId}`, { token: tokens[second.inspectors[0]] });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      status: 'in_progress',
      path: 'administrative_enforcement',
      stage: 'filing_review',
      assignee: second.inspectors[0],
    });
    expect(opened.body.respondent.creditCode).toBe(second.creditCode);
    expect(opened.body.enforcement.lead.source).toBe('inspection');
    violationCase = { body: opened.body, token: tokens[second.inspectors[0]]!, coInvestigator: second.inspectors[1] };

    const last = await http.call('POST', `/inspections/${round.inspectionId}/results`, {
      token: tokens[third.inspectors[1]],
      body: { creditCode: third.creditCode, result: 'rectification_ordered', inspectedOn: today, summary: '责令限期整改标识问题' },
    });
    expect(last.status).toBe(200);
    expect(last.body.status).toBe('completed');
    round = last.body;
  });

  it('the public record shows the results, never who recorded them or the case opened', async () => {
    const published = await http.call('GET', `/public/inspections/${round.inspectionId}`);
    expect(published.status).toBe(200);
    expect(published.body.results.map((r: { result: string }) => r.result).sort()).toEqual([
      'no_issue',
      'rectification_ordered',
      'violation_found',
    ]);
    const text = JSON.stringify(published.body);
    const opened = round.results.find((r: { caseId: string | null }) => r.caseId);
    expect(text).not.toContain(opened.caseId);
    expect(text).not.toContain(opened.caseNumber);
    expect(text).not.toContain('supervisor-inspections');
  });

  it('verify-draw reports a mismatch when the stored draw, then the plan, is edited in DynamoDB', async () => {
    const runtime = runtimeFile(rt.dataDir) as { dynamodbEndpoint: string; tableName: string };
    const db = new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const Key = marshall({ pk: `INSPECTION#${round.inspectionId}`, sk: 'INSPECTION' });
    const stored = unmarshall((await db.send(new GetItemCommand({ TableName: runtime.tableName, Key }))).Item!);
    // Someone swaps the first drawn target for one that was not drawn.
    const notDrawn = TARGETS.find((t) => !stored['draw'].selected.some((s: { creditCode: string }) => s.creditCode === t.creditCode))!;
    const edited = structuredClone(stored);
    edited['draw'].selected[0] = { ...edited['draw'].selected[0], creditCode: notDrawn.creditCode, name: notDrawn.name };
    await db.send(new PutItemCommand({ TableName: runtime.tableName, Item: marshall(edited) }));
    const swapped = await verifyDraw(round.inspectionId);
    expect(swapped.code).toBe(1);
    expect(swapped.out).toContain('MISMATCH');
    expect(swapped.out).toMatch(/FAIL draw/);

    // Someone removes the recusal from the plan after the fact: the plan no longer has its published hash.
    const rewritten = structuredClone(stored);
    rewritten['planText'] = String(stored['planText']).replace(/"recusals":\[[^\]]*\]/, '"recusals":[]');
    expect(rewritten['planText']).not.toBe(stored['planText']);
    await db.send(new PutItemCommand({ TableName: runtime.tableName, Item: marshall(rewritten) }));
    const replanned = await verifyDraw(round.inspectionId);
    expect(replanned.code).toBe(1);
    expect(replanned.out).toMatch(/FAIL plan_hash/);

    await db.send(new PutItemCommand({ TableName: runtime.tableName, Item: marshall(stored) }));
    expect((await verifyDraw(round.inspectionId)).code).toBe(0);
  }, 40_000);
});

describe('a round over a filter of the public register of penalty decisions', () => {
  it('freezes the respondents the agency has penalised, named as the register names them — and nothing else', async () => {
    const none = await http.call('POST', '/inspections', {
      token: tokens['supervisor'],
      body: plan({ targets: undefined, targetFilter: { matter: 'trademark_counterfeiting' }, targetCount: 1, recusals: [] }),
    });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toBe('targetFilter');

    // The inspection's violation case, filed and decided: its penalty enters the public register.
    let c = await http.step(violationCase.body, violationCase.token, 'accept_filing', { coInvestigator: violationCase.coInvestigator });
    c = await http.step(c, violationCase.token, 'issue_penalty', {
      decisionNumber: '安市监处罚〔2026〕第 31 号',
      violation: '销售侵犯注册商标专用权的商品',
      fineCny: 8000,
      orders: ['立即停止销售侵权商品'],
    });
    expect(c.status).toBe('resolved');
    const filtered = await http.call('POST', '/inspections', {
      token: tokens['supervisor'],
      body: plan({ targets: undefined, targetFilter: { matter: 'trademark_counterfeiting' }, targetCount: 1, recusals: [] }),
    });
    expect(filtered.status).toBe(201);
    const respondent = violationCase.body.respondent;
    expect(filtered.body.plan.targets).toEqual([{ creditCode: respondent.creditCode, name: respondent.name }]);
    // Another matter, or decisions only from tomorrow on: nobody.
    for (const targetFilter of [{ matter: 'copyright' }, { decidedSince: '2099-01-01' }]) {
      const empty = await http.call('POST', '/inspections', {
        token: tokens['supervisor'],
        body: plan({ targets: undefined, targetFilter, targetCount: 1, recusals: [] }),
      });
      expect(empty.status, JSON.stringify(targetFilter)).toBe(400);
    }
  });
});

describe('planning with an Idempotency-Key', () => {
  it('a retried request answers the first plan, never a second one', async () => {
    const headers = { 'idempotency-key': 'plan-2026-q4-retry' };
    const body = plan({ name: '重试的抽查计划' });
    const first = await http.call('POST', '/inspections', { token: tokens['lead'], body, headers });
    const again = await http.call('POST', '/inspections', { token: tokens['lead'], body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.inspectionId).toBe(first.body.inspectionId);
    const listed = await http.call('GET', '/public/inspections?limit=100');
    expect(listed.body.items.filter((i: { name: string }) => i.name === '重试的抽查计划')).toHaveLength(1);
  });
});
