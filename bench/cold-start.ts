// 4. Cold-start proxies: each function bundled as infra/cdk/functions.ts bundles it (esbuild, ESM,
// minified, source map, node24 target, SDK bundled), then imported by a fresh `node` process that
// serves its sample event from events/ against the running DynamoDB Local and SQS emulator (so the
// call really does its I/O); the time is from spawning the process to its answer. Two baselines,
// interleaved with the functions round by round: an empty handler, and the submit route written as
// an Express app behind @codegenie/serverless-express (bench/express-submit.ts).
// The processes run on Node 24, Lambda's, when this machine has it (bench/node-binary.ts), else on
// the bench's own node, and the report says which. Not Lambda even so: no sandbox or runtime-client
// init, and the operating system's file cache is warm after the first round — every process is
// fresh, but the disk is not cold.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CREDENTIALS_ALIAS, UNUSED_SDK_MODULES } from '#infra/cdk/bundle-options.ts';
import { functions, type FunctionSpec } from '#infra/topology.ts';
import { functionEnvironment } from '#infra/local/function-env.ts';
import { defaultTopology } from '#infra/local/topology.ts';
import { SAMPLE_CASE_ID, sampleEventPath } from '../events/samples.ts';
import { call, expectStatus } from './api.ts';
import { complaint } from './complaints.ts';
import { coldStartNode, type ColdStartNode } from './node-binary.ts';
import { progress } from './progress.ts';
import type { BenchRuntime } from './runtime.ts';
import { median, round } from './stats.ts';

export interface ColdStartRow {
  function: string;
  /** Other functions that share this bundle (the path-intake functions). */
  sameBundleAs: string[];
  bundleBytes: number;
  /** Median, spawn → answer, over `processes` fresh processes. */
  initMs: number;
  importMs: number;
  invokeMs: number;
  status: string;
  /** The four largest inputs of the bundle, by package. */
  largestInputs: string;
  emptyInitMs: number;
  expressInitMs: number;
  processes: number;
}

export interface ColdStartResult {
  rows: ColdStartRow[];
  empty: { bundleBytes: number; initMs: number; importMs: number };
  express: { bundleBytes: number; initMs: number; importMs: number; invokeMs: number; status: string };
  /** The node the fresh processes ran on. */
  node: ColdStartNode;
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const eventsDir = join(repoRoot, 'events');
/** As infra/cdk/functions.ts: ESM bundles have no `require`; some CommonJS dependencies call it. */
const requireShim = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** As infra/cdk/functions.ts: the environment's credentials only, and the SDK modules no function uses left out. */
const credentialsAlias = { [CREDENTIALS_ALIAS.module]: join(repoRoot, CREDENTIALS_ALIAS.to) };

/** The bundle's size and its largest inputs by package (esbuild's metafile), e.g. "@smithy/core 116 KB, zod 102 KB". */
async function bundle(entry: string, outfile: string): Promise<{ bytes: number; largestInputs: string }> {
  const { metafile } = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: requireShim },
    minify: true,
    sourcemap: true,
    charset: 'utf8',
    alias: credentialsAlias,
    external: [...UNUSED_SDK_MODULES],
    metafile: true,
    logLevel: 'error',
  });
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  const largestInputs = [...byPackage]
    .sort(([, a], [, b]) => b - a)
    .slice(0, 4)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)} KB`)
    .join(', ');
  return { bytes: statSync(outfile).size, largestInputs };
}

const RUNNER = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundlePath, eventPath] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const context = { functionName: 'bench', awsRequestId: 'bench-' + process.pid, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  memoryLimitInMB: '512', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
const t0 = performance.now();
const mod = await import(pathToFileURL(bundlePath).href);
const t1 = performance.now();
let status;
try {
  const answer = await mod.handler(event, context);
  status = answer && typeof answer === 'object' ? String(answer.statusCode ?? (answer.batchItemFailures ? (answer.batchItemFailures.length === 0 ? 'batch ok' : answer.batchItemFailures.length + ' of batch failed') : 'ok')) : 'ok';
} catch (error) {
  status = 'threw: ' + (error && error.message);
}
const t2 = performance.now();
process.stdout.write('\\n@@' + JSON.stringify({ importMs: t1 - t0, invokeMs: t2 - t1, status }) + '\\n');
process.exit(0);
`;

/**
 * A real case for the events to act on: filed over the API and routed to a work queue, so reading,
 * claiming, triaging or queueing it does the work it would in production (not a 404 on a made-up id).
 */
