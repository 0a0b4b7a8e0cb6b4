// Administrative enforcement (SPEC §12) over HTTP against the local runtime in its own process: a
// complaint asking for enforcement reaches the queue of the agency its right belongs to and no
// other; an officer opens a case on its own lead, files it with a second officer, inspects, issues a
// penalty — and the decision appears in the public register, read without signing in, with no
// contact data and a natural person's name masked. Officers of another agency never see the case.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

let rt: RuntimeProcess;
let http: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  http = client(rt);
  for (const [name, role, sub, agency] of [
    ['market', 'officer', 'officer-market-1', 'market_regulation'],
    ['market2', 'officer', 'officer-market-2', 'market_regulation'],
    // An officer token without an agency keeps the v1 meaning: market regulation.
    ['plainOfficer', 'officer', 'officer-plain', undefined],
    ['culture', 'officer', 'officer-culture-1', 'culture_tourism'],
    ['forestry', 'officer', 'officer-forestry-1', 'forestry'],
    ['holder', 'rights_holder', 'holder-enforcement', undefined],
    ['mediator', 'mediator', 'mediator-enforcement', undefined],
    ['supervisor', 'supervisor', 'supervisor-enforcement', undefined],
  ] as const) {
    tokens[name] = await rt.token(role, sub, agency);
  }
}, 60_000);
afterAll(async () => {
  await rt?.stop();
});

const queueIds = async (token: string): Promise<string[]> => {
  const answer = await http.call('GET', '/work-queues/administrative_enforcement?limit=100', { token });
  expect(answer.status).toBe(200);
  return answer.body.items.map((c: { caseId: string }) => c.caseId);
};

describe('complaints asking for administrative enforcement', () => {
  let trademark: any;
  let copyright: any;

  beforeAll(async () => {
    trademark = await http.file(
      validComplaint((c) => {
        c.right = { kind: 'trademark', number: '12345678', title: '紫阳富硒茶', holder: c.complainant.name };
        c.preferredPath = 'administrative_enforcement';
      }),
      tokens['holder']!,
    );
    copyright = await http.file(
      validComplaint((c) => {
        c.right = { kind: 'copyright', number: '陕作登字-2025-A-00001234', title: '汉江摄影集', holder: c.complainant.name };
        c.preferredPath = 'administrative_enforcement';
      }),
      tokens['holder']!,
    );
  }, 30_000);

  it('routes each to the enforcement path of the agency its right belongs to', () => {
    expect(trademark).toMatchObject({ path: 'administrative_enforcement', stage: 'filing_review', status: 'queued' });
    expect(trademark.enforcement).toEqual({ agency: 'market_regulation', matter: 'trademark_counterfeiting' });
    expect(copyright.enforcement).toEqual({ agency: 'culture_tourism', matter: 'copyright' });
    expect(trademark.deadline).toMatchObject({ kind: 'enforcement_filing', overdue: false });
  });

  it("puts the trademark case in the market regulation officers' queue and not the culture and tourism officers'; the copyright one the reverse", async () => {
    const market = await queueIds(tokens['market']!);
    const culture = await queueIds(tokens['culture']!);
    expect(market).toContain(trademark.caseId);
    expect(market).not.toContain(copyright.caseId);
    expect(culture).toContain(copyright.caseId);
    expect(culture).not.toContain(trademark.caseId);
    // The officer without an agency is a market-regulation officer.
    expect(await queueIds(tokens['plainOfficer']!)).toContain(trademark.caseId);
    expect(await queueIds(tokens['forestry']!)).toEqual(expect.not.arrayContaining([trademark.caseId, copyright.caseId]));
  });

  it("hides each case from the other agency's officers (404) and lets only its own claim it", async () => {
    expect((await http.call('GET', `/cases/${copyright.caseId}`, { token: tokens['market']! })).status).toBe(404);
    expect((await http.call('GET', `/cases/${trademark.caseId}`, { token: tokens['culture']! })).status).toBe(404);
    expect((await http.claim(trademark.caseId, tokens['culture']!)).status).toBe(404);
    const claimed = await http.claim(copyright.caseId, tokens['culture']!);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'in_progress', assignee: 'officer-culture-1' });
  });

  it("lists an agency's cases only in its officers' GET /cases, and adjudication only for market regulation", async () => {
    const culture = await http.call('GET', '/cases?limit=100', { token: tokens['culture']! });
    expect(culture.status).toBe(200);
    const ids = culture.body.items.map((c: { caseId: string }) => c.caseId);
    expect(ids).toContain(copyright.caseId);
    expect(ids).not.toContain(trademark.caseId);
    for (const c of culture.body.items) expect(c.enforcement.agency).toBe('culture_tourism');
    expect((await http.call('GET', '/work-queues/administrative_adjudication', { token: tokens['culture']! })).status).toBe(403);
    expect((await http.call('GET', '/work-queues/administrative_adjudication', { token: tokens['market']! })).status).toBe(200);
  });
});

