// The credit list in the table (SPEC §12): entries in one partition (`CREDIT#`, a city's few hundred
// respondents at most), each entry's audit events in its own (`CREDIT#<creditCode>`). A change writes
// the entry, guarded by the version read, and its event in one transaction: one writer wins.

import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CreditChange, CreditEntry } from '#domain/credit-list.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { dynamo } from './aws.ts';
import { queryAll, WriteConflict } from './case-store.ts';
import { caseTable } from './config.ts';
import { CREDIT_PK, EVENT_PREFIX, fromEventItem, keys, type Item } from './items.ts';

const KEY_FIELDS = new Set(['pk', 'sk']);
const entryOf = (item: Item): CreditEntry =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_FIELDS.has(k))) as unknown as CreditEntry;

export class CreditStore {
  constructor(
    readonly db: DynamoDBDocumentClient = dynamo(),
    readonly tableName: string = caseTable(),
  ) {}

  async getEntry(creditCode: string): Promise<CreditEntry | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.creditEntry(creditCode), ConsistentRead: true }),
    );
    return Item ? entryOf(Item) : null;
  }

  /** Every entry (one partition; a Query, never a Scan). */
  async listEntries(): Promise<CreditEntry[]> {
    const items = await queryAll(
      this.db,
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': CREDIT_PK } },
      ['pk', 'sk'],
    );
    return items.map(entryOf);
  }

  async listEvents(creditCode: string): Promise<TimelineEvent[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `${CREDIT_PK}${creditCode}`, ':prefix': EVENT_PREFIX },
        ConsistentRead: true,
      },
      ['pk', 'sk'],
    );
    return items.map(fromEventItem);
  }

  /** Stores a change made from the entry at `expectedVersion` (0: none stored yet); a lost race is a WriteConflict. */
  async write(change: CreditChange, expectedVersion: number): Promise<void> {
    const { entry, event } = change;
    const guard =
      expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.creditEntry(entry.creditCode), ...entry }, ...guard } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.creditEvent(entry.creditCode, event.seq), ...event },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new WriteConflict(error.CancellationReasons?.map((r) => r.Code) ?? []);
      throw error;
    }
  }
}
