// Path queue consumer (one function per path) — puts a routed case into its path's work queue:
// status `queued`, the path's first stage, its priority and first deadline (SPEC §6).
// Idempotent: a case already queued (or moved on) is left as it is. A batch is queued at once where
// it can be (one read, one transaction); the rest goes record by record (see queue-function.ts).

import type { SQSRecord } from 'aws-lambda';
import { awaitsQueueing, enterWorkQueue, type Transition } from '#domain/case.ts';
import type { Calendar } from '#domain/calendar.ts';
import { firstDeadlineOnQueueing } from '#domain/deadlines.ts';
import type { Case, CasePath } from '#domain/model.ts';
import { calendarInForce, deadlineRules, warnIfCalendarIncomplete } from '#lib/calendar.ts';
import { getCase, getCases, writeCases } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { addLogContext, log } from '#lib/log.ts';
import { parseRoutingMessage } from '#lib/messages.ts';
import { queueFunction } from '#lib/queue-function.ts';

function queue(c: Case, path: CasePath, at: Date, cal: Calendar): Transition {
  const deadline = firstDeadlineOnQueueing(path, at, cal, deadlineRules());
  warnIfCalendarIncomplete(deadline);
  return enterWorkQueue(c, at.toISOString(), deadline);
}

function pathMessage(record: SQSRecord): { caseId: string; path: CasePath } {
  const { caseId, path } = parseRoutingMessage(record.body);
  if (!path) throw new Error('path message without a path');
  return { caseId, path };
}

async function queueBatch(records: SQSRecord[]): Promise<ReadonlySet<string>> {
  const byCase = new Map<string, { record: SQSRecord; path: CasePath }>();
  for (const record of records) {
    try {
      const { caseId, path } = pathMessage(record);
      if (!byCase.has(caseId)) byCase.set(caseId, { record, path });
    } catch {
      // Malformed: the record-by-record path fails it, towards the dead-letter queue.
    }
  }
  const found = await getCases([...byCase.keys()]);
  const at = now();
  const cal = await calendarInForce();
  const queued = [...byCase].flatMap(([caseId, { record, path }]) => {
    const c = found.get(caseId);
    return c && awaitsQueueing(c, path) ? [{ record, before: c, transition: queue(c, path, at, cal) }] : [];
  });
  if (queued.length === 0) return new Set();
  await writeCases(queued.map(({ before, transition }) => ({ transition, expectedVersion: before.version, before })));
  for (const { transition } of queued) {
    const c = transition.case;
    log.info('case queued', { caseId: c.caseId, path: c.path, stage: c.stage, dueAt: c.deadline?.dueAt ?? null });
  }
  return new Set(queued.map((q) => q.record.messageId));
}

async function queueOne(record: SQSRecord): Promise<void> {
  const { caseId, path } = pathMessage(record);
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found) throw new Error('case not found');
  if (!awaitsQueueing(found, path)) {
    log.info('case not awaiting this work queue; nothing to do', { status: found.status, path: found.path });
    return;
  }
  const queued = queue(found, path, now(), await calendarInForce());
  await writeCases([{ transition: queued, expectedVersion: found.version, before: found }]);
  log.info('case queued', { path, stage: queued.case.stage, dueAt: queued.case.deadline?.dueAt ?? null });
}

export const handler = queueFunction('pathIntake', queueOne, queueBatch);
