// The SPEC §4 action table as data — who may take each action and from which path · stage or
// status — and the checks that read it. Pure and free of Node built-ins, so the browser pages use
// the same table to offer only the actions the current stage allows (lifecycle.ts re-exports it).

import type { ActionName } from './actions.schema.ts';
import { isFinal, type Case, type CaseStatus, type CasePath } from './model.ts';
import { isAssignedHandler, isJoinedRespondent, isOwner, transferredToPolice, type Caller } from './access.ts';

// Who is owner, handler or assigned handler is defined once, with the read policy.
export { isAssignedHandler, transferredToPolice };

/** Who an action names: the case's assigned handler, its owner, its joined respondent, or an agency role. */
export type Party = 'handler' | 'owner' | 'respondent' | 'court' | 'procuratorate' | 'police' | 'supervisor';

export type From =
  | { stages: Partial<Record<CasePath, readonly string[]>> }
  | { statuses: readonly CaseStatus[] }
  | 'non_final'
  | 'any'
  | 'transferred_to_police'
  /** A case transferred to the police whose decision was to decline it (v2: `resume`). */
  | 'declined_by_police';

export interface ActionRule {
  who: readonly Party[];
  from: From;
}

/**
 * Where a clock may be extended with approval (SPEC §4 v2): the adjudication decision; on enforcement
 * the filing decision and the penalty decision (SPEC §12).
 */
const EXTENSION_STAGES: Partial<Record<CasePath, readonly string[]>> = {
  administrative_adjudication: ['filed', 'hearing_scheduled'],
  administrative_enforcement: ['filing_review', 'investigating'],
};

/** The stages of an enforcement case whose clock may be paused (SPEC §12). */
const ENFORCEMENT_CLOCK_STAGES: Partial<Record<CasePath, readonly string[]>> = {
  administrative_enforcement: ['filing_review', 'investigating'],
};

