// The settings of the per-caller rate limit (functions/lib/rate-limit.ts), apart from the limiter:
// config.ts reads them in every function, and the limiter's module brings the DynamoDB document
// client, which the functions without a table (health, openapi) must not bundle for two constants.

/** `ratePerSecond` on average, up to `burst` at once. */
export interface CallerRateLimit {
  ratePerSecond: number;
  burst: number;
}

/** 20 a second, bursts of 40: see `limits` in infra/topology.ts for why. */
export const DEFAULT_CALLER_RATE_LIMIT: CallerRateLimit = { ratePerSecond: 20, burst: 40 };

/** The variables that set the limit (read by config.ts); `0` in either turns it off. */
export const CALLER_RATE_LIMIT_ENV = { rps: 'RATE_LIMIT_RPS', burst: 'RATE_LIMIT_BURST' } as const;
