// Filing straight through the SDK, for the floors of intake (bench/intake.ts), the Express baseline
// (bench/express-submit.ts) and preloading (bench/scaling.ts). Items come from the store and the item
// model (functions/lib/case-store.ts, functions/lib/items.ts) with the bench's own client and table:
// nothing here spells an item format.

import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { formatCaseNumber, newCase } from '#domain/case.ts';
import type { Case, Complaint } from '#domain/model.ts';
import { CaseStore } from '#lib/case-store.ts';
import { cstYear } from '#lib/case-numbers.ts';
import { keys, toItems, type Item } from '#lib/items.ts';

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