describe('a case an officer opens on its own lead, up to a published penalty', () => {
  const lead = { source: 'inspection', reference: '安市监执检〔2026〕第 88 号', receivedOn: '2026-12-01' };
  const opening = {
    lead,
    matter: 'trademark_counterfeiting',
    right: { kind: 'trademark', number: '30567890', title: '安康富硒茶', holder: '安康市富硒茶业协会' },
    // A natural person trading without a business registration: the register masks the name.
    respondent: { name: '王小明', address: '安康市汉滨区江北街道 12 号' },
    countyCode: '610902',
    description: '日常检查中发现当事人销售标有他人注册商标的茶叶礼盒三百余盒，涉嫌假冒注册商标。',
    evidence: [],
  };
  let c: any;

  it('is refused to an officer of another agency, on the matter', async () => {
    const refused = await http.call('POST', '/cases', { token: tokens['culture']!, body: opening });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['matter']);
    expect((await http.call('POST', '/cases', { token: tokens['mediator']!, body: opening })).status).toBe(403);
  });

  it('opens in progress at filing review, assigned to the officer, with no complainant and its filing clock', async () => {
    const opened = await http.call('POST', '/cases', { token: tokens['market']!, body: opening });
    expect(opened.status).toBe(201);
    c = opened.body;
    expect(c).toMatchObject({
      status: 'in_progress',
      path: 'administrative_enforcement',
      stage: 'filing_review',
      assignee: 'officer-market-1',
      complainant: null,
      enforcement: { agency: 'market_regulation', matter: 'trademark_counterfeiting', lead },
    });
    expect(c.caseNumber).toMatch(/^AKIP-\d{4}-\d{6}$/);
    // 15 working days from the lead's day (2026-12-01, a Tuesday): 2026-12-22.
    expect(c.deadline).toMatchObject({ kind: 'enforcement_filing', dueAt: '2026-12-22T15:59:59.999Z' });
    const timeline = await http.call('GET', `/cases/${c.caseId}/timeline`, { token: tokens['market']! });
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(['submitted', 'opened_by_officer']);
  });

  it('files with a second officer, who is then an investigator; a filing without one is refused on its field', async () => {
    const alone = await http.act(c.caseId, tokens['market']!, c.version, 'accept_filing');
    expect(alone.status).toBe(400);
    expect(alone.body.error.details[0].path).toBe('coInvestigator');
    c = await http.step(c, tokens['market']!, 'accept_filing', { coInvestigator: 'officer-market-2' });
    expect(c).toMatchObject({ stage: 'investigating', enforcement: { investigators: ['officer-market-1', 'officer-market-2'] } });
    expect(c.deadline.kind).toBe('enforcement_decision');
  });

  it('records an on-site inspection by two officers, and pauses and resumes the decision clock', async () => {
    c = await http.step(c, tokens['market']!, 'record_inspection', {
      at: '2026-12-03T10:00:00+08:00',
      location: '安康市汉滨区江北街道 12 号门店',
      findings: '现场查获标有“安康富硒茶”商标的礼盒 312 盒，当事人未能提供授权证明。',
      officers: ['officer-market-1', 'officer-market-2'],
      evidenceSha256: ['d'.repeat(64)],
    });
    expect(c.enforcement.inspections).toHaveLength(1);
    const due = c.deadline.dueAt;
    c = await http.step(c, tokens['market']!, 'pause_clock', { reason: '送检鉴定商品真伪' });
    expect(c.deadline.paused).toMatchObject({ reason: '送检鉴定商品真伪' });
    c = await http.step(c, tokens['market']!, 'resume_clock');
    expect(c.deadline.paused).toBeUndefined();
    // Paused and resumed within the same day: no day is taken out.
    expect(c.deadline.dueAt).toBe(due);
  });

  it('issues the penalty: resolved, and published in the register without contact data, the name masked', async () => {
    c = await http.step(c, tokens['market']!, 'issue_penalty', {
      decisionNumber: '安市监处罚〔2026〕第 17 号',
      violation: '销售侵犯注册商标专用权的商品',
      fineCny: 15000,
      confiscation: '侵权茶叶礼盒 312 盒',
      orders: ['立即停止销售侵权商品'],
    });
    expect(c).toMatchObject({ status: 'resolved', stage: 'penalty_decided', outcome: { kind: 'penalty', againstRespondent: true } });
    const register = await http.call('GET', '/public/decisions');
    expect(register.status).toBe(200);
    const entry = register.body.items.find((d: { decisionNumber: string }) => d.decisionNumber === '安市监处罚〔2026〕第 17 号');
    expect(entry).toMatchObject({
      agency: 'market_regulation',
      matter: 'trademark_counterfeiting',
      respondent: { name: '王**', creditCode: null, naturalPerson: true },
      violation: '销售侵犯注册商标专用权的商品',
      penalty: { fineCny: 15000, confiscation: '侵权茶叶礼盒 312 盒', orders: ['立即停止销售侵权商品'] },
    });
    const text = JSON.stringify(register.body);
    for (const secret of ['王小明', '江北街道', c.caseId, c.caseNumber, 'officer-market-1']) expect(text).not.toContain(secret);
  });
});

describe('the public register', () => {
  it('refuses unknown parameters and a forged cursor with 400, and needs no token', async () => {
    expect((await http.call('GET', '/public/decisions?limit=0')).status).toBe(400);
    expect((await http.call('GET', '/public/decisions?sort=name')).status).toBe(400);
    expect((await http.call('GET', '/public/decisions?cursor=abc')).status).toBe(400);
  });

  // Its limit per source address is tested in test/integration/rate-limit.test.ts (with a low limit).
});
