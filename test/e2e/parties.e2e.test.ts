// Both parties online (SPEC §10), over HTTP against the local runtime in its own process: a mediator
// invites the respondent, whose code arrives by mail (the local mailbox); the respondent joins,
// consents, answers with evidence, counter-notifies and talks in caucus; the mediator records the
// agreement, both parties sign it and apply jointly for judicial confirmation; the court confirms.
// And the guarantees around it: the code is single-use, never stored or shown, voided by a new
// invitation and locked after five wrong tries; a respondent reads only the case it joined, never
// the complainant's contact details or the other side's caucus.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAnsweredTimeline } from '#domain/timeline-view.ts';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { invitationCode, readOutbox, untilInOutbox } from '../support/outbox.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

const HOLDER_PHONE = '13891500123';
const HOLDER_EMAIL = 'ip@qinba-tea.example.cn';
const RESPONDENT_EMAIL = 'legal@ziyang-trading.example.cn';
const TERMS = '被投诉人停止销售涉案产品，并于 2027 年 1 月 31 日前赔偿 3 万元';
const EVIDENCE = { title: '进货凭证', sha256: 'b'.repeat(64), sizeBytes: 2048, mediaType: 'application/pdf' };

let rt: RuntimeProcess;
let http: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  http = client(rt);
  for (const [name, role, sub] of [
    ['holder', 'rights_holder', 'holder-parties'],
    ['mediator', 'mediator', 'mediator-parties'],
    ['respondent', 'respondent', 'respondent-parties'],
    ['stranger', 'respondent', 'respondent-stranger'],
    ['court', 'court', 'court-parties'],
    ['police', 'police', 'police-parties'],
  ] as const) {
    tokens[name] = await rt.token(role, sub);
  }
}, 60_000);
afterAll(async () => {
  await rt?.stop();
});

/** A mediation case of the holder, claimed by the mediator. */
async function mediationCase(respondentName: string): Promise<any> {
  const complaint = validComplaint((c) => {
    c.complainant = {
      type: 'enterprise',
      name: '安康秦巴茶业有限公司',
      creditCode: c.complainant.creditCode,
      contact: { phone: HOLDER_PHONE, email: HOLDER_EMAIL },
    };
    c.respondent = { ...c.respondent, name: respondentName };
    c.preferredPath = 'mediation';
  });
  const queued = await http.file(complaint, tokens['holder']!);
  const claimed = await http.claim(queued.caseId, tokens['mediator']!);
  expect(claimed.status).toBe(200);
  return claimed.body;
}

const accept = (token: string, caseNumber: string, code: string) =>
  http.call('POST', '/invitations/accept', { token, body: { caseNumber, code } });

