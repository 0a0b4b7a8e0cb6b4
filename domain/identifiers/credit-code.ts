// Unified social credit code (统一社会信用代码, GB 32100-2015): 17 characters and a MOD 31 check
// character. Verifying the check character (not just the length) catches every mistyped character.

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export type CreditCodeProblem = 'credit_code.format' | 'credit_code.check_character';

/** Codes are printed in capitals; users often type them in lowercase. */
export function normalizeCreditCode(s: string): string {
  return s.toUpperCase();
}

/** The check character for the first 17 characters of a code (already uppercase and in the alphabet). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Why `s` is not a valid code (after upper-casing), or null if it is. */
export function creditCodeProblem(s: string): CreditCodeProblem | null {
  // Test the ASCII shape before upper-casing: Unicode case mapping can change a string's length.
  if (!/^[0-9A-Za-z]{18}$/.test(s)) return 'credit_code.format';
  const code = normalizeCreditCode(s);
  if (!FORMAT.test(code)) return 'credit_code.format';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code.charAt(17) ? null : 'credit_code.check_character';
}

export function isValidCreditCode(s: string): boolean {
  return creditCodeProblem(s) === null;
}
