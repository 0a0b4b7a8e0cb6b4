// The DynamoDB case store: one table, single-table design (see infra/topology.ts for the indexes).
// Every state change is written with its timeline events in one transaction, guarded by the
// case's version (optimistic locking). Index keys are derived from the case on every write, so an
// item is in a sparse index exactly while it qualifies.

import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isFinal, type Case } from '#domain/model.ts';
import { duplicateKey } from '#domain/routing.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import type { Transition } from '#domain/case.ts';
import { dynamo } from './aws.ts';
import { caseTable } from './config.ts';
import type { CaseSummary } from '#domain/stats.ts';
import type { RespondentCaseOutcome } from '#domain/respondent-history.ts';
import { fillPage, type Item, type Key, type KeyShape } from './pagination.ts';

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
const INDEX_ATTRIBUTES = [
  'wqPk',
  'wqSk',
  'ownerPk',
  'respondentPk',
  'dupPk',
  'duePk',
  'dueAt',
  'outboxPk',
  'statusPk',
  'pathPk',
  'countyPk',
  'allPk',
] as const;
/**
 * The one partition of the `allCases` index. City-scale volume (thousands of cases a year, far below
 * a partition's 1,000 writes/s) lets every case share it; shard it by year if that ever changes.
 */
const ALL_CASES = 'CASES';

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
  }
  // Clocks still running: the sweep finds them here until it flags them overdue. (A final case
  // has no clock, except the police's decision on a case transferred to them.)
  if (c.deadline && !c.deadline.overdue) {
    keys['duePk'] = 'DUE';
    keys['dueAt'] = c.deadline.dueAt;
  }
  if (c.status === 'submitted') keys['outboxPk'] = 'UNROUTED';
  // Shared-status lists (GET /cases, GET /stats): every case by status, path, county, and all of them.
  keys['statusPk'] = partitionOf('byStatus', c.status);
  if (c.path) keys['pathPk'] = partitionOf('byPath', c.path);
  keys['countyPk'] = partitionOf('byCounty', c.complaint.countyCode);
  keys['allPk'] = ALL_CASES;
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
  const tableName = caseTable();
  const items: TransactItem[] = [];
  for (const { transition } of writes.filter((w) => w.expectedVersion === null)) {
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
      TableName: caseTable(),
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
    new GetCommand({ TableName: caseTable(), Key: { pk: casePk(caseId), sk: CASE_SK }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

const caseIdOf = (pk: unknown) => String(pk).slice('CASE#'.length);

/** An open case with the same complainant, right number and respondent, other than `exclude`. */
export async function findOpenDuplicate(c: Case, exclude: string[]): Promise<string | null> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: caseTable(),
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
        TableName: caseTable(),
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

/**
 * The status of every case naming this respondent and whether it was resolved against it — for
 * counts a reader may get without being given the cases (no id leaves here).
 */
export async function respondentCaseOutcomes(creditCode: string): Promise<RespondentCaseOutcome[]> {
  const outcomes: RespondentCaseOutcome[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: caseTable(),
        IndexName: 'byRespondent',
        KeyConditionExpression: 'respondentPk = :pk',
        ProjectionExpression: '#status, #outcome.#against',
        ExpressionAttributeNames: { '#status': 'status', '#outcome': 'outcome', '#against': 'againstRespondent' },
        ExpressionAttributeValues: { ':pk': partitionOf('byRespondent', creditCode) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const outcome = item['outcome'] as { againstRespondent?: unknown } | null | undefined;
      outcomes.push({ status: item['status'] as Case['status'], againstRespondent: outcome?.againstRespondent === true });
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return outcomes;
}

export async function listTimeline(caseId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: caseTable(),
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

/** DynamoDB's page cap is 1 MB; with KEYS_ONLY entries (~150 bytes) 500 per page stays well under. */
const DUE_PAGE = 500;

/** Up to `limit` ids of cases whose running clock fell due before `before`, earliest first (the sweep). */
export async function listDueCaseIds(before: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: caseTable(),
        IndexName: 'byDeadline',
        KeyConditionExpression: 'duePk = :due AND dueAt < :before',
        ExpressionAttributeValues: { ':due': 'DUE', ':before': before },
        Limit: Math.min(DUE_PAGE, limit - ids.length),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) ids.push(caseIdOf(item['pk']));
    startKey = result.LastEvaluatedKey;
  } while (startKey && ids.length < limit);
  return ids;
}

/** Cases accepted but still `submitted` since before `olderThan`: the reconciler re-drives them. */
export async function listUnrouted(olderThan: string, limit: number): Promise<string[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: caseTable(),
      IndexName: 'unrouted',
      KeyConditionExpression: 'outboxPk = :pk AND createdAt < :before',
      ExpressionAttributeValues: { ':pk': 'UNROUTED', ':before': olderThan },
      Limit: limit,
    }),
  );
  return Items.map((i) => caseIdOf(i['pk']));
}

// ---------------------------------------------------------------------------------------------
// Shared-status reads (GET /cases, work queues, respondents, timeline, stats): index queries only.

/**
 * Key attributes (partition, sort) of the case indexes the read endpoints query. Mirrors
 * `table.indexes` in infra/topology.ts (functions may not import infra; a test checks they agree).
 */
export const CASE_INDEX_KEYS = {
  workQueue: ['wqPk', 'wqSk'],
  byOwner: ['ownerPk', 'createdAt'],
  byRespondent: ['respondentPk', 'createdAt'],
  byStatus: ['statusPk', 'createdAt'],
  byPath: ['pathPk', 'createdAt'],
  byCounty: ['countyPk', 'createdAt'],
  allCases: ['allPk', 'createdAt'],
} as const satisfies Record<string, readonly [string, string]>;
export type CaseIndex = keyof typeof CASE_INDEX_KEYS;

const PARTITIONS: Record<CaseIndex, (value: string) => string> = {
  workQueue: (path) => `WQ#${path}`,
  byOwner: (sub) => `OWNER#${sub}`,
  byRespondent: (creditCode) => `RESP#${creditCode}`,
  byStatus: (status) => `STATUS#${status}`,
  byPath: (path) => `PATH#${path}`,
  byCounty: (countyCode) => `COUNTY#${countyCode}`,
  allCases: () => ALL_CASES,
};

/** The stored partition key value of `index` for a domain value (a path, an owner's sub, a status…). */
export function partitionOf(index: CaseIndex, value: string): string {
  return PARTITIONS[index](value);
}

/** Case attributes a list may filter on, as attribute paths of the stored item. */
export const CASE_FIELDS = {
  owner: ['ownerSub'],
  status: ['status'],
  path: ['path'],
  county: ['complaint', 'countyCode'],
  respondent: ['complaint', 'respondent', 'creditCode'],
  transferredTo: ['outcome', 'transferredTo'],
} as const satisfies Record<string, readonly string[]>;
export type CaseField = keyof typeof CASE_FIELDS;

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
  /** Equality conditions applied as a FilterExpression. */
  conditions: CaseCondition[];
}

