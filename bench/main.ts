// `npm run bench [-- --quick]`: measures intake, routing, reads, cold-start proxies, work and cost per
// case, and scaling with table size, on this machine's local runtime (loopback only, every load
// bounded). Prints tables on stdout, progress on stderr, and writes bench/results/latest.json.
// Figures that are compared (API vs floor, function vs baselines) are measured in the same run,
// interleaved. The README section "Benchmarks" says what each figure means.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { CasePath } from '#domain/model.ts';
import { LAMBDA_NODE_MAJOR, quietSdkNodeWarning } from '#infra/local/node-version.ts';
import { benchColdStart } from './cold-start.ts';
import { loadPrices, priceUsage, usageOfCase, usagePer1000 } from './cost.ts';
import { benchIntake } from './intake.ts';
import { benchPerCase } from './per-case.ts';
import { elapsed, say } from './progress.ts';
import { benchReads } from './reads.ts';
import { table } from './report.ts';
import { benchRouting, benchRoutingThroughput } from './routing.ts';
import { startBenchRuntime, type BenchRuntime } from './runtime.ts';
import { benchScaling } from './scaling.ts';
import { issue13Rows } from './issue13.ts';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick' && !a.startsWith('--only='));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown argument ${unknown.join(' ')} (--quick, --only=<section numbers, comma-separated>)\n`);
  process.exit(2);
}
const quick = args.includes('--quick');
// Before any SDK client exists; the runtime child inherits the setting.
const nodeNotice = quietSdkNodeWarning();
/** `--only=5,6`: just those sections (for iterating; a full run is what the README quotes). */
const only = new Set(args.filter((a) => a.startsWith('--only=')).flatMap((a) => a.slice('--only='.length).split(',')));
const runs = (section: number): boolean => only.size === 0 || only.has(String(section));

const plan = quick
  ? {
      intake: { concurrencies: [1, 8, 32], requests: { 1: 20, 8: 64, 32: 96 }, rounds: 1 },
      reads: { concurrencies: [1, 8, 32], requests: { 1: 40, 8: 100, 32: 160 }, rounds: 1 },
      routingN: 80,
      floodN: 200,
      coldStart: { processes: 15, only: ['submitComplaint'] },
      scaling: { sizes: [1_000, 10_000], requests: 60 },
    }
  : {
      intake: { concurrencies: [1, 8, 32], requests: { 1: 200, 8: 600, 32: 900 }, rounds: 3 },
      reads: { concurrencies: [1, 8, 32], requests: { 1: 300, 8: 1000, 32: 1500 }, rounds: 3 },
      routingN: 600,
      floodN: 800,
      coldStart: { processes: 21, only: undefined },
      scaling: { sizes: [1_000, 10_000, 100_000], requests: 500 },
    };

const notes: string[] = [
  'Load uses many users (200 per role, request i by user i mod 200), each far under the per-caller limit of 20 requests/s, which stays on as in `npm start`: the rate limit is not what is measured.',
  "Everything on loopback on one machine: DynamoDB Local (in memory, a JVM) and the fauxqs SQS emulator stand in for DynamoDB and SQS; absolute figures are this machine's, the ratios are the point.",
  "The runtime under test runs in its own Node process; the load generator and the floor run in the bench process. On two cores the API path spreads its work over two processes (client, runtime) while the floor does all of it in one: a ratio near or above 1 means the HTTP edge and handler cost less than this machine's noise, not that the API beats the SDK.",
  `The bench, the runtime under test and the floor ran on Node ${process.version}; Lambda runs Node ${LAMBDA_NODE_MAJOR}. Cold-start figures exclude Lambda's own sandbox and runtime init, and the OS file cache is warm.`,
];
if (quick)
  notes.push(
    `--quick: fewer requests and rounds, routing over ${plan.routingN} complaints (the full run uses 600), cold start for submitComplaint only, scaling at 1k and 10k cases only (not 100k).`,
  );

const load0 = loadavg();
const startedAt = new Date();
say(
  `bench ${quick ? '--quick ' : ''}on Node ${process.version}, ${cpus().length} CPUs, load average ${load0.map((x) => x.toFixed(2)).join(' ')}`,
);
if (nodeNotice) say(nodeNotice);

