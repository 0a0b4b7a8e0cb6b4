// Between two measured loads, wait until the pipeline has routed everything filed so far, so one
// load's background work (triage, path intake) does not land on the next one's figures.

import { CaseLists } from '#lib/case-lists.ts';
import type { BenchRuntime } from './runtime.ts';

/** Cases still `submitted` (in the sparse `unrouted` index), up to 100,000. */
export async function unroutedCount(rt: BenchRuntime): Promise<number> {
  return (await new CaseLists(rt.db, rt.tableName).listUnrouted('9999', 100_000)).length;
}

/** Waits (at most `timeoutMs`) until nothing is left unrouted; returns what was still left. */
export async function settle(rt: BenchRuntime, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await unroutedCount(rt);
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