describe('both parties online', () => {
  let c: any;
  let code: string;

  it('the mediator invites the respondent: the code goes by mail, and nowhere else', async () => {
    c = await mediationCase('紫阳县某某茶叶商行');
    c = await http.step(c, tokens['mediator']!, 'invite_respondent', { contact: { email: RESPONDENT_EMAIL, language: 'en' } });
    expect(c.invitation).toMatchObject({ channels: ['email'] });
    expect(Date.parse(c.invitation.expiresAt) - Date.parse(c.invitation.invitedAt)).toBe(15 * 86_400_000);
    code = await invitationCode(rt.url, RESPONDENT_EMAIL, c.caseNumber);
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const mail = (await readOutbox(rt.url)).mails.find((m) => m.text.includes(code))!;
    expect(mail.text).toContain(`${rt.url}/#/join/${c.caseNumber}`);
    // Not in the case, its timeline (which the complainant reads) or the delivery list.
    const seen = await Promise.all([
      http.call('GET', `/cases/${c.caseId}`, { token: tokens['holder']! }),
      http.call('GET', `/cases/${c.caseId}/timeline?limit=100`, { token: tokens['holder']! }),
      http.call('GET', `/cases/${c.caseId}/notifications`, { token: tokens['mediator']! }),
    ]);
    for (const answer of seen) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(code);
    }
    const invited = seen[1]!.body.items.find((e: any) => e.type === 'invite_respondent');
    expect(invited.data).toEqual({ invitation: { expiresAt: c.invitation.expiresAt, channels: ['email'] } });
    expect(JSON.stringify(seen[1]!.body)).not.toContain(RESPONDENT_EMAIL);
    const notice = seen[2]!.body.items.find((n: any) => n.eventType === 'invite_respondent');
    expect(notice).toMatchObject({ recipient: 'respondent', channel: 'email', statutory: true });
  });

  it('before joining, the respondent reads nothing of the case (404), and lists nothing', async () => {
    expect((await http.call('GET', `/cases/${c.caseId}`, { token: tokens['respondent']! })).status).toBe(404);
    const listed = await http.call('GET', '/cases', { token: tokens['respondent']! });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
  });

  it('a new invitation voids the old code; the new one joins, once', async () => {
    c = await http.step(c, tokens['mediator']!, 'invite_respondent', { contact: { email: RESPONDENT_EMAIL, language: 'en' } });
    const fresh = await invitationCode(rt.url, RESPONDENT_EMAIL, c.caseNumber, [code]);
    expect(fresh).not.toBe(code);
    const old = await accept(tokens['respondent']!, c.caseNumber, code);
    expect(old.status).toBe(400);
    expect(old.body.error.details).toEqual([expect.objectContaining({ path: 'code', reason: 'invitation.invalid' })]);
    // As typed by a person: lower case, a dash in the middle.
    const joined = await accept(tokens['respondent']!, c.caseNumber.toLowerCase(), `${fresh.slice(0, 4).toLowerCase()}-${fresh.slice(4)}`);
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ caseId: c.caseId, caseNumber: c.caseNumber });
    const again = await accept(tokens['stranger']!, c.caseNumber, fresh);
    expect(again.status).toBe(400);
    // Joined: a later invitation is refused.
    const current = (await http.call('GET', `/cases/${c.caseId}`, { token: tokens['mediator']! })).body;
    const reinvite = await http.act(c.caseId, tokens['mediator']!, current.version, 'invite_respondent', {
      contact: { email: RESPONDENT_EMAIL },
    });
    expect(reinvite.status).toBe(409);
    expect(reinvite.body.error.details[0].reason).toBe('invitation.already_joined');
    c = current;
  });

  it('the respondent reads its case with the complainant’s contact details masked, and lists only it', async () => {
    const read = await http.call('GET', `/cases/${c.caseId}`, { token: tokens['respondent']! });
    expect(read.status).toBe(200);
    expect(read.body.complainant.contact).toEqual({ phone: '138****0123', email: 'i***@qinba-tea.example.cn' });
    expect(read.body.respondent.address).toBe((validComplaint().respondent as { address: string }).address);
    expect(read.body.respondentParty.joinedAt).toEqual(expect.any(String));
    const listed = await http.call('GET', '/cases', { token: tokens['respondent']! });
    expect(listed.body.items.map((i: any) => i.caseId)).toEqual([c.caseId]);
    expect((await http.call('GET', `/cases/${c.caseId}`, { token: tokens['stranger']! })).status).toBe(404);
  });

  it('consents, answers with evidence and files a counter-notice, each on the timeline', async () => {
    c = await http.step(c, tokens['respondent']!, 'respond_consent', { consented: true });
    expect(c.stage).toBe('consented');
    c = await http.step(c, tokens['respondent']!, 'submit_statement', { text: '涉案商品系合法进货，有进货凭证', evidence: [EVIDENCE] });
    c = await http.step(c, tokens['respondent']!, 'counter_notice', {
      text: '涉案链接所售商品不构成侵权，附进货凭证',
      evidence: [EVIDENCE],
    });
    c = await http.step(c, tokens['respondent']!, 'add_evidence', {
      evidence: [{ ...EVIDENCE, title: '销售记录', sha256: 'c'.repeat(64) }],
    });
    // The complaint's evidence stays the complainant's.
    expect(c.evidence.map((e: any) => e.sha256)).not.toContain('c'.repeat(64));
    const timeline = (await http.call('GET', `/cases/${c.caseId}/timeline?limit=100`, { token: tokens['holder']! })).body.items;
    const types = timeline.map((e: any) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['respondent_joined', 'respond_consent', 'submit_statement', 'counter_notice', 'add_evidence']),
    );
    expect(timeline.find((e: any) => e.type === 'submit_statement').data.evidence).toEqual([EVIDENCE]);
    expect(verifyAnsweredTimeline(c.caseId, timeline).valid).toBe(true);
    // Handler-only actions stay the handler's.
    const schedule = await http.act(c.caseId, tokens['respondent']!, c.version, 'schedule_session', {
      at: '2027-01-05T10:00:00+08:00',
      mode: 'online',
    });
    expect(schedule.status).toBe(403);
  });

  it('messages: the open channel for both, each caucus for its party and the handler only (SPEC §10)', async () => {
    const post = (who: string, channel: string, text: string) =>
      http.call('POST', `/cases/${c.caseId}/messages`, { token: tokens[who]!, body: { channel, text } });
    const caucus = await post('respondent', 'caucus_respondent', '我方最多可以赔偿两万元');
    expect(caucus.status, JSON.stringify(caucus.body)).toBe(201);
    expect(caucus.body).toMatchObject({
      channel: 'caucus_respondent',
      author: { role: 'respondent', side: 'respondent' },
      text: '我方最多可以赔偿两万元',
    });
    expect((await post('mediator', 'caucus_respondent', '收到，我会与申请人沟通')).status).toBe(201);
    expect((await post('holder', 'open', '希望尽快调解结案')).status).toBe(201);
    expect((await post('holder', 'caucus_respondent', '试图进入对方的背对背频道')).status).toBe(403);
    expect((await post('court', 'open', '法院不在频道中发言')).status).toBe(403);
    expect((await post('stranger', 'open', '陌生人')).status).toBe(404);

    const read = (who: string, channel?: string) =>
      http.call('GET', `/cases/${c.caseId}/messages${channel ? `?channel=${channel}` : ''}`, { token: tokens[who]! });
    expect((await read('holder', 'caucus_respondent')).status).toBe(403);
    const holderSees = await read('holder');
    expect(holderSees.body.items.map((m: any) => m.channel)).toEqual(['open']);
    const mediatorSees = await read('mediator', 'caucus_respondent');
    expect(mediatorSees.body.items.map((m: any) => m.text)).toEqual(['我方最多可以赔偿两万元', '收到，我会与申请人沟通']);
    const courtSees = await read('court');
    expect(courtSees.body.items).toHaveLength(3);
    // Paginated: one at a time, in order.
    const first = await http.call('GET', `/cases/${c.caseId}/messages?limit=1`, { token: tokens['court']! });
    const second = await http.call('GET', `/cases/${c.caseId}/messages?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
      token: tokens['court']!,
    });
    expect([first.body.items[0].seq, second.body.items[0].seq]).toEqual(courtSees.body.items.slice(0, 2).map((m: any) => m.seq));

    // In the timeline the complainant gets the respondent's caucus as stubs; the chain still verifies.
    const timeline = (await http.call('GET', `/cases/${c.caseId}/timeline?limit=100`, { token: tokens['holder']! })).body.items;
    expect(JSON.stringify(timeline)).not.toContain('两万元');
    expect(timeline.filter((e: any) => e.type === 'internal').length).toBeGreaterThanOrEqual(2);
    expect(verifyAnsweredTimeline(c.caseId, timeline).valid).toBe(true);
    const police = await http.call('GET', `/cases/${c.caseId}/messages`, { token: tokens['police']! });
    expect(police.status).toBe(404);

    // The complainant's message in the open channel tells the respondent (by mail, in English).
    await untilInOutbox(rt.url, 'the message notice to the respondent', (box) =>
      box.mails.find((m) => m.to.includes(RESPONDENT_EMAIL) && m.subject.includes(c.caseNumber) && m.text.includes('new message')),
    );
    c = (await http.call('GET', `/cases/${c.caseId}`, { token: tokens['mediator']! })).body;
  });

  it('the agreement is signed by both and applied for jointly; the court confirms', async () => {
    c = await http.step(c, tokens['mediator']!, 'schedule_session', { at: '2027-01-05T10:00:00+08:00', mode: 'online' });
    c = await http.step(c, tokens['mediator']!, 'record_agreement', { terms: TERMS, amountCny: 30000 });
    const hash = createHash('sha256').update(TERMS, 'utf8').digest('hex');
    expect(c.agreement).toMatchObject({ termsSha256: hash, signatures: { complainant: null, respondent: null } });

    const early = await http.act(c.caseId, tokens['holder']!, c.version, 'request_judicial_confirmation');
    expect(early.status).toBe(409);
    expect(early.body.error.details[0].reason).toBe('agreement.not_signed_by_both');
    const wrong = await http.act(c.caseId, tokens['holder']!, c.version, 'sign_agreement', { termsSha256: 'd'.repeat(64) });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.details[0].reason).toBe('agreement.terms_mismatch');

    c = await http.step(c, tokens['holder']!, 'sign_agreement', { termsSha256: hash });
    c = await http.step(c, tokens['respondent']!, 'sign_agreement', { termsSha256: hash });
    expect(c.agreement.signatures).toMatchObject({ complainant: { mode: 'online' }, respondent: { mode: 'online' } });
    c = await http.step(c, tokens['holder']!, 'request_judicial_confirmation');
    expect(c.stage).toBe('agreement_reached');
    expect(c.agreement.applications.complainant).toEqual(expect.any(String));
    c = await http.step(c, tokens['respondent']!, 'request_judicial_confirmation');
    expect(c).toMatchObject({ status: 'awaiting_confirmation', stage: 'judicial_confirmation_requested' });
    await untilInOutbox(rt.url, 'the court told of the joint application', (box) =>
      box.mails.find((m) => m.to.includes('ip-court@court.ankang.local') && m.subject.includes(c.caseNumber)),
    );
    c = await http.step(c, tokens['court']!, 'record_judicial_confirmation', { confirmed: true, rulingNumber: '（2027）陕09民特3号' });
    expect(c.status).toBe('resolved');
    const late = await http.call('POST', `/cases/${c.caseId}/messages`, {
      token: tokens['respondent']!,
      body: { channel: 'open', text: '谢谢' },
    });
    expect(late.status).toBe(409);
  });
});

describe('invitation codes under attack', () => {
  it('five wrong codes lock the case’s invitations for an hour: the right code is refused too (429)', async () => {
    let c = await mediationCase('平利县某某电商');
    c = await http.step(c, tokens['mediator']!, 'invite_respondent', { contact: { email: 'shop@pingli.example.cn' } });
    const right = await invitationCode(rt.url, 'shop@pingli.example.cn', c.caseNumber);
    const wrong = right.startsWith('2') ? `3${right.slice(1)}` : `2${right.slice(1)}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => accept(tokens['stranger']!, c.caseNumber, wrong)));
    const statuses = answers.map((a) => a.status).sort();
    // Sent all at once: exactly five are checked (and refused), the rest find the lock.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    const locked = await accept(tokens['respondent']!, c.caseNumber, right);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(locked.body.error.details[0].reason).toBe('invitation.locked');
    expect((await http.call('GET', `/cases/${c.caseId}`, { token: tokens['respondent']! })).status).toBe(404);
  });

  it('a case number without a case, or a malformed code, says no more than a wrong code', async () => {
    const none = await accept(tokens['stranger']!, 'AKIP-2026-999999', 'ABCDEFGH');
    expect(none.status).toBe(400);
    expect(none.body.error.details[0]).toMatchObject({ path: 'code', reason: 'invitation.invalid' });
    const malformed = await accept(tokens['stranger']!, 'AKIP-2026-000001', 'O0I1');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('code');
    const notRespondent = await accept(tokens['holder']!, 'AKIP-2026-000001', 'ABCDEFGH');
    expect(notRespondent.status).toBe(403);
  });
});
