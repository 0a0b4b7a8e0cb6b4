// Random inspection rounds in the table (SPEC §13): each round in its own partition (`INSPECTION#<id>`:
// the round, its results — one item per target, so a round's item stays far below DynamoDB's 400 KB
// whatever the results say — and its audit events), and its summary in the rounds' partition
// (`INSPECTION#`), so a list is one Query that never reads the rounds' plans. A change writes the round
// (guarded by the version read), its summary, its event and the result it records together: one
// writer wins. A violation's case is written in the same transaction (the writes are handed to the
// case store).

import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  inspectionSummary,
  type Inspection,
  type InspectionChange,
  type InspectionResult,
  type InspectionSummary,
} from '#domain/inspections.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { dynamo } from './aws.ts';
import { queryAll, WriteConflict, type SideWrite } from './case-store.ts';
import { caseTable } from './config.ts';
import {
  EVENT_PREFIX,
  INSPECTION_PK,
  INSPECTION_RESULT_PREFIX,
  INSPECTION_ROUND_PREFIX,
  INSPECTION_SK,
  fromEventItem,
  keys,
  type Item,
} from './items.ts';
import { fillPage, type Key, type KeyShape } from './pagination.ts';

const KEY_FIELDS = new Set(['pk', 'sk']);
const withoutKeys = <T>(item: Item): T => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_FIELDS.has(k))) as T;

/** What a cursor of the rounds' list must decode to. */
export const inspectionsCursorShape: KeyShape = {
  names: ['pk', 'sk'],
  fixed: { pk: INSPECTION_PK, sk: new RegExp(`^${INSPECTION_ROUND_PREFIX}`) },
};

export class InspectionStore {
  constructor(
    readonly db: DynamoDBDocumentClient = dynamo(),
    readonly tableName: string = caseTable(),
  ) {}

  /** The round and its results: one Query (its events sort before both). */
  async get(inspectionId: string): Promise<Inspection | null> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :round',
        ExpressionAttributeValues: { ':pk': `${INSPECTION_PK}${inspectionId}`, ':round': INSPECTION_SK },
        ConsistentRead: true,
      },
      ['pk', 'sk'],
    );
    const round = items.find((item) => item['sk'] === INSPECTION_SK);
    if (!round) return null;
    const results = items
      .filter((item) => String(item['sk']).startsWith(INSPECTION_RESULT_PREFIX))
      .map((item) => withoutKeys<InspectionResult>(item))
      .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
    return { ...withoutKeys<Omit<Inspection, 'results'>>(round), results };
  }

  /** A page of round summaries, newest first; only `agency`'s when given (a filter: a city's rounds are a few dozen a year). */
  async listSummaries(request: { limit: number; startKey: Key | undefined; agency?: string }): Promise<{
    items: InspectionSummary[];
    nextKey: Key | null;
  }> {
    const agency = request.agency
      ? { FilterExpression: 'agency = :agency', ExpressionAttributeValues: { ':agency': request.agency } }
      : null;
    const { items, nextKey } = await fillPage({
      limit: request.limit,
      startKey: request.startKey,
      keyNames: ['pk', 'sk'],
      filtered: agency !== null,
      query: (startKey, evaluate) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ...(agency?.FilterExpression ? { FilterExpression: agency.FilterExpression } : {}),
            ExpressionAttributeValues: { ':pk': INSPECTION_PK, ...(agency?.ExpressionAttributeValues ?? {}) },
            ScanIndexForward: false,
            Limit: evaluate,
            ExclusiveStartKey: startKey,
          }),
        ),
    });
    return { items: items.map((item) => withoutKeys<InspectionSummary>(item)), nextKey };
  }

  async listEvents(inspectionId: string): Promise<TimelineEvent[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `${INSPECTION_PK}${inspectionId}`, ':prefix': EVENT_PREFIX },
        ConsistentRead: true,
      },
      ['pk', 'sk'],
    );
    return items.map(fromEventItem);
  }

  /** The items of a change made from the round at `expectedVersion` (0: a new round): round, summary, event, its result. */
  writesOf(change: InspectionChange, expectedVersion: number): SideWrite[] {
    const { inspection, event, result } = change;
    const { results: _results, ...round } = inspection;
    const absent = { ConditionExpression: 'attribute_not_exists(pk)' };
    const guard =
      expectedVersion === 0 ? absent : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
    return [
      { put: { ...keys.inspection(inspection.inspectionId), ...round }, condition: guard },
      { put: { ...keys.inspectionSummary(inspection.frozenAt, inspection.inspectionId), ...inspectionSummary(inspection) } },
      { put: { ...keys.inspectionEvent(inspection.inspectionId, event.seq), ...event }, condition: absent },
      // One result per target: written once, never replaced.
      ...(result ? [{ put: { ...keys.inspectionResult(inspection.inspectionId, result.creditCode), ...result }, condition: absent }] : []),
    ];
  }

  /** Stores a change; a lost race is a WriteConflict. */
  async write(change: InspectionChange, expectedVersion: number): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: this.writesOf(change, expectedVersion).map((w) => ({
            Put: { TableName: this.tableName, Item: w.put, ...w.condition },
          })),
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new WriteConflict(error.CancellationReasons?.map((r) => r.Code) ?? []);
      throw error;
    }
  }
}
