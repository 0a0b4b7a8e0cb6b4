// A queue function whose every record failed throws (functions/lib/queue-function.ts), so Lambda
// counts an error and the function's Errors alarm sees a consumer that processes nothing; when only
// some records fail it answers them as batchItemFailures, which Lambda does not count. The local
// runtime's poller (infra/local/poller.ts) must treat the two as Lambda's event source mapping does:
// a thrown error keeps the whole batch (every record comes back after the visibility timeout), a
// partial answer keeps only the records it names. Real SQS emulator and DynamoDB Local (failure
// records are written), the real queueFunction and poller; only the record processing is a probe.

import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queueFunction } from '#lib/queue-function.ts';
import { startPoller, type Poller } from '#infra/local/poller.ts';
import type { LogLevel } from '#infra/local/log.ts';
import type { FunctionSpec, QueueTrigger } from '#infra/local/topology.ts';
import { functions } from '#infra/topology.ts';
import { eventually, startLocalStack, type LocalStack } from '../support/local-stack.ts';

const JVM_START = 90_000;

let stack: LocalStack;
let poller: Poller | undefined;
const pollerLog: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];
/** Body → how many times the probe was handed it. */
const attempts = new Map<string, number>();

const probe = queueFunction('batchFailureProbe', async (record: SQSRecord) => {
  attempts.set(record.body, (attempts.get(record.body) ?? 0) + 1);
  if (record.body.startsWith('bad')) throw new Error(`cannot process ${record.body}`);
});

/** Triage's deployment (trigger, timeout) under another name, consuming `queue` with the probe. */
function consume(queue: 'intake' | 'mediation'): Poller {
  const triage = functions.find((f) => f.name === 'triage')!;
  const trigger = { ...(triage.triggers.find((t) => t.kind === 'queue') as QueueTrigger), queue };
  const fn: FunctionSpec = { ...triage, name: `probe-${queue}`, triggers: [trigger] };
  return startPoller({
    client: stack.sqs,
    fn,
    trigger,
    queueUrl: stack.queues[queue]!,
    queueArn: stack.queueArns[queue]!,
    loadHandler: async () => probe,
    log: (level, message, fields = {}) => pollerLog.push({ level, message, fields }),
  });
}

async function send(queue: 'intake' | 'mediation', bodies: string[]): Promise<void> {
  const out = await stack.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: stack.queues[queue]!,
      Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })),
    }),
  );
  expect(out.Failed ?? []).toEqual([]);
}

beforeAll(async () => {
  // Redelivery after 1 s instead of the topology's timeout, so "it came back" is seen quickly.
  stack = await startLocalStack({ visibilityTimeoutSeconds: 1 });
}, JVM_START);

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

afterAll(async () => {
  await stack?.stop();
});

describe('a queue function and the local poller, when records fail', () => {
  it('throws when every record of the batch failed, and answers batchItemFailures when only some did', async () => {
    const record = (body: string, messageId: string) => ({ body, messageId, attributes: { ApproximateReceiveCount: '1' } }) as SQSRecord;
    await expect(probe({ Records: [record('bad-direct-1', 'm1'), record('bad-direct-2', 'm2')] })).rejects.toMatchObject({
      name: 'BatchFailed',
      message: expect.stringMatching(/all 2 record\(s\) of the batch failed/),
      batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
    expect(await probe({ Records: [record('bad-direct-3', 'm3'), record('good-direct', 'm4')] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm3' }],
    });
    expect(await probe({ Records: [] })).toEqual({ batchItemFailures: [] });
  });

  it('the poller takes the thrown error as the whole batch failed: every record comes back, and the failure is logged', async () => {
    const bodies = ['bad-all-1', 'bad-all-2', 'bad-all-3'];
    await send('intake', bodies);
    poller = consume('intake');
    const failures = () => pollerLog.filter((entry) => entry.fields['function'] === 'probe-intake' && entry.level === 'error');
    // The poller logs a failed batch once the invocation has thrown, a moment after the last attempt.
    await eventually(() => bodies.every((body) => (attempts.get(body) ?? 0) >= 2) && failures().length >= 2, 20_000, 100);
    for (const entry of failures()) {
      expect(entry.message).toBe('queue function failed; the whole batch will be retried');
      expect(entry.fields).toMatchObject({ error: 'BatchFailed', errorMessage: expect.stringMatching(/record\(s\) of the batch failed/) });
    }
  }, 30_000);

  it('after a partial failure the poller deletes the records that succeeded: only the failed one comes back', async () => {
    await send('mediation', ['good-part-1', 'bad-part', 'good-part-2']);
    poller = consume('mediation');
    // Seen three times: two redeliveries, each after the 1 s visibility timeout; a good record kept
    // in the queue would have come back by then too.
    await eventually(() => (attempts.get('bad-part') ?? 0) >= 3, 20_000, 100);
    expect([attempts.get('good-part-1'), attempts.get('good-part-2')]).toEqual([1, 1]);
  }, 30_000);

  it('a batch step settles what it reports done; the rest — everything, if it throws — goes record by record', async () => {
    const record = (body: string, messageId: string) => ({ body, messageId, attributes: { ApproximateReceiveCount: '1' } }) as SQSRecord;
    const byRecord: string[] = [];
    const batches: string[][] = [];
    let stepFails = false;
    const consumer = queueFunction(
      'batchStepProbe',
      async (r) => {
        byRecord.push(r.body);
        if (r.body.startsWith('bad')) throw new Error(`cannot process ${r.body}`);
      },
      async (records) => {
        batches.push(records.map((r) => r.body));
        if (stepFails) throw new Error('the batch transaction was refused');
        return new Set(records.filter((r) => r.body.startsWith('easy')).map((r) => r.messageId));
      },
    );
    const batch = [record('easy-1', 'b1'), record('hard-1', 'b2'), record('easy-2', 'b3'), record('bad-1', 'b4')];
    expect(await consumer({ Records: batch })).toEqual({ batchItemFailures: [{ itemIdentifier: 'b4' }] });
    expect(batches).toEqual([['easy-1', 'hard-1', 'easy-2', 'bad-1']]);
    expect(byRecord).toEqual(['hard-1', 'bad-1']);

    byRecord.length = 0;
    stepFails = true;
    expect(await consumer({ Records: batch })).toEqual({ batchItemFailures: [{ itemIdentifier: 'b4' }] });
    expect(byRecord).toEqual(['easy-1', 'hard-1', 'easy-2', 'bad-1']);

    // A single record needs no batch step.
    byRecord.length = 0;
    batches.length = 0;
    await consumer({ Records: [record('easy-3', 'b5')] });
    expect([batches, byRecord]).toEqual([[], ['easy-3']]);
  });
});
