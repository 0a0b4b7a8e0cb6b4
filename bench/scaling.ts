// 7. Scaling: the same intake and read figures with 1k, 10k and 100k cases already in the table,
// and the capacity units each request costs. Every request path is an index query or a key lookup,
// so cost per request must not grow with the table. Preloaded cases are written with
// BatchWriteItem in the store's item shapes (case and detail items; their timeline events are not
// written — no measured request reads another case's timeline) and added to the statistics; one in
// five is queued (spread over the four work queues), the rest resolved.

import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SHIPPED_CALENDAR, cstDate } from '#domain/calendar.ts';
import { applyTriage, enterWorkQueue, newCase } from '#domain/case.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { firstDeadlineOnQueueing } from '#domain/deadlines.ts';
import { PATHS, type Case, type CasePath } from '#domain/model.ts';
import { triage } from '#domain/routing.ts';
import { call } from './api.ts';
import { CaseStore } from '#lib/case-store.ts';
import { caseItems } from './case-items.ts';
import { complaint, respondentCreditCode, runOffset } from './complaints.ts';
import { diffCounts } from './meter.ts';
import { progress } from './progress.ts';
import { runLoad } from './load.ts';
import type { BenchRuntime } from './runtime.ts';
import { settle } from './settle.ts';
import { round, summarize } from './stats.ts';
import { userTokens } from './users.ts';

export interface ScalingRow {
  casesInTable: number;
  preloadSeconds: number;
  intakeP99Ms: number;
  intakeRps: number;
  readP99Ms: number;
  readRps: number;
  rcuPerRead: number;
  workQueueP99Ms: number;
  rcuPerWorkQueueRead: number;
  statsP99Ms: number;
  rcuPerStatsRead: number;
  /** Write units per filing, its routing (triage, path intake) included. */
  wcuPerFiling: number;
  scans: number;
}

const OWNERS = 1000;

function templates(at: Date): Record<CasePath, Case> {
  const parse = complaintSchema(cstDate(at));
  const out = {} as Record<CasePath, Case>;
  for (const path of PATHS) {
    const body = parse.parse(complaint(0, path));
    const filed = newCase({
      caseId: randomUUID(),
      caseNumber: 'AKIP-2025-000000',
      owner: { role: 'rights_holder', sub: 'x' },
      complaint: body,
      now: at.toISOString(),
    });
    const decision = triage(body, { openDuplicateCaseId: null, resolvedAgainstRespondent: 0 });
    const routed = applyTriage(filed.case, decision, at.toISOString(), null);
    out[path] = enterWorkQueue(routed.case, at.toISOString(), firstDeadlineOnQueueing(path, at, SHIPPED_CALENDAR)).case;
  }
  return out;
}

/** Preloaded case `i`: its own id, number, owner, respondent and filing time. */
function preloadedCase(base: Record<CasePath, Case>, i: number): Case {
  const path = PATHS[i % PATHS.length]!;
  const t = base[path];
  const createdAt = new Date(Date.parse(t.createdAt) - (i + 1) * 60_000).toISOString();
  const c: Case = {
    ...t,
    caseId: randomUUID(),
    caseNumber: `AKIP-2025-${String(i + 1).padStart(6, '0')}`,
    ownerSub: `bench-scale-owner-${i % OWNERS}`,
    createdAt,
    updatedAt: createdAt,
    complaint: { ...t.complaint, respondent: { ...t.complaint.respondent, creditCode: respondentCreditCode(500_000_000 + i) } },
  };
  return i % 5 === 0 ? c : { ...c, status: 'resolved', deadline: null };
}

