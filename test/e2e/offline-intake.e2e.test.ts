// Offline intake (线上线下), over HTTP against the local runtime in its own process: a mediator enters a
// complaint brought in on paper; it is routed as an online filing is, its timeline says who entered
// it and the paper record; the takeover code reaches the complainant by mail (the local mailbox) and
// is shown once to the mediator for the paper receipt; a rights holder takes the case over with it
// and then has every right of an owner. The code is single-use, locked after five wrong tries, and
// appears nowhere in the case, its timeline or its delivery list.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH } from '#domain/invitations.ts';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { untilInOutbox } from '../support/outbox.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

const HOLDER_EMAIL = 'ip@hanyin-silk.example.cn';
const REFERENCE = '安知保（调）收字〔2026〕第 0017 号';
const EVIDENCE = { title: '侵权产品照片', sha256: 'c'.repeat(64), sizeBytes: 4096, mediaType: 'image/jpeg' };
const CODE_IN_TEXT = new RegExp(`(?:接管码|code )([${CODE_ALPHABET}]{${CODE_LENGTH}})`);

let rt: RuntimeProcess;
let http: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  http = client(rt);
  for (const [name, role, sub] of [
    ['mediator', 'mediator', 'mediator-offline'],
    ['supervisor', 'supervisor', 'supervisor-offline'],
    ['holder', 'rights_holder', 'holder-offline'],
    ['stranger', 'rights_holder', 'holder-stranger'],
    ['respondent', 'respondent', 'respondent-offline'],
  ] as const) {
    tokens[name] = await rt.token(role, sub);
  }
}, 60_000);
afterAll(async () => {
  await rt?.stop();
});

/** A paper complaint of a complainant reachable at `email`. */
function paperComplaint(email: string, respondentName: string) {
  return validComplaint((c) => {
    c.complainant = { type: 'enterprise', name: '汉阴县某某丝绸有限公司', creditCode: c.complainant.creditCode, contact: { email } };
    c.respondent = { ...c.respondent, name: respondentName };
    c.preferredPath = 'mediation';
  });
}

const enter = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  http.call('POST', '/complaints/offline', { token, body, headers });
const takeOver = (token: string, caseNumber: string, code: string) =>
  http.call('POST', '/cases/takeover', { token, body: { caseNumber, code } });

/** The takeover code mailed to `email` for the case. */
const mailedCode = (email: string, caseNumber: string) =>
  untilInOutbox(rt.url, `a takeover code to ${email} for ${caseNumber}`, (box) => {
    for (const mail of box.mails) {
      if (!mail.to.includes(email) || !mail.subject.includes(caseNumber)) continue;
      const code = CODE_IN_TEXT.exec(mail.text)?.[1];
      if (code) return { code, mail };
    }
    return undefined;
  });

const wrongCode = (right: string) => (right.startsWith('2') ? `3${right.slice(1)}` : `2${right.slice(1)}`);

