// The identifiers a request carries, as schemas: unified social credit codes and resident ID numbers
// (check characters verified, then normalised), Ankang's county codes. Shared by the complaint and the
// query strings (GET /cases filters by county and respondent), so a list route bundles only these.

import * as z from 'zod/mini';
import { COUNTY_CODES, FORMER_COUNTY_CODES, type CountyCode } from './model.ts';
import { creditCodeProblem, normalizeCreditCode } from './identifiers/credit-code.ts';
import { normalizeResidentId, residentIdProblem } from './identifiers/resident-id.ts';
import { report } from './fields.schema.ts';

/** A unified social credit code; `params` words the issue of a missing one (see complaint.schema.ts). */
export function creditCode(params?: { error: (issue: { input?: unknown }) => string | undefined }) {
  // Check before upper-casing (see creditCodeProblem), then store the canonical uppercase form.
  return z.string(params).check(
    z.trim(),
    z.superRefine((s: string, ctx) => report(ctx, creditCodeProblem(s))),
    z.overwrite(normalizeCreditCode),
  );
}

/** A unified social credit code, check character verified, normalised to uppercase. */
export const creditCodeSchema = creditCode();

/** A resident ID number, check character and birth date (not after `today`) verified; `x` → `X`. */
export function idNumberSchema(today: string) {
  return z.string().check(
    z.trim(),
    z.superRefine((s: string, ctx) => report(ctx, residentIdProblem(s, today))),
    z.overwrite(normalizeResidentId),
  );
}

const COUNTY_INPUTS = [...Object.keys(COUNTY_CODES), ...Object.keys(FORMER_COUNTY_CODES)] as [string, ...string[]];

/** One of Ankang's county-level codes; the former 610928 (旬阳县) is stored as 610981 (旬阳市). */
export const countyCodeSchema = z.pipe(
  z.enum(COUNTY_INPUTS),
  z.transform((code: string) => (FORMER_COUNTY_CODES[code] ?? code) as CountyCode),
);