const CASE_ITEM_PK = /^CASE#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function caseIndexKeyNames(index: CaseIndex): string[] {
  return ['pk', 'sk', ...CASE_INDEX_KEYS[index]];
}

/** What a cursor continuing `query` must decode to: that index's keys, in that partition, of a case item. */
export function caseCursorShape(query: Pick<CaseQuery, 'index' | 'partition'>): KeyShape {
  const [partitionKey] = CASE_INDEX_KEYS[query.index];
  return {
    names: caseIndexKeyNames(query.index),
    fixed: { [partitionKey]: partitionOf(query.index, query.partition), pk: CASE_ITEM_PK, sk: CASE_SK },
  };
}

/** `#a.#b = :v` for each condition, AND-ed, with the names and values it needs. */
function filterOf(conditions: CaseCondition[]) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const terms = conditions.map((condition, i) => {
    const path = CASE_FIELDS[condition.field].map((segment) => {
      const name = `#${segment}`;
      names[name] = segment;
      return name;
    });
    values[`:f${i}`] = condition.value;
    return `${path.join('.')} = :f${i}`;
  });
  return { expression: terms.join(' AND '), names, values };
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

/** One page of cases from a case index, filled across round trips when a filter thins it out. */
export async function queryCases(
  query: CaseQuery,
  request: PageRequest,
  tuning: QueryTuning = {},
): Promise<{ cases: Case[]; nextKey: Key | null }> {
  const [partitionKey] = CASE_INDEX_KEYS[query.index];
  const filter = query.conditions.length > 0 ? filterOf(query.conditions) : undefined;
  const keep = tuning.keep;
  const { items, nextKey } = await fillPage({
    limit: request.limit,
    startKey: request.startKey,
    keyNames: caseIndexKeyNames(query.index),
    // `keep` is a safety net expected to drop nothing: only a FilterExpression warrants reading ahead.
    filtered: filter !== undefined,
    ...(keep ? { keep: (item: Item) => keep(fromItem(item)) } : {}),
    ...(tuning.maxRounds !== undefined ? { maxRounds: tuning.maxRounds } : {}),
    ...(tuning.overread !== undefined ? { overread: tuning.overread } : {}),
    query: (startKey, evaluate) =>
      dynamo().send(
        new QueryCommand({
          TableName: caseTable(),
          IndexName: query.index,
          KeyConditionExpression: '#ipk = :ipk',
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ExpressionAttributeNames: { '#ipk': partitionKey, ...filter?.names },
          ExpressionAttributeValues: { ':ipk': partitionOf(query.index, query.partition), ...filter?.values },
          ScanIndexForward: query.forward,
          Limit: evaluate,
          ExclusiveStartKey: startKey,
        }),
      ),
  });
  return { cases: items.map(fromItem), nextKey };
}

