// The credit list (SPEC §12) on the real local runtime, in process, so the test can move the
// functions' clock: a respondent with two penalties becomes a candidate by itself (from the table's
// stream); the supervisor starts the review, may not list it while the statement period runs, lists
// it once the period is over; it is then on the public list (no sign-in) and in the export for
// other agencies (JSON and CSV), and leaves the public list when its three years are over. Every
// step is an event of the entry's own hash chain. Officers nominate; a listing is removed early on
// an approved credit repair, not before a year.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditChainId } from '#domain/credit-list.ts';
import { verifyChain, type TimelineEvent } from '#domain/timeline.ts';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import { setClockOffset } from '#lib/clock.ts';

const JVM_START = 90_000;
const DAY = 86_400_000;
/** A real credit code (SPEC §7 known-good vectors): the respondent penalised twice. */
const REPEAT = '91440300708461136T';
/** Another: nominated by an officer. */
const NOMINATED = '91110108551385082Q';

let runtime: LocalRuntime;
let dataDir: string;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function call(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${runtime.httpUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

async function ok(method: string, path: string, token: string, body?: unknown, status = 200): Promise<any> {
  const answer = await call(method, path, token, body);
  if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** Where the respondent penalised twice is reached: invited on its second case (SPEC §10). */
const RESPONDENT_EMAIL = 'legal@sz-ecommerce.example.cn';

/** An officer's own case against `creditCode`, filed (the respondent invited at `inviteEmail`) and closed with a penalty. */
async function penalise(creditCode: string, n: number, inviteEmail?: string): Promise<void> {
  let c = await ok(
    'POST',
    '/cases',
    tokens['officer']!,
    {
      lead: { source: 'inspection', reference: `安市监执检〔2026〕第 ${n} 号`, receivedOn: '2026-12-01' },
      matter: 'trademark_counterfeiting',
      right: { kind: 'trademark', number: '30567890', title: '安康富硒茶', holder: '安康市富硒茶业协会' },
      respondent: { name: '深圳市某某电子商务有限公司', creditCode },
      countyCode: '610902',
      description: '日常检查中发现当事人销售假冒注册商标的茶叶礼盒，依职权立案。',
    },
    201,
  );
  c = await ok('POST', `/cases/${c.caseId}/actions`, tokens['officer']!, {
    action: 'accept_filing',
    expectedVersion: c.version,
    coInvestigator: 'officer-credit-2',
  });
  if (inviteEmail) {
    c = await ok('POST', `/cases/${c.caseId}/actions`, tokens['officer']!, {
      action: 'invite_respondent',
      expectedVersion: c.version,
      contact: { email: inviteEmail },
    });
  }
  await ok('POST', `/cases/${c.caseId}/actions`, tokens['officer']!, {
    action: 'issue_penalty',
    expectedVersion: c.version,
    decisionNumber: `安市监处罚〔2026〕第 ${n} 号`,
    violation: '销售假冒注册商标的商品',
    fineCny: 30000,
    orders: ['停止销售'],
  });
}

/** Polls `check` until it stops throwing, up to 20 s (the notifications queue is polled). */
async function eventually<T>(check: () => T): Promise<T> {
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const entryOf = (code: string) => ok('GET', `/credit-list/${code}`, tokens['supervisor']!);
const act = async (code: string, action: string, fields: Record<string, unknown> = {}) => {
  const entry = await entryOf(code);
  return call('POST', `/credit-list/${code}/actions`, tokens['supervisor']!, { action, expectedVersion: entry.version, ...fields });
};
const publicCodes = async () =>
  ((await call('GET', '/public/credit-list')).body.items as { creditCode: string }[]).map((e) => e.creditCode);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'credit-list-'));
  runtime = await startLocalRuntime({ dataDir, inMemory: true, port: 0, rateLimit: false, log: () => {} });
  const sign = (role: string, sub: string, groups?: string[]) => runtime.jwt.signToken({ role, sub, ...(groups ? { groups } : {}) });
  tokens['officer'] = await sign('officer', 'officer-credit-1', ['officer', 'agency:market_regulation']);
  tokens['culture'] = await sign('officer', 'officer-credit-culture', ['officer', 'agency:culture_tourism']);
  tokens['supervisor'] = await sign('supervisor', 'supervisor-credit');
  tokens['court'] = await sign('court', 'court-credit');
  tokens['police'] = await sign('police', 'police-credit');
  tokens['holder'] = await sign('rights_holder', 'holder-credit');
}, JVM_START);

