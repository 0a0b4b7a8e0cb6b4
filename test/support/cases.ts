// Builders for lifecycle tests: cases that went through the real intake transitions (newCase →
// applyTriage → enterWorkQueue), claimed cases, and `drive`, which plays a script of actions
// through `act` and fails loudly on the first refusal. Every case these helpers return remembers
// its whole timeline (see `historyOf`), so tests can verify the hash chain from the first event.

import { createHash } from 'node:crypto';
import type { ActionInput } from '#domain/actions.schema.ts';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import { applyTriage, enterWorkQueue, newCase } from '#domain/case.ts';
import { DEFAULT_DEADLINE_RULES, firstDeadlineOnQueueing } from '#domain/deadlines.ts';
import { act, claim, joinAsRespondent, type ActionContext, type ActionResult } from '#domain/lifecycle.ts';
import { HANDLER_ROLE_OF_PATH, type Case, type CasePath, type Complaint } from '#domain/model.ts';
import type { Caller } from '#domain/access.ts';
import { triage } from '#domain/routing.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { parsedComplaint } from './complaints.ts';

/** When the case was filed, triaged and queued: Monday 2026-03-02, 10:00 CST. */
export const T0 = new Date('2026-03-02T02:00:00.000Z');
/** When test actions happen unless told otherwise: the next day, Tuesday 2026-03-03, 10:00 CST. */
export const T1 = new Date('2026-03-03T02:00:00.000Z');

export const AGREEMENT = { reference: 'AK-ARB-2025-017', signedOn: '2025-06-01' } as const;

// Who is who. Handler subs: m-* mediators, a-* arbitrators, n-* notaries, o-* officers.
export const OWNER: Caller = { role: 'rights_holder', sub: 'owner-1' };
export const STRANGER: Caller = { role: 'rights_holder', sub: 'owner-2' };
export const COURT: Caller = { role: 'court', sub: 'c-1' };
export const PROCURATORATE: Caller = { role: 'procuratorate', sub: 'p-1' };
export const POLICE: Caller = { role: 'police', sub: 'pol-1' };
export const SUPERVISOR: Caller = { role: 'supervisor', sub: 's-1' };
/** The respondent user who joins cases (SPEC §10), and one who never joined any. */
export const RESPONDENT: Caller = { role: 'respondent', sub: 'r-1' };
export const OTHER_RESPONDENT: Caller = { role: 'respondent', sub: 'r-2' };

const SUB_PREFIX: Record<CasePath, string> = {
  mediation: 'm',
  arbitration: 'a',
  notarization: 'n',
  administrative_adjudication: 'o',
  administrative_enforcement: 'e',
};

/** Handler `n` (1, 2, …) of a path: `handler('mediation')` is `{ role: 'mediator', sub: 'm-1' }`. */
export function handler(path: CasePath, n = 1): Caller {
  return { role: HANDLER_ROLE_OF_PATH[path], sub: `${SUB_PREFIX[path]}-${n}` };
}

/** A handler of some path other than `path` (for "a handler of another path is forbidden"). */
export function otherPathHandler(path: CasePath): Caller {
  return handler(path === 'mediation' ? 'arbitration' : 'mediation');
}

export function ctx(caller: Caller, now: Date = T1): ActionContext {
  return { caller, now, calendar: SHIPPED_CALENDAR, rules: DEFAULT_DEADLINE_RULES };
}

// ---------------------------------------------------------------------------------------------
// Timeline bookkeeping: each case object these helpers produce maps to its full event history.

const histories = new WeakMap<Case, readonly TimelineEvent[]>();

/** Every timeline event of `c` from `submitted` on, if `c` came from these helpers (or `remember`). */
export function historyOf(c: Case): TimelineEvent[] {
  const history = histories.get(c);
  if (!history) throw new Error(`no recorded history for case ${c.caseId} v${c.version}: build it with test/support/cases.ts`);
  return [...history];
}

/** Records that `next` is `previous` plus `events`; returns `next`. */
export function remember(previous: Case, next: Case, events: readonly TimelineEvent[]): Case {
  histories.set(next, [...historyOf(previous), ...events]);
  return next;
}

