// Creating a case from a complaint and the intake transitions (triage, entering a work queue).
// Each function returns the new case and the timeline events it writes; storing them is the caller's job.

import { FIRST_STAGE, type Actor, type Case, type CasePath, type Complaint, type Deadline } from './model.ts';
import { GENESIS_HASH, appendEvents, type NewEvent, type TimelineEvent } from './timeline.ts';
import { DEFAULT_PRIORITY, type TriageDecision, preservationOpenedEvent } from './routing.ts';

export interface Transition {
  case: Case;
  events: TimelineEvent[];
}

/** `AKIP-2026-000123`: sequential per year. */
export function formatCaseNumber(year: number, seq: number): string {
  return `AKIP-${year}-${String(seq).padStart(6, '0')}`;
}

/** Applies events to a case: bumps version, stamps updatedAt, chains the timeline. */
function commit(c: Case, now: string, events: NewEvent[]): Transition {
  const chained = appendEvents(c.caseId, c.timelineHead, now, events);
  return {
    case: { ...c, version: c.version + 1, updatedAt: now, timelineHead: chained.head },
    events: chained.events,
  };
}

export function newCase(input: {
  caseId: string;
  caseNumber: string;
  owner: Actor;
  complaint: Complaint;
  now: string;
  parentCaseId?: string;
}): Transition {
  const draft: Case = {
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    status: 'submitted',
    path: null,
    stage: null,
    ownerSub: input.owner.sub,
    complaint: input.complaint,
    flags: { repeatRespondent: false, possibleDuplicateOf: null, overdue: false },
    priority: DEFAULT_PRIORITY,
    deadline: null,
    outcome: null,
    assignee: null,
    parentCaseId: input.parentCaseId ?? null,
    linkedCaseIds: [],
    version: 0,
    createdAt: input.now,
    updatedAt: input.now,
    timelineHead: { seq: 0, hash: GENESIS_HASH },
  };
  const data: Record<string, unknown> = { caseNumber: input.caseNumber, rightKind: input.complaint.right.kind };
  if (input.parentCaseId) data['parentCaseId'] = input.parentCaseId;
  return commit(draft, input.now, [{ type: 'submitted', actor: input.owner, data }]);
}

/** The complaint of a linked evidence-preservation case: the parent's, asking for notarization only. */
export function preservationComplaint(parent: Complaint): Complaint {
  const { arbitrationAgreement: _ignored, ...rest } = parent;
  return { ...rest, preferredPath: 'notarization', requestEvidencePreservation: false };
}

export function applyTriage(c: Case, decision: TriageDecision, now: string, linkedCaseId: string | null): Transition {
  const events = linkedCaseId ? [...decision.events, preservationOpenedEvent(linkedCaseId)] : decision.events;
  return commit(
    {
      ...c,
      path: decision.path,
      priority: decision.priority,
      flags: {
        ...c.flags,
        repeatRespondent: decision.repeatRespondent,
        possibleDuplicateOf: decision.possibleDuplicateOf,
        possibleDuplicateOwnerSub: decision.possibleDuplicateOwnerSub,
      },
      linkedCaseIds: linkedCaseId ? [...c.linkedCaseIds, linkedCaseId] : c.linkedCaseIds,
      ...(decision.enforcement ? { enforcement: decision.enforcement } : {}),
    },
    now,
    events,
  );
}

/** Routed and not yet in a work queue: the path consumer may queue it. */
export function awaitsQueueing(c: Case, path: CasePath): boolean {
  return c.status === 'submitted' && c.path === path;
}

export function enterWorkQueue(c: Case, now: string, deadline: Deadline | null): Transition {
  if (c.path === null) throw new Error(`case ${c.caseId} has no path`);
  const stage = FIRST_STAGE[c.path];
  return commit({ ...c, status: 'queued', stage, deadline }, now, [
    {
      type: 'queued',
      actor: { role: 'system', sub: `${c.path}-intake` },
      data: { path: c.path, stage, priority: c.priority, ...(deadline ? { deadline } : {}) },
    },
  ]);
}
