// Every path walked over HTTP from filing to each of its outcomes, with the cross-path moves,
// court confirmation, police transfer and withdrawal — as handlers and agencies would use it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { runtimeFile, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

let rt: RuntimeProcess;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  api = client(rt);
  const people: [string, string, string][] = [
    ['owner', 'rights_holder', 'owner-1'],
    ['stranger', 'rights_holder', 'owner-2'],
    ['mediator', 'mediator', 'm-1'],
    ['mediator2', 'mediator', 'm-2'],
    ['arbitrator', 'arbitrator', 'a-1'],
    ['notary', 'notary', 'n-1'],
    ['officer', 'officer', 'o-1'],
    ['court', 'court', 'c-1'],
    ['procuratorate', 'procuratorate', 'p-1'],
    ['police', 'police', 'pol-1'],
    ['supervisor', 'supervisor', 's-1'],
  ];
  for (const [name, role, sub] of people) tokens[name] = await rt.token(role, sub);
});
afterAll(async () => {
  await rt?.stop();
});

let respondentSeq = 0;
/** A complaint against a respondent of its own, so no two scenarios look like duplicates. */
const complaint = (patch: (c: any) => void = () => {}) =>
  validComplaint((c) => {
    c.respondent = { name: `旬阳某某商行${++respondentSeq}号` };
    patch(c);
  });
const agreement = { reference: '安仲协〔2026〕3号', signedOn: '2026-01-05' };
const HEARING = { at: '2026-12-20T09:30:00+08:00', location: '安康仲裁委员会第一仲裁庭' };

async function claimed(c: { caseId: string }, who: string) {
  const answer = await api.claim(c.caseId, tokens[who]!);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ status: 'in_progress', assignee: expect.any(String) });
  return answer.body;
}

async function timelineTypes(caseId: string): Promise<string[]> {
  const answer = await api.call('GET', `/cases/${caseId}/timeline`, { token: tokens['court'] });
  expect(answer.status).toBe(200);
  return answer.body.items.map((e: { type: string }) => e.type);
}

