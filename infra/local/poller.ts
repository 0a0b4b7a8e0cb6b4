// What Lambda's SQS event source mapping does, on one machine: receive up to the trigger's batch
// size, hand the batch to the function as an SQSEvent, delete what succeeded — with up to the
// trigger's `maxConcurrency` batches in flight at once, as the mapping scales out. Records listed in
// `batchItemFailures` (or the whole batch, if the function throws or times out) stay in the queue,
// become visible again after the visibility timeout, and the emulator moves them to the DLQ after
// maxReceiveCount receives.

import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { LOCAL_REGION } from './dynamodb.ts';
import { lambdaContext, withTimeout, type HandlerLoader } from './handlers.ts';
import { errorFields, type Logger } from './log.ts';
import type { FunctionSpec, QueueTrigger } from './topology.ts';

export interface PollerOptions {
  client: SQSClient;
  fn: FunctionSpec;
  trigger: QueueTrigger;
  queueUrl: string;
  queueArn: string;
  loadHandler: HandlerLoader;
  log: Logger;
  /** Long-poll wait per ReceiveMessage; also bounds how long stop() waits for an idle poller. */
  waitTimeSeconds?: number;
}

export interface Poller {
  /** Stops receiving and waits for the batches in hand to finish. */
  stop(): Promise<void>;
}

/** Batches in flight when a trigger sets no `maxConcurrency` (test fixtures): one, as a single mapping poller. */
const DEFAULT_CONCURRENCY = 1;

/**
 * What orders a message among the others: its message group, else the case it names. Batches in
 * flight never hold records of the same case at once, so a case's messages are processed one after
 * the other locally even though SQS standard queues promise no order (the handlers are safe either
 * way; this keeps the emulator from turning harmless races into retries).
 */
function orderKey(message: Message): string {
  const group = message.Attributes?.['MessageGroupId'];
  if (group) return group;
  try {
    const caseId = (JSON.parse(message.Body ?? '') as { caseId?: unknown }).caseId;
    if (typeof caseId === 'string') return caseId;
  } catch {
    // not JSON: ordered by nothing
  }
  return message.MessageId ?? '';
}

