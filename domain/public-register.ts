// The public register of administrative penalty decisions (一公开, SPEC §12): what a decision shows to
// anyone, signed in or not — decision number, date, agency, the respondent's name and credit code,
// the violation and the penalty. A natural person's name is masked; no contact details, no case id
// or number, no complainant: nothing that the public may not know about the people involved.

import { cstDate } from './calendar.ts';
import type { Agency, EnforcementMatter } from './agencies.ts';
import type { Case } from './model.ts';

export interface PublicDecision {
  decisionNumber: string;
  /** The decision's day (CST). */
  decidedOn: string;
  agency: Agency;
  matter: EnforcementMatter;
  respondent: { name: string; creditCode: string | null; naturalPerson: boolean };
  violation: string;
  penalty: { fineCny: number | null; confiscation: string | null; orders: string[] };
  /** When the register received it (the decision itself: published the moment it is issued, SPEC §12 "within 20 working days"). */
  publishedAt: string;
}

/** Words that end the names of organisations and registered businesses (a natural person's name has none). */
const ORGANISATION_SUFFIXES = [
  '公司',
  '有限',
  '集团',
  '商行',
  '商店',
  '店',
  '厂',
  '社',
  '中心',
  '部',
  '所',
  '馆',
  '院',
  '站',
  '场',
  '行',
  '坊',
  '铺',
  '室',
  '会',
  '局',
  '合作社',
  '经营部',
  '工作室',
];
const ORGANISATION_WORDS_EN = /\b(co|company|corp|corporation|inc|ltd|limited|llc|gmbh|plc|shop|store|studio|firm|group)\b\.?/i;

/**
 * Whether the respondent is a natural person, as far as the register can tell: a unified social
 * credit code names an organisation or a registered business (an individual business's code too, and
 * its name is a shop name); without one, a name that reads as an organisation's is one — anything
 * else is taken to be a person, and masked. Erring this way masks a shop now and then; never a person shown.
 */
export function isNaturalPerson(respondent: { name: string; creditCode?: string }): boolean {
  if (respondent.creditCode) return false;
  const name = respondent.name.trim();
  if (ORGANISATION_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  return !ORGANISATION_WORDS_EN.test(name);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J*** S****: the first character of each part. */
export function maskPersonName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts
    .map((part) => {
      const chars = [...part];
      return chars.length === 0 ? '' : chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
    })
    .join(' ');
}

/**
 * The register entry of a penalty decision, or null for a case that has none (only an enforcement
 * case resolved with `issue_penalty` has one).
 */
export function publicDecisionOf(c: Case, publishedAt: string): PublicDecision | null {
  const o = c.outcome as Record<string, unknown> | null;
  if (c.stage !== 'penalty_decided' || o?.['kind'] !== 'penalty' || !c.enforcement) return null;
  const respondent = c.complaint.respondent;
  const naturalPerson = isNaturalPerson(respondent);
  return {
    decisionNumber: String(o['decisionNumber']),
    decidedOn: cstDate(new Date(String(o['at']))),
    agency: c.enforcement.agency,
    matter: c.enforcement.matter,
    respondent: {
      name: naturalPerson ? maskPersonName(respondent.name) : respondent.name,
      creditCode: respondent.creditCode ?? null,
      naturalPerson,
    },
    violation: String(o['violation']),
    penalty: {
      fineCny: typeof o['fineCny'] === 'number' ? o['fineCny'] : null,
      confiscation: typeof o['confiscation'] === 'string' ? o['confiscation'] : null,
      orders: Array.isArray(o['orders']) ? o['orders'].map(String) : [],
    },
    publishedAt,
  };
}