/** The case with this case number (`byCaseNumber` holds keys only: then one GetItem). */
export async function findCaseByNumber(caseNumber: string): Promise<Case | null> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: caseTable(),
      IndexName: 'byCaseNumber',
      KeyConditionExpression: 'caseNumber = :n',
      ExpressionAttributeValues: { ':n': caseNumber },
      Limit: 1,
    }),
  );
  const pk = Items[0]?.['pk'];
  return pk ? getCase(caseIdOf(pk)) : null;
}

/** What a cursor continuing a case's timeline must decode to. */
export function timelineCursorShape(caseId: string): KeyShape {
  return { names: ['pk', 'sk'], fixed: { pk: casePk(caseId), sk: /^EVENT#\d{8}$/ } };
}

/** One page of a case's timeline, oldest first. */
export async function listTimelinePage(caseId: string, request: PageRequest): Promise<{ events: TimelineEvent[]; nextKey: Key | null }> {
  const { items, nextKey } = await fillPage({
    limit: request.limit,
    startKey: request.startKey,
    keyNames: ['pk', 'sk'],
    filtered: false,
    query: (startKey, evaluate) =>
      dynamo().send(
        new QueryCommand({
          TableName: caseTable(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': 'EVENT#' },
          ConsistentRead: true,
          Limit: evaluate,
          ExclusiveStartKey: startKey,
        }),
      ),
  });
  return {
    events: items.map(({ pk: _pk, sk: _sk, ...event }) => event as unknown as TimelineEvent),
    nextKey,
  };
}

/**
 * The statistics' input: a few attributes of every case, from the `allCases` index with a
 * ProjectionExpression. This reads O(cases) on every call — fine at city scale; the next step is a
 * materialised snapshot item kept current by the writers (or a stream) and read in one GetItem.
 */
export async function caseSummaries(): Promise<CaseSummary[]> {
  const summaries: CaseSummary[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: caseTable(),
        IndexName: 'allCases',
        KeyConditionExpression: 'allPk = :all',
        ProjectionExpression:
          '#status, #path, #complaint.#countyCode, #complaint.#right.#kind, createdAt, updatedAt, #outcome.#at, #outcome.#transferredTo, #flags.#overdue, #deadline.#dueAt',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#path': 'path',
          '#complaint': 'complaint',
          '#countyCode': 'countyCode',
          '#right': 'right',
          '#kind': 'kind',
          '#outcome': 'outcome',
          '#at': 'at',
          '#transferredTo': 'transferredTo',
          '#flags': 'flags',
          '#overdue': 'overdue',
          '#deadline': 'deadline',
          '#dueAt': 'dueAt',
        },
        ExpressionAttributeValues: { ':all': ALL_CASES },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) summaries.push(summaryOf(item));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return summaries;
}

function summaryOf(item: Item): CaseSummary {
  const complaint = item['complaint'] as { countyCode: CaseSummary['countyCode']; right: { kind: CaseSummary['rightKind'] } };
  const outcome = item['outcome'] as { at?: unknown; transferredTo?: unknown } | null | undefined;
  const flags = item['flags'] as { overdue?: unknown } | undefined;
  const deadline = item['deadline'] as { dueAt?: unknown } | null | undefined;
  return {
    status: item['status'] as CaseSummary['status'],
    path: (item['path'] as CaseSummary['path']) ?? null,
    rightKind: complaint.right.kind,
    countyCode: complaint.countyCode,
    createdAt: String(item['createdAt']),
    updatedAt: String(item['updatedAt']),
    outcomeAt: typeof outcome?.at === 'string' ? outcome.at : null,
    transferredTo: typeof outcome?.transferredTo === 'string' ? outcome.transferredTo : null,
    overdueFlag: flags?.overdue === true,
    dueAt: typeof deadline?.dueAt === 'string' ? deadline.dueAt : null,
  };
}