// ---------------------------------------------------------------------------------------------
// Building cases

export interface QueuedCaseOptions {
  caseId?: string;
  /** Patch the complaint before it is parsed (as `parsedComplaint` takes it). */
  patch?: (c: any) => void;
  /** A trademark instead of the template's patent (e.g. to show adjudication refuses non-patents). */
  trademark?: boolean;
  /** For arbitration an agreement is always given; elsewhere only when this is true. */
  withAgreement?: boolean;
  /** Two earlier cases resolved against the respondent: flagged, priority raised. */
  repeatRespondent?: boolean;
  now?: Date;
}

export function complaintFor(path: CasePath, opts: QueuedCaseOptions = {}): Complaint {
  return parsedComplaint((c) => {
    c.preferredPath = path;
    if (opts.trademark) {
      c.right = { kind: 'trademark', number: '12345678', title: '秦巴富硒', holder: c.right.holder };
    }
    if (path === 'arbitration' || opts.withAgreement) c.arbitrationAgreement = { ...AGREEMENT };
    opts.patch?.(c);
  });
}

let nextId = 1;

/**
 * A case filed by `owner-1`, routed to `path` by the real triage (preferredPath set, a patent for
 * adjudication, an agreement for arbitration) and put in the path's work queue with its first clock.
 */
export function queuedCase(path: CasePath, opts: QueuedCaseOptions = {}): Case {
  const now = opts.now ?? T0;
  const at = now.toISOString();
  const seq = nextId++;
  const caseId = opts.caseId ?? `case-${String(seq).padStart(4, '0')}`;
  const complaint = complaintFor(path, opts);
  const filed = newCase({ caseId, caseNumber: `AKIP-2026-${String(seq).padStart(6, '0')}`, owner: OWNER, complaint, now: at });
  const decision = triage(complaint, { openDuplicateCaseId: null, resolvedAgainstRespondent: opts.repeatRespondent ? 2 : 0 });
  if (decision.path !== path) throw new Error(`queuedCase: triage routed to ${decision.path}, not ${path}`);
  const routed = applyTriage(filed.case, decision, at, null);
  const queued = enterWorkQueue(routed.case, at, firstDeadlineOnQueueing(path, now, SHIPPED_CALENDAR, DEFAULT_DEADLINE_RULES));
  histories.set(queued.case, [...filed.events, ...routed.events, ...queued.events]);
  return queued.case;
}

/** `queuedCase(path)` claimed by `handlerSub` (a handler of the path) at T0. */
export function claimedCase(path: CasePath, handlerSub = `${SUB_PREFIX[path]}-1`, opts: QueuedCaseOptions = {}): Case {
  const queued = queuedCase(path, opts);
  const result = claim(queued, { caller: { role: HANDLER_ROLE_OF_PATH[path], sub: handlerSub }, now: opts.now ?? T0 });
  if (!result.ok) throw new Error(`claimedCase: claim refused: ${JSON.stringify(result.error)}`);
  return remember(queued, result.case, [result.event]);
}

// ---------------------------------------------------------------------------------------------
// Driving a case through actions

/** An action body without `expectedVersion`: `drive` fills in the version the case has. */
export type ActionBody = ActionInput extends infer A ? (A extends unknown ? Omit<A, 'expectedVersion'> : never) : never;

export type Step = { caller: Caller; input: ActionBody; now?: Date } | { caller: Caller; claim: true; now?: Date };

export interface Driven {
  case: Case;
  /** The events the steps wrote, one per step. */
  events: TimelineEvent[];
  /** The case's whole timeline, from `submitted`. */
  history: TimelineEvent[];
}

/** One action through `act` with the case's current version; the result also remembers the history. */
export function apply(c: Case, caller: Caller, input: ActionBody, now: Date = T1): ActionResult {
  const result = act(c, { ...input, expectedVersion: c.version } as ActionInput, ctx(caller, now));
  if (result.ok && histories.has(c)) remember(c, result.case, [result.event]);
  return result;
}

