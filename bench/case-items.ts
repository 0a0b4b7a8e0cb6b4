// The items the case store writes for a new case, reproduced with the SDK directly: the floor of
// intake (bench/intake.ts), the Express baseline (bench/express-submit.ts) and preloading
// (bench/scaling.ts) write exactly these shapes — the same keys, index attributes and conditions
// as `writeCases` in functions/lib/case-store.ts (indexKeys is imported from there, not copied).

import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { formatCaseNumber, newCase, type Transition } from '#domain/case.ts';
import type { Case, Complaint } from '#domain/model.ts';
import { indexKeys } from '#lib/case-store.ts';
import { cstYear } from '#lib/case-numbers.ts';

export function caseItem(c: Case): Record<string, unknown> {
  return { pk: `CASE#${c.caseId}`, sk: 'CASE', ...c, ...indexKeys(c) };
}

export function eventItems(t: Transition): Record<string, unknown>[] {
  return t.events.map((e) => ({ pk: `CASE#${e.caseId}`, sk: `EVENT#${String(e.seq).padStart(8, '0')}`, ...e }));
}

export interface FileTarget {
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  tableName: string;
  intakeQueueUrl: string;
}

/**
 * What POST /complaints does to DynamoDB and SQS, minus HTTP, auth and validation: take a case
 * number (atomic counter), store case + number + first event in one transaction, send the intake
 * message. `complaint` must already be validated.
 */
export async function fileDirectly(
  target: FileTarget,
  ownerSub: string,
  complaint: Complaint,
  at = new Date(),
): Promise<{ caseId: string; caseNumber: string }> {
  const year = cstYear(at);
  const { Attributes } = await target.db.send(
    new UpdateCommand({
      TableName: target.tableName,
      Key: { pk: `COUNTER#caseNumber#${year}`, sk: 'COUNTER' },
      UpdateExpression: 'ADD #last :one',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const caseNumber = formatCaseNumber(year, Number(Attributes?.['last']));
  const caseId = randomUUID();
  const t = newCase({ caseId, caseNumber, owner: { role: 'rights_holder', sub: ownerSub }, complaint, now: at.toISOString() });
  const absent = 'attribute_not_exists(pk)';
  await target.db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: target.tableName, Item: { pk: `CASENO#${caseNumber}`, sk: 'CASENO', caseId }, ConditionExpression: absent } },
        { Put: { TableName: target.tableName, Item: caseItem(t.case), ConditionExpression: absent } },
        ...eventItems(t).map((Item) => ({ Put: { TableName: target.tableName, Item, ConditionExpression: absent } })),
      ],
    }),
  );
  await target.sqs.send(new SendMessageCommand({ QueueUrl: target.intakeQueueUrl, MessageBody: JSON.stringify({ caseId }) }));
  return { caseId, caseNumber };
}
