// Trademark registration number (商标注册号): up to 8 digits; `G` prefix for international
// registrations designating China (Madrid), `A` suffix for a divisional application.
// There is no check digit, so only the shape can be verified.

const FORMAT = /^(G?)(\d{1,8})(A?)$/;

export type TrademarkNumberProblem = 'trademark_number.format';

export interface ParsedTrademarkNumber {
  /** Uppercase prefix/suffix, digits as given. */
  normalized: string;
  international: boolean;
  divisional: boolean;
}

export function parseTrademarkNumber(s: string): ParsedTrademarkNumber | TrademarkNumberProblem {
  const normalized = s.trim().toUpperCase();
  const m = FORMAT.exec(normalized);
  if (!m) return 'trademark_number.format';
  return { normalized, international: m[1] === 'G', divisional: m[3] === 'A' };
}

export function isValidTrademarkNumber(s: string): boolean {
  return typeof parseTrademarkNumber(s) !== 'string';
}
