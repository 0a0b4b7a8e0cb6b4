// Country and region names for the foreign complainant's `country` (SPEC §3 v2), in the page's
// language: the browser's own CLDR names (Intl.DisplayNames), except Hong Kong, Macao and Taiwan,
// which are named as parts of China whatever the browser says. The codes are the domain's list.

import { FOREIGN_COUNTRY_CODES, REGION_NAMES } from '#domain/identifiers/countries.ts';
import { language } from './i18n.ts';

const displayNames = new Map<string, Intl.DisplayNames | null>();

function namesFor(lang: string): Intl.DisplayNames | null {
  if (!displayNames.has(lang)) {
    try {
      displayNames.set(lang, new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }));
    } catch {
      displayNames.set(lang, null);
    }
  }
  return displayNames.get(lang) ?? null;
}

/** The name of an ISO 3166-1 alpha-2 code in the page's language (the code itself if unknown). */
export function countryName(code: string): string {
  const lang = language();
  const region = REGION_NAMES[code as keyof typeof REGION_NAMES];
  if (region) return region[lang];
  return namesFor(lang)?.of(code) ?? code;
}

/** The codes a foreign complainant may choose, sorted by their names in the page's language. */
export function countryOptions(): { value: string; label: string }[] {
  const collator = new Intl.Collator(language() === 'en' ? 'en' : 'zh-CN');
  return FOREIGN_COUNTRY_CODES.map((code) => ({ value: code, label: `${countryName(code)} (${code})` })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
}
