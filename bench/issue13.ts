// The figures issue 13 set goals for, before (the README's full run of 2026-11-25 and the issue's
// own measurements) and after (this run), printed side by side at the end of `npm run bench`.

export interface Issue13Row {
  figure: string;
  before: string;
  after: string;
  goal: string;
  met: string;
}

const BEFORE = {
  wcu: 'mediation 309, others 241–245',
  cost: '$0.179',
  routing: '~15 cases/s; 400 filed at 32/s all queued after 26 s',
  stats: 'a Query over all cases: 10 s cold at ~16,000 cases',
  bundles: '96–508 KB',
  coldInit: '0.74–0.80',
  intakeVsAccept: '0.16 / 0.30 / 0.35',
};

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const yes = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'yes' : 'NO');

export function issue13Rows(results: Record<string, unknown>, costUsd: number | undefined): Issue13Row[] {
  const perCase = results['perCase'] as Record<string, { wcu: number }> | undefined;
  const flood = results['routingThroughput'] as { ratio: number; routingRps: number; intakeRps: number; drainMs: number } | undefined;
  const scaling = results['scaling'] as { casesInTable: number; rcuPerStatsRead: number; statsP99Ms: number }[] | undefined;
  const cold = results['coldStart'] as { function: string; bundleBytes: number; initMs: number }[] | undefined;
  const base = results['coldStartBaselines'] as { empty: { initMs: number }; express: { initMs: number } } | undefined;
  const intake = results['intake'] as { concurrency: number; acceptRatio: number; numberedRatio: number }[] | undefined;

  const wcus = perCase ? Object.entries(perCase) : [];
  const maxWcu = Math.max(...wcus.map(([, p]) => p.wcu));
  const bundles = cold?.map((r) => r.bundleBytes) ?? [];
  const ratios = cold && base ? cold.map((r) => (r.initMs - base.empty.initMs) / (base.express.initMs - base.empty.initMs)) : [];
  const statsRcu = scaling?.map((r) => r.rcuPerStatsRead) ?? [];
  const at32 = intake?.find((r) => r.concurrency === 32);

  return [
    {
      figure: 'DynamoDB WCU per case, filing → resolution',
      before: BEFORE.wcu,
      after: perCase ? wcus.map(([path, p]) => `${path.slice(0, 5)} ${p.wcu}`).join(', ') : 'n/a',
      goal: '≤ 50 on every path',
      met: yes(perCase ? maxWcu <= 50 : undefined),
    },
    {
      figure: 'cost per 1,000 cases, us-east-1',
      before: BEFORE.cost,
      after: costUsd === undefined ? 'n/a' : `$${fmt(costUsd, 3)}`,
      goal: '≤ $0.05',
      met: yes(costUsd === undefined ? undefined : costUsd <= 0.05),
    },
    {
      figure: 'sustained routing ÷ intake maximum',
      before: BEFORE.routing,
      after: flood
        ? `${fmt(flood.ratio, 3)} (${flood.routingRps} queued/s vs ${flood.intakeRps} accepted/s; backlog drained ${flood.drainMs} ms after the last 202)`
        : 'n/a',
      goal: '≥ 1 (no backlog at full intake)',
      met: yes(flood ? flood.ratio >= 0.95 : undefined),
    },
    {
      figure: 'GET /stats read units per call',
      before: BEFORE.stats,
      after: scaling ? scaling.map((r) => `${r.casesInTable / 1000}k: ${r.rcuPerStatsRead} RCU, p99 ${r.statsP99Ms} ms`).join('; ') : 'n/a',
      goal: 'constant, flat from 1k to 100k',
      met: yes(scaling ? Math.max(...statsRcu) - Math.min(...statsRcu) <= 1 : undefined),
    },
    {
      figure: 'function bundles',
      before: BEFORE.bundles,
      after: cold ? `${Math.round(Math.min(...bundles) / 1024)}–${Math.round(Math.max(...bundles) / 1024)} KB` : 'n/a',
      goal: '≤ 300 KB each',
      met: yes(cold ? Math.max(...bundles) <= 300 * 1024 : undefined),
    },
    {
      figure: 'cold init above empty ÷ Express peer',
      before: BEFORE.coldInit,
      after: ratios.length ? `${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))}` : 'n/a',
      goal: '≤ 0.5',
      met: yes(ratios.length ? Math.max(...ratios) <= 0.5 : undefined),
    },
    {
      figure: 'intake ÷ minimal durable accept (c=1 / 8 / 32)',
      before: BEFORE.intakeVsAccept,
      // Beside it, what any implementation that answers with a case number could reach here.
      after: intake
        ? `${intake.map((r) => fmt(r.acceptRatio)).join(' / ')}; a numbered accept (rate-limit + counter + PutItem + SendMessage) reaches ${at32 ? fmt(at32.numberedRatio) : 'n/a'} at c=32`
        : 'n/a',
      goal: '≥ 0.5 at c=32',
      met: yes(at32 ? at32.acceptRatio >= 0.5 : undefined),
    },
  ];
}
