// DynamoDB Local + the SQS emulator for integration tests, built from the topology like the local
// runtime (in memory, free ports, the handlers' environment set), without HTTP or pollers: tests
// call handlers themselves and read queues with `receiveAll`.
//
//   let stack: LocalStack;
//   beforeAll(async () => { stack = await startLocalStack(); }, 60_000);
//   afterAll(() => stack?.stop());

import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { startInfrastructure, type Infrastructure, type InfrastructureOptions } from '#infra/local/runtime.ts';
import { jsonLogger } from '#infra/local/log.ts';
import { sqsClient } from '#infra/local/sqs.ts';

export type LocalStack = Infrastructure & {
  /** Every message waiting on the queue, via this stack's SQS client (see `receiveAll`). */
  receiveAll(queueUrl: string, options?: ReceiveAllOptions): Promise<Message[]>;
};

/**
 * In memory on free ports unless told otherwise; JVM start-up takes a few seconds (give beforeAll 60 s).
 * The per-caller rate limit is off unless asked for: these tests call handlers as a few callers many
 * times in a row, which is not what they test (test/integration/rate-limit.test.ts tests the limit).
 */
export async function startLocalStack(options: InfrastructureOptions = {}): Promise<LocalStack> {
  const infrastructure = await startInfrastructure({ inMemory: true, log: jsonLogger, rateLimit: false, ...options });
  return {
    ...infrastructure,
    receiveAll: (queueUrl, receiveOptions) => receiveAllWith(infrastructure.sqs, queueUrl, receiveOptions),
  };
}

export interface ReceiveAllOptions {
  /** Delete what was read (default), or make it visible again right away. */
  consume?: boolean;
  /** Long-poll this long for the first message (default 0: only what is there now). */
  waitSeconds?: number;
}

const clients = new Map<string, SQSClient>();

/** Every message waiting on `queueUrl`, through the emulator the current stack runs (AWS_ENDPOINT_URL_SQS). */
export function receiveAll(queueUrl: string, options: ReceiveAllOptions = {}): Promise<Message[]> {
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS;
  if (!endpoint) throw new Error('receiveAll needs a running local stack (AWS_ENDPOINT_URL_SQS is not set)');
  let client = clients.get(endpoint);
  if (!client) {
    client = sqsClient(endpoint);
    clients.set(endpoint, client);
  }
  return receiveAllWith(client, queueUrl, options);
}

async function receiveAllWith(client: SQSClient, queueUrl: string, options: ReceiveAllOptions = {}): Promise<Message[]> {
  const all: Message[] = [];
  let wait = options.waitSeconds ?? 0;
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: wait,
        // Long enough that nothing read here comes back while we are still reading.
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    all.push(...Messages);
    wait = 0;
  }
  for (let i = 0; i < all.length; i += 10) {
    const chunk = all.slice(i, i + 10);
    if (options.consume === false) {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle ?? '', VisibilityTimeout: 0 })),
        }),
      );
    } else {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
  }
  return all;
}

/** Polls `check` until it stops throwing (or returns true), up to `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false) return value;
      if (Date.now() > deadline) throw new Error('condition still false');
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
