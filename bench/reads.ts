// 3. Reads: GET /cases/{id} (by the case's owner) and GET /work-queues/mediation (by mediators),
// each beside its floor — the reads the handler makes (the store's, with the bench's client), without
// HTTP, auth or the view — in alternating rounds.

import { DEFAULT_PAGE_SIZE } from '#domain/queries.schema.ts';
import { CaseLists } from '#lib/case-lists.ts';
import { CaseStore } from '#lib/case-store.ts';
import { call } from './api.ts';
import type { Filed } from './intake.ts';
import { merge, runLoad, type LoadResult } from './load.ts';
import type { BenchRuntime } from './runtime.ts';
import { round, summarize } from './stats.ts';
import { userTokens } from './users.ts';

export interface ReadRow {
  route: string;
  concurrency: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  floorRps: number;
  floorP99Ms: number;
  ratio: number;
}

export interface ReadPlan {
  concurrencies: number[];
  requests: Record<number, number>;
  rounds: number;
}

export async function benchReads(rt: BenchRuntime, filed: Filed[], plan: ReadPlan): Promise<ReadRow[]> {
  if (filed.length === 0) throw new Error('reads need filed cases');
  const owners = new Map<string, string>();
  for (const f of filed) if (!owners.has(f.ownerSub)) owners.set(f.ownerSub, await rt.token('rights_holder', f.ownerSub));
  const mediators = await userTokens(rt, 'mediator', 'bench-mediator');
  const store = new CaseStore(rt.db, rt.tableName);
  const lists = new CaseLists(rt.db, rt.tableName);

  const routes = [
    {
      route: 'GET /cases/{caseId}',
      api: async (i: number) => {
        const f = filed[(i * 7919) % filed.length]!;
        const a = await call(rt.url, 'GET', `/cases/${f.caseId}`, owners.get(f.ownerSub)!);
        if (a.status !== 200) return `${a.status}`;
      },
      floor: async (i: number) => {
        const f = filed[(i * 7919) % filed.length]!;
        if (!(await store.getCase(f.caseId))) return 'missing';
      },
    },
    {
      route: 'GET /work-queues/{path}',
      api: async (i: number) => {
        const a = await call(rt.url, 'GET', '/work-queues/mediation', mediators[i % mediators.length]!.token);
        if (a.status !== 200 || a.body.items.length === 0) return `${a.status} items ${a.body?.items?.length}`;
      },
      floor: async () => {
        // The handler's page: the index Query (DEFAULT_PAGE_SIZE + 1 entries) and the complaints of those cases.
        const { cases } = await lists.queryCases(
          { index: 'workQueue', partition: 'mediation', forward: true, conditions: [] },
          { limit: DEFAULT_PAGE_SIZE, startKey: undefined },
        );
        if (cases.length === 0) return 'empty';
      },
    },
  ];

  const rows: ReadRow[] = [];
  for (const r of routes) {
    await runLoad({ label: `warm-up ${r.route}`, concurrency: 4, requests: 40, task: r.api });
    for (const concurrency of plan.concurrencies) {
      const requests = plan.requests[concurrency] ?? 100;
      const apiRuns: LoadResult[] = [];
      const floorRuns: LoadResult[] = [];
      for (let n = 0; n < plan.rounds; n++) {
        const runApi = () => runLoad({ label: `${r.route} API`, concurrency, requests, task: r.api });
        const runFloor = () => runLoad({ label: `${r.route} floor`, concurrency, requests, task: r.floor });
        if (n % 2 === 0) {
          apiRuns.push(await runApi());
          floorRuns.push(await runFloor());
        } else {
          floorRuns.push(await runFloor());
          apiRuns.push(await runApi());
        }
      }
      const a = merge(apiRuns);
      const f = merge(floorRuns);
      const s = summarize(a.latencies);
      rows.push({
        route: r.route,
        concurrency,
        requests: a.requests,
        rps: round(a.rps, 1),
        p50Ms: s.p50Ms,
        p99Ms: s.p99Ms,
        errors: a.errors,
        floorRps: round(f.rps, 1),
        floorP99Ms: summarize(f.latencies).p99Ms,
        ratio: round(a.rps / f.rps, 3),
      });
    }
  }
  return rows;
}
