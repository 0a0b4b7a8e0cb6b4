// The intake pipeline's functions against real DynamoDB Local and the SQS emulator:
// POST /complaints → intake queue → triage → path queue → path intake → work queue.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as submit } from '../../functions/submit-complaint/handler.ts';
import { handler as getCaseHandler } from '../../functions/get-case/handler.ts';
import { handler as triageHandler } from '../../functions/triage/handler.ts';
import { handler as pathIntake } from '../../functions/path-intake/handler.ts';
import { handler as reconcile } from '../../functions/reconcile/handler.ts';
import { getCase, writeCases } from '#lib/case-store.ts';
import { listTimeline } from '#lib/case-lists.ts';
import { resetConfig } from '#lib/config.ts';
import { newCase } from '#domain/case.ts';
import type { Complaint } from '#domain/model.ts';
import { verifyChain } from '#domain/timeline.ts';
import { as, httpEvent, scheduleEvent } from '../support/events.ts';
import { FOREIGN_ENTERPRISE, foreignComplaint, validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { currentTestLines } from '../support/test-log.ts';
import { drain as drainQueue, routeAll as routePipeline } from '../support/pipeline.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ctx = {} as never;

function filing(body: unknown, sub = 'holder-1', role = 'rights_holder') {
  const event = as(httpEvent('http-post-complaints'), role, sub);
  delete event.headers['idempotency-key']; // each filing here is a new request
  event.body = JSON.stringify(body);
  return event;
}

async function file(body: unknown, sub = 'holder-1') {
  const result = await submit(filing(body, sub), ctx);
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}

const drain = (queue: string) => drainQueue(stack, queue);
const routeAll = () => routePipeline(stack);

async function read(caseId: string, role: string, sub: string) {
  const event = as(httpEvent('http-get-case'), role, sub);
  event.pathParameters = { caseId };
  const result = await getCaseHandler(event, ctx);
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}

describe('filing a complaint', () => {
  it('stores the case submitted with its first timeline event and sends it to the intake queue', async () => {
    const answer = await file(validComplaint());
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'submitted', caseNumber: expect.stringMatching(/^AKIP-\d{4}-\d{6}$/) });
    const stored = await getCase(answer.body.caseId);
    expect(stored).toMatchObject({ status: 'submitted', ownerSub: 'holder-1', version: 1 });
    expect(stored?.complaint.right.number).toBe('201910603565.1');
    const timeline = await listTimeline(answer.body.caseId);
    expect(timeline.map((e) => e.type)).toEqual(['submitted']);
    const queued = await drain('intake');
    expect(queued.Records.map((r) => JSON.parse(r.body))).toEqual([{ caseId: answer.body.caseId }]);
  });

  it('rejects an invalid complaint with field paths and stores nothing', async () => {
    const answer = await file(
      validComplaint((c) => {
        c.respondent.creditCode = '91440300708461136X';
        c.evidence[0].sha256 = 'nope';
        c.surprise = 1;
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'evidence[0].sha256',
      'respondent.creditCode',
      'surprise',
    ]);
    expect(answer.body.error.requestId).toBe('req-post-complaints-0001');
    expect((await drain('intake')).Records).toHaveLength(0);
  });

  it('lets only rights holders file', async () => {
    const result = await submit(filing(validComplaint(), 'mediator-1', 'mediator'), ctx);
    expect(result.statusCode).toBe(403);
  });

  it('numbers concurrent complaints uniquely and without gaps', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => file(validComplaint(), `burst-${i}`)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const numbers = answers.map((a) => Number(String(a.body.caseNumber).slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
    await drain('intake');
  });
});

describe('routing and queueing', () => {
  it('routes a plain complaint to mediation and queues it with its first stage and deadline', async () => {
    const { body } = await file(
      validComplaint((c) => (c.respondent.creditCode = '91110108551385082Q')),
      'holder-route',
    );
    await routeAll();
    const c = await getCase(body.caseId);
    expect(c).toMatchObject({ status: 'queued', path: 'mediation', stage: 'awaiting_consent' });
    expect(c?.deadline).toMatchObject({ kind: 'mediation_outcome', overdue: false, extended: false });
    const timeline = await listTimeline(body.caseId);
    expect(timeline.map((e) => e.type)).toEqual(['submitted', 'routed', 'queued']);
    expect(timeline[1]?.data).toMatchObject({ rule: 'default_mediation' });
    expect(verifyChain(timeline).valid).toBe(true);
  });

  it('changes nothing twice when messages are delivered again', async () => {
    const { body } = await file(validComplaint(), 'holder-redelivery');
    const intake = await drain('intake');
    await triageHandler(intake, ctx);
    await triageHandler(intake, ctx); // the same message again
    const pathBatch = await drain('mediation');
    expect(pathBatch.Records.length).toBe(2); // re-sent: downstream must absorb it
    await pathIntake(pathBatch, ctx);
    await pathIntake(pathBatch, ctx);
    const timeline = await listTimeline(body.caseId);
    expect(timeline.filter((e) => e.type === 'routed')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'queued')).toHaveLength(1);
    expect((await getCase(body.caseId))?.version).toBe(3);
  });

  it('flags a second open complaint of the same parties and right as a possible duplicate', async () => {
    const complaint = validComplaint((c) => (c.respondent = { name: '西安某某贸易有限公司' }));
    const first = await file(complaint, 'holder-dup');
    await routeAll();
    const second = await file(complaint, 'holder-dup');
    await routeAll();
    const c = await getCase(second.body.caseId);
    expect(c?.flags.possibleDuplicateOf).toBe(first.body.caseId);
    expect(c?.status).toBe('queued');
  });

  it('sends a patent case against a respondent with two adverse outcomes to adjudication, raised in priority', async () => {
    const respondentCode = '91440300708461136T';
    for (let i = 0; i < 2; i++) {
      const earlier = newCase({
        caseId: crypto.randomUUID(),
        caseNumber: `AKIP-2025-90000${i}`,
        owner: { role: 'rights_holder', sub: 'earlier' },
        complaint: {
          ...(validComplaint() as unknown as Complaint),
          respondent: { name: '深圳市某某电子商务有限公司', creditCode: respondentCode },
        },
        now: '2025-05-01T00:00:00.000Z',
      });
      earlier.case = { ...earlier.case, status: 'resolved', outcome: { againstRespondent: true, kind: 'agreement_reached' } };
      await writeCases([{ transition: earlier, expectedVersion: null }]);
    }
    const { body } = await file(
      validComplaint((c) => delete c.preferredPath),
      'holder-repeat',
    );
    await routeAll();
    const c = await getCase(body.caseId);
    expect(c).toMatchObject({ path: 'administrative_adjudication', stage: 'filing_review', status: 'queued' });
    expect(c?.flags.repeatRespondent).toBe(true);
    expect(c?.priority).toBeGreaterThan(1);
    expect(c?.deadline?.kind).toBe('filing_review');
  });

  it('opens a linked notarization case when evidence preservation is requested', async () => {
    const { body } = await file(
      validComplaint((c) => {
        c.requestEvidencePreservation = true;
        c.preferredPath = 'arbitration';
        c.arbitrationAgreement = { reference: '安仲协字〔2025〕12号', signedOn: '2025-03-01' };
        c.respondent = { name: '汉中某某商行' };
      }),
      'holder-preserve',
    );
    await routeAll();
    const parent = await getCase(body.caseId);
    expect(parent).toMatchObject({ path: 'arbitration', status: 'queued', stage: 'acceptance_review' });
    expect(parent?.linkedCaseIds).toHaveLength(1);
    const linked = await getCase(parent!.linkedCaseIds[0]!);
    expect(linked).toMatchObject({ parentCaseId: body.caseId, path: 'notarization', status: 'queued', ownerSub: 'holder-preserve' });
    expect(linked?.flags.possibleDuplicateOf).toBeNull();
    expect(linked?.caseNumber).not.toBe(parent?.caseNumber);
  });

  it('opens one notarization case, not two, when notarization is preferred and evidence preservation requested (SPEC §4 v2)', async () => {
    const { body } = await file(
      validComplaint((c) => {
        c.requestEvidencePreservation = true;
        c.preferredPath = 'notarization';
        c.respondent = { name: '紫阳某某茶行' };
      }),
      'holder-notarize',
    );
    await routeAll();
    const c = await getCase(body.caseId);
    expect(c).toMatchObject({ path: 'notarization', status: 'queued', stage: 'acceptance_review', linkedCaseIds: [] });
    const timeline = await listTimeline(body.caseId);
    expect(timeline.map((e) => e.type)).toEqual(['submitted', 'routed', 'evidence_preservation_in_case', 'queued']);
    expect(timeline[2]?.data).toMatchObject({ rule: 'evidence_preservation_in_notarization' });
    expect(verifyChain(timeline).valid).toBe(true);
  });

  it('routes a foreign enterprise’s complaint and flags its second filing as a possible duplicate (SPEC §3 v2)', async () => {
    const filing = () =>
      foreignComplaint(FOREIGN_ENTERPRISE, (c) => {
        c.respondent = { name: '平利某某茶具店' };
      });
    const first = await file(filing(), 'holder-gmbh');
    await routeAll();
    const second = await file(filing(), 'holder-gmbh');
    await routeAll();
    expect(await getCase(first.body.caseId)).toMatchObject({ path: 'mediation', status: 'queued' });
    const again = await getCase(second.body.caseId);
    expect(again).toMatchObject({ path: 'mediation', status: 'queued' });
    expect(again?.flags.possibleDuplicateOf).toBe(first.body.caseId);
    expect(again?.complaint.complainant).toMatchObject({ type: 'foreign_enterprise', registrationNumber: 'HRB 86891', country: 'DE' });
  });

  it('routes and queues a whole batch at once: each case once, the linked case opened, a repeat and a poison settled on their own', async () => {
    const filed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await file(
        validComplaint((c) => {
          c.respondent = { name: `岚皋某某商行${i}` };
          if (i === 0) c.requestEvidencePreservation = true;
        }),
        `holder-batch-${i}`,
      );
      filed.push(body.caseId);
    }
    const intake = await drain('intake');
    expect(intake.Records).toHaveLength(6);
    const repeat = { ...intake.Records[1]!, messageId: 'repeat-1' };
    const poison = { ...intake.Records[2]!, messageId: 'poison-2', body: '{"caseId":"not-a-uuid"}' };
    const triaged = await triageHandler({ Records: [...intake.Records, repeat, poison] }, ctx);
    expect(triaged.batchItemFailures).toEqual([{ itemIdentifier: 'poison-2' }]);
    // Settled by the batch step (one read, one transaction), not by its record-by-record fallback.
    expect(currentTestLines().filter((line) => line.includes('batch step failed'))).toEqual([]);
    for (const id of filed) expect(await getCase(id)).toMatchObject({ status: 'submitted', path: 'mediation', version: 2 });
    // Six path messages and one more for the repeat (re-sent: downstream absorbs it); the linked case waits on intake.
    const mediation = await drain('mediation');
    expect(mediation.Records.map((r) => JSON.parse(r.body).caseId).sort()).toEqual([...filed, filed[1]!].sort());
    const linkedIntake = await drain('intake');
    const parent = await getCase(filed[0]!);
    expect(linkedIntake.Records.map((r) => JSON.parse(r.body).caseId)).toEqual(parent!.linkedCaseIds);
    expect((await pathIntake(mediation, ctx)).batchItemFailures).toEqual([]);
    for (const id of filed) {
      expect(await getCase(id)).toMatchObject({ status: 'queued', stage: 'awaiting_consent', version: 3 });
      const timeline = await listTimeline(id);
      expect(timeline.map((e) => e.type).filter((t) => t === 'routed' || t === 'queued')).toEqual(['routed', 'queued']);
      expect(verifyChain(timeline).valid).toBe(true);
    }
    expect((await triageHandler(linkedIntake, ctx)).batchItemFailures).toEqual([]);
    await routeAll();
    expect(await getCase(parent!.linkedCaseIds[0]!)).toMatchObject({ path: 'notarization', status: 'queued', parentCaseId: filed[0] });
  });

  it('fails a malformed message on its own without failing its batch', async () => {
    const { body } = await file(
      validComplaint((c) => (c.respondent = { name: '石泉某某商店' })),
      'holder-poison',
    );
    const batch = await drain('intake');
    const poison = { ...batch.Records[0]!, messageId: 'poison-1', body: '{"caseId":"not-a-uuid"}' };
    const result = await triageHandler({ Records: [poison, ...batch.Records] }, ctx);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison-1' }]);
    expect((await getCase(body.caseId))?.path).toBe('mediation');
    await drain('mediation');
  });
});

