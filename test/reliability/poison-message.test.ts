// Broken: one message in a batch, for good. The local runtime runs in this process with a short
// visibility timeout; its poller hands triage a batch in which one message names a case that does
// not exist (it fails on every delivery) next to nine good ones. Survives: the nine, routed and
// queued on their first delivery, each once; the poison is retried a bounded number of times and
// parked in the intake dead-letter queue (SPEC §8 "poison messages").

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageBatchCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase } from '#domain/case.ts';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import { defaultTopology } from '#infra/local/topology.ts';
import { queues as topologyQueues } from '#infra/topology.ts';
import { parsedComplaint } from '../support/complaints.ts';
import { eventually } from '../support/local-stack.ts';
import { report } from './support/figures.ts';
import { seenBatches } from './support/recording-triage.ts';

const VISIBILITY_TIMEOUT_SECONDS = 2;
const MAX_RECEIVES = topologyQueues.find((q) => q.id === 'intake')!.maxReceiveCount;

let runtime: LocalRuntime;
let dataDir: string;
const runtimeErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'akip-poison-'));
  runtime = await startLocalRuntime({
    dataDir,
    inMemory: true,
    port: 0,
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    rateLimit: false,
    // The real system, with triage's handler wrapped to record the batches it is handed.
    topology: {
      ...defaultTopology,
      functions: defaultTopology.functions.map((fn) =>
        fn.name === 'triage' ? { ...fn, entry: 'test/reliability/support/recording-triage.ts' } : fn,
      ),
    },
    log: (level, message, fields = {}) => {
      if (level === 'error') runtimeErrors.push(`${message} ${JSON.stringify(fields)}`);
    },
  });
});
afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Cases stored `submitted`, as a filing leaves them, but with no message sent: the test sends them. */
async function storedCases(count: number): Promise<string[]> {
  const { createNumberedCase } = await import('#lib/case-numbers.ts');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const caseId = crypto.randomUUID();
    const at = new Date();
    await createNumberedCase(at, (caseNumber) =>
      newCase({
        caseId,
        caseNumber,
        owner: { role: 'rights_holder', sub: `poison-neighbour-${i}` },
        complaint: parsedComplaint((c) => (c.respondent = { name: `宁陕某某土特产店 ${i}` })),
        now: at.toISOString(),
      }),
    );
    ids.push(caseId);
  }
  return ids;
}

describe('a poison message in a batch', () => {
  it('a message that fails on every delivery, first in a batch of ten: the nine others are routed and queued on their first delivery, once; the poison ends in the dead-letter queue', async (context) => {
    const good = await storedCases(9);
    const poison = JSON.stringify({ caseId: crypto.randomUUID() });
    const sentAt = Date.now();
    // One SendMessageBatch: the poller receives the ten together (the poison first).
    await runtime.infrastructure.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.queues['intake']!,
        Entries: [poison, ...good.map((caseId) => JSON.stringify({ caseId }))].map((body, i) => ({ Id: String(i), MessageBody: body })),
      }),
    );

    const { getCase } = await import('#lib/case-store.ts');
    const { listTimeline } = await import('#lib/case-lists.ts');
    await eventually(async () => (await Promise.all(good.map(getCase))).every((c) => c?.status === 'queued'), 30_000, 200);
    const allQueuedAfterMs = Date.now() - sentAt;
    const parked = await eventually<Message[] | false>(
      async () => {
        const { Messages = [] } = await runtime.infrastructure.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: runtime.dlqs['intake']!,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
            WaitTimeSeconds: 0,
          }),
        );
        return Messages.length > 0 ? Messages : false;
      },
      (MAX_RECEIVES + 2) * VISIBILITY_TIMEOUT_SECONDS * 1000 + 20_000,
      250,
    );

    const batches = seenBatches();
    const first = batches.find((b) => b.bodies.includes(poison))!;
    const goodBodies = good.map((caseId) => JSON.stringify({ caseId }));
    const goodDeliveries = batches.flatMap((b) => b.bodies.filter((body) => goodBodies.includes(body)));
    const poisonDeliveries = batches.filter((b) => b.bodies.includes(poison)).length;
    const timelines = await Promise.all(good.map(listTimeline));
    const routedOnce = timelines.filter(
      (t) => t.filter((e) => e.type === 'routed').length === 1 && t.filter((e) => e.type === 'queued').length === 1,
    );

    report(context, {
      faults: 1,
      requests: 10,
      accepted: routedOnce.length,
      lost: good.length - routedOnce.length,
      fiveXx: 0,
      duplicateNumbers: 0,
      note: `first batch: ${first.bodies.length} messages, ${first.failedBodies.length} reported failed; good ones all queued ${allQueuedAfterMs} ms after sending (visibility timeout ${VISIBILITY_TIMEOUT_SECONDS} s); poison delivered ${poisonDeliveries}× then parked in the DLQ`,
    });
    // The poison shared its first batch with good messages, and only it was reported failed.
    expect(first.bodies.filter((body) => goodBodies.includes(body)).length).toBeGreaterThan(0);
    expect(first.failedBodies).toEqual([poison]);
    // Each good message was delivered once: nothing of theirs came back with the poison.
    expect(goodDeliveries.sort()).toEqual([...goodBodies].sort());
    expect(routedOnce).toHaveLength(good.length);
    // Bounded tries, then the dead-letter queue.
    expect(poisonDeliveries).toBe(MAX_RECEIVES);
    expect(parked === false ? parked : parked.map((m) => m.Body)).toEqual([poison]);
    // Alone on its redeliveries, the poison fails its whole batch, and triage throws so that Lambda
    // counts an error (functions/lib/queue-function.ts); a batch with good messages in it never does.
    const wholeBatch = runtimeErrors.filter((e) => e.includes('whole batch'));
    expect(wholeBatch).toHaveLength(MAX_RECEIVES - 1);
    for (const error of wholeBatch) {
      expect(error).toMatch(/"messages":1[,}]/);
      expect(error).toMatch(/"error":"BatchFailed"/);
    }
  }, 90_000);
});
