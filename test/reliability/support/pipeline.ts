// The intake pipeline's functions called in this process, as Lambda would call them, against the
// local stack of the test (DynamoDB Local + the SQS emulator): filing, reconciling, and a driver
// that moves every waiting message through triage and path intake in batches of ten.

import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Message } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import { lambdaContext } from '#infra/local/handlers.ts';
import { functions as topologyFunctions } from '#infra/topology.ts';
import { PATHS } from '#domain/model.ts';
import { as, httpEvent, scheduleEvent, sqsEvent } from '../../support/events.ts';
import type { LocalStack } from '../../support/local-stack.ts';

type Handlers = {
  submit: typeof import('../../../functions/submit-complaint/handler.ts').handler;
  reconcile: typeof import('../../../functions/reconcile/handler.ts').handler;
  triage: typeof import('../../../functions/triage/handler.ts').handler;
  pathIntake: typeof import('../../../functions/path-intake/handler.ts').handler;
};

/** The Lambda context of the function with this handler module, with its real timeout (middy answers 500 when it runs out). */
export function contextOf(entry: string): Context {
  const fn = topologyFunctions.find((f) => f.entry === entry);
  if (!fn) throw new Error(`no function for ${entry} in the topology`);
  return lambdaContext(fn);
}

const SUBMIT = 'functions/submit-complaint/handler.ts';
const TRIAGE = 'functions/triage/handler.ts';
const PATH_INTAKE = 'functions/path-intake/handler.ts';

/**
 * The handlers from a fresh module graph: each load creates its own SDK clients (functions/lib/aws.ts
 * caches them), from the environment as it is now — as a new Lambda sandbox would.
 */
export async function freshHandlers(): Promise<Handlers> {
  vi.resetModules();
  const [submit, reconcile, triage, pathIntake] = await Promise.all([
    import('../../../functions/submit-complaint/handler.ts'),
    import('../../../functions/reconcile/handler.ts'),
    import('../../../functions/triage/handler.ts'),
    import('../../../functions/path-intake/handler.ts'),
  ]);
  return { submit: submit.handler, reconcile: reconcile.handler, triage: triage.handler, pathIntake: pathIntake.handler };
}

export interface Filed {
  sub: string;
  status: number;
  body: any;
  tookMs: number;
}

/** POST /complaints as API Gateway would hand it to the function. */
export async function file(handlers: Handlers, sub: string, complaint: unknown, idempotencyKey?: string): Promise<Filed> {
  const event = as(httpEvent('http-post-complaints'), 'rights_holder', sub);
  if (idempotencyKey) event.headers['idempotency-key'] = idempotencyKey;
  else delete event.headers['idempotency-key'];
  event.body = JSON.stringify(complaint);
  const startedAt = Date.now();
  const result = await handlers.submit(event, contextOf(SUBMIT));
  return { sub, status: result.statusCode ?? 0, body: JSON.parse(String(result.body)), tookMs: Date.now() - startedAt };
}

export function reconcileNow(handlers: Handlers) {
  return handlers.reconcile({ ...scheduleEvent('schedule-reconcile'), detail: { graceSeconds: 0 } });
}

/** Messages as the records of one SQS event (Lambda's shape, taken from events/). */
export function asSqsEvent(messages: Message[]): SQSEvent {
  const template = sqsEvent('sqs-intake').Records[0]!;
  return {
    Records: messages.map((m) => ({ ...template, messageId: m.MessageId!, body: m.Body!, receiptHandle: m.ReceiptHandle! })),
  };
}

/**
 * The records of `batch` an invocation failed, as Lambda's event source mapping counts them: those
 * in batchItemFailures, or all of them when it threw — as a queue function does when every record
 * failed (functions/lib/queue-function.ts `BatchFailed`). Any other error is a defect: it propagates.
 */
export async function failedIds(invocation: Promise<SQSBatchResponse>, batch: SQSEvent): Promise<Set<string>> {
  try {
    return new Set((await invocation).batchItemFailures.map((f) => f.itemIdentifier));
  } catch (error) {
    // By name: freshHandlers() loads the handlers' modules anew, so their BatchFailed is another class.
    if ((error as Error | undefined)?.name !== 'BatchFailed') throw error;
    return new Set(batch.Records.map((record) => record.messageId));
  }
}

/** Moves every waiting message through triage and path intake until the queues are empty; returns the failures reported. */
export async function routeEverything(handlers: Handlers, stack: LocalStack): Promise<{ batches: number; failures: number }> {
  let batches = 0;
  let failures = 0;
  for (let round = 0; round < 20; round++) {
    let moved = 0;
    for (const [queue, handler, name] of [
      ['intake', handlers.triage, TRIAGE],
      ...PATHS.map((path) => [path, handlers.pathIntake, PATH_INTAKE] as const),
    ] as const) {
      const messages = await stack.receiveAll(stack.queues[queue]!);
      for (let i = 0; i < messages.length; i += 10) {
        const batch = asSqsEvent(messages.slice(i, i + 10));
        failures += (await failedIds(handler(batch, contextOf(name)), batch)).size;
        batches++;
      }
      moved += messages.length;
    }
    if (moved === 0) break;
  }
  return { batches, failures };
}

export type QueueHandler = (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/**
 * Delivers the batches to concurrent invocations, as Lambda does when several pollers hold
 * messages of one queue; records reported as failed come back (as after their visibility timeout)
 * until none fail or `rounds` are used. Returns how many invocations ran and the records that never succeeded.
 */
export async function deliverConcurrently(
  handler: QueueHandler,
  entry: 'triage' | 'pathIntake',
  batches: SQSEvent[],
  rounds = 6,
): Promise<{ invocations: number; retried: number; stillFailing: string[] }> {
  const context = () => contextOf(entry === 'triage' ? TRIAGE : PATH_INTAKE);
  let invocations = 0;
  let retried = 0;
  let pending = batches;
  for (let round = 0; round < rounds && pending.length > 0; round++) {
    const results = await Promise.all(pending.map((batch) => failedIds(handler(batch, context()), batch)));
    invocations += pending.length;
    const failed = pending.flatMap((batch, i) => batch.Records.filter((record) => results[i]!.has(record.messageId)));
    retried += failed.length;
    pending = failed.length > 0 ? [{ Records: failed }] : [];
  }
  return { invocations, retried, stillFailing: pending.flatMap((batch) => batch.Records.map((r) => r.messageId)) };
}
