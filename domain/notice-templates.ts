// The words of each notice (SPEC §11), in zh-CN and English, for e-mail and SMS. A notice says the
// case number, what happened in plain words, for a session or hearing when and where, and links to
// the case page. Templates see only `NoticeFacts` — values the system itself produced, plus the place
// of a session or hearing, which its invitees must know — so they cannot quote a resident ID number,
// anyone's contact details, a token or what other people wrote (reasons, terms, summaries).

import type { CasePath } from './model.ts';

export type Channel = 'email' | 'sms';
export type Language = 'zh-CN' | 'en';

/** What a notice is about; several event types may share one (none do yet). */
export type NoticeTopic =
  | 'receipt'
  | 'routed'
  | 'claimed'
  | 'session'
  | 'hearing'
  | 'agreement'
  | 'mediation_failed'
  | 'confirmation_requested'
  | 'judicial_confirmation'
  | 'closed'
  | 'award'
  | 'decision'
  | 'certificate'
  | 'rejected'
  | 'filing_rejected'
  | 'withdrawn'
  | 'to_litigation'
  | 'to_police'
  | 'due_soon'
  | 'overdue'
  | 'invitation'
  | 'takeover_code'
  | 'message'
  | 'supervision_order'
  | 'opinion_reply_required'
  | 'supervision_overdue'
  | 'extension_requested'
  | 'extension_approved'
  | 'extension_denied'
  // Administrative enforcement (SPEC §12).
  | 'penalty'
  | 'no_violation'
  // The credit list (SPEC §12): the respondent is told of the review and its statement period.
  | 'credit_review';

/** Everything a template may say. */
export interface NoticeFacts {
  caseNumber: string;
  /** The case page, `${siteUrl}/#/cases/${caseId}`: never shortened. */
  link: string;
  /** The path that works the case (for a routing, the path it was routed to). */
  path: CasePath | null;
  /** A session's or hearing's time, ISO 8601. */
  at?: string;
  /** A session's or hearing's place as its handler wrote it. */
  location?: string;
  mode?: 'online' | 'offline';
  /** The clock of a reminder or an overdue notice. */
  deadline?: { kind: string; dueAt: string };
  /** The court's answer to a request for judicial confirmation. */
  confirmed?: boolean;
  /** The recipient gets the notice as a copy (the procuratorate of a transfer to the police). */
  copy?: boolean;
  /**
   * A respondent's invitation: its code — as planned and stored, the placeholder the notifier
   * replaces when it sends (domain/invitations.ts) — and until when it is valid.
   */
  invitation?: { code: string; expiresAt: string };
  /** A message's channel: a caucus is told as such (its words are never quoted). */
  channel?: 'open' | 'caucus_complainant' | 'caucus_respondent';
}

// ---------------------------------------------------------------------------------------------
// Dates, China time

const CHINA_OFFSET_MS = 8 * 3_600_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * `2027年3月1日 10:00` / `1 Mar 2027 10:00 (UTC+8)`: the instant in China time whatever the server's
 * zone; without the time for a clock, which runs to the end of a day. '' when it is no instant.
 */
