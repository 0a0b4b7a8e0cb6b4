// Filing a complaint as a new case, with the guarantees of SPEC §8 whoever files it: the case is
// stored `submitted` (with its number, and any item written with it) before its intake message is
// sent; if the queue is unreachable the case still stands, and the reconciler re-drives it. Shared
// by the online filing (POST /complaints) and offline intake (POST /complaints/offline).

import type { Transition } from '#domain/case.ts';
import { logNumberGap, numberCase } from './case-numbers.ts';
import { writeCases, type SideWrite } from './case-store.ts';
import { errorFields, log } from './log.ts';
import { publish } from './publisher.ts';

/**
 * Stores the case `build` makes from the year's next number, with the items `alongside` makes for
 * it in the same transaction, then hands it to the intake queue.
 */
export async function fileCase(
  at: Date,
  build: (caseNumber: string) => Transition,
  alongside: (filed: Transition) => Promise<SideWrite[]> = async () => [],
): Promise<Transition> {
  const filed = await numberCase(at, build);
  try {
    await writeCases([{ transition: filed, expectedVersion: null, also: await alongside(filed) }]);
  } catch (error) {
    logNumberGap(filed.case.caseNumber, error);
    throw error;
  }
  log.info('complaint filed', { caseNumber: filed.case.caseNumber });
  try {
    await publish('intake', { caseId: filed.case.caseId });
  } catch (error) {
    log.warn('intake queue unreachable; the reconciler will route the case', errorFields(error));
  }
  return filed;
}
