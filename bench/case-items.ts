// Filing straight through the SDK, for the floors of intake (bench/intake.ts), the Express baseline
// (bench/express-submit.ts) and preloading (bench/scaling.ts). Items come from the store and the item
// model (functions/lib/case-store.ts, functions/lib/items.ts) with the bench's own client and table:
// nothing here spells an item format, but for the numbered accept's copy of the rate limiter's update
// (functions/lib/rate-limit.ts), which must not count against the real limiter's items.

import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { formatCaseNumber, newCase } from '#domain/case.ts';
import type { Case, Complaint } from '#domain/model.ts';
import { CaseStore } from '#lib/case-store.ts';
import { cstYear } from '#lib/case-numbers.ts';
import { keys, toItems, type Item } from '#lib/items.ts';
import { DEFAULT_CALLER_RATE_LIMIT, rateWindow } from '#lib/rate-limit.ts';

/** The items a case is stored as (case and detail), for preloading with BatchWriteItem. */
export function caseItems(c: Case): Item[] {
  const { case: caseItem, detail } = toItems(c);
  return [caseItem, detail];
}

export interface FileTarget {
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  tableName: string;
  intakeQueueUrl: string;
}

/**
 * What POST /complaints does to DynamoDB and SQS, minus HTTP, auth and validation: take a case
 * number, store the case in one transaction (case, detail, number, first event, statistics), send
 * the intake message. `complaint` must already be validated.
 */
export async function fileDirectly(
  target: FileTarget,
  ownerSub: string,
  complaint: Complaint,
  at = new Date(),
): Promise<{ caseId: string; caseNumber: string }> {
  const store = new CaseStore(target.db, target.tableName);
  const year = cstYear(at);
  const caseNumber = formatCaseNumber(year, await store.takeCaseNumber(year));
  const caseId = randomUUID();
  const t = newCase({ caseId, caseNumber, owner: { role: 'rights_holder', sub: ownerSub }, complaint, now: at.toISOString() });
  await store.writeCases([{ transition: t, expectedVersion: null }]);
  await target.sqs.send(new SendMessageCommand({ QueueUrl: target.intakeQueueUrl, MessageBody: JSON.stringify({ caseId }) }));
  return { caseId, caseNumber };
}

/**
 * The least any durable accept of a complaint must do: one conditional PutItem of the whole
 * complaint and one SendMessage. Its own item prefix and queue, so nothing consumes or routes them.
 */
export async function acceptMinimally(
  db: DynamoDBDocumentClient,
  sqs: SQSClient,
  tableName: string,
  queueUrl: string,
  complaint: Complaint,
): Promise<void> {
  const id = randomUUID();
  const item = { ...keys.case(id), pk: `ACCEPT#${id}`, complaint, createdAt: new Date().toISOString() };
  await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ id }) }));
}

/**
 * The least a filing that answers with its case number can do: count the caller's request as the
 * per-caller rate limit does (one conditional UpdateItem), take the next number from an atomic
 * counter (one UpdateItem), then the minimal accept's conditional PutItem and SendMessage, one after
 * another as each needs the one before. Keys of their own (`BENCHRATE#`, `BENCHCOUNTER#`,
 * `NUMBERED#`), so the real limiter, case numbers and pipeline never see them.
 */
export async function acceptNumbered(
  db: DynamoDBDocumentClient,
  sqs: SQSClient,
  tableName: string,
  queueUrl: string,
  callerSub: string,
  complaint: Complaint,
  at = new Date(),
): Promise<{ caseNumber: string }> {
  const limit = DEFAULT_CALLER_RATE_LIMIT;
  const window = rateWindow(callerSub, limit, at.getTime());
  // The same update as functions/lib/rate-limit.ts; a refusal throws, and the load counts it as an error.
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { ...window.key, pk: `BENCH${window.key.pk}` },
      UpdateExpression: 'ADD #requests :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(#requests) OR #requests < :burst',
      ExpressionAttributeNames: { '#requests': 'requests', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':one': 1, ':burst': limit.burst, ':expiresAt': window.expiresAt },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const year = cstYear(at);
  const counter = keys.counter(year);
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { ...counter, pk: `BENCH${counter.pk}` },
      UpdateExpression: 'ADD #last :one',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const caseNumber = formatCaseNumber(year, Number(Attributes?.['last']));
  const id = randomUUID();
  const item = { ...keys.case(id), pk: `NUMBERED#${id}`, caseNumber, complaint, createdAt: at.toISOString() };
  await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ id }) }));
  return { caseNumber };
}
