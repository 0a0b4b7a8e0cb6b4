// Intake queue consumer — applies the triage rules (SPEC §5) to a submitted case, writes each
// decision to the timeline, opens a linked evidence-preservation case if asked, and sends the
// case to its path's queue. A redelivered message finds the case already routed and only
// re-sends the path message (the path consumer is idempotent), so the effect happens once.
//
// A batch is routed at once where it can be (one read of its cases, one transaction, one send per
// path): the intake queue fills as fast as people file, and routing must keep that pace.
// Whatever the batch step leaves — a case routed before, a message that does not parse, a lost
// race — goes the record-by-record way below.

import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { applyTriage, newCase, preservationComplaint, type Transition } from '#domain/case.ts';
import type { Case } from '#domain/model.ts';
import { triage } from '#domain/routing.ts';
import { logNumberGap, numberCase } from '#lib/case-numbers.ts';
import { countResolvedAgainst, findOpenDuplicate, getCase, getCases, writeCases, type CaseWrite } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { addLogContext, log } from '#lib/log.ts';
import { parseRoutingMessage } from '#lib/messages.ts';
import { publish, publishAll, type Outgoing } from '#lib/publisher.ts';
import { queueFunction } from '#lib/queue-function.ts';

/** The writes that route a case (and open its linked case), and the cases they leave. */
interface Routing {
  writes: CaseWrite[];
  cases: Case[];
}

async function planRoute(c: Case, at: Date): Promise<Routing> {
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
    return { writes: [{ transition: routed, expectedVersion: c.version, before: c }], cases: [routed.case] };
  }
  // The linked case is stored in the same transaction that routes its parent: both or neither.
  const linkedId = randomUUID();
  const routed = applyTriage(c, decision, at.toISOString(), linkedId);
  const linked: Transition = await numberCase(at, (caseNumber) =>
    newCase({
      caseId: linkedId,
      caseNumber,
      owner: { role: 'rights_holder', sub: c.ownerSub },
      complaint: preservationComplaint(c.complaint),
      now: at.toISOString(),
      parentCaseId: c.caseId,
    }),
  );
  return {
    writes: [
      { transition: linked, expectedVersion: null },
      { transition: routed, expectedVersion: c.version, before: c },
    ],
    cases: [routed.case, linked.case],
  };
}

/** Where a routed case goes next: its path's queue, or (a linked case just opened) the intake queue. */
function nextMessage(c: Case): Pick<Outgoing, 'queue' | 'message'> {
  return c.path ? { queue: c.path, message: { caseId: c.caseId, path: c.path } } : { queue: 'intake', message: { caseId: c.caseId } };
}

/** Numbers taken for linked cases, if the transaction that would have stored them did not happen. */
function logGaps(routings: Routing[], error: unknown): void {
  for (const r of routings) for (const w of r.writes) if (w.expectedVersion === null) logNumberGap(w.transition.case.caseNumber, error);
}

async function routeBatch(records: SQSRecord[]): Promise<ReadonlySet<string>> {
  // One record per case, and only submitted cases not yet routed: the rest go one by one.
  const byCase = new Map<string, SQSRecord>();
  for (const record of records) {
    let caseId: string;
    try {
      ({ caseId } = parseRoutingMessage(record.body));
    } catch {
      continue;
    }
    if (!byCase.has(caseId)) byCase.set(caseId, record);
  }
  const found = await getCases([...byCase.keys()]);
  const at = now();
  const planned = await Promise.all(
    [...byCase].map(async ([caseId, record]) => {
      const c = found.get(caseId);
      if (c?.status !== 'submitted' || c.path) return null;
      return { record, routing: await planRoute(c, at) };
    }),
  );
  const routings = planned.filter((p) => p !== null);
  if (routings.length === 0) return new Set();
  try {
    await writeCases(routings.flatMap((p) => p.routing.writes));
  } catch (error) {
    logGaps(
      routings.map((p) => p.routing),
      error,
    );
    throw error;
  }
  const outgoing = routings.flatMap(({ record, routing }) =>
    routing.cases.map((c, k) => ({ id: `${record.messageId}#${k}`, ...nextMessage(c) })),
  );
  const sent = await publishAll(outgoing);
  const done = new Set<string>();
  for (const { record, routing } of routings) {
    if (routing.cases.every((_, k) => sent.has(`${record.messageId}#${k}`))) {
      done.add(record.messageId);
      log.info('case routed', { caseId: routing.cases[0]?.caseId, path: routing.cases[0]?.path, linkedCases: routing.cases.length - 1 });
    }
  }
  return done;
}

async function routeOne(record: SQSRecord): Promise<void> {
  const { caseId } = parseRoutingMessage(record.body);
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found) throw new Error('case not found');
  if (found.status !== 'submitted') {
    log.info('case already past intake; nothing to do', { status: found.status });
    return;
  }
  let cases = [found];
  // Routed before (a redelivery, the reconciler, the batch step): only make sure the path message goes out.
  if (!found.path) {
    const routing = await planRoute(found, now());
    try {
      await writeCases(routing.writes);
    } catch (error) {
      logGaps([routing], error);
      throw error;
    }
    cases = routing.cases;
  }
  for (const c of cases) {
    const { queue, message } = nextMessage(c);
    await publish(queue, message);
  }
  log.info('case routed', { path: found.path ?? cases[0]?.path, linkedCases: cases.length - 1 });
}

export const handler = queueFunction('triage', routeOne, routeBatch);