export function drive(start: Case, steps: readonly Step[]): Driven {
  let c = start;
  const events: TimelineEvent[] = [];
  for (const [i, step] of steps.entries()) {
    const now = step.now ?? T1;
    const result =
      'claim' in step
        ? claim(c, { caller: step.caller, now })
        : act(c, { ...step.input, expectedVersion: c.version } as ActionInput, ctx(step.caller, now));
    if (!result.ok) {
      const what = 'claim' in step ? 'claim' : step.input.action;
      throw new Error(
        `drive: step ${i + 1} (${what} by ${step.caller.role}/${step.caller.sub}) refused on ` +
          `${c.path}·${c.status}·${c.stage} v${c.version}: ${JSON.stringify(result.error)}`,
      );
    }
    if (histories.has(c)) remember(c, result.case, [result.event]);
    events.push(result.event);
    c = result.case;
  }
  return { case: c, events, history: histories.has(c) ? historyOf(c) : events };
}

// ---------------------------------------------------------------------------------------------
// Ready-made scripts to reach a stage with the default handler of the path

const h = (path: CasePath) => handler(path);

export const SCRIPTS = {
  mediationConsented: [{ caller: h('mediation'), input: { action: 'record_consent', consented: true } }],
  mediationSessionScheduled: [
    { caller: h('mediation'), input: { action: 'record_consent', consented: true } },
    { caller: h('mediation'), input: { action: 'schedule_session', at: '2026-03-10T09:00:00+08:00', mode: 'online' } },
  ],
  mediationAgreement: [
    { caller: h('mediation'), input: { action: 'record_consent', consented: true } },
    { caller: h('mediation'), input: { action: 'schedule_session', at: '2026-03-10T09:00:00+08:00', mode: 'online' } },
    { caller: h('mediation'), input: { action: 'record_agreement', terms: '被投诉人停止销售并赔偿 5 万元', amountCny: 50000 } },
  ],
  mediationFailed: [{ caller: h('mediation'), input: { action: 'record_consent', consented: false, reason: '被投诉人拒绝调解' } }],
  arbitrationAccepted: [{ caller: h('arbitration'), input: { action: 'accept' } }],
  arbitrationHearing: [
    { caller: h('arbitration'), input: { action: 'accept' } },
    { caller: h('arbitration'), input: { action: 'schedule_hearing', at: '2026-03-20T09:00:00+08:00' } },
  ],
  notarizationAccepted: [{ caller: h('notarization'), input: { action: 'accept' } }],
  notarizationPreserved: [
    { caller: h('notarization'), input: { action: 'accept' } },
    {
      caller: h('notarization'),
      input: {
        action: 'record_preservation',
        method: '网页取证',
        evidenceSha256: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
      },
    },
  ],
  adjudicationFiled: [{ caller: h('administrative_adjudication'), input: { action: 'accept_filing' } }],
  adjudicationHearing: [
    { caller: h('administrative_adjudication'), input: { action: 'accept_filing' } },
    { caller: h('administrative_adjudication'), input: { action: 'schedule_hearing', at: '2026-04-01T09:00:00+08:00' } },
  ],
  transferredToPolice: [
    { caller: h('administrative_adjudication'), input: { action: 'accept_filing' } },
    { caller: h('administrative_adjudication'), input: { action: 'transfer_to_police', reason: '涉嫌假冒专利罪' } },
  ],
} satisfies Record<string, Step[]>;

/** A case claimed by the path's default handler and driven through `steps`. */
export function caseAt(path: CasePath, steps: readonly Step[], opts: QueuedCaseOptions = {}): Case {
  return drive(claimedCase(path, undefined, opts), steps).case;
}

// ---------------------------------------------------------------------------------------------
// One valid body per action (as the schema outputs it), and the callers a party names

export const SHA_A = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
export const SHA_B = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';

