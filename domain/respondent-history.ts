// A respondent's history for the credit system (SPEC §1, §2.1, §9): the counts every reader of the
// history gets, over all of the respondent's cases, and the case entries a reader is given.

import { isFinal, type Case, type CaseStatus } from './model.ts';
import { REPEAT_RESPONDENT_THRESHOLD } from './routing.ts';

/** What the counts read of one case: nothing that names it. */
export interface RespondentCaseOutcome {
  status: CaseStatus;
  againstRespondent: boolean;
}

export interface HistoryCounts {
  total: number;
  /** Not yet in a final status. */
  open: number;
  /** Resolved against the respondent: agreement reached, award against it, infringement established. */
  resolvedAgainst: number;
}

export function historyCounts(outcomes: readonly RespondentCaseOutcome[]): HistoryCounts {
  return {
    total: outcomes.length,
    open: outcomes.filter((o) => !isFinal(o.status)).length,
    resolvedAgainst: outcomes.filter((o) => o.againstRespondent).length,
  };
}

export function isRepeatRespondent(counts: HistoryCounts): boolean {
  return counts.resolvedAgainst >= REPEAT_RESPONDENT_THRESHOLD;
}

/** One case in the history: enough to follow it up, no complainant details. */
export function historyEntry(c: Case) {
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    status: c.status,
    path: c.path,
    stage: c.stage,
    createdAt: c.createdAt,
    outcome: c.outcome,
  };
}
