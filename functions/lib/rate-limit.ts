// Requests per caller (SPEC §9 `RATE_LIMITED`), counted in the case table, so that one piece of code
// limits callers in AWS — where the HTTP API throttles only the stage as a whole, has no usage plans,
// and cannot have WAF attached — and on the local runtime alike. `httpFunction` asks here once the
// caller is known (the verified `sub`), before the route runs.
//
// A fixed window per caller: a window lasts burst ÷ rate seconds (2 s at 20/s with bursts of 40)
// and admits `burst` requests. One conditional UpdateItem both counts and decides, so every request
// costs one write request unit, admitted or refused (a failed condition is billed as a write too),
// and nothing is read first. The price of a single write: right at a window's edge a caller may get
// two bursts close together (up to 2 × burst within moments); over any longer span, the rate.
// Items are keyed `RATE#<sub>#<window number>` and removed by the table's TTL (`expiresAt`); a new
// window is a new item, so an item TTL has not yet deleted is never read again.

import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallerRateLimit } from './rate-limit-settings.ts';

/** The partition key prefix of the limiter's items: the IAM grant for them is on keys that start with it. */
export const RATE_KEY_PREFIX = 'RATE#';
export const RATE_SORT_KEY = 'RATE';

// Its settings live apart, so that config.ts reads them without bundling the document client here.
export { CALLER_RATE_LIMIT_ENV, DEFAULT_CALLER_RATE_LIMIT, type CallerRateLimit } from './rate-limit-settings.ts';

/** How long an item outlives its window before TTL may delete it (a clock slightly behind still finds it). */
const EXPIRY_SLACK_SECONDS = 60;

export interface RateWindow {
  key: { pk: string; sk: string };
  startsAtMs: number;
  endsAtMs: number;
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt: number;
}

/** The window `nowMs` falls in for `sub`: windows of burst ÷ rate seconds, counted from the epoch. */
export function rateWindow(sub: string, limit: CallerRateLimit, nowMs: number): RateWindow {
  const lengthMs = (limit.burst / limit.ratePerSecond) * 1000;
  const number = Math.floor(nowMs / lengthMs);
  const startsAtMs = number * lengthMs;
  const endsAtMs = startsAtMs + lengthMs;
  return {
    key: { pk: `${RATE_KEY_PREFIX}${sub}#${number}`, sk: RATE_SORT_KEY },
    startsAtMs,
    endsAtMs,
    expiresAt: Math.ceil(endsAtMs / 1000) + EXPIRY_SLACK_SECONDS,
  };
}

/** Whole seconds (≥ 1) from `nowMs` until the window ends: the `Retry-After` header. */
export function retryAfterSeconds(window: RateWindow, nowMs: number): number {
  return Math.max(1, Math.ceil((window.endsAtMs - nowMs) / 1000));
}

export type CallerRateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface TakeRequestOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  sub: string;
  limit: CallerRateLimit;
  /** Epoch milliseconds; default the real time (never the shifted clock of #lib/clock.ts: TTL runs on real time). */
  nowMs?: number;
}

/** Counts one request of `sub` in its current window, or says how long to wait: one conditional write. */
export async function takeCallerRequest(options: TakeRequestOptions): Promise<CallerRateDecision> {
  const nowMs = options.nowMs ?? Date.now();
  const { limit } = options;
  const window = rateWindow(options.sub, limit, nowMs);
  try {
    const { Attributes } = await options.db.send(
      new UpdateCommand({
        TableName: options.tableName,
        Key: window.key,
        UpdateExpression: 'ADD #requests :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(#requests) OR #requests < :burst',
        ExpressionAttributeNames: { '#requests': 'requests', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: { ':one': 1, ':burst': limit.burst, ':expiresAt': window.expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return { allowed: true, remaining: Math.max(0, limit.burst - Number(Attributes?.['requests'] ?? limit.burst)) };
  } catch (error) {
    // By name: more than one copy of the SDK's error classes may be loaded.
    if ((error as { name?: unknown }).name === 'ConditionalCheckFailedException') {
      return { allowed: false, retryAfterSeconds: retryAfterSeconds(window, nowMs) };
    }
    throw error;
  }
}
