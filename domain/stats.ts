// Shared statistics (GET /stats, SPEC §9): counts by status, path, right kind and county, v2 by
// protection pilot zone and complainant type (SPEC §3), median days to resolution per path, and how
// many open cases are overdue. Pure: the caller reads the case summaries and passes the time.

import {
  COMPLAINANT_TYPES,
  COUNTY_CODES,
  PATHS,
  ZONES,
  RIGHT_KINDS,
  STATUSES,
  isFinal,
  type Case,
  type CasePath,
  type CaseStatus,
  type ComplainantType,
  type CountyCode,
  type RightKind,
  type Zone,
} from './model.ts';
import { AGENCIES, agencyOfCase, type Agency } from './agencies.ts';

/** The paths officers work, counted per agency (SPEC §12). */
export const OFFICER_PATHS = ['administrative_adjudication', 'administrative_enforcement'] as const;
export type OfficerPath = (typeof OFFICER_PATHS)[number];

/** The few attributes of a case the statistics need (the store reads only these). */
export interface CaseSummary {
  status: CaseStatus;
  path: CasePath | null;
  rightKind: RightKind;
  countyCode: CountyCode;
  /** v2: the protection pilot zone, if the complaint named one; a case without one counts under no zone. */
  zone: Zone | null;
  /** v2: domestic or foreign, enterprise or individual (equal protection: how many foreign parties file). */
  /** Null for a case an officer opened without a complainant (SPEC §12). */
  complainantType: ComplainantType | null;
  /** v2 (SPEC §12): the agency whose officers work the case (adjudication, enforcement); null on other paths. */
  agency: Agency | null;
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
  /** v2: cases attributed to each protection pilot zone (安康高新区, 恒口示范区); cases in no zone are in none. */
  byZone: Record<Zone, number>;
  /** v2: cases by the complainant's type, foreign parties included. */
  byComplainantType: Record<ComplainantType, number>;
  /** v2 (SPEC §12): each agency's cases on the officers' paths (adjudication is the market regulator's alone). */
  byAgency: Record<Agency, Record<OfficerPath, number>>;
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

/** Whether a case's clock runs: open cases, and cases transferred to police awaiting their decision. */
export function clockRuns(status: CaseStatus, transferredTo: string | null): boolean {
  return !isFinal(status) || (status === 'transferred' && transferredTo === 'police');
}

/** A running clock past due. Only a case transferred to police keeps a clock after a final status. */
function isOverdue(c: CaseSummary, now: number): boolean {
  if (c.dueAt === null) return false;
  return clockRuns(c.status, c.transferredTo) && (c.overdueFlag || Date.parse(c.dueAt) < now);
}

export function caseStats(cases: readonly CaseSummary[], asOf: string): CaseStats {
  const byStatus = zeros(STATUSES);
  const byPath = zeros(PATHS);
  const byRightKind = zeros(RIGHT_KINDS);
  const byCounty = zeros(Object.keys(COUNTY_CODES) as CountyCode[]);
  const byZone = zeros(ZONES);
  const byComplainantType = zeros(COMPLAINANT_TYPES);
  const byAgency = agencyZeros();
  const resolutionDays = Object.fromEntries(PATHS.map((p) => [p, [] as number[]])) as Record<CasePath, number[]>;
  const now = Date.parse(asOf);
  let overdue = 0;

  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    if (c.path) byPath[c.path] = (byPath[c.path] ?? 0) + 1;
    byRightKind[c.rightKind] = (byRightKind[c.rightKind] ?? 0) + 1;
    byCounty[c.countyCode] = (byCounty[c.countyCode] ?? 0) + 1;
    if (c.zone) byZone[c.zone] = (byZone[c.zone] ?? 0) + 1;
    if (c.complainantType) byComplainantType[c.complainantType] = (byComplainantType[c.complainantType] ?? 0) + 1;
    if (c.agency && isOfficerPath(c.path)) byAgency[c.agency][c.path] += 1;
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

  return {
    total: cases.length,
    byStatus,
    byPath,
    byRightKind,
    byCounty,
    byZone,
    byComplainantType,
    byAgency,
    medianDaysToResolution,
    overdue,
    asOf,
  };
}

const isOfficerPath = (path: CasePath | null): path is OfficerPath => (OFFICER_PATHS as readonly (string | null)[]).includes(path);

const agencyZeros = (): Record<Agency, Record<OfficerPath, number>> =>
  Object.fromEntries(AGENCIES.map((a) => [a, zeros(OFFICER_PATHS)])) as Record<Agency, Record<OfficerPath, number>>;

// ---------------------------------------------------------------------------------------------
// The same statistics, kept current as cases change: each case contributes to a few counters and,
// once resolved, to a histogram of days to resolution (in hundredths of a day). A write applies the
// difference between the case's contributions before and after, so the statistics are read from a
// constant number of items instead of every case.

/** A case's summary, as the statistics see it. */
export function summaryOf(c: Case): CaseSummary {
  const outcome = c.outcome as { at?: unknown; transferredTo?: unknown } | null;
  return {
    status: c.status,
    path: c.path,
    rightKind: c.complaint.right.kind,
    countyCode: c.complaint.countyCode,
    zone: c.complaint.zone ?? null,
    complainantType: c.complaint.complainant?.type ?? null,
    agency: agencyOfCase(c),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    outcomeAt: typeof outcome?.at === 'string' ? outcome.at : null,
    transferredTo: typeof outcome?.transferredTo === 'string' ? outcome.transferredTo : null,
    overdueFlag: c.flags.overdue,
    dueAt: c.deadline?.dueAt ?? null,
  };
}

/** A resolved case's place in its path's histogram: days to resolution × 100, rounded. */
export interface ResolutionBucket {
  path: CasePath;
  hundredths: number;
}

/**
 * Counter names: `total`, `status.<s>`, `path.<p>`, `kind.<k>`, `county.<c>`, v2 `zone.<z>` and
 * `complainant.<type>`, `agency.<agency>.<path>` (SPEC §12), `overdue` (flagged, clock running).
 */
function counters(c: CaseSummary): string[] {
  const out = [
    'total',
    `status.${c.status}`,
    `kind.${c.rightKind}`,
    `county.${c.countyCode}`,
    ...(c.complainantType ? [`complainant.${c.complainantType}`] : []),
  ];
  if (c.path) out.push(`path.${c.path}`);
  if (c.zone) out.push(`zone.${c.zone}`);
  if (c.agency && isOfficerPath(c.path)) out.push(`agency.${c.agency}.${c.path}`);
  if (c.dueAt !== null && c.overdueFlag && clockRuns(c.status, c.transferredTo)) out.push('overdue');
  return out;
}

function resolution(c: CaseSummary): ResolutionBucket | null {
  if (c.status !== 'resolved' || !c.path) return null;
  const days = (Date.parse(resolvedAt(c)) - Date.parse(c.createdAt)) / DAY_MS;
  return Number.isFinite(days) && days >= 0 ? { path: c.path, hundredths: Math.round(days * 100) } : null;
}

export interface StatsDelta {
  counters: Record<string, number>;
  resolutions: (ResolutionBucket & { delta: number })[];
}

/** What a change from `before` to `after` (either absent: a new or removed case) does to the statistics. */
export function statsDelta(before: CaseSummary | null, after: CaseSummary | null): StatsDelta {
  const delta: Record<string, number> = {};
  for (const name of before ? counters(before) : []) delta[name] = (delta[name] ?? 0) - 1;
  for (const name of after ? counters(after) : []) delta[name] = (delta[name] ?? 0) + 1;
  for (const name of Object.keys(delta)) if (delta[name] === 0) delete delta[name];
  const was = before ? resolution(before) : null;
  const is = after ? resolution(after) : null;
  const resolutions: StatsDelta['resolutions'] = [];
  if (was?.path !== is?.path || was?.hundredths !== is?.hundredths) {
    if (was) resolutions.push({ ...was, delta: -1 });
    if (is) resolutions.push({ ...is, delta: 1 });
  }
  return { counters: delta, resolutions };
}

/** Median of a histogram (value → count); null when empty. */
export function histogramMedian(histogram: ReadonlyMap<number, number>): number | null {
  const entries = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const [value, n] of entries) {
      seen += n;
      if (rank < seen) return value;
    }
    return entries[entries.length - 1]![0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/**
 * The statistics from the counters, each path's histogram (hundredths of a day → cases) and the
 * running clocks past due that the sweep has not flagged yet. Medians come from durations rounded to
 * a hundredth of a day (14.4 minutes), so they can differ from `caseStats` by at most 0.01 day.
 */
export function statsFromCounters(
  totals: Readonly<Record<string, number>>,
  histograms: Readonly<Record<CasePath, ReadonlyMap<number, number>>>,
  unsweptOverdue: number,
  asOf: string,
): CaseStats {
  const pick = <K extends string>(prefix: string, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, totals[`${prefix}.${k}`] ?? 0])) as Record<K, number>;
  const medianDaysToResolution = Object.fromEntries(
    PATHS.map((p) => {
      const m = histogramMedian(histograms[p]);
      return [p, m === null ? null : round2(m / 100)];
    }),
  ) as Record<CasePath, number | null>;
  return {
    total: totals['total'] ?? 0,
    byStatus: pick('status', STATUSES),
    byPath: pick('path', PATHS),
    byRightKind: pick('kind', RIGHT_KINDS),
    byCounty: pick('county', Object.keys(COUNTY_CODES) as CountyCode[]),
    byZone: pick('zone', ZONES),
    byComplainantType: pick('complainant', COMPLAINANT_TYPES),
    byAgency: Object.fromEntries(AGENCIES.map((a) => [a, pick(`agency.${a}`, OFFICER_PATHS)])) as Record<
      Agency,
      Record<OfficerPath, number>
    >,
    medianDaysToResolution,
    overdue: (totals['overdue'] ?? 0) + unsweptOverdue,
    asOf,
  };
}