describe('a complaint brought in on paper', () => {
  let entered: any;
  let code: string;

  it('a mediator enters it: 202, submitted, with the takeover code for the paper receipt', async () => {
    const answer = await enter(
      tokens['mediator']!,
      {
        complaint: paperComplaint(HOLDER_EMAIL, '汉阴县某某布艺店'),
        intake: { channel: 'paper', reference: REFERENCE, receivedAt: '2026-11-30' },
      },
      { 'idempotency-key': 'offline-0001' },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body).toMatchObject({ status: 'submitted', caseNumber: expect.stringMatching(/^AKIP-\d{4}-\d{6}$/) });
    expect(answer.body.takeover.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
    entered = answer.body;
    code = answer.body.takeover.code;
  });

  it('the same Idempotency-Key and body answer the same case (and the same unused code); another body is 422', async () => {
    const body = {
      complaint: paperComplaint(HOLDER_EMAIL, '汉阴县某某布艺店'),
      intake: { channel: 'paper', reference: REFERENCE, receivedAt: '2026-11-30' },
    };
    const again = await enter(tokens['mediator']!, body, { 'idempotency-key': 'offline-0001' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(entered);
    const other = await enter(
      tokens['mediator']!,
      { ...body, intake: { channel: 'workstation', reference: REFERENCE } },
      { 'idempotency-key': 'offline-0001' },
    );
    expect(other.status).toBe(422);
  });

  it('is routed as any filing (queued on its path), and its timeline says who entered it offline, with the reference', async () => {
    const queued = await http.untilQueued(entered.caseId, tokens['supervisor']!);
    expect(queued).toMatchObject({ path: 'mediation', assignee: null });
    expect(queued.intake).toMatchObject({
      channel: 'paper',
      reference: REFERENCE,
      receivedAt: '2026-11-30',
      enteredBy: { role: 'mediator', sub: 'mediator-offline' },
      takeover: { takenOverAt: null },
    });
    const timeline = await http.call('GET', `/cases/${entered.caseId}/timeline?limit=100`, { token: tokens['supervisor']! });
    const submitted = timeline.body.items.find((e: any) => e.type === 'submitted');
    expect(submitted.actor).toEqual({ role: 'mediator', sub: 'mediator-offline' });
    expect(submitted.data).toMatchObject({ offline: true, intake: { channel: 'paper', reference: REFERENCE } });
    expect(timeline.body.items.map((e: any) => e.type)).toContain('takeover_code_issued');
    // Entering it did not make it the mediator's: it waits in the queue for anyone to claim.
    const queue = await http.call('GET', '/work-queues/mediation', { token: tokens['mediator']! });
    expect(queue.body.items.map((c: any) => c.caseId)).toContain(entered.caseId);
  });

  it('the complainant is mailed the same code, with a link to the takeover page', async () => {
    const { code: mailed, mail } = await mailedCode(HOLDER_EMAIL, entered.caseNumber);
    expect(mailed).toBe(code);
    expect(mail.text).toContain(`${rt.url}/#/takeover/${entered.caseNumber}`);
    expect(mail.subject).not.toContain(code);
  });

  it('until taken over nobody owns it: no rights holder reads or lists it', async () => {
    expect((await http.call('GET', `/cases/${entered.caseId}`, { token: tokens['holder']! })).status).toBe(404);
    const listed = await http.call('GET', '/cases', { token: tokens['holder']! });
    expect(listed.body.items.map((c: any) => c.caseId)).not.toContain(entered.caseId);
  });

  it('the code appears nowhere in the case, its timeline or its delivery list', async () => {
    const seen = await Promise.all([
      http.call('GET', `/cases/${entered.caseId}`, { token: tokens['supervisor']! }),
      http.call('GET', `/cases/${entered.caseId}/timeline?limit=100`, { token: tokens['supervisor']! }),
      http.call('GET', `/cases/${entered.caseId}/notifications`, { token: tokens['supervisor']! }),
    ]);
    for (const answer of seen) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(code);
    }
    const notice = seen[2]!.body.items.find((n: any) => n.eventType === 'takeover_code_issued');
    expect(notice).toMatchObject({ recipient: 'complainant', channel: 'email', statutory: true });
  });

  it('a rights holder takes it over with the code (as typed by a person); then it is theirs', async () => {
    const taken = await takeOver(tokens['holder']!, entered.caseNumber.toLowerCase(), `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ caseId: entered.caseId, caseNumber: entered.caseNumber });
    const listed = await http.call('GET', '/cases', { token: tokens['holder']! });
    expect(listed.body.items.map((c: any) => c.caseId)).toContain(entered.caseId);
    const c = (await http.call('GET', `/cases/${entered.caseId}`, { token: tokens['holder']! })).body;
    expect(c.intake.takeover.takenOverAt).toBe(taken.body.takenOverAt);
    // An owner's rights: add evidence, and post in its own caucus once the case is worked.
    const added = await http.step(c, tokens['holder']!, 'add_evidence', { evidence: [EVIDENCE] });
    expect(added.evidence).toContainEqual(EVIDENCE);
    const timeline = await http.call('GET', `/cases/${entered.caseId}/timeline?limit=100`, { token: tokens['holder']! });
    expect(timeline.body.items.find((e: any) => e.type === 'taken_over').actor).toEqual({ role: 'rights_holder', sub: 'holder-offline' });
  });

  it('the code is single-use: taken over already is 409 to whoever holds it, and the case stays the holder’s', async () => {
    const again = await takeOver(tokens['stranger']!, entered.caseNumber, code);
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].reason).toBe('takeover.already_taken');
    expect((await http.call('GET', `/cases/${entered.caseId}`, { token: tokens['stranger']! })).status).toBe(404);
    expect((await http.call('GET', `/cases/${entered.caseId}`, { token: tokens['holder']! })).status).toBe(200);
    // The replay of the intake no longer shows a code that was used.
    const replay = await enter(
      tokens['mediator']!,
      {
        complaint: paperComplaint(HOLDER_EMAIL, '汉阴县某某布艺店'),
        intake: { channel: 'paper', reference: REFERENCE, receivedAt: '2026-11-30' },
      },
      { 'idempotency-key': 'offline-0001' },
    );
    expect(replay.body.takeover.code).toBeUndefined();
  });
});

describe('takeover codes under attack', () => {
  it('five wrong codes lock the case’s takeover for an hour: the right code is refused too (429)', async () => {
    const email = 'owner@shiquan-tea.example.cn';
    const answer = await enter(tokens['supervisor']!, {
      complaint: paperComplaint(email, '石泉县某某茶庄'),
      intake: { channel: 'workstation', reference: 'WS-2026-044' },
    });
    expect(answer.status).toBe(202);
    const { caseNumber, takeover } = answer.body;
    const wrong = wrongCode(takeover.code);
    const answers = await Promise.all(Array.from({ length: 8 }, () => takeOver(tokens['stranger']!, caseNumber, wrong)));
    expect(answers.map((a) => a.status).sort()).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    const locked = await takeOver(tokens['holder']!, caseNumber, takeover.code);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(locked.body.error.details[0].reason).toBe('invitation.locked');
  });

  it('an unknown case number, a case filed online, or a wrong code: the same 400 on `code`', async () => {
    const online = await http.call('POST', '/complaints', { token: tokens['holder']!, body: validComplaint() });
    expect(online.status).toBe(202);
    const refusals = await Promise.all([
      takeOver(tokens['stranger']!, 'AKIP-2026-999999', 'ABCDEFGH'),
      takeOver(tokens['stranger']!, online.body.caseNumber, 'ABCDEFGH'),
    ]);
    for (const refused of refusals) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'code', reason: 'invitation.invalid' })]);
    }
    expect(refusals[0]!.body.error.message).toBe(refusals[1]!.body.error.message);
  });

  it('only staff enter offline complaints, only rights holders take cases over', async () => {
    const body = { complaint: paperComplaint('x@example.cn', '某某'), intake: { channel: 'paper', reference: 'R-1' } };
    expect((await enter(tokens['holder']!, body)).status).toBe(403);
    expect((await enter(tokens['respondent']!, body)).status).toBe(403);
    expect((await takeOver(tokens['respondent']!, 'AKIP-2026-000001', 'ABCDEFGH')).status).toBe(403);
    expect((await takeOver(tokens['mediator']!, 'AKIP-2026-000001', 'ABCDEFGH')).status).toBe(403);
  });

  it('bad input names its field: 400, never 5xx', async () => {
    const bad = await enter(tokens['mediator']!, {
      complaint: validComplaint((c) => (c.complainant.creditCode = '91350100M000100Y44')),
      intake: { channel: 'fax', reference: '' },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['complaint.complainant.creditCode', 'intake.channel', 'intake.reference']));
  });
});
