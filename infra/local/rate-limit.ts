// Per-source-address rate limiting at the local HTTP edge (SPEC §9 `RATE_LIMITED`): a token bucket
// per socket address, holding up to `burst` tokens and refilled at `ratePerSecond`; a request takes
// one token or is answered 429 with the seconds until the next. The edge asks before anything else —
// readiness, routing, the token check, the body — so floods that never reach a function (401s,
// 404s, long request lines) are limited too. In AWS, API Gateway's stage throttle plays that part,
// so the default here is the stage's limit: one address may use what the whole API gets there.
// Limits per caller (`sub`) are not here: the functions apply them themselves, the same code in AWS
// and locally (functions/lib/rate-limit.ts).
//
// Memory stays bounded: a bucket untouched long enough to be full again is the same as no bucket,
// so it is dropped; and at most `maxBuckets` are kept (the least recently used goes first — which
// forgives that address's debt, better than refusing addresses never seen before).
// The clock is real, monotonic time: never the functions' clock that CLOCK_START shifts.

import { performance } from 'node:perf_hooks';
import { limits, type RateLimit } from '#infra/topology.ts';
import { LocalRuntimeError } from './errors.ts';

export type { RateLimit };

/** The default per address: API Gateway's stage limit (`limits.stage` of the topology). */
export const DEFAULT_ADDRESS_RATE_LIMIT: RateLimit = limits.stage;
/** The variables that set it; `0` in either turns it off. */
export const ADDRESS_RATE_LIMIT_ENV = { rps: 'ADDRESS_RATE_LIMIT_RPS', burst: 'ADDRESS_RATE_LIMIT_BURST' } as const;
export const DEFAULT_MAX_BUCKETS = 10_000;

export interface RateLimiterOptions extends RateLimit {
  /** Buckets kept at most. Default 10 000. */
  maxBuckets?: number;
  /** Milliseconds on a monotonic clock. Default `performance.now`. */
  now?: () => number;
}

export type RateDecision =
  | { allowed: true; remaining: number }
  | {
      allowed: false;
      /** Whole seconds (≥ 1) until a token is back: the `Retry-After` header. */
      retryAfterSeconds: number;
    };

export interface RateLimiter {
  /** Takes one token from `key`'s bucket, or says how long to wait. */
  take(key: string): RateDecision;
  /** Buckets held now. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (= last request), in `now()` milliseconds. */
  at: number;
}

export function rateLimiter(options: RateLimiterOptions): RateLimiter {
  const { ratePerSecond, burst } = checkRateLimit(options);
  const maxBuckets = options.maxBuckets ?? DEFAULT_MAX_BUCKETS;
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1) throw new RangeError(`maxBuckets must be a positive integer, got ${maxBuckets}`);
  const now = options.now ?? (() => performance.now());
  const perMs = ratePerSecond / 1000;
  /** Idle this long, a bucket is full again: dropping it changes nothing. */
  const refillMs = burst / perMs;
  // Insertion order = order of last use (a used bucket is re-inserted), so idle ones are at the front.
  const buckets = new Map<string, Bucket>();

  const evictIdle = (at: number): void => {
    for (const [key, bucket] of buckets) {
      if (at - bucket.at < refillMs) return;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      evictIdle(at);
      let bucket = buckets.get(key);
      if (bucket) {
        buckets.delete(key);
        bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, at - bucket.at) * perMs);
        bucket.at = at;
      } else {
        if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value as string);
        bucket = { tokens: burst, at };
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens) };
      }
      // A refused request takes nothing: a client that honours Retry-After is served when it returns.
      const waitMs = (1 - bucket.tokens) / perMs;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    get size() {
      return buckets.size;
    },
  };
}

/**
 * The limit to apply: `false` or a zero rate or burst turns limiting off (benchmarks that must
 * measure the API, not the limiter); undefined means `fallback`.
 */
export function effectiveRateLimit(
  option: RateLimit | false | undefined,
  fallback: RateLimit = DEFAULT_ADDRESS_RATE_LIMIT,
): RateLimit | null {
  if (option === false) return null;
  const limit = option ?? fallback;
  if (limit.ratePerSecond === 0 || limit.burst === 0) return null;
  return checkRateLimit(limit);
}

function checkRateLimit(limit: RateLimit): RateLimit {
  if (!Number.isFinite(limit.ratePerSecond) || limit.ratePerSecond <= 0) {
    throw new LocalRuntimeError('INVALID_OPTION', `rate limit: ratePerSecond must be a positive number, got ${limit.ratePerSecond}`);
  }
  if (!Number.isInteger(limit.burst) || limit.burst < 1) {
    throw new LocalRuntimeError('INVALID_OPTION', `rate limit: burst must be a positive whole number, got ${limit.burst}`);
  }
  return { ratePerSecond: limit.ratePerSecond, burst: limit.burst };
}

/**
 * A limit from two variables (`names.rps`, `names.burst`, e.g. RATE_LIMIT_RPS / RATE_LIMIT_BURST):
 * either unset keeps its value from `fallback`; `0` in either turns limiting off; anything else that
 * is not a number (a whole one for the burst) is refused.
 */
export function rateLimitFromEnv(
  env: Record<string, string | undefined>,
  names: { rps: string; burst: string },
  fallback: RateLimit,
): RateLimit | false {
  const read = (name: string, value: number, whole: boolean): number => {
    const text = env[name]?.trim();
    if (!text) return value;
    const parsed = Number(text);
    if (!(whole ? /^\d+$/ : /^\d+(?:\.\d+)?$/).test(text) || !Number.isFinite(parsed)) {
      throw new LocalRuntimeError(
        'INVALID_OPTION',
        `${name}=${text} is not a ${whole ? 'whole ' : ''}number ≥ 0 (0 turns rate limiting off)`,
      );
    }
    return parsed;
  };
  const ratePerSecond = read(names.rps, fallback.ratePerSecond, false);
  const burst = read(names.burst, fallback.burst, true);
  return ratePerSecond === 0 || burst === 0 ? false : { ratePerSecond, burst };
}
