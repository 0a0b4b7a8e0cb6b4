// Contact details as readers who neither are the party nor work the case see them (SPEC §2.1):
// enough to recognise whom a case is about, not enough to reach that person.

import { maskIdNumber } from './identifiers/resident-id.ts';
import { COUNTY_CODES, type CountyCode } from './model.ts';

const STARS = '****';

/**
 * `139****0549`: mobiles (and anything else) keep their first three and last four digits; a
 * landline keeps its area code, which only says the region, and the last four digits of the local
 * number, its extension dropped (`0915-****2345`); an international number keeps `+` and the first
 * three digits (`+447****5812`). Fewer than eight digits: only stars, never half the number.
 */
export function maskPhone(phone: string): string {
  const landline = /^(0\d{2,3})-(\d{7,8})(?:-\d+)?$/.exec(phone);
  if (landline) return `${landline[1]}-${STARS}${landline[2]!.slice(-4)}`;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return STARS;
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, 3)}${STARS}${digits.slice(-4)}`;
}

/** `p***@example.cn`: the first character of the local part, the domain in full. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${Array.from(email.slice(0, at))[0]}***${email.slice(at)}`;
}

// Administrative divisions, in order: province, prefecture-level city, county-level division. A name
// holds no digit, Latin letter, punctuation or street word; after its first character no 镇/乡/村
// either, which keeps towns out while allowing counties named so (镇坪县, 乡宁县).
const FIRST = String.raw`[^\d\sA-Za-z\p{P}\p{S}路街巷弄号]`;
const REST = String.raw`[^\d\sA-Za-z\p{P}\p{S}路街巷弄号镇乡村省区县]`;
const NAME = `${FIRST}${REST}{0,14}?`;
const DIVISIONS = new RegExp(
  `^(?:${NAME}(?:省|自治区|特别行政区))?(?:${NAME}(?:市|自治州|地区|盟))?(?:${NAME}(?:自治县|自治旗|区|县|市|旗))?`,
  'u',
);

/**
 * The address cut to its county (`广东省深圳市南山区科技园路 1 号` → `广东省深圳市南山区`): the
 * province, city and county it starts with, or as many of them as it names. An address that does not
 * start with a city or a county (a street alone, a foreign address) is replaced by the name of the
 * case's county, which the case shows anyway — so the mask never reveals more than the case does.
 */
export function maskAddress(address: string, countyCode: CountyCode): string {
  const compact = address.replace(/\s+/g, '');
  const kept = DIVISIONS.exec(compact)?.[0] ?? '';
  const namesCityOrCounty = /(?:市|自治州|地区|盟|自治县|自治旗|区|县|旗)$/u.test(kept);
  return namesCityOrCounty ? kept : COUNTY_CODES[countyCode];
}

/**
 * `NW*****P3`: a passport number keeps its first two and last two characters and its length. A
 * resident ID's mask keeps 8 of 18 characters; passports are shorter (typically 8–9), so the same
 * 4 + 4 would reveal almost all of one: here never more than 4 characters, and none below 9.
 */
export function maskPassportNumber(passport: string): string {
  if (passport.length < 9) return '*'.repeat(passport.length);
  return `${passport.slice(0, 2)}${'*'.repeat(passport.length - 4)}${passport.slice(-2)}`;
}

/**
 * A party's personal ID numbers masked (SPEC §9): the resident ID (`6109**********123X`) and, v2, a
 * foreign individual's passport number. Credit codes and a foreign enterprise's registration number
 * identify a business, not a person: kept. Returns only the members it masks, to spread over the party.
 */
export function maskPersonalIds(party: { idNumber?: string; passportNumber?: string }): { idNumber?: string; passportNumber?: string } {
  return {
    ...(party.idNumber ? { idNumber: maskIdNumber(party.idNumber) } : {}),
    ...(party.passportNumber ? { passportNumber: maskPassportNumber(party.passportNumber) } : {}),
  };
}
