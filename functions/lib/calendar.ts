// The working-day calendar and deadline rules in force: the calendar shipped with the code, merged
// with extra years an operator supplies as JSON (EXTRA_CALENDAR), and the SPEC §6 default periods
// with any overrides (DEADLINE_RULES). Read once, validated, then passed to the domain.

import * as z from 'zod';
import { SHIPPED_CALENDAR, calendarSchema, mergeCalendars, type Calendar } from '#domain/calendar.ts';
import { deadlineRulesSchema, type DeadlineRules } from '#domain/deadlines.ts';
import type { Deadline } from '#domain/model.ts';
import { log } from './log.ts';

let cachedCalendar: Calendar | undefined;
let cachedRules: DeadlineRules | undefined;

function parseJsonEnv<S extends z.ZodType>(name: string, schema: S): z.output<S> | undefined {
  const raw = process.env[name];
  if (!raw) return undefined;
  const result = schema.safeParse(JSON.parse(raw));
  if (!result.success) throw new Error(`${name} is invalid: ${z.prettifyError(result.error)}`);
  return result.data;
}

export function calendar(): Calendar {
  if (!cachedCalendar) {
    const extra = parseJsonEnv('EXTRA_CALENDAR', calendarSchema);
    cachedCalendar = extra ? mergeCalendars(SHIPPED_CALENDAR, extra) : SHIPPED_CALENDAR;
  }
  return cachedCalendar;
}

export function deadlineRules(): DeadlineRules {
  cachedRules ??= parseJsonEnv('DEADLINE_RULES', deadlineRulesSchema) ?? deadlineRulesSchema.parse({});
  return cachedRules;
}

/** SPEC §6: for a year the calendar does not cover, weekends only are counted — and we say so. */
export function warnIfCalendarIncomplete(deadline: Deadline | null): void {
  if (deadline?.calendarIncomplete) {
    log.warn('working-day calendar does not cover this deadline; counted weekends only', {
      kind: deadline.kind,
      dueAt: deadline.dueAt,
    });
  }
}