describe('mediation', () => {
  it('agreement, judicial confirmation requested by the owner, confirmed by the court → resolved', async () => {
    let c = await api.file(complaint(), tokens['owner']!);
    expect(c).toMatchObject({ path: 'mediation', stage: 'awaiting_consent' });
    c = await claimed(c, 'mediator');
    c = await api.step(c, tokens['mediator']!, 'record_consent', { consented: true });
    c = await api.step(c, tokens['mediator']!, 'schedule_session', { at: '2026-12-01T10:00:00+08:00', mode: 'online' });
    c = await api.step(c, tokens['mediator']!, 'record_agreement', {
      terms: '被申请人停止销售并赔偿五万元',
      amountCny: 50000,
      performBy: '2027-01-31',
    });
    expect(c).toMatchObject({ stage: 'agreement_reached', deadline: { kind: 'judicial_confirmation_request' } });
    c = await api.step(c, tokens['owner']!, 'request_judicial_confirmation');
    expect(c).toMatchObject({
      status: 'awaiting_confirmation',
      stage: 'judicial_confirmation_requested',
      deadline: { kind: 'court_confirmation' },
    });
    c = await api.step(c, tokens['court']!, 'record_judicial_confirmation', { confirmed: true, rulingNumber: '（2026）陕09民特12号' });
    expect(c).toMatchObject({
      status: 'resolved',
      deadline: null,
      outcome: { kind: 'judicially_confirmed_agreement', againstRespondent: true },
    });
    expect(await timelineTypes(c.caseId)).toEqual([
      'submitted',
      'routed',
      'queued',
      'claimed',
      'record_consent',
      'schedule_session',
      'record_agreement',
      'request_judicial_confirmation',
      'record_judicial_confirmation',
    ]);
    const integrity = await api.call('GET', `/cases/${c.caseId}/integrity`, { token: tokens['owner'] });
    expect(integrity.body).toMatchObject({ valid: true, events: 9 });
  });

  it('court declines confirmation → failed → closed without agreement', async () => {
    let c = await claimed(await api.file(complaint(), tokens['owner']!), 'mediator');
    c = await api.step(c, tokens['mediator']!, 'record_consent', { consented: true });
    c = await api.step(c, tokens['mediator']!, 'schedule_session', {
      at: '2026-12-01T10:00:00+08:00',
      mode: 'offline',
      location: '汉滨区人民调解中心',
    });
    c = await api.step(c, tokens['mediator']!, 'record_agreement', { terms: '赔偿两万元' });
    c = await api.step(c, tokens['mediator']!, 'request_judicial_confirmation');
    c = await api.step(c, tokens['court']!, 'record_judicial_confirmation', { confirmed: false, reason: '协议内容违反法律规定' });
    expect(c).toMatchObject({ status: 'in_progress', stage: 'failed' });
    c = await api.step(c, tokens['mediator']!, 'close', { reason: '司法确认未通过' });
    expect(c).toMatchObject({ status: 'resolved', outcome: { kind: 'mediation_failed', againstRespondent: false } });
  });

  it('refused consent → escalated to arbitration (same case id) → accepted, heard, awarded', async () => {
    let c = await claimed(await api.file(complaint(), tokens['owner']!), 'mediator');
    const caseId = c.caseId;
    c = await api.step(c, tokens['mediator']!, 'record_consent', { consented: false, reason: '被申请人拒绝调解' });
    expect(c.stage).toBe('failed');
    const noAgreement = await api.act(caseId, tokens['mediator']!, c.version, 'escalate', { toPath: 'arbitration', reason: '调解不成' });
    expect(noAgreement.status).toBe(400);
    expect(noAgreement.body.error.details[0].path).toBe('arbitrationAgreement');
    c = await api.step(c, tokens['mediator']!, 'escalate', {
      toPath: 'arbitration',
      reason: '调解不成，双方已签仲裁协议',
      arbitrationAgreement: agreement,
    });
    expect(c).toMatchObject({
      caseId,
      path: 'arbitration',
      stage: 'acceptance_review',
      status: 'queued',
      assignee: null,
      deadline: { kind: 'arbitration_acceptance' },
    });
    // The mediation side no longer sees it; the arbitration side does, in its work queue order.
    expect((await api.call('GET', `/cases/${caseId}`, { token: tokens['mediator'] })).status).toBe(404);
    c = await claimed(c, 'arbitrator');
    c = await api.step(c, tokens['arbitrator']!, 'accept');
    c = await api.step(c, tokens['arbitrator']!, 'schedule_hearing', HEARING);
    c = await api.step(c, tokens['arbitrator']!, 'issue_award', {
      awardNumber: '（2026）安仲裁字第7号',
      summary: '被申请人赔偿八万元',
      infringementFound: true,
      amountCny: 80000,
    });
    expect(c).toMatchObject({ caseId, status: 'resolved', stage: 'award_issued', outcome: { kind: 'award', againstRespondent: true } });
  });

  it('failed mediation → transferred to litigation; the court reads it, the mediator can no longer change it', async () => {
    let c = await claimed(await api.file(complaint(), tokens['owner']!), 'mediator');
    c = await api.step(c, tokens['mediator']!, 'record_consent', { consented: true });
    c = await api.step(c, tokens['mediator']!, 'record_failure', { reason: '双方分歧过大' });
    c = await api.step(c, tokens['mediator']!, 'transfer_to_litigation', { reason: '当事人选择诉讼' });
    expect(c).toMatchObject({ status: 'transferred', outcome: { transferredTo: 'litigation' } });
    expect((await api.call('GET', `/cases/${c.caseId}`, { token: tokens['court'] })).status).toBe(200);
    const late = await api.act(c.caseId, tokens['mediator']!, c.version, 'close');
    expect(late.status).toBe(409);
    expect(late.body.error.details[0]).toMatchObject({ status: 'transferred', version: c.version });
    const note = await api.act(c.caseId, tokens['court']!, c.version, 'add_note', { text: '已立案 （2026）陕09民初55号' });
    expect(note.status).toBe(200);
  });
});

describe('arbitration and notarization', () => {
  it('arbitration rejected at acceptance review', async () => {
    let c = await claimed(
      await api.file(
        complaint((x) => ((x.preferredPath = 'arbitration'), (x.arbitrationAgreement = agreement))),
        tokens['owner']!,
      ),
      'arbitrator',
    );
    c = await api.step(c, tokens['arbitrator']!, 'reject', { reason: '仲裁协议无效' });
    expect(c).toMatchObject({ status: 'rejected', outcome: { kind: 'rejected' } });
  });

  it('notarization: accepted (15 working-day clock), evidence preserved, certificate issued', async () => {
    let c = await claimed(
      await api.file(
        complaint((x) => (x.preferredPath = 'notarization')),
        tokens['owner']!,
      ),
      'notary',
    );
    expect(c.deadline).toBeNull();
    c = await api.step(c, tokens['notary']!, 'accept');
    expect(c).toMatchObject({ stage: 'accepted', deadline: { kind: 'notarization_certificate' } });
    c = await api.step(c, tokens['notary']!, 'record_preservation', {
      method: '网页取证并封存',
      evidenceSha256: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    });
    c = await api.step(c, tokens['notary']!, 'issue_certificate', { certificateNumber: '（2026）陕安证字第101号' });
    expect(c).toMatchObject({ status: 'resolved', stage: 'certificate_issued', deadline: null });
  });
});

