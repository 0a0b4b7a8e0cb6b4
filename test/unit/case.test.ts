import { describe, expect, it } from 'vitest';
import { applyTriage, enterWorkQueue, formatCaseNumber, newCase, preservationComplaint } from '#domain/case.ts';
import type { Complaint } from '#domain/model.ts';
import { triage } from '#domain/routing.ts';
import { verifyChain } from '#domain/timeline.ts';
import { parsedComplaint } from '../support/complaints.ts';

const complaint: Complaint = parsedComplaint((c) => {
  c.preferredPath = 'arbitration';
  c.arbitrationAgreement = { reference: 'A-1', signedOn: '2025-06-01' };
  c.requestEvidencePreservation = true;
});
const owner = { role: 'rights_holder', sub: 'owner-1' } as const;
const T0 = '2026-03-02T01:00:00.000Z';

describe('a new case', () => {
  it('numbers cases per year with six digits', () => {
    expect(formatCaseNumber(2026, 123)).toBe('AKIP-2026-000123');
  });

  it('starts submitted at version 1 with one submitted event by its owner', () => {
    const { case: c, events } = newCase({ caseId: 'c1', caseNumber: 'AKIP-2026-000001', owner, complaint, now: T0 });
    expect(c).toMatchObject({ status: 'submitted', path: null, stage: null, version: 1, ownerSub: 'owner-1', assignee: null });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, type: 'submitted', actor: owner });
    expect(c.timelineHead).toEqual({ seq: 1, hash: events[0]?.hash });
  });
});

describe('intake transitions', () => {
  it('triage sets path, flags and the linked case, one event per rule, version +1', () => {
    const filed = newCase({ caseId: 'c1', caseNumber: 'AKIP-2026-000001', owner, complaint, now: T0 });
    const decision = triage(complaint, { openDuplicateCaseId: null, resolvedAgainstRespondent: 0 });
    const routed = applyTriage(filed.case, decision, T0, 'c2');
    expect(routed.case).toMatchObject({ path: 'arbitration', status: 'submitted', version: 2, linkedCaseIds: ['c2'] });
    expect(routed.events.map((e) => e.type)).toEqual(['routed', 'evidence_preservation_case_opened']);
    expect(verifyChain([...filed.events, ...routed.events]).valid).toBe(true);
  });

  it('entering the work queue sets queued, the first stage and the deadline', () => {
    const filed = newCase({ caseId: 'c1', caseNumber: 'AKIP-2026-000001', owner, complaint, now: T0 });
    const routed = applyTriage(filed.case, triage(complaint, { openDuplicateCaseId: null, resolvedAgainstRespondent: 0 }), T0, null);
    const deadline = { kind: 'arbitration_acceptance', dueAt: '2026-03-07T15:59:59.999Z', overdue: false, extended: false };
    const queued = enterWorkQueue(routed.case, T0, deadline);
    expect(queued.case).toMatchObject({ status: 'queued', stage: 'acceptance_review', deadline, version: 3 });
    expect(queued.events).toHaveLength(1);
    expect(verifyChain([...filed.events, ...routed.events, ...queued.events]).valid).toBe(true);
  });

  it('opens a preservation case that asks for notarization only', () => {
    const linked = preservationComplaint(complaint);
    expect(linked.preferredPath).toBe('notarization');
    expect(linked.requestEvidencePreservation).toBe(false);
    expect(linked.arbitrationAgreement).toBeUndefined();
    expect(triage(linked, { openDuplicateCaseId: null, resolvedAgainstRespondent: 0 }).path).toBe('notarization');
  });
});
