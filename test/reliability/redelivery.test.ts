// Broken: exactly-once delivery — SQS promises at least once. The pipeline's consumers run in this
// process against DynamoDB Local and the SQS emulator, and get the same message twice at once (two
// concurrent invocations, as when a visibility timeout runs out mid-work), and two messages for one
// case (the original and the reconciler's re-send). Survives: one routing decision, one queueing,
// one linked preservation case, one work-queue entry per case (SPEC §8 "exactly-once effect").

import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '#domain/model.ts';
import { validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { duplicates, report } from './support/figures.ts';
import { asSqsEvent, deliverConcurrently, file, freshHandlers, reconcileNow } from './support/pipeline.ts';

let stack: LocalStack;
let handlers: Awaited<ReturnType<typeof freshHandlers>>;

beforeAll(async () => {
  stack = await startLocalStack();
  handlers = await freshHandlers();
});
afterAll(async () => {
  await stack?.stop();
});

async function fileMany(count: number, tag: string, patch: (c: any, i: number) => void = () => undefined) {
  const filed = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      file(
        handlers,
        `${tag}-${i}`,
        validComplaint((c) => {
          c.respondent = { name: `${tag} 某某网店 ${i}` };
          patch(c, i);
        }),
      ),
    ),
  );
  expect(filed.map((f) => f.status)).toEqual(filed.map(() => 202));
  return filed.map((f) => f.body as { caseId: string; caseNumber: string });
}

/** Every message waiting on the path queues, as batches of ten. */
async function pathBatches(): Promise<SQSEvent[]> {
  const batches: SQSEvent[] = [];
  for (const path of PATHS) {
    const messages = await stack.receiveAll(stack.queues[path]!);
    for (let i = 0; i < messages.length; i += 10) batches.push(asSqsEvent(messages.slice(i, i + 10)));
  }
  return batches;
}

interface Effects {
  routed: number;
  queued: number;
  linkedOpened: number;
  status: string | undefined;
  workQueueEntries: number;
}

/** What happened to a case, counted from its timeline and the work-queue index. */
async function effectsOn(caseId: string): Promise<Effects> {
  const { getCase } = await import('#lib/case-store.ts');
  const { listTimeline, queryCases } = await import('#lib/case-lists.ts');
  const [c, timeline] = await Promise.all([getCase(caseId), listTimeline(caseId)]);
  let workQueueEntries = 0;
  if (c?.path) {
    const { cases } = await queryCases(
      { index: 'workQueue', partition: c.path, forward: true, conditions: [] },
      { limit: 1000, startKey: undefined },
    );
    workQueueEntries = cases.filter((q) => q.caseId === caseId).length;
  }
  const count = (type: string) => timeline.filter((e) => e.type === type).length;
  return {
    routed: count('routed'),
    queued: count('queued'),
    linkedOpened: count('evidence_preservation_case_opened'),
    status: c?.status,
    workQueueEntries,
  };
}

const once = (e: Effects) => e.routed === 1 && e.queued === 1 && e.workQueueEntries === 1 && e.status === 'queued';

