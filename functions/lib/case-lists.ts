// Reading cases in bulk: the lists (GET /cases, work queues, a respondent's cases), timelines, the
// statistics, and the sweep's and reconciler's index queries. Apart from the store (case-store.ts),
// so that a function that only files or changes cases does not bundle them.

import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Case, CasePath } from '#domain/model.ts';
import { PATHS } from '#domain/model.ts';
import type { RespondentCaseOutcome } from '#domain/respondent-history.ts';
import { statsFromCounters, type CaseStats } from '#domain/stats.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { dynamo } from './aws.ts';
import { ALL, batchGetItems, byKey, CaseStore, queryAll } from './case-store.ts';
import { caseTable } from './config.ts';
import {
  CASE_PK,
  CASE_SK,
  DETAIL_SK,
  EVENT_PREFIX,
  LIST_FIELD,
  STATS_PK,
  caseIdOf,
  fromEventItem,
  fromItems,
  indexKeyNames,
  keys,
  listValue,
  partitionOf,
  type Item,
  type ListField,
} from './items.ts';
import { fillPage, type Key, type KeyShape, type QueryResult } from './pagination.ts';
import { indexSpec, type IndexName } from './table.ts';

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

export class CaseLists {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * The status of every case naming this respondent and whether it was resolved against it — for
   * counts a reader may get without being given the cases (no id leaves here). The index carries
   * keys and `resolvedAgainst` only (a status copy would cost an index write at every step), so
   * the statuses come from the case items, a hundred per round trip.
   */
  async respondentCaseOutcomes(creditCode: string): Promise<RespondentCaseOutcome[]> {
    const [partitionKey, sortKey] = indexKeyNames('byRespondent');
    const entries = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'byRespondent',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': partitionOf('byRespondent', creditCode) },
      },
      ['pk', 'sk', partitionKey, sortKey],
    );
    const items = await batchGetItems(
      this.db,
      this.tableName,
      entries.map((e) => ({ pk: e['pk'], sk: CASE_SK })),
      { ProjectionExpression: '#status, resolvedAgainst', ExpressionAttributeNames: { '#status': 'status' } },
    );
    return items.map((item) => ({ status: item['status'] as Case['status'], againstRespondent: item['resolvedAgainst'] === true }));
  }

  async listTimeline(caseId: string): Promise<TimelineEvent[]> {
    const items = await queryAll(
      this.db,
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
    return queryAll(
      this.db,
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

  /**
   * The case items of index entries, in their order (unless the index copies them), and each case's
   * detail into `details` by pk.
   */
  private async hydrate(entries: Item[], copied: boolean, details: Map<string, Item>): Promise<Item[]> {
    if (entries.length === 0) return [];
    const wanted = entries.flatMap((e) => [...(copied ? [] : [{ pk: e['pk'], sk: CASE_SK }]), { pk: e['pk'], sk: DETAIL_SK }]);
    const found = byKey(await batchGetItems(this.db, this.tableName, wanted));
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
    return typeof caseId === 'string' ? new CaseStore(this.db, this.tableName).getCase(caseId) : null;
  }

  /**
   * One page of a case's timeline, oldest first. `only`: just the events of this type whose
   * `data.channel` is one of `channels` (a case's messages, SPEC §10).
   */
  async listTimelinePage(
    caseId: string,
    request: PageRequest,
    only?: { type: string; channels: readonly string[] },
  ): Promise<{ events: TimelineEvent[]; nextKey: Key | null }> {
    const filter = only
      ? {
          FilterExpression: `#type = :type AND #data.#channel IN (${only.channels.map((_, i) => `:c${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#type': 'type', '#data': 'data', '#channel': 'channel' },
        }
      : {};
    const filterValues = only ? { ':type': only.type, ...Object.fromEntries(only.channels.map((c, i) => [`:c${i}`, c])) } : {};
    const { items, nextKey } = await fillPage({
      limit: request.limit,
      startKey: request.startKey,
      keyNames: ['pk', 'sk'],
      filtered: only !== undefined,
      query: (startKey, evaluate) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ...filter,
            ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':prefix': EVENT_PREFIX, ...filterValues },
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
    const items = await queryAll(
      this.db,
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
// The function's own lists: its configured table, through the shared client.

const lists = () => new CaseLists(dynamo(), caseTable());

export const respondentCaseOutcomes = (creditCode: string) => lists().respondentCaseOutcomes(creditCode);
export const listTimeline = (caseId: string) => lists().listTimeline(caseId);
export const listDueCaseIds = (before: string, limit: number) => lists().listDueCaseIds(before, limit);
export const listUnrouted = (olderThan: string, limit: number) => lists().listUnrouted(olderThan, limit);
export const queryCases = (query: CaseQuery, request: PageRequest, tuning?: QueryTuning) => lists().queryCases(query, request, tuning);
export const findCaseByNumber = (caseNumber: string) => lists().findCaseByNumber(caseNumber);
export const listTimelinePage = (caseId: string, request: PageRequest, only?: { type: string; channels: readonly string[] }) =>
  lists().listTimelinePage(caseId, request, only);
export const caseStats = (asOf: string) => lists().caseStats(asOf);

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
