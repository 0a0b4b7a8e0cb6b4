// The case as answered to a reader (SPEC §2.1, §9) — by GET /cases/{id}, the lists, the work
// queue, claims and actions alike: personal ID numbers and contact details masked for readers the
// policy (domain/access.ts) does not name, a possible duplicate named only to readers of it, and
// related cases (preservation case, the case that opened it) only to readers the policy gives them.

import {
  duplicateNeedsOtherCase,
  mayReadDuplicate,
  namesRelatedCase,
  seesContactDetails,
  seesPersonalIds,
  seesSupervision,
  type Caller,
  type ReadFacts,
} from '#domain/access.ts';
import { maskAddress, maskEmail, maskPersonalIds, maskPhone } from '#domain/contact-masking.ts';
import type { Case, CaseFlags, Complainant, CountyCode, Respondent } from '#domain/model.ts';
import { getCase } from './case-store.ts';

function complainantView(complainant: Complainant, showIds: boolean, showContact: boolean): Complainant {
  const { phone, email } = complainant.contact;
  return {
    ...complainant,
    // Resident IDs and (v2) passport numbers; a credit code or a foreign registration number is not personal.
    ...(showIds ? {} : maskPersonalIds(complainant)),
    contact: showContact
      ? complainant.contact
      : { ...complainant.contact, ...(phone ? { phone: maskPhone(phone) } : {}), ...(email ? { email: maskEmail(email) } : {}) },
  };
}

function respondentView(respondent: Respondent, showContact: boolean, countyCode: CountyCode): Respondent {
  if (showContact || !respondent.address) return respondent;
  return { ...respondent, address: maskAddress(respondent.address, countyCode) };
}

function flagsView(flags: CaseFlags, showDuplicate: boolean, showSupervision: boolean) {
  return {
    repeatRespondent: flags.repeatRespondent,
    possibleDuplicate: flags.possibleDuplicateOf !== null,
    possibleDuplicateOf: showDuplicate ? flags.possibleDuplicateOf : null,
    overdue: flags.overdue,
    // Supervision is internal (SPEC §2.1): the parties are not told of it.
    supervisionOverdue: showSupervision && flags.supervisionOverdue === true,
  };
}

/**
 * `duplicate`: the case the duplicate flag names, for a caller whose right to read it depends on
 * where that case is now (`duplicateNeedsOtherCase`); without it the id is not shown.
 */
export function caseView(c: Case, caller: Caller, duplicate?: ReadFacts | null) {
  const { complainant, right, respondent, countyCode, description, claims, evidence, preferredPath } = c.complaint;
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    status: c.status,
    path: c.path,
    stage: c.stage,
    // Null on a case an officer opened without a complainant (SPEC §12).
    complainant: complainant
      ? complainantView(complainant, seesPersonalIds(caller, c), seesContactDetails(caller, c, 'complainant'))
      : null,
    respondent: respondentView(respondent, seesContactDetails(caller, c, 'respondent'), countyCode),
    right,
    countyCode,
    // v2: the protection pilot area, if the complaint named one.
    zone: c.complaint.zone ?? null,
    description,
    claims,
    evidence,
    preferredPath: preferredPath ?? null,
    flags: flagsView(c.flags, mayReadDuplicate(caller, c.flags, duplicate), seesSupervision(caller)),
    priority: c.priority,
    deadline: c.deadline,
    outcome: c.outcome,
    assignee: c.assignee,
    // Both parties online (SPEC §10): who joined when (not the account), the invitation without its
    // code, the agreement's hash and signatures.
    respondentParty: c.respondentParty ? { joinedAt: c.respondentParty.joinedAt } : null,
    invitation: c.invitation
      ? { invitedAt: c.invitation.invitedAt, expiresAt: c.invitation.expiresAt, channels: c.invitation.channels }
      : null,
    agreement: c.agreement ?? null,
    // Version 2 (SPEC §4): the respondent's consent to extend the mediation, not yet used.
    extensionConsent: c.extensionConsent ? { at: c.extensionConsent.at } : null,
    // The request to extend the decision clock and its decision, and the supervision clocks: staff only
    // (the parties see the clock itself, and supervision is internal, SPEC §2.1).
    extensionRequest: seesSupervision(caller) ? (c.extensionRequest ?? null) : null,
    supervision: seesSupervision(caller) ? (c.supervision ?? []) : [],
    parentCaseId: namesRelatedCase(caller, 'parent') ? c.parentCaseId : null,
    linkedCaseIds: namesRelatedCase(caller, 'linked') ? c.linkedCaseIds : [],
    // Offline intake (线上线下): how the complaint came in and who entered it; never the takeover code.
    intake: c.intake
      ? {
          channel: c.intake.channel,
          reference: c.intake.reference,
          receivedAt: c.intake.receivedAt,
          enteredBy: c.intake.enteredBy,
          enteredAt: c.intake.enteredAt,
          takeover: { expiresAt: c.intake.takeover.expiresAt, takenOverAt: c.intake.takeover.takenOverAt },
        }
      : null,
    // Administrative enforcement (SPEC §12): agency and matter for every reader; the lead, the
    // investigators and the inspection records are the agencies' (a party sees the case's outcome).
    enforcement: c.enforcement
      ? seesSupervision(caller)
        ? c.enforcement
        : { agency: c.enforcement.agency, matter: c.enforcement.matter }
      : null,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export type CaseView = ReturnType<typeof caseView>;

/** The duplicates the caller's views of `cases` need read (few: a flag is rare), by case id. */
export async function duplicatesFor(cases: readonly Case[], caller: Caller): Promise<Map<string, Case>> {
  const ids = new Set(cases.filter((c) => duplicateNeedsOtherCase(caller, c.flags)).map((c) => c.flags.possibleDuplicateOf!));
  const found = await Promise.all([...ids].map((id) => getCase(id)));
  return new Map(found.filter((c): c is Case => c !== null).map((c) => [c.caseId, c]));
}

/** The views of `cases`, reading the duplicates they need. */
export async function caseViews(cases: readonly Case[], caller: Caller): Promise<CaseView[]> {
  const duplicates = await duplicatesFor(cases, caller);
  return cases.map((c) => caseView(c, caller, c.flags.possibleDuplicateOf ? duplicates.get(c.flags.possibleDuplicateOf) : null));
}

export async function caseViewOf(c: Case, caller: Caller): Promise<CaseView> {
  const [view] = await caseViews([c], caller);
  return view!;
}
