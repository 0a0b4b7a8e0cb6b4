// Poison messages (SPEC §8): a failure record per message a queue function could not process, and
// the operators' view of the dead-letter queues (死信队列) — listing and redrive.
//
// Failure records are keyed by the message's *origin* id: a redriven message is a new SQS message
// (new MessageId) carrying its first id in the `originMessageId` attribute, so its attempts keep
// counting on the same record across redrives. A record holds the case id and the error, never the
// body: the pipeline's messages carry only ids, but an error or a foreign body might carry more.

import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { BatchGetCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { dynamo, sqs } from './aws.ts';
import { now } from './clock.ts';
import { caseTable, dlqUrl, queueUrl, type QueueName } from './config.ts';
import { failureOriginOf, keys as itemKeys } from './items.ts';
import { errorFields, log } from './log.ts';
import { parseRoutingMessage, type ParsedRoutingMessage } from './messages.ts';

/** As long as the dead-letter queues keep a message (their retention). */
export const FAILURE_TTL_SECONDS = 14 * 24 * 3600;
/** The message attribute that carries a redriven message's first id. */
export const ORIGIN_ATTRIBUTE = 'originMessageId';
const MAX_ERROR_MESSAGE = 500;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const failureKey = (originId: string) => itemKeys.failure(originId);

export interface FailureRecord {
  queue: string;
  messageId: string;
  caseId?: string;
  error: { name: string; message: string };
  receiveCount: number | null;
  firstFailedAt: string;
  lastFailedAt: string;
  attempts: number;
  redrivenAt?: string;
  expiresAt: number;
}

/** The routing message in a body, or null: never throws. */
export function routingMessageOf(body: string | undefined): ParsedRoutingMessage | null {
  if (!body) return null;
  try {
    return parseRoutingMessage(body);
  } catch {
    return null;
  }
}

/** The error's class and message, bounded; no stack. */
export function errorSummary(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message.slice(0, MAX_ERROR_MESSAGE) };
  // A thrown non-Error could be anything, the body included: say only what kind it was.
  return { name: typeof error, message: 'a value that is not an Error was thrown' };
}

/** `arn:aws:sqs:region:account:name` → `name`. */
export const queueNameOfArn = (arn: string | undefined): string => arn?.split(':').pop() || 'unknown';

const validOrigin = (value: string | undefined): string | undefined => (value && MESSAGE_ID.test(value) ? value : undefined);

/** The id a failure record is kept under: the first id of a redriven message, else its own. */
export function originIdOfRecord(record: SQSRecord): string {
  return validOrigin(record.messageAttributes?.[ORIGIN_ATTRIBUTE]?.stringValue) ?? record.messageId;
}

function originIdOfMessage(message: Message): string {
  return validOrigin(message.MessageAttributes?.[ORIGIN_ATTRIBUTE]?.StringValue) ?? message.MessageId ?? '';
}

/**
 * Records that a queue function failed `record`. Never throws: the batch's partial failure report
 * matters more than the record, so a failed write is only logged.
 */