export const SAMPLE_BODIES: { [A in ActionInput['action']]: Extract<ActionBody, { action: A }> } = {
  record_consent: { action: 'record_consent', consented: true },
  schedule_session: {
    action: 'schedule_session',
    at: '2026-03-10T09:00:00+08:00',
    mode: 'offline',
    location: '安康市知识产权纠纷调解中心',
  },
  record_agreement: { action: 'record_agreement', terms: '被投诉人停止销售并赔偿 5 万元', amountCny: 50000, performBy: '2026-04-30' },
  record_failure: { action: 'record_failure', reason: '双方对赔偿数额分歧过大' },
  request_judicial_confirmation: { action: 'request_judicial_confirmation' },
  record_judicial_confirmation: { action: 'record_judicial_confirmation', confirmed: true, rulingNumber: '(2026)陕09民特12号' },
  close: { action: 'close', reason: '调解结案' },
  escalate: { action: 'escalate', toPath: 'notarization', reason: '需先行保全证据' },
  transfer_to_litigation: { action: 'transfer_to_litigation', reason: '调解不成，当事人起诉' },
  accept: { action: 'accept' },
  reject: { action: 'reject', reason: '不属于受理范围' },
  schedule_hearing: { action: 'schedule_hearing', at: '2026-03-20T09:00:00+08:00', location: '第二审理庭' },
  issue_award: {
    action: 'issue_award',
    awardNumber: '(2026)安仲裁字第 7 号',
    summary: '被申请人停止侵权并赔偿',
    infringementFound: true,
    amountCny: 80000,
  },
  record_preservation: { action: 'record_preservation', method: '网页取证', evidenceSha256: [SHA_A] },
  issue_certificate: { action: 'issue_certificate', certificateNumber: '(2026)陕安证字第 101 号' },
  accept_filing: { action: 'accept_filing' },
  reject_filing: { action: 'reject_filing', reason: '专利权已被宣告无效' },
  issue_decision: {
    action: 'issue_decision',
    decisionNumber: '安市监知裁字〔2026〕3 号',
    infringementEstablished: true,
    orders: ['立即停止销售侵权产品', '销毁库存侵权产品'],
  },
  transfer_to_police: { action: 'transfer_to_police', reason: '涉嫌假冒专利罪' },
  record_police_decision: { action: 'record_police_decision', accepted: true, reason: '已立案侦查' },
  withdraw: { action: 'withdraw', reason: '双方已自行和解' },
  add_evidence: {
    action: 'add_evidence',
    evidence: [{ title: '补充购买发票', sha256: SHA_B, sizeBytes: 10240, mediaType: 'image/jpeg' }],
  },
  release: { action: 'release' },
  reassign: { action: 'reassign', assignee: 'x-2' },
  add_note: { action: 'add_note', text: '已电话联系被投诉人' },
  add_supervision_opinion: { action: 'add_supervision_opinion', text: '建议加快办理进度' },
  invite_respondent: { action: 'invite_respondent', contact: { email: 'legal@respondent.example.cn', language: 'zh-CN' } },
  respond_consent: { action: 'respond_consent', consented: true },
  submit_statement: {
    action: 'submit_statement',
    text: '涉案商品系合法进货',
    evidence: [{ title: '进货凭证', sha256: SHA_A, sizeBytes: 2048, mediaType: 'application/pdf' }],
  },
  counter_notice: { action: 'counter_notice', text: '涉案链接商品不构成侵权' },
  consent_extension: { action: 'consent_extension', reason: '同意延长调解期限' },
  // The hash of SAMPLE_BODIES.record_agreement's terms.
  sign_agreement: { action: 'sign_agreement', termsSha256: createHash('sha256').update('被投诉人停止销售并赔偿 5 万元').digest('hex') },
  record_offline_signature: { action: 'record_offline_signature', party: 'respondent', reference: '调解协议纸质签署件 第 12 号' },
  // Version 2 changes to the action table (SPEC §4).
  extend_mediation: { action: 'extend_mediation', days: 15, reason: '双方同意延长调解', complainantConsent: true, respondentConsent: true },
  request_extension: { action: 'request_extension', reason: '案情复杂需技术鉴定', days: 30 },
  approve_extension: { action: 'approve_extension', reason: '同意延长' },
  deny_extension: { action: 'deny_extension', reason: '理由不充分' },
  resume: { action: 'resume', reason: '公安机关不予立案，继续行政处理' },
  issue_supervision_order: { action: 'issue_supervision_order', text: '请于期限内办结并报告', dueAt: '2026-03-10T17:00:00+08:00' },
  reply_supervision_order: { action: 'reply_supervision_order', text: '已按督办要求办理', orderSeq: 1 },
  reply_supervision_opinion: { action: 'reply_supervision_opinion', text: '已按监督意见整改', opinionSeq: 1 },
  // Administrative enforcement (SPEC §12).
  record_inspection: {
    action: 'record_inspection',
    at: '2026-03-05T10:00:00+08:00',
    location: '安康市汉滨区某商行',
    findings: '现场查见涉嫌假冒注册商标的商品',
    officers: ['e-1', 'e-2'],
    evidenceSha256: [SHA_A],
  },
  issue_penalty: {
    action: 'issue_penalty',
    decisionNumber: '安市监处罚〔2026〕5号',
    violation: '销售侵犯注册商标专用权的商品',
    fineCny: 20000,
    orders: ['停止销售侵权商品'],
  },
  close_no_violation: { action: 'close_no_violation', reason: '经查未发现违法行为' },
  pause_clock: { action: 'pause_clock', reason: '送检鉴定' },
  resume_clock: { action: 'resume_clock' },
};

