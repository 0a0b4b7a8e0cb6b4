// Shared statistics (GET /stats, SPEC §9): counts by status, path, right kind and county, median
// days to resolution per path, and how many open cases are overdue. Pure: the caller reads the
// case summaries and passes the time.

import {
  COUNTY_CODES,
  PATHS,
  RIGHT_KINDS,
  STATUSES,
  isFinal,
  type CasePath,
  type CaseStatus,
  type CountyCode,
  type RightKind,
} from './model.ts';

/** The few attributes of a case the statistics need (the store reads only these). */
export interface CaseSummary {
  status: CaseStatus;
  path: CasePath | null;
  rightKind: RightKind;
  countyCode: CountyCode;
  createdAt: string;
  updatedAt: string;
  /** When the outcome was recorded, if the outcome says so. */
  outcomeAt: string | null;
  /** Where a transferred case went (`police`, `litigation`), from its outcome. */
  transferredTo: string | null;
  /** The sweeper's overdue flag. */
  overdueFlag: boolean;
  /** The current clock's due time, if the case has one. */
  dueAt: string | null;
}

export interface CaseStats {
  total: number;
  byStatus: Record<CaseStatus, number>;
  byPath: Record<CasePath, number>;
  byRightKind: Record<RightKind, number>;
  byCounty: Record<CountyCode, number>;
  /** Median of (resolved − created) in days over the path's resolved cases; null when it has none. */
  medianDaysToResolution: Record<CasePath, number | null>;
  /**
   * Cases whose current clock is past due — flagged by the sweep, or due before `asOf` and not swept
   * yet: open cases, and cases transferred to police awaiting the police's decision (SPEC §6).
   */
  overdue: number;
  asOf: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** A resolved case's resolution time: the outcome's own time if recorded, else its last update. */
export function resolvedAt(c: Pick<CaseSummary, 'outcomeAt' | 'updatedAt'>): string {
  return c.outcomeAt ?? c.updatedAt;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A running clock past due. Only a case transferred to police keeps a clock after a final status. */
function isOverdue(c: CaseSummary, now: number): boolean {
  if (c.dueAt === null) return false;
  const clockRuns = !isFinal(c.status) || (c.status === 'transferred' && c.transferredTo === 'police');
  return clockRuns && (c.overdueFlag || Date.parse(c.dueAt) < now);
}

export function caseStats(cases: readonly CaseSummary[], asOf: string): CaseStats {
  const byStatus = zeros(STATUSES);
  const byPath = zeros(PATHS);
  const byRightKind = zeros(RIGHT_KINDS);
  const byCounty = zeros(Object.keys(COUNTY_CODES) as CountyCode[]);
  const resolutionDays = Object.fromEntries(PATHS.map((p) => [p, [] as number[]])) as Record<CasePath, number[]>;
  const now = Date.parse(asOf);
  let overdue = 0;

  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    if (c.path) byPath[c.path] = (byPath[c.path] ?? 0) + 1;
    byRightKind[c.rightKind] = (byRightKind[c.rightKind] ?? 0) + 1;
    byCounty[c.countyCode] = (byCounty[c.countyCode] ?? 0) + 1;
    if (c.status === 'resolved' && c.path) {
      const days = (Date.parse(resolvedAt(c)) - Date.parse(c.createdAt)) / DAY_MS;
      if (Number.isFinite(days) && days >= 0) resolutionDays[c.path].push(days);
    }
    if (isOverdue(c, now)) overdue++;
  }

  const medianDaysToResolution = Object.fromEntries(
    PATHS.map((p) => {
      const m = median(resolutionDays[p]);
      return [p, m === null ? null : round2(m)];
    }),
  ) as Record<CasePath, number | null>;

  return { total: cases.length, byStatus, byPath, byRightKind, byCounty, medianDaysToResolution, overdue, asOf };
}