afterAll(async () => {
  setClockOffset(0);
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('a respondent penalised twice', () => {
  it('is a finding after the first penalty and a candidate, by itself, after the second', async () => {
    await penalise(REPEAT, 101);
    await runtime.drainStreams();
    expect(await entryOf(REPEAT)).toMatchObject({
      status: 'none',
      findings: [{ kind: 'penalty', documentNumber: '安市监处罚〔2026〕第 101 号' }],
    });
    await penalise(REPEAT, 102, RESPONDENT_EMAIL);
    await runtime.drainStreams();
    const entry = await entryOf(REPEAT);
    expect(entry).toMatchObject({ status: 'candidate', source: 'automatic', name: '深圳市某某电子商务有限公司' });
    expect(entry.findings).toHaveLength(2);
    const candidates = await ok('GET', '/credit-list?status=candidate', tokens['supervisor']!);
    expect(candidates.items.map((e: { creditCode: string }) => e.creditCode)).toEqual([REPEAT]);
    // SPEC §2: the supervisor reads every case the findings name; market regulation's officer its own
    // cases; culture and tourism's officer none of them — their decisions only, no case id or number.
    expect(candidates.items[0].findings.every((f: { caseNumber: string | null }) => f.caseNumber?.startsWith('AKIP-'))).toBe(true);
    const own = await ok('GET', `/credit-list/${REPEAT}`, tokens['officer']!);
    expect(own.findings.every((f: { caseId: string | null }) => typeof f.caseId === 'string')).toBe(true);
    const other = await call('GET', `/credit-list/${REPEAT}`, tokens['culture']!);
    expect(other.status).toBe(200);
    expect(
      other.body.findings.map((f: { caseId: unknown; caseNumber: unknown; documentNumber: string }) => [
        f.caseId,
        f.caseNumber,
        f.documentNumber,
      ]),
    ).toEqual([
      [null, null, '安市监处罚〔2026〕第 101 号'],
      [null, null, '安市监处罚〔2026〕第 102 号'],
    ]);
    expect(JSON.stringify(other.body)).not.toMatch(/AKIP-/);
  });

  it('is reviewed by the supervisor, who may not list it while the statement period runs', async () => {
    const started = await act(REPEAT, 'start_review');
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'under_review', statementDueAt: expect.any(String) });
    // The respondent is told (SPEC §11), at the address its invitation went to, with the end of its statement period.
    await runtime.drainStreams();
    const told = await eventually(() => {
      const mail = runtime.mailbox.mails().find((m) => m.to.includes(RESPONDENT_EMAIL) && m.text.includes('陈述申辩'));
      if (!mail) throw new Error('no review notice yet');
      return mail;
    });
    expect(told.text).toContain('信用惩戒名单审查');
    expect(told.text).toContain('/#/credit-list');
    const early = await act(REPEAT, 'list', { reason: '五年内两次因假冒注册商标受到行政处罚' });
    expect(early.status).toBe(409);
    expect(early.body.error.details[0]).toMatchObject({ reason: 'credit.statement_period_running', status: 'under_review' });
    expect(await publicCodes()).not.toContain(REPEAT);
  });

  it('is listed once the statement period is over, for three years, and shown to the public and in the export', async () => {
    setClockOffset(8 * DAY);
    const listed = await act(REPEAT, 'list', { reason: '五年内两次因假冒注册商标受到行政处罚' });
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ status: 'listed' });
    const years = (Date.parse(listed.body.listedUntil) - Date.parse(listed.body.listedAt)) / (365 * DAY);
    expect(years).toBeGreaterThan(2.99);
    expect(years).toBeLessThan(3.01);

    const open = await call('GET', '/public/credit-list');
    expect(open.status).toBe(200);
    const shown = open.body.items.find((e: { creditCode: string }) => e.creditCode === REPEAT);
    expect(shown).toMatchObject({ name: '深圳市某某电子商务有限公司', reason: '五年内两次因假冒注册商标受到行政处罚' });
    expect(shown.decisions.map((d: { documentNumber: string }) => d.documentNumber)).toEqual([
      '安市监处罚〔2026〕第 101 号',
      '安市监处罚〔2026〕第 102 号',
    ]);
    // No case ids, numbers or officers on the public list.
    expect(open.text).not.toMatch(/AKIP-|officer-credit|caseId/);

    const json = await ok('GET', '/credit-list/export', tokens['court']!);
    expect(json.items.map((e: { creditCode: string }) => e.creditCode)).toEqual([REPEAT]);
    const csv = await call('GET', '/credit-list/export?format=csv', tokens['police']!);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('creditCode,name,listedAt,listedUntil,reason,decisions');
    expect(lines[1]).toContain(REPEAT);
    expect(lines).toHaveLength(2);
  });

  it('keeps every step as an event of the entry’s own hash chain', async () => {
    const entry = await entryOf(REPEAT);
    const events = entry.events as TimelineEvent[];
    expect(events.map((e) => e.type)).toEqual(['finding_recorded', 'candidate', 'start_review', 'list']);
    expect(events.every((e) => e.caseId === creditChainId(REPEAT))).toBe(true);
    expect(verifyChain(events)).toMatchObject({ valid: true, events: 4 });
    expect(verifyChain([events[0]!, { ...events[1]!, data: { rule: 'edited' } }, ...events.slice(2)])).toMatchObject({
      valid: false,
      brokenAt: 2,
    });
  });

  it('leaves the public list and the export when its period is over, and reads as expired', async () => {
    setClockOffset((3 * 365 + 10) * DAY);
    expect(await publicCodes()).not.toContain(REPEAT);
    expect((await ok('GET', '/credit-list/export', tokens['court']!)).items).toEqual([]);
    expect(await entryOf(REPEAT)).toMatchObject({ status: 'expired' });
    setClockOffset(0);
  });
});

