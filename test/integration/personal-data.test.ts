// What each reader sees of personal data and of other cases (SPEC §2, §2.1), through the real
// handlers on DynamoDB Local: respondent history per reader, contact details masked for readers who
// neither are the party nor work the case, the duplicate flag naming only cases the reader may read,
// and internal events (notes, supervision opinions) answered to the rights holder as stubs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as submit } from '../../functions/submit-complaint/handler.ts';
import { handler as getCaseHandler } from '../../functions/get-case/handler.ts';
import { handler as listCasesHandler } from '../../functions/list-cases/handler.ts';
import { handler as claimHandler } from '../../functions/claim-case/handler.ts';
import { handler as actionHandler } from '../../functions/case-action/handler.ts';
import { handler as timelineHandler } from '../../functions/get-timeline/handler.ts';
import { handler as integrityHandler } from '../../functions/check-integrity/handler.ts';
import { handler as respondentHandler } from '../../functions/get-respondent/handler.ts';
import { handler as workQueueHandler } from '../../functions/get-work-queue/handler.ts';
import type { HttpEvent, HttpResult } from '#lib/http.ts';
import { as, httpEvent } from '../support/events.ts';
import { validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { routeAll as routePipeline } from '../support/pipeline.ts';

let stack: LocalStack;
const ctx = {} as never;

const RESPONDENT = '91440300708461136T';
const PHONE = '13891500123';
const EMAIL = 'ip@qinba-tea.example.cn';
const ADDRESS = '广东省深圳市南山区科技园路 1 号';
const NOTE = '已电话联系被投诉人，对方表示愿意协商';
const OPINION = '建议核实被投诉人的经营范围';

type Answer = { status: number; body: any };

async function run(handler: (e: HttpEvent, c: never) => Promise<HttpResult>, event: HttpEvent): Promise<Answer> {
  const result = await handler(event, ctx);
  return { status: Number(result.statusCode), body: JSON.parse(String(result.body)) };
}

function event(
  name: Parameters<typeof httpEvent>[0],
  role: string,
  sub: string,
  init: { path?: Record<string, string>; query?: Record<string, string> } = {},
): HttpEvent {
  const e = as(httpEvent(name), role, sub);
  delete e.pathParameters;
  if (init.path) e.pathParameters = init.path;
  e.queryStringParameters = init.query;
  e.rawQueryString = new URLSearchParams(init.query ?? {}).toString();
  return e;
}

/** A POST to a case route, built from the GET case event (no action event sample exists). */
function post(routeKey: string, role: string, sub: string, caseId: string, body?: unknown): HttpEvent {
  const e = event('http-get-case', role, sub, { path: { caseId } });
  e.routeKey = routeKey;
  e.requestContext.routeKey = routeKey;
  e.requestContext.http.method = 'POST';
  e.headers = { ...e.headers, 'content-type': 'application/json' };
  if (body !== undefined) e.body = JSON.stringify(body);
  return e;
}

async function file(sub: string, patch: (c: any) => void): Promise<string> {
  const e = as(httpEvent('http-post-complaints'), 'rights_holder', sub);
  delete e.headers['idempotency-key'];
  e.body = JSON.stringify(validComplaint(patch));
  const { status, body } = await run(submit, e);
  expect(status).toBe(202);
  await routePipeline(stack);
  return body.caseId;
}

const read = (caseId: string, role: string, sub: string) => run(getCaseHandler, event('http-get-case', role, sub, { path: { caseId } }));
const timeline = (caseId: string, role: string, sub: string) =>
  run(timelineHandler, event('http-get-timeline', role, sub, { path: { caseId } }));
const history = (role: string, sub = `${role}-1`, query: Record<string, string> = {}) =>
  run(respondentHandler, event('http-get-respondent', role, sub, { path: { creditCode: RESPONDENT }, query }));

async function act(caseId: string, role: string, sub: string, action: Record<string, unknown>): Promise<Answer> {
  const current = await read(caseId, 'supervisor', 'supervisor-1');
  const answer = await run(
    actionHandler,
    post('POST /cases/{caseId}/actions', role, sub, caseId, { ...action, expectedVersion: current.body.version }),
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
}

async function claim(caseId: string, role: string, sub: string): Promise<Answer> {
  const answer = await run(claimHandler, post('POST /cases/{caseId}/claim', role, sub, caseId));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
}

/** Case ids by name. */
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack();
  // The first filer's mediation case, claimed by mediator-1, with a note and a supervision opinion.
  ids['first'] = await file('holder-a', (c) => (c.preferredPath = 'mediation'));
  await claim(ids['first'], 'mediator', 'mediator-1');
  await act(ids['first'], 'mediator', 'mediator-1', { action: 'add_note', text: NOTE });
  await act(ids['first'], 'procuratorate', 'procuratorate-1', { action: 'add_supervision_opinion', text: OPINION });
  // Another rights holder (e.g. a licensee's agent) files the same complaint: a possible duplicate.
  ids['second'] = await file('holder-b', (c) => (c.preferredPath = 'mediation'));
  // An adjudication case against the same respondent, transferred to the police.
  ids['police'] = await file('holder-c', (c) => {
    c.preferredPath = 'administrative_adjudication';
    c.right.number = 'ZL202010000001.1';
  });
  await claim(ids['police'], 'officer', 'officer-1');
  await act(ids['police'], 'officer', 'officer-1', { action: 'accept_filing' });
  await act(ids['police'], 'officer', 'officer-1', { action: 'transfer_to_police', reason: '涉嫌假冒专利罪' });
  // A mediation case against the same respondent that failed and was closed, with a free-text reason.
  ids['closed'] = await file('holder-d', (c) => {
    c.preferredPath = 'mediation';
    c.right.number = 'ZL202010000002.6';
  });
  await claim(ids['closed'], 'mediator', 'mediator-2');
  await act(ids['closed'], 'mediator', 'mediator-2', { action: 'record_consent', consented: false, reason: '被投诉人拒绝调解' });
  await act(ids['closed'], 'mediator', 'mediator-2', { action: 'close', reason: '被投诉人称已停止销售，双方未达成协议' });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a respondent’s history (SPEC §2.1)', () => {
  it('shows the police only the cases transferred to them, with the counts of every case', async () => {
    const { status, body } = await history('police');
    expect(status).toBe(200);
    expect(body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([ids['police']]);
    expect(body.counts).toEqual({ total: 4, open: 2, resolvedAgainst: 0 });
    expect(JSON.stringify(body)).not.toContain(ids['closed']);
    expect(JSON.stringify(body)).not.toContain('双方未达成协议');
  });

  it('shows a notary with no case on its path no case at all, but the counts', async () => {
    const { status, body } = await history('notary');
    expect(status).toBe(200);
    expect(body.cases).toEqual([]);
    expect(body.counts).toEqual({ total: 4, open: 2, resolvedAgainst: 0 });
    expect(body.nextCursor).toBeNull();
  });

  it('pages a mediator through the mediation cases only, one at a time', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 10; n++) {
      const { status, body }: Answer = await history('mediator', 'mediator-9', { limit: '1', ...(cursor ? { cursor } : {}) });
      expect(status).toBe(200);
      expect(body.cases.length).toBeLessThanOrEqual(1);
      seen.push(...body.cases.map((c: { caseId: string }) => c.caseId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([ids['closed'], ids['second'], ids['first']]);
  });

  it('shows court, procuratorate and supervisor every case, free-text outcomes included', async () => {
    for (const role of ['court', 'procuratorate', 'supervisor']) {
      const { body } = await history(role);
      expect(body.cases.map((c: { caseId: string }) => c.caseId).sort(), role).toEqual(Object.values(ids).sort());
      expect(body.counts).toEqual({ total: 4, open: 2, resolvedAgainst: 0 });
      expect(JSON.stringify(body)).toContain('双方未达成协议');
    }
  });
});

describe('contact details (SPEC §2.1)', () => {
  const masked = { phone: '138****0123', email: 'i***@qinba-tea.example.cn', address: '广东省深圳市南山区' };
  const full = { phone: PHONE, email: EMAIL, address: ADDRESS };
  const seen = (body: any) => ({
    phone: body.complainant.contact.phone,
    email: body.complainant.contact.email,
    address: body.respondent.address,
  });

  it('are masked for court, procuratorate and an unassigned mediator', async () => {
    for (const [role, sub] of [
      ['court', 'court-1'],
      ['procuratorate', 'procuratorate-1'],
      ['mediator', 'mediator-2'],
    ]) {
      const { status, body } = await read(ids['first']!, role!, sub!);
      expect(status).toBe(200);
      expect(seen(body), `${role} ${sub}`).toEqual(masked);
    }
  });

  it('are shown in full to the assigned handler and the supervisor', async () => {
    expect(seen((await read(ids['first']!, 'mediator', 'mediator-1')).body)).toEqual(full);
    expect(seen((await read(ids['first']!, 'supervisor', 'supervisor-1')).body)).toEqual(full);
  });

  it('of the complainant are shown in full to the owner; the respondent’s address is cut to the county', async () => {
    expect(seen((await read(ids['first']!, 'rights_holder', 'holder-a')).body)).toEqual({ ...full, address: masked.address });
  });

  it('are masked the same way in lists', async () => {
    const { body } = await run(
      listCasesHandler,
      event('http-list-cases', 'court', 'court-1', { query: { respondentCreditCode: RESPONDENT } }),
    );
    expect(body.items.length).toBe(4);
    for (const item of body.items) expect(seen(item)).toEqual(masked);
  });
});

describe('the duplicate flag (SPEC §2.1)', () => {
  it('tells the second filer there may be a duplicate without naming the first filer’s case', async () => {
    const { status, body } = await read(ids['second']!, 'rights_holder', 'holder-b');
    expect(status).toBe(200);
    expect(body.flags).toMatchObject({ possibleDuplicate: true, possibleDuplicateOf: null });
    expect(JSON.stringify(body)).not.toContain(ids['first']);
  });

  it('names the other case to readers of it', async () => {
    for (const [role, sub] of [
      ['court', 'court-1'],
      ['mediator', 'mediator-1'],
      ['supervisor', 'supervisor-1'],
    ]) {
      const { body } = await read(ids['second']!, role!, sub!);
      expect(body.flags, role).toMatchObject({ possibleDuplicate: true, possibleDuplicateOf: ids['first'] });
    }
  });

  it('keeps the first filer’s case id out of the second filer’s timeline', async () => {
    const { status, body } = await timeline(ids['second']!, 'rights_holder', 'holder-b');
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(2);
    expect(JSON.stringify(body)).not.toContain(ids['first']);
  });
});

describe('internal events (SPEC §2.1)', () => {
  it('are answered to the rights holder as stubs carrying only seq, at, type, prevHash and hash', async () => {
    const { status, body } = await timeline(ids['first']!, 'rights_holder', 'holder-a');
    expect(status).toBe(200);
    const text = JSON.stringify(body);
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain(OPINION);
    const stubs = body.items.filter((e: { type: string }) => e.type === 'internal');
    expect(stubs).toHaveLength(2);
    for (const stub of stubs) expect(Object.keys(stub).sort()).toEqual(['at', 'hash', 'prevHash', 'seq', 'type']);
    // The links still hold across the stubs.
    for (const [i, e] of body.items.entries()) if (i > 0) expect(e.prevHash).toBe(body.items[i - 1].hash);
  });

  it('are shown in full to the handler, court and procuratorate', async () => {
    for (const [role, sub] of [
      ['mediator', 'mediator-1'],
      ['court', 'court-1'],
      ['procuratorate', 'procuratorate-2'],
    ]) {
      const text = JSON.stringify((await timeline(ids['first']!, role!, sub!)).body);
      expect(text, role).toContain(NOTE);
      expect(text, role).toContain(OPINION);
    }
  });

  it('leave the integrity check working for the rights holder', async () => {
    const { status, body } = await run(
      integrityHandler,
      event('http-check-integrity', 'rights_holder', 'holder-a', { path: { caseId: ids['first']! } }),
    );
    expect(status).toBe(200);
    expect(body.valid).toBe(true);
  });
});

describe('related cases (SPEC §2: no answer names a case the reader may not read)', () => {
  /** Case ids of the two complaints asking for evidence preservation, and their linked cases. */
  const rel: Record<string, string> = {};
  const listed = (role: string, sub: string, query: Record<string, string> = {}) =>
    run(listCasesHandler, event('http-list-cases', role, sub, { query: { limit: '100', ...query } }));
  const workQueue = (path: string, role: string, sub: string) =>
    run(workQueueHandler, event('http-get-work-queue', role, sub, { path: { path }, query: { limit: '100' } }));

  beforeAll(async () => {
    // A mediation complaint asking for evidence preservation: the preservation case goes to the notaries.
    rel['parent'] = await file('holder-e', (c) => {
      c.preferredPath = 'mediation';
      c.requestEvidencePreservation = true;
      c.respondent = { name: '汉阴县某某农资经营部' };
    });
    rel['linked'] = (await read(rel['parent'], 'rights_holder', 'holder-e')).body.linkedCaseIds[0];
    // An adjudication complaint asking for it too, then transferred to the police.
    rel['policeParent'] = await file('holder-e', (c) => {
      c.preferredPath = 'administrative_adjudication';
      c.requestEvidencePreservation = true;
      c.respondent = { name: '石泉县某某茶叶商行' };
    });
    rel['policeLinked'] = (await read(rel['policeParent'], 'rights_holder', 'holder-e')).body.linkedCaseIds[0];
    await claim(rel['policeParent'], 'officer', 'officer-5');
    await act(rel['policeParent'], 'officer', 'officer-5', { action: 'accept_filing' });
    await act(rel['policeParent'], 'officer', 'officer-5', { action: 'transfer_to_police', reason: '涉嫌假冒专利罪' });
  }, 120_000);

  it('are opened as the premise says: a linked notarization case the mediator, and a parent the notary, may not read', async () => {
    expect(rel['linked']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await read(rel['linked']!, 'supervisor', 'supervisor-1')).body).toMatchObject({
      path: 'notarization',
      status: 'queued',
      parentCaseId: rel['parent'],
    });
    expect((await read(rel['linked']!, 'mediator', 'mediator-1')).status).toBe(404);
    expect((await read(rel['parent']!, 'notary', 'notary-1')).status).toBe(404);
    expect((await read(rel['policeLinked']!, 'police', 'police-1')).status).toBe(404);
  });

  it('the parent names its preservation case to no mediator: not in the case, the lists, the claim, an action or the timeline', async () => {
    const answers: Answer[] = [
      await read(rel['parent']!, 'mediator', 'mediator-5'),
      await listed('mediator', 'mediator-5', { caseNumber: (await read(rel['parent']!, 'supervisor', 'supervisor-1')).body.caseNumber }),
      await workQueue('mediation', 'mediator', 'mediator-5'),
    ];
    expect(answers[0]!.body.linkedCaseIds).toEqual([]);
    expect(answers[1]!.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([rel['parent']]);
    expect(answers[2]!.body.items.map((c: { caseId: string }) => c.caseId)).toContain(rel['parent']);
    for (const [i, answer] of answers.entries()) {
      expect(answer.status, `answer ${i}`).toBe(200);
      expect(JSON.stringify(answer.body), `answer ${i}`).not.toContain(rel['linked']);
    }
    const claimed = await claim(rel['parent']!, 'mediator', 'mediator-5');
    expect(claimed.body.linkedCaseIds).toEqual([]);
    expect(JSON.stringify(claimed.body)).not.toContain(rel['linked']);
    const noted = await act(rel['parent']!, 'mediator', 'mediator-5', { action: 'add_note', text: '已联系双方' });
    expect(JSON.stringify(noted.body)).not.toContain(rel['linked']);
    const { status, body } = await timeline(rel['parent']!, 'mediator', 'mediator-5');
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain(rel['linked']);
    // The event that opened it is there as a stub: the chain still holds across it.
    expect(body.items.filter((e: { type: string }) => e.type === 'internal')).toHaveLength(1);
    for (const [i, e] of body.items.entries()) if (i > 0) expect(e.prevHash).toBe(body.items[i - 1].hash);
  });

  it('the preservation case names its parent to no notary: not in the case, the lists, the claim or the timeline', async () => {
    const seen = await read(rel['linked']!, 'notary', 'notary-5');
    expect(seen.status).toBe(200);
    expect(seen.body.parentCaseId).toBeNull();
    expect(JSON.stringify(seen.body)).not.toContain(rel['parent']);
    for (const list of [
      await workQueue('notarization', 'notary', 'notary-5'),
      await listed('notary', 'notary-5', { path: 'notarization' }),
    ]) {
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(rel['linked']);
      expect(JSON.stringify(list.body)).not.toContain(rel['parent']);
      expect(JSON.stringify(list.body)).not.toContain(rel['policeParent']);
    }
    const claimed = await claim(rel['linked']!, 'notary', 'notary-5');
    expect(claimed.body.parentCaseId).toBeNull();
    expect(JSON.stringify(claimed.body)).not.toContain(rel['parent']);
    const { status, body } = await timeline(rel['linked']!, 'notary', 'notary-5');
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain(rel['parent']);
    const { body: integrity } = await run(
      integrityHandler,
      event('http-check-integrity', 'notary', 'notary-5', { path: { caseId: rel['linked']! } }),
    );
    expect(integrity.valid).toBe(true);
  });

  it('a case transferred to the police names its preservation case to no police reader', async () => {
    const seen = await read(rel['policeParent']!, 'police', 'police-1');
    expect(seen.status).toBe(200);
    expect(seen.body.linkedCaseIds).toEqual([]);
    expect(JSON.stringify(seen.body)).not.toContain(rel['policeLinked']);
    const list = await listed('police', 'police-1');
    expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(rel['policeParent']);
    expect(JSON.stringify(list.body)).not.toContain(rel['policeLinked']);
    const { body } = await timeline(rel['policeParent']!, 'police', 'police-1');
    expect(JSON.stringify(body)).not.toContain(rel['policeLinked']);
  });

  it('are named both ways to the owner, court, procuratorate and supervisor, events in full', async () => {
    for (const [role, sub] of [
      ['rights_holder', 'holder-e'],
      ['court', 'court-1'],
      ['procuratorate', 'procuratorate-1'],
      ['supervisor', 'supervisor-1'],
    ]) {
      expect((await read(rel['parent']!, role!, sub!)).body.linkedCaseIds, role).toEqual([rel['linked']]);
      expect((await read(rel['linked']!, role!, sub!)).body.parentCaseId, role).toBe(rel['parent']);
      const opened = (await timeline(rel['parent']!, role!, sub!)).body.items.find(
        (e: { type: string }) => e.type === 'evidence_preservation_case_opened',
      );
      expect(opened?.data, role).toMatchObject({ linkedCaseId: rel['linked'] });
      const submitted = (await timeline(rel['linked']!, role!, sub!)).body.items[0];
      expect(submitted, role).toMatchObject({ type: 'submitted', data: { parentCaseId: rel['parent'] } });
    }
  });
});

describe('a foreign individual’s passport number (SPEC §3 v2, §9)', () => {
  it('is shown in full to the owner and the assigned handler, masked for the supervisor, court and an unassigned notary, in cases and lists', async () => {
    const caseId = await file('holder-foreign', (c) => {
      c.complainant = {
        type: 'foreign_individual',
        name: 'Jan de Vries',
        passportNumber: 'nw92kd1p3',
        country: 'NL',
        contact: { phone: '+31 20 123 4567' },
      };
      c.preferredPath = 'notarization';
      c.respondent = { name: '旬阳某某茶叶店' };
    });
    await claim(caseId, 'notary', 'notary-1');
    const passportOf = async (role: string, sub: string) => (await read(caseId, role, sub)).body.complainant.passportNumber;
    expect(await passportOf('rights_holder', 'holder-foreign')).toBe('NW92KD1P3');
    expect(await passportOf('notary', 'notary-1')).toBe('NW92KD1P3');
    for (const [role, sub] of [
      ['supervisor', 'supervisor-1'],
      ['court', 'court-1'],
      ['procuratorate', 'procuratorate-1'],
      ['notary', 'notary-2'],
    ] as const) {
      expect(await passportOf(role, sub), `${role} ${sub}`).toBe('NW*****P3');
    }
    const { body } = await run(listCasesHandler, event('http-list-cases', 'court', 'court-1', { query: { path: 'notarization' } }));
    const listed = body.items.find((item: any) => item.caseId === caseId);
    expect(listed.complainant).toMatchObject({ passportNumber: 'NW*****P3', country: 'NL', contact: { phone: '+312****4567' } });
    expect(JSON.stringify(body)).not.toContain('NW92KD1P3');
  });
});
