// Chinese patent application number (专利申请号) in the format used since 2003:
// year (4) + type (1) + serial (7), a dot, and a MOD 11 check character (`X` for 10).
// Patent numbers are the same digits with a `ZL` prefix; `CN` is how some databases print them.

import type { PatentType } from '../model.ts';

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;
// Prefix, then year 20xx, type digit, serial, optional dot, check character. Spaces after the
// prefix appear in print (`ZL 201910603565.1`) and are tolerated.
const FORMAT = /^(?:ZL|CN)?\s*(20\d{2})([12389])(\d{7})\.?([\dX])$/;
const FIRST_YEAR = 2003;

/** PCT applications entering China (8, 9) are inventions and utility models like any other. */
const TYPE_OF_DIGIT: Record<string, PatentType> = {
  '1': 'invention',
  '2': 'utility_model',
  '3': 'design',
  '8': 'invention',
  '9': 'utility_model',
};

export type PatentNumberProblem = 'patent_number.format' | 'patent_number.check_digit';

export interface ParsedPatentNumber {
  /** `YYYYTSSSSSSS.C`, without prefix, with the dot, `X` uppercase. */
  normalized: string;
  type: PatentType;
}

/** The check character for the 12 digits before the dot. */
export function patentCheckCharacter(digits12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits12.charAt(i)) * WEIGHTS[i]!;
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/** The normalised number and its type, or why `s` is not a valid application/patent number. */
export function parsePatentNumber(s: string): ParsedPatentNumber | PatentNumberProblem {
  const m = FORMAT.exec(s.trim().toUpperCase());
  if (!m) return 'patent_number.format';
  const [, year, typeDigit, serial, check] = m as unknown as [string, string, string, string, string];
  if (Number(year) < FIRST_YEAR) return 'patent_number.format';
  const digits = `${year}${typeDigit}${serial}`;
  if (patentCheckCharacter(digits) !== check) return 'patent_number.check_digit';
  return { normalized: `${digits}.${check}`, type: TYPE_OF_DIGIT[typeDigit]! };
}

export function isValidPatentNumber(s: string): boolean {
  return typeof parsePatentNumber(s) !== 'string';
}
