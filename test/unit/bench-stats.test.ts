// The bench's arithmetic: nearest-rank percentiles, and cost from the price data (bench/prices.json).

import { describe, expect, it } from 'vitest';
import { loadPrices, priceUsage, usageOfCase, usagePer1000, type PriceName } from '../../bench/cost.ts';
import { capacityOf, itemBytes, itemKindOf } from '../../bench/meter.ts';
import type { PathCost } from '../../bench/per-case.ts';
import { median, percentile, summarize } from '../../bench/stats.ts';

describe('percentiles', () => {
  it('takes the nearest rank, so every percentile is a latency that was observed', () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  it('summarizes unsorted samples without changing them', () => {
    const samples = [5, 1, 4, 2, 3];
    const s = summarize(samples);
    expect(s).toMatchObject({ n: 5, p50Ms: 3, p99Ms: 5, meanMs: 3, maxMs: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(median([7, 1, 3])).toBe(3);
  });

  it('refuses a percentile outside (0, 100] and answers NaN for no samples', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('capacity units from DynamoDB answers', () => {
  it('adds the units of single, batch and transaction answers, and the part spent on indexes', () => {
    expect(capacityOf({ TableName: 't', CapacityUnits: 1 })).toMatchObject({ total: 1, indexes: 0 });
    expect(
      capacityOf([
        { TableName: 't', CapacityUnits: 10, GlobalSecondaryIndexes: { byOwner: { CapacityUnits: 3 }, allCases: { CapacityUnits: 3 } } },
        { TableName: 'u', CapacityUnits: 2 },
      ]),
    ).toEqual({ total: 12, indexes: 6, table: 6, byIndex: { byOwner: 3, allCases: 3 } });
    expect(capacityOf(undefined)).toMatchObject({ total: 0, indexes: 0 });
  });

  it('measures an item as DynamoDB bills it: names and values, numbers by digits, maps and lists with their overhead', () => {
    expect(itemBytes({ pk: { S: 'CASE#1' } })).toBe(2 + 6);
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemBytes({ m: { M: { a: { S: 'xy' } } } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(itemBytes({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemBytes({ s: { S: '安康' } })).toBe(1 + 6);
  });

  it('names the kind of an item written by its partition key up to the first #', () => {
    expect(itemKindOf({ S: 'RATE#bench-holder-3#881234' })).toBe('RATE#');
    expect(itemKindOf({ S: 'COUNTER#caseNumber#2026' })).toBe('COUNTER#');
    expect(itemKindOf({ S: 'STATS#' })).toBe('STATS#');
    expect(itemKindOf({ S: 'plain' })).toBe('plain');
    expect(itemKindOf(undefined)).toBe('(no pk)');
  });
});

describe('cost from prices.json', () => {
  const prices = loadPrices();

  it('keeps every price with its unit, source and date, in a region and an AWS China region', () => {
    expect(Object.keys(prices.regions)).toEqual(expect.arrayContaining(['us-east-1', 'cn-northwest-1']));
    expect(prices.regions['cn-northwest-1']!.currency).toBe('CNY');
    for (const region of Object.values(prices.regions)) {
      for (const p of Object.values(region.prices)) {
        expect(p.price).toBeGreaterThan(0);
        expect(p.source).toMatch(/^https:\/\/www\.amazonaws\.cn\/|^https:\/\/aws\.amazon\.com\//);
        expect(p.asOf).toMatch(/^\d{4}/);
        expect(['confident', 'unsure']).toContain(p.confidence);
      }
    }
  });

  it('prices one million of each unit at the list price', () => {
    const usEast = prices.regions['us-east-1']!;
    const million = Object.fromEntries(Object.keys(usEast.prices).map((k) => [k, 1_000_000])) as Record<PriceName, number>;
    const cost = priceUsage(million, usEast);
    expect(cost.lines.dynamodbWriteRequestUnit).toBeCloseTo(0.625, 10);
    expect(cost.lines.dynamodbReadRequestUnit).toBeCloseTo(0.125, 10);
    expect(cost.lines.httpApiRequest).toBeCloseTo(1, 10);
    expect(cost.lines.sqsRequest).toBeCloseTo(0.4, 10);
    expect(cost.lines.lambdaRequest).toBeCloseTo(0.2, 10);
    expect(cost.lines.lambdaGbSecond).toBeCloseTo(13.3334, 6);
    expect(cost.total).toBeCloseTo(
      Object.values(cost.lines).reduce((a, b) => a + b, 0),
      10,
    );
    expect(cost.unsure).toBe(false);
    expect(priceUsage(million, prices.regions['cn-northwest-1']!).unsure).toBe(true);
  });

  it('turns the work of a case into usage per 1,000 cases, paths weighing equally', () => {
    const pathCost = (wcu: number): PathCost => ({
      wcu,
      rcu: 8,
      indexUnits: 0,
      sqsRequests: 6,
      sqsSends: 2,
      scans: 0,
      unmetered: 0,
      dynamodbOperations: {},
      unitsBy: {},
      writeUnitsByItem: {},
      httpRequests: 5,
      httpGbSeconds: 0.25,
      queueInvocations: 2,
      storedBytes: 2 ** 20,
      steps: [],
    });
    // Two queue invocations of 100 ms at 512 MB: 0.1 GB-s on top of the HTTP functions' 0.25.
    const one = usageOfCase(pathCost(200), 100);
    expect(one).toMatchObject({
      lambdaRequest: 7,
      httpApiRequest: 5,
      sqsRequest: 6,
      dynamodbWriteRequestUnit: 200,
      dynamodbReadRequestUnit: 8,
    });
    expect(one.lambdaGbSecond).toBeCloseTo(0.35, 10);
    expect(one.dynamodbStorageGbMonth).toBeCloseTo(1 / 1024, 12);
    const per1000 = usagePer1000([one, usageOfCase(pathCost(300), 100)]);
    expect(per1000.dynamodbWriteRequestUnit).toBe(250_000);
    expect(per1000.httpApiRequest).toBe(5000);
    // 250,000 WRU at $0.625 per million.
    expect(priceUsage(per1000, prices.regions['us-east-1']!).lines.dynamodbWriteRequestUnit).toBeCloseTo(0.15625, 10);
  });
});
