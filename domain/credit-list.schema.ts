// The credit list's vocabulary and request bodies (SPEC §12): statuses, periods, the entry as stored
// and answered, the nomination and the supervisor's steps. Pure and free of Node built-ins: the
// pages use the same types and schemas (domain/credit-list.ts holds the rules and the audit chain).

import * as z from 'zod/mini';
import { creditCodeSchema } from './identifiers.schema.ts';
import { textSchema } from './fields.schema.ts';

/** SAMR's list: infringement penalised twice within five years. */
export const FINDINGS_FOR_CANDIDATE = 2;
export const FINDINGS_WINDOW_YEARS = 5;
/** The respondent's statement period (陈述申辩), in working days from the review's start. */
export const STATEMENT_WORKING_DAYS = 5;
/** A listing's default length (SAMR's serious-violation list), and the earliest early removal on repair. */
export const LISTING_YEARS = 3;
export const REPAIR_AFTER_YEARS = 1;

/** `none`: findings are recorded, nothing is open. */
export type CreditStatus = 'none' | 'candidate' | 'under_review' | 'listed' | 'dropped' | 'removed';
/** As read at an instant: a listing whose period is over reads `expired`. */
export type CreditStatusNow = CreditStatus | 'expired';

/** A case resolved against the respondent with the infringement established or a penalty (the automatic rule counts them). */
export interface Finding {
  caseId: string;
  caseNumber: string;
  /** `penalty`, `decision` (infringement established) or `award` (infringement found). */
  kind: 'penalty' | 'decision' | 'award';
  /** The decision's, award's or penalty decision's number. */
  documentNumber: string;
  at: string;
}

export interface CreditEntry {
  creditCode: string;
  /** The respondent's name as the latest case or nomination gave it. */
  name: string;
  status: CreditStatus;
  /** How it became a candidate this time. */
  source: 'automatic' | 'nomination';
  findings: Finding[];
  /** under_review: the end of the statement period. */
  statementDueAt: string | null;
  statementReceivedAt: string | null;
  listedAt: string | null;
  listedUntil: string | null;
  /** The reason given with the last list, drop or removal. */
  reason: string | null;
  repairAppliedAt: string | null;
  version: number;
  updatedAt: string;
  head: { seq: number; hash: string };
}

/**
 * An entry as the agencies' routes answer it: its status as read now, without its chain head; a
 * finding names its case (id and number) only to a reader of that case (SPEC §2).
 */
export type CreditEntryView = Omit<CreditEntry, 'head' | 'status' | 'findings'> & {
  status: CreditStatusNow;
  findings: (Omit<Finding, 'caseId' | 'caseNumber'> & { caseId: string | null; caseNumber: string | null })[];
};

/** The status values a reader may see (`expired`: listed, its period over). */
export const CREDIT_STATUSES = [
  'none',
  'candidate',
  'under_review',
  'listed',
  'dropped',
  'removed',
  'expired',
] as const satisfies readonly CreditStatusNow[];

/** POST /credit-list/nominations: an officer nominates a respondent (e.g. for not performing an effective decision). */
export const nominationSchema = z.strictObject({
  creditCode: creditCodeSchema,
  name: textSchema(1, 200),
  reason: textSchema(1, 2000, { multiline: true }),
});
export type Nomination = z.output<typeof nominationSchema>;

const reason = textSchema(1, 2000, { multiline: true });
const expectedVersion = z.int().check(z.gte(0));

/** POST /credit-list/{creditCode}/actions: the supervisor's review, and the repair. */
export const creditActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start_review'), expectedVersion }),
  // The respondent's statement (陈述申辩) as received, in writing or at a hearing.
  z.strictObject({ action: z.literal('record_statement'), expectedVersion, text: textSchema(1, 5000, { multiline: true }) }),
  z.strictObject({ action: z.literal('list'), expectedVersion, reason, years: z.optional(z.int().check(z.gte(1), z.lte(5))) }),
  z.strictObject({ action: z.literal('drop'), expectedVersion, reason }),
  z.strictObject({ action: z.literal('record_repair_application'), expectedVersion, text: textSchema(1, 5000, { multiline: true }) }),
  z.strictObject({ action: z.literal('approve_repair'), expectedVersion, reason }),
  z.strictObject({ action: z.literal('deny_repair'), expectedVersion, reason }),
]);
export type CreditAction = z.output<typeof creditActionSchema>;