export function startPoller(options: PollerOptions): Poller {
  const { client, fn, trigger, queueUrl, log } = options;
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  const concurrency = Math.max(1, trigger.maxConcurrency ?? DEFAULT_CONCURRENCY);
  let stopping = false;
  /** Order keys of the batches in flight, each with the promise that settles when its batch is done. */
  const inFlight = new Map<string, Promise<void>>();

  /**
   * Messages being processed, with the receipt handle of their latest receive. One whose visibility
   * ran out meanwhile and was received again is not run twice at once; the first delivery deletes it
   * with that newest handle (SQS only honours the latest).
   */
  const processing = new Map<string, string>();

  /**
   * While a batch runs, its messages stay invisible: with several batches in flight, a message
   * whose visibility timeout (short in some tests) ran out would otherwise be received again by
   * another batch, counting a receive towards the DLQ. In AWS the topology's visibility timeout
   * (6 × the function's timeout) has the same effect. Failed records come back as usual once the
   * batch is over.
   */
  let visibilitySeconds: number | undefined;
  const keepInvisible = async (messages: Message[]): Promise<ReturnType<typeof setInterval> | undefined> => {
    if (concurrency === 1) return undefined;
    visibilitySeconds ??= await client
      .send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }))
      .then((out) => Number(out.Attributes?.VisibilityTimeout ?? 30))
      .catch(() => 30);
    const seconds = visibilitySeconds;
    const extend = () =>
      client
        .send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.slice(0, 10).map((m, n) => ({
              Id: String(n),
              ReceiptHandle: processing.get(m.MessageId ?? '') || m.ReceiptHandle || '',
              VisibilityTimeout: seconds,
            })),
          }),
        )
        .catch(() => undefined);
    return setInterval(() => void extend(), Math.max(250, (seconds * 1000) / 2));
  };

  /** Delivers once no batch in flight holds a record of the same case. */
  const deliverInOrder = async (received: Message[]): Promise<void> => {
    const messages: Message[] = [];
    for (const m of received) {
      if (processing.has(m.MessageId ?? '')) processing.set(m.MessageId ?? '', m.ReceiptHandle ?? '');
      else messages.push(m);
    }
    if (messages.length === 0) return;
    for (const m of messages) processing.set(m.MessageId ?? '', m.ReceiptHandle ?? '');
    const orderKeys = [...new Set(messages.map(orderKey))];
    for (;;) {
      const busy = orderKeys.map((k) => inFlight.get(k)).filter((p): p is Promise<void> => p !== undefined);
      if (busy.length === 0) break;
      await Promise.all(busy);
    }
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    for (const k of orderKeys) inFlight.set(k, finished);
    const heartbeat = await keepInvisible(messages);
    try {
      await deliver(messages);
    } finally {
      clearInterval(heartbeat);
      for (const k of orderKeys) inFlight.delete(k);
      for (const m of messages) processing.delete(m.MessageId ?? '');
      done();
    }
  };

  const receive = async (max: number, wait: number): Promise<Message[]> => {
    const out = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: wait,
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return out.Messages ?? [];
  };

  /** One batch: up to batchSize, gathering for at most the batching window once the first message is in. */
  const collect = async (): Promise<Message[]> => {
    const batch = await receive(trigger.batchSize, waitTimeSeconds);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + trigger.maxBatchingWindowSeconds * 1000;
    while (!stopping && batch.length < trigger.batchSize) {
      const remainingMs = windowEnds - Date.now();
      if (remainingMs <= 0) break;
      const wait = Math.min(20, Math.floor(remainingMs / 1000));
      const more = await receive(trigger.batchSize - batch.length, wait);
      if (more.length === 0 && wait === 0) break;
      batch.push(...more);
    }
    return batch;
  };

  const deliver = async (messages: Message[]): Promise<void> => {
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, options.queueArn)) };
    const ids = new Set(event.Records.map((record) => record.messageId));
    let failed: Set<string>;
    try {
      const handler = await options.loadHandler(fn);
      const result = (await withTimeout(
        Promise.resolve(handler(event, lambdaContext(fn))),
        fn.timeoutSeconds * 1000,
        `function ${fn.name}`,
      )) as SQSBatchResponse | null | undefined;
      failed = failuresOf(result, ids, fn, log);
    } catch (error) {
      // Lambda: an error (or a timeout) fails the whole batch; every message comes back.
      log('error', 'queue function failed; the whole batch will be retried', {
        function: fn.name,
        queue: trigger.queue,
        messages: messages.length,
        ...errorFields(error),
      });
      failed = ids;
    }
    const done = messages.filter((message) => message.MessageId && !failed.has(message.MessageId));
    for (let i = 0; i < done.length; i += 10) {
      const chunk = done.slice(i, i + 10);
      try {
        const out = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((message, n) => ({
              Id: String(n),
              ReceiptHandle: processing.get(message.MessageId ?? '') || message.ReceiptHandle || '',
            })),
          }),
        );
        if (out.Failed?.length) log('warn', 'some processed messages could not be deleted', { function: fn.name, failed: out.Failed });
      } catch (error) {
        log('error', 'deleting processed messages failed; they will be delivered again', { function: fn.name, ...errorFields(error) });
      }
    }
  };

  const loop = async (): Promise<void> => {
    let backoffMs = 100;
    while (!stopping) {
      try {
        const messages = await collect();
        backoffMs = 100;
        if (messages.length > 0) await deliverInOrder(messages);
      } catch (error) {
        if (stopping) break;
        log('error', 'receiving from the queue failed', { function: fn.name, queue: trigger.queue, ...errorFields(error) });
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(5000, backoffMs * 2);
      }
    }
  };

  const running = Promise.all(Array.from({ length: concurrency }, loop));
  return {
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/**
 * The records the function reported as failed. As in Lambda: nothing (null, {} or an empty list)
 * means all succeeded; an identifier that is empty or not in the batch fails the whole batch.
 */
function failuresOf(result: SQSBatchResponse | null | undefined, ids: Set<string>, fn: FunctionSpec, log: Logger): Set<string> {
  const reported = result?.batchItemFailures ?? [];
  if (!Array.isArray(reported)) {
    log('warn', 'batchItemFailures is not a list; treating the whole batch as failed', { function: fn.name });
    return ids;
  }
  const failed = new Set<string>();
  for (const item of reported) {
    const id = item?.itemIdentifier;
    if (!id || !ids.has(id)) {
      log('warn', 'batchItemFailures names a message not in the batch; treating the whole batch as failed', {
        function: fn.name,
        itemIdentifier: id ?? null,
      });
      return ids;
    }
    failed.add(id);
  }
  return failed;
}

/** A message as Lambda's event source mapping presents it (camel-cased record, string attributes). */
export function toRecord(message: Message, queueArn: string): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
    SentTimestamp: system.SentTimestamp ?? String(Date.now()),
    SenderId: system.SenderId ?? '000000000000',
    ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  for (const key of ['AWSTraceHeader', 'SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId'] as const) {
    const value = system[key];
    if (value !== undefined) attributes[key] = value;
  }
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes: toRecordAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

function toRecordAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
    };
  }
  return out;
}
