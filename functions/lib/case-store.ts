// The DynamoDB case store over the item model (items.ts). Every state change is written with its
// timeline events and its effect on the statistics in one transaction, guarded by the case's version
// (optimistic locking: one winner). The store takes its client and table name, so the bench and
// scripts use it as the functions do; handlers use the module-level functions, bound to the
// function's configured table. Reading cases in bulk (lists, timelines, statistics) is in
// case-lists.ts, so that functions which only file or change cases do not bundle it.
//
// Write plan per state change (AWS bills 2 units per started KB of each item in a transaction):
// the case item (< 1 KB) and each new event (< 1 KB): 2 + 2; a counter shard when a statistic
// changes: 2; the detail item only when evidence is added. Index writes only where keys or
// projected attributes change: see table.ts.

import {
  BatchGetCommand,
  DeleteCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Case, CasePath } from '#domain/model.ts';
import { duplicateKey } from '#domain/routing.ts';
import { statsDelta, summaryOf, type StatsDelta } from '#domain/stats.ts';
import type { Transition } from '#domain/case.ts';
import { dynamo } from './aws.ts';
import { caseTable } from './config.ts';
import {
  CASE_SK,
  DETAIL_SK,
  STATS_PK,
  STATS_SHARDS,
  caseIdOf,
  detailChanged,
  eventItem,
  fromItems,
  indexAttributes,
  indexKeyNames,
  keys,
  partitionOf,
  readFromPreviousLayout,
  toItems,
  type Item,
} from './items.ts';
import { fillPage } from './pagination.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The store could not write because the case changed (or a number was taken) meanwhile. */
export class WriteConflict extends Error {
  constructor(readonly reasons: (string | undefined)[]) {
    super(`write conflict: ${reasons.join(',')}`);
    this.name = 'WriteConflict';
  }
}

/** An item written in the same transaction as a case change (a respondent's invitation), with its condition. */
export interface SideWrite {
  put: Item;
  condition?: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> };
}

export interface CaseWrite {
  transition: Transition;
  /** Other items of the change, written with it or not at all; a failed condition is a conflict. */
  also?: SideWrite[];
  /** The version the case had when read; `null` for a new case. */
  expectedVersion: number | null;
  /** The case as read (required when `expectedVersion` is set): what changed, for the statistics and the detail item. */
  before?: Case;
}

/** Every case index is queried the same way: see table.ts for keys and projections. */
/** Transactions retried when they met another writer on a statistics item only (not on the case). */
const STATS_RETRIES = 5;
/** Reading "everything" (a timeline, the statistics items, due clocks) through `fillPage`. */
export const ALL = 100_000;
const ALL_ROUNDS = 1_000;

const shuffle = () => Math.floor(Math.random() * STATS_SHARDS);

/** Items by `pk|sk`. */
export const byKey = (items: Item[]): Map<string, Item> =>
  new Map(items.map((item) => [`${String(item['pk'])}|${String(item['sk'])}`, item]));

type KeysAndAttributes = Omit<NonNullable<BatchGetCommandInput['RequestItems']>[string], 'Keys'>;

/** Every page of a query through the pagination helper, up to `limit` items. */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  keyNames: readonly string[],
  limit = ALL,
): Promise<Item[]> {
  const { items } = await fillPage({
    limit,
    startKey: undefined,
    keyNames,
    filtered: input.FilterExpression !== undefined,
    maxRounds: ALL_ROUNDS,
    query: (startKey, evaluate) => db.send(new QueryCommand({ ...input, Limit: evaluate, ExclusiveStartKey: startKey })),
  });
  return items;
}

/** The items with these keys, a hundred per BatchGetItem, retrying what DynamoDB leaves unprocessed. */
export async function batchGetItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  wanted: readonly Record<string, unknown>[],
  options: KeysAndAttributes = {},
): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0 && attempt < 10; attempt++) {
      const out: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { ...options, Keys: pending } } }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys;
    }
    if (pending && pending.length > 0) throw new Error('BatchGetItem left keys unprocessed');
  }
  return items;
}