export type PartyName = 'handler' | 'owner' | 'respondent' | 'court' | 'procuratorate' | 'police' | 'supervisor';

/** The caller a party stands for on case `c` (`handler` = the assigned handler; null if none). */
export function partyCaller(party: PartyName, c: Case): Caller | null {
  switch (party) {
    case 'handler':
      return c.path && c.assignee ? { role: HANDLER_ROLE_OF_PATH[c.path], sub: c.assignee } : null;
    case 'owner':
      return OWNER;
    case 'respondent':
      return c.respondentParty?.sub === RESPONDENT.sub ? RESPONDENT : null;
    case 'court':
      return COURT;
    case 'procuratorate':
      return PROCURATORATE;
    case 'police':
      return POLICE;
    case 'supervisor':
      return SUPERVISOR;
  }
}

/**
 * Everyone who might try an action on `c`: its assigned handler (if any), an unassigned handler of
 * its path, a handler of another path, the owner, a stranger owner and each agency.
 */
export function everyone(c: Case): { label: string; caller: Caller }[] {
  const path = c.path ?? 'mediation';
  const role = HANDLER_ROLE_OF_PATH[path];
  const unassigned = ['1', '2', '3'].map((n) => `${SUB_PREFIX[path]}-${n}`).find((sub) => sub !== c.assignee)!;
  return [
    ...(c.assignee ? [{ label: 'the assigned handler', caller: { role, sub: c.assignee } }] : []),
    { label: `an unassigned ${role}`, caller: { role, sub: unassigned } },
    { label: 'a handler of another path', caller: otherPathHandler(path) },
    { label: 'the owner', caller: OWNER },
    { label: 'a stranger rights holder', caller: STRANGER },
    ...(c.respondentParty ? [{ label: 'the joined respondent', caller: RESPONDENT }] : []),
    { label: 'a respondent who did not join', caller: OTHER_RESPONDENT },
    { label: 'the court', caller: COURT },
    { label: 'the procuratorate', caller: PROCURATORATE },
    { label: 'the police', caller: POLICE },
    { label: 'the supervisor', caller: SUPERVISOR },
  ];
}

/** `c` after its handler invited the respondent and RESPONDENT joined with the code (SPEC §10). */
export function joined(c: Case, now: Date = T1): Case {
  const handlerOf = partyCaller('handler', c);
  if (!handlerOf) throw new Error('joined: the case has no assigned handler to invite the respondent');
  const invited = apply(c, handlerOf, SAMPLE_BODIES.invite_respondent, now);
  if (!invited.ok) throw new Error(`joined: invite_respondent refused: ${JSON.stringify(invited.error)}`);
  const invitedCase = remember(c, invited.case, [invited.event]);
  const done = joinAsRespondent(invitedCase, { caller: RESPONDENT, now });
  if (!done.ok) throw new Error(`joined: refused: ${JSON.stringify(done.error)}`);
  return remember(invitedCase, done.case, [done.event]);
}
