// Sealed list cursors (SPEC §2.1: "Cursors are opaque and name only items the caller has been
// given"). A cursor is the key to resume after, encrypted and authenticated with AES-256-GCM; the
// associated data binds it to the route, the query (its key shape and filters) and the caller (sub
// and role). So a client can neither read the key (which may name an item it was never given, see
// `fillPage`), nor forge one, nor continue a cursor handed to someone else or to another query.
// Anything that does not open is 400 VALIDATION_FAILED on `cursor`.
//
// Layout (base64url): version byte | 12-byte nonce | ciphertext | 16-byte tag. A random nonce per
// cursor is safe far beyond any number of cursors this service will seal under one key.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Caller } from '#domain/access.ts';
import { cursorKey } from './secret-keys.ts';
import { languageOf, type HttpEvent } from './http.ts';
import { invalidCursor, keyFits, parseKey, type Key, type KeyShape, type Page } from './pagination.ts';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

/** What a cursor is bound to. */
export interface CursorScope {
  /** The API route (`GET /cases`). */
  route: string;
  /** Who reads (role and sub); `PUBLIC_READER` on a public route. */
  caller: { role: Caller['role'] | 'public'; sub: string };
  /** The keys a position of this query has, and the partition it lies in. */
  shape: KeyShape;
  /** The rest of the query (filters, order); plain JSON data. */
  query?: unknown;
}

function associatedData(scope: CursorScope): Buffer {
  const fixed = Object.keys(scope.shape.fixed)
    .sort()
    .map((name) => {
      const value = scope.shape.fixed[name]!;
      return [name, typeof value === 'string' ? value : `/${value.source}/${value.flags}`];
    });
  const bound = [VERSION, scope.route, scope.caller.sub, scope.caller.role, [...scope.shape.names].sort(), fixed, scope.query ?? null];
  return Buffer.from(JSON.stringify(bound), 'utf8');
}

export function sealCursor(key: Key, scope: CursorScope, secret: Buffer): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, secret, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(scope));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(key), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), nonce, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The key a cursor resumes after, or null unless it was sealed with `secret` for exactly this scope and fits its shape. */
export function openCursor(cursor: string, scope: CursorScope, secret: Buffer): Key | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length <= 1 + NONCE_BYTES + TAG_BYTES || raw[0] !== VERSION) return null;
  const nonce = raw.subarray(1, 1 + NONCE_BYTES);
  const sealed = raw.subarray(1 + NONCE_BYTES, raw.length - TAG_BYTES);
  let json: string;
  try {
    const decipher = createDecipheriv(CIPHER, secret, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(scope));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    json = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
  const key = parseKey(json);
  // Sealed by us, so it should fit; checked anyway, since a key that fits no query must never reach DynamoDB.
  return key && keyFits(key, scope.shape) ? key : null;
}

export interface Cursors {
  /** The key to resume after; 400 VALIDATION_FAILED (path `cursor`) unless the cursor opens for this request. */
  open(cursor: string | undefined): Promise<Key | undefined>;
  /** The answer, with the next position sealed (null on the last page). */
  page<T>(items: T[], nextKey: Key | null): Promise<Page<T>>;
}

/** Cursors of one list request: bound to its route, the caller and the query (`shape`, and `query` for filters the shape does not show). */
/** Whoever reads a public route (SPEC §9 `/public/*`): its cursors are bound to the route and query alone. */
export const PUBLIC_READER = { role: 'public', sub: 'public' } as const;

export function cursorsFor(
  event: HttpEvent,
  caller: Pick<Caller, 'role' | 'sub'> | typeof PUBLIC_READER,
  shape: KeyShape,
  query?: unknown,
): Cursors {
  const scope: CursorScope = {
    route: event.routeKey,
    caller: { role: caller.role, sub: caller.sub },
    shape,
    ...(query !== undefined ? { query } : {}),
  };
  return {
    async open(cursor) {
      if (cursor === undefined) return undefined;
      const key = openCursor(cursor, scope, await cursorKey());
      if (!key) throw invalidCursor(languageOf(event));
      return key;
    },
    async page(items, nextKey) {
      return { items, nextCursor: nextKey ? sealCursor(nextKey, scope, await cursorKey()) : null };
    },
  };
}
