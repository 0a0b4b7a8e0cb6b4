// How GET /cases answers a caller's filters within the caller's scope (SPEC §2, §9) with index
// queries only: the scope becomes conditions (an owner's cases, a path's cases, cases transferred to
// police), the filters add theirs, the most selective condition picks the index and the rest become
// the FilterExpression.

import { readScope, type Caller } from '#domain/access.ts';
import type { Case } from '#domain/model.ts';
import type { CaseFilters } from '#domain/queries.schema.ts';
import type { CaseCondition, CaseField, CaseIndex, CaseQuery } from './case-lists.ts';
import { listValue } from './items.ts';

export type CaseListPlan =
  /** Scope and filters contradict each other: nothing can match, nothing is read. */
  | { kind: 'none' }
  /** A case number names at most one case: look it up and check the conditions on it. */
  | { kind: 'caseNumber'; caseNumber: string; conditions: CaseCondition[] }
  | { kind: 'index'; query: CaseQuery };

/** What the caller may list at all, as conditions: the read scope `canReadCase` checks, as a query. */
export function scopeConditions(caller: Caller): CaseCondition[] {
  return readScope(caller).map(({ field, value }) => ({ field, value }));
}

function filterConditions(filters: CaseFilters): CaseCondition[] {
  const conditions: CaseCondition[] = [];
  if (filters.status) conditions.push({ field: 'status', value: filters.status });
  if (filters.path) conditions.push({ field: 'path', value: filters.path });
  if (filters.countyCode) conditions.push({ field: 'county', value: filters.countyCode });
  if (filters.respondentCreditCode) conditions.push({ field: 'respondent', value: filters.respondentCreditCode });
  return conditions;
}

/**
 * Index choice: an owner's or a respondent's cases are few (their indexes hold keys only; the
 * conditions are checked on the cases read); every other list reads the `allCases` index, which
 * projects the attributes the conditions filter on.
 */
const INDEX_RANK: { field: CaseField; index: CaseIndex }[] = [
  { field: 'owner', index: 'byOwner' },
  { field: 'respondentParty', index: 'byParty' },
  { field: 'agency', index: 'byAgency' },
  { field: 'respondent', index: 'byRespondent' },
];

export function planCaseList(caller: Caller, filters: CaseFilters): CaseListPlan {
  const conditions: CaseCondition[] = [];
  for (const condition of [...scopeConditions(caller), ...filterConditions(filters)]) {
    const same = conditions.find((c) => c.field === condition.field);
    if (!same) conditions.push(condition);
    else if (same.value !== condition.value) return { kind: 'none' };
  }
  if (filters.caseNumber) return { kind: 'caseNumber', caseNumber: filters.caseNumber, conditions };
  for (const rank of INDEX_RANK) {
    const chosen = conditions.find((c) => c.field === rank.field);
    if (!chosen) continue;
    return {
      kind: 'index',
      query: { index: rank.index, partition: chosen.value, forward: false, conditions: conditions.filter((c) => c !== chosen) },
    };
  }
  return { kind: 'index', query: { index: 'allCases', partition: '', forward: false, conditions } };
}

/** The conditions checked in memory, for a case found by number. */
export function meetsConditions(c: Case, conditions: readonly CaseCondition[]): boolean {
  return conditions.every((condition) => listValue(c, condition.field) === condition.value);
}
