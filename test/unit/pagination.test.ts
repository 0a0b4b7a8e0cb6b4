// List cursors (SPEC §2.1: "Cursors are opaque and name only items the caller has been given"):
// where a page resumes when a filter thins it out, and how a cursor is sealed to its query and caller.
// The page filler runs against a small in-memory index that answers the way a DynamoDB Query does
// (Limit counts items evaluated, the filter applies after it, LastEvaluatedKey names the last one evaluated).

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '#domain/access.ts';
import { resetConfig } from '#lib/config.ts';
import { CURSOR_SECRET_ENV } from '#lib/config.ts';
import { cursorsFor, openCursor, sealCursor, type CursorScope } from '#lib/cursors.ts';
import { ApiError } from '#lib/errors.ts';
import { fillPage, type Item, type Key, type KeyShape } from '#lib/pagination.ts';
import { as, httpEvent } from '../support/events.ts';

// ---------------------------------------------------------------------------------------------
// Where a page resumes

interface Row extends Item {
  pk: string;
  sk: string;
  owner: string;
}

/** Rows in key order; `query` evaluates at most `evaluate` rows after `startKey`, keeping those `filter` accepts. */
function index(rows: Row[], filter: (row: Row) => boolean) {
  return async (startKey: Key | undefined, evaluate: number) => {
    const from = startKey ? rows.findIndex((r) => r.pk === startKey['pk']) + 1 : 0;
    const evaluated = rows.slice(from, from + evaluate);
    const last = evaluated.at(-1);
    const more = from + evaluate < rows.length;
    return {
      Items: evaluated.filter(filter),
      ...(more && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}),
    };
  };
}

const row = (n: number, owner: string): Row => ({ pk: `CASE#${String(n).padStart(4, '0')}`, sk: 'CASE', owner });

describe('fillPage: where the next page starts', () => {
  // Mine, then three of another owner's: the round trips run out on someone else's case.
  const rows = [row(1, 'me'), row(2, 'me'), row(3, 'other'), row(4, 'other'), row(5, 'other'), row(6, 'me'), row(7, 'me')];
  const mine = (r: Row) => r.owner === 'me';

  it('resumes after the last item answered when the round trips run out, never at a key it filtered out', async () => {
    const { items, nextKey } = await fillPage({
      limit: 3,
      startKey: undefined,
      keyNames: ['pk', 'sk'],
      query: index(rows, mine),
      filtered: true,
      maxRounds: 1,
      overread: 1,
    });
    expect(items.map((i) => i['pk'])).toEqual(['CASE#0001', 'CASE#0002']);
    expect(nextKey).toEqual({ pk: 'CASE#0002', sk: 'CASE' });
  });

  it('refuses through `keep` the same way: the cursor names an answered item', async () => {
    const { items, nextKey } = await fillPage({
      limit: 2,
      startKey: undefined,
      keyNames: ['pk', 'sk'],
      query: index(rows, () => true),
      filtered: false,
      keep: (item) => item['owner'] === 'me',
      maxRounds: 2,
    });
    expect(items.map((i) => i['pk'])).toEqual(['CASE#0001', 'CASE#0002']);
    expect(nextKey).toEqual({ pk: 'CASE#0002', sk: 'CASE' });
  });

  it('with nothing answered, still moves on (to the last key evaluated, which only a sealed cursor carries)', async () => {
    const { items, nextKey } = await fillPage({
      limit: 2,
      startKey: { pk: 'CASE#0002', sk: 'CASE' },
      keyNames: ['pk', 'sk'],
      query: index(rows, mine),
      filtered: true,
      maxRounds: 1,
      overread: 1,
    });
    expect(items).toEqual([]);
    expect(nextKey).toEqual({ pk: 'CASE#0005', sk: 'CASE' });
  });

  it('pages through everything, each item once, however short the round trips', async () => {
    const seen: unknown[] = [];
    let startKey: Key | undefined;
    for (let n = 0; n < 20; n++) {
      const { items, nextKey } = await fillPage({
        limit: 2,
        startKey,
        keyNames: ['pk', 'sk'],
        query: index(rows, mine),
        filtered: true,
        maxRounds: 1,
        overread: 1,
      });
      seen.push(...items.map((i) => i['pk']));
      if (!nextKey) break;
      startKey = nextKey;
    }
    expect(seen).toEqual(['CASE#0001', 'CASE#0002', 'CASE#0006', 'CASE#0007']);
  });
});

// ---------------------------------------------------------------------------------------------
// Sealed cursors

