// The two rate limits. The local HTTP edge's token bucket per source address, on an injected clock:
// burst, refill, Retry-After, independence of keys, bounded memory. The functions' per-caller fixed
// window (its arithmetic here; its conditional write against DynamoDB Local in
// test/integration/rate-limit.test.ts). And how each limit is configured.

import { afterEach, describe, expect, it } from 'vitest';
import { limits } from '#infra/topology.ts';
import {
  ADDRESS_RATE_LIMIT_ENV,
  DEFAULT_ADDRESS_RATE_LIMIT,
  effectiveRateLimit,
  rateLimiter,
  rateLimitFromEnv,
  type RateLimiterOptions,
} from '#infra/local/rate-limit.ts';
import { config, resetConfig } from '#lib/config.ts';
import { CALLER_RATE_LIMIT_ENV, DEFAULT_CALLER_RATE_LIMIT, RATE_KEY_PREFIX, rateWindow, retryAfterSeconds } from '#lib/rate-limit.ts';

function clocked(options: Omit<RateLimiterOptions, 'now'>) {
  let ms = 1_000_000;
  const limiter = rateLimiter({ ...options, now: () => ms });
  return {
    limiter,
    advance: (by: number) => {
      ms += by;
    },
    /** Takes `n` tokens for `key` and counts the answers. */
    take: (key: string, n: number) => {
      let allowed = 0;
      let refused = 0;
      for (let i = 0; i < n; i++) limiter.take(key).allowed ? allowed++ : refused++;
      return { allowed, refused };
    },
  };
}

describe('the token bucket', () => {
  it('lets a new caller send a whole burst at once, then refuses', () => {
    const { take } = clocked({ ratePerSecond: 5, burst: 10 });
    expect(take('sub:a', 15)).toEqual({ allowed: 10, refused: 5 });
  });

  it('counts down what is left of the burst', () => {
    const { limiter } = clocked({ ratePerSecond: 1, burst: 3 });
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')]).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
  });

  it('refills at the sustained rate, never above the burst', () => {
    const { take, advance } = clocked({ ratePerSecond: 5, burst: 10 });
    take('k', 10);
    advance(1000); // five tokens back
    expect(take('k', 6)).toEqual({ allowed: 5, refused: 1 });
    advance(200); // one token
    expect(take('k', 2)).toEqual({ allowed: 1, refused: 1 });
    advance(60_000); // a minute idle: full again, not 300 tokens
    expect(take('k', 11)).toEqual({ allowed: 10, refused: 1 });
  });

  it('sustains exactly the rate for a caller that keeps sending', () => {
    const { take, advance } = clocked({ ratePerSecond: 20, burst: 40 });
    take('k', 40);
    let allowed = 0;
    for (let tick = 0; tick < 100; tick++) {
      advance(10); // 100 requests a second offered
      allowed += take('k', 1).allowed;
    }
    expect(allowed).toBe(20); // one second of it: 20 served
  });

  it('does not charge refused requests: the caller is served once the wait is over', () => {
    const { limiter, take, advance } = clocked({ ratePerSecond: 1, burst: 1 });
    take('k', 1);
    take('k', 50); // a flood of refusals
    advance(999);
    expect(limiter.take('k').allowed).toBe(false);
    advance(1);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('keeps callers apart: one flooding does not take from another', () => {
    const { take } = clocked({ ratePerSecond: 5, burst: 5 });
    expect(take('sub:flooder', 100).allowed).toBe(5);
    expect(take('sub:other', 5)).toEqual({ allowed: 5, refused: 0 });
    expect(take('ip:127.0.0.1', 5)).toEqual({ allowed: 5, refused: 0 });
  });
});

describe('Retry-After', () => {
  it('is at least one whole second, even when a token is milliseconds away', () => {
    const { limiter, advance } = clocked({ ratePerSecond: 20, burst: 1 });
    limiter.take('k');
    advance(40); // the token is back at 50 ms
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(10);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('rounds the wait for the next token up to whole seconds', () => {
    const { limiter, advance } = clocked({ ratePerSecond: 0.25, burst: 1 }); // a token every 4 s
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 4 });
    advance(1500);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 3 }); // 2.5 s → 3
    advance(2000);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 }); // 0.5 s → 1
    advance(500);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('is honest: a client that waits exactly Retry-After is served', () => {
    const { limiter, advance } = clocked({ ratePerSecond: 3, burst: 2 });
    limiter.take('k');
    limiter.take('k');
    const refused = limiter.take('k');
    expect(refused.allowed).toBe(false);
    advance((refused as { retryAfterSeconds: number }).retryAfterSeconds * 1000);
    expect(limiter.take('k').allowed).toBe(true);
  });
});

