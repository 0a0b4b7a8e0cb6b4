// Poison messages (SPEC §8) on the real local runtime, in process: a message whose case does not exist
// fails on its own while valid complaints filed in the same moment are queued, lands in the intake
// dead-letter queue after maxReceiveCount deliveries with a failure record, is listed to the
// supervisor (and to no one else) and redriven back to the intake queue, where it fails again and
// the same failure record keeps counting. Also: what a failure record holds, and that it never
// breaks the batch.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { deadLetterPageSchema, deadLetterSchema, redriveResultSchema } from '#domain/api.schema.ts';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import { queues } from '#infra/topology.ts';
import { dynamo } from '#lib/aws.ts';
import { config, resetConfig } from '#lib/config.ts';
import { FAILURE_TTL_SECONDS, failureKey } from '#lib/dead-letters.ts';
import { queueFunction } from '#lib/queue-function.ts';
import { validComplaint } from '../support/complaints.ts';
import { sqsEvent } from '../support/events.ts';
import { client } from '../support/http-client.ts';
import { eventually } from '../support/local-stack.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';

const JVM_START = 90_000;
const MAX_RECEIVE_COUNT = queues.find((q) => q.id === 'intake')!.maxReceiveCount;

let runtime: LocalRuntime;
let dataDir: string;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dead-letters-'));
  runtime = await startLocalRuntime({
    dataDir,
    inMemory: true,
    port: 0,
    // Redelivery after 1 s instead of 3 min: a poison message reaches the DLQ in seconds.
    visibilityTimeoutSeconds: 1,
    log: (level, message, fields = {}) => {
      if (level === 'warn' || level === 'error') process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
    },
  });
  api = client({ url: runtime.httpUrl } as RuntimeProcess);
  for (const [role, sub] of [
    ['supervisor', 'supervisor-1'],
    ['mediator', 'mediator-1'],
    ['rights_holder', 'holder-1'],
  ] as const) {
    tokens[role] = await runtime.jwt.signToken({ role, sub });
  }
  // One complaint through the whole pipeline first: handler modules load on first use, and the
  // race below should compare retries with steady-state routing, not with module loading.
  const warmUp = await api.call('POST', '/complaints', { token: tokens['rights_holder'], body: validComplaint() });
  await api.untilQueued(warmUp.body.caseId, tokens['rights_holder']!);
  // And its notices (receipt and routing, by e-mail and SMS) sent: a test below points this
  // process's TABLE_NAME at a missing table for a moment, which a notifier still at work would meet.
  await runtime.drainStreams(10_000);
  await eventually(() => runtime.mailbox.mails().length + runtime.mailbox.sms().length >= 4, 15_000);
}, JVM_START);

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

const failureRecord = async (originId: string) =>
  (await dynamo().send(new GetCommand({ TableName: config().tableName, Key: failureKey(originId), ConsistentRead: true }))).Item;

/** An intake record as Lambda would hand it over, for a queue function called directly. */
function intakeRecord(body: string): SQSRecord {
  const record = sqsEvent('sqs-intake').Records[0]!;
  return { ...record, messageId: randomUUID(), body, attributes: { ...record.attributes, ApproximateReceiveCount: '3' } };
}

describe('failure records', () => {
  it('keeps the queue, case id, error name and message, counts and TTL — never the body beyond the case id, never a stack', async () => {
    const caseId = randomUUID();
    const personal = '张三 11010519491231002X 13891500123';
    const record = intakeRecord(JSON.stringify({ caseId, complainant: personal }));
    const failing = queueFunction('test', async () => {
      throw new RangeError('case not found');
    });

    const started = Date.now();
    // Its only record failed: the invocation throws (an error Lambda counts), naming the failure.
    await expect(failing({ Records: [record] })).rejects.toMatchObject({
      name: 'BatchFailed',
      batchItemFailures: [{ itemIdentifier: record.messageId }],
    });
    const first = await failureRecord(record.messageId);
    expect(first).toEqual({
      ...failureKey(record.messageId),
      queue: 'intake', // the last segment of eventSourceARN
      messageId: record.messageId,
      caseId,
      error: { name: 'RangeError', message: 'case not found' },
      receiveCount: 3,
      attempts: 1,
      firstFailedAt: expect.any(String),
      lastFailedAt: first?.['firstFailedAt'],
      expiresAt: expect.any(Number),
    });
    const expiresInSeconds = (first?.['expiresAt'] as number) - started / 1000;
    expect(expiresInSeconds).toBeGreaterThan(FAILURE_TTL_SECONDS - 60);
    expect(expiresInSeconds).toBeLessThan(FAILURE_TTL_SECONDS + 60);
    const stored = JSON.stringify(first);
    for (const fragment of ['张三', '11010519491231002X', '13891500123', 'complainant', 'at ']) expect(stored).not.toContain(fragment);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(failing({ Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '4' } }] })).rejects.toThrow(
      /whole batch/,
    );
    const second = await failureRecord(record.messageId);
    expect(second).toMatchObject({ attempts: 2, receiveCount: 4, firstFailedAt: first?.['firstFailedAt'] });
    expect(String(second?.['lastFailedAt']) > String(first?.['firstFailedAt'])).toBe(true);
  });

  it('records no case id when the body is not a routing message, and only the error of a non-Error throw', async () => {
    const record = intakeRecord('not json: 张三 11010519491231002X');
    const failing = queueFunction('test', async () => {
      throw 'boom: 11010519491231002X';
    });
    await expect(failing({ Records: [record] })).rejects.toMatchObject({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    const item = await failureRecord(record.messageId);
    expect(item?.['caseId']).toBeUndefined();
    expect(item?.['error']).toEqual({ name: 'string', message: 'a value that is not an Error was thrown' });
    expect(JSON.stringify(item)).not.toContain('11010519491231002X');
  });

  it('never lets a failed failure-record write break the batch: the other records still succeed', async () => {
    const table = process.env.TABLE_NAME;
    process.env.TABLE_NAME = 'no-such-table';
    resetConfig();
    try {
      const good = intakeRecord(JSON.stringify({ caseId: randomUUID() }));
      const bad = intakeRecord(JSON.stringify({ caseId: randomUUID() }));
      const handled: string[] = [];
      const mixed = queueFunction('test', async (r) => {
        if (r.messageId === bad.messageId) throw new Error('case not found');
        handled.push(r.messageId);
      });
      expect(await mixed({ Records: [bad, good] })).toEqual({ batchItemFailures: [{ itemIdentifier: bad.messageId }] });
      expect(handled).toEqual([good.messageId]);
    } finally {
      process.env.TABLE_NAME = table;
      resetConfig();
    }
  });
});