export async function recordFailure(record: SQSRecord, error: unknown): Promise<void> {
  try {
    const at = now();
    const routing = routingMessageOf(record.body);
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount);
    const values: Record<string, unknown> = {
      ':queue': queueNameOfArn(record.eventSourceARN),
      ':messageId': originIdOfRecord(record),
      ':error': errorSummary(error),
      ':receiveCount': Number.isInteger(receiveCount) ? receiveCount : null,
      ':at': at.toISOString(),
      ':expiresAt': Math.floor(at.getTime() / 1000) + FAILURE_TTL_SECONDS,
      ':one': 1,
    };
    const sets = [
      '#queue = :queue',
      '#messageId = :messageId',
      '#error = :error',
      '#receiveCount = :receiveCount',
      '#firstFailedAt = if_not_exists(#firstFailedAt, :at)',
      '#lastFailedAt = :at',
      '#expiresAt = :expiresAt',
    ];
    if (routing) {
      sets.push('#caseId = :caseId');
      values[':caseId'] = routing.caseId;
    }
    await dynamo().send(
      new UpdateCommand({
        TableName: caseTable(),
        Key: failureKey(originIdOfRecord(record)),
        UpdateExpression: `SET ${sets.join(', ')} ADD #attempts :one`,
        ExpressionAttributeNames: Object.fromEntries(
          [
            'queue',
            'messageId',
            'error',
            'receiveCount',
            'firstFailedAt',
            'lastFailedAt',
            'expiresAt',
            'attempts',
            ...(routing ? ['caseId'] : []),
          ].map((name) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: values,
      }),
    );
  } catch (writeError) {
    log.error('failure record not written; the partial batch failure still stands', errorFields(writeError));
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the dead-letter queues

/** ReceiveMessage calls per queue at most, for a listing and for a redrive. */
export const MAX_RECEIVE_CALLS = 10;
/** Messages moved per redrive request at most; ask again for more. */
export const MAX_REDRIVE = 100;
/** How long a redrive hides what it received: longer than the function's timeout. */
const HOLD_SECONDS = 30;

export interface DeadLetter {
  queue: QueueName;
  messageId: string;
  caseId: string | null;
  body: ParsedRoutingMessage | null;
  error: { name: string; message: string } | null;
  attempts: number | null;
  receiveCount: number | null;
  firstFailedAt: string | null;
  lastFailedAt: string | null;
  redrivenAt: string | null;
  sentAt: string | null;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: null;
  depth: Partial<Record<QueueName, number>>;
}

/**
 * Messages in the queue: visible ones and those in flight — a message someone is looking at or
 * redriving right now is still in the dead-letter queue. (The emulator also counts a message
 * received with visibility timeout 0 as in flight until its next receive.)
 */
async function approximateDepth(url: string): Promise<number> {
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/**
 * Up to 10 messages. `wait` 1 long-polls, which asks every SQS server (a short poll samples some and
 * may answer nothing although messages wait); it returns as soon as there is one, so only an empty
 * queue costs the second.
 */
async function receive(url: string, visibilityTimeout: number, wait: 0 | 1): Promise<Message[]> {
  const { Messages = [] } = await sqs().send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: wait,
      VisibilityTimeout: visibilityTimeout,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages.filter((m) => m.MessageId && m.ReceiptHandle);
}

/**
 * Up to `max` distinct messages, left in the queue: each receive makes them visible again at once
 * (visibility timeout 0). SQS samples its servers, so a call may repeat messages or miss some; the
 * calls are bounded and stop after two that bring nothing new.
 */
async function peek(url: string, max: number, depth: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  let idle = 0;
  for (let call = 0; call < MAX_RECEIVE_CALLS && seen.size < max && idle < 2; call++) {
    let fresh = 0;
    // Depth is approximate (and lags): an empty-looking queue is still asked, without waiting.
    for (const message of await receive(url, 0, depth > 0 ? 1 : 0)) {
      if (seen.has(message.MessageId!)) continue;
      seen.set(message.MessageId!, message);
      fresh++;
    }
    idle = fresh === 0 ? idle + 1 : 0;
  }
  return [...seen.values()].slice(0, max);
}

async function failureRecords(originIds: string[]): Promise<Map<string, Partial<FailureRecord>>> {
  const found = new Map<string, Partial<FailureRecord>>();
  const unique = [...new Set(originIds)];
  const tableName = caseTable();
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(failureKey);
    // BatchGetItem may leave keys unprocessed under throttling: retry those a few times.
    for (let round = 0; keys?.length && round < 4; round++) {
      const out: BatchGetCommandOutput = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
      for (const item of out.Responses?.[tableName] ?? []) {
        found.set(failureOriginOf(item['pk']), item as Partial<FailureRecord>);
      }
      keys = out.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}

const isoOfMillis = (value: string | undefined): string | null => {
  const ms = Number(value);
  return value && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

function deadLetter(queue: QueueName, message: Message, record: Partial<FailureRecord> | undefined): DeadLetter {
  const body = routingMessageOf(message.Body);
  return {
    queue,
    messageId: message.MessageId!,
    caseId: body?.caseId ?? null,
    body,
    error: record?.error ? { name: String(record.error.name), message: String(record.error.message) } : null,
    attempts: typeof record?.attempts === 'number' ? record.attempts : null,
    receiveCount: typeof record?.receiveCount === 'number' ? record.receiveCount : null,
    firstFailedAt: record?.firstFailedAt ?? null,
    lastFailedAt: record?.lastFailedAt ?? null,
    redrivenAt: record?.redrivenAt ?? null,
    sentAt: isoOfMillis(message.Attributes?.SentTimestamp),
  };
}

/** Up to `limit` dead-lettered messages of `queues`, oldest first, with each queue's depth. */
export async function listDeadLetters(queues: readonly QueueName[], limit: number): Promise<DeadLetterPage> {
  const perQueue = await Promise.all(
    queues.map(async (queue) => {
      const url = dlqUrl(queue);
      const depth = await approximateDepth(url);
      return { queue, depth, messages: await peek(url, limit, depth) };
    }),
  );
  const records = await failureRecords(perQueue.flatMap(({ messages }) => messages.map(originIdOfMessage)));
  const items = perQueue
    .flatMap(({ queue, messages }) => messages.map((m) => deadLetter(queue, m, records.get(originIdOfMessage(m)))))
    .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? '') || a.messageId.localeCompare(b.messageId))
    .slice(0, limit);
  return { items, nextCursor: null, depth: Object.fromEntries(perQueue.map(({ queue, depth }) => [queue, depth])) };
}

// ---------------------------------------------------------------------------------------------
// Redrive

export interface RedriveResult {
  redriven: number;
  byQueue: Partial<Record<QueueName, number>>;
  notFound: string[];
}

/** The message's own attributes (ours carry none today) and its origin id. */
function attributesFor(message: Message): Record<string, MessageAttributeValue> {
  const copied: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (name === ORIGIN_ATTRIBUTE || !value.DataType) continue;
    copied[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}),
    };
  }
  copied[ORIGIN_ATTRIBUTE] = { DataType: 'String', StringValue: originIdOfMessage(message) };
  return copied;
}

async function markRedriven(originId: string, at: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: caseTable(),
        Key: failureKey(originId),
        UpdateExpression: 'SET redrivenAt = :at ADD redrives :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at, ':one': 1 },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return; // no failure was recorded for it
    log.warn('failure record not marked redriven', { originMessageId: originId, ...errorFields(error) });
  }
}

