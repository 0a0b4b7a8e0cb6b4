// A foreign individual's passport number (SPEC §3 v2). Passports carry no check digit a system
// outside the issuing state can verify (the machine-readable zone has one, the printed number alone
// does not), so the rule is the format every ICAO document number fits: letters and digits only,
// 5 to 20 of them. People copy it with spaces or in lower case: both are normalised away.
// It is a personal ID number: masked like a resident ID (SPEC §9).

const PASSPORT = /^[A-Z0-9]{5,20}$/;

/** Upper case, without white space. */
export function normalizePassportNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Why a passport number is refused (a message key), or null. */
export function passportNumberProblem(raw: string): string | null {
  return PASSPORT.test(normalizePassportNumber(raw)) ? null : 'passport_number.format';
}
