// Cursor pagination over DynamoDB queries, shared by every list endpoint (SPEC §9: `{items, nextCursor}`).
//
// A cursor stands for the key to resume after (DynamoDB's ExclusiveStartKey shape), sealed by
// ./cursors.ts so that clients can neither read nor forge it (SPEC §2.1). A query with a
// FilterExpression may answer short pages, so `fillPage` keeps querying (a bounded number of round
// trips) until it has `limit` items or the index ends. It asks for one item more than it answers: the
// extra item proves there is a next page, so the last page says `null` instead of handing out a cursor
// to an empty page. The position handed on is the key of the last item *answered* — never the key of
// an item filtered out, which the caller was never given — so nothing is skipped or repeated when a
// DynamoDB page held more matches than the answer took, and a short page merely re-reads what it
// filtered out.

import type { Language } from '#domain/messages.ts';
import { ApiError } from './errors.ts';

export type Key = Record<string, string>;
export type Item = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a cursor for one query must decode to: exactly these key attributes, some with fixed values. */
export interface KeyShape {
  names: readonly string[];
  /** Attribute → the value it must have (the query's partition), or a pattern it must match. */
  fixed: Record<string, string | RegExp>;
}

const INVALID_CURSOR: Record<Language, string> = {
  'zh-CN': '分页游标无效或不属于此查询，请从第一页重新查询',
  en: 'The cursor is not valid for this query; start again from the first page',
};

export function invalidCursor(language: Language): ApiError {
  return new ApiError('VALIDATION_FAILED', [{ path: 'cursor', message: INVALID_CURSOR[language] }]);
}

/** A key from its JSON text: an object of non-empty strings (bounded), or null. */
export function parseKey(json: string): Key | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, v]) => typeof v === 'string' && v.length > 0 && v.length <= 1024)) return null;
  return Object.fromEntries(entries) as Key;
}

/** Whether `key` has exactly the shape's attributes, with the values it fixes. */
export function keyFits(key: Key, shape: KeyShape): boolean {
  const names = Object.keys(key);
  if (names.length !== shape.names.length || !shape.names.every((n) => names.includes(n))) return false;
  return Object.entries(shape.fixed).every(([name, expected]) => {
    const actual = key[name];
    return actual !== undefined && (typeof expected === 'string' ? actual === expected : expected.test(actual));
  });
}

export interface QueryResult {
  Items?: Item[];
  LastEvaluatedKey?: Record<string, unknown>;
}

export interface FillOptions {
  limit: number;
  startKey: Key | undefined;
  /** The key attributes of an item in the queried index (table keys and index keys). */
  keyNames: readonly string[];
  /** One round trip: evaluate at most `evaluate` items after `startKey`. */
  query: (startKey: Key | undefined, evaluate: number) => Promise<QueryResult>;
  /** The query has a FilterExpression: read ahead more per round trip. */
  filtered: boolean;
  /** A last check in memory; an item it refuses counts as filtered out. */
  keep?: (item: Item) => boolean;
  /** Round trips before answering a short page (with a cursor to go on). */
  maxRounds?: number;
  /** With a filter: items evaluated per item still wanted. */
  overread?: number;
}

export const MAX_ROUNDS = 10;
const FILTER_OVERREAD = 4;
/** DynamoDB answers at most 1 MB per query anyway; this only caps the Limit we ask for. */
const MAX_EVALUATED = 1000;

/** Up to `limit` items after `startKey`, and the key to resume after (null at the end). */
export async function fillPage(options: FillOptions): Promise<{ items: Item[]; nextKey: Key | null }> {
  const { limit, keyNames, query, filtered, keep } = options;
  const maxRounds = options.maxRounds ?? MAX_ROUNDS;
  const overread = options.overread ?? FILTER_OVERREAD;
  const items: Item[] = [];
  let startKey = options.startKey;
  for (let round = 0; round < maxRounds; round++) {
    const wanted = limit + 1 - items.length;
    const evaluate = filtered ? Math.min(MAX_EVALUATED, wanted * overread) : wanted;
    const result = await query(startKey, evaluate);
    for (const item of result.Items ?? []) {
      if (keep && !keep(item)) continue;
      items.push(item);
      if (items.length > limit) {
        items.length = limit;
        return { items, nextKey: keyOf(items[limit - 1]!, keyNames) };
      }
    }
    if (!result.LastEvaluatedKey) return { items, nextKey: null };
    startKey = toKey(result.LastEvaluatedKey);
  }
  // Out of round trips. The last key evaluated may be an item the caller must not see (another
  // owner's case): resume after the last item answered, and re-read what was filtered out.
  const last = items.at(-1);
  if (last) return { items, nextKey: keyOf(last, keyNames) };
  // Nothing answered: the last key evaluated is the only way forward. Only a sealed cursor carries
  // it, so the caller still learns nothing of that item.
  return { items, nextKey: startKey ?? null };
}

export function keyOf(item: Item, keyNames: readonly string[]): Key {
  const key: Key = {};
  for (const name of keyNames) {
    const value = item[name];
    if (typeof value !== 'string') throw new Error(`item lacks key attribute ${name}`);
    key[name] = value;
  }
  return key;
}

function toKey(lastEvaluated: Record<string, unknown>): Key {
  return Object.fromEntries(Object.entries(lastEvaluated).map(([k, v]) => [k, String(v)]));
}

/** A page known to be the last (e.g. a lookup by case number). Pages that may go on take a sealed cursor: `cursorsFor` in ./cursors.ts. */
export function page<T>(items: T[], nextKey: null): Page<T> {
  return { items, nextCursor: nextKey };
}