/** Sends the message to its source queue, then deletes it from the dead-letter queue (only after the send). */
async function move(queue: QueueName, dlq: string, message: Message, at: string): Promise<void> {
  await sqs().send(
    new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: message.Body ?? '', MessageAttributes: attributesFor(message) }),
  );
  try {
    await sqs().send(new DeleteMessageCommand({ QueueUrl: dlq, ReceiptHandle: message.ReceiptHandle }));
  } catch (error) {
    // Sent but still in the dead-letter queue: a later redrive may send it again, which the
    // consumers absorb (a redelivered message changes nothing twice, SPEC §8).
    log.warn('redriven message not deleted from the dead-letter queue', { queue, messageId: message.MessageId, ...errorFields(error) });
  }
  await markRedriven(originIdOfMessage(message), at);
}

/** Makes the messages a redrive received but did not move visible again at once. */
async function release(dlq: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    try {
      await sqs().send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: dlq,
          Entries: chunk.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
        }),
      );
    } catch (error) {
      log.warn('messages left hidden until their visibility timeout ends', { messages: chunk.length, ...errorFields(error) });
    }
  }
}

/**
 * Moves dead-lettered messages of `queues` back to their source queues: those named in
 * `messageIds`, or up to MAX_REDRIVE of them. Messages it receives but does not move are made
 * visible again before it answers.
 */
export async function redriveDeadLetters(queues: readonly QueueName[], messageIds?: readonly string[]): Promise<RedriveResult> {
  const wanted = messageIds ? new Set(messageIds) : undefined;
  const moved = new Set<string>();
  const byQueue: Partial<Record<QueueName, number>> = {};
  const at = now().toISOString();
  let redriven = 0;
  const done = () => redriven >= MAX_REDRIVE || (wanted !== undefined && moved.size === wanted.size);

  for (const queue of queues) {
    byQueue[queue] = 0;
    if (done()) continue;
    const dlq = dlqUrl(queue);
    // An empty-looking queue is still asked (depth lags), but without waiting on it.
    const wait = (await approximateDepth(dlq)) > 0 ? 1 : 0;
    const held: Message[] = [];
    const seen = new Set<string>();
    try {
      for (let call = 0; call < MAX_RECEIVE_CALLS && !done(); call++) {
        const messages = await receive(dlq, HOLD_SECONDS, wait);
        if (messages.length === 0) break;
        for (const message of messages) {
          const id = message.MessageId!;
          if (seen.has(id)) continue; // a duplicate delivery of one already handled
          seen.add(id);
          if (done() || (wanted && !wanted.has(id))) {
            held.push(message);
            continue;
          }
          try {
            await move(queue, dlq, message, at);
          } catch (error) {
            log.error('redrive of a message failed; it stays in the dead-letter queue', { queue, messageId: id, ...errorFields(error) });
            held.push(message);
            continue;
          }
          moved.add(id);
          redriven++;
          byQueue[queue] = (byQueue[queue] ?? 0) + 1;
        }
      }
    } finally {
      await release(dlq, held);
    }
  }
  return { redriven, byQueue, notFound: wanted ? [...wanted].filter((id) => !moved.has(id)) : [] };
}