export const ACTION_RULES: Record<ActionName, ActionRule> = {
  record_consent: { who: ['handler'], from: { stages: { mediation: ['awaiting_consent'] } } },
  schedule_session: { who: ['handler'], from: { stages: { mediation: ['consented', 'session_scheduled'] } } },
  record_agreement: { who: ['handler'], from: { stages: { mediation: ['session_scheduled'] } } },
  record_failure: { who: ['handler'], from: { stages: { mediation: ['consented', 'session_scheduled'] } } },
  // A party's request alone is its half of the joint application once the respondent is online (SPEC §10).
  request_judicial_confirmation: { who: ['handler', 'owner', 'respondent'], from: { stages: { mediation: ['agreement_reached'] } } },
  record_judicial_confirmation: { who: ['court'], from: { stages: { mediation: ['judicial_confirmation_requested'] } } },
  close: { who: ['handler'], from: { stages: { mediation: ['agreement_reached', 'failed'] } } },
  escalate: {
    who: ['handler'],
    from: {
      stages: { mediation: ['failed'], administrative_adjudication: ['filing_review'], administrative_enforcement: ['filing_review'] },
    },
  },
  transfer_to_litigation: { who: ['handler'], from: { stages: { mediation: ['failed'] } } },
  accept: { who: ['handler'], from: { stages: { arbitration: ['acceptance_review'], notarization: ['acceptance_review'] } } },
  reject: { who: ['handler'], from: { stages: { arbitration: ['acceptance_review'], notarization: ['acceptance_review'] } } },
  schedule_hearing: {
    who: ['handler'],
    from: {
      stages: { arbitration: ['accepted', 'hearing_scheduled'], administrative_adjudication: ['filed', 'hearing_scheduled'] },
    },
  },
  issue_award: { who: ['handler'], from: { stages: { arbitration: ['hearing_scheduled'] } } },
  record_preservation: { who: ['handler'], from: { stages: { notarization: ['accepted'] } } },
  issue_certificate: { who: ['handler'], from: { stages: { notarization: ['evidence_preserved'] } } },
  accept_filing: {
    who: ['handler'],
    from: { stages: { administrative_adjudication: ['filing_review'], administrative_enforcement: ['filing_review'] } },
  },
  reject_filing: {
    who: ['handler'],
    from: { stages: { administrative_adjudication: ['filing_review'], administrative_enforcement: ['filing_review'] } },
  },
  issue_decision: { who: ['handler'], from: { stages: { administrative_adjudication: ['filed', 'hearing_scheduled'] } } },
  transfer_to_police: {
    who: ['handler'],
    from: { stages: { administrative_adjudication: ['filed', 'hearing_scheduled'], administrative_enforcement: ['investigating'] } },
  },
  record_police_decision: { who: ['police'], from: 'transferred_to_police' },
  withdraw: { who: ['owner'], from: 'non_final' },
  add_evidence: { who: ['owner', 'respondent', 'handler'], from: 'non_final' },
  release: { who: ['handler'], from: { statuses: ['in_progress'] } },
  reassign: { who: ['supervisor'], from: { statuses: ['queued', 'in_progress'] } },
  add_note: { who: ['handler', 'court', 'procuratorate', 'supervisor'], from: 'any' },
  add_supervision_opinion: { who: ['procuratorate'], from: 'any' },
  // Both parties online (SPEC §10).
  invite_respondent: {
    who: ['handler'],
    from: {
      stages: {
        mediation: ['awaiting_consent'],
        arbitration: ['acceptance_review', 'accepted'],
        administrative_adjudication: ['filed'],
        administrative_enforcement: ['investigating'],
      },
    },
  },
  respond_consent: { who: ['respondent'], from: { stages: { mediation: ['awaiting_consent'] } } },
  submit_statement: { who: ['respondent'], from: 'non_final' },
  counter_notice: { who: ['respondent'], from: 'non_final' },
  consent_extension: { who: ['respondent'], from: { stages: { mediation: ['consented', 'session_scheduled'] } } },
  sign_agreement: { who: ['owner', 'respondent'], from: { stages: { mediation: ['agreement_reached'] } } },
  record_offline_signature: { who: ['handler'], from: { stages: { mediation: ['agreement_reached'] } } },
  // Version 2 changes to the action table (SPEC §4). `extend_deadline` (a typed approver) is gone:
  // an adjudication extension is requested by the officer and decided by the supervisor.
  extend_mediation: { who: ['handler'], from: { stages: { mediation: ['consented', 'session_scheduled'] } } },
  request_extension: { who: ['handler'], from: { stages: EXTENSION_STAGES } },
  approve_extension: { who: ['supervisor'], from: { stages: EXTENSION_STAGES } },
  deny_extension: { who: ['supervisor'], from: { stages: EXTENSION_STAGES } },
  resume: { who: ['handler'], from: 'declined_by_police' },
  issue_supervision_order: { who: ['supervisor'], from: 'non_final' },
  // A reply answers an order or opinion whatever became of the case since: its clock runs until then.
  reply_supervision_order: { who: ['handler'], from: 'any' },
  reply_supervision_opinion: { who: ['handler'], from: 'any' },
  // Administrative enforcement (SPEC §12).
  record_inspection: { who: ['handler'], from: { stages: { administrative_enforcement: ['investigating'] } } },
  issue_penalty: { who: ['handler'], from: { stages: { administrative_enforcement: ['investigating'] } } },
  close_no_violation: { who: ['handler'], from: { stages: { administrative_enforcement: ['investigating'] } } },
  pause_clock: { who: ['handler'], from: { stages: ENFORCEMENT_CLOCK_STAGES } },
  resume_clock: { who: ['handler'], from: { stages: ENFORCEMENT_CLOCK_STAGES } },
};

/** A case transferred to the police whose recorded decision was not to take it (`accepted: false`). */
export function policeDeclined(c: Pick<Case, 'status' | 'outcome'>): boolean {
  const decision = c.outcome?.['policeDecision'] as { accepted?: unknown } | null | undefined;
  return transferredToPolice(c) && decision?.accepted === false;
}

export function isParty(party: Party, caller: Caller, c: Case): boolean {
  switch (party) {
    case 'handler':
      return isAssignedHandler(caller, c);
    case 'owner':
      return isOwner(caller, c);
    case 'respondent':
      return isJoinedRespondent(caller, c);
    default:
      return caller.role === party;
  }
}

export function allowedFrom(from: From, c: Case): boolean {
  if (from === 'any') return true;
  if (from === 'non_final') return !isFinal(c.status);
  if (from === 'transferred_to_police') return transferredToPolice(c) && !c.outcome?.['policeDecision'];
  if (from === 'declined_by_police') return policeDeclined(c);
  if ('statuses' in from) return from.statuses.includes(c.status);
  return !isFinal(c.status) && c.path !== null && c.stage !== null && (from.stages[c.path]?.includes(c.stage) ?? false);
}
