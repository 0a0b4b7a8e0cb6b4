// Resident identity card number (公民身份号码, GB 11643): 6-digit area, 8-digit birth date,
// 3-digit sequence and an ISO 7064 MOD 11-2 check character (`X` stands for 10).

const FORMAT = /^\d{17}[\dX]$/;
// 2^(17-i) mod 11 for positions 0..16, as GB 11643 tabulates them.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const EARLIEST_BIRTH_DATE = '19000101';

export type ResidentIdProblem = 'id_number.format' | 'id_number.check_character' | 'id_number.birth_date';

/** The check `x` is sometimes typed in lowercase. */
export function normalizeResidentId(s: string): string {
  return s.toUpperCase();
}

/** The check character for 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Why `s` is not a valid number (after upper-casing), or null if it is.
 * `today` (YYYY-MM-DD, China Standard Time) bounds the birth date: nobody is born in the future.
 */
export function residentIdProblem(s: string, today: string): ResidentIdProblem | null {
  const id = normalizeResidentId(s);
  if (!FORMAT.test(id)) return 'id_number.format';
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id.charAt(17)) return 'id_number.check_character';
  const birth = id.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  // Fixed-width YYYYMMDD strings compare in date order.
  if (!isCalendarDate(year, month, day) || birth < EARLIEST_BIRTH_DATE || birth > today.replaceAll('-', '')) {
    return 'id_number.birth_date';
  }
  return null;
}

export function isValidResidentId(s: string, today: string): boolean {
  return residentIdProblem(s, today) === null;
}

/**
 * The number as shown to readers other than the owner and the assigned handler (SPEC §9):
 * first 4 and last 4 characters around ten asterisks, e.g. `6109**********123X`.
 * Anything too short to keep 8 characters is masked entirely rather than half-revealed.
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;
}