describe('patent administrative adjudication', () => {
  const patentCase = () => complaint((x) => (x.preferredPath = 'administrative_adjudication'));

  it('filed, extension requested by the officer and approved by the supervisor once (a second request is refused), hearing, decision', async () => {
    let c = await claimed(await api.file(patentCase(), tokens['owner']!), 'officer');
    expect(c.deadline.kind).toBe('filing_review');
    c = await api.step(c, tokens['officer']!, 'accept_filing');
    expect(c).toMatchObject({ stage: 'filed', deadline: { kind: 'adjudication_decision', extended: false } });
    const due = c.deadline.dueAt;
    c = await api.step(c, tokens['officer']!, 'request_extension', { reason: '案情复杂需技术鉴定', days: 30 });
    expect(c.deadline.extended).toBe(false);
    expect(c.extensionRequest).toMatchObject({ status: 'pending', days: 30 });
    c = await api.step(c, tokens['supervisor']!, 'approve_extension', {});
    expect(c.deadline.extended).toBe(true);
    expect(c.extensionRequest).toMatchObject({ status: 'approved', decidedBy: 's-1' });
    expect(Date.parse(c.deadline.dueAt)).toBeGreaterThan(Date.parse(due));
    const again = await api.act(c.caseId, tokens['officer']!, c.version, 'request_extension', { reason: '再次延长', days: 10 });
    expect(again.status).toBe(409);
    c = await api.step(c, tokens['officer']!, 'schedule_hearing', { at: '2027-01-10T09:00:00+08:00' });
    c = await api.step(c, tokens['officer']!, 'issue_decision', {
      decisionNumber: '陕安知裁字〔2026〕1号',
      infringementEstablished: true,
      orders: ['立即停止销售侵权产品'],
    });
    expect(c).toMatchObject({ status: 'resolved', stage: 'decision_issued', outcome: { againstRespondent: true } });
  });

  it('transferred to police: police read it and record their decision once', async () => {
    let c = await claimed(await api.file(patentCase(), tokens['owner']!), 'officer');
    expect((await api.call('GET', `/cases/${c.caseId}`, { token: tokens['police'] })).status).toBe(404);
    c = await api.step(c, tokens['officer']!, 'accept_filing');
    c = await api.step(c, tokens['officer']!, 'transfer_to_police', { reason: '涉嫌假冒专利罪，涉案金额巨大' });
    expect(c).toMatchObject({ status: 'transferred', deadline: { kind: 'police_decision' } });
    expect((await api.call('GET', `/cases/${c.caseId}`, { token: tokens['police'] })).status).toBe(200);
    c = await api.step(c, tokens['police']!, 'record_police_decision', { accepted: true });
    expect(c).toMatchObject({ status: 'transferred', deadline: null, outcome: { policeDecision: { accepted: true } } });
    expect((await api.act(c.caseId, tokens['police']!, c.version, 'record_police_decision', { accepted: false })).status).toBe(409);
  });

  it('filing review escalated to mediation', async () => {
    let c = await claimed(await api.file(patentCase(), tokens['owner']!), 'officer');
    c = await api.step(c, tokens['officer']!, 'escalate', { toPath: 'mediation', reason: '当事人同意先行调解' });
    expect(c).toMatchObject({ path: 'mediation', stage: 'awaiting_consent', status: 'queued', assignee: null });
  });
});

