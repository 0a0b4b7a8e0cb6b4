// One SQS standard queue per topology queue, each with its own dead-letter queue (死信队列).
// The visibility timeout comes from the topology (six times the consumer's timeout), so a message
// is never redelivered while the function that took it may still be working on it.
//
// Encryption at rest with SQS-managed keys (SSE-SQS): no charge, and no key policy that every sender
// and event source would need a grant in. A customer managed KMS key would add a second lock on
// reading the messages, but IAM already lets only the functions in the topology read them, and the
// messages carry case ids, not complaint contents. `enforceSSL` denies any request not over TLS.

import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { queues, visibilityTimeoutSeconds, type QueueId } from '#infra/topology.ts';
import { dlqId } from './names.ts';

export interface QueuePair {
  queue: Queue;
  dlq: Queue;
}

export function caseQueues(scope: Construct): Map<QueueId, QueuePair> {
  const built = new Map<QueueId, QueuePair>();
  for (const spec of queues) {
    const dlq = new Queue(scope, dlqId(spec.id), {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longest SQS allows: time for someone to look at what failed and redrive it.
      retentionPeriod: Duration.days(14),
    });
    const queue = new Queue(scope, spec.id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(spec.id)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
    });
    built.set(spec.id, { queue, dlq });
  }
  return built;
}
