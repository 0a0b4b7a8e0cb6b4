// Sending messages between the pipeline's functions: routing messages (a case id, and its path),
// and the notices on their way to the notifier (each names its case too).

import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from './aws.ts';
import { queueUrl, type QueueName } from './config.ts';
import { log } from './log.ts';
import type { Notice } from '#domain/notifications.ts';

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

/** A message of a batch send, with the id its sender knows it by (e.g. the SQS record it answers). */
export interface Outgoing {
  id: string;
  queue: QueueName;
  message: RoutingMessage | Notice;
}

/**
 * Sends many messages with SendMessageBatch (ten per request, one request per queue and ten);
 * answers the ids of those SQS accepted. A refused or unsent message is the caller's to retry.
 */
export async function publishAll(outgoing: readonly Outgoing[]): Promise<Set<string>> {
  const sent = new Set<string>();
  const byQueue = new Map<QueueName, Outgoing[]>();
  for (const o of outgoing) byQueue.set(o.queue, [...(byQueue.get(o.queue) ?? []), o]);
  const requests: Promise<void>[] = [];
  for (const [queue, messages] of byQueue) {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      requests.push(
        sqs()
          .send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl(queue),
              // Entry ids must be unique within a request and at most 80 characters: their index here.
              Entries: chunk.map((o, k) => ({ Id: String(k), MessageBody: JSON.stringify(o.message) })),
            }),
            { abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
          )
          .then((out) => {
            for (const ok of out.Successful ?? []) {
              const o = chunk[Number(ok.Id)];
              if (o) sent.add(o.id);
            }
          })
          .catch((error: unknown) => log.warn('batch send failed; its messages go one by one', { queue, error: String(error) })),
      );
    }
  }
  await Promise.all(requests);
  return sent;
}