export function formatInstant(iso: string, language: Language, withTime = true): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const t = new Date(ms + CHINA_OFFSET_MS);
  const [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  const time = `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  if (language === 'zh-CN') return withTime ? `${y}年${m}月${d}日 ${time}` : `${y}年${m}月${d}日`;
  const date = `${d} ${MONTHS[m - 1]} ${y}`;
  return withTime ? `${date} ${time} (UTC+8)` : date;
}

// ---------------------------------------------------------------------------------------------
// SMS length

/** Two concatenated segments: 2 × 153 GSM-7 septets, or 2 × 67 UCS-2 units (Chinese, '…'). */
export const SMS_LIMIT = { gsm7: 306, ucs2: 134 } as const;

const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
/** Characters of the GSM-7 extension table: an escape and the character, two septets each. */
const GSM7_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

/** How an SMS is encoded, how long it is in that encoding's units, and the two-segment limit. */
export function smsLength(text: string): { encoding: 'gsm7' | 'ucs2'; units: number; limit: number } {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else return { encoding: 'ucs2', units: text.length, limit: SMS_LIMIT.ucs2 };
  }
  return { encoding: 'gsm7', units: septets, limit: SMS_LIMIT.gsm7 };
}

export function smsFits(text: string): boolean {
  const { units, limit } = smsLength(text);
  return units <= limit;
}

/** `text` cut to at most `n` characters, ending in `ellipsis` when cut (not after a space or a comma). */
function clip(text: string, n: number, ellipsis = '…'): string {
  const chars = Array.from(text);
  if (chars.length <= n) return text;
  const kept = chars.slice(0, Math.max(0, n - ellipsis.length)).join('');
  return `${kept.replace(/[\s,，、;；:：]+$/u, '')}${ellipsis}`;
}

/** The largest n in [lo, hi] for which `fits(n)`, given that fits is monotone; null if none. */
function largest(lo: number, hi: number, fits: (n: number) => boolean): number | null {
  let best: number | null = null;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The place of a session or hearing

const EMAIL = /[^\s@<>()（）,，;；:：]+@[^\s@<>()（）,，;；:：]+\.[A-Za-z]{2,}/g;
const RESIDENT_ID = /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g;

/**
 * The place as a notice shows it: on one line, and with anything that looks like an e-mail address,
 * a phone number or a resident ID number starred out — a handler may paste a contact into the field,
 * and a notice carries no one's contact details; the case page shows the place as written.
 */
export function placeForNotice(location: string): string {
  return location
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim()
    .replace(EMAIL, '***')
    .replace(RESIDENT_ID, '***')
    .replace(MOBILE, '***')
    .replace(LANDLINE, '***');
}

// ---------------------------------------------------------------------------------------------
// The sentences

type Words = Record<Language, string>;

const PATH_NAME: Record<CasePath, Words> = {
  mediation: { 'zh-CN': '人民调解', en: 'mediation' },
  arbitration: { 'zh-CN': '仲裁', en: 'arbitration' },
  notarization: { 'zh-CN': '公证', en: 'notarization' },
  administrative_adjudication: { 'zh-CN': '行政裁决', en: 'administrative adjudication' },
  administrative_enforcement: { 'zh-CN': '行政执法', en: 'administrative enforcement' },
};

/** Clock kinds (domain/deadlines.ts) in plain words; a kind not named here is "a time limit". */
const CLOCK_NAME: Record<string, Words> = {
  filing_review: { 'zh-CN': '立案审查', en: 'filing review' },
  adjudication_decision: { 'zh-CN': '行政裁决', en: 'adjudication decision' },
  arbitration_acceptance: { 'zh-CN': '仲裁受理审查', en: 'arbitration acceptance' },
  notarization_certificate: { 'zh-CN': '出具公证书', en: 'notarial certificate' },
  mediation_outcome: { 'zh-CN': '调解', en: 'mediation' },
  judicial_confirmation_request: { 'zh-CN': '申请司法确认', en: 'judicial confirmation request' },
  court_confirmation: { 'zh-CN': '司法确认', en: 'judicial confirmation' },
  police_decision: { 'zh-CN': '公安机关立案决定', en: 'police decision' },
  supervision_order: { 'zh-CN': '督办事项办理', en: 'supervision order' },
  supervision_opinion_reply: { 'zh-CN': '监督意见答复', en: 'reply to the supervision opinion' },
  enforcement_filing: { 'zh-CN': '行政执法立案审查', en: 'enforcement filing decision' },
  enforcement_decision: { 'zh-CN': '行政处罚决定', en: 'enforcement decision' },
  credit_statement: { 'zh-CN': '陈述申辩', en: 'statement' },
};

/** How a sentence shows the place: as text (possibly cut), not at all, or as "see the case page". */
type PlaceShown = { text: string } | 'none' | 'on_page';

/** What a sentence may fill in. */
interface Vars {
  f: NoticeFacts;
  place: PlaceShown;
}

type Sentence = (v: Vars) => string;

const zhWhen = (f: NoticeFacts) => (f.at ? formatInstant(f.at, 'zh-CN') : '');
const enWhen = (f: NoticeFacts) => (f.at ? formatInstant(f.at, 'en') : '');
const zhPlace = (place: PlaceShown) => (place === 'none' ? '' : place === 'on_page' ? '，地点见案件页面' : `，地点：${place.text}`);
const enPlace = (place: PlaceShown) => (place === 'none' ? '' : place === 'on_page' ? ', place on the case page' : `, at ${place.text}`);
const zhOnline = (f: NoticeFacts) => (f.mode === 'online' ? '在线' : '');
const enOnline = (f: NoticeFacts) => (f.mode === 'online' ? ', online' : '');
const zhClock = (f: NoticeFacts) => `${(f.deadline && CLOCK_NAME[f.deadline.kind]?.['zh-CN']) ?? '办理'}期限`;
const enClock = (f: NoticeFacts) => {
  const name = f.deadline && CLOCK_NAME[f.deadline.kind]?.en;
  return name ? `The ${name} time limit` : 'A time limit';
};
const zhDue = (f: NoticeFacts) => (f.deadline ? formatInstant(f.deadline.dueAt, 'zh-CN', false) : '');
const enDue = (f: NoticeFacts) => (f.deadline ? formatInstant(f.deadline.dueAt, 'en', false) : '');

const SENTENCES: Record<NoticeTopic, Record<Language, Sentence>> = {
  receipt: {
    'zh-CN': () => '您的投诉已收到，请凭案件编号查询办理进度',
    en: () => 'We have received your complaint; quote the case number when you ask about it',
  },
  routed: {
    'zh-CN': ({ f }) => (f.path ? `案件已转由${PATH_NAME[f.path]['zh-CN']}途径办理` : '案件已分派办理途径'),
    en: ({ f }) => (f.path ? `The case has been sent to ${PATH_NAME[f.path].en}` : 'The case has been assigned a procedure'),
  },
  claimed: {
    'zh-CN': () => '承办人员已接手办理本案',
    en: () => 'A case handler has taken up the case',
  },
  session: {
    'zh-CN': (v) => `调解定于${zhWhen(v.f)}${zhOnline(v.f)}进行${zhPlace(v.place)}`,
    en: (v) => `A mediation session is scheduled for ${enWhen(v.f)}${enOnline(v.f)}${enPlace(v.place)}`,
  },
  hearing: {
    'zh-CN': (v) => {
      const what = v.f.path === 'administrative_adjudication' ? '口头审理' : '开庭';
      return `本案定于${zhWhen(v.f)}${zhOnline(v.f)}${what}${zhPlace(v.place)}`;
    },
    en: (v) => {
      const what = v.f.path === 'administrative_adjudication' ? 'An oral hearing' : 'A hearing';
      return `${what} is scheduled for ${enWhen(v.f)}${enOnline(v.f)}${enPlace(v.place)}`;
    },
  },
  agreement: {
    'zh-CN': () => '调解协议已记录，协议内容请在案件页面查看',
    en: () => 'A mediation agreement has been recorded; its terms are on the case page',
  },
  mediation_failed: {
    'zh-CN': () => '调解未能达成协议',
    en: () => 'The mediation ended without an agreement',
  },
  confirmation_requested: {
    'zh-CN': () => '当事人申请对调解协议进行司法确认，请审查',
    en: () => 'Judicial confirmation of a mediation agreement is requested; please review it',
  },
  judicial_confirmation: {
    'zh-CN': ({ f }) =>
      f.confirmed === true ? '法院已裁定确认调解协议有效' : f.confirmed === false ? '法院裁定不予确认调解协议' : '法院已就司法确认作出裁定',
    en: ({ f }) =>
      f.confirmed === true
        ? 'The court has confirmed the mediation agreement'
        : f.confirmed === false
          ? 'The court has declined to confirm the mediation agreement'
          : 'The court has ruled on judicial confirmation',
  },
  closed: {
    'zh-CN': () => '案件已办结',
    en: () => 'The case has been closed',
  },
  award: {
    'zh-CN': () => '仲裁裁决已作出，请在案件页面查看',
    en: () => 'The arbitral award has been issued; read it on the case page',
  },
  decision: {
    'zh-CN': () => '行政裁决决定已作出，请在案件页面查看',
    en: () => 'The administrative adjudication decision has been issued; read it on the case page',
  },
  certificate: {
    'zh-CN': () => '公证书已出具',
    en: () => 'The notarial certificate has been issued',
  },
  rejected: {
    'zh-CN': ({ f }) => `${f.path === 'arbitration' ? '仲裁' : f.path === 'notarization' ? '公证' : ''}申请不予受理，理由请在案件页面查看`,
    en: ({ f }) =>
      `The ${f.path === 'arbitration' ? 'arbitration ' : f.path === 'notarization' ? 'notarization ' : ''}application was not accepted; the reason is on the case page`,
  },
  filing_rejected: {
    'zh-CN': ({ f }) => `${f.path === 'administrative_enforcement' ? '行政执法投诉' : '行政裁决请求'}不予立案，理由请在案件页面查看`,
    en: ({ f }) =>
      `The ${f.path === 'administrative_enforcement' ? 'complaint for administrative enforcement' : 'request for administrative adjudication'} was not filed; the reason is on the case page`,
  },
  penalty: {
    'zh-CN': () => '行政处罚决定已作出，请在案件页面查看',
    en: () => 'The administrative penalty decision has been issued; read it on the case page',
  },
  credit_review: {
    'zh-CN': ({ f }) => `贵方因本案等行政处理结果被列为信用惩戒名单审查对象，可于${zhDue(f) || '5 个工作日内'}前向市知识产权局提出陈述申辩`,
    en: ({ f }) =>
      `You are under review for the credit list (joint punishment) following this case and others; you may state your case to the city IP administration ${enDue(f) ? `until ${enDue(f)}` : 'within 5 working days'}`,
  },
  no_violation: {
    'zh-CN': () => '经调查未发现违法行为，案件已结案，理由请在案件页面查看',
    en: () => 'The investigation found no violation and the case was closed; the reason is on the case page',
  },
  withdrawn: {
    'zh-CN': () => '投诉已撤回，案件终结',
    en: () => 'The complaint has been withdrawn and the case ended',
  },
  to_litigation: {
    'zh-CN': () => '案件已转入诉讼程序',
    en: () => 'The case has been referred to litigation',
  },
  to_police: {
    'zh-CN': () => '案件已移送公安机关',
    en: () => 'The case has been transferred to the police',
  },
  due_soon: {
    'zh-CN': ({ f }) => `${zhClock(f)}将于${zhDue(f) || '下一个工作日'}届满，请及时办理`,
    en: ({ f }) => `${enClock(f)} falls due ${enDue(f) ? `on ${enDue(f)}` : 'next working day'}; please act in time`,
  },
  overdue: {
    'zh-CN': ({ f }) => `${zhClock(f)}${zhDue(f) ? `已于${zhDue(f)}` : '已'}届满，请尽快处理`,
    en: ({ f }) => `${enClock(f)} ${enDue(f) ? `passed on ${enDue(f)}` : 'has passed'}; please act on the case now`,
  },
  // The code comes first: an SMS too long is cut at its end, and the code must never be.
  invitation: {
    'zh-CN': ({ f }) =>
      `邀请码${f.invitation?.code ?? ''}：您被列为本案被投诉人，请以被投诉人身份注册后凭案件编号和邀请码加入案件${
        f.invitation ? `，${formatInstant(f.invitation.expiresAt, 'zh-CN', false)}前有效` : ''
      }`,
    en: ({ f }) =>
      `Code ${f.invitation?.code ?? ''}: you are the respondent in this case; sign up as a respondent and join it with the case number and this code${
        f.invitation ? `, valid until ${formatInstant(f.invitation.expiresAt, 'en', false)}` : ''
      }`,
  },
  // Offline intake: the complainant's takeover code. The first clause (the e-mail subject) holds no
  // code; the code follows at once, so an SMS cut at its end keeps it.
  takeover_code: {
    'zh-CN': ({ f }) =>
      `您的投诉已由工作人员代为登记；接管码${f.invitation?.code ?? ''}，请注册为权利人后凭案件编号和接管码在线接管本案${
        f.invitation ? `，${formatInstant(f.invitation.expiresAt, 'zh-CN', false)}前有效` : ''
      }`,
    en: ({ f }) =>
      `Your complaint was registered for you by our staff; code ${f.invitation?.code ?? ''}: sign up as a rights holder and take the case over online with the case number and this code${
        f.invitation ? `, valid until ${formatInstant(f.invitation.expiresAt, 'en', false)}` : ''
      }`,
  },
  supervision_order: {
    'zh-CN': ({ f }) => `知识产权局对本案发出督办，请于${zhDue(f) || '期限内'}前办理并答复`,
    en: ({ f }) => `The IP administration issued a supervision order on the case; reply by ${enDue(f) || 'its due date'}`,
  },
  opinion_reply_required: {
    'zh-CN': ({ f }) => `检察院对本案提出监督意见，请于${zhDue(f) || '期限内'}前答复`,
    en: ({ f }) => `The procuratorate issued a supervision opinion on the case; reply by ${enDue(f) || 'its due date'}`,
  },
  supervision_overdue: {
    'zh-CN': ({ f }) => `${zhClock(f)}${zhDue(f) ? `已于${zhDue(f)}` : '已'}届满，尚未答复，请尽快处理`,
    en: ({ f }) => `${enClock(f)} ${enDue(f) ? `passed on ${enDue(f)}` : 'has passed'} without a reply; please act on the case now`,
  },
  extension_requested: {
    'zh-CN': () => '承办人员申请延长行政裁决期限，请审批',
    en: () => 'The case officer requests an extension of the decision time limit; please decide it',
  },
  extension_approved: {
    'zh-CN': () => '延长期限申请已获批准，请在案件页面查看新的期限',
    en: () => 'The extension was approved; the new time limit is on the case page',
  },
  extension_denied: {
    'zh-CN': () => '延长期限申请未获批准',
    en: () => 'The extension was not approved',
  },
  message: {
    'zh-CN': ({ f }) => (f.channel && f.channel !== 'open' ? '承办人员与您的单独沟通中有一条新留言' : '本案有一条新留言，请在案件页面查看'),
    en: ({ f }) =>
      f.channel && f.channel !== 'open'
        ? 'There is a new message in your private channel with the case handler'
        : 'There is a new message in the case; read it on the case page',
  },
};

/** The sentence of a notice; `place` matters only to the topics that have one. */
function sentence(topic: NoticeTopic, language: Language, f: NoticeFacts, place: PlaceShown): string {
  const words = SENTENCES[topic][language]({ f, place });
  if (!f.copy) return words;
  return language === 'zh-CN' ? `（抄送）${words}` : `(Copy) ${words}`;
}

/** The sentence's first clause, for a subject line. */
function headline(words: string): string {
  return words.split(/；|，请|; /)[0]!;
}

// ---------------------------------------------------------------------------------------------
// E-mail and SMS

const CASE_LABEL: Words = { 'zh-CN': '案件编号', en: 'Case' };
const SMS_SIGNATURE: Words = { 'zh-CN': '【安康知识产权】', en: '[Ankang IP] ' };
const MAIL_SIGNATURE: Words = {
  'zh-CN': '安康市知识产权协同保护平台（系统邮件，请勿直接回复）',
  en: 'Ankang IP protection platform (an automatic message; please do not reply)',
};
const PUNCTUATION = {
  'zh-CN': { colon: '：', stop: '。' },
  en: { colon: ': ', stop: '. ' },
} as const;
const VIEW: Words = { 'zh-CN': '详情', en: 'Details' };
const MAIL_VIEW: Words = { 'zh-CN': '查看案件：', en: 'View the case: ' };
const SUBJECT_MAX = 80;

export interface RenderInput {
  topic: NoticeTopic;
  channel: Channel;
  language: Language;
  facts: NoticeFacts;
}

export function renderNotice({ topic, channel, language, facts }: RenderInput): { subject: string; text: string } {
  const place = facts.location ? placeForNotice(facts.location) : '';
  if (channel === 'sms') return { subject: '', text: renderSms(topic, language, facts, place) };
  const { colon, stop } = PUNCTUATION[language];
  const shown: PlaceShown = place ? { text: place } : 'none';
  return {
    subject: `${CASE_LABEL[language]} ${facts.caseNumber}${colon}${clip(headline(sentence(topic, language, facts, 'none')), SUBJECT_MAX)}`,
    text: [
      `${CASE_LABEL[language]}${colon}${facts.caseNumber}`,
      '',
      `${sentence(topic, language, facts, shown)}${stop.trim()}`,
      '',
      `${MAIL_VIEW[language]}${facts.link}`,
      '',
      `— ${MAIL_SIGNATURE[language]}`,
    ].join('\n'),
  };
}

/**
 * Signature, case number, what happened, link — within two segments. Too long, the place is cut
 * (as little as will do) or, when no useful part of it fits, pointed to on the case page; only then
 * is the sentence itself cut. The link and the case number never are.
 */
function renderSms(topic: NoticeTopic, language: Language, f: NoticeFacts, place: string): string {
  const { colon, stop } = PUNCTUATION[language];
  const end = (words: string) => (language === 'en' && /(?:\.\.\.|…)$/.test(words) ? ' ' : stop);
  const compose = (words: string) =>
    `${SMS_SIGNATURE[language]}${CASE_LABEL[language]} ${f.caseNumber}${colon}${words}${end(words)}${VIEW[language]}${colon}${f.link}`;
  const withPlace = (shown: PlaceShown) => compose(sentence(topic, language, f, shown));
  const full = withPlace(place ? { text: place } : 'none');
  if (smsFits(full)) return full;

  if (place) {
    // '…' is not GSM-7: in a text that is all GSM-7 it would halve the room, so '...' cuts there.
    const ellipsis = smsLength(full).encoding === 'gsm7' ? '...' : '…';
    const cut = (k: number) => withPlace({ text: clip(place, k, ellipsis) });
    // A place cut to fewer than two characters says nothing.
    const n = largest(ellipsis.length + 2, Array.from(place).length - 1, (k) => smsFits(cut(k)));
    if (n !== null) return cut(n);
    const pointer = withPlace('on_page');
    if (smsFits(pointer)) return pointer;
  }
  const words = sentence(topic, language, f, place ? 'on_page' : 'none');
  const n = largest(2, Array.from(words).length - 1, (k) => smsFits(compose(clip(words, k))));
  return compose(n === null ? '' : clip(words, n));
}
