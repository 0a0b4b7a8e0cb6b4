// The figures a reliability test reports: what was broken, how much was asked of the system, and
// what it lost. Each test attaches them to its own result (vitest task meta) and logs one line (in
// its log file, or shown when it fails); the summary reporter adds them up at the end of the run.

import type { TestContext } from 'vitest';

export interface ReliabilityFigures {
  /** Faults injected: process kills, unreachable queues, duplicate or poison messages, races. */
  faults: number;
  /** Requests (HTTP calls or handler invocations) sent at the system under fault. */
  requests: number;
  /** Of those, the ones the system accepted (202 filings, winning claims and actions, …). */
  accepted: number;
  /** Accepted work that did not survive (a 202 case never queued, a second winner, …): must be 0. */
  lost: number;
  /** 5xx answers: must be 0. */
  fiveXx: number;
  /** Case numbers given twice: must be 0. */
  duplicateNumbers: number;
  /** A short free-form line (timings, counts specific to the test). */
  note?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    reliability?: ReliabilityFigures;
  }
}

/** Attaches the figures to the running test and prints them. */
export function report(context: TestContext, figures: ReliabilityFigures): void {
  context.task.meta.reliability = figures;
  const { faults, requests, accepted, lost, fiveXx, duplicateNumbers, note } = figures;
  console.log(
    `[reliability] ${context.task.name}\n  faults ${faults} · requests ${requests} · accepted ${accepted} · lost ${lost} · 5xx ${fiveXx} · duplicate numbers ${duplicateNumbers}${note ? `\n  ${note}` : ''}`,
  );
}

/** How many values occur more than once. */
export function duplicates(values: readonly string[]): number {
  return values.length - new Set(values).size;
}
