// The working-day calendar and deadline rules in force (SPEC §6): the calendar shipped with the code,
// merged with extra years an operator supplies as JSON (EXTRA_CALENDAR), merged with the years the
// supervisor stored through `PUT /calendar/{year}` (stored wins: the latest correction); and the
// SPEC §6 default periods with any overrides (DEADLINE_RULES). Config is read and validated by
// config.ts; the stored years live in the table (items.ts: CALENDAR# / YEAR#<year>, with their change
// log under CALENDAR#<year>), read with one Query and kept for CACHE_MS in the process.

import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SHIPPED_CALENDAR, mergeCalendars, type Calendar, type CalendarYear } from '#domain/calendar.ts';
import { CALENDAR_CHANGED, type CalendarDiff } from '#domain/calendar-changes.ts';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '#domain/deadlines.ts';
import type { Actor, Deadline } from '#domain/model.ts';
import { appendEvents, GENESIS_HASH, type TimelineEvent } from '#domain/timeline.ts';
import { dynamo } from './aws.ts';
import { queryAll } from './case-store.ts';
import { caseTable, config } from './config.ts';
import { CALENDAR_PK, CALENDAR_YEAR_PREFIX, EVENT_PREFIX, keys, type Item } from './items.ts';
import { log } from './log.ts';

/** The calendar from code and configuration only (no stored years): what every year starts from. */
export function calendar(): Calendar {
  const extra = config().extraCalendar;
  // A shallow merge of a few years: cheap enough per call, and never stale after a config re-read.
  return extra ? mergeCalendars(SHIPPED_CALENDAR, extra) : SHIPPED_CALENDAR;
}

/**
 * How long a process keeps the stored years. A PUT in the same process forgets them at once; other
 * processes (other Lambda instances) see a change within this time — a clock computed meanwhile is
 * counted with the previous data and, if the change touches it, recounted by that PUT already or,
 * being `calendarIncomplete`, by the next change to the year.
 */
export const CACHE_MS = 60_000;

let cached: { at: number; stored: Calendar; config: Calendar } | null = null;

/** The calendar in force: shipped, then EXTRA_CALENDAR, then the stored years (stored wins). */
export async function calendarInForce(): Promise<Calendar> {
  const base = calendar();
  if (cached && cached.config === base && Date.now() - cached.at < CACHE_MS) return mergeCalendars(base, cached.stored);
  const stored = { years: Object.fromEntries((await listStoredYears()).map((y) => [y.year, entryOf(y)])) };
  cached = { at: Date.now(), stored, config: base };
  return mergeCalendars(base, stored);
}

/** Forgets the stored years read (after a PUT; tests). */
export function forgetStoredCalendar(): void {
  cached = null;
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

// ---------------------------------------------------------------------------------------------
// Stored years

export interface StoredYear extends CalendarYear {
  year: string;
  /** 1 for the first stored version; every change adds one. */
  version: number;
  updatedAt: string;
  updatedBy: Actor;
  timelineHead: { seq: number; hash: string };
}

const entryOf = (y: StoredYear): CalendarYear => ({ source: y.source, holidays: y.holidays, workdays: y.workdays });

function storedYearOf(item: Item): StoredYear {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as StoredYear;
}

async function listStoredYears(): Promise<StoredYear[]> {
  const items = await queryAll(
    dynamo(),
    {
      TableName: caseTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': CALENDAR_PK, ':prefix': CALENDAR_YEAR_PREFIX },
    },
    ['pk', 'sk'],
  );
  return items.map(storedYearOf);
}

export async function getStoredYear(year: string): Promise<StoredYear | null> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: caseTable(), Key: keys.calendarYear(year), ConsistentRead: true }));
  return Item ? storedYearOf(Item) : null;
}

/** A year's change log, oldest first. */
export async function listCalendarEvents(year: string): Promise<TimelineEvent[]> {
  const key = keys.calendarEvent(year, 0);
  const items = await queryAll(
    dynamo(),
    {
      TableName: caseTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': key.pk, ':prefix': EVENT_PREFIX },
      ConsistentRead: true,
    },
    ['pk', 'sk'],
  );
  return items.map((item) => {
    const { pk: _pk, sk: _sk, ...event } = item;
    return event as unknown as TimelineEvent;
  });
}

/** The stored version moved on since the caller read it (or the year was stored meanwhile). */
export class CalendarVersionConflict extends Error {
  constructor(readonly current: number) {
    super(`calendar version conflict (current ${current})`);
    this.name = 'CalendarVersionConflict';
  }
}

/** The name of a year's hash chain: what `caseId` is to a case's timeline. */
export const calendarChainOf = (year: string) => `calendar-${year}`;

/**
 * Stores a year (replacing it) and its change event in one transaction, guarded by the version the
 * caller read: `previous` null stores the year for the first time. Throws CalendarVersionConflict
 * when another change won.
 */
export async function putStoredYear(
  year: string,
  entry: CalendarYear,
  previous: StoredYear | null,
  actor: Actor,
  diff: CalendarDiff,
  at: string,
): Promise<StoredYear> {
  const head = previous?.timelineHead ?? { seq: 0, hash: GENESIS_HASH };
  const version = (previous?.version ?? 0) + 1;
  const chained = appendEvents(calendarChainOf(year), head, at, [{ type: CALENDAR_CHANGED, actor, data: { ...diff, version } }]);
  const stored: StoredYear = { year, ...entry, version, updatedAt: at, updatedBy: actor, timelineHead: chained.head };
  const event = chained.events[0]!;
  const condition = previous
    ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': previous.version } }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: caseTable(), Item: { ...keys.calendarYear(year), ...stored }, ...condition } },
          {
            Put: {
              TableName: caseTable(),
              Item: { ...keys.calendarEvent(year, event.seq), ...event },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const now = await getStoredYear(year);
    throw new CalendarVersionConflict(now?.version ?? 0);
  } finally {
    forgetStoredCalendar();
  }
  return stored;
}
