// The DynamoDB case store: one table, single-table design (see infra/topology.ts for the indexes).
// Every state change is written with its timeline events in one transaction, guarded by the
// case's version (optimistic locking). Index keys are derived from the case on every write, so an
// item is in a sparse index exactly while it qualifies.

import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isFinal, type Case } from '#domain/model.ts';
import { duplicateKey } from '#domain/routing.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import type { Transition } from '#domain/case.ts';
import { dynamo } from './aws.ts';
import { config } from './config.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The store could not write because the case changed (or a number was taken) meanwhile. */
export class WriteConflict extends Error {
  constructor(readonly reasons: (string | undefined)[]) {
    super(`write conflict: ${reasons.join(',')}`);
    this.name = 'WriteConflict';
  }
}

const casePk = (caseId: string) => `CASE#${caseId}`;
const CASE_SK = 'CASE';
const eventSk = (seq: number) => `EVENT#${String(seq).padStart(8, '0')}`;
const counterKey = (year: number) => ({ pk: `COUNTER#caseNumber#${year}`, sk: 'COUNTER' });
/** Sorts after every real deadline: cases without a clock queue behind those with one. */
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';
const INDEX_ATTRIBUTES = ['wqPk', 'wqSk', 'ownerPk', 'respondentPk', 'dupPk', 'duePk', 'dueAt', 'outboxPk'] as const;

export function indexKeys(c: Case): Record<string, string> {
  const keys: Record<string, string> = { ownerPk: `OWNER#${c.ownerSub}` };
  if (c.status === 'queued' && c.path) {
    keys['wqPk'] = `WQ#${c.path}`;
    keys['wqSk'] = `${9 - c.priority}#${c.deadline?.dueAt ?? NO_DEADLINE}#${c.createdAt}#${c.caseId}`;
  }
  if (c.complaint.respondent.creditCode) keys['respondentPk'] = `RESP#${c.complaint.respondent.creditCode}`;
  if (!isFinal(c.status)) {
    // A linked preservation case shares its parent's parties and right: it is not a duplicate.
    if (!c.parentCaseId) keys['dupPk'] = `DUP#${duplicateKey(c.complaint)}`;
    if (c.deadline) {
      keys['duePk'] = 'DUE';
      keys['dueAt'] = c.deadline.dueAt;
    }
  }
  if (c.status === 'submitted') keys['outboxPk'] = 'UNROUTED';
  return keys;
}

function toItem(c: Case): Record<string, unknown> {
  return { pk: casePk(c.caseId), sk: CASE_SK, ...c, ...indexKeys(c) };
}

function fromItem(item: Record<string, unknown>): Case {
  const { pk: _pk, sk: _sk, ...rest } = item;
  for (const attribute of INDEX_ATTRIBUTES) delete rest[attribute];
  return rest as unknown as Case;
}

function eventPuts(tableName: string, events: TimelineEvent[]): TransactItem[] {
  return events.map((e) => ({
    Put: {
      TableName: tableName,
      Item: { pk: casePk(e.caseId), sk: eventSk(e.seq), ...e },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
}

export interface CaseWrite {
  transition: Transition;
  /** The version the case had when read; `null` for a new case. */
  expectedVersion: number | null;
}

/**
 * Writes case states and their timeline events atomically. A new case also claims its case number
 * (an item per number, so a number can never be stored twice, whatever the counter says).
 */
export async function writeCases(writes: CaseWrite[]): Promise<void> {
  const { tableName } = config();
  const items: TransactItem[] = [];
  for (const { transition, expectedVersion } of writes.filter((w) => w.expectedVersion === null)) {
    items.push({
      Put: {
        TableName: tableName,
        Item: { pk: `CASENO#${transition.case.caseNumber}`, sk: 'CASENO', caseId: transition.case.caseId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (const { transition, expectedVersion } of writes) {
    items.push({
      Put: {
        TableName: tableName,
        Item: toItem(transition.case),
        ...(expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      },
    });
    items.push(...eventPuts(tableName, transition.events));
  }
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons?.map((r) => r.Code) ?? [];
      if (reasons.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict')) {
        throw new WriteConflict(reasons);
      }
    }
    throw error;
  }
}

/** Takes the next case number of the year: an atomic counter, so concurrent filings never wait on each other. */
export async function takeCaseNumber(year: number): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: counterKey(year),
      UpdateExpression: 'ADD #last :one',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.['last']);
}

export async function getCase(caseId: string): Promise<Case | null> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: config().tableName, Key: { pk: casePk(caseId), sk: CASE_SK }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

const caseIdOf = (pk: unknown) => String(pk).slice('CASE#'.length);

/** An open case with the same complainant, right number and respondent, other than `exclude`. */
export async function findOpenDuplicate(c: Case, exclude: string[]): Promise<string | null> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: 'byDuplicateKey',
      KeyConditionExpression: 'dupPk = :pk',
      ExpressionAttributeValues: { ':pk': `DUP#${duplicateKey(c.complaint)}` },
      Limit: exclude.length + 1,
    }),
  );
  const found = Items.map((i) => caseIdOf(i['pk'])).find((id) => !exclude.includes(id));
  return found ?? null;
}

/** Earlier cases resolved against the respondent with this credit code. */
export async function countResolvedAgainst(creditCode: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: 'byRespondent',
        KeyConditionExpression: 'respondentPk = :pk',
        FilterExpression: 'outcome.againstRespondent = :true',
        ExpressionAttributeValues: { ':pk': `RESP#${creditCode}`, ':true': true },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
    if (!startKey) break;
  }
  return count;
}

export async function listTimeline(caseId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': 'EVENT#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const { pk: _pk, sk: _sk, ...event } = item;
      events.push(event as TimelineEvent);
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return events;
}

/** Cases accepted but still `submitted` since before `olderThan`: the reconciler re-drives them. */
export async function listUnrouted(olderThan: string, limit: number): Promise<string[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: 'unrouted',
      KeyConditionExpression: 'outboxPk = :pk AND createdAt < :before',
      ExpressionAttributeValues: { ':pk': 'UNROUTED', ':before': olderThan },
      Limit: limit,
    }),
  );
  return Items.map((i) => caseIdOf(i['pk']));
}
