// The shape of a function on the table's stream (DynamoDB event source mapping): the invocation's
// log context, and a failed batch logged before it propagates. A thrown error makes the mapping
// retry the same batch, in order, up to the trigger's maxRetryAttempts, so what the function does
// with a record must be safe to do twice.

import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { withInvocation } from './invocation.ts';
import { errorFields, log } from './log.ts';
// Loaded for its init-time configuration check in a deployed function (see config.ts).
import './config.ts';

/** `first..last` sequence numbers of the batch: what joins its log lines to the stream. */
const rangeOf = (event: DynamoDBStreamEvent): string => {
  const numbers = event.Records.map((r) => r.dynamodb?.SequenceNumber ?? '?');
  return numbers.length === 0 ? 'none' : `${numbers[0]}..${numbers.at(-1)}`;
};

export function streamFunction(name: string, processBatch: (event: DynamoDBStreamEvent) => Promise<void>) {
  return (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> =>
    withInvocation(name, context, { streamRecords: rangeOf(event) }, async () => {
      try {
        await processBatch(event);
      } catch (error) {
        log.error('stream batch failed; it will be retried', { ...errorFields(error), records: event.Records.length });
        throw error;
      }
      return { batchItemFailures: [] };
    });
}
