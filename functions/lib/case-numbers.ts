// Creating cases with human-readable numbers, sequential per year (AKIP-2026-000123).
// The number comes from an atomic counter, so concurrent filings never retry against each other;
// the case and its number are then stored in one transaction that cannot conflict with another
// filing. Numbers are therefore unique always, and gap-free unless a process dies between taking
// a number and storing its case — logged, since a gap is visible to people who read the register.

import { formatCaseNumber, type Transition } from '#domain/case.ts';
import { takeCaseNumber, writeCases, type CaseWrite } from './case-store.ts';
import { errorFields, log } from './log.ts';

/** The year in China Standard Time (UTC+8): a complaint filed at 23:30 UTC on Dec 31 counts in the new year. */
export function cstYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** Takes the year's next number and builds the case with it; storing it (a write with `expectedVersion: null`) is the caller's. */
export async function numberCase(at: Date, build: (caseNumber: string) => Transition): Promise<Transition> {
  return build(formatCaseNumber(cstYear(at), await takeCaseNumber(cstYear(at))));
}

/** Says that a number was taken for a case that was not stored. */
export function logNumberGap(caseNumber: string, error: unknown): void {
  log.warn('case number taken but case not stored: the register has a gap', { caseNumber, ...errorFields(error) });
}

/** Stores the case `build` makes from its number, together with `alongside` (e.g. the parent that opens it). */
export async function createNumberedCase(
  at: Date,
  build: (caseNumber: string) => Transition,
  alongside: CaseWrite[] = [],
): Promise<Transition> {
  const transition = await numberCase(at, build);
  try {
    await writeCases([{ transition, expectedVersion: null }, ...alongside]);
  } catch (error) {
    logNumberGap(transition.case.caseNumber, error);
    throw error;
  }
  return transition;
}
