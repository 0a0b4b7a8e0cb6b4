// As a user would: `npm start`'s runtime in its own process, spoken to over HTTP only.
// File complaints for every routing rule and watch each land queued on its path; send every kind
// of bad input; read as owner, stranger, handler and agency.

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validComplaint } from '../support/complaints.ts';
import { client, type Answer } from '../support/http-client.ts';
import { runtimeFile, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';
import { nodeTs } from '../support/node-ts.ts';

let rt: RuntimeProcess;
let holder: string;

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  holder = await rt.token('rights_holder', 'holder-e2e');
});
afterAll(async () => {
  await rt?.stop();
});

type CallOptions = Parameters<ReturnType<typeof client>['call']>[2];
const call = (method: string, path: string, options?: CallOptions): Promise<Answer> => client(rt).call(method, path, options);

const fileComplaint = (body: unknown, token = holder) => call('POST', '/complaints', { token, body });

/** Polls the case until it is queued (or 5 s pass, the acceptance bound). */
async function untilQueued(caseId: string, token = holder): Promise<any> {
  const started = Date.now();
  let last: Answer | undefined;
  while (Date.now() - started < 5_000) {
    last = await call('GET', `/cases/${caseId}`, { token });
    if (last.body?.status === 'queued') return { ...last.body, queuedAfterMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} not queued within 5 s: ${JSON.stringify(last?.body)}`);
}

describe('the running backend', () => {
  it('answers /health and describes itself in runtime.json', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(runtimeFile(rt.dataDir)).toMatchObject({
      http: rt.url,
      tableName: expect.any(String),
      queues: expect.objectContaining({ intake: expect.any(String), mediation: expect.any(String) }),
    });
  });

  it('prints a token with the token command that the runtime accepts', async () => {
    const token = execFileSync(...nodeTs('tools/token.ts', ['--role', 'court', '--sub', 'judge-1']), {
      env: { ...process.env, DATA_DIR: rt.dataDir },
      encoding: 'utf8',
    }).trim();
    expect(token.split('.')).toHaveLength(3);
    const { status } = await call('GET', `/cases/${crypto.randomUUID()}`, { token });
    expect(status).toBe(404); // authenticated: the case simply does not exist
  });
});

describe('routing: each rule lands the case queued on its path within 5 s', () => {
  const agreement = { reference: '安仲字〔2025〕第 88 号', signedOn: '2025-08-01' };
  const cases: [string, (c: any) => void, string, string][] = [
    ['no preference → mediation', () => {}, 'mediation', 'awaiting_consent'],
    [
      'arbitration with an agreement → arbitration',
      (c) => ((c.preferredPath = 'arbitration'), (c.arbitrationAgreement = agreement)),
      'arbitration',
      'acceptance_review',
    ],
    ['arbitration without an agreement → mediation', (c) => (c.preferredPath = 'arbitration'), 'mediation', 'awaiting_consent'],
    [
      'adjudication of a patent → adjudication',
      (c) => (c.preferredPath = 'administrative_adjudication'),
      'administrative_adjudication',
      'filing_review',
    ],
    [
      'adjudication of a trademark → mediation',
      (c) => {
        c.preferredPath = 'administrative_adjudication';
        c.right = { kind: 'trademark', number: '12345678', title: '秦巴', holder: '安康市秦巴茶业科技有限公司' };
      },
      'mediation',
      'awaiting_consent',
    ],
    ['notarization → notarization', (c) => (c.preferredPath = 'notarization'), 'notarization', 'acceptance_review'],
    ['mediation → mediation', (c) => (c.preferredPath = 'mediation'), 'mediation', 'awaiting_consent'],
  ];

  it.each(cases)('%s', async (_name, patch, path, stage) => {
    const filed = await fileComplaint(
      validComplaint((c) => {
        patch(c);
        c.respondent = { name: `${_name} 某商行` }; // distinct parties: no duplicate flag
      }),
    );
    expect(filed.status).toBe(202);
    expect(filed.body).toEqual({
      caseId: expect.any(String),
      caseNumber: expect.stringMatching(/^AKIP-\d{4}-\d{6}$/),
      status: 'submitted',
    });
    const queued = await untilQueued(filed.body.caseId);
    expect(queued).toMatchObject({ path, stage, status: 'queued', caseNumber: filed.body.caseNumber });
  });

  it('opens a linked notarization case for evidence preservation, queued too', async () => {
    const filed = await fileComplaint(
      validComplaint((c) => ((c.requestEvidencePreservation = true), (c.respondent = { name: '白河某某网店' }))),
    );
    const parent = await untilQueued(filed.body.caseId);
    expect(parent.linkedCaseIds).toHaveLength(1);
    const linked = await untilQueued(parent.linkedCaseIds[0]);
    expect(linked).toMatchObject({ path: 'notarization', parentCaseId: filed.body.caseId });
  });

  it('flags the second of two identical open complaints as a possible duplicate', async () => {
    const complaint = validComplaint((c) => (c.respondent = { name: '岚皋某某土特产店' }));
    const first = await fileComplaint(complaint);
    await untilQueued(first.body.caseId);
    const second = await fileComplaint(complaint);
    const queued = await untilQueued(second.body.caseId);
    expect(queued.flags.possibleDuplicateOf).toBe(first.body.caseId);
  });

  it('shows a deadline on working days for an adjudication case', async () => {
    const filed = await fileComplaint(
      validComplaint((c) => ((c.preferredPath = 'administrative_adjudication'), (c.respondent = { name: '平利某某' }))),
    );
    const queued = await untilQueued(filed.body.caseId);
    expect(queued.deadline).toMatchObject({
      kind: 'filing_review',
      overdue: false,
      extended: false,
      dueAt: expect.stringMatching(/T15:59:59\.999Z$/),
    });
  });
});

describe('bad input gets the documented 4xx', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const answer = await call('POST', '/complaints', {
      token: holder,
      raw: '{"complainant":',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'MALFORMED_JSON', requestId: expect.any(String) });
    expect(answer.headers.get('x-request-id')).toBe(answer.body.error.requestId);
  });

  it('a non-JSON content type → 415', async () => {
    const answer = await call('POST', '/complaints', {
      token: holder,
      raw: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over 256 KiB → 413', async () => {
    const answer = await fileComplaint(validComplaint((c) => (c.description = '侵'.repeat(100_000))));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('every rejected field named by its path, in Chinese by default and English on request', async () => {
    const bad = validComplaint((c) => {
      c.complainant.creditCode = '91350100M000100Y44';
      c.right.number = '201910603565.2';
      c.countyCode = '610100';
      c.description = '太短';
      c.evidence[0].sizeBytes = -1;
      c.respondent.onlineStoreUrl = 'http://shop.example.com';
      c.extra = true;
    });
    const zh = await fileComplaint(bad);
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    const paths = zh.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual([
      'complainant.creditCode',
      'countyCode',
      'description',
      'evidence[0].sizeBytes',
      'extra',
      'respondent.onlineStoreUrl',
      'right.number',
    ]);
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const en = await call('POST', '/complaints', { token: holder, body: bad, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.body.error.message).toMatch(/^[\x20-\x7e]+$/);
    expect(en.body.error.details.find((d: { path: string }) => d.path === 'complainant.creditCode').message).toMatch(/check character/i);
  });

  it('non-object bodies → 400, never 5xx', async () => {
    for (const raw of ['null', '[]', '"text"', '42', '{"complainant": null}']) {
      const answer = await call('POST', '/complaints', { token: holder, raw, headers: { 'content-type': 'application/json' } });
      expect(answer.status, raw).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('identity and access', () => {
  let caseId: string;
  beforeAll(async () => {
    const filed = await fileComplaint(validComplaint((c) => (c.respondent = { name: '镇坪某某药材店' })));
    caseId = filed.body.caseId;
    await untilQueued(caseId);
  });

  it('no token or a bad token → 401', async () => {
    expect((await call('GET', `/cases/${caseId}`)).status).toBe(401);
    expect((await call('GET', `/cases/${caseId}`, { token: 'not.a.token' })).status).toBe(401);
    const expired = await rt.jwt.signToken({ role: 'court', sub: 'c', ttlSeconds: -60 });
    const answer = await call('GET', `/cases/${caseId}`, { token: expired });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a token with no recognised role → 403', async () => {
    const token = await rt.jwt.signToken({ role: 'visitor', sub: 'v', groups: ['visitor'] });
    expect((await call('GET', `/cases/${caseId}`, { token })).status).toBe(403);
    expect((await fileComplaint(validComplaint(), token)).status).toBe(403);
  });

  it("another rights holder's case is 404, the owner's is 200", async () => {
    const stranger = await rt.token('rights_holder', 'someone-else');
    const answer = await call('GET', `/cases/${caseId}`, { token: stranger });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
    expect((await call('GET', `/cases/${caseId}`, { token: holder })).status).toBe(200);
  });

  it('handlers read their own path only; court reads all', async () => {
    expect((await call('GET', `/cases/${caseId}`, { token: await rt.token('mediator', 'm1') })).status).toBe(200);
    expect((await call('GET', `/cases/${caseId}`, { token: await rt.token('arbitrator', 'a1') })).status).toBe(404);
    expect((await call('GET', `/cases/${caseId}`, { token: await rt.token('court', 'c1') })).status).toBe(200);
  });

  it('handlers may not file complaints', async () => {
    expect((await fileComplaint(validComplaint(), await rt.token('officer', 'o1'))).status).toBe(403);
  });

  it('unknown routes are 404 in the error shape', async () => {
    const answer = await call('GET', '/nowhere', { token: holder });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });
});
