// 6. Cost per 1,000 cases from the measured work per case and the prices in bench/prices.json:
// Lambda requests and GB-s at each function's configured memory, HTTP API requests, SQS requests,
// DynamoDB request units, and one month of storage for the cases. The four paths weigh equally.

import { readFileSync } from 'node:fs';
import type { PathCost } from './per-case.ts';

export type PriceName =
  | 'lambdaRequest'
  | 'lambdaGbSecond'
  | 'httpApiRequest'
  | 'sqsRequest'
  | 'dynamodbWriteRequestUnit'
  | 'dynamodbReadRequestUnit'
  | 'dynamodbStorageGbMonth';

export interface Price {
  price: number;
  per: number;
  unit: string;
  source: string;
  asOf: string;
  confidence: 'confident' | 'unsure';
}

export interface PriceBook {
  note: string;
  regions: Record<string, { currency: string; prices: Record<PriceName, Price> }>;
}

export function loadPrices(): PriceBook {
  return JSON.parse(readFileSync(new URL('./prices.json', import.meta.url), 'utf8')) as PriceBook;
}

/** What 1,000 cases use, by priced quantity. */
export type Usage = Record<PriceName, number>;

/**
 * The usage of one case on a path. `queueInvocationMs` is the billed duration assumed for each
 * queue-triggered invocation (triage, path intake) at `queueMemoryMb`.
 */
export function usageOfCase(c: PathCost, queueInvocationMs: number, queueMemoryMb = 512): Usage {
  return {
    lambdaRequest: c.httpRequests + c.queueInvocations,
    lambdaGbSecond: c.httpGbSeconds + c.queueInvocations * (queueInvocationMs / 1000) * (queueMemoryMb / 1024),
    httpApiRequest: c.httpRequests,
    sqsRequest: c.sqsRequests,
    dynamodbWriteRequestUnit: c.wcu,
    dynamodbReadRequestUnit: c.rcu,
    dynamodbStorageGbMonth: c.storedBytes / 2 ** 30,
  };
}

/** The mean usage of 1,000 cases spread evenly over the given per-path usages. */
export function usagePer1000(perPath: Usage[]): Usage {
  const out = {} as Usage;
  for (const key of Object.keys(perPath[0] ?? {}) as PriceName[]) {
    out[key] = (perPath.reduce((sum, u) => sum + u[key], 0) / perPath.length) * 1000;
  }
  return out;
}

export interface RegionCost {
  currency: string;
  total: number;
  lines: Record<PriceName, number>;
  /** Some price used is marked unsure in prices.json. */
  unsure: boolean;
}

export function priceUsage(usage: Usage, region: { currency: string; prices: Record<PriceName, Price> }): RegionCost {
  const lines = {} as Record<PriceName, number>;
  let total = 0;
  let unsure = false;
  for (const [name, quantity] of Object.entries(usage) as [PriceName, number][]) {
    const p = region.prices[name];
    if (!p) throw new Error(`no price for ${name}`);
    const cost = (quantity / p.per) * p.price;
    lines[name] = cost;
    total += cost;
    if (p.confidence !== 'confident' && quantity > 0) unsure = true;
  }
  return { currency: region.currency, total, lines, unsure };
}
