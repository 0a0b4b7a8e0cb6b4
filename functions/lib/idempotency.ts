// Idempotency-Key (SPEC §8): the same key with the same request answers the first answer again,
// byte for byte; the same key with a different request is 422 IDEMPOTENCY_KEY_REUSED. Keys are
// scoped to the caller and the route, and expire (DynamoDB TTL) after a day.
//
// A record is claimed before the work is done and completed with the answer after. A retry that
// arrives while the first is still running gets 409; a claim left behind by a crashed process is
// taken over after LEASE_SECONDS. Only successful answers are kept: a refused or failed request
// runs again when retried.

import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { canonicalJson } from '#domain/timeline.ts';
import { dynamo } from './aws.ts';
import { caseTable } from './config.ts';
import { ApiError } from './errors.ts';
import { keys } from './items.ts';
import type { HttpAnswer, HttpEvent } from './http.ts';
import { now } from './clock.ts';

const TTL_SECONDS = 24 * 3600;
const LEASE_SECONDS = 30;
const KEY = /^[\x21-\x7e]{1,200}$/;

interface StoredAnswer {
  status: number;
  body: string;
}

/** The key from the header, or undefined when none was sent; a malformed key is a 400. */
export function idempotencyKeyOf(event: HttpEvent): string | undefined {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new ApiError('VALIDATION_FAILED', [{ path: 'Idempotency-Key', message: '1–200 printable ASCII characters' }]);
  return key;
}

function fingerprint(event: HttpEvent, body: unknown): string {
  return createHash('sha256')
    .update(`${event.routeKey} ${event.rawPath}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** Runs `work` at most once per (caller, route, key); answers a repeat with the stored answer. */
export async function idempotent(
  event: HttpEvent,
  scope: { sub: string; key: string | undefined; body: unknown },
  work: () => Promise<HttpAnswer>,
): Promise<HttpAnswer> {
  if (scope.key === undefined) return work();
  const tableName = caseTable();
  const key = keys.idempotency(scope.sub, event.routeKey, scope.key);
  const hash = fingerprint(event, scope.body);
  const nowSeconds = Math.floor(now().getTime() / 1000);

  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, requestHash: hash, state: 'running', leaseUntil: nowSeconds + LEASE_SECONDS, expiresAt: nowSeconds + TTL_SECONDS },
        // A new key, an expired record (TTL deletes lazily), or an abandoned claim of the same request.
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :running AND leaseUntil < :now AND requestHash = :hash)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':now': nowSeconds, ':running': 'running', ':hash': hash },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    if (!Item || Item['requestHash'] !== hash) throw new ApiError('IDEMPOTENCY_KEY_REUSED');
    if (Item['state'] === 'done') {
      const stored = Item['answer'] as StoredAnswer;
      return { status: stored.status, body: JSON.parse(stored.body), headers: { 'idempotent-replayed': 'true' } };
    }
    throw new ApiError('CONFLICT', [{ path: 'Idempotency-Key', message: 'a request with this key is still being processed' }]);
  }

  let answer: HttpAnswer;
  try {
    answer = await work();
  } catch (error) {
    // Refusals and failures are not kept: a retry of the same request is evaluated afresh.
    await forget(tableName, key);
    throw error;
  }
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #state = :done, answer = :answer REMOVE leaseUntil',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':answer': { status: answer.status, body: JSON.stringify(answer.body) } },
    }),
  );
  return answer;
}

async function forget(tableName: string, key: Record<string, string>): Promise<void> {
  await dynamo()
    .send(new DeleteCommand({ TableName: tableName, Key: key }))
    .catch(() => undefined);
}
