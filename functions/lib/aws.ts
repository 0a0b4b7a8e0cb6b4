// AWS SDK clients, created on first use and reused across invocations. Endpoints come the standard
// way (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS locally), never from an `if (local)`.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function sqs(): SQSClient {
  // The queue URL is not used as the endpoint: emulators hand out URLs whose host does not
  // resolve, and in AWS the regional endpoint is the same host anyway.
  sqsClient ??= new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false });
  return sqsClient;
}

/** Forgets the clients (their endpoints came from the environment): for a local runtime started after another in one process. */
export function resetClients(): void {
  documentClient?.destroy();
  sqsClient?.destroy();
  documentClient = undefined;
  sqsClient = undefined;
}
