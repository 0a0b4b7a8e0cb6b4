// The SQS emulator (npm `fauxqs`, in memory) and the topology's queues, each with its dead-letter
// queue. fauxqs is started through `buildApp` so it listens on 127.0.0.1 only (`startFauxqs` binds
// 0.0.0.0). Its queue URLs name a host that does not resolve (`sqs.<region>.localhost:<port>`):
// every SQS client here gets the explicit endpoint, and `useQueueUrlAsEndpoint: false`.

import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb.ts';
import { LocalRuntimeError } from './errors.ts';
import { jsonLogger, type Logger } from './log.ts';
import { urlOf } from './net.ts';
import type { QueueId, Topology } from './topology.ts';

export interface SqsEmulator {
  endpoint: string;
  port: number;
  client: SQSClient;
  stop(): Promise<void>;
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    // With an explicit endpoint the SDK keeps it; this also covers clients built from
    // AWS_ENDPOINT_URL_SQS alone, which would otherwise switch to the QueueUrl's host.
    useQueueUrlAsEndpoint: false,
    maxAttempts: 3,
  });
}

export async function startSqsEmulator(options: { host?: string; log?: Logger } = {}): Promise<SqsEmulator> {
  const log = options.log ?? jsonLogger;
  const host = options.host ?? '127.0.0.1';
  const app = buildApp({ logger: false, defaultRegion: LOCAL_REGION });
  let port: number;
  try {
    await app.listen({ port: 0, host });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw new LocalRuntimeError('SQS_START', `the SQS emulator did not start: ${(error as Error).message}`);
  }
  const endpoint = urlOf(host, port);
  const client = sqsClient(endpoint);
  log('info', 'SQS emulator ready', { endpoint });
  return {
    endpoint,
    port,
    client,
    async stop() {
      client.destroy();
      await app.close();
    },
  };
}

export interface CreatedQueues {
  /** Queue URL by topology queue id. */
  queues: Record<string, string>;
  /** Dead-letter queue URL by topology queue id. */
  dlqs: Record<string, string>;
  /** Queue ARN by topology queue id (the eventSourceARN of SQS events). */
  arns: Record<string, string>;
}

export const dlqName = (queueId: string): string => `${queueId}-dlq`;

/** Creates each topology queue with its DLQ and redrive policy; the visibility timeout comes from the topology unless overridden. */
export async function createQueuesFromTopology(
  client: SQSClient,
  topology: Pick<Topology, 'queues' | 'visibilityTimeoutSeconds'>,
  options: { visibilityTimeoutSeconds?: number } = {},
): Promise<CreatedQueues> {
  const created: CreatedQueues = { queues: {}, dlqs: {}, arns: {} };
  for (const spec of topology.queues) {
    const dlqUrl = await createQueue(client, dlqName(spec.id), {
      // Longest SQS allows: time for someone to look at what failed and redrive it.
      MessageRetentionPeriod: String(14 * 24 * 3600),
    });
    const dlqArn = await queueArn(client, dlqUrl);
    const url = await createQueue(client, spec.id, {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? topology.visibilityTimeoutSeconds(spec.id as QueueId)),
      MessageRetentionPeriod: String(4 * 24 * 3600),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
    });
    created.queues[spec.id] = url;
    created.dlqs[spec.id] = dlqUrl;
    created.arns[spec.id] = await queueArn(client, url);
  }
  return created;
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`CreateQueue ${name} answered no URL`);
  return QueueUrl;
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${url} has no ARN`);
  return arn;
}
