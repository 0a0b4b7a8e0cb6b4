// `npm run seed`: fills the RUNNING local stack (`npm start`) with a realistic set of cases, through
// the HTTP API only — as rights holders, handlers, court, procuratorate, police and supervisor would —
// never by writing the table. Reads the stack's URL from DATA_DIR/runtime.json (DATA_DIR defaults to
// .data) and signs tokens with the key under DATA_DIR, so use the DATA_DIR the stack was started with.
//
// What it makes: ~40 complaints over all ten counties and five right kinds, from enterprises and
// individuals, against respondents of whom a few recur; every routing rule of SPEC §5 fires at least
// once (each preference, arbitration without an agreement, adjudication of a non-patent, evidence
// preservation, a possible duplicate, and — in a second round — repeat respondents); then cases are
// claimed and moved through every path's stages to every kind of outcome (SPEC §4).
//
// Each run draws fresh identifiers (credit codes, right numbers), so runs never collide with one
// another's cases; SEED_RANDOM=<integer> makes the identifiers repeatable. It prints a summary by
// path and status, writes DATA_DIR/seed.json, and ends with one JSON line listing the case ids.
// Every wait is bounded: a case not queued within 20 s stops the run with exit code 1.

import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import { patentCheckCharacter } from '#domain/identifiers/patent-number.ts';
import { residentIdCheckCharacter } from '#domain/identifiers/resident-id.ts';
import { PATHS, STATUSES, type CasePath, type CaseStatus, type PatentType, type RightKind, type Role } from '#domain/model.ts';
import { localJwt } from '#infra/local/jwt.ts';

const QUEUE_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Tries of one request the rate limit refused, before the seed gives up. */
const MAX_RATE_LIMITED_RETRIES = 10;
const POLL_INTERVAL_MS = 150;
const CONCURRENCY = 4;

class SeedError extends Error {
  override name = 'SeedError';
}

// ---------------------------------------------------------------------------------------------
// Identifiers with valid check characters, from a seeded generator

/** mulberry32: small, fast, good enough to spread sample identifiers. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedText = process.env.SEED_RANDOM;
if (seedText !== undefined && !/^\d+$/.test(seedText)) {
  process.stderr.write(`seed: SEED_RANDOM=${seedText} is not a non-negative integer\n`);
  process.exit(1);
}
const random = generator(seedText ? Number(seedText) : Date.now() % 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

/** Unified social credit code: department+type, division, organisation code, check character. */
function creditCode(kind: '91' | '92' | '93', division: string): string {
  // The organisation code uses the same alphabet (its own check is not verified by GB 32100).
  const org = Array.from({ length: 9 }, () => pick([...CREDIT_CODE_ALPHABET])).join('');
  const first17 = `${kind}${division}${org}`;
  return first17 + creditCodeCheckCharacter(first17);
}

function residentId(division: string, birth: string): string {
  const first17 = `${division}${birth.replaceAll('-', '')}${digits(3)}`;
  return first17 + residentIdCheckCharacter(first17);
}

const PATENT_TYPE_DIGIT: Record<PatentType, string> = { invention: '1', utility_model: '2', design: '3' };

