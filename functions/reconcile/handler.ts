// Scheduled reconciler — the "no lost complaint" guarantee (SPEC §8). A case is stored before its
// intake message is sent; if the send failed or the process died in between, the case stays in
// the `unrouted` index. Every run re-sends cases still unrouted after a grace period; triage is
// idempotent, so a case that was merely slow is not routed twice.

import type { ScheduledEvent } from 'aws-lambda';
import { listUnrouted } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { errorFields, log, withLogContext } from '#lib/log.ts';
import { publish } from '#lib/publisher.ts';

const GRACE_SECONDS = 30;
const BATCH = 500;

/** `detail.graceSeconds` may shorten the grace period (the local runtime passes 0 at start-up). */
export async function handler(event?: Partial<ScheduledEvent>): Promise<{ redriven: number; failed: number }> {
  return withLogContext({ function: 'reconcile' }, async () => {
    const requested = Number((event?.detail as { graceSeconds?: unknown } | undefined)?.graceSeconds);
    const grace = Number.isFinite(requested) && requested >= 0 ? requested : GRACE_SECONDS;
    const before = new Date(now().getTime() - grace * 1000).toISOString();
    const caseIds = await listUnrouted(before, BATCH);
    let failed = 0;
    for (const caseId of caseIds) {
      try {
        await publish('intake', { caseId });
      } catch (error) {
        failed++;
        log.error('re-drive failed', { caseId, ...errorFields(error) });
      }
    }
    if (caseIds.length > 0) log.info('unrouted cases re-driven', { redriven: caseIds.length - failed, failed });
    return { redriven: caseIds.length - failed, failed };
  });
}