describe('the owner and the agencies', () => {
  it('the owner adds evidence and withdraws; afterwards only notes and opinions are accepted', async () => {
    let c = await api.file(complaint(), tokens['owner']!);
    c = await api.step(c, tokens['owner']!, 'add_evidence', {
      evidence: [{ title: '补充购买凭证', sha256: 'a'.repeat(64), sizeBytes: 1024, mediaType: 'image/jpeg' }],
    });
    expect(c.evidence).toHaveLength(2);
    c = await api.step(c, tokens['owner']!, 'withdraw', { reason: '双方已自行和解' });
    expect(c).toMatchObject({ status: 'withdrawn' });
    expect(
      (
        await api.act(c.caseId, tokens['owner']!, c.version, 'add_evidence', {
          evidence: [{ title: 'x', sha256: 'b'.repeat(64), sizeBytes: 1, mediaType: 'text/plain' }],
        })
      ).status,
    ).toBe(409);
    c = await api.step(c, tokens['procuratorate']!, 'add_supervision_opinion', { text: '撤回程序合法' });
    c = await api.step(c, tokens['supervisor']!, 'add_note', { text: '已归档' });
    expect(c.status).toBe('withdrawn');
  });

  it('supervisor reassigns; the new handler releases it back to the queue', async () => {
    let c = await claimed(await api.file(complaint(), tokens['owner']!), 'mediator');
    c = await api.step(c, tokens['supervisor']!, 'reassign', { assignee: 'm-2' });
    expect(c).toMatchObject({ status: 'in_progress', assignee: 'm-2' });
    expect((await api.act(c.caseId, tokens['mediator']!, c.version, 'record_consent', { consented: true })).status).toBe(403);
    c = await api.step(c, tokens['mediator2']!, 'release');
    expect(c).toMatchObject({ status: 'queued', assignee: null });
  });
});

describe('refusals', () => {
  let c: any;
  beforeAll(async () => {
    c = await claimed(await api.file(complaint(), tokens['owner']!), 'mediator');
  });

  it('an action the stage does not allow → 409 with the current status, stage and version', async () => {
    const answer = await api.act(c.caseId, tokens['mediator']!, c.version, 'record_agreement', { terms: '...' });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('CONFLICT');
    expect(answer.body.error.details[0]).toMatchObject({ status: 'in_progress', stage: 'awaiting_consent', version: c.version });
  });

  it('an action by a role the table does not name → 403; by one who cannot read the case → 404', async () => {
    expect((await api.act(c.caseId, tokens['court']!, c.version, 'record_consent', { consented: true })).status).toBe(403);
    expect((await api.act(c.caseId, tokens['owner']!, c.version, 'record_consent', { consented: true })).status).toBe(403);
    expect((await api.act(c.caseId, tokens['mediator2']!, c.version, 'record_consent', { consented: true })).status).toBe(403);
    expect((await api.act(c.caseId, tokens['arbitrator']!, c.version, 'record_consent', { consented: true })).status).toBe(404);
    expect((await api.act(c.caseId, tokens['stranger']!, c.version, 'withdraw', { reason: 'x' })).status).toBe(404);
    expect((await api.act(c.caseId, tokens['police']!, c.version, 'add_note', { text: 'x' })).status).toBe(404);
  });

  it('a stale expectedVersion → 409 with the current version', async () => {
    const answer = await api.act(c.caseId, tokens['mediator']!, c.version - 1, 'record_consent', { consented: true });
    expect(answer.status).toBe(409);
    expect(answer.body.error.details[0]).toMatchObject({ path: 'expectedVersion', version: c.version });
  });

  it('an unknown action or a missing field → 400 with the field path', async () => {
    const unknown = await api.act(c.caseId, tokens['mediator']!, c.version, 'teleport');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('action');
    const missing = await api.act(c.caseId, tokens['mediator']!, c.version, 'schedule_session', { mode: 'online' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('at');
  });

  it('concurrent claims: exactly one wins, the rest get 409', async () => {
    const fresh = await api.file(complaint(), tokens['owner']!);
    const mediators = await Promise.all(Array.from({ length: 10 }, (_, i) => rt.token('mediator', `race-${i}`)));
    const answers = await Promise.all(mediators.map((t) => api.claim(fresh.caseId, t)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
  });

  it('concurrent actions on one version: exactly one succeeds', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.act(c.caseId, tokens['mediator']!, c.version, 'add_note', { text: `并发备注 ${i}` })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
  });
});

describe('tamper evidence', () => {
  it('the integrity endpoint names the first edited event', async () => {
    let c = await claimed(await api.file(complaint(), tokens['owner']!), 'mediator');
    c = await api.step(c, tokens['mediator']!, 'record_consent', { consented: true });
    const runtime = runtimeFile(rt.dataDir) as { dynamodbEndpoint: string; tableName: string };
    const db = new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await db.send(
      new UpdateItemCommand({
        TableName: runtime.tableName,
        Key: { pk: { S: `CASE#${c.caseId}` }, sk: { S: 'EVENT#00000002' } },
        UpdateExpression: 'SET #type = :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': { S: 'routed_elsewhere' } },
      }),
    );
    const integrity = await api.call('GET', `/cases/${c.caseId}/integrity`, { token: tokens['court'] });
    expect(integrity.status).toBe(200);
    expect(integrity.body).toMatchObject({ valid: false, brokenAt: 2 });
  });
});