async function preload(
  rt: BenchRuntime,
  from: number,
  to: number,
  base: Record<CasePath, Case>,
  queued: { caseId: string; ownerSub: string }[],
): Promise<void> {
  const bar = progress(`preload ${from}→${to} cases`);
  const store = new CaseStore(rt.db, rt.tableName);
  let next = from;
  let done = from;
  const worker = async () => {
    for (;;) {
      const start = next;
      if (start >= to) return;
      // BatchWriteItem takes 25 items; a case is two (case and detail).
      next = Math.min(to, start + 12);
      let requests = [];
      const cases: Case[] = [];
      for (let i = start; i < next; i++) {
        const c = preloadedCase(base, i);
        cases.push(c);
        if (c.status === 'queued') queued.push({ caseId: c.caseId, ownerSub: c.ownerSub });
        for (const Item of caseItems(c)) requests.push({ PutRequest: { Item } });
      }
      for (let attempt = 0; requests.length > 0 && attempt < 20; attempt++) {
        const answer = await rt.db.send(new BatchWriteCommand({ RequestItems: { [rt.tableName]: requests } }));
        requests = (answer.UnprocessedItems?.[rt.tableName] ?? []) as typeof requests;
      }
      if (requests.length > 0) throw new Error('preload: items left unprocessed after 20 tries');
      await store.addToStats(cases);
      done += 12;
      bar.tick(Math.min(done, to) - from, to - from);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  bar.end();
}

export async function benchScaling(rt: BenchRuntime, sizes: number[], requests: number): Promise<ScalingRow[]> {
  const base = templates(new Date());
  const holders = await userTokens(rt, 'rights_holder', 'bench-scale-holder');
  const mediators = await userTokens(rt, 'mediator', 'bench-scale-mediator');
  const supervisors = await userTokens(rt, 'supervisor', 'bench-scale-supervisor');
  const queued: { caseId: string; ownerSub: string }[] = [];
  const ownerTokens = new Map<string, string>();
  let sequence = runOffset + 700_000_000;
  let loaded = 0;
  const rows: ScalingRow[] = [];
  // Not measured: the first requests of each route on this runtime (module import, connections).
  await runLoad({
    label: 'warm-up (not measured)',
    concurrency: 4,
    requests: 40,
    task: async (i) => {
      const a = await call(rt.url, 'POST', '/complaints', holders[i % holders.length]!.token, complaint(sequence++));
      if (a.status !== 202) return `${a.status}`;
      const b = await call(rt.url, 'GET', '/work-queues/mediation', mediators[i % mediators.length]!.token);
      if (b.status !== 200) return `${b.status}`;
      // An unknown id: 404 after the same GetItem.
      const c = await call(rt.url, 'GET', `/cases/${randomUUID()}`, holders[i % holders.length]!.token);
      if (c.status !== 404) return `${c.status}`;
    },
  });
  await settle(rt);
  for (const size of sizes) {
    const t0 = performance.now();
    await preload(rt, loaded, size, base, queued);
    const preloadSeconds = round((performance.now() - t0) / 1000, 1);
    loaded = size;
    for (const q of queued) if (!ownerTokens.has(q.ownerSub)) ownerTokens.set(q.ownerSub, await rt.token('rights_holder', q.ownerSub));

    const c0 = await rt.counts();
    const intake = await runLoad({
      label: `intake @${size}`,
      concurrency: 8,
      requests,
      task: async (i) => {
        const a = await call(rt.url, 'POST', '/complaints', holders[i % holders.length]!.token, complaint(sequence++));
        if (a.status !== 202) return `${a.status}`;
      },
    });
    // Let triage and path intake of those filings finish, so their units count with the filings.
    await settle(rt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const c1 = await rt.counts();
    const read = await runLoad({
      label: `GET /cases/{id} @${size}`,
      concurrency: 8,
      requests,
      task: async (i) => {
        const q = queued[(i * 7919) % queued.length]!;
        const a = await call(rt.url, 'GET', `/cases/${q.caseId}`, ownerTokens.get(q.ownerSub)!);
        if (a.status !== 200) return `${a.status}`;
      },
    });
    const c2 = await rt.counts();
    const wq = await runLoad({
      label: `GET /work-queues @${size}`,
      concurrency: 8,
      requests: Math.ceil(requests / 2),
      task: async (i) => {
        const a = await call(rt.url, 'GET', '/work-queues/mediation', mediators[i % mediators.length]!.token);
        if (a.status !== 200) return `${a.status}`;
      },
    });
    const c3 = await rt.counts();
    const stats = await runLoad({
      label: `GET /stats @${size}`,
      concurrency: 4,
      requests: Math.ceil(requests / 4),
      task: async (i) => {
        const a = await call(rt.url, 'GET', '/stats', supervisors[i % supervisors.length]!.token);
        if (a.status !== 200 || a.body.total < size) return `${a.status} total ${a.body?.total}`;
      },
    });
    const c4 = await rt.counts();
    const statsUse = diffCounts(c4.dynamodb, c3.dynamodb);
    const intakeUse = diffCounts(c1.dynamodb, c0.dynamodb);
    const readUse = diffCounts(c2.dynamodb, c1.dynamodb);
    const wqUse = diffCounts(c3.dynamodb, c2.dynamodb);
    rows.push({
      casesInTable: size,
      preloadSeconds,
      intakeP99Ms: summarize(intake.latencies).p99Ms,
      intakeRps: round(intake.rps, 1),
      readP99Ms: summarize(read.latencies).p99Ms,
      readRps: round(read.rps, 1),
      rcuPerRead: round(readUse.readUnits / Math.max(1, read.ok), 3),
      workQueueP99Ms: summarize(wq.latencies).p99Ms,
      rcuPerWorkQueueRead: round(wqUse.readUnits / Math.max(1, wq.ok), 3),
      statsP99Ms: summarize(stats.latencies).p99Ms,
      rcuPerStatsRead: round(statsUse.readUnits / Math.max(1, stats.ok), 3),
      // Filing, triage and path intake together.
      wcuPerFiling: round(intakeUse.writeUnits / Math.max(1, intake.ok), 3),
      scans:
        (intakeUse.operations['Scan'] ?? 0) +
        (readUse.operations['Scan'] ?? 0) +
        (wqUse.operations['Scan'] ?? 0) +
        (statsUse.operations['Scan'] ?? 0),
    });
  }
  return rows;
}
