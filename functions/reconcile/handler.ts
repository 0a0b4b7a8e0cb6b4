// Scheduled reconciler — the "no lost complaint" guarantee (SPEC §8). A case is stored before its
// intake message is sent; if the send failed or the process died in between, the case stays in
// the `unrouted` index. Every run re-sends cases still unrouted after a grace period; triage is
// idempotent, so a case that was merely slow is not routed twice.

import { listUnrouted } from '#lib/case-lists.ts';
import { now } from '#lib/clock.ts';
import { errorFields, log } from '#lib/log.ts';
import { publish } from '#lib/publisher.ts';
import { scheduledFunction } from '#lib/scheduled-function.ts';

const GRACE_SECONDS = 30;
const END_OF_TIME = '9999-12-31T23:59:59.999Z';
const BATCH = 500;
/**
 * Sends that fail in a row before the run gives up: the queue is down, and each send may take its
 * full timeout (SEND_TIMEOUT_MS) — 500 of them would outlast the function. The next run goes on.
 */
const GIVE_UP_AFTER_FAILURES = 3;

export interface ReconcileResult {
  /** Cases whose intake message was sent again. */
  redriven: number;
  /** Sends that failed. */
  failed: number;
  /** Cases not tried because the queue looked down: the next run takes them. */
  deferred: number;
}

/** `detail.graceSeconds` may shorten the grace period (the local runtime passes 0 at start-up). */
export const handler = scheduledFunction('reconcile', async (event): Promise<ReconcileResult> => {
  const requested = Number((event?.detail as { graceSeconds?: unknown } | undefined)?.graceSeconds);
  const grace = Number.isFinite(requested) && requested >= 0 ? requested : GRACE_SECONDS;
  // No grace: every unrouted case, whatever its timestamp — one stamped by a clock that ran ahead
  // (a local run with a later CLOCK_START) is not in the future as far as re-sending goes.
  const before = grace === 0 ? END_OF_TIME : new Date(now().getTime() - grace * 1000).toISOString();
  const caseIds = await listUnrouted(before, BATCH);
  let redriven = 0;
  let failed = 0;
  let failedInRow = 0;
  for (const caseId of caseIds) {
    if (failedInRow >= GIVE_UP_AFTER_FAILURES) break;
    try {
      await publish('intake', { caseId });
      redriven++;
      failedInRow = 0;
    } catch (error) {
      failed++;
      failedInRow++;
      log.error('re-drive failed', { caseId, ...errorFields(error) });
    }
  }
  const deferred = caseIds.length - redriven - failed;
  if (deferred > 0) log.error('intake queue unreachable; the next run re-sends the rest', { redriven, failed, deferred });
  else if (caseIds.length > 0) log.info('unrouted cases re-driven', { redriven, failed });
  return { redriven, failed, deferred };
});
