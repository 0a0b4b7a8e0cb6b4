// 2. Routing latency: from the 202 of POST /complaints to the case's `queued` timeline event (written
// by the path-intake function; the clock of this machine on both sides), over n complaints filed
// one after another at a fixed pace (`ratePerSecond`, well under what triage and path intake handle
// here, so the figure is the pipeline's latency, not a backlog's). Read afterwards from the table, so no polling load skews it.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { call } from './api.ts';
import { complaint } from './complaints.ts';
import { runLoad } from './load.ts';
import { say } from './progress.ts';
import type { BenchRuntime } from './runtime.ts';
import { round, summarize } from './stats.ts';
import { userTokens } from './users.ts';

export interface RoutingResult {
  n: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The pace asked for, and the pace achieved. */
  filingRateTarget: number;
  filingRps: number;
  notQueued: number;
}

async function queuedAt(rt: BenchRuntime, caseId: string): Promise<number | null> {
  const { Items = [] } = await rt.db.send(
    new QueryCommand({
      TableName: rt.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':ev': 'EVENT#' },
    }),
  );
  const event = Items.find((e) => e['type'] === 'queued');
  return event ? Date.parse(String(event['at'])) : null;
}

export async function benchRouting(rt: BenchRuntime, n: number, ratePerSecond = 8): Promise<RoutingResult> {
  const concurrency = 1;
  const intervalMs = 1000 / ratePerSecond;
  const users = await userTokens(rt, 'rights_holder', 'bench-router');
  const accepted = new Map<string, number>();
  const base = 900_000_000 + (Date.now() % 1000) * 100_000;
  const startedAt = performance.now();
  const load = await runLoad({
    label: 'routing: filing',
    concurrency,
    requests: n,
    task: async (i) => {
      // Paced: filing i starts no earlier than i intervals after the first.
      const wait = startedAt + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const a = await call(rt.url, 'POST', '/complaints', users[i % users.length]!.token, complaint(base + i));
      const at = Date.now();
      if (a.status !== 202) return `${a.status}`;
      accepted.set(a.body.caseId, at);
    },
  });
  const latencies: number[] = [];
  let pending = [...accepted.keys()];
  const deadline = Date.now() + 120_000;
  while (pending.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const caseId of pending) {
      const at = await queuedAt(rt, caseId);
      if (at === null) still.push(caseId);
      else latencies.push(at - accepted.get(caseId)!);
    }
    pending = still;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (pending.length > 0) say(`routing: ${pending.length} cases not queued within 120 s`);
  const s = summarize(latencies);
  return {
    n: latencies.length,
    p50Ms: s.p50Ms,
    p95Ms: s.p95Ms,
    p99Ms: s.p99Ms,
    maxMs: s.maxMs,
    filingRateTarget: ratePerSecond,
    filingRps: round(load.rps, 1),
    notQueued: pending.length,
  };
}

export interface ThroughputResult {
  n: number;
  concurrency: number;
  /** Complaints accepted per second while filing as fast as the API answers (its maximum here, with the pipeline running). */
  intakeRps: number;
  /** Complaints queued per second, from the first filing to the last `queued`. */
  routingRps: number;
  /** routingRps ÷ intakeRps: 1 means the pipeline kept up with the front door. */
  ratio: number;
  /** From the last 202 to the last `queued`: the backlog left when filing stopped. */
  drainMs: number;
  notQueued: number;
}

/**
 * 2b. Sustained routing: file n complaints as fast as the API takes them (closed loop, `concurrency`
 * workers), then find when each was queued. The pipeline keeps up when the last case is queued
 * about one routing latency after the last 202, whatever n.
 */
export async function benchRoutingThroughput(rt: BenchRuntime, n: number, concurrency = 32): Promise<ThroughputResult> {
  const users = await userTokens(rt, 'rights_holder', 'bench-flood');
  const base = 950_000_000 + (Date.now() % 1000) * 100_000;
  const filed: string[] = [];
  const startedAt = Date.now();
  let lastAccepted = startedAt;
  await runLoad({
    label: 'routing throughput: filing',
    concurrency,
    requests: n,
    task: async (i) => {
      const a = await call(rt.url, 'POST', '/complaints', users[i % users.length]!.token, complaint(base + i));
      if (a.status !== 202) return `${a.status}`;
      filed.push(a.body.caseId);
      lastAccepted = Math.max(lastAccepted, Date.now());
    },
  });
  let pending = filed;
  let lastQueued = lastAccepted;
  const deadline = Date.now() + 180_000;
  while (pending.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const caseId of pending) {
      const at = await queuedAt(rt, caseId);
      if (at === null) still.push(caseId);
      else lastQueued = Math.max(lastQueued, at);
    }
    pending = still;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (pending.length > 0) say(`routing throughput: ${pending.length} cases not queued within 180 s`);
  const intakeRps = filed.length / ((lastAccepted - startedAt) / 1000);
  const routingRps = (filed.length - pending.length) / ((lastQueued - startedAt) / 1000);
  return {
    n: filed.length,
    concurrency,
    intakeRps: round(intakeRps, 1),
    routingRps: round(routingRps, 1),
    ratio: round(routingRps / intakeRps, 3),
    drainMs: lastQueued - lastAccepted,
    notQueued: pending.length,
  };
}
