// The shape every queue consumer shares: each record processed on its own, failures reported as
// partial batch failures so one poison message never redelivers the rest of its batch.

import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorFields, log, withLogContext } from './log.ts';

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
        }
      });
    }
    return { batchItemFailures };
  };
}
