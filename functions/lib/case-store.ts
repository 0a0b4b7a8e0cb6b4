// The DynamoDB case store over the item model (items.ts). Every state change is written with its
// timeline events and its effect on the statistics in one transaction, guarded by the case's version
// (optimistic locking: one winner). The store takes its client and table name, so the bench and
// scripts use it as the functions do; handlers use the module-level functions, bound to the
// function's configured table.
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
import { PATHS } from '#domain/model.ts';
import { duplicateKey } from '#domain/routing.ts';
import { statsDelta, statsFromCounters, summaryOf, type CaseStats, type StatsDelta } from '#domain/stats.ts';
import type { RespondentCaseOutcome } from '#domain/respondent-history.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import type { Transition } from '#domain/case.ts';
import { dynamo } from './aws.ts';
import { caseTable } from './config.ts';
import {
  CASE_PK,
  CASE_SK,
  DETAIL_SK,
  EVENT_PREFIX,
  LIST_FIELD,
  STATS_PK,
  STATS_SHARDS,
  caseIdOf,
  detailChanged,
  eventItem,
  fromEventItem,
  fromItems,
  indexAttributes,
  indexKeyNames,
  keys,
  listValue,
  partitionOf,
  readFromPreviousLayout,
  toItems,
  type Item,
  type ListField,
} from './items.ts';
import { fillPage, type Key, type KeyShape, type QueryResult } from './pagination.ts';
import { indexSpec, type IndexName } from './table.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The store could not write because the case changed (or a number was taken) meanwhile. */
export class WriteConflict extends Error {
  constructor(readonly reasons: (string | undefined)[]) {
    super(`write conflict: ${reasons.join(',')}`);
    this.name = 'WriteConflict';
  }
}

export interface CaseWrite {
  transition: Transition;
  /** The version the case had when read; `null` for a new case. */
  expectedVersion: number | null;
  /** The case as read (required when `expectedVersion` is set): what changed, for the statistics and the detail item. */
  before?: Case;
}

/** Every case index is queried the same way: see table.ts for keys and projections. */
export type CaseIndex = IndexName;
export type CaseField = ListField;

export interface CaseCondition {
  field: CaseField;
  value: string;
}

export interface CaseQuery {
  index: CaseIndex;
  /** The domain value naming the partition (see `partitionOf`). */
  partition: string;
  /** true: ascending sort key (work queues: priority, then deadline); false: newest first. */
  forward: boolean;
  /** Equality conditions: a FilterExpression where the index projects the attribute, else checked on the read case. */
  conditions: CaseCondition[];
}

export interface PageRequest {
  limit: number;
  startKey: Key | undefined;
}

export interface QueryTuning {
  /** A last check on each case (e.g. the read policy); a refused case counts as filtered out. */
  keep?: (c: Case) => boolean;
  maxRounds?: number;
  overread?: number;
}

/** Transactions retried when they met another writer on a statistics item only (not on the case). */
const STATS_RETRIES = 5;
/** Reading "everything" (a timeline, the statistics items, due clocks) through `fillPage`. */
const ALL = 100_000;
const ALL_ROUNDS = 1_000;

const shuffle = () => Math.floor(Math.random() * STATS_SHARDS);

/** Items by `pk|sk`. */
const byKey = (items: Item[]): Map<string, Item> => new Map(items.map((item) => [`${String(item['pk'])}|${String(item['sk'])}`, item]));

