// Driving the intake pipeline by hand in integration tests, as the pollers would: messages waiting
// on a queue become the SQS event a Lambda gets; routeAll runs intake → triage → path queues →
// path intake, then once more for linked preservation cases, which go through intake themselves.

import type { SQSEvent } from 'aws-lambda';
import { expect } from 'vitest';
import { handler as triageHandler } from '../../functions/triage/handler.ts';
import { handler as pathIntake } from '../../functions/path-intake/handler.ts';
import { PATHS } from '#domain/model.ts';
import { sqsEvent } from './events.ts';
import { receiveAll, type LocalStack } from './local-stack.ts';

const ctx = {} as never;

/** Every message waiting on the queue, as one SQS event. */
export async function drain(stack: LocalStack, queue: string): Promise<SQSEvent> {
  const messages = await receiveAll(stack.queues[queue]!);
  const template = sqsEvent('sqs-intake').Records[0]!;
  return { Records: messages.map((m) => ({ ...template, messageId: m.MessageId!, body: m.Body!, receiptHandle: m.ReceiptHandle! })) };
}

async function routeOnce(stack: LocalStack): Promise<void> {
  const intake = await drain(stack, 'intake');
  if (intake.Records.length) expect((await triageHandler(intake, ctx)).batchItemFailures).toEqual([]);
  for (const path of PATHS) {
    const batch = await drain(stack, path);
    if (batch.Records.length) expect((await pathIntake(batch, ctx)).batchItemFailures).toEqual([]);
  }
}

/** Routes and queues everything waiting, linked preservation cases included. */
export async function routeAll(stack: LocalStack): Promise<void> {
  await routeOnce(stack);
  await routeOnce(stack);
}
