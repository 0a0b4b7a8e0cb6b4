// How GET /cases answers a caller's filters within the caller's scope (SPEC §2, §9) with index
// queries only: the scope becomes conditions (an owner's cases, a path's cases, cases transferred to
// police), the filters add theirs, the most selective condition picks the index and the rest become
// the FilterExpression.

import { readScope, scopeValue, type Caller } from '#domain/access.ts';
import type { Case } from '#domain/model.ts';
import type { CaseFilters } from '#domain/queries.schema.ts';
import type { CaseCondition, CaseField, CaseIndex, CaseQuery } from './case-store.ts';

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
 * Index choice, most selective first: an owner's or a respondent's cases are few; an open status is
 * a small slice of all cases; a county about a tenth; `resolved` grows with history; a path a quarter.
 */
const INDEX_RANK: { field: CaseField; index: CaseIndex; when?: (value: string) => boolean }[] = [
  { field: 'owner', index: 'byOwner' },
  { field: 'respondent', index: 'byRespondent' },
  { field: 'status', index: 'byStatus', when: (status) => status !== 'resolved' },
  { field: 'county', index: 'byCounty' },
  { field: 'status', index: 'byStatus' },
  { field: 'path', index: 'byPath' },
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
    const chosen = conditions.find((c) => c.field === rank.field && (rank.when?.(c.value) ?? true));
    if (!chosen) continue;
    return {
      kind: 'index',
      query: { index: rank.index, partition: chosen.value, forward: false, conditions: conditions.filter((c) => c !== chosen) },
    };
  }
  return { kind: 'index', query: { index: 'allCases', partition: '', forward: false, conditions } };
}

function fieldValue(c: Case, field: CaseField): unknown {
  switch (field) {
    case 'county':
      return c.complaint.countyCode;
    case 'respondent':
      return c.complaint.respondent.creditCode;
    default:
      return scopeValue(c, field);
  }
}

/** The conditions checked in memory, for a case found by number. */
export function meetsConditions(c: Case, conditions: readonly CaseCondition[]): boolean {
  return conditions.every((condition) => fieldValue(c, condition.field) === condition.value);
}
