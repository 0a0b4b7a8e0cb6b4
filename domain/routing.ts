// The intake triage rules (SPEC §5): possible duplicate, repeat respondent, path choice,
// evidence preservation. Each rule that fires becomes one timeline event naming the rule.

import { createHash } from 'node:crypto';
import type { CasePath, Complaint, EnforcementState } from './model.ts';
import { enforcementOfComplaint } from './agencies.ts';
import type { NewEvent } from './timeline.ts';

export const DEFAULT_PRIORITY = 1;
export const REPEAT_RESPONDENT_PRIORITY = 5;
/** How much an overdue clock raises a case in its work queue. */
export const OVERDUE_PRIORITY_RAISE = 2;

/** A case's work-queue priority (higher first), derived from its flags. */
export function priorityOf(flags: { repeatRespondent: boolean; overdue: boolean; supervisionOverdue?: boolean }): number {
  // An overdue supervision order or opinion (SPEC §4 v2) raises the case as an overdue clock does (once, not twice).
  const overdue = flags.overdue || flags.supervisionOverdue === true;
  return (flags.repeatRespondent ? REPEAT_RESPONDENT_PRIORITY : DEFAULT_PRIORITY) + (overdue ? OVERDUE_PRIORITY_RAISE : 0);
}
/** Earlier cases resolved against a respondent that make it a repeat respondent. */
export const REPEAT_RESPONDENT_THRESHOLD = 2;

/** Lower-cased, NFKC-folded, without white space and punctuation: "深圳市某某（科技）有限公司" ≈ "深圳市某某(科技)有限公司". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** How a respondent is recognised across cases: credit code if known, else normalised name. */
export function respondentKey(complaint: Pick<Complaint, 'respondent'>): string {
  const r = complaint.respondent;
  return r.creditCode ? `code:${r.creditCode}` : `name:${normaliseName(r.name)}`;
}

function complainantKey(complaint: Pick<Complaint, 'complainant'>): string {
  const c = complaint.complainant;
  // A case an officer opened on its own (SPEC §12) has no complainant: such cases match each other.
  if (!c) return 'ex_officio';
  if (c.creditCode) return `code:${c.creditCode}`;
  if (c.idNumber) return `id:${c.idNumber}`;
  // A foreign party (SPEC §3 v2) is known by its home registration or passport, which only its
  // country makes unique: the same number may be issued in two countries.
  if (c.registrationNumber && c.country) return `reg:${c.country}:${normaliseName(c.registrationNumber)}`;
  if (c.passportNumber && c.country) return `passport:${c.country}:${c.passportNumber}`;
  return `name:${normaliseName(c.name)}`;
}

/** Same complainant, same right number, same respondent → same key (hashed: it carries ID numbers). */
export function duplicateKey(complaint: Pick<Complaint, 'complainant' | 'right' | 'respondent'>): string {
  const raw = [complainantKey(complaint), complaint.right.number.toUpperCase(), respondentKey(complaint)].join('|');
  return createHash('sha256').update(raw).digest('hex');
}

export interface TriageFacts {
  /** An open case with the same duplicate key, other than this one. */
  openDuplicateCaseId: string | null;
  /** The owner of that case, if known (it decides who may see the duplicate's id). */
  openDuplicateOwnerSub?: string | null;
  /** Earlier cases resolved against this respondent (by credit code); 0 without a credit code. */
  resolvedAgainstRespondent: number;
}

export interface TriageDecision {
  path: CasePath;
  priority: number;
  repeatRespondent: boolean;
  possibleDuplicateOf: string | null;
  possibleDuplicateOwnerSub: string | null;
  openPreservationCase: boolean;
  /** v2 (SPEC §12): the agency and matter of a case routed to administrative enforcement; null otherwise. */
  enforcement: EnforcementState | null;
  /** Timeline events, in rule order; the preservation event is added once the linked case has an id. */
  events: NewEvent[];
}

const SYSTEM = { role: 'system', sub: 'triage' } as const;

type PathRule = { rule: string; path: CasePath; note?: string };

