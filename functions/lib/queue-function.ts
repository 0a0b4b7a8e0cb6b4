// The shape every queue consumer shares: each record processed on its own, failures reported as
// partial batch failures so one poison message never redelivers the rest of its batch. A failed
// record also leaves a failure record (error, attempts, case id) for the operators' dead-letter view.

import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordFailure } from './dead-letters.ts';
import { errorFields, log, withLogContext } from './log.ts';
// Loaded for its init-time configuration check in a deployed function (see config.ts).
import './config.ts';

export function queueFunction(name: string, processRecord: (record: SQSRecord) => Promise<void>) {
  return async (event: SQSEvent, _context?: Context): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // Sequential: two messages for one case in a batch must not race each other.
    for (const record of event.Records) {
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
    return { batchItemFailures };
  };
}
