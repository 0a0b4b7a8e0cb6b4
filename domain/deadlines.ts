// The deadline rules of SPEC §6 as data, and the clock arithmetic over them. Pure: the triggering
// instant and "now" are parameters; amounts are defaults that configuration may override.

import * as z from 'zod/mini';
import { addCalendarDays, addMonths, addWorkingDays, cstDate, endOfCstDay, type Calendar, type CalendarDate } from './calendar.ts';
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

function applyPeriod(start: CalendarDate, period: DeadlinePeriod, cal: Calendar) {
  switch (period.unit) {
    case 'working_days':
      return addWorkingDays(start, period.amount, cal);
    case 'calendar_days':
      return { date: addCalendarDays(start, period.amount), calendarIncomplete: false };
    case 'months':
      return { date: addMonths(start, period.amount), calendarIncomplete: false };
  }
}

function deadlineAt(kind: string, due: { date: CalendarDate; calendarIncomplete: boolean }, extended: boolean): Deadline {
  return {
    kind,
    dueAt: endOfCstDay(due.date),
    overdue: false,
    extended,
    ...(due.calendarIncomplete ? { calendarIncomplete: true } : {}),
  };
}

/** The clock started by an event at `triggeredAt`: counted from its CST date, due at the end of the CST day. */
export function computeDeadline(
  kind: DeadlineKind,
  triggeredAt: Date,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
): Deadline {
  return deadlineAt(kind, applyPeriod(cstDate(triggeredAt), rules[kind], cal), false);
}

export type ExtendDeadlineError = 'deadline.already_extended' | 'deadline.not_extendable';
export type ExtendDeadlineResult = { ok: true; deadline: Deadline } | { ok: false; error: ExtendDeadlineError };

/**
 * Extends a clock once, counting the extension from the old due date. Refusals are values, not
 * throws, because a second extension request is an expected user action, not a bug.
 * `overdue` is reset; the periodic sweep re-evaluates it against the new due time.
 */
export function extendDeadline(
  deadline: Deadline,
  cal: Calendar,
  rules: Readonly<DeadlineRules> = DEFAULT_DEADLINE_RULES,
): ExtendDeadlineResult {
  if (deadline.extended) return { ok: false, error: 'deadline.already_extended' };
  const extension = isDeadlineKind(deadline.kind) ? rules[deadline.kind].extension : undefined;
  if (!extension) return { ok: false, error: 'deadline.not_extendable' };
  const due = applyPeriod(cstDate(new Date(deadline.dueAt)), extension, cal);
  // A clock once counted without holiday data stays marked: its base date was an estimate.
  const calendarIncomplete = due.calendarIncomplete || deadline.calendarIncomplete === true;
  return { ok: true, deadline: deadlineAt(deadline.kind, { date: due.date, calendarIncomplete }, true) };
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