const runtimes: BenchRuntime[] = [];
const results: Record<string, unknown> = {};
let failed = false;
try {
  // --- load sections, on a plain runtime (timers on, no meter) -----------------------------------
  say('starting the local runtime (DynamoDB Local, SQS emulator, HTTP edge) in a child process');
  const rt = [1, 2, 3, 4].some(runs) ? await startBenchRuntime({ meter: false, schedules: true }) : undefined;
  if (rt) runtimes.push(rt);

  // Cold start first, while the table holds only the case its events act on: what a fresh process
  // costs, not what a big table costs a handler that reads it all (GET /stats, see the README).
  if (rt && runs(4)) {
    say('4. cold start: bundles and fresh processes');
    const cold = await benchColdStart(rt, plan.coldStart);
    results['coldStart'] = cold.rows;
    results['coldStartBaselines'] = { empty: cold.empty, express: cold.express };
    results['coldStartNode'] = cold.node;
    notes.push(
      cold.node.lambdaLine
        ? `Cold starts ran on Node ${cold.node.version}, Lambda's line (${cold.node.path}, from ${cold.node.source}).`
        : `Cold starts ran on Node ${cold.node.version}, not Lambda's ${LAMBDA_NODE_MAJOR} (${cold.node.source}).`,
    );
    process.stdout.write(
      table(
        `4. Cold-start proxies — median spawn→answer of fresh node ${cold.node.version} processes (ms), bundle bytes; vsExpress = (initMs − empty) ÷ (Express − empty)`,
        [
          ...cold.rows.map((r) => ({
            function: r.function,
            bundleBytes: r.bundleBytes,
            initMs: r.initMs,
            importMs: r.importMs,
            invokeMs: r.invokeMs,
            status: r.status,
            vsExpress: Math.round(((r.initMs - cold.empty.initMs) / (cold.express.initMs - cold.empty.initMs)) * 100) / 100,
          })),
          {
            function: '(empty handler)',
            bundleBytes: cold.empty.bundleBytes,
            initMs: cold.empty.initMs,
            importMs: cold.empty.importMs,
            invokeMs: '',
            status: '200',
          },
          {
            function: '(Express, POST /complaints)',
            bundleBytes: cold.express.bundleBytes,
            initMs: cold.express.initMs,
            importMs: cold.express.importMs,
            invokeMs: cold.express.invokeMs,
            status: cold.express.status,
          },
        ],
      ),
    );

    process.stdout.write(
      table(
        '4b. Bundles — the largest inputs of each (esbuild metafile, by package)',
        cold.rows.map((r) => ({ function: r.function, bundleBytes: r.bundleBytes, largestInputs: r.largestInputs })),
      ),
    );
  }

  let filed: Awaited<ReturnType<typeof benchIntake>>['filed'] = [];
  if (rt && runs(1)) {
    say('1. intake: POST /complaints vs the same writes through the SDK');
    const intake = await benchIntake(rt, plan.intake);
    results['intake'] = intake.rows;
    filed = intake.filed;
    process.stdout.write(
      table(
        '1. Intake — POST /complaints (API) vs the same DynamoDB + SQS calls through the SDK (floor), vs a minimal durable accept (one conditional PutItem + one SendMessage), and a numbered accept (rate-limit and counter UpdateItem, then the same two; numberedRatio = numbered ÷ accept)',
        intake.rows as never,
      ),
    );
  }

  if (rt && runs(3)) {
    say('3. reads: GET /cases/{id}, GET /work-queues/{path} vs GetItem / Query');
    results['reads'] = await benchReads(rt, filed, plan.reads);
    process.stdout.write(table('3. Reads — API vs the GetItem / Query the handler makes (floor)', results['reads'] as never));
  }

  let routingP50Ms = 0;
  if (rt && runs(2)) {
    say(`2. routing: 202 → queued over ${plan.routingN} complaints`);
    const routing = await benchRouting(rt, plan.routingN);
    routingP50Ms = routing.p50Ms;
    results['routing'] = routing;
    process.stdout.write(table('2. Routing latency — 202 to `queued` (triage + path intake through two queues)', [routing as never]));

    say(`2b. routing throughput: ${plan.floodN} complaints filed as fast as the API takes them`);
    const flood = await benchRoutingThroughput(rt, plan.floodN);
    results['routingThroughput'] = flood;
    process.stdout.write(
      table("2b. Sustained routing — filing at the API's maximum (c=32), time until every case is queued", [flood as never]),
    );
  }
  if (rt) {
    await rt.stop();
    runtimes.pop();
  }

  // --- metered sections: functions reach DynamoDB and SQS through the counting proxy -------------
  // From here on the functions reach DynamoDB and SQS through the counting proxy, with the timers off.
  say('starting a metered runtime (capacity units and SQS requests counted; timers off)');
  const mt = [5, 6, 7].some(runs) ? await startBenchRuntime({ meter: true, schedules: false }) : undefined;
  if (mt) runtimes.push(mt);

  if (mt && [5, 6].some(runs)) {
    say('5. work per case: one case per path, filing to resolution');
    const perCase = await benchPerCase(mt, Date.now() % 1_000_000);
    results['perCase'] = perCase;
    const scans = Object.values(perCase).reduce((n, p) => n + p.scans, 0);
    if (scans > 0) {
      failed = true;
      say(`FAILED: ${scans} Scan operations on request paths`);
    }
    process.stdout.write(
      table(
        '5. Work per case — filing → resolution (WCU/RCU: on-demand request units incl. index writes; SQS: sends measured + 2 per message for the event source mapping, estimated)',
        Object.entries(perCase).map(([path, p]) => ({
          path,
          wcu: p.wcu,
          rcu: p.rcu,
          indexUnits: p.indexUnits,
          sqsRequests: p.sqsRequests,
          sqsSends: p.sqsSends,
          scans: p.scans,
          httpRequests: p.httpRequests,
          storedBytes: p.storedBytes,
        })),
      ),
    );

    const where = [...new Set(Object.values(perCase).flatMap((p) => Object.keys(p.unitsBy)))].sort();
    const kinds = [...new Set(Object.values(perCase).flatMap((p) => Object.keys(p.writeUnitsByItem)))].sort();
    process.stdout.write(
      table(
        '5b. Where the units go — per path, by operation (table part), by index, and by kind of item written (items: the table part of the writes again, by partition-key prefix)',
        [
          ...where.map((key) => ({
            units: key,
            ...Object.fromEntries(Object.entries(perCase).map(([path, p]) => [path, p.unitsBy[key] ?? 0])),
          })),
          ...kinds.map((kind) => ({
            units: `items:${kind}`,
            ...Object.fromEntries(Object.entries(perCase).map(([path, p]) => [path, p.writeUnitsByItem[kind] ?? 0])),
          })),
        ],
      ),
    );

    say('6. cost per 1,000 cases');
    const prices = loadPrices();
    const usages = Object.values(perCase).map((p) => usageOfCase(p, routingP50Ms / 2));
    const usage = usagePer1000(usages);
    const us = priceUsage(usage, prices.regions['us-east-1']!);
    const cn = priceUsage(usage, prices.regions['cn-northwest-1']!);
    results['costPer1000Cases'] = {
      'us-east-1': { usd: Number(us.total.toFixed(4)), lines: us.lines, unsure: us.unsure },
      'cn-northwest-1': { cny: Number(cn.total.toFixed(3)), lines: cn.lines, unsure: cn.unsure },
      usagePer1000Cases: usage,
      perPath: Object.fromEntries(
        (Object.keys(perCase) as CasePath[]).map((path, i) => [
          path,
          {
            usd: priceUsage(usages[i]!, prices.regions['us-east-1']!).total * 1000,
            cny: priceUsage(usages[i]!, prices.regions['cn-northwest-1']!).total * 1000,
          },
        ]),
      ),
      assumptions: [
        'The four paths weigh equally; free tiers ignored; storage is one month of the cases as stored at resolution.',
        'Lambda duration of HTTP functions = the client-side latency of each call (an upper bound: includes the local HTTP edge); of triage and path intake = half the median routing latency each (an upper bound: includes queue waits).',
        "SQS: sends measured; the event source mapping's receive + delete estimated at 2 requests per message; idle long-polling of the five queues is a fixed monthly cost, not per case.",
        `Prices: ${prices.note}`,
      ],
    };
    process.stdout.write(
      table('6. Cost per 1,000 cases (on-demand list prices, bench/prices.json)', [
        { region: 'us-east-1', currency: 'USD', total: us.total, ...us.lines, unsure: us.unsure ? 'YES' : 'no' },
        { region: 'cn-northwest-1', currency: 'CNY', total: cn.total, ...cn.lines, unsure: cn.unsure ? 'YES — verify prices' : 'no' },
      ]),
    );
  }

  if (mt && runs(7)) {
    say(`7. scaling: ${plan.scaling.sizes.join(', ')} cases in the table`);
    results['scaling'] = await benchScaling(mt, plan.scaling.sizes, plan.scaling.requests);
    process.stdout.write(table('7. Scaling — same requests with more cases in the table (metered runtime)', results['scaling'] as never));
    for (const row of results['scaling'] as { scans: number }[]) if (row.scans > 0) failed = true;
  }
  if (mt) {
    await mt.stop();
    runtimes.pop();
  }
  const usd = (results['costPer1000Cases'] as { 'us-east-1': { usd: number } } | undefined)?.['us-east-1'].usd;
  results['issue13'] = issue13Rows(results, usd);
  process.stdout.write(
    table("Issue 13 — before (README full run of 2026-11-25, the issue's measurements) and after (this run)", results['issue13'] as never),
  );
} catch (error) {
  failed = true;
  say(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  for (const r of runtimes) for (const line of r.errorLog()) say(`function error log: ${line}`);
} finally {
  for (const r of runtimes) await r.stop().catch(() => undefined);
}

const load1 = loadavg();
const report = {
  node: process.version,
  ...results,
  meta: {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    elapsed: elapsed(),
    quick,
    complete: !failed,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: load0,
    loadAverageAtEnd: load1,
    notes,
  },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nNotes:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`);
process.stdout.write(
  `\nNode ${process.version}; cold starts on ${results['coldStartNode'] ? `${(results['coldStartNode'] as { version: string }).version}` : '(not measured)'}.`,
);
process.stdout.write(
  `\nLoad average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${load1.map((x) => x.toFixed(2)).join(' ')} (${cpus().length} CPUs). Elapsed ${elapsed()}.\n`,
);
process.stdout.write('Written: bench/results/latest.json\n');
process.exit(failed ? 1 : 0);