describe('a poison message on the intake queue', () => {
  const poisonCaseId = randomUUID();
  let poisonSentAt = 0;
  let dlqAfterMs = 0;
  let listed: z.output<typeof deadLetterSchema>;

  const deadLetters = (query = '', token = tokens['supervisor']) => api.call('GET', `/dead-letters${query}`, { token });
  const redrive = (body: unknown, token = tokens['supervisor']) => api.call('POST', '/dead-letters/redrive', { token, body });
  /** Visible or in flight: the emulator counts a message received with visibility 0 as in flight until its next receive. */
  const intakeDlqDepth = async () => {
    const { Attributes } = await runtime.infrastructure.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.dlqs['intake'],
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
  };
  /** Messages a consumer would receive from the intake DLQ right now (left there). */
  const visibleInIntakeDlq = async () => {
    const { Messages = [] } = await runtime.infrastructure.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.dlqs['intake'], MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    return Messages.map((m) => m.MessageId);
  };

  it('does not block valid complaints filed in the same moment, and reaches the DLQ after maxReceiveCount deliveries', async () => {
    poisonSentAt = Date.now();
    const [, ...filed] = await Promise.all([
      runtime.infrastructure.sqs.send(
        new SendMessageCommand({ QueueUrl: runtime.queues['intake'], MessageBody: JSON.stringify({ caseId: poisonCaseId }) }),
      ),
      ...[1, 2, 3].map((n) =>
        api.call('POST', '/complaints', {
          token: tokens['rights_holder'],
          body: validComplaint((c) => (c.respondent = { name: `紫阳某某茶行${n}号` })),
        }),
      ),
    ]);
    for (const answer of filed) expect(answer.status).toBe(202);
    for (const answer of filed) await api.untilQueued(answer.body.caseId, tokens['rights_holder']!);
    const queuedAfterMs = Date.now() - poisonSentAt;
    // Queued while the poison message was still being retried: it blocked nothing.
    expect(await intakeDlqDepth()).toBe(0);

    const found = await eventually(
      async () => {
        const answer = await deadLetters('?queue=intake');
        expect(answer.status).toBe(200);
        const item = answer.body.items.find((i: { caseId: string }) => i.caseId === poisonCaseId);
        expect(item).toBeDefined();
        return item;
      },
      30_000,
      100,
    );
    dlqAfterMs = Date.now() - poisonSentAt;
    listed = found;
    process.stdout.write(`${JSON.stringify({ poisonToDlqMs: dlqAfterMs, validQueuedMs: queuedAfterMs })}\n`);
    // maxReceiveCount deliveries, each hidden for 1 s before the next.
    expect(dlqAfterMs).toBeGreaterThanOrEqual((MAX_RECEIVE_COUNT - 1) * 1000);
  }, 60_000);

  it('is listed to the supervisor with its routing message, error and attempts, in the documented shape', async () => {
    expect(listed).toEqual({
      queue: 'intake',
      messageId: expect.any(String),
      caseId: poisonCaseId,
      body: { caseId: poisonCaseId },
      error: { name: 'Error', message: 'case not found' },
      attempts: MAX_RECEIVE_COUNT,
      receiveCount: MAX_RECEIVE_COUNT,
      firstFailedAt: expect.any(String),
      lastFailedAt: expect.any(String),
      redrivenAt: null,
      sentAt: expect.any(String),
    });
    expect(listed.attempts).toBeGreaterThanOrEqual(5);
    expect(Date.parse(listed.sentAt!)).toBeGreaterThanOrEqual(poisonSentAt - 1000);
    expect(listed.firstFailedAt! < listed.lastFailedAt!).toBe(true);

    const answer = await deadLetters();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBeTruthy();
    const page = deadLetterPageSchema.parse(answer.body);
    expect(Object.keys(answer.body).sort()).toEqual(['depth', 'items', 'nextCursor']);
    expect(Object.keys(answer.body.items[0]).sort()).toEqual(Object.keys(deadLetterSchema.shape).sort());
    expect(page.nextCursor).toBeNull();
    expect(page.depth).toEqual({
      intake: 1,
      mediation: 0,
      arbitration: 0,
      notarization: 0,
      administrative_adjudication: 0,
      administrative_enforcement: 0,
      notifications: 0,
    });
    expect(page.items.map((i) => i.messageId)).toEqual([listed.messageId]);
    // Listing does not consume: it is still there, and visible.
    expect(await visibleInIntakeDlq()).toEqual([listed.messageId]);
    expect(await intakeDlqDepth()).toBe(1);
    expect((await deadLetters('?queue=mediation')).body).toEqual({ items: [], nextCursor: null, depth: { mediation: 0 } });
  });

  it('is not shown to anyone but the supervisor, and refuses malformed queries', async () => {
    expect((await deadLetters('', tokens['mediator'])).status).toBe(403);
    expect((await deadLetters('', tokens['rights_holder'])).status).toBe(403);
    expect((await api.call('GET', '/dead-letters')).status).toBe(401);
    for (const query of ['?queue=outbox', '?limit=0', '?limit=101', '?cursor=eyJwayI6IngifQ', '?page=2']) {
      const answer = await deadLetters(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBe('VALIDATION_FAILED');
    }
    expect((await deadLetters('?limit=1&queue=intake')).body.items).toHaveLength(1);
  });

  it('refuses a redrive from anyone but the supervisor, and a body that is not exactly the request', async () => {
    expect((await redrive({}, tokens['mediator'])).status).toBe(403);
    for (const body of [
      { queue: 'outbox' },
      { messageIds: [] },
      { messageIds: ['a b'] },
      { messageIds: Array.from({ length: 101 }, (_, i) => `m${i}`) },
      { all: true },
    ]) {
      const answer = await redrive(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    const malformed = await api.call('POST', '/dead-letters/redrive', {
      token: tokens['supervisor'],
      raw: '{"queue":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    expect(await intakeDlqDepth()).toBe(1);
  });

  it('is redriven to the intake queue: gone from the DLQ, delivered again, its failure record counting on', async () => {
    const answer = await redrive({ queue: 'intake', messageIds: [listed.messageId, 'never-there-1'] });
    expect(answer.status).toBe(200);
    expect(z.strictObject(redriveResultSchema.shape).parse(answer.body)).toEqual({
      redriven: 1,
      byQueue: { intake: 1 },
      notFound: ['never-there-1'],
    });
    const after = await deadLetters('?queue=intake');
    expect(after.body.items.map((i: { messageId: string }) => i.messageId)).not.toContain(listed.messageId);

    // Asking again finds nothing to move.
    expect((await redrive({ messageIds: [listed.messageId] })).body).toEqual({
      redriven: 0,
      byQueue: {
        intake: 0,
        mediation: 0,
        arbitration: 0,
        notarization: 0,
        administrative_adjudication: 0,
        administrative_enforcement: 0,
        notifications: 0,
      },
      notFound: [listed.messageId],
    });

    // The record is keyed by the first message id, which the redriven message carries along.
    const record = await eventually(async () => {
      const item = await failureRecord(listed.messageId);
      expect(item?.['attempts']).toBeGreaterThan(listed.attempts!);
      return item;
    }, 15_000);
    expect(record).toMatchObject({
      redrivenAt: expect.any(String),
      redrives: 1,
      firstFailedAt: listed.firstFailedAt,
      caseId: poisonCaseId,
    });

    // It fails every time, so it comes back to the DLQ — a new message there, the same history.
    const again = await eventually(
      async () => {
        const item = (await deadLetters('?queue=intake')).body.items.find((i: { caseId: string }) => i.caseId === poisonCaseId);
        expect(item).toBeDefined();
        return item;
      },
      30_000,
      200,
    );
    expect(again.messageId).not.toBe(listed.messageId);
    expect(again).toMatchObject({
      attempts: 2 * MAX_RECEIVE_COUNT,
      redrivenAt: record?.['redrivenAt'],
      firstFailedAt: listed.firstFailedAt,
    });
  }, 60_000);

  it('redrives everything waiting when no message is named', async () => {
    const waiting = await visibleInIntakeDlq();
    expect(waiting).toHaveLength(1);
    const answer = await redrive({});
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      redriven: 1,
      byQueue: {
        intake: 1,
        mediation: 0,
        arbitration: 0,
        notarization: 0,
        administrative_adjudication: 0,
        administrative_enforcement: 0,
        notifications: 0,
      },
      notFound: [],
    });
    // (It fails again and comes back after maxReceiveCount deliveries — as a new message.)
    expect(await visibleInIntakeDlq()).not.toContain(waiting[0]);
  });
});
