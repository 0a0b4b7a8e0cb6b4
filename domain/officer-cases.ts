// Officer-initiated cases (依职权立案, SPEC §12): an officer opens an administrative enforcement case on a
// lead of its own — an inspection, a referral, a report — with or without a complainant. The case
// starts where a routed complaint would be once claimed: on the enforcement path, at `filing_review`,
// assigned to the officer who opened it, its filing clock counted from the day the lead came in.
// Nobody owns it (`ex-officio:<caseId>`); a complainant named in it reads it only if it is later
// taken over — which no code offers yet — so its contact details serve the notices alone.

import type { Agency } from './agencies.ts';
import type { Calendar } from './calendar.ts';
import { computeDeadline, type DeadlineRules } from './deadlines.ts';
import type { OfficerCaseInput } from './officer-cases.schema.ts';
import { exOfficioOwnerSub, type Actor, type Case, type Complaint, type EnforcementState, type Lead } from './model.ts';
import { GENESIS_HASH, appendEvents } from './timeline.ts';
import { newCase, type Transition } from './case.ts';

// The request's schema is Node-free (the pages check it too): officer-cases.schema.ts.
export { agencyOfInput, officerCaseSchema, type OfficerCaseInput } from './officer-cases.schema.ts';

/** The event that opens an officer-initiated case. */
export const OPENED_BY_OFFICER_EVENT = 'opened_by_officer';

/**
 * The new case: `submitted` by the officer (the case number, the lead), then `opened_by_officer`
 * putting it on the enforcement path, at filing review, assigned to the officer, with the filing
 * clock counted from the lead's day.
 */
export function newOfficerCase(input: {
  caseId: string;
  caseNumber: string;
  body: OfficerCaseInput;
  officer: { sub: string; agency: Agency };
  /** Who opened it, when not the officer it is assigned to (a supervisor recording an inspection's violation, SPEC §13). */
  openedBy?: Actor;
  now: Date;
  calendar: Calendar;
  rules: Readonly<DeadlineRules>;
}): Transition {
  const { body, officer } = input;
  const at = input.now.toISOString();
  const complaint: Complaint = {
    ...(body.complainant ? { complainant: body.complainant } : {}),
    right: body.right,
    respondent: body.respondent,
    countyCode: body.countyCode,
    ...(body.zone ? { zone: body.zone } : {}),
    description: body.description,
    claims: { stopInfringement: true },
    evidence: body.evidence,
    preferredPath: 'administrative_enforcement',
    ...(body.plantVarietyDomain ? { plantVarietyDomain: body.plantVarietyDomain } : {}),
  };
  const actor: Actor = input.openedBy ?? { role: 'officer', sub: officer.sub };
  const filed = newCase({ caseId: input.caseId, caseNumber: input.caseNumber, owner: actor, complaint, now: at });
  const lead: Lead = { ...body.lead };
  const enforcement: EnforcementState = { agency: officer.agency, matter: body.matter, lead };
  // The lead's day is when the agency received it: the filing clock counts from there (SPEC §12).
  const deadline = computeDeadline('enforcement_filing', new Date(`${lead.receivedOn}T12:00:00+08:00`), input.calendar, input.rules);
  const chained = appendEvents(input.caseId, { seq: 0, hash: GENESIS_HASH }, at, [
    { type: 'submitted', actor, data: { ...filed.events[0]!.data, exOfficio: true, lead } },
    {
      type: OPENED_BY_OFFICER_EVENT,
      actor,
      data: {
        agency: officer.agency,
        matter: body.matter,
        lead,
        assignee: officer.sub,
        to: { status: 'in_progress', path: 'administrative_enforcement', stage: 'filing_review' },
        deadline,
      },
    },
  ]);
  const c: Case = {
    ...filed.case,
    ownerSub: exOfficioOwnerSub(input.caseId),
    status: 'in_progress',
    path: 'administrative_enforcement',
    stage: 'filing_review',
    assignee: officer.sub,
    deadline,
    enforcement,
    version: 1,
    updatedAt: at,
    timelineHead: chained.head,
  };
  return { case: c, events: chained.events };
}
