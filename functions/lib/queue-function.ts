// The shape every queue consumer shares: each record processed on its own, failures reported as
// partial batch failures so one poison message never redelivers the rest of its batch. A failed
// record also leaves a failure record (error, attempts, case id) for the operators' dead-letter view.
// When every record of the batch failed, the invocation throws instead: SQS redelivers the same
// records either way, but only an error counts in the function's Errors metric (and its alarm) —
// a batch answered with all its records as failures is a success to Lambda.
//
// A consumer may also give a batch step: one pass over the whole batch (one read of all its cases,
// one transaction, one send per queue) for the records it can settle at once. It is only a faster
// way to the same effect: the records it does not report done — all of them if it throws — go
// through the record-by-record path, which finds whatever the batch step already did and completes
// the rest, as it does for a redelivered message.

import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordFailure } from './dead-letters.ts';
import { withInvocation } from './invocation.ts';
import { errorFields, log, withLogContext } from './log.ts';
// Loaded for its init-time configuration check in a deployed function (see config.ts).
import './config.ts';

/** Thrown when no record of a batch succeeded; carries the failures it would have reported. */
export class BatchFailed extends Error {
  override name = 'BatchFailed';
  constructor(readonly batchItemFailures: SQSBatchResponse['batchItemFailures']) {
    super(`all ${batchItemFailures.length} record(s) of the batch failed; the whole batch will be retried`);
  }
}

/** Settles what it can of a batch at once; answers the message ids it is done with. */
export type BatchStep = (records: SQSRecord[]) => Promise<ReadonlySet<string>>;

export function queueFunction(name: string, processRecord: (record: SQSRecord) => Promise<void>, batchStep?: BatchStep) {
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    withInvocation(name, context, {}, async () => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      const done =
        batchStep && event.Records.length > 1
          ? await withLogContext({ function: name }, () => settleAtOnce(batchStep, event.Records))
          : new Set<string>();
      // Sequential: two messages for one case in a batch must not race each other.
      for (const record of event.Records.filter((r) => !done.has(r.messageId))) {
        await withLogContext({ function: name, messageId: record.messageId }, async () => {
          try {
            await processRecord(record);
          } catch (error) {
            log.error('record failed; it will be retried', {
              ...errorFields(error),
              receiveCount: record.attributes?.ApproximateReceiveCount,
            });
            batchItemFailures.push({ itemIdentifier: record.messageId });
            // Never throws: a failed write is logged, and the partial batch failure above stands.
            await recordFailure(record, error);
          }
        });
      }
      if (event.Records.length > 0 && batchItemFailures.length === event.Records.length) throw new BatchFailed(batchItemFailures);
      return { batchItemFailures };
    });
}

async function settleAtOnce(batchStep: BatchStep, records: SQSRecord[]): Promise<ReadonlySet<string>> {
  try {
    return await batchStep(records);
  } catch (error) {
    log.warn('batch step failed; its records are processed one by one', errorFields(error));
    return new Set();
  }
}