function choosePath(complaint: Complaint, repeatRespondent: boolean): PathRule {
  const isPatent = complaint.right.kind === 'patent';
  switch (complaint.preferredPath) {
    case 'arbitration':
      return complaint.arbitrationAgreement
        ? { rule: 'preferred_arbitration_with_agreement', path: 'arbitration' }
        : {
            rule: 'preferred_arbitration_without_agreement',
            path: 'mediation',
            note: 'arbitration needs an arbitration agreement; none was given, so the case goes to mediation',
          };
    case 'administrative_adjudication':
      return isPatent
        ? { rule: 'preferred_adjudication_patent', path: 'administrative_adjudication' }
        : {
            rule: 'preferred_adjudication_not_patent',
            path: 'mediation',
            note: `patent administrative adjudication handles patents only; a ${complaint.right.kind} case goes to mediation`,
          };
    case 'administrative_enforcement':
      return isPatent
        ? {
            rule: 'preferred_enforcement_patent_passing_off',
            path: 'administrative_enforcement',
            note: 'patent disputes go to administrative adjudication; on administrative enforcement a patent complaint is investigated as passing off a patent',
          }
        : { rule: 'preferred_enforcement', path: 'administrative_enforcement' };
    case 'notarization':
      return { rule: 'preferred_notarization', path: 'notarization' };
    case 'mediation':
      return { rule: 'preferred_mediation', path: 'mediation' };
    default:
      if (!repeatRespondent) return { rule: 'default_mediation', path: 'mediation' };
      // SPEC §12: a repeat respondent's non-patent case goes to administrative enforcement by default.
      return isPatent
        ? { rule: 'default_repeat_respondent_patent', path: 'administrative_adjudication' }
        : { rule: 'default_repeat_respondent_enforcement', path: 'administrative_enforcement' };
  }
}

export function triage(complaint: Complaint, facts: TriageFacts): TriageDecision {
  const events: NewEvent[] = [];
  const possibleDuplicateOf = facts.openDuplicateCaseId;
  if (possibleDuplicateOf) {
    // The other case's id stays on the case's flags, where each reader's view decides who sees it;
    // the timeline is answered to every reader of this case, so it does not name the other case.
    events.push({ type: 'flagged_possible_duplicate', actor: SYSTEM, data: { rule: 'possible_duplicate' } });
  }
  const repeatRespondent = facts.resolvedAgainstRespondent >= REPEAT_RESPONDENT_THRESHOLD;
  const priority = priorityOf({ repeatRespondent, overdue: false });
  if (repeatRespondent) {
    events.push({
      type: 'flagged_repeat_respondent',
      actor: SYSTEM,
      data: { rule: 'repeat_respondent', resolvedAgainst: facts.resolvedAgainstRespondent, priority },
    });
  }
  const chosen = choosePath(complaint, repeatRespondent);
  const enforcement = chosen.path === 'administrative_enforcement' ? enforcementOfComplaint(complaint) : null;
  events.push({
    type: 'routed',
    actor: SYSTEM,
    data: {
      rule: chosen.rule,
      path: chosen.path,
      ...(enforcement ? { agency: enforcement.agency, matter: enforcement.matter } : {}),
      ...(chosen.note ? { note: chosen.note } : {}),
    },
  });
  // Step 4 (SPEC §4 v2): a notarization case preserves evidence itself; a second, linked notarization
  // case would be the same work twice for the notary office. Whether the case *is* a notarization
  // case is what counts, so this holds for however routing came to choose notarization.
  const wantsPreservation = complaint.requestEvidencePreservation === true;
  const preservationInThisCase = wantsPreservation && chosen.path === 'notarization';
  if (preservationInThisCase) {
    events.push({
      type: 'evidence_preservation_in_case',
      actor: SYSTEM,
      data: {
        rule: 'evidence_preservation_in_notarization',
        note: 'evidence preservation was requested and the case itself is a notarization case: the notary preserves the evidence in this case, no linked case is opened',
      },
    });
  }
  return {
    path: chosen.path,
    priority,
    repeatRespondent,
    possibleDuplicateOf,
    possibleDuplicateOwnerSub: possibleDuplicateOf ? (facts.openDuplicateOwnerSub ?? null) : null,
    openPreservationCase: wantsPreservation && !preservationInThisCase,
    enforcement,
    events,
  };
}

export function preservationOpenedEvent(linkedCaseId: string): NewEvent {
  return { type: 'evidence_preservation_case_opened', actor: SYSTEM, data: { rule: 'evidence_preservation', linkedCaseId } };
}
