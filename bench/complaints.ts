// Complaints for the load: the realistic complaint of the tests, each against a respondent of its
// own (a valid credit code built from the index), so triage does not see thousands of duplicates —
// real complaints are mostly about different shops.

import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import type { CasePath } from '#domain/model.ts';
import { validComplaint } from '../test/support/complaints.ts';

/** A valid unified social credit code, distinct for each `n` (a shop in Shenzhen, 440300). */
export function respondentCreditCode(n: number): string {
  const first17 = `91440300${String(n % 1_000_000_000).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const AGREEMENT = { reference: '安仲协〔2026〕3号', signedOn: '2026-01-05' };

/** Complaint `n`, optionally asking for `path` (arbitration comes with its agreement). */
export function complaint(n: number, path?: CasePath): Record<string, unknown> {
  return validComplaint((c) => {
    c.respondent = { ...c.respondent, name: `深圳市某某电子商务有限公司第${n}分店`, creditCode: respondentCreditCode(n) };
    if (path) c.preferredPath = path;
    if (path === 'arbitration') c.arbitrationAgreement = AGREEMENT;
  });
}

/** A different number range per run of the bench process, so reruns against one table stay distinct. */
export const runOffset = (Date.now() % 1_000_000) * 1000;