export class CaseStore {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * Writes case states, their timeline events and their effect on the statistics atomically. A new
   * case also claims its case number (an item per number, so a number can never be stored twice,
   * whatever the counter says).
   */
  async writeCases(writes: CaseWrite[]): Promise<void> {
    const items: TransactItem[] = [];
    const put = (Item: Item, condition?: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> }) =>
      items.push({ Put: { TableName: this.tableName, Item, ...condition } });
    const absent = { ConditionExpression: 'attribute_not_exists(pk)' };
    const deltas: StatsDelta[] = [];
    for (const { transition, expectedVersion, before, also = [] } of writes) {
      const after = transition.case;
      const stored = toItems(after);
      if (expectedVersion === null) {
        put({ ...keys.caseNumber(after.caseNumber), caseId: after.caseId }, absent);
        put(stored.case, absent);
        put(stored.detail);
      } else {
        if (!before) throw new Error('writeCases: an update needs the case as read (before)');
        put(stored.case, { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } });
        if (detailChanged(before, after) || readFromPreviousLayout(before)) put(stored.detail);
      }
      for (const event of transition.events) put(eventItem(event), absent);
      for (const side of also) put(side.put, side.condition);
      deltas.push(statsDelta(before ? summaryOf(before) : null, summaryOf(after)));
    }
    const caseItems = items.length;
    for (let attempt = 0; ; attempt++) {
      const all = [...items, ...this.statsUpdates(deltas)];
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: all }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons?.map((r) => r.Code) ?? [];
        const onCase = reasons.slice(0, caseItems).some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict');
        if (onCase) throw new WriteConflict(reasons);
        // Another transaction held a statistics item: nothing was written, try again (another shard).
        if (reasons.includes('TransactionConflict') && attempt < STATS_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw error;
      }
    }
  }

  /** The statistics items a set of deltas updates: one counter shard, and a histogram item per resolution day. */
  private statsUpdates(deltas: StatsDelta[]): TransactItem[] {
    const counters: Record<string, number> = {};
    const days = new Map<string, { path: CasePath; day: number; adds: Record<string, number> }>();
    for (const delta of deltas) {
      for (const [name, n] of Object.entries(delta.counters)) counters[name] = (counters[name] ?? 0) + n;
      for (const r of delta.resolutions) {
        const day = Math.floor(r.hundredths / 100);
        const id = `${r.path}#${day}`;
        const entry = days.get(id) ?? { path: r.path, day, adds: {} };
        const name = `h${r.hundredths % 100}`;
        entry.adds[name] = (entry.adds[name] ?? 0) + r.delta;
        days.set(id, entry);
      }
    }
    const updates: TransactItem[] = [];
    const add = (key: Item, adds: Record<string, number>) => {
      const entries = Object.entries(adds).filter(([, n]) => n !== 0);
      if (entries.length === 0) return;
      updates.push({
        Update: {
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `ADD ${entries.map((_, i) => `#a${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:v${i}`, n])),
        },
      });
    };
    add(keys.statsShard(shuffle()), counters);
    for (const { path, day, adds } of days.values()) add(keys.statsDays(path, day), adds);
    return updates;
  }

  /** Adds cases written without the store (bulk loads) to the statistics, outside any transaction. */
  async addToStats(cases: Iterable<Case>): Promise<void> {
    for (const update of this.statsUpdates([...cases].map((c) => statsDelta(null, summaryOf(c))))) {
      await this.db.send(new UpdateCommand(update.Update as ConstructorParameters<typeof UpdateCommand>[0]));
    }
  }

  /**
   * Replaces the statistics with those of `cases` (all of them): the migration's recount. Writes
   * that land while it runs are not in the recount, so run it with the table quiet.
   */
  async rebuildStats(cases: Iterable<Case>): Promise<void> {
    const deltas = [...cases].map((c) => statsDelta(null, summaryOf(c)));
    const fresh = this.statsUpdates(deltas).map((u) => u.Update!);
    const old = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': STATS_PK },
        ConsistentRead: true,
      },
      ['pk', 'sk'],
    );
    // Everything from scratch: the old items go (ADD would add to them), then the recount is written.
    for (const item of old) await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item['pk'], sk: item['sk'] } }));
    for (const update of fresh) await this.db.send(new UpdateCommand(update as ConstructorParameters<typeof UpdateCommand>[0]));
  }

  /** Takes the next case number of the year: an atomic counter, so concurrent filings never wait on each other. */
  async takeCaseNumber(year: number): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.counter(year),
        UpdateExpression: 'ADD #last :one',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.['last']);
  }

  /** The case item and its detail in one consistent read of the case's partition. */
  async getCase(caseId: string): Promise<Case | null> {
    const { pk } = keys.case(caseId);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :case AND :detail',
        ExpressionAttributeValues: { ':pk': pk, ':case': CASE_SK, ':detail': DETAIL_SK },
        ConsistentRead: true,
      }),
    );
    const caseItem = Items.find((i) => i['sk'] === CASE_SK);
    return caseItem
      ? fromItems(
          caseItem,
          Items.find((i) => i['sk'] === DETAIL_SK),
        )
      : null;
  }

  /**
   * Several cases at once (a queue consumer's batch): their case and detail items in consistent
   * BatchGetItem rounds instead of one Query each. Ids with no case are absent from the answer.
   */
  async getCases(caseIds: readonly string[]): Promise<Map<string, Case>> {
    const ids = [...new Set(caseIds)];
    const found = byKey(
      await batchGetItems(
        this.db,
        this.tableName,
        ids.flatMap((id) => [keys.case(id), keys.detail(id)]),
        { ConsistentRead: true },
      ),
    );
    const cases = new Map<string, Case>();
    for (const id of ids) {
      const { pk } = keys.case(id);
      const caseItem = found.get(`${pk}|${CASE_SK}`);
      if (caseItem) cases.set(id, fromItems(caseItem, found.get(`${pk}|${DETAIL_SK}`)));
    }
    return cases;
  }

  /** An open case with the same complainant, right number and respondent, other than `exclude`. */
  async findOpenDuplicate(c: Case, exclude: string[]): Promise<string | null> {
    const [partitionKey] = indexKeyNames('byDuplicateKey');
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byDuplicateKey',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': partitionOf('byDuplicateKey', duplicateKey(c.complaint)) },
        Limit: exclude.length + 1,
      }),
    );
    const found = Items.map((i) => caseIdOf(i['pk'])).find((id) => !exclude.includes(id));
    return found ?? null;
  }

  /** Earlier cases resolved against the respondent with this credit code. */
  async countResolvedAgainst(creditCode: string): Promise<number> {
    const [partitionKey, sortKey] = indexKeyNames('byRespondent');
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'byRespondent',
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'resolvedAgainst = :true',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': partitionOf('byRespondent', creditCode), ':true': true },
      },
      ['pk', 'sk', partitionKey, sortKey],
    );
    return items.length;
  }
}

// ---------------------------------------------------------------------------------------------
// The function's own store: its configured table, through the shared client.

const store = () => new CaseStore(dynamo(), caseTable());

export const writeCases = (writes: CaseWrite[]) => store().writeCases(writes);
export const takeCaseNumber = (year: number) => store().takeCaseNumber(year);
export const getCase = (caseId: string) => store().getCase(caseId);
export const getCases = (caseIds: readonly string[]) => store().getCases(caseIds);
export const findOpenDuplicate = (c: Case, exclude: string[]) => store().findOpenDuplicate(c, exclude);
export const countResolvedAgainst = (creditCode: string) => store().countResolvedAgainst(creditCode);

export { indexAttributes as indexKeys, partitionOf };