describe('no lost complaint', () => {
  it('keeps an accepted complaint when the intake queue is unreachable and routes it on reconcile', async () => {
    const realUrl = process.env.INTAKE_QUEUE_URL!;
    process.env.INTAKE_QUEUE_URL = `${realUrl}-missing`;
    resetConfig();
    let caseId: string;
    try {
      const { status, body } = await file(
        validComplaint((c) => (c.respondent = { name: '紫阳某某茶庄' })),
        'holder-outage',
      );
      expect(status).toBe(202);
      caseId = body.caseId;
      expect((await getCase(caseId))?.status).toBe('submitted');
    } finally {
      process.env.INTAKE_QUEUE_URL = realUrl;
      resetConfig();
    }
    expect((await drain('intake')).Records).toHaveLength(0);
    const { redriven, failed } = await reconcile({ ...scheduleEvent('schedule-reconcile'), detail: { graceSeconds: 0 } });
    expect(redriven).toBeGreaterThanOrEqual(1);
    expect(failed).toBe(0);
    await routeAll();
    expect(await getCase(caseId)).toMatchObject({ status: 'queued', path: 'mediation' });
  });
});

describe('reading a case', () => {
  let caseId: string;
  beforeAll(async () => {
    const { body } = await file(
      validComplaint((c) => {
        c.complainant = { type: 'individual', name: '李四', idNumber: '11010519491231002X', contact: { phone: '13991234567' } };
        c.respondent = { name: '安康某某商贸有限公司' };
      }),
      'owner-read',
    );
    caseId = body.caseId;
    await routeAll();
  });

  it('shows the owner the case with the ID number unmasked', async () => {
    const { status, body } = await read(caseId, 'rights_holder', 'owner-read');
    expect(status).toBe(200);
    expect(body).toMatchObject({ caseId, status: 'queued', path: 'mediation', stage: 'awaiting_consent', version: 3 });
    expect(body.complainant.idNumber).toBe('11010519491231002X');
    expect(body.deadline).toMatchObject({ kind: 'mediation_outcome' });
  });

  it('masks the ID number for court, procuratorate and supervisor', async () => {
    for (const role of ['court', 'procuratorate', 'supervisor']) {
      const { status, body } = await read(caseId, role, `${role}-1`);
      expect(status).toBe(200);
      expect(body.complainant.idNumber).toBe('1101**********002X');
    }
  });

  it('lets a mediator read a mediation case and hides it from other paths, other owners and police', async () => {
    expect((await read(caseId, 'mediator', 'm-1')).status).toBe(200);
    for (const [role, sub] of [
      ['arbitrator', 'a-1'],
      ['notary', 'n-1'],
      ['officer', 'o-1'],
      ['police', 'p-1'],
      ['rights_holder', 'someone-else'],
    ]) {
      const answer = await read(caseId, role!, sub!);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers an unknown or malformed id with 404', async () => {
    expect((await read(crypto.randomUUID(), 'court', 'c')).status).toBe(404);
    expect((await read('../../etc/passwd', 'court', 'c')).status).toBe(404);
  });
});
