// The real triage handler, wrapped to note each batch it is handed and what it reported failed —
// so a test can see a poison message and good ones travel in one batch. Swapped in for triage's
// entry in a copy of the topology (the runtime imports it in the test's own process).

import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handler as triage } from '../../../functions/triage/handler.ts';
import { failedIds } from './pipeline.ts';

export interface SeenBatch {
  bodies: string[];
  receiveCounts: number[];
  failedBodies: string[];
}

const key = Symbol.for('ankang-ip.reliability.triage-batches');
type Registry = { [key]?: SeenBatch[] };

/** Every batch triage was handed since the process started, in order. */
export function seenBatches(): SeenBatch[] {
  return ((globalThis as Registry)[key] ??= []);
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const result = triage(event, context);
  const failed = await failedIds(result, event);
  seenBatches().push({
    bodies: event.Records.map((r) => r.body),
    receiveCounts: event.Records.map((r) => Number(r.attributes.ApproximateReceiveCount)),
    failedBodies: event.Records.filter((r) => failed.has(r.messageId)).map((r) => r.body),
  });
  // As triage answered: its result, or its error (the poller then retries the whole batch).
  return result;
}