describe('bounded memory', () => {
  it('drops a bucket once it has been idle long enough to be full again', () => {
    const { limiter, take, advance } = clocked({ ratePerSecond: 10, burst: 20 }); // full after 2 s idle
    take('a', 20);
    advance(1000);
    take('b', 1);
    expect(limiter.size).toBe(2);
    advance(1000); // a: idle 2 s, full — dropped; b: idle 1 s — kept
    take('c', 1);
    expect(limiter.size).toBe(2);
    expect(take('a', 21)).toEqual({ allowed: 20, refused: 1 }); // as if new: nothing was lost by dropping it
  });

  it('keeps the bucket of a caller still in debt, however many others come and go', () => {
    const { limiter, take, advance } = clocked({ ratePerSecond: 1, burst: 5 }); // full after 5 s idle
    take('flooder', 10);
    for (let i = 0; i < 4; i++) {
      advance(1000);
      take(`visitor-${i}`, 1);
    }
    expect(limiter.size).toBe(5);
    // Four tokens back after 4 s, not a fresh burst of five.
    expect(take('flooder', 5)).toEqual({ allowed: 4, refused: 1 });
  });

  it('never holds more than maxBuckets, dropping the least recently used', () => {
    const { limiter, take } = clocked({ ratePerSecond: 1, burst: 2, maxBuckets: 3 });
    take('a', 2);
    take('b', 2);
    take('c', 2);
    take('a', 1); // a is now the most recently used
    take('d', 1); // b goes
    expect(limiter.size).toBe(3);
    expect(take('a', 1).allowed).toBe(0); // still in debt: kept
    expect(take('c', 1).allowed).toBe(0); // kept
    expect(take('b', 1).allowed).toBe(1); // dropped earlier: a fresh bucket
  });

  it('stays bounded under a stream of distinct callers (e.g. many source addresses)', () => {
    const { limiter, take, advance } = clocked({ ratePerSecond: 20, burst: 40, maxBuckets: 1000 });
    for (let i = 0; i < 50_000; i++) {
      take(`ip:10.0.${i >> 8}.${i & 255}`, 1);
      if (i % 100 === 0) advance(1);
    }
    expect(limiter.size).toBeLessThanOrEqual(1000);
  });
});

describe('configuration of the per-address limit (local edge)', () => {
  const names = ADDRESS_RATE_LIMIT_ENV;

  it("defaults to API Gateway's stage limit: 200 a second, bursts of 400", () => {
    expect(DEFAULT_ADDRESS_RATE_LIMIT).toEqual(limits.stage);
    expect(limits.stage).toEqual({ ratePerSecond: 200, burst: 400 });
    expect(effectiveRateLimit(undefined)).toEqual({ ratePerSecond: 200, burst: 400 });
    expect(effectiveRateLimit(undefined, { ratePerSecond: 3, burst: 4 })).toEqual({ ratePerSecond: 3, burst: 4 });
  });

  it('is turned off by false or a zero', () => {
    expect(effectiveRateLimit(false)).toBeNull();
    expect(effectiveRateLimit({ ratePerSecond: 0, burst: 40 })).toBeNull();
    expect(effectiveRateLimit({ ratePerSecond: 20, burst: 0 })).toBeNull();
  });

  it('refuses limits that cannot work', () => {
    expect(() => effectiveRateLimit({ ratePerSecond: -1, burst: 5 })).toThrow(/ratePerSecond/);
    expect(() => effectiveRateLimit({ ratePerSecond: 5, burst: 0.5 })).toThrow(/burst/);
    expect(() => rateLimiter({ ratePerSecond: Number.NaN, burst: 5 })).toThrow(/ratePerSecond/);
    expect(() => rateLimiter({ ratePerSecond: 5, burst: 5, maxBuckets: 0 })).toThrow(/maxBuckets/);
  });

  it('reads ADDRESS_RATE_LIMIT_RPS and ADDRESS_RATE_LIMIT_BURST, each defaulting on its own; 0 turns it off', () => {
    const read = (env: Record<string, string>) => rateLimitFromEnv(env, names, DEFAULT_ADDRESS_RATE_LIMIT);
    expect(read({})).toEqual({ ratePerSecond: 200, burst: 400 });
    expect(read({ ADDRESS_RATE_LIMIT_RPS: '5', ADDRESS_RATE_LIMIT_BURST: '5' })).toEqual({ ratePerSecond: 5, burst: 5 });
    expect(read({ ADDRESS_RATE_LIMIT_RPS: '2.5' })).toEqual({ ratePerSecond: 2.5, burst: 400 });
    expect(read({ ADDRESS_RATE_LIMIT_BURST: ' 100 ' })).toEqual({ ratePerSecond: 200, burst: 100 });
    expect(read({ ADDRESS_RATE_LIMIT_RPS: '0' })).toBe(false);
    expect(read({ ADDRESS_RATE_LIMIT_BURST: '0' })).toBe(false);
    expect(read({ ADDRESS_RATE_LIMIT_RPS: '' })).toEqual({ ratePerSecond: 200, burst: 400 });
    // The per-caller variables are checked the same way by `npm start` before anything starts.
    expect(rateLimitFromEnv({ RATE_LIMIT_RPS: '5' }, CALLER_RATE_LIMIT_ENV, DEFAULT_CALLER_RATE_LIMIT)).toEqual({
      ratePerSecond: 5,
      burst: 40,
    });
  });

  it('refuses an env value that is not a number, naming the variable', () => {
    const read = (env: Record<string, string>) => rateLimitFromEnv(env, names, DEFAULT_ADDRESS_RATE_LIMIT);
    expect(() => read({ ADDRESS_RATE_LIMIT_RPS: 'fast' })).toThrow(/ADDRESS_RATE_LIMIT_RPS=fast/);
    expect(() => read({ ADDRESS_RATE_LIMIT_RPS: '-3' })).toThrow(/ADDRESS_RATE_LIMIT_RPS/);
    expect(() => read({ ADDRESS_RATE_LIMIT_BURST: '1.5' })).toThrow(/ADDRESS_RATE_LIMIT_BURST=1.5 is not a whole number/);
  });
});