type KeysAndAttributes = Omit<NonNullable<BatchGetCommandInput['RequestItems']>[string], 'Keys'>;

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
    for (const { transition, expectedVersion, before } of writes) {
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
    const old = await this.all(
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
      await this.batchGet(
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

  /** Every page of a query through the pagination helper, up to `limit` items. */
  private async all(input: QueryCommandInput, keyNames: readonly string[], limit = ALL): Promise<Item[]> {
    const { items } = await fillPage({
      limit,
      startKey: undefined,
      keyNames,
      filtered: input.FilterExpression !== undefined,
      maxRounds: ALL_ROUNDS,
      query: (startKey, evaluate) => this.db.send(new QueryCommand({ ...input, Limit: evaluate, ExclusiveStartKey: startKey })),
    });
    return items;
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
    const items = await this.all(
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

  /**
   * The status of every case naming this respondent and whether it was resolved against it — for
   * counts a reader may get without being given the cases (no id leaves here). The index carries
   * keys and `resolvedAgainst` only (a status copy would cost an index write at every step), so
   * the statuses come from the case items, a hundred per round trip.
   */
  async respondentCaseOutcomes(creditCode: string): Promise<RespondentCaseOutcome[]> {
    const [partitionKey, sortKey] = indexKeyNames('byRespondent');
    const entries = await this.all(
      {
        TableName: this.tableName,
        IndexName: 'byRespondent',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': partitionOf('byRespondent', creditCode) },
      },
      ['pk', 'sk', partitionKey, sortKey],
    );
    const items = await this.batchGet(
      entries.map((e) => ({ pk: e['pk'], sk: CASE_SK })),
      { ProjectionExpression: '#status, resolvedAgainst', ExpressionAttributeNames: { '#status': 'status' } },
    );
    return items.map((item) => ({ status: item['status'] as Case['status'], againstRespondent: item['resolvedAgainst'] === true }));
  }

  async listTimeline(caseId: string): Promise<TimelineEvent[]> {
    const items = await this.all(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':prefix': EVENT_PREFIX },
        ConsistentRead: true,
      },
      ['pk', 'sk'],
    );
    return items.map(fromEventItem);
  }

  /** Up to `limit` ids of cases whose running clock fell due before `before`, earliest first (the sweep). */
  async listDueCaseIds(before: string, limit: number): Promise<string[]> {
    return (await this.dueBefore(before, limit)).map((i) => caseIdOf(i['pk']));
  }

  private dueBefore(before: string, limit: number): Promise<Item[]> {
    const [partitionKey, sortKey] = indexKeyNames('byDeadline');
    return this.all(
      {
        TableName: this.tableName,
        IndexName: 'byDeadline',
        KeyConditionExpression: '#pk = :due AND #sk < :before',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
        ExpressionAttributeValues: { ':due': partitionOf('byDeadline', ''), ':before': before },
      },
      ['pk', 'sk', partitionKey, sortKey],
      limit,
    );
  }

  /** Cases accepted but still `submitted` since before `olderThan`: the reconciler re-drives them. */
  async listUnrouted(olderThan: string, limit: number): Promise<string[]> {
    const [partitionKey, sortKey] = indexKeyNames('unrouted');
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'unrouted',
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
        ExpressionAttributeValues: { ':pk': partitionOf('unrouted', ''), ':before': olderThan },
        Limit: limit,
      }),
    );
    return Items.map((i) => caseIdOf(i['pk']));
  }

  /** The items with these keys, a hundred per BatchGetItem, retrying what DynamoDB leaves unprocessed. */
  private async batchGet(wanted: readonly Record<string, unknown>[], options: KeysAndAttributes = {}): Promise<Item[]> {
    const items: Item[] = [];
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0 && attempt < 10; attempt++) {
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { ...options, Keys: pending } } }),
        );
        items.push(...(out.Responses?.[this.tableName] ?? []));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
      if (pending && pending.length > 0) throw new Error('BatchGetItem left keys unprocessed');
    }
    return items;
  }

  /**
   * The case items of index entries, in their order (unless the index copies them), and each case's
   * detail into `details` by pk.
   */
  private async hydrate(entries: Item[], copied: boolean, details: Map<string, Item>): Promise<Item[]> {
    if (entries.length === 0) return [];
    const wanted = entries.flatMap((e) => [...(copied ? [] : [{ pk: e['pk'], sk: CASE_SK }]), { pk: e['pk'], sk: DETAIL_SK }]);
    const found = byKey(await this.batchGet(wanted));
    return entries.flatMap((entry) => {
      const pk = String(entry['pk']);
      const detail = found.get(`${pk}|${DETAIL_SK}`);
      if (detail) details.set(pk, detail);
      const caseItem = copied ? entry : found.get(`${pk}|${CASE_SK}`);
      return caseItem ? [caseItem] : [];
    });
  }

  /** One page of cases from a case index, filled across round trips when a filter thins it out. */
  async queryCases(query: CaseQuery, request: PageRequest, tuning: QueryTuning = {}): Promise<{ cases: Case[]; nextKey: Key | null }> {
    const spec = indexSpec(query.index);
    const [partitionKey, sortKey] = indexKeyNames(query.index);
    const projected = (field: CaseField) => spec.projection === 'ALL' || (spec.include ?? []).includes(LIST_FIELD[field]);
    const pushed = query.conditions.filter((c) => projected(c.field));
    const checked = query.conditions.filter((c) => !projected(c.field));
    const names: Record<string, string> = { '#ipk': partitionKey };
    const values: Record<string, unknown> = { ':ipk': partitionOf(query.index, query.partition) };
    const terms = pushed.map((condition, i) => {
      names[`#f${i}`] = LIST_FIELD[condition.field];
      values[`:f${i}`] = condition.value;
      return `#f${i} = :f${i}`;
    });
    const details = new Map<string, Item>();
    const caseOf = (item: Item) => fromItems(item, details.get(String(item['pk'])));
    const keep = (item: Item) => {
      const c = caseOf(item);
      return checked.every((condition) => listValue(c, condition.field) === condition.value) && (tuning.keep?.(c) ?? true);
    };
    const { items, nextKey } = await fillPage({
      limit: request.limit,
      startKey: request.startKey,
      keyNames: ['pk', 'sk', partitionKey, sortKey],
      // `keep` alone is a safety net expected to drop nothing: only conditions warrant reading ahead.
      filtered: query.conditions.length > 0,
      keep,
      ...(tuning.maxRounds !== undefined ? { maxRounds: tuning.maxRounds } : {}),
      ...(tuning.overread !== undefined ? { overread: tuning.overread } : {}),
      query: async (startKey, evaluate): Promise<QueryResult> => {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: query.index,
            KeyConditionExpression: '#ipk = :ipk',
            ...(terms.length > 0 ? { FilterExpression: terms.join(' AND ') } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: query.forward,
            Limit: evaluate,
            ExclusiveStartKey: startKey,
          }),
        );
        return {
          Items: await this.hydrate(out.Items ?? [], spec.projection === 'ALL', details),
          ...(out.LastEvaluatedKey ? { LastEvaluatedKey: out.LastEvaluatedKey } : {}),
        };
      },
    });
    return { cases: items.map(caseOf), nextKey };
  }

  /** The case with this case number: its number item names it. */
  async findCaseByNumber(caseNumber: string): Promise<Case | null> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.caseNumber(caseNumber).pk },
        Limit: 1,
      }),
    );
    const caseId = Items[0]?.['caseId'];
    return typeof caseId === 'string' ? this.getCase(caseId) : null;
  }

  /** One page of a case's timeline, oldest first. */
  async listTimelinePage(caseId: string, request: PageRequest): Promise<{ events: TimelineEvent[]; nextKey: Key | null }> {
    const { items, nextKey } = await fillPage({
      limit: request.limit,
      startKey: request.startKey,
      keyNames: ['pk', 'sk'],
      filtered: false,
      query: (startKey, evaluate) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':prefix': EVENT_PREFIX },
            ConsistentRead: true,
            Limit: evaluate,
            ExclusiveStartKey: startKey,
          }),
        ),
    });
    return { events: items.map(fromEventItem), nextKey };
  }

  /**
   * The statistics: the counter shards and histogram items (one partition, a few dozen items
   * whatever the number of cases), plus the running clocks past due the sweep has not flagged yet
   * (at most what fell due since its last run).
   */
  async caseStats(asOf: string): Promise<CaseStats> {
    const items = await this.all(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': STATS_PK },
        ConsistentRead: true,
      },
      ['pk', 'sk'],
    );
    const totals: Record<string, number> = {};
    const histograms = Object.fromEntries(PATHS.map((p) => [p, new Map<number, number>()])) as Record<CasePath, Map<number, number>>;
    for (const item of items) {
      const sk = String(item['sk']);
      if (sk.startsWith('COUNTS#')) {
        for (const [name, value] of Object.entries(item)) if (typeof value === 'number') totals[name] = (totals[name] ?? 0) + value;
      } else if (sk.startsWith('DAYS#')) {
        const [, path, day] = sk.split('#') as [string, CasePath, string];
        const histogram = histograms[path];
        if (!histogram) continue;
        for (const [name, value] of Object.entries(item)) {
          if (!/^h\d{1,2}$/.test(name) || typeof value !== 'number') continue;
          const hundredths = Number(day) * 100 + Number(name.slice(1));
          histogram.set(hundredths, (histogram.get(hundredths) ?? 0) + value);
        }
      }
    }
    const unswept = (await this.dueBefore(asOf, ALL)).length;
    return statsFromCounters(totals, histograms, unswept, asOf);
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
export const respondentCaseOutcomes = (creditCode: string) => store().respondentCaseOutcomes(creditCode);
export const listTimeline = (caseId: string) => store().listTimeline(caseId);
export const listDueCaseIds = (before: string, limit: number) => store().listDueCaseIds(before, limit);
export const listUnrouted = (olderThan: string, limit: number) => store().listUnrouted(olderThan, limit);
export const queryCases = (query: CaseQuery, request: PageRequest, tuning?: QueryTuning) => store().queryCases(query, request, tuning);
export const findCaseByNumber = (caseNumber: string) => store().findCaseByNumber(caseNumber);
export const listTimelinePage = (caseId: string, request: PageRequest) => store().listTimelinePage(caseId, request);
export const caseStats = (asOf: string) => store().caseStats(asOf);

export { indexAttributes as indexKeys, partitionOf };

/** Key attributes (partition, sort) of each case index, read from the table's description. */
export const CASE_INDEX_KEYS = Object.fromEntries(
  (['workQueue', 'byOwner', 'byRespondent', 'allCases'] as const).map((name) => [name, indexKeyNames(name)]),
) as Record<'workQueue' | 'byOwner' | 'byRespondent' | 'allCases', [string, string]>;

/** What a cursor continuing `query` must decode to: that index's keys, in that partition, of a case item. */
export function caseCursorShape(query: Pick<CaseQuery, 'index' | 'partition'>): KeyShape {
  const [partitionKey, sortKey] = indexKeyNames(query.index);
  return {
    names: ['pk', 'sk', partitionKey, sortKey],
    fixed: { [partitionKey]: partitionOf(query.index, query.partition), pk: CASE_PK, sk: CASE_SK },
  };
}

/** What a cursor continuing a case's timeline must decode to. */
export function timelineCursorShape(caseId: string): KeyShape {
  return { names: ['pk', 'sk'], fixed: { pk: keys.case(caseId).pk, sk: /^EVENT#\d{8}$/ } };
}
