// A bounded closed-loop load generator: `concurrency` workers, each sending its next request only
// when its last one answered, until a fixed number of requests has been sent. Closed loop means the
// figures are what the system sustains, not a queue growing behind an open-loop arrival rate.

import { progress } from './progress.ts';

export interface LoadResult {
  concurrency: number;
  requests: number;
  /** Requests that answered as expected. */
  ok: number;
  /** Unexpected answers or thrown errors (first few kept for the report). */
  errors: number;
  errorSamples: string[];
  elapsedMs: number;
  /** Successful requests per second over the whole run. */
  rps: number;
  /** Latency of each successful request, in ms. */
  latencies: number[];
}

/** One request; `i` is its index in 0…requests-1. Throw (or return a string) when the answer is wrong. */
// biome-ignore lint/suspicious/noConfusingVoidType: a task resolves with nothing, or with a note about its answer
export type Task = (i: number) => Promise<void | string>;

export async function runLoad(options: { label: string; concurrency: number; requests: number; task: Task }): Promise<LoadResult> {
  const { concurrency, requests, task } = options;
  const bar = progress(`${options.label} c=${concurrency}`);
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  let done = 0;
  const start = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= requests) return;
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        problem = (await task(i)) ?? undefined;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      const took = performance.now() - t0;
      if (problem === undefined) latencies.push(took);
      else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(problem.slice(0, 300));
      }
      bar.tick(++done, requests);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  const elapsedMs = performance.now() - start;
  bar.end(`${latencies.length}/${requests} ok in ${(elapsedMs / 1000).toFixed(1)} s${errors ? `, ${errors} errors` : ''}`);
  return {
    concurrency,
    requests,
    ok: latencies.length,
    errors,
    errorSamples,
    elapsedMs,
    rps: latencies.length / (elapsedMs / 1000),
    latencies,
  };
}

/** Several runs of the same load, merged (for alternating rounds of two loads measured side by side). */
export function merge(results: LoadResult[]): LoadResult {
  const first = results[0];
  if (!first) throw new Error('merge: no results');
  const ok = results.reduce((n, r) => n + r.ok, 0);
  const elapsedMs = results.reduce((n, r) => n + r.elapsedMs, 0);
  return {
    concurrency: first.concurrency,
    requests: results.reduce((n, r) => n + r.requests, 0),
    ok,
    errors: results.reduce((n, r) => n + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    elapsedMs,
    rps: ok / (elapsedMs / 1000),
    latencies: results.flatMap((r) => r.latencies),
  };
}