async function queuedCase(rt: BenchRuntime): Promise<string> {
  const token = await rt.token('rights_holder', 'bench-cold-holder');
  const filed = await expectStatus(
    call(rt.url, 'POST', '/complaints', token, complaint(Date.now() % 100_000_000, 'mediation')),
    202,
    'cold start: filing its case',
  );
  for (let attempt = 0; attempt < 300; attempt++) {
    const current = await expectStatus(call(rt.url, 'GET', `/cases/${filed.caseId}`, token), 200, 'cold start: reading its case');
    if (current.status === 'queued') return filed.caseId as string;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cold start: case ${filed.caseId} was not queued within 30 s`);
}

/** A function's sample event (events/samples.ts), aimed at `caseId`; filing gets a fresh complaint. */
function eventFor(fn: FunctionSpec, dir: string, caseId: string): string {
  const sample = sampleEventPath(fn.name);
  if (!sample) throw new Error(`no sample event for ${fn.name} (events/samples.ts)`);
  const event = fn.name === 'submitComplaint' ? submitEvent() : JSON.parse(readFileSync(sample, 'utf8'));
  const path = join(dir, `${fn.name}.event.json`);
  writeFileSync(path, JSON.stringify(event).replaceAll(SAMPLE_CASE_ID, caseId));
  return path;
}

/** The POST /complaints sample with a complaint of its own and no Idempotency-Key: every process files a new case. */
function submitEvent(): any {
  const event = JSON.parse(readFileSync(join(eventsDir, 'http-post-complaints.json'), 'utf8'));
  delete event.headers['idempotency-key'];
  event.body = JSON.stringify(complaint(Date.now() % 100_000_000));
  return event;
}

interface Sample {
  totalMs: number;
  importMs: number;
  invokeMs: number;
  status: string;
}

function runOnce(node: string, runner: string, bundlePath: string, eventPath: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [runner, bundlePath, eventPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const at = out.indexOf('\n@@');
      if (!settled && at >= 0 && out.indexOf('\n', at + 3) > 0) {
        settled = true;
        const totalMs = performance.now() - t0;
        const line = out.slice(at + 3, out.indexOf('\n', at + 3));
        const parsed = JSON.parse(line) as Omit<Sample, 'totalMs'>;
        resolvePromise({ totalMs, ...parsed });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk).slice(-2000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!settled) reject(new Error(`cold-start process for ${bundlePath} exited ${code} without answering: ${err}`));
    });
  });
}

export async function benchColdStart(rt: BenchRuntime, options: { processes: number; only?: string[] }): Promise<ColdStartResult> {
  const node = coldStartNode(repoRoot);
  const dir = mkdtempSync(join(tmpdir(), 'akip-cold-'));
  try {
    // One bundle per handler module: the four path-intake functions share one.
    const byEntry = new Map<string, FunctionSpec[]>();
    for (const fn of functions) {
      if (options.only && !options.only.includes(fn.name)) continue;
      byEntry.set(fn.entry, [...(byEntry.get(fn.entry) ?? []), fn]);
    }
    const caseId = await queuedCase(rt);
    const bar = progress('cold start: bundling');
    const targets: { name: string; others: string[]; bundle: string; bytes: number; largestInputs: string; event: string }[] = [];
    let i = 0;
    for (const [entry, fns] of byEntry) {
      const fn = fns[0]!;
      const out = join(dir, `${fn.name}.mjs`);
      targets.push({
        name: fn.name,
        others: fns.slice(1).map((f) => f.name),
        bundle: out,
        ...(await bundle(resolve(repoRoot, entry), out)),
        event: eventFor(fn, dir, caseId),
      });
      bar.tick(++i, byEntry.size + 2);
    }
    const emptySource = join(dir, 'empty-src.mjs');
    writeFileSync(emptySource, "export const handler = async () => ({ statusCode: 200, body: '{}' });\n");
    const empty = { name: '(empty handler)', others: [], bundle: join(dir, 'empty.mjs'), bytes: 0, event: join(dir, 'empty.event.json') };
    empty.bytes = (await bundle(emptySource, empty.bundle)).bytes;
    writeFileSync(empty.event, JSON.stringify(JSON.parse(readFileSync(join(eventsDir, 'http-health.json'), 'utf8'))));
    const express = {
      name: '(Express + serverless-express, POST /complaints)',
      others: [],
      bundle: join(dir, 'express.mjs'),
      bytes: 0,
      event: join(dir, 'express.event.json'),
    };
    express.bytes = (await bundle(fileURLToPath(new URL('./express-submit.ts', import.meta.url)), express.bundle)).bytes;
    writeFileSync(express.event, JSON.stringify(submitEvent()));
    bar.end(`${targets.length} bundles + 2 baselines`);

    const runner = join(dir, 'runner.mjs');
    writeFileSync(runner, RUNNER);
    // The environment the runtime gives its handlers (the same builder `npm run invoke` uses), plus
    // what a deployed function gets from CDK (NODE_OPTIONS=--enable-source-maps).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps',
      LOG_LEVEL: 'info',
      ...functionEnvironment({ ...rt, siteUrl: rt.url }, defaultTopology, rt.dataDir, true),
    };

    const all = [empty, express, ...targets];
    const samples = new Map<string, Sample[]>(all.map((t) => [t.name, []]));
    const runs = progress('cold start: fresh processes');
    const total = all.length * options.processes;
    let done = 0;
    for (let round = 0; round < options.processes; round++) {
      // Interleaved, order rotated each round: no target always runs first (or right after a heavy one).
      const order = all.map((_, k) => all[(k + round) % all.length]!);
      for (const t of order) {
        samples.get(t.name)!.push(await runOnce(node.path, runner, t.bundle, t.event, env));
        runs.tick(++done, total);
      }
    }
    runs.end(`${done} processes`);

    const med = (name: string, key: keyof Omit<Sample, 'status'>) => round(median(samples.get(name)!.map((s) => s[key])), 1);
    const statusOf = (name: string) => [...new Set(samples.get(name)!.map((s) => s.status))].join('|');
    const emptyInitMs = med(empty.name, 'totalMs');
    const expressInitMs = med(express.name, 'totalMs');
    return {
      rows: targets.map((t) => ({
        function: t.name,
        sameBundleAs: t.others,
        bundleBytes: t.bytes,
        initMs: med(t.name, 'totalMs'),
        importMs: med(t.name, 'importMs'),
        invokeMs: med(t.name, 'invokeMs'),
        status: statusOf(t.name),
        largestInputs: t.largestInputs,
        emptyInitMs,
        expressInitMs,
        processes: options.processes,
      })),
      empty: { bundleBytes: empty.bytes, initMs: emptyInitMs, importMs: med(empty.name, 'importMs') },
      express: {
        bundleBytes: express.bytes,
        initMs: expressInitMs,
        importMs: med(express.name, 'importMs'),
        invokeMs: med(express.name, 'invokeMs'),
        status: statusOf(express.name),
      },
      node,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
