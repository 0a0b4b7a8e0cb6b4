// The working-day calendar and deadline rules in force: the calendar shipped with the code, merged
// with extra years an operator supplies as JSON (EXTRA_CALENDAR), and the SPEC §6 default periods
// with any overrides (DEADLINE_RULES). Both read and validated by config.ts, then passed to the domain.

import { SHIPPED_CALENDAR, mergeCalendars, type Calendar } from '#domain/calendar.ts';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '#domain/deadlines.ts';
import type { Deadline } from '#domain/model.ts';
import { config } from './config.ts';
import { log } from './log.ts';

export function calendar(): Calendar {
  const extra = config().extraCalendar;
  // A shallow merge of a few years: cheap enough per call, and never stale after a config re-read.
  return extra ? mergeCalendars(SHIPPED_CALENDAR, extra) : SHIPPED_CALENDAR;
}

export function deadlineRules(): DeadlineRules {
  return config().deadlineRules ?? DEFAULT_DEADLINE_RULES;
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