describe('nominations and credit repair', () => {
  it('lets an officer nominate, once; a rights holder reads none of it; an unknown code is 404', async () => {
    const nomination = { creditCode: NOMINATED, name: '北京某某科技有限公司', reason: '拒不履行已生效的行政处罚决定' };
    const nominated = await call('POST', '/credit-list/nominations', tokens['culture']!, nomination);
    expect(nominated.status).toBe(201);
    expect(nominated.body).toMatchObject({ status: 'candidate', source: 'nomination' });
    expect((await call('POST', '/credit-list/nominations', tokens['officer']!, nomination)).status).toBe(409);
    expect((await call('POST', '/credit-list/nominations', tokens['supervisor']!, nomination)).status).toBe(403);
    expect((await call('GET', '/credit-list', tokens['holder']!)).status).toBe(403);
    expect((await call('GET', '/credit-list/export', tokens['holder']!)).status).toBe(403);
    expect(
      (await call('POST', `/credit-list/${NOMINATED}/actions`, tokens['officer']!, { action: 'start_review', expectedVersion: 1 })).status,
    ).toBe(403);
    expect((await call('GET', '/credit-list/91350100M000100Y43', tokens['supervisor']!)).status).toBe(404);
    expect((await call('GET', '/credit-list/NOT-A-CODE', tokens['supervisor']!)).status).toBe(404);
  });

  it('lists after the statement is recorded, and removes early on an approved repair only after a year', async () => {
    expect((await act(NOMINATED, 'start_review')).status).toBe(200);
    expect((await act(NOMINATED, 'record_statement', { text: '我方已于近日履行全部处罚决定' })).status).toBe(200);
    expect((await act(NOMINATED, 'list', { reason: '拒不履行生效决定' })).status).toBe(200);
    expect(await publicCodes()).toContain(NOMINATED);
    expect((await act(NOMINATED, 'approve_repair', { reason: '已整改' })).body.error.details[0].reason).toBe(
      'credit.no_repair_application',
    );
    expect((await act(NOMINATED, 'record_repair_application', { text: '申请信用修复，附履行凭证' })).status).toBe(200);
    expect((await act(NOMINATED, 'approve_repair', { reason: '已整改' })).body.error.details[0].reason).toBe('credit.repair_too_early');
    setClockOffset(366 * DAY);
    const removed = await act(NOMINATED, 'approve_repair', { reason: '已履行并整改到位' });
    expect(removed.status).toBe(200);
    expect(removed.body.status).toBe('removed');
    expect(await publicCodes()).not.toContain(NOMINATED);
    setClockOffset(0);
  });

  it('refuses a stale version with 409 and bad bodies with 400 naming the field', async () => {
    const stale = await call('POST', `/credit-list/${NOMINATED}/actions`, tokens['supervisor']!, {
      action: 'start_review',
      expectedVersion: 0,
    });
    expect(stale.status).toBe(409);
    const bad = await call('POST', '/credit-list/nominations', tokens['officer']!, {
      creditCode: '91440300708461136X',
      name: '某公司',
      reason: '理由',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['creditCode']);
  });
});
