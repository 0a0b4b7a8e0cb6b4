// Path queue consumer (one function per path) — puts a routed case into its path's work queue:
// status `queued`, the path's first stage, its priority and first deadline (SPEC §6).
// Idempotent: a case already queued (or moved on) is left as it is.

import { awaitsQueueing, enterWorkQueue } from '#domain/case.ts';
import { firstDeadlineOnQueueing } from '#domain/deadlines.ts';
import { calendar, deadlineRules, warnIfCalendarIncomplete } from '#lib/calendar.ts';
import { getCase, writeCases } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { addLogContext, log } from '#lib/log.ts';
import { parseRoutingMessage } from '#lib/messages.ts';
import { queueFunction } from '#lib/queue-function.ts';

export const handler = queueFunction('pathIntake', async (record) => {
  const { caseId, path } = parseRoutingMessage(record.body);
  if (!path) throw new Error('path message without a path');
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found) throw new Error('case not found');
  if (!awaitsQueueing(found, path)) {
    log.info('case not awaiting this work queue; nothing to do', { status: found.status, path: found.path });
    return;
  }
  const at = now();
  const deadline = firstDeadlineOnQueueing(path, at, calendar(), deadlineRules());
  warnIfCalendarIncomplete(deadline);
  const queued = enterWorkQueue(found, at.toISOString(), deadline);
  await writeCases([{ transition: queued, expectedVersion: found.version, before: found }]);
  log.info('case queued', { path, stage: queued.case.stage, dueAt: deadline?.dueAt ?? null });
});
