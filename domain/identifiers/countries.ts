// ISO 3166-1 alpha-2: the country (or region) of a foreign complainant (SPEC §3 v2, equal protection
// 同保护). Data only; the pages name the codes in the reader's language with Intl.DisplayNames.
//
// CN is in the standard but refused for a foreign party: a party from mainland China files as an
// enterprise (credit code) or an individual. HK, MO and TW are accepted: their parties hold no
// mainland credit code or resident ID, so without them they could not file at all; they are not
// "foreign" in Chinese law, so the pages word the field "country or region" and name them as parts
// of China (see REGION_NAMES).

export const ISO_3166_ALPHA_2 = [
  ...['AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ'],
  ...['BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ'],
  ...['CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ'],
  ...['DE', 'DJ', 'DK', 'DM', 'DO', 'DZ'],
  ...['EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET'],
  ...['FI', 'FJ', 'FK', 'FM', 'FO', 'FR'],
  ...['GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY'],
  ...['HK', 'HM', 'HN', 'HR', 'HT', 'HU'],
  ...['ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT'],
  ...['JE', 'JM', 'JO', 'JP'],
  ...['KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ'],
  ...['LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY'],
  ...[
    'MA',
    'MC',
    'MD',
    'ME',
    'MF',
    'MG',
    'MH',
    'MK',
    'ML',
    'MM',
    'MN',
    'MO',
    'MP',
    'MQ',
    'MR',
    'MS',
    'MT',
    'MU',
    'MV',
    'MW',
    'MX',
    'MY',
    'MZ',
  ],
  ...['NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ'],
  ...['OM'],
  ...['PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY'],
  ...['QA'],
  ...['RE', 'RO', 'RS', 'RU', 'RW'],
  ...['SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ'],
  ...['TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ'],
  ...['UA', 'UG', 'UM', 'US', 'UY', 'UZ'],
  ...['VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU'],
  ...['WF', 'WS'],
  ...['YE', 'YT'],
  ...['ZA', 'ZM', 'ZW'],
] as const;

export type CountryCode = (typeof ISO_3166_ALPHA_2)[number];

/** Where the complainant is from when it files as a foreign party: every ISO code but CN. */
export const FOREIGN_COUNTRY_CODES: readonly CountryCode[] = ISO_3166_ALPHA_2.filter((code) => code !== 'CN');

/** Names the pages use for the three regions instead of the browser's own (which may omit "China"). */
export const REGION_NAMES: Readonly<Record<'HK' | 'MO' | 'TW', { 'zh-CN': string; en: string }>> = {
  HK: { 'zh-CN': '中国香港', en: 'Hong Kong, China' },
  MO: { 'zh-CN': '中国澳门', en: 'Macao, China' },
  TW: { 'zh-CN': '中国台湾', en: 'Taiwan, China' },
};

const KNOWN = new Set<string>(ISO_3166_ALPHA_2);

/** Why a country code is refused for a foreign party, as a message key; null when it is accepted. Expects upper case. */
export function foreignCountryProblem(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code) || !KNOWN.has(code)) return 'country.unknown';
  return code === 'CN' ? 'country.mainland' : null;
}
