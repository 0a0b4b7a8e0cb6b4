// The deadline rules of SPEC §6 as data, and the clock arithmetic over them. Pure: the triggering
// instant and "now" are parameters; amounts are defaults that configuration may override.

import * as z from 'zod/mini';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  cstDate,
  endOfCstDay,
  isCalendarDate,
  isWorkingDay,
  rollOverToWorkingDay,
  type Calendar,
  type CalendarDate,
} from './calendar.ts';
import type { CasePath, Deadline } from './model.ts';

/** Deadline kinds; stable strings shown in the API. */
export const DEADLINE_KINDS = [
  'filing_review',
  'adjudication_decision',
  'arbitration_acceptance',
  'notarization_certificate',
  'mediation_outcome',
  'judicial_confirmation_request',
  'court_confirmation',
  'police_decision',
  // v2 (SPEC §4): the handler's reply to a procuratorate opinion that requires one.
  'supervision_opinion_reply',
  // v2 (SPEC §12): administrative enforcement — deciding whether to file a lead, then the decision.
  'enforcement_filing',
  'enforcement_decision',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export function isDeadlineKind(kind: string): kind is DeadlineKind {
  return (DEADLINE_KINDS as readonly string[]).includes(kind);
}

const periodSchema = z.strictObject({
  unit: z.enum(['working_days', 'calendar_days', 'months']),
  // Capped so a config typo cannot make the working-day count loop for ages.
  amount: z.number().check(z.int(), z.gte(1), z.lte(1000)),
});
const ruleSchema = z.strictObject({ ...periodSchema.shape, extension: z.optional(periodSchema) });

export type DeadlinePeriod = z.infer<typeof periodSchema>;
/** A period, plus the period one extension adds (only kinds that may be extended have one). */
export type DeadlineRule = DeadlinePeriod & { extension?: DeadlinePeriod };
export type DeadlineRules = Record<DeadlineKind, DeadlineRule>;

// "N days" in SPEC §6 are calendar days; only rules the SPEC calls "working days" use the calendar.
export const DEFAULT_DEADLINE_RULES: Readonly<DeadlineRules> = Object.freeze({
  filing_review: { unit: 'working_days', amount: 5 },
  adjudication_decision: { unit: 'months', amount: 3, extension: { unit: 'months', amount: 1 } },
  arbitration_acceptance: { unit: 'calendar_days', amount: 5 },
  notarization_certificate: { unit: 'working_days', amount: 15 },
  // SPEC says "extendable by both parties' consent" without an amount: default to another 30 days.
  mediation_outcome: { unit: 'calendar_days', amount: 30, extension: { unit: 'calendar_days', amount: 30 } },
  judicial_confirmation_request: { unit: 'calendar_days', amount: 30 },
  court_confirmation: { unit: 'calendar_days', amount: 3 },
  police_decision: { unit: 'calendar_days', amount: 3 },
  supervision_opinion_reply: { unit: 'calendar_days', amount: 15 },
  enforcement_filing: { unit: 'working_days', amount: 15, extension: { unit: 'working_days', amount: 15 } },
  enforcement_decision: { unit: 'calendar_days', amount: 90, extension: { unit: 'calendar_days', amount: 30 } },
});

/**
 * Configuration overrides, per kind (e.g. `{ filing_review: { unit: 'working_days', amount: 5 } }`);
 * parses to the full rule set, with defaults for kinds (and extensions) the config leaves out.
 */
export const deadlineRulesSchema = z.pipe(
  z.strictObject({
    filing_review: z.optional(ruleSchema),
    adjudication_decision: z.optional(ruleSchema),
    arbitration_acceptance: z.optional(ruleSchema),
    notarization_certificate: z.optional(ruleSchema),
    mediation_outcome: z.optional(ruleSchema),
    judicial_confirmation_request: z.optional(ruleSchema),
    court_confirmation: z.optional(ruleSchema),
    police_decision: z.optional(ruleSchema),
    supervision_opinion_reply: z.optional(ruleSchema),
    enforcement_filing: z.optional(ruleSchema),
    enforcement_decision: z.optional(ruleSchema),
  }),
  z.transform((overrides: Partial<Record<DeadlineKind, DeadlineRule>>): DeadlineRules => {
    const rules = { ...DEFAULT_DEADLINE_RULES };
    for (const kind of DEADLINE_KINDS) {
      const o = overrides[kind];
      if (!o) continue;
      const extension = o.extension ?? DEFAULT_DEADLINE_RULES[kind].extension;
      rules[kind] = { unit: o.unit, amount: o.amount, ...(extension ? { extension } : {}) };
    }
    return rules;
  }),
);

/**
 * Every clock's rule and its legal basis (SPEC §6), in one place: the default period, the event it
 * counts from, whether its last day rolls over to the next working day, and the basis. Roll-over
 * follows the unit, not the kind (Civil Procedure Law art. 85: a period in days or months whose last
 * day is a holiday ends on the next working day; a working-day period already ends on one) — a
 * configuration that changes a kind's unit changes its roll-over with it.
 */
export const CLOCK_BASIS: Readonly<Record<DeadlineKind, { period: DeadlineRule; countedFrom: string; rollOver: boolean; basis: string }>> =
  Object.freeze({
    filing_review: {
      period: DEFAULT_DEADLINE_RULES.filing_review,
      countedFrom: 'queueing on administrative adjudication (filing review)',
      rollOver: false,
      basis: 'patent administrative enforcement rules',
    },
    adjudication_decision: {
      period: DEFAULT_DEADLINE_RULES.adjudication_decision,
      countedFrom: 'filing (accept_filing); an extension counts from the old due date',
      rollOver: true,
      basis: 'patent administrative enforcement rules; roll-over: Civil Procedure Law art. 85',
    },
    arbitration_acceptance: {
      period: DEFAULT_DEADLINE_RULES.arbitration_acceptance,
      countedFrom: 'queueing on arbitration',
      rollOver: true,
      basis: 'Arbitration Law art. 24; roll-over: Civil Procedure Law art. 85',
    },
    notarization_certificate: {
      period: DEFAULT_DEADLINE_RULES.notarization_certificate,
      countedFrom: 'acceptance (accept) on notarization',
      rollOver: false,
      basis: 'notarization procedure rules',
    },
    mediation_outcome: {
      period: DEFAULT_DEADLINE_RULES.mediation_outcome,
      countedFrom: "queueing on mediation; an extension (both parties' consent) counts from the old due date",
      rollOver: true,
      basis: 'court mediation practice (pre-litigation mediation); roll-over: Civil Procedure Law art. 85',
    },
    judicial_confirmation_request: {
      period: DEFAULT_DEADLINE_RULES.judicial_confirmation_request,
      countedFrom: 'the mediation agreement (record_agreement)',
      rollOver: true,
      basis: 'judicial confirmation rules; roll-over: Civil Procedure Law art. 85',
    },
    court_confirmation: {
      period: DEFAULT_DEADLINE_RULES.court_confirmation,
      countedFrom: 'the request for judicial confirmation',
      rollOver: true,
      basis: 'judicial confirmation rules; roll-over: Civil Procedure Law art. 85',
    },
    police_decision: {
      period: DEFAULT_DEADLINE_RULES.police_decision,
      countedFrom: 'the transfer to the police (transfer_to_police)',
      rollOver: true,
      basis: 'administrative–criminal transfer rules; roll-over: Civil Procedure Law art. 85',
    },
    supervision_opinion_reply: {
      period: DEFAULT_DEADLINE_RULES.supervision_opinion_reply,
      countedFrom: 'a procuratorate opinion that requires a reply',
      rollOver: true,
      basis: 'procuratorial supervision practice (SPEC §4 v2); roll-over: Civil Procedure Law art. 85',
    },
    enforcement_filing: {
      period: DEFAULT_DEADLINE_RULES.enforcement_filing,
      countedFrom:
        "receiving the lead (queueing on administrative enforcement, or an officer's lead's day); extendable once with approval; paused time (testing, appraisal, the rights holder's identification) does not count",
      rollOver: false,
      basis: 'SAMR administrative penalty procedure rules arts. 18–19',
    },
    enforcement_decision: {
      period: DEFAULT_DEADLINE_RULES.enforcement_decision,
      countedFrom:
        'filing (accept_filing); extendable once with approval; suspension, hearing, public notice and testing periods do not count',
      rollOver: true,
      basis: 'SAMR administrative penalty procedure rules (general procedure: 90 days); roll-over: Civil Procedure Law art. 85',
    },
  });

/** The last day of `period` counted from `start` (exclusive); day and month periods roll over (SPEC §6 v2). */
function applyPeriod(start: CalendarDate, period: DeadlinePeriod, cal: Calendar): { date: CalendarDate; calendarIncomplete: boolean } {
  switch (period.unit) {
    case 'working_days':
      return addWorkingDays(start, period.amount, cal);
    case 'calendar_days':
      return rollOverToWorkingDay(addCalendarDays(start, period.amount), cal);
    case 'months':
      return rollOverToWorkingDay(addMonths(start, period.amount), cal);
  }
}

/** What a clock keeps to be counted again (SPEC §6 "Calendar operations"). */
interface ClockOrigin {
  startedOn: CalendarDate;
  extension?: DeadlinePeriod;
}

function deadlineAt(
  kind: string,
  due: { date: CalendarDate; calendarIncomplete: boolean },
  extended: boolean,
  origin?: ClockOrigin,
): Deadline {
  return {
    kind,
    dueAt: endOfCstDay(due.date),
    overdue: false,
    extended,
    ...(due.calendarIncomplete ? { calendarIncomplete: true } : {}),
    ...(origin ? { startedOn: origin.startedOn } : {}),
    ...(origin?.extension ? { extension: { unit: origin.extension.unit, amount: origin.extension.amount } } : {}),
  };
}

/** The clock started by an event at `triggeredAt`: counted from its CST date, due at the end of the CST day. */
export function computeDeadline(
  kind: DeadlineKind,
  triggeredAt: Date,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
): Deadline {
  const startedOn = cstDate(triggeredAt);
  return deadlineAt(kind, applyPeriod(startedOn, rules[kind], cal), false, { startedOn });
}

export type ExtendDeadlineError = 'deadline.already_extended' | 'deadline.not_extendable';
export type ExtendDeadlineResult = { ok: true; deadline: Deadline } | { ok: false; error: ExtendDeadlineError };

/**
 * Extends a clock once, counting the extension from the old due date; `period` is what it adds (the
 * kind's configured extension when left out — a v2 extension action passes the period it was granted).
 * The last day rolls over like any day or month period. Refusals are values, not throws, because a
 * second extension request is an expected user action, not a bug. Only kinds with a configured
 * extension may be extended. `overdue` is reset; the periodic sweep re-evaluates it against the new
 * due time. The extension is kept on the clock so a calendar change can count it again.
 */
export function extendDeadline(
  deadline: Deadline,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
  period?: DeadlinePeriod,
): ExtendDeadlineResult {
  if (deadline.extended) return { ok: false, error: 'deadline.already_extended' };
  const configured = isDeadlineKind(deadline.kind) ? rules[deadline.kind].extension : undefined;
  if (!configured) return { ok: false, error: 'deadline.not_extendable' };
  const extension = period ?? configured;
  // Counted as a recount would count it (period, extension, then the paused days), so that a
  // calendar change never moves it by itself; a clock from before v2 is moved from its due date.
  const due =
    countedDue({ ...deadline, extended: true, extension }, cal, rules) ?? applyPeriod(cstDate(new Date(deadline.dueAt)), extension, cal);
  // A clock once counted without holiday data stays marked: its base date was an estimate.
  const calendarIncomplete = due.calendarIncomplete || deadline.calendarIncomplete === true;
  const origin = deadline.startedOn ? { startedOn: deadline.startedOn, extension } : undefined;
  // A paused clock stays paused, with the days earlier pauses took out (SPEC §12).
  const kept = {
    ...(deadline.paused ? { paused: deadline.paused } : {}),
    ...(deadline.suspended ? { suspended: deadline.suspended } : {}),
  };
  return { ok: true, deadline: { ...deadlineAt(deadline.kind, { date: due.date, calendarIncomplete }, true, origin), ...kept } };
}

/**
 * The due day of a clock counted from what it keeps: from `startedOn`, the kind's period in `rules`,
 * then the extension it was granted, then the days its pauses took out. Null for a clock that cannot
 * be counted so (stored before v2, an unknown kind, or extended without its extension on record).
 * The one order every clock change and every recount uses.
 */
function countedDue(
  deadline: Deadline,
  cal: Calendar,
  rules: Readonly<DeadlineRules>,
): { date: CalendarDate; calendarIncomplete: boolean } | null {
  if (!deadline.startedOn || !isDeadlineKind(deadline.kind) || !isCalendarDate(deadline.startedOn)) return null;
  if (deadline.extended && !deadline.extension) return null;
  let due = applyPeriod(deadline.startedOn, rules[deadline.kind], cal);
  const then = (period: DeadlinePeriod) => {
    const next = applyPeriod(due.date, period, cal);
    due = { date: next.date, calendarIncomplete: due.calendarIncomplete || next.calendarIncomplete };
  };
  if (deadline.extended && deadline.extension) then(deadline.extension);
  if (deadline.suspended) then({ unit: suspendedUnit(rules[deadline.kind].unit), amount: deadline.suspended });
  return due;
}

/**
 * The same clock counted again over `cal` (SPEC §6 "Calendar operations": a year added or corrected):
 * from `startedOn` with the kind's period in `rules`, then the extension it was granted, if any.
 * A clock that cannot be recounted comes back unchanged (the same object): one stored before v2 (no
 * `startedOn`), of an unknown kind, or extended without its extension on record. When the due day
 * moves, `overdue` and `reminded` are reset for the sweeps to judge against the new day; otherwise
 * only `calendarIncomplete` can change. Counted with the rules in force now, as an extension is.
 */
export function recomputeDeadline(deadline: Deadline, cal: Calendar, rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES): Deadline {
  const due = countedDue(deadline, cal, rules);
  if (!due || !deadline.startedOn) return deadline;
  const recounted = {
    ...deadlineAt(deadline.kind, due, deadline.extended, {
      startedOn: deadline.startedOn,
      ...(deadline.extension ? { extension: deadline.extension } : {}),
    }),
    ...(deadline.suspended ? { suspended: deadline.suspended } : {}),
  };
  const { calendarIncomplete: _old, ...rest } = deadline;
  if (recounted.dueAt === deadline.dueAt) {
    return { ...rest, ...(recounted.calendarIncomplete ? { calendarIncomplete: true } : {}) };
  }
  const { reminded: _reminded, ...unreminded } = rest;
  return { ...unreminded, ...recounted, overdue: false };
}

/** Overdue strictly after the due instant (the last millisecond of the due day still counts). */
export function isOverdue(deadline: Deadline, now: Date): boolean {
  return now.getTime() > Date.parse(deadline.dueAt);
}

/** The clock each path starts when a case enters its work queue. */
export const FIRST_DEADLINE_KIND: Readonly<Record<CasePath, DeadlineKind | null>> = Object.freeze({
  mediation: 'mediation_outcome',
  arbitration: 'arbitration_acceptance',
  administrative_adjudication: 'filing_review',
  // SPEC §6 sets no clock for notarization acceptance review; its clock starts on acceptance.
  notarization: null,
  administrative_enforcement: 'enforcement_filing',
});

export function firstDeadlineOnQueueing(
  path: CasePath,
  queuedAt: Date,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
): Deadline | null {
  const kind = FIRST_DEADLINE_KIND[path];
  return kind ? computeDeadline(kind, queuedAt, cal, rules) : null;
}

/**
 * v2 (SPEC §4): a clock extended by `days` calendar days counted from its old due date — the
 * mediation extension both parties consented to, an adjudication extension the supervisor approved.
 * A last day that is not a working day rolls over to the next working day (SPEC §6 "Roll-over").
 * At most what the kind's configured extension would give: a longer period is refused, not cut.
 */
export function extendDeadlineByDays(
  deadline: Deadline,
  days: number,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
): ExtendDeadlineResult | { ok: false; error: 'deadline.extension_too_long' } {
  const longest = extendDeadline(deadline, cal, rules);
  if (!longest.ok) return longest;
  const last = addCalendarDays(cstDate(new Date(deadline.dueAt)), days);
  if (last > cstDate(new Date(longest.deadline.dueAt))) {
    return { ok: false, error: 'deadline.extension_too_long' };
  }
  return extendDeadline(deadline, cal, rules, { unit: 'calendar_days', amount: days });
}

// ---------------------------------------------------------------------------------------------
// Paused clocks (SPEC §12)

/** A month clock's paused time is counted in calendar days; a working-day clock's in working days. */
const suspendedUnit = (unit: DeadlinePeriod['unit']): 'working_days' | 'calendar_days' =>
  unit === 'working_days' ? 'working_days' : 'calendar_days';

/** Whether the clock counts now: not paused (SPEC §12: testing, appraisal, hearing, public notice do not count). */
export const clockPaused = (deadline: Deadline | null | undefined): boolean => Boolean(deadline?.paused);

/** Stops a clock from `now`'s CST day, with the reason. Refused for a clock already stopped or past due. */
export function pauseDeadline(
  deadline: Deadline,
  reason: string,
  now: Date,
): { ok: true; deadline: Deadline } | { ok: false; error: 'deadline.already_paused' | 'deadline.overdue' } {
  if (deadline.paused) return { ok: false, error: 'deadline.already_paused' };
  if (deadline.overdue || isOverdue(deadline, now)) return { ok: false, error: 'deadline.overdue' };
  const { reminded: _reminded, ...rest } = deadline;
  return { ok: true, deadline: { ...rest, paused: { since: cstDate(now), reason } } };
}

/**
 * Starts a stopped clock again: the days from the pause's day to today's (calendar days, or the
 * working days among them for a working-day clock) are added to its due day and kept in
 * `suspended`, so a calendar change counts them again.
 */
export function resumeDeadline(
  deadline: Deadline,
  now: Date,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
): { ok: true; deadline: Deadline; days: number } | { ok: false; error: 'deadline.not_paused' } {
  if (!deadline.paused) return { ok: false, error: 'deadline.not_paused' };
  const unit = suspendedUnit(isDeadlineKind(deadline.kind) ? rules[deadline.kind].unit : 'calendar_days');
  const days = pausedDays(deadline.paused.since, cstDate(now), unit, cal);
  const { paused: _paused, ...rest } = deadline;
  if (days === 0) return { ok: true, deadline: rest, days };
  const suspended = (deadline.suspended ?? 0) + days;
  // Counted as a recount would (see countedDue); a clock from before v2 is moved from its due date.
  const due = countedDue({ ...rest, suspended }, cal, rules) ?? applyPeriod(cstDate(new Date(deadline.dueAt)), { unit, amount: days }, cal);
  return {
    ok: true,
    days,
    deadline: {
      ...rest,
      dueAt: endOfCstDay(due.date),
      suspended,
      ...(due.calendarIncomplete || deadline.calendarIncomplete ? { calendarIncomplete: true } : {}),
    },
  };
}

/** Days from `since` up to (not including) `until`; for working days, the working days among them. */
function pausedDays(since: CalendarDate, until: CalendarDate, unit: 'working_days' | 'calendar_days', cal: Calendar): number {
  let days = 0;
  // Bounded: a pause longer than ten years is bad data, not a reason to loop.
  for (let day = since, i = 0; day < until && i < 3660; day = addCalendarDays(day, 1), i++) {
    if (unit === 'calendar_days' || isWorkingDay(day, cal)) days++;
  }
  return days;
}