const CASE_ID = '3f0c2a8e-5b1d-4c7e-9a2f-0d6b8e4c1a57';
const key: Key = { pk: `CASE#${CASE_ID}`, sk: 'CASE', statusPk: 'STATUS#queued', createdAt: '2026-01-05T02:00:00.000Z' };
const shape: KeyShape = {
  names: ['pk', 'sk', 'statusPk', 'createdAt'],
  fixed: { statusPk: 'STATUS#queued', pk: /^CASE#[0-9a-f-]{36}$/, sk: 'CASE' },
};
const court: Caller = { role: 'court', sub: 'court-1' };
const scope: CursorScope = { route: 'GET /cases', caller: court, shape, query: { status: 'queued' } };
const secret = randomBytes(32);

describe('sealed cursors', () => {
  it('open back to the key they were sealed over, for the same query and caller', () => {
    const cursor = sealCursor(key, scope, secret);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(openCursor(cursor, scope, secret)).toEqual(key);
  });

  it('cannot be read: nothing of the key shows in the cursor or its bytes', () => {
    const cursor = sealCursor(key, scope, secret);
    const bytes = Buffer.from(cursor, 'base64url').toString('latin1');
    // Long enough that random bytes never contain them by chance.
    for (const part of ['CASE#', CASE_ID, 'STATUS#queued', '2026-01-05', '{"pk"']) {
      expect(cursor).not.toContain(part);
      expect(bytes).not.toContain(part);
    }
    // Two cursors over the same key differ (a fresh nonce each time), so equal positions do not show either.
    expect(sealCursor(key, scope, secret)).not.toBe(cursor);
  });

  it('cannot be forged: a readable key, a changed byte, a cut cursor or another secret are refused', () => {
    const cursor = sealCursor(key, scope, secret);
    const raw = Buffer.from(cursor, 'base64url');
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 20]! ^= 1;
    const forged = [
      Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'),
      flipped.toString('base64url'),
      cursor.slice(0, -4),
      raw.subarray(0, 10).toString('base64url'),
      sealCursor(key, scope, randomBytes(32)),
      '',
      'not a cursor!',
    ];
    for (const c of forged) expect(openCursor(c, scope, secret), c).toBeNull();
  });

  it('cannot be reused by another caller, another role, on another route or for another query', () => {
    const cursor = sealCursor(key, scope, secret);
    const others: CursorScope[] = [
      { ...scope, caller: { role: 'court', sub: 'court-2' } },
      { ...scope, caller: { role: 'supervisor', sub: 'court-1' } },
      { ...scope, route: 'GET /respondents/{creditCode}' },
      { ...scope, query: { status: 'queued', countyCode: '610902' } },
      { ...scope, shape: { ...shape, fixed: { ...shape.fixed, statusPk: 'STATUS#resolved' } } },
    ];
    for (const other of others) expect(openCursor(cursor, other, secret), JSON.stringify(other)).toBeNull();
  });

  it('refuses a sealed key that does not fit the query shape (a position outside the queried partition)', () => {
    const cursor = sealCursor({ ...key, pk: 'COUNTER#caseNumber#2026' }, scope, secret);
    expect(openCursor(cursor, scope, secret)).toBeNull();
  });
});

describe('cursors of a request', () => {
  afterEach(() => {
    delete process.env[CURSOR_SECRET_ENV];
    resetConfig();
  });

  const event = () => as(httpEvent('http-list-cases'), 'court', 'court-1');

  it("seal the next page's key and open it again for the same caller; answer null on the last page", async () => {
    process.env[CURSOR_SECRET_ENV] = randomBytes(32).toString('base64url');
    resetConfig();
    const cursors = cursorsFor(event(), court, shape, { status: 'queued' });
    const page = await cursors.page([{ n: 1 }], key);
    expect(page.items).toEqual([{ n: 1 }]);
    expect(typeof page.nextCursor).toBe('string');
    expect(await cursors.open(page.nextCursor!)).toEqual(key);
    expect(await cursors.open(undefined)).toBeUndefined();
    expect(await cursors.page([], null)).toEqual({ items: [], nextCursor: null });
  });

  it('answer a cursor that does not open with 400 VALIDATION_FAILED on `cursor`', async () => {
    process.env[CURSOR_SECRET_ENV] = randomBytes(32).toString('base64url');
    resetConfig();
    const mine = await cursorsFor(event(), court, shape).page([{ n: 1 }], key);
    const theirs = cursorsFor(as(httpEvent('http-list-cases'), 'court', 'court-2'), { role: 'court', sub: 'court-2' }, shape);
    const error = await theirs.open(mine.nextCursor!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('VALIDATION_FAILED');
    expect((error as ApiError).details).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });

  it('refuse to work without a configured secret rather than hand out readable cursors', async () => {
    resetConfig();
    await expect(cursorsFor(event(), court, shape).page([{ n: 1 }], key)).rejects.toThrow(/cursor/i);
  });
});