describe("the functions' per-caller window", () => {
  const limit = { ratePerSecond: 20, burst: 40 };
  const t0 = Date.UTC(2026, 8, 24, 2, 0, 0); // a multiple of 2 s: a window starts here

  it('lasts burst ÷ rate seconds (2 s at 20 a second with bursts of 40) and admits the burst in it', () => {
    const window = rateWindow('holder-1', limit, t0 + 500);
    expect(window.startsAtMs).toBe(t0);
    expect(window.endsAtMs).toBe(t0 + 2000);
    expect(rateWindow('holder-1', { ratePerSecond: 5, burst: 5 }, t0 + 500).endsAtMs).toBe(t0 + 1000);
    expect(
      rateWindow('holder-1', { ratePerSecond: 0.5, burst: 3 }, t0).endsAtMs -
        rateWindow('holder-1', { ratePerSecond: 0.5, burst: 3 }, t0).startsAtMs,
    ).toBe(6000);
  });

  it('keys one item per caller and window under RATE#, so a new window never reads an old item', () => {
    const first = rateWindow('holder-1', limit, t0);
    expect(RATE_KEY_PREFIX).toBe('RATE#');
    expect(first.key).toEqual({ pk: `RATE#holder-1#${t0 / 2000}`, sk: 'RATE' });
    expect(rateWindow('holder-1', limit, t0 + 1999).key).toEqual(first.key);
    expect(rateWindow('holder-1', limit, t0 + 2000).key.pk).toBe(`RATE#holder-1#${t0 / 2000 + 1}`);
    expect(rateWindow('holder-2', limit, t0).key.pk).not.toBe(first.key.pk);
  });

  it('lets the table delete an item a minute after its window ended (TTL in epoch seconds)', () => {
    expect(rateWindow('holder-1', limit, t0 + 10).expiresAt).toBe((t0 + 2000) / 1000 + 60);
  });

  it('tells a refused caller to retry when its window ends, in whole seconds, at least one', () => {
    const slow = { ratePerSecond: 0.25, burst: 2 }; // 8-second windows
    expect(retryAfterSeconds(rateWindow('k', slow, t0), t0)).toBe(8);
    expect(retryAfterSeconds(rateWindow('k', slow, t0 + 2500), t0 + 2500)).toBe(6); // 5.5 s → 6
    expect(retryAfterSeconds(rateWindow('k', slow, t0 + 7990), t0 + 7990)).toBe(1); // 10 ms → 1
    expect(retryAfterSeconds(rateWindow('k', limit, t0 + 1999), t0 + 1999)).toBe(1);
  });
});

describe('configuration of the per-caller limit (functions/lib/config.ts)', () => {
  const saved = { rps: process.env[CALLER_RATE_LIMIT_ENV.rps], burst: process.env[CALLER_RATE_LIMIT_ENV.burst] };
  const setEnv = (rps: string | undefined, burst: string | undefined) => {
    for (const [name, value] of [
      [CALLER_RATE_LIMIT_ENV.rps, rps],
      [CALLER_RATE_LIMIT_ENV.burst, burst],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetConfig();
  };
  afterEach(() => setEnv(saved.rps, saved.burst));

  it('defaults to 20 a second with bursts of 40, the figures the topology documents', () => {
    setEnv(undefined, undefined);
    expect(config().callerRateLimit).toEqual({ ratePerSecond: 20, burst: 40 });
    expect(DEFAULT_CALLER_RATE_LIMIT).toEqual(limits.perCaller);
  });

  it('reads RATE_LIMIT_RPS and RATE_LIMIT_BURST, each defaulting on its own; a 0 in either turns it off', () => {
    setEnv('5', undefined);
    expect(config().callerRateLimit).toEqual({ ratePerSecond: 5, burst: 40 });
    setEnv(undefined, '100');
    expect(config().callerRateLimit).toEqual({ ratePerSecond: 20, burst: 100 });
    setEnv('0', '40');
    expect(config().callerRateLimit).toBeNull();
    setEnv('20', '0');
    expect(config().callerRateLimit).toBeNull();
  });

  it('refuses a value that is not a number: the function fails with its configuration error', () => {
    setEnv('fast', undefined);
    expect(() => config()).toThrow(/Invalid function configuration[\s\S]*callerRateLimit/);
    setEnv(undefined, '1.5');
    expect(() => config()).toThrow(/callerRateLimit/);
    setEnv('-1', undefined);
    expect(() => config()).toThrow(/callerRateLimit/);
  });
});
