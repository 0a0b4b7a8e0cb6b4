// The case as answered to a reader (SPEC §9): personal ID numbers masked for everyone but the
// owner and the assigned handler; contact details only for those who work or own the case.

import { maskIdNumber } from '#domain/identifiers/resident-id.ts';
import { seesPersonalIds, type Caller } from '#domain/read-policy.ts';
import type { Case } from '#domain/model.ts';

export function caseView(c: Case, caller: Caller) {
  const unmasked = seesPersonalIds(caller, c);
  const { complainant, right, respondent, countyCode, description, claims, evidence, preferredPath } = c.complaint;
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    status: c.status,
    path: c.path,
    stage: c.stage,
    complainant: {
      ...complainant,
      ...(complainant.idNumber && !unmasked ? { idNumber: maskIdNumber(complainant.idNumber) } : {}),
    },
    respondent,
    right,
    countyCode,
    description,
    claims,
    evidence,
    preferredPath: preferredPath ?? null,
    flags: c.flags,
    priority: c.priority,
    deadline: c.deadline,
    outcome: c.outcome,
    assignee: c.assignee,
    parentCaseId: c.parentCaseId,
    linkedCaseIds: c.linkedCaseIds,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