describe('messages delivered more than once', () => {
  it('the same SQS message delivered twice at once, to two concurrent invocations: exactly one routing decision and one work-queue entry per case', async (context) => {
    const cases = await fileMany(10, 'twice');
    const intake = asSqsEvent(await stack.receiveAll(stack.queues['intake']!));
    expect(intake.Records).toHaveLength(10);
    // The same batch to two invocations at once, then the path messages likewise.
    const triaged = await deliverConcurrently(handlers.triage, 'triage', [intake, structuredClone(intake)]);
    const batches = await pathBatches();
    const queued = await deliverConcurrently(handlers.pathIntake, 'pathIntake', [...batches, ...structuredClone(batches)]);
    const effects = await Promise.all(cases.map((c) => effectsOn(c.caseId)));

    report(context, {
      faults: intake.Records.length + batches.reduce((n, b) => n + b.Records.length, 0),
      requests: triaged.invocations + queued.invocations,
      accepted: cases.length,
      lost: effects.filter((e) => !once(e)).length,
      fiveXx: 0,
      duplicateNumbers: duplicates(cases.map((c) => c.caseNumber)),
      note: `records that lost a race and were retried: triage ${triaged.retried}, path intake ${queued.retried}`,
    });
    expect(triaged.stillFailing).toEqual([]);
    expect(queued.stillFailing).toEqual([]);
    expect(effects.filter((e) => !once(e))).toEqual([]);
  });

  it('two messages for one case — the original and the reconciler re-send — in one batch and in parallel batches: exactly one routing decision and one work-queue entry per case', async (context) => {
    const cases = await fileMany(12, 'resent');
    // The reconciler runs before the originals are consumed (a slow consumer past the grace period).
    const { redriven } = await reconcileNow(handlers);
    const messages = await stack.receiveAll(stack.queues['intake']!);
    expect(messages.length).toBe(cases.length * 2);
    // Interleaved so that both messages of some cases share a batch and others are split across the two.
    const mixed = messages
      .map((m, i) => ({ m, key: (i * 7) % messages.length }))
      .sort((a, b) => a.key - b.key)
      .map(({ m }) => m);
    const triaged = await deliverConcurrently(handlers.triage, 'triage', [
      asSqsEvent(mixed.slice(0, 10)),
      asSqsEvent(mixed.slice(10, 20)),
      asSqsEvent(mixed.slice(20)),
    ]);
    const batches = await pathBatches();
    const queued = await deliverConcurrently(handlers.pathIntake, 'pathIntake', batches);
    const effects = await Promise.all(cases.map((c) => effectsOn(c.caseId)));

    report(context, {
      faults: redriven,
      requests: triaged.invocations + queued.invocations,
      accepted: cases.length,
      lost: effects.filter((e) => !once(e)).length,
      fiveXx: 0,
      duplicateNumbers: duplicates(cases.map((c) => c.caseNumber)),
      note: `${messages.length} intake messages for ${cases.length} cases; path messages ${batches.reduce((n, b) => n + b.Records.length, 0)}; retried after a lost race: triage ${triaged.retried}, path intake ${queued.retried}`,
    });
    expect(triaged.stillFailing).toEqual([]);
    expect(queued.stillFailing).toEqual([]);
    expect(effects.filter((e) => !once(e))).toEqual([]);
  });

  it('a complaint asking for evidence preservation delivered twice at once: one linked notarization case, numbered once', async (context) => {
    const cases = await fileMany(6, 'preserve', (c, i) => {
      c.requestEvidencePreservation = true;
      c.respondent = { name: `旬阳某某商贸 ${i}` };
    });
    const intake = asSqsEvent(await stack.receiveAll(stack.queues['intake']!));
    const triaged = await deliverConcurrently(handlers.triage, 'triage', [intake, structuredClone(intake)]);
    // The linked cases go through intake themselves — delivered twice at once as well.
    const linkedIntake = asSqsEvent(await stack.receiveAll(stack.queues['intake']!));
    const linkedTriaged = await deliverConcurrently(handlers.triage, 'triage', [linkedIntake, structuredClone(linkedIntake)]);
    const batches = await pathBatches();
    const queued = await deliverConcurrently(handlers.pathIntake, 'pathIntake', [...batches, ...structuredClone(batches)]);

    const { getCase } = await import('#lib/case-store.ts');
    const parents = await Promise.all(cases.map((c) => getCase(c.caseId)));
    const linkedIds = parents.flatMap((p) => p?.linkedCaseIds ?? []);
    const linked = await Promise.all(linkedIds.map((id) => getCase(id)));
    const effects = await Promise.all([...cases.map((c) => effectsOn(c.caseId)), ...linkedIds.map((id) => effectsOn(id))]);
    const numbers = [...cases.map((c) => c.caseNumber), ...linked.map((l) => l?.caseNumber ?? '')];
    const sorted = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    const gaps = sorted.at(-1)! - sorted[0]! + 1 - sorted.length;

    report(context, {
      faults: intake.Records.length + linkedIntake.Records.length,
      requests: triaged.invocations + linkedTriaged.invocations + queued.invocations,
      accepted: cases.length,
      lost: effects.filter((e) => !once(e)).length,
      fiveXx: 0,
      duplicateNumbers: duplicates(numbers),
      note: `linked cases ${linkedIds.length} for ${cases.length} requests; numbers skipped by lost races: ${gaps}`,
    });
    expect(triaged.stillFailing).toEqual([]);
    expect(linkedTriaged.stillFailing).toEqual([]);
    expect(queued.stillFailing).toEqual([]);
    expect(parents.map((p) => p?.linkedCaseIds.length)).toEqual(cases.map(() => 1));
    expect(effects.slice(0, cases.length).map((e) => e.linkedOpened)).toEqual(cases.map(() => 1));
    expect(linked.map((l) => l?.path)).toEqual(linked.map(() => 'notarization'));
    expect(effects.filter((e) => !once(e))).toEqual([]);
    expect(duplicates(numbers)).toBe(0);
  });
});
