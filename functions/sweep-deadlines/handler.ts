// Scheduled deadline sweep (SPEC §6, §11): every case whose clock fell due is flagged overdue, gets a
// `deadline_overdue` timeline event and rises in its work queue (priority is derived from flags); a
// clock due by the end of the next working day gets a `deadline_due_soon` event once (the assignee
// is reminded: the notices follow from the events). Supervision orders and opinions that require a
// reply (SPEC §4 v2) have clocks of their own: one past due gets a `supervision_overdue` event (assignee
// and supervisor are told) and the case's `supervisionOverdue` flag; the index sorts a case by its
// earliest running clock of either kind, so the same query finds them all.
// Bounded per run: at most MAX_CASES, earliest deadline first; the rest stay in the index and the
// next run (5 minutes later) takes them. A case someone acted on meanwhile (WriteConflict) is
// skipped: the next run re-checks it against its new state. Idempotent: a flagged case leaves the
// `byDeadline` index, so a second run finds nothing to flag.

import { addWorkingDays, cstDate, endOfCstDay } from '#domain/calendar.ts';
import { markOverdue, markSupervisionOverdue, remindDueSoon } from '#domain/lifecycle.ts';
import { calendarInForce } from '#lib/calendar.ts';
import { getCase, writeCases, WriteConflict } from '#lib/case-store.ts';
import { listDueCaseIds } from '#lib/case-lists.ts';
import { now } from '#lib/clock.ts';
import { errorFields, log, withLogContext } from '#lib/log.ts';
import { scheduledFunction } from '#lib/scheduled-function.ts';

/** Cases handled per run at most: ~1000 × (GetItem + TransactWrite) fits well inside the 120 s timeout. */
export const MAX_CASES = 1000;
/** Cases worked on at once: different cases never contend, and the table is on-demand. */
const CONCURRENCY = 8;
/** Stop taking new cases when less than this is left of the invocation's time. */
const TIME_RESERVE_MS = 10_000;

export interface SweepResult {
  /** Cases flagged overdue by this run. */
  flagged: number;
  /** Cases whose clock falls due by the end of the next working day, reminded by this run. */
  reminded: number;
  /** Cases found due but left alone: changed meanwhile (write conflict), no longer due, or gone. */
  skipped: number;
  /** Cases whose sweep failed unexpectedly (logged as errors); they stay due for the next run. */
  failed: number;
  /** True when the run stopped at its bound (cases or time) with due cases left for the next run. */
  more: boolean;
}

type Outcome = 'flagged' | 'reminded' | 'skipped' | 'failed';

/** `detail.maxCases` may lower the bound (operators draining in small steps; tests). */
export const handler = scheduledFunction('sweepDeadlines', async (event, context): Promise<SweepResult> => {
  const requested = Number((event?.detail as { maxCases?: unknown } | undefined)?.maxCases);
  const maxCases = Number.isInteger(requested) && requested >= 1 && requested <= MAX_CASES ? requested : MAX_CASES;
  const startedAt = Date.now();
  const at = now();
  // Due by the end of the next working day: the overdue first (earliest deadline first), then those
  // to remind. One more than the bound: tells "exactly full" from "more waiting".
  const horizon = Date.parse(endOfCstDay(addWorkingDays(cstDate(at), 1, await calendarInForce()).date)) + 1;
  const due = await listDueCaseIds(new Date(horizon).toISOString(), maxCases + 1);
  const batch = due.slice(0, maxCases);
  const outOfTime = () => typeof context?.getRemainingTimeInMillis === 'function' && context.getRemainingTimeInMillis() < TIME_RESERVE_MS;

  let next = 0;
  let flagged = 0;
  let reminded = 0;
  let skipped = 0;
  let failed = 0;
  let stoppedEarly = false;
  const worker = async (): Promise<void> => {
    while (next < batch.length) {
      if (outOfTime()) {
        stoppedEarly = true;
        return;
      }
      const caseId = batch[next++]!;
      const outcome = await withLogContext({ function: 'sweepDeadlines', caseId }, () => sweepOne(caseId, at));
      if (outcome === 'flagged') flagged++;
      else if (outcome === 'reminded') reminded++;
      else if (outcome === 'skipped') skipped++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));

  const more = due.length > maxCases || stoppedEarly;
  if (flagged + reminded + failed > 0 || more) {
    log.info('deadline sweep done', {
      now: at.toISOString(),
      due: batch.length,
      flagged,
      reminded,
      skipped,
      failed,
      more,
      ms: Date.now() - startedAt,
    });
  }
  if (more) log.warn('more cases are due than one run handles; the next run continues', { maxCases, stoppedEarly });
  return { flagged, reminded, skipped, failed, more };
});

async function sweepOne(caseId: string, at: Date): Promise<Outcome> {
  try {
    const found = await getCase(caseId);
    if (!found) {
      log.warn('due case not found; skipped', {});
      return 'skipped';
    }
    // One change per case and run: the main clock first, then a supervision clock; the next run takes the rest.
    const overdue = markOverdue(found, at) ?? markSupervisionOverdue(found, at);
    const marked = overdue ?? remindDueSoon(found, at, await calendarInForce());
    if (!marked) {
      // Reminded already, and not due yet: it comes up in every run until it falls due.
      if (found.deadline?.reminded && !found.deadline.overdue) return 'skipped';
      // A supervision clock due within the horizon but not yet past: it too comes up until it falls due.
      if (found.supervision?.some((s) => s.repliedAt === null && !s.overdue && Date.parse(s.dueAt) >= at.getTime())) return 'skipped';
      // The index lags the table a moment (GSIs are eventually consistent), or the clock was
      // reset by an action between the query and the read.
      log.info('case no longer due; skipped', {
        dueAt: found.deadline?.dueAt ?? null,
        overdue: found.deadline?.overdue ?? null,
        status: found.status,
      });
      return 'skipped';
    }
    await writeCases([{ transition: { case: marked.case, events: [marked.event] }, expectedVersion: found.version, before: found }]);
    const clock = marked.event.data['deadline'] as { kind?: string; dueAt?: string } | undefined;
    log.info(overdue ? 'case flagged overdue' : 'assignee reminded of a deadline due by the next working day', {
      event: marked.event.type,
      kind: clock?.kind ?? found.deadline?.kind,
      dueAt: clock?.dueAt ?? found.deadline?.dueAt,
      priority: marked.case.priority,
      version: marked.case.version,
    });
    return overdue ? 'flagged' : 'reminded';
  } catch (error) {
    if (error instanceof WriteConflict) {
      log.info('case changed during the sweep; skipped, the next run re-checks it', { reasons: error.reasons });
      return 'skipped';
    }
    // One bad case must not stop the sweep of the others; it stays in the index for the next run.
    log.error('sweeping a case failed; the next run retries it', errorFields(error));
    return 'failed';
  }
}
