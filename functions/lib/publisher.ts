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

export async function publish(queue: QueueName, message: RoutingMessage): Promise<void> {
  await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: JSON.stringify(message) }));
  log.debug('message sent', { queue, caseId: message.caseId });
}
