// Sending routing messages between the pipeline's functions.

import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from './aws.ts';
import { queueUrl, type QueueName } from './config.ts';
import { log } from './log.ts';

export interface RoutingMessage {
  caseId: string;
  /** The path the case was routed to; absent on the intake queue. */
  path?: string;
}

/**
 * How long one send may take, retries included. A queue service that accepts connections and never
 * answers must not hold the sender until its own timeout: a filing would then answer 500 for a case
 * it has already stored. A send that gives up is the reconciler's job (SPEC §8), or the record's
 * retry in a queue consumer. Well inside every sender's timeout (10 s and more).
 */
export const SEND_TIMEOUT_MS = 3_000;

export async function publish(queue: QueueName, message: RoutingMessage): Promise<void> {
  await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: JSON.stringify(message) }), {
    abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  log.debug('message sent', { queue, caseId: message.caseId });
}
