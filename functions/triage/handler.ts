// Intake queue consumer — applies the triage rules (SPEC §5) to a submitted case, writes each
// decision to the timeline, opens a linked evidence-preservation case if asked, and sends the
// case to its path's queue. A redelivered message finds the case already routed and only
// re-sends the path message (the path consumer is idempotent), so the effect happens once.

import { randomUUID } from 'node:crypto';
import { applyTriage, newCase, preservationComplaint } from '#domain/case.ts';
import type { Case } from '#domain/model.ts';
import { triage } from '#domain/routing.ts';
import { createNumberedCase } from '#lib/case-numbers.ts';
import { countResolvedAgainst, findOpenDuplicate, getCase, writeCases } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { addLogContext, log } from '#lib/log.ts';
import { parseRoutingMessage } from '#lib/messages.ts';
import { publish } from '#lib/publisher.ts';
import { queueFunction } from '#lib/queue-function.ts';

async function route(c: Case): Promise<Case[]> {
  const at = now();
  // Independent reads: one round trip's wait, not two.
  const [duplicateId, resolvedAgainstRespondent] = await Promise.all([
    findOpenDuplicate(c, [c.caseId, ...(c.parentCaseId ? [c.parentCaseId] : [])]),
    c.complaint.respondent.creditCode ? countResolvedAgainst(c.complaint.respondent.creditCode) : 0,
  ]);
  // Its owner goes on the flag too: whether a rights holder may see the id is whether it is its own.
  const duplicate = duplicateId ? await getCase(duplicateId) : null;
  const decision = triage(c.complaint, {
    openDuplicateCaseId: duplicateId,
    openDuplicateOwnerSub: duplicate?.ownerSub ?? null,
    resolvedAgainstRespondent,
  });
  if (!decision.openPreservationCase) {
    const routed = applyTriage(c, decision, at.toISOString(), null);
    await writeCases([{ transition: routed, expectedVersion: c.version, before: c }]);
    return [routed.case];
  }
  // The linked case is stored in the same transaction that routes its parent: both or neither.
  const linkedId = randomUUID();
  const routed = applyTriage(c, decision, at.toISOString(), linkedId);
  const linked = await createNumberedCase(
    at,
    (caseNumber) =>
      newCase({
        caseId: linkedId,
        caseNumber,
        owner: { role: 'rights_holder', sub: c.ownerSub },
        complaint: preservationComplaint(c.complaint),
        now: at.toISOString(),
        parentCaseId: c.caseId,
      }),
    [{ transition: routed, expectedVersion: c.version, before: c }],
  );
  return [routed.case, linked.case];
}

export const handler = queueFunction('triage', async (record) => {
  const { caseId } = parseRoutingMessage(record.body);
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found) throw new Error('case not found');
  if (found.status !== 'submitted') {
    log.info('case already past intake; nothing to do', { status: found.status });
    return;
  }
  // Routed before (a redelivery, or the reconciler): only make sure the path message goes out.
  const cases = found.path ? [found] : await route(found);
  for (const c of cases) {
    if (c.path) await publish(c.path, { caseId: c.caseId, path: c.path });
    else await publish('intake', { caseId: c.caseId });
  }
  log.info('case routed', { path: found.path ?? cases[0]?.path, linkedCases: cases.length - 1 });
});