/** A patent number with its check character; half of them written the way certificates print them. */
function patentNumber(type: PatentType, year: number): string {
  const d12 = `${year}${PATENT_TYPE_DIGIT[type]}${digits(7)}`;
  const number = `${d12}.${patentCheckCharacter(d12)}`;
  return random() < 0.5 ? `ZL${number}` : number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// The sample world

const COUNTIES = ['610902', '610921', '610922', '610923', '610924', '610925', '610926', '610927', '610929', '610981'] as const;

interface Party {
  name: string;
  creditCode?: string;
  idNumber?: string;
  type: 'enterprise' | 'individual';
  phone?: string;
  email?: string;
}

const COMPLAINANTS: Party[] = [
  {
    type: 'enterprise',
    name: '安康市秦巴茶业科技有限公司',
    creditCode: creditCode('91', '610902'),
    phone: '13891500123',
    email: 'ip@qinba-tea.example.cn',
  },
  { type: 'enterprise', name: '陕西紫阳富硒茶业股份有限公司', creditCode: creditCode('91', '610924'), phone: '0915-4312345' },
  { type: 'enterprise', name: '安康汉水丝绸有限公司', creditCode: creditCode('91', '610902'), email: 'legal@hanshui-silk.example.cn' },
  { type: 'enterprise', name: '旬阳市太极城魔芋食品有限公司', creditCode: creditCode('91', '610981'), phone: '13709150456' },
  {
    type: 'enterprise',
    name: '平利县女娲山茶业有限公司',
    creditCode: creditCode('91', '610926'),
    phone: '0915-8412233',
    email: 'nvwa@example.cn',
  },
  { type: 'enterprise', name: '石泉县金蚕桑蚕科技有限公司', creditCode: creditCode('91', '610922'), phone: '15129150789' },
  { type: 'enterprise', name: '镇坪县秦巴中药材种植专业合作社', creditCode: creditCode('93', '610927'), phone: '0915-8823456' },
  { type: 'individual', name: '张明远', idNumber: residentId('610902', '1979-04-12'), phone: '13991560321' },
  { type: 'individual', name: '李秀兰', idNumber: residentId('610925', '1968-11-03'), email: 'lixiulan@example.cn' },
  { type: 'individual', name: '王建国', phone: '18700915678' },
  // A sole trader (个体工商户): an individual with a credit code of its own.
  {
    type: 'individual',
    name: '陈晓燕（白河县晓燕木瓜工作室）',
    creditCode: creditCode('92', '610929'),
    idNumber: residentId('610929', '1990-02-28'),
    phone: '13572960111',
  },
];

const RESPONDENTS: Party[] = [
  { type: 'enterprise', name: '西安市某某茶叶贸易有限公司', creditCode: creditCode('91', '610113') },
  { type: 'enterprise', name: '深圳市某某电子商务有限公司', creditCode: creditCode('91', '440305') },
  { type: 'enterprise', name: '杭州某某网络科技有限公司', creditCode: creditCode('91', '330106') },
  { type: 'enterprise', name: '重庆某某食品有限公司', creditCode: creditCode('91', '500103') },
  { type: 'enterprise', name: '武汉某某丝绸制品有限公司', creditCode: creditCode('91', '420106') },
  { type: 'enterprise', name: '安康市某某商贸有限责任公司', creditCode: creditCode('91', '610902') },
  { type: 'enterprise', name: '汉中某某农产品有限公司', creditCode: creditCode('91', '610702') },
  { type: 'individual', name: '紫阳县某某茶叶经营部' },
  { type: 'individual', name: '某某山货网店（经营者：刘某）' },
  { type: 'enterprise', name: '成都某某文化传播有限公司', creditCode: creditCode('91', '510104') },
];
/** The respondents that recur; the first two get two cases resolved against them in round one. */
const R1 = RESPONDENTS[0]!;
const R2 = RESPONDENTS[1]!;
const R3 = RESPONDENTS[8]!;

interface RightSpec {
  kind: RightKind;
  number: string;
  title: string;
  patentType?: PatentType;
  validUntil?: string;
  product: string;
}

const PATENT_TITLES: Record<PatentType, [string, string][]> = {
  invention: [
    ['一种富硒绿茶的揉捻装置', '茶叶揉捻机'],
    ['一种魔芋精粉的低温干燥方法', '魔芋精粉'],
    ['一种蚕丝被絮片的成型设备', '蚕丝被'],
    ['一种绞股蓝茶的加工工艺', '绞股蓝茶'],
  ],
  utility_model: [
    ['一种便携式茶叶包装盒', '茶叶礼盒'],
    ['一种木瓜切片机', '木瓜切片机'],
  ],
  design: [
    ['茶叶包装罐（秦巴山水）', '茶叶包装罐'],
    ['丝巾（汉水纹样）', '丝巾'],
  ],
};

function right(kind: RightKind, patentType: PatentType = 'invention'): RightSpec {
  switch (kind) {
    case 'patent': {
      const year = 2019 + Math.floor(random() * 5);
      const [title, product] = pick(PATENT_TITLES[patentType]);
      const term = patentType === 'invention' ? 20 : patentType === 'design' ? 15 : 10;
      return { kind, patentType, number: patentNumber(patentType, year), title, validUntil: `${year + term}-06-30`, product };
    }
    case 'trademark': {
      const [title, product] = pick([
        ['紫阳毛尖', '绿茶'],
        ['秦巴雪', '魔芋制品'],
        ['汉水丝韵', '丝绸围巾'],
        ['女娲银峰', '茶叶'],
      ] as const);
      return { kind, number: String(10_000_000 + Math.floor(random() * 89_999_999)).slice(0, 8), title, validUntil: '2033-03-20', product };
    }
    case 'geographical_indication': {
      const [title, product] = pick([
        ['紫阳富硒茶', '茶叶'],
        ['安康富硒茶', '茶叶'],
        ['旬阳拐枣', '拐枣'],
        ['白河木瓜', '木瓜'],
      ] as const);
      return { kind, number: `AGI${digits(5)}`, title, product };
    }
    case 'copyright':
      return {
        kind,
        number: `陕作登字-${2020 + Math.floor(random() * 5)}-I-${digits(8)}`,
        title: pick(['《汉江安康》摄影作品集', '“秦巴小茶娃”卡通形象', '《凤堰古梯田》纪录片']),
        product: '图片和视频',
      };
    case 'plant_variety':
      return {
        kind,
        number: `CNA${2018 + Math.floor(random() * 5)}${digits(4)}.${digits(1)}`,
        title: pick(['安康早茶 1 号', '秦巴魔芋 3 号']),
        product: '种苗',
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios: who files what, and what the agencies then do with it

type Actor =
  | 'owner'
  | 'mediator'
  | 'mediator2'
  | 'arbitrator'
  | 'notary'
  | 'officer'
  | 'cultureOfficer'
  | 'court'
  | 'procuratorate'
  | 'police'
  | 'supervisor';

const ROLE_OF: Record<Exclude<Actor, 'owner'>, [Role, string]> = {
  mediator: ['mediator', 'seed-mediator-wang'],
  mediator2: ['mediator', 'seed-mediator-li'],
  arbitrator: ['arbitrator', 'seed-arbitrator-zhao'],
  notary: ['notary', 'seed-notary-sun'],
  officer: ['officer', 'seed-officer-zhou'],
  // SPEC §12: a culture-and-tourism officer (its agency group is added to its token below).
  cultureOfficer: ['officer', 'seed-officer-lin'],
  court: ['court', 'seed-judge-wu'],
  procuratorate: ['procuratorate', 'seed-prosecutor-zheng'],
  police: ['police', 'seed-police-feng'],
  supervisor: ['supervisor', 'seed-supervisor-chen'],
};

type CaseView = Record<string, any>;
type Step = { by: Actor; claim: true } | { by: Actor; action: string; fields?: (c: CaseView) => Record<string, unknown> };

const claimBy = (by: Actor): Step => ({ by, claim: true });
const act = (by: Actor, action: string, fields?: Record<string, unknown> | ((c: CaseView) => Record<string, unknown>)): Step => ({
  by,
  action,
  ...(fields ? { fields: typeof fields === 'function' ? fields : () => fields } : {}),
});

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const at = (offset: number, hour: number): string => `${day(offset)}T${String(hour).padStart(2, '0')}:00:00+08:00`;

const MEDIATION = {
  consent: act('mediator', 'record_consent', { consented: true }),
  session: act('mediator', 'schedule_session', () => ({
    at: at(7, 9),
    mode: 'offline',
    location: '安康市知识产权纠纷人民调解委员会第一调解室',
  })),
  onlineSession: act('mediator', 'schedule_session', () => ({ at: at(5, 14), mode: 'online' })),
  agreement: act('mediator', 'record_agreement', () => ({
    terms: '被申请人立即停止销售涉案产品，下架相关链接，并于约定期限内一次性支付经济损失及合理开支。',
    amountCny: 30_000 + Math.floor(random() * 20) * 5_000,
    performBy: day(30),
  })),
  failure: act('mediator', 'record_failure', { reason: '双方对赔偿数额分歧较大，经两次调解未能达成一致。' }),
};
const mediationToAgreement: Step[] = [claimBy('mediator'), MEDIATION.consent, MEDIATION.session, MEDIATION.agreement];
const mediationToFailure: Step[] = [claimBy('mediator'), MEDIATION.consent, MEDIATION.onlineSession, MEDIATION.failure];

const arbitrationHearing = act('arbitrator', 'schedule_hearing', () => ({ at: at(14, 9), location: '安康仲裁委员会第二仲裁庭' }));
const adjudicationHearing = act('officer', 'schedule_hearing', () => ({ at: at(10, 15), location: '安康市市场监督管理局专利行政裁决庭' }));
const preservation = act('notary', 'record_preservation', (c) => ({
  method: '网页实时取证及公证购买，全程录像',
  evidenceSha256: c['evidence'].map((e: { sha256: string }) => e.sha256),
}));
const certificate = act('notary', 'issue_certificate', () => ({
  certificateNumber: `（${day(0).slice(0, 4)}）陕安证字第 ${digits(4)} 号`,
}));
const opinion = act('procuratorate', 'add_supervision_opinion', { text: '经审查，本案移送程序合法，请继续跟进处理情况并及时反馈。' });

interface Expected {
  path: CasePath;
  status: CaseStatus;
  stage?: string;
}

interface Scenario {
  key: string;
  /** What the scenario shows, for the summary. */
  note: string;
  kind: RightKind;
  patentType?: PatentType;
  preferredPath?: CasePath;
  agreement?: boolean;
  preservation?: boolean;
  respondent?: Party;
  complainant?: Party;
  /** The path triage must choose. */
  routedTo: CasePath;
  steps: Step[];
  final: Expected;
  /** The linked evidence-preservation case (notarization) when `preservation`. */
  linked?: { steps: Step[]; final: Expected };
  flags?: { repeatRespondent?: boolean; possibleDuplicate?: boolean };
}

const S = (s: Scenario): Scenario => s;

const ROUND_ONE: Scenario[] = [
  // Mediation: no preference, a preference for mediation, arbitration without an agreement,
  // adjudication of a non-patent right — then every stage and outcome.
  S({
    key: 'M01',
    note: 'no preference → mediation, waiting in the queue',
    kind: 'trademark',
    routedTo: 'mediation',
    steps: [],
    final: { path: 'mediation', status: 'queued', stage: 'awaiting_consent' },
  }),
  S({
    key: 'M02',
    note: 'claimed by a mediator',
    kind: 'copyright',
    preferredPath: 'mediation',
    routedTo: 'mediation',
    steps: [claimBy('mediator')],
    final: { path: 'mediation', status: 'in_progress', stage: 'awaiting_consent' },
  }),
  S({
    key: 'M03',
    note: 'arbitration asked without agreement → mediation; consented',
    kind: 'trademark',
    preferredPath: 'arbitration',
    routedTo: 'mediation',
    steps: [claimBy('mediator'), MEDIATION.consent],
    final: { path: 'mediation', status: 'in_progress', stage: 'consented' },
  }),
  S({
    key: 'M04',
    note: 'adjudication asked for a trademark → mediation; session scheduled',
    kind: 'trademark',
    preferredPath: 'administrative_adjudication',
    routedTo: 'mediation',
    steps: [claimBy('mediator'), MEDIATION.consent, MEDIATION.session],
    final: { path: 'mediation', status: 'in_progress', stage: 'session_scheduled' },
  }),
  S({
    key: 'M05',
    note: 'agreement reached',
    kind: 'geographical_indication',
    routedTo: 'mediation',
    steps: mediationToAgreement,
    final: { path: 'mediation', status: 'in_progress', stage: 'agreement_reached' },
  }),
  S({
    key: 'M06',
    note: 'judicial confirmation requested by the rights holder',
    kind: 'patent',
    patentType: 'utility_model',
    routedTo: 'mediation',
    steps: [...mediationToAgreement, act('owner', 'request_judicial_confirmation')],
    final: { path: 'mediation', status: 'awaiting_confirmation', stage: 'judicial_confirmation_requested' },
  }),
  S({
    key: 'M07',
    note: 'judicial confirmation granted by the court',
    kind: 'patent',
    respondent: R1,
    routedTo: 'mediation',
    steps: [
      ...mediationToAgreement,
      act('mediator', 'request_judicial_confirmation'),
      act('court', 'record_judicial_confirmation', () => ({
        confirmed: true,
        rulingNumber: `（${day(0).slice(0, 4)}）陕 09 民特 ${digits(2)} 号`,
      })),
    ],
    final: { path: 'mediation', status: 'resolved', stage: 'judicially_confirmed' },
  }),
  S({
    key: 'M08',
    note: 'judicial confirmation refused: back to mediation, failed',
    kind: 'trademark',
    routedTo: 'mediation',
    steps: [
      ...mediationToAgreement,
      act('mediator', 'request_judicial_confirmation'),
      act('court', 'record_judicial_confirmation', { confirmed: false, reason: '调解协议约定的履行方式不明确，不予确认。' }),
    ],
    final: { path: 'mediation', status: 'in_progress', stage: 'failed' },
  }),
  S({
    key: 'M09',
    note: 'closed with an agreement',
    kind: 'trademark',
    preferredPath: 'mediation',
    respondent: R2,
    routedTo: 'mediation',
    steps: [...mediationToAgreement, act('mediator', 'close', { reason: '调解协议已履行完毕。' })],
    final: { path: 'mediation', status: 'resolved', stage: 'closed_with_agreement' },
  }),
  S({
    key: 'M10',
    note: 'respondent refused mediation; closed',
    kind: 'copyright',
    routedTo: 'mediation',
    steps: [
      claimBy('mediator'),
      act('mediator', 'record_consent', { consented: false, reason: '被申请人明确拒绝调解。' }),
      act('mediator', 'close', { reason: '被申请人拒绝调解，告知申请人可另行起诉。' }),
    ],
    final: { path: 'mediation', status: 'resolved', stage: 'closed_without_agreement' },
  }),
  S({
    key: 'M11',
    note: 'mediation failed → transferred to litigation; court note',
    kind: 'geographical_indication',
    respondent: R3,
    routedTo: 'mediation',
    steps: [
      ...mediationToFailure,
      act('mediator', 'transfer_to_litigation', { reason: '诉前调解不成，依申请人请求转入诉讼程序。' }),
      act('court', 'add_note', { text: '已立案，案号待编。' }),
    ],
    final: { path: 'mediation', status: 'transferred', stage: 'transferred_to_litigation' },
  }),
  S({
    key: 'M12',
    note: 'mediation failed → escalated to arbitration with an agreement; accepted',
    kind: 'trademark',
    routedTo: 'mediation',
    steps: [
      ...mediationToFailure,
      act('mediator', 'escalate', {
        toPath: 'arbitration',
        reason: '双方调解不成后签订仲裁协议，申请仲裁。',
        arbitrationAgreement: { reference: `安仲协字〔2025〕第 ${digits(3)} 号`, signedOn: '2025-09-01' },
      }),
      claimBy('arbitrator'),
      act('arbitrator', 'accept'),
    ],
    final: { path: 'arbitration', status: 'in_progress', stage: 'accepted' },
  }),
  S({
    key: 'M13',
    note: 'mediation failed → escalated to patent administrative adjudication; filed',
    kind: 'patent',
    routedTo: 'mediation',
    steps: [
      ...mediationToFailure,
      act('mediator', 'escalate', { toPath: 'administrative_adjudication', reason: '调解不成，请求专利侵权纠纷行政裁决。' }),
      claimBy('officer'),
      act('officer', 'accept_filing'),
    ],
    final: { path: 'administrative_adjudication', status: 'in_progress', stage: 'filed' },
  }),
  S({
    key: 'M14',
    note: 'withdrawn by the rights holder while queued',
    kind: 'plant_variety',
    routedTo: 'mediation',
    respondent: R3,
    steps: [act('owner', 'withdraw', { reason: '双方已自行和解。' })],
    final: { path: 'mediation', status: 'withdrawn' },
  }),
  S({
    key: 'M15',
    note: 'reassigned by the supervisor; the new mediator records consent',
    kind: 'copyright',
    preferredPath: 'mediation',
    routedTo: 'mediation',
    steps: [act('supervisor', 'reassign', { assignee: ROLE_OF.mediator2[1] }), act('mediator2', 'record_consent', { consented: true })],
    final: { path: 'mediation', status: 'in_progress', stage: 'consented' },
  }),
  S({
    key: 'M16',
    note: 'rights holder adds evidence after the claim',
    kind: 'plant_variety',
    routedTo: 'mediation',
    steps: [
      claimBy('mediator'),
      act('owner', 'add_evidence', {
        evidence: [
          {
            title: '被诉侵权种苗检测报告',
            sha256: sha256(`M16-${random()}`),
            sizeBytes: 1_204_331,
            mediaType: 'application/pdf',
            collectedAt: `${day(-3)}T10:00:00+08:00`,
          },
        ],
      }),
    ],
    final: { path: 'mediation', status: 'in_progress', stage: 'awaiting_consent' },
  }),
  S({
    key: 'P01',
    note: 'evidence preservation asked: linked notarization case issues its certificate',
    kind: 'patent',
    patentType: 'design',
    preservation: true,
    routedTo: 'mediation',
    steps: [claimBy('mediator')],
    final: { path: 'mediation', status: 'in_progress', stage: 'awaiting_consent' },
    linked: {
      steps: [claimBy('notary'), act('notary', 'accept'), preservation, certificate],
      final: { path: 'notarization', status: 'resolved', stage: 'certificate_issued' },
    },
  }),
  S({
    key: 'P02',
    note: 'arbitration with an agreement and evidence preservation; both accepted',
    kind: 'copyright',
    preferredPath: 'arbitration',
    agreement: true,
    preservation: true,
    routedTo: 'arbitration',
    steps: [claimBy('arbitrator'), act('arbitrator', 'accept')],
    final: { path: 'arbitration', status: 'in_progress', stage: 'accepted' },
    linked: {
      steps: [claimBy('notary'), act('notary', 'accept')],
      final: { path: 'notarization', status: 'in_progress', stage: 'accepted' },
    },
  }),

  // Arbitration (with an agreement).
  S({
    key: 'A01',
    note: 'arbitration, waiting in the queue',
    kind: 'trademark',
    preferredPath: 'arbitration',
    agreement: true,
    routedTo: 'arbitration',
    steps: [],
    final: { path: 'arbitration', status: 'queued', stage: 'acceptance_review' },
  }),
  S({
    key: 'A02',
    note: 'arbitration accepted',
    kind: 'patent',
    preferredPath: 'arbitration',
    agreement: true,
    routedTo: 'arbitration',
    steps: [claimBy('arbitrator'), act('arbitrator', 'accept')],
    final: { path: 'arbitration', status: 'in_progress', stage: 'accepted' },
  }),
  S({
    key: 'A03',
    note: 'hearing scheduled',
    kind: 'copyright',
    preferredPath: 'arbitration',
    agreement: true,
    routedTo: 'arbitration',
    steps: [claimBy('arbitrator'), act('arbitrator', 'accept'), arbitrationHearing],
    final: { path: 'arbitration', status: 'in_progress', stage: 'hearing_scheduled' },
  }),
  S({
    key: 'A04',
    note: 'award: infringement found',
    kind: 'patent',
    preferredPath: 'arbitration',
    agreement: true,
    respondent: R1,
    routedTo: 'arbitration',
    steps: [
      claimBy('arbitrator'),
      act('arbitrator', 'accept'),
      arbitrationHearing,
      act('arbitrator', 'issue_award', () => ({
        awardNumber: `（${day(0).slice(0, 4)}）安仲裁字第 ${digits(3)} 号`,
        summary: '被申请人停止侵权，赔偿申请人经济损失人民币八万元。',
        infringementFound: true,
        amountCny: 80_000,
      })),
    ],
    final: { path: 'arbitration', status: 'resolved', stage: 'award_issued' },
  }),
  S({
    key: 'A05',
    note: 'award: no infringement',
    kind: 'trademark',
    preferredPath: 'arbitration',
    agreement: true,
    routedTo: 'arbitration',
    steps: [
      claimBy('arbitrator'),
      act('arbitrator', 'accept'),
      arbitrationHearing,
      act('arbitrator', 'issue_award', () => ({
        awardNumber: `（${day(0).slice(0, 4)}）安仲裁字第 ${digits(3)} 号`,
        summary: '被申请人使用的标识与申请人注册商标不构成近似，驳回仲裁请求。',
        infringementFound: false,
      })),
    ],
    final: { path: 'arbitration', status: 'resolved', stage: 'award_issued' },
  }),
  S({
    key: 'A06',
    note: 'arbitration application rejected',
    kind: 'geographical_indication',
    preferredPath: 'arbitration',
    agreement: true,
    routedTo: 'arbitration',
    steps: [claimBy('arbitrator'), act('arbitrator', 'reject', { reason: '仲裁协议约定的仲裁机构不明确，不予受理。' })],
    final: { path: 'arbitration', status: 'rejected', stage: 'rejected' },
  }),
  S({
    key: 'A07',
    note: 'claimed, released, then withdrawn by the rights holder',
    kind: 'copyright',
    preferredPath: 'arbitration',
    agreement: true,
    respondent: R3,
    routedTo: 'arbitration',
    steps: [claimBy('arbitrator'), act('arbitrator', 'release'), act('owner', 'withdraw', { reason: '已与被申请人达成和解协议。' })],
    final: { path: 'arbitration', status: 'withdrawn' },
  }),

  // Notarization.
  S({
    key: 'N01',
    note: 'notarization, waiting in the queue',
    kind: 'copyright',
    preferredPath: 'notarization',
    routedTo: 'notarization',
    steps: [],
    final: { path: 'notarization', status: 'queued', stage: 'acceptance_review' },
  }),
  S({
    key: 'N02',
    note: 'notarization accepted',
    kind: 'trademark',
    preferredPath: 'notarization',
    routedTo: 'notarization',
    steps: [claimBy('notary'), act('notary', 'accept')],
    final: { path: 'notarization', status: 'in_progress', stage: 'accepted' },
  }),
  S({
    key: 'N03',
    note: 'evidence preserved',
    kind: 'geographical_indication',
    preferredPath: 'notarization',
    routedTo: 'notarization',
    steps: [claimBy('notary'), act('notary', 'accept'), preservation],
    final: { path: 'notarization', status: 'in_progress', stage: 'evidence_preserved' },
  }),
  S({
    key: 'N04',
    note: 'notarial certificate issued',
    kind: 'patent',
    patentType: 'design',
    preferredPath: 'notarization',
    routedTo: 'notarization',
    steps: [claimBy('notary'), act('notary', 'accept'), preservation, certificate],
    final: { path: 'notarization', status: 'resolved', stage: 'certificate_issued' },
  }),
  S({
    key: 'N05',
    note: 'notarization refused',
    kind: 'plant_variety',
    preferredPath: 'notarization',
    routedTo: 'notarization',
    steps: [claimBy('notary'), act('notary', 'reject', { reason: '申请公证的事项不属于本公证处执业区域。' })],
    final: { path: 'notarization', status: 'rejected', stage: 'rejected' },
  }),

  // Patent administrative adjudication.
  S({
    key: 'J01',
    note: 'adjudication, waiting for filing review',
    kind: 'patent',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [],
    final: { path: 'administrative_adjudication', status: 'queued', stage: 'filing_review' },
  }),
  S({
    key: 'J02',
    note: 'filed',
    kind: 'patent',
    patentType: 'utility_model',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [claimBy('officer'), act('officer', 'accept_filing')],
    final: { path: 'administrative_adjudication', status: 'in_progress', stage: 'filed' },
  }),
  S({
    key: 'J03',
    note: 'oral hearing scheduled',
    kind: 'patent',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [claimBy('officer'), act('officer', 'accept_filing'), adjudicationHearing],
    final: { path: 'administrative_adjudication', status: 'in_progress', stage: 'hearing_scheduled' },
  }),
  S({
    key: 'J04',
    note: 'decision deadline extended with approval',
    kind: 'patent',
    patentType: 'design',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [
      claimBy('officer'),
      act('officer', 'accept_filing'),
      act('officer', 'request_extension', { reason: '案情复杂，需委托技术鉴定。', days: 30 }),
      act('supervisor', 'approve_extension', { reason: '同意延长。' }),
    ],
    final: { path: 'administrative_adjudication', status: 'in_progress', stage: 'filed' },
  }),
  S({
    key: 'J05',
    note: 'decision: infringement established',
    kind: 'patent',
    preferredPath: 'administrative_adjudication',
    respondent: R2,
    routedTo: 'administrative_adjudication',
    steps: [
      claimBy('officer'),
      act('officer', 'accept_filing'),
      adjudicationHearing,
      act('officer', 'issue_decision', () => ({
        decisionNumber: `安市监专裁字〔${day(0).slice(0, 4)}〕${digits(2)} 号`,
        infringementEstablished: true,
        orders: ['被请求人立即停止制造、销售侵犯涉案专利权的产品', '销毁库存侵权产品及专用模具'],
      })),
    ],
    final: { path: 'administrative_adjudication', status: 'resolved', stage: 'decision_issued' },
  }),
  S({
    key: 'J06',
    note: 'decision: no infringement; supervision opinion',
    kind: 'patent',
    patentType: 'utility_model',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [
      claimBy('officer'),
      act('officer', 'accept_filing'),
      act('officer', 'issue_decision', () => ({
        decisionNumber: `安市监专裁字〔${day(0).slice(0, 4)}〕${digits(2)} 号`,
        infringementEstablished: false,
        orders: [],
      })),
      opinion,
    ],
    final: { path: 'administrative_adjudication', status: 'resolved', stage: 'decision_issued' },
  }),
  S({
    key: 'J07',
    note: 'transferred to police; police accept the case; supervision opinion',
    kind: 'patent',
    preferredPath: 'administrative_adjudication',
    respondent: R1,
    routedTo: 'administrative_adjudication',
    steps: [
      claimBy('officer'),
      act('officer', 'accept_filing'),
      act('officer', 'transfer_to_police', { reason: '涉案假冒专利产品货值逾二十万元，涉嫌假冒专利罪。' }),
      act('police', 'record_police_decision', { accepted: true, reason: '符合立案条件，决定立案侦查。' }),
      opinion,
    ],
    final: { path: 'administrative_adjudication', status: 'transferred', stage: 'transferred_to_police' },
  }),
  S({
    key: 'J08',
    note: 'transferred to police, awaiting their decision',
    kind: 'patent',
    patentType: 'design',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [
      claimBy('officer'),
      act('officer', 'accept_filing'),
      adjudicationHearing,
      act('officer', 'transfer_to_police', { reason: '当事人多次假冒他人专利，涉嫌犯罪。' }),
    ],
    final: { path: 'administrative_adjudication', status: 'transferred', stage: 'transferred_to_police' },
  }),
  S({
    key: 'J09',
    note: 'filing refused',
    kind: 'patent',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [claimBy('officer'), act('officer', 'reject_filing', { reason: '该专利侵权纠纷已由人民法院受理。' })],
    final: { path: 'administrative_adjudication', status: 'rejected', stage: 'filing_rejected' },
  }),
  S({
    key: 'J10',
    note: 'filing review → escalated to mediation; claimed',
    kind: 'patent',
    patentType: 'utility_model',
    preferredPath: 'administrative_adjudication',
    routedTo: 'administrative_adjudication',
    steps: [claimBy('officer'), act('officer', 'escalate', { toPath: 'mediation', reason: '双方均同意先行调解。' }), claimBy('mediator')],
    final: { path: 'mediation', status: 'in_progress', stage: 'awaiting_consent' },
  }),
];

// Administrative enforcement (SPEC §12): the agency follows the right.
ROUND_ONE.push(
  S({
    key: 'E01',
    note: 'trademark, enforcement asked → market regulation: filed, inspected, penalty decided (published)',
    kind: 'trademark',
    preferredPath: 'administrative_enforcement',
    routedTo: 'administrative_enforcement',
    steps: [
      claimBy('officer'),
      act('officer', 'accept_filing', { coInvestigator: 'seed-officer-qian' }),
      act('officer', 'record_inspection', () => ({
        at: at(-1, 10),
        location: '安康市汉滨区某茶叶经营部',
        findings: '现场查获标注涉案注册商标的茶叶礼盒二百余盒，当事人未能提供商标使用许可。',
        officers: ['seed-officer-zhou', 'seed-officer-qian'],
        evidenceSha256: [sha256('E01-inspection')],
      })),
      act('officer', 'issue_penalty', () => ({
        decisionNumber: `安市监处罚〔${day(0).slice(0, 4)}〕第 12 号`,
        violation: '销售侵犯注册商标专用权的商品',
        fineCny: 20_000,
        confiscation: '侵权茶叶礼盒 236 盒',
        orders: ['立即停止销售侵权商品'],
      })),
    ],
    final: { path: 'administrative_enforcement', status: 'resolved', stage: 'penalty_decided' },
  }),
  S({
    key: 'E02',
    note: 'copyright, enforcement asked → culture and tourism: filed, clock paused for an appraisal',
    kind: 'copyright',
    preferredPath: 'administrative_enforcement',
    routedTo: 'administrative_enforcement',
    steps: [
      claimBy('cultureOfficer'),
      act('cultureOfficer', 'accept_filing', { coInvestigator: 'seed-officer-he' }),
      act('cultureOfficer', 'pause_clock', { reason: '委托鉴定机构比对涉案作品。' }),
    ],
    final: { path: 'administrative_enforcement', status: 'in_progress', stage: 'investigating' },
  }),
);

/** Filed after M01 is queued, with M01's complainant, right and respondent: a possible duplicate. */
const DUPLICATE_OF = 'M01';

/** Filed once R1 and R2 each have two cases resolved against them. */
const ROUND_TWO: Scenario[] = [
  S({
    key: 'R01',
    note: 'repeat respondent + patent, no preference → adjudication',
    kind: 'patent',
    respondent: R1,
    routedTo: 'administrative_adjudication',
    flags: { repeatRespondent: true },
    steps: [claimBy('officer')],
    final: { path: 'administrative_adjudication', status: 'in_progress', stage: 'filing_review' },
  }),
  S({
    key: 'R02',
    note: 'repeat respondent, trademark, no preference → administrative enforcement (SPEC §12), prioritised',
    kind: 'trademark',
    respondent: R2,
    routedTo: 'administrative_enforcement',
    flags: { repeatRespondent: true },
    steps: [],
    final: { path: 'administrative_enforcement', status: 'queued', stage: 'filing_review' },
  }),
];

// ---------------------------------------------------------------------------------------------
// Complaints

function complaintFor(s: Scenario, index: number): Record<string, unknown> {
  const complainant = s.complainant ?? COMPLAINANTS[index % COMPLAINANTS.length]!;
  const respondent = s.respondent ?? RESPONDENTS[(index * 3 + 2) % RESPONDENTS.length]!;
  const r = right(s.kind, s.patentType);
  // One complaint uses the former county code of 旬阳 (610928), which the system stores as 610981.
  const countyCode = index === 19 ? '610928' : COUNTIES[index % COUNTIES.length]!;
  const evidenceCount = s.preservation || s.preferredPath === 'notarization' ? 2 : index % 3;
  const evidence = Array.from({ length: evidenceCount }, (_, i) => ({
    title: ['网店商品页面截图', '公证购买的侵权产品照片', '销售记录及发票'][i % 3]!,
    sha256: sha256(`${s.key}-${index}-${i}-${random()}`),
    sizeBytes: 200_000 + Math.floor(random() * 3_000_000),
    mediaType: i === 1 ? 'image/jpeg' : 'application/pdf',
    collectedAt: `${day(-20 + i)}T${String(9 + i).padStart(2, '0')}:30:00+08:00`,
  }));
  return {
    complainant: {
      type: complainant.type,
      name: complainant.name,
      ...(complainant.creditCode ? { creditCode: complainant.creditCode } : {}),
      ...(complainant.idNumber ? { idNumber: complainant.idNumber } : {}),
      contact: {
        ...(complainant.phone ? { phone: complainant.phone } : {}),
        ...(complainant.email ? { email: complainant.email } : {}),
        ...(!complainant.phone && !complainant.email ? { phone: '0915-3212345' } : {}),
      },
    },
    right: {
      kind: r.kind,
      number: r.number,
      title: r.title,
      // A licensee files now and then: the registered holder differs from the complainant.
      holder: index % 7 === 3 ? '陕西秦巴知识产权运营有限公司' : complainant.name,
      ...(r.patentType ? { patentType: r.patentType } : {}),
      ...(r.validUntil ? { validUntil: r.validUntil } : {}),
    },
    respondent: {
      name: respondent.name,
      ...(respondent.creditCode ? { creditCode: respondent.creditCode } : {}),
      ...(index % 2 === 0
        ? { onlineStoreUrl: `https://shop.example.com/store/${digits(6)}` }
        : { address: '陕西省安康市汉滨区兴安中路 88 号' }),
    },
    countyCode,
    description: `被投诉人未经许可，在其${index % 2 === 0 ? '网店' : '门店'}销售的${r.product}使用了我方“${r.title}”（${r.number}）所保护的内容，侵犯我方${KIND_NAMES[r.kind]}，请求依法处理。`,
    claims: { stopInfringement: true, ...(index % 4 === 1 ? {} : { damagesCny: (5 + Math.floor(random() * 60)) * 10_000 }) },
    evidence,
    ...(s.preferredPath ? { preferredPath: s.preferredPath } : {}),
    ...(s.agreement ? { arbitrationAgreement: { reference: `安仲协字〔2025〕第 ${digits(3)} 号`, signedOn: '2025-03-18' } } : {}),
    ...(s.preservation ? { requestEvidencePreservation: true } : {}),
  };
}

const KIND_NAMES: Record<RightKind, string> = {
  patent: '专利权',
  trademark: '注册商标专用权',
  geographical_indication: '地理标志权益',
  copyright: '著作权',
  plant_variety: '植物新品种权',
};

// ---------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  body: any;
}

function readRuntime(dataDir: string): { http: string } {
  const path = join(dataDir, 'runtime.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SeedError(`no running stack found: ${path} is missing or unreadable — start it first with \`npm start\` (same DATA_DIR)`);
  }
  const http = (parsed as { http?: unknown }).http;
  if (typeof http !== 'string') throw new SeedError(`${path} has no "http" URL`);
  return { http };
}

class Client {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: Map<string, string>,
  ) {}

  async call(method: string, path: string, who: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const token = this.tokens.get(who);
    if (!token) throw new Error(`no token for ${who}`);
    let response: Response;
    // Like any client of the API: a 429 (refused before the handler runs, so nothing was done)
    // is retried after the Retry-After the edge names, a bounded number of times.
    for (let attempt = 1; ; attempt++) {
      try {
        response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'accept-language': 'en',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw new SeedError(`${method} ${path}: ${(error as Error).message} (is the stack still running at ${this.baseUrl}?)`);
      }
      if (response.status !== 429 || attempt >= MAX_RATE_LIMITED_RETRIES) break;
      await response.text();
      const waitSeconds = Math.min(Math.max(Number(response.headers.get('retry-after')) || 1, 1), 10);
      await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }

  async expect(status: number, method: string, path: string, who: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
    const answer = await this.call(method, path, who, body, headers);
    if (answer.status !== status) {
      throw new SeedError(`${method} ${path} as ${who}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }
}

/** Polls the case until `ready`, at most QUEUE_TIMEOUT_MS. */
async function waitFor(client: Client, caseId: string, who: string, ready: (c: CaseView) => boolean, what: string): Promise<CaseView> {
  const deadline = Date.now() + QUEUE_TIMEOUT_MS;
  let last: Answer | undefined;
  while (Date.now() < deadline) {
    last = await client.call('GET', `/cases/${caseId}`, who);
    if (last.status === 200 && ready(last.body)) return last.body;
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  throw new SeedError(
    `case ${caseId} not ${what} within ${QUEUE_TIMEOUT_MS / 1000} s; last answer ${last?.status} ${JSON.stringify(last?.body)}`,
  );
}

async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

// ---------------------------------------------------------------------------------------------
// Running the scenarios

interface Filed {
  scenario: Scenario;
  caseId: string;
  caseNumber: string;
  owner: string;
  linkedCaseId?: string;
}

const runId = randomUUID().slice(0, 8);
const HOLDERS = ['seed-holder-qinba', 'seed-holder-ziyang', 'seed-holder-hanshui', 'seed-holder-xunyang', 'seed-holder-individual'];

async function file(
  client: Client,
  scenario: Scenario,
  index: number,
  body?: Record<string, unknown>,
): Promise<Filed & { body: Record<string, unknown> }> {
  const complaint = body ?? complaintFor(scenario, index);
  const owner = HOLDERS[index % HOLDERS.length]!;
  const answer = await client.expect(202, 'POST', '/complaints', owner, complaint, { 'idempotency-key': `seed-${runId}-${scenario.key}` });
  return { scenario, caseId: answer.caseId, caseNumber: answer.caseNumber, owner, body: complaint };
}

/** Waits until triage and the path consumer have queued the case on the expected path. */
async function untilQueued(client: Client, filed: Filed): Promise<CaseView> {
  const { scenario } = filed;
  const c = await waitFor(client, filed.caseId, filed.owner, (v) => v['status'] === 'queued', 'queued');
  if (c['path'] !== scenario.routedTo) {
    throw new SeedError(`${scenario.key} (${scenario.note}): routed to ${c['path']}, expected ${scenario.routedTo}`);
  }
  if (scenario.flags?.repeatRespondent && !c['flags']?.['repeatRespondent']) {
    throw new SeedError(`${scenario.key}: expected the repeat-respondent flag, got ${JSON.stringify(c['flags'])}`);
  }
  if (scenario.preservation) {
    const linkedCaseId = c['linkedCaseIds']?.[0];
    if (!linkedCaseId) throw new SeedError(`${scenario.key}: evidence preservation asked, but no linked case was opened`);
    filed.linkedCaseId = linkedCaseId;
    await waitFor(client, linkedCaseId, 'supervisor', (v) => v['status'] === 'queued', 'queued (linked preservation case)');
  }
  return c;
}

async function runSteps(
  client: Client,
  key: string,
  caseId: string,
  owner: string,
  start: CaseView,
  steps: Step[],
  final: Expected,
): Promise<CaseView> {
  let c = start;
  for (const step of steps) {
    const who = step.by === 'owner' ? owner : step.by;
    if ('claim' in step) {
      c = await client.expect(200, 'POST', `/cases/${caseId}/claim`, who);
    } else {
      const body = { action: step.action, expectedVersion: c['version'], ...step.fields?.(c) };
      const answer = await client.call('POST', `/cases/${caseId}/actions`, who, body);
      if (answer.status !== 200) {
        throw new SeedError(
          `${key}: ${step.action} as ${who} on ${c['path']} · ${c['status']} · ${c['stage']} (v${c['version']}): ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      c = answer.body;
    }
  }
  if (c['path'] !== final.path || c['status'] !== final.status || (final.stage !== undefined && c['stage'] !== final.stage)) {
    throw new SeedError(
      `${key}: ended at ${c['path']} · ${c['status']} · ${c['stage']}, expected ${final.path} · ${final.status} · ${final.stage ?? '*'}`,
    );
  }
  return c;
}

async function play(client: Client, filed: Filed, queued: CaseView): Promise<void> {
  const { scenario } = filed;
  await runSteps(client, scenario.key, filed.caseId, filed.owner, queued, scenario.steps, scenario.final);
  if (scenario.linked && filed.linkedCaseId) {
    const linked = await client.expect(200, 'GET', `/cases/${filed.linkedCaseId}`, 'supervisor');
    await runSteps(client, `${scenario.key}/linked`, filed.linkedCaseId, filed.owner, linked, scenario.linked.steps, scenario.linked.final);
  }
}

function summary(cases: CaseView[]): string {
  const columns = STATUSES.filter((s) => cases.some((c) => c['status'] === s));
  const width = Math.max(...PATHS.map((p) => p.length), 'total'.length);
  const header = ['path'.padEnd(width), ...columns.map((s) => s.padStart(Math.max(s.length, 5))), 'total'.padStart(5)].join('  ');
  const row = (label: string, subset: CaseView[]) =>
    [
      label.padEnd(width),
      ...columns.map((s) => String(subset.filter((c) => c['status'] === s).length).padStart(Math.max(s.length, 5))),
      String(subset.length).padStart(5),
    ].join('  ');
  return [
    header,
    '-'.repeat(header.length),
    ...PATHS.map((p) =>
      row(
        p,
        cases.filter((c) => c['path'] === p),
      ),
    ),
    '-'.repeat(header.length),
    row('total', cases),
  ].join('\n');
}

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR || '.data';
  const { http } = readRuntime(dataDir);
  const jwt = await localJwt(dataDir);
  const tokens = new Map<string, string>();
  for (const holder of HOLDERS) tokens.set(holder, await jwt.signToken({ role: 'rights_holder', sub: holder }));
  for (const [actor, [role, sub]] of Object.entries(ROLE_OF)) {
    const groups = actor === 'cultureOfficer' ? [role, 'agency:culture_tourism'] : [role];
    tokens.set(actor, await jwt.signToken({ role, sub, groups }));
  }
  const client = new Client(http, tokens);

  const health = await client.call('GET', '/health', 'supervisor');
  if (health.status !== 200) throw new SeedError(`${http}/health answered ${health.status}: is the stack running?`);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`seeding ${http} (run ${runId}, DATA_DIR ${dataDir})`);

  // Round one: file, wait for routing, then the duplicate of M01.
  const started = Date.now();
  const filed = await pool(ROUND_ONE, CONCURRENCY, (s) => file(client, s, ROUND_ONE.indexOf(s)));
  log(`filed ${filed.length} complaints`);
  const queued = await pool(filed, CONCURRENCY * 2, (f) => untilQueued(client, f));
  const original = filed.find((f) => f.scenario.key === DUPLICATE_OF)!;
  const duplicateScenario = S({
    key: 'D01',
    note: `same complainant, right and respondent as ${DUPLICATE_OF}: possible duplicate`,
    kind: 'trademark',
    routedTo: 'mediation',
    steps: [],
    final: { path: 'mediation', status: 'queued' },
  });
  const duplicate = await file(client, duplicateScenario, filed.indexOf(original), original.body);
  const duplicateQueued = await untilQueued(client, duplicate);
  if (duplicateQueued['flags']?.['possibleDuplicateOf'] !== original.caseId) {
    throw new SeedError(`D01: expected possibleDuplicateOf ${original.caseId}, got ${JSON.stringify(duplicateQueued['flags'])}`);
  }
  log(`all routed and queued in ${((Date.now() - started) / 1000).toFixed(1)} s; working the cases…`);
  await pool(filed, CONCURRENCY, (f) => play(client, f, queued[filed.indexOf(f)]!));

  // Round two: R1 and R2 now each have two cases resolved against them.
  const second = await pool(ROUND_TWO, CONCURRENCY, (s) => file(client, s, ROUND_ONE.length + ROUND_TWO.indexOf(s)));
  for (const f of second) await play(client, f, await untilQueued(client, f));

  const all: Filed[] = [...filed, duplicate, ...second];
  const ids = all.flatMap((f) => (f.linkedCaseId ? [f.caseId, f.linkedCaseId] : [f.caseId]));
  const finalViews = await pool(ids, CONCURRENCY * 2, (id) => client.expect(200, 'GET', `/cases/${id}`, 'supervisor'));
  const byId = new Map(finalViews.map((c) => [c['caseId'] as string, c]));

  log('');
  log(summary(finalViews));
  log('');
  const linked = all.filter((f) => f.linkedCaseId).length;
  const repeat = finalViews.filter((c) => c['flags']?.['repeatRespondent']).length;
  const duplicates = finalViews.filter((c) => c['flags']?.['possibleDuplicateOf']).length;
  const counties = new Set(finalViews.map((c) => c['countyCode'])).size;
  log(
    `${all.length} complaints, ${linked} linked preservation cases, ${counties} counties, ${repeat} repeat-respondent and ${duplicates} possible-duplicate flags, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const record = {
    runId,
    url: http,
    seededAt: new Date().toISOString(),
    cases: all.flatMap((f) => {
      const main = byId.get(f.caseId)!;
      const entry = {
        key: f.scenario.key,
        note: f.scenario.note,
        caseId: f.caseId,
        caseNumber: f.caseNumber,
        owner: f.owner,
        path: main['path'],
        status: main['status'],
        stage: main['stage'],
      };
      if (!f.linkedCaseId) return [entry];
      const l = byId.get(f.linkedCaseId)!;
      return [
        entry,
        {
          key: `${f.scenario.key}/linked`,
          note: 'linked evidence-preservation case',
          caseId: f.linkedCaseId,
          caseNumber: l['caseNumber'],
          owner: f.owner,
          path: l['path'],
          status: l['status'],
          stage: l['stage'],
        },
      ];
    }),
  };
  const seedFile = join(dataDir, 'seed.json');
  writeFileSync(seedFile, `${JSON.stringify(record, null, 2)}\n`);
  log(`written ${seedFile}`);
  // The last line, for scripts: the case ids.
  log(JSON.stringify({ seedFile, caseIds: ids }));
}

try {
  await main();
} catch (error) {
  process.stderr.write(`seed: ${error instanceof SeedError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
}
