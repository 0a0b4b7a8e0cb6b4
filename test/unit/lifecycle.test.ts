// The case lifecycle against SPEC §4 (the action table) and §6 (the clocks an action starts or stops).
// One block per row of the table: the result the row promises, then the refusals every row shares —
// a party the row doesn't name is forbidden, a state the row doesn't list is a conflict carrying the
// current status/stage/version, a stale expectedVersion is stale with the current version.
// The "who" and "from" of each row below are written from SPEC, not read from ACTION_RULES.

import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, type ActionInput, type ActionName } from '#domain/actions.schema.ts';
import {
  act,
  claim,
  joinAsRespondent,
  markOverdue,
  markSupervisionOverdue,
  postMessage,
  termsSha256,
  type ActionResult,
} from '#domain/lifecycle.ts';
import { DEFAULT_DEADLINE_RULES } from '#domain/deadlines.ts';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import { FIRST_STAGE, PATHS, type Case, type CasePath } from '#domain/model.ts';
import { canReadCase, officerAgency, type Caller } from '#domain/access.ts';
import { priorityOf } from '#domain/routing.ts';
import { verifyChain, type TimelineEvent } from '#domain/timeline.ts';
import {
  AGREEMENT,
  COURT,
  OTHER_RESPONDENT,
  OWNER,
  POLICE,
  PROCURATORATE,
  RESPONDENT,
  SAMPLE_BODIES,
  SCRIPTS,
  STRANGER,
  SUPERVISOR,
  T0,
  T1,
  caseAt,
  claimedCase,
  ctx,
  drive,
  everyone,
  handler,
  historyOf,
  joined,
  otherPathHandler,
  partyCaller,
  queuedCase,
  remember,
  type ActionBody,
  type PartyName,
  type Step,
} from '../support/cases.ts';
import { ACCEPT_FILING_WITH_CO, ACTION_BODIES } from './enforcement-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// Clocks (SPEC §6), worked out by hand for an action at T1 = Tuesday 2026-03-03 10:00 CST.
// Days count from the day after, in CST; a clock falls due at 23:59:59.999 CST = 15:59:59.999Z.

const DUE = {
  /** 30 calendar days from the agreement on 03-03. */
  judicial_confirmation_request: '2026-04-02T15:59:59.999Z',
  /** 3 calendar days from the request. */
  court_confirmation: '2026-03-06T15:59:59.999Z',
  /** 15 working days from acceptance: 03-04 … 03-24 (no March holidays in 2026). */
  notarization_certificate: '2026-03-24T15:59:59.999Z',
  /** 3 months from filing; the extension adds 1 month to the old due date. */
  adjudication_decision: '2026-06-03T15:59:59.999Z',
  adjudication_decision_extended: '2026-07-03T15:59:59.999Z',
  /** 3 calendar days from the transfer. */
  police_decision: '2026-03-06T15:59:59.999Z',
  /** The first clocks of a path entered at T1 (escalation). */
  mediation_outcome: '2026-04-02T15:59:59.999Z',
  /** 5 calendar days from 03-03 is Sunday 03-08: rolled over to Monday 03-09 (SPEC §6 v2). */
  arbitration_acceptance: '2026-03-09T15:59:59.999Z',
  filing_review: '2026-03-10T15:59:59.999Z',
  /** The mediation clock of a case queued at T0 (Monday 03-02). */
  mediation_outcome_from_T0: '2026-04-01T15:59:59.999Z',
  /** SPEC §12: 90 calendar days from filing on 03-03 is Monday 06-01. */
  enforcement_decision: '2026-06-01T15:59:59.999Z',
} as const;

/** A clock as stored; `extendedByDays` when an extension of that many calendar days was granted. */
const clock = (kind: keyof typeof DUE, extendedByDays?: number) => ({
  kind: kind.replace('_extended', '').replace('_from_T0', ''),
  dueAt: DUE[kind],
  overdue: false,
  extended: extendedByDays !== undefined,
  // The date the period counts from and the extension granted, kept to recount the clock when the
  // calendar changes (SPEC §6 v2).
  startedOn: kind.endsWith('_from_T0') ? '2026-03-02' : '2026-03-03',
  ...(extendedByDays !== undefined ? { extension: { unit: 'calendar_days' as const, amount: extendedByDays } } : {}),
});

/** The clock a resumed case carries: the days left, no longer recounted from its start. */
const resumedClock = (kind: keyof typeof DUE) => {
  const { startedOn: _startedOn, ...rest } = clock(kind);
  return rest;
};

// ---------------------------------------------------------------------------------------------
// Helpers

const M = handler('mediation');
const A = handler('arbitration');
const N = handler('notarization');
const O = handler('administrative_adjudication');
/** The enforcement officer the default enforcement case (a patent passing off: market regulation) is claimed by. */
const E = handler('administrative_enforcement');

const step = (caller: Caller, input: ActionBody): Step => ({ caller, input });
const body = <A extends ActionName>(action: A, patch: Partial<Extract<ActionBody, { action: A }>> = {}) =>
  ({ ...ACTION_BODIES[action], ...patch }) as ActionBody;

function run(c: Case, caller: Caller, input: ActionBody, expectedVersion = c.version, now = T1): ActionResult {
  return act(c, { ...input, expectedVersion } as ActionInput, ctx(caller, now));
}

/**
 * The result was accepted: version +1, the case id kept, exactly one new event of the action's type
 * by the caller chained after the previous head, and the whole timeline still verifies.
 */
function accepted(before: Case, result: ActionResult, caller: Caller, type: string): { after: Case; event: TimelineEvent } {
  if (!result.ok) throw new Error(`expected ${type} to be accepted, got ${JSON.stringify(result.error)}`);
  const { case: after, event } = result;
  expect(after.version).toBe(before.version + 1);
  expect(after.caseId).toBe(before.caseId);
  expect(after.updatedAt).toBe(event.at);
  expect(event).toMatchObject({
    caseId: before.caseId,
    seq: before.timelineHead.seq + 1,
    type,
    actor: { role: caller.role, sub: caller.sub },
    prevHash: before.timelineHead.hash,
  });
  expect(after.timelineHead).toEqual({ seq: event.seq, hash: event.hash });
  const history = [...historyOf(before), event];
  expect(verifyChain(history)).toEqual({ valid: true, events: history.length, head: event.hash });
  remember(before, after, [event]);
  return { after, event };
}

function conflictOf(c: Case) {
  return { kind: 'conflict', reason: expect.any(String), status: c.status, stage: c.stage, version: c.version };
}

/** The same person: role and sub, and for an officer the agency too (SPEC §12). */
const sameCaller = (a: Caller, b: Caller | null) =>
  b !== null && a.role === b.role && a.sub === b.sub && (a.role !== 'officer' || officerAgency(a) === officerAgency(b));

/**
 * `everyone(c)`, and for a case worked by officers an officer of another agency who carries the
 * assignee's sub: an officer is the handler of its own agency's cases only (SPEC §12).
 */
function everyoneAndOtherAgencies(c: Case): { label: string; caller: Caller }[] {
  const others = everyone(c);
  if (c.path === 'administrative_adjudication' || c.path === 'administrative_enforcement') {
    const sub = c.assignee ?? 'o-1';
    others.push({
      label: 'an officer of another agency with the assignee’s sub',
      caller: { role: 'officer', sub, agency: 'culture_tourism' },
    });
  }
  return others;
}

// ---------------------------------------------------------------------------------------------
// Cases at the stages the rows start from (claimed by the path's handler 1, driven at T1)

const at = {
  mediationAwaitingConsent: () => claimedCase('mediation'),
  mediationConsented: () => caseAt('mediation', SCRIPTS.mediationConsented),
  mediationSession: () => caseAt('mediation', SCRIPTS.mediationSessionScheduled),
  mediationAgreement: () => caseAt('mediation', SCRIPTS.mediationAgreement),
  mediationFailed: () => caseAt('mediation', SCRIPTS.mediationFailed),
  mediationConfirmationRequested: () =>
    caseAt('mediation', [...SCRIPTS.mediationAgreement, step(M, body('request_judicial_confirmation'))]),
  arbitrationReview: () => claimedCase('arbitration'),
  arbitrationAccepted: () => caseAt('arbitration', SCRIPTS.arbitrationAccepted),
  arbitrationHearing: () => caseAt('arbitration', SCRIPTS.arbitrationHearing),
  notarizationReview: () => claimedCase('notarization'),
  notarizationAccepted: () => caseAt('notarization', SCRIPTS.notarizationAccepted),
  notarizationPreserved: () => caseAt('notarization', SCRIPTS.notarizationPreserved),
  adjudicationReview: () => claimedCase('administrative_adjudication'),
  adjudicationFiled: () => caseAt('administrative_adjudication', SCRIPTS.adjudicationFiled),
  adjudicationHearing: () => caseAt('administrative_adjudication', SCRIPTS.adjudicationHearing),
  transferredToPolice: () => caseAt('administrative_adjudication', SCRIPTS.transferredToPolice),
  transferredToLitigation: () => caseAt('mediation', [...SCRIPTS.mediationFailed, step(M, body('transfer_to_litigation'))]),
  resolvedByAward: () => caseAt('arbitration', [...SCRIPTS.arbitrationHearing, step(A, body('issue_award'))]),
  adjudicationRequested: () => caseAt('administrative_adjudication', [...SCRIPTS.adjudicationFiled, step(O, body('request_extension'))]),
  policeDeclined: () =>
    caseAt('administrative_adjudication', [
      ...SCRIPTS.transferredToPolice,
      step(POLICE, body('record_police_decision', { accepted: false, reason: '不构成犯罪' })),
    ]),
  // SPEC §12: a patent complaint preferring enforcement is a passing-off case of market regulation.
  enforcementReview: () => claimedCase('administrative_enforcement'),
  enforcementInvestigating: () => caseAt('administrative_enforcement', [step(E, ACCEPT_FILING_WITH_CO)]),
  /** Filed and paused at T0, Monday 03-02: the decision clock counts from 03-02 (90 days: Sunday 05-31 → Monday 06-01). */
  enforcementPausedSinceT0: () =>
    caseAt('administrative_enforcement', [
      { caller: E, input: ACCEPT_FILING_WITH_CO, now: T0 },
      { caller: E, input: body('pause_clock'), now: T0 },
    ]),
};

/** `c` with a supervision order the supervisor issued at T1, due 2026-03-10 17:00 CST. */
const withOrder = (c: Case): Case => drive(c, [step(SUPERVISOR, body('issue_supervision_order'))]).case;
/** `c` with a procuratorate opinion that requires a reply. */
const withOpinion = (c: Case): Case => drive(c, [step(PROCURATORATE, body('add_supervision_opinion', { replyRequired: true }))]).case;
/** The seq of the case's first supervision clock of that kind. */
const openSeq = (c: Case, kind: 'order' | 'opinion'): number => c.supervision?.find((s) => s.kind === kind)?.seq ?? 1;

// ---------------------------------------------------------------------------------------------
// The table

interface Row {
  action: ActionName;
  /** Who SPEC §4 names ("handler" = the assigned handler of the current path). */
  who: PartyName[];
  /** The behaviour, as the test name. */
  does: string;
  /** A case in a state the row starts from. */
  from: () => Case;
  /** Which named party the main check uses (default: the first). */
  by?: PartyName;
  input?: ActionBody;
  /** The input when it names something on the case (a reply names its order's seq). */
  inputFor?: (c: Case) => ActionBody;
  /** For a row from "any" whose input needs the case prepared: the states to try. */
  anyCases?: () => Case[];
  /** The result SPEC promises. */
  check: (before: Case, after: Case, event: TimelineEvent) => void;
  /** A state the row does not list, where the named party would otherwise act; null for "any". */
  wrong: { state: string; case: () => Case } | null;
}

const stays = (before: Case, after: Case) => {
  expect(after.path).toBe(before.path);
  expect(after.assignee).toBe(before.assignee);
};

/** `c` after an action that must be accepted (building the §10 states). */
function acted(c: Case, caller: Caller, input: ActionBody): Case {
  const r = run(c, caller, input);
  if (!r.ok) throw new Error(`${input.action} refused: ${JSON.stringify(r.error)}`);
  return remember(c, r.case, [r.event]);
}

/** Mediation with the respondent online (SPEC §10): invited and joined while awaiting consent. */
const J = {
  awaitingConsent: () => joined(at.mediationAwaitingConsent()),
  consented: () => acted(J.awaitingConsent(), M, body('record_consent')),
  session: () => acted(J.consented(), M, body('schedule_session')),
  agreement: () => acted(J.session(), M, body('record_agreement')),
  signedByBoth: () => acted(acted(J.agreement(), OWNER, body('sign_agreement')), RESPONDENT, body('sign_agreement')),
  closed: () => acted(J.agreement(), M, body('close')),
};

const timelineOnly = (b: Case, a: Case) =>
  expect(a).toEqual({ ...b, version: a.version, updatedAt: a.updatedAt, timelineHead: a.timelineHead });

const ROWS: Row[] = [
  // SPEC §12: administrative enforcement.
  {
    action: 'record_inspection',
    who: ['handler'],
    does: 'record_inspection keeps the on-site record, its officers and evidence hashes on the case, named by its event',
    from: at.enforcementInvestigating,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'investigating' });
      expect(a.deadline).toEqual(b.deadline);
      expect(a.enforcement).toEqual({
        ...b.enforcement,
        inspections: [
          {
            seq: e.seq,
            at: '2026-03-05T10:00:00+08:00',
            officers: ['e-1', 'e-2'],
            evidenceSha256: ACTION_BODIES.record_inspection.evidenceSha256,
          },
        ],
      });
      expect(e.data).toMatchObject({ location: '安康市汉滨区某商贸城 3 号铺', findings: '现场查获标注涉案商标的茶叶 120 盒' });
    },
    wrong: { state: 'administrative_enforcement · filing_review', case: at.enforcementReview },
  },
  {
    action: 'issue_penalty',
    who: ['handler'],
    does: 'issue_penalty resolves the case at penalty_decided against the respondent, the agency and the penalty as outcome',
    from: at.enforcementInvestigating,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'resolved', stage: 'penalty_decided', deadline: null });
      expect(a.outcome).toEqual({
        at: T1.toISOString(),
        kind: 'penalty',
        decisionNumber: '安市监处罚〔2026〕12 号',
        agency: 'market_regulation',
        violation: '销售侵犯注册商标专用权的商品',
        fineCny: 30000,
        confiscation: '没收侵权商品 120 盒',
        orders: ['责令立即停止侵权行为'],
        againstRespondent: true,
      });
    },
    wrong: { state: 'administrative_enforcement · filing_review', case: at.enforcementReview },
  },
  {
    action: 'close_no_violation',
    who: ['handler'],
    does: 'close_no_violation resolves the case at no_violation, not against the respondent',
    from: at.enforcementInvestigating,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'resolved', stage: 'no_violation', deadline: null });
      expect(a.outcome).toMatchObject({
        kind: 'no_violation',
        agency: 'market_regulation',
        reason: '经查涉案商品系正品，不构成违法',
        againstRespondent: false,
      });
    },
    wrong: { state: 'administrative_enforcement · filing_review', case: at.enforcementReview },
  },
  {
    action: 'pause_clock',
    who: ['handler'],
    does: 'pause_clock stops the decision clock from today with the reason, its due day kept until it runs again',
    from: at.enforcementInvestigating,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'investigating' });
      expect(a.deadline).toEqual({ ...b.deadline, paused: { since: '2026-03-03', reason: '委托鉴定机构鉴定涉案商品' } });
      expect(e.data).toMatchObject({ reason: '委托鉴定机构鉴定涉案商品', deadline: a.deadline });
    },
    wrong: { state: 'administrative_adjudication · filed', case: at.adjudicationFiled },
  },
  {
    action: 'resume_clock',
    who: ['handler'],
    does: 'resume_clock runs the clock again, its due day moved by the days it stood still',
    from: at.enforcementPausedSinceT0,
    check: (b, a, e) => {
      stays(b, a);
      // Paused Monday 03-02, resumed Tuesday 03-03: one day not counted, 06-01 → 06-02.
      expect(a.deadline).toEqual({
        kind: 'enforcement_decision',
        dueAt: '2026-06-02T15:59:59.999Z',
        overdue: false,
        extended: false,
        startedOn: '2026-03-02',
        suspended: 1,
      });
      expect(e.data).toMatchObject({ daysNotCounted: 1, previousDeadline: b.deadline });
    },
    wrong: { state: 'administrative_adjudication · filed', case: at.adjudicationFiled },
  },
  // SPEC §10: both parties online.
  {
    action: 'invite_respondent',
    who: ['handler'],
    does: 'invite_respondent records an invitation valid 15 days, its contact kept off the timeline',
    from: at.mediationAwaitingConsent,
    check: (b, a, e) => {
      stays(b, a);
      const expiresAt = new Date(T1.getTime() + 15 * 86_400_000).toISOString();
      expect(a.invitation).toEqual({ seq: b.timelineHead.seq + 1, invitedAt: T1.toISOString(), expiresAt, channels: ['email'] });
      expect(e.data).toEqual({ invitation: { expiresAt, channels: ['email'] } });
      expect(JSON.stringify(e)).not.toContain('legal@respondent.example.cn');
    },
    wrong: { state: 'mediation · consented', case: at.mediationConsented },
  },
  {
    action: 'respond_consent',
    who: ['respondent'],
    does: 'respond_consent by the joined respondent has record_consent’s effect',
    from: J.awaitingConsent,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'consented' });
      expect(a.deadline).toEqual(b.deadline);
      expect(e.data).toMatchObject({ consented: true });
    },
    wrong: { state: 'mediation · consented', case: J.consented },
  },
  {
    action: 'submit_statement',
    who: ['respondent'],
    does: 'submit_statement writes the answer and its evidence to the timeline only',
    from: J.consented,
    check: (b, a, e) => {
      timelineOnly(b, a);
      expect(e.data).toMatchObject({ text: '涉案商品系合法进货', evidence: [{ title: '进货凭证' }] });
    },
    wrong: { state: 'resolved', case: J.closed },
  },
  {
    action: 'counter_notice',
    who: ['respondent'],
    does: 'counter_notice writes the counter-notice to the timeline only',
    from: J.consented,
    check: (b, a, e) => {
      timelineOnly(b, a);
      expect(e.data).toEqual({ text: '涉案链接商品不构成侵权' });
    },
    wrong: { state: 'resolved', case: J.closed },
  },
  {
    action: 'consent_extension',
    who: ['respondent'],
    does: 'consent_extension records the respondent’s consent to extend the mediation, kept for extend_mediation',
    from: J.session,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toEqual({
        ...b,
        extensionConsent: { seq: e.seq, at: T1.toISOString() },
        version: a.version,
        updatedAt: a.updatedAt,
        timelineHead: a.timelineHead,
      });
      expect(e.data).toEqual({ reason: '同意延长调解期限' });
    },
    wrong: { state: 'mediation · awaiting_consent', case: J.awaitingConsent },
  },
  {
    action: 'sign_agreement',
    who: ['owner', 'respondent'],
    does: 'sign_agreement with the recorded terms’ hash is the party’s online signature',
    from: J.agreement,
    check: (b, a, e) => {
      stays(b, a);
      expect(a.stage).toBe('agreement_reached');
      expect(a.agreement?.signatures).toEqual({ complainant: { at: T1.toISOString(), mode: 'online' }, respondent: null });
      expect(e.data).toMatchObject({ side: 'complainant', signedByBoth: false });
    },
    wrong: { state: 'mediation · session_scheduled', case: J.session },
  },
  {
    action: 'record_offline_signature',
    who: ['handler'],
    does: 'record_offline_signature records a party’s signature on paper with its reference',
    from: J.agreement,
    check: (b, a) => {
      stays(b, a);
      expect(a.agreement?.signatures.respondent).toEqual({
        at: T1.toISOString(),
        mode: 'offline',
        reference: '调解协议纸质签署件 第 12 号',
      });
    },
    wrong: { state: 'mediation · session_scheduled', case: J.session },
  },
  {
    action: 'record_consent',
    who: ['handler'],
    does: 'record_consent with consented=true moves mediation to consented, clock running',
    from: at.mediationAwaitingConsent,
    input: body('record_consent', { consented: true }),
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'consented', outcome: null });
      expect(a.deadline).toEqual(clock('mediation_outcome_from_T0'));
    },
    wrong: { state: 'mediation · consented', case: at.mediationConsented },
  },
  {
    action: 'schedule_session',
    who: ['handler'],
    does: 'schedule_session after consent schedules the session',
    from: at.mediationConsented,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'session_scheduled' });
      expect(a.deadline).toEqual(b.deadline);
      expect(e.data).toMatchObject({ at: '2026-03-10T09:00:00+08:00', mode: 'offline' });
    },
    wrong: { state: 'mediation · awaiting_consent', case: at.mediationAwaitingConsent },
  },
  {
    action: 'record_agreement',
    who: ['handler'],
    does: 'record_agreement after a session reaches agreement and starts the 30-day confirmation-request clock',
    from: at.mediationSession,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'agreement_reached' });
      expect(a.deadline).toEqual(clock('judicial_confirmation_request'));
      expect(e.data).toMatchObject({ terms: '被投诉人停止销售并赔偿 5 万元', amountCny: 50000 });
    },
    wrong: { state: 'mediation · consented', case: at.mediationConsented },
  },
  {
    action: 'record_failure',
    who: ['handler'],
    does: 'record_failure after a session fails the mediation and stops its clock',
    from: at.mediationSession,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'failed', deadline: null });
      expect(e.data).toMatchObject({ reason: '双方对赔偿数额分歧过大' });
    },
    wrong: { state: 'mediation · awaiting_consent', case: at.mediationAwaitingConsent },
  },
  {
    action: 'request_judicial_confirmation',
    who: ['handler', 'owner', 'respondent'],
    does: 'request_judicial_confirmation on an agreement awaits the court with a 3-day clock',
    from: at.mediationAgreement,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'awaiting_confirmation', stage: 'judicial_confirmation_requested' });
      expect(a.deadline).toEqual(clock('court_confirmation'));
    },
    wrong: { state: 'mediation · session_scheduled', case: at.mediationSession },
  },
  {
    action: 'record_judicial_confirmation',
    who: ['court'],
    does: 'record_judicial_confirmation with confirmed=true resolves the case against the respondent',
    from: at.mediationConfirmationRequested,
    check: (b, a) => {
      stays(b, a);
      expect(a.status).toBe('resolved');
      expect(a.deadline).toBeNull();
      expect(a.outcome).toMatchObject({ againstRespondent: true, rulingNumber: '(2026)陕09民特12号' });
    },
    wrong: { state: 'mediation · agreement_reached', case: at.mediationAgreement },
  },
  {
    action: 'close',
    who: ['handler'],
    does: 'close after an agreement resolves the case with the agreement as outcome',
    from: at.mediationAgreement,
    check: (b, a) => {
      stays(b, a);
      expect(a.status).toBe('resolved');
      expect(a.deadline).toBeNull();
      expect(a.outcome).toMatchObject({ kind: 'mediation_agreement', againstRespondent: true });
    },
    wrong: { state: 'mediation · session_scheduled', case: at.mediationSession },
  },
  {
    action: 'escalate',
    who: ['handler'],
    does: 'escalate a failed patent mediation to administrative adjudication: same case, filing_review, queued, unassigned',
    from: at.mediationFailed,
    input: body('escalate', { toPath: 'administrative_adjudication' }),
    check: (b, a, e) => {
      expect(a).toMatchObject({
        caseId: b.caseId,
        path: 'administrative_adjudication',
        status: 'queued',
        stage: 'filing_review',
        assignee: null,
      });
      expect(a.deadline).toEqual(clock('filing_review'));
      expect(e.data).toMatchObject({ toPath: 'administrative_adjudication' });
    },
    wrong: { state: 'mediation · consented', case: at.mediationConsented },
  },
  {
    action: 'transfer_to_litigation',
    who: ['handler'],
    does: 'transfer_to_litigation after a failed mediation transfers the case, which the court can read',
    from: at.mediationFailed,
    check: (b, a) => {
      stays(b, a);
      expect(a.status).toBe('transferred');
      expect(a.deadline).toBeNull();
      expect(a.outcome).toMatchObject({ transferredTo: 'litigation', reason: '调解不成，当事人起诉' });
      expect(canReadCase(COURT, a)).toBe(true);
      expect(canReadCase(POLICE, a)).toBe(false);
    },
    wrong: { state: 'mediation · agreement_reached', case: at.mediationAgreement },
  },
  {
    action: 'accept',
    who: ['handler'],
    does: 'accept on arbitration acceptance review accepts the case and stops the acceptance clock',
    from: at.arbitrationReview,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'accepted', deadline: null });
    },
    wrong: { state: 'arbitration · accepted', case: at.arbitrationAccepted },
  },
  {
    action: 'reject',
    who: ['handler'],
    does: 'reject on arbitration acceptance review rejects the case with the reason as outcome',
    from: at.arbitrationReview,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'rejected', deadline: null });
      expect(a.outcome).toMatchObject({ reason: '不属于受理范围' });
    },
    wrong: { state: 'arbitration · hearing_scheduled', case: at.arbitrationHearing },
  },
  {
    action: 'schedule_hearing',
    who: ['handler'],
    does: 'schedule_hearing on an accepted arbitration schedules the hearing',
    from: at.arbitrationAccepted,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'hearing_scheduled' });
      expect(a.deadline).toEqual(b.deadline);
    },
    wrong: { state: 'arbitration · acceptance_review', case: at.arbitrationReview },
  },
  {
    action: 'issue_award',
    who: ['handler'],
    does: 'issue_award after the hearing resolves the case at award_issued, against the respondent if infringement was found',
    from: at.arbitrationHearing,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'resolved', stage: 'award_issued', deadline: null });
      expect(a.outcome).toMatchObject({
        awardNumber: '(2026)安仲裁字第 7 号',
        infringementFound: true,
        againstRespondent: true,
        amountCny: 80000,
      });
    },
    wrong: { state: 'arbitration · accepted', case: at.arbitrationAccepted },
  },
  {
    action: 'record_preservation',
    who: ['handler'],
    does: 'record_preservation on an accepted notarization preserves the evidence, certificate clock still running',
    from: at.notarizationAccepted,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'evidence_preserved' });
      expect(a.deadline).toEqual(clock('notarization_certificate'));
      expect(e.data).toMatchObject({ method: '网页取证', evidenceSha256: [SAMPLE_BODIES.record_preservation.evidenceSha256[0]] });
    },
    wrong: { state: 'notarization · acceptance_review', case: at.notarizationReview },
  },
  {
    action: 'issue_certificate',
    who: ['handler'],
    does: 'issue_certificate after preservation resolves the case at certificate_issued',
    from: at.notarizationPreserved,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'resolved', stage: 'certificate_issued', deadline: null });
      expect(a.outcome).toMatchObject({ certificateNumber: '(2026)陕安证字第 101 号' });
    },
    wrong: { state: 'notarization · accepted', case: at.notarizationAccepted },
  },
  {
    action: 'accept_filing',
    who: ['handler'],
    does: 'accept_filing on filing review files the case and starts the 3-month decision clock',
    from: at.adjudicationReview,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'filed' });
      expect(a.deadline).toEqual(clock('adjudication_decision'));
    },
    wrong: { state: 'administrative_adjudication · filed', case: at.adjudicationFiled },
  },
  {
    action: 'reject_filing',
    who: ['handler'],
    does: 'reject_filing on filing review rejects the case with the reason as outcome',
    from: at.adjudicationReview,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'rejected', deadline: null });
      expect(a.outcome).toMatchObject({ reason: '专利权已被宣告无效' });
    },
    wrong: { state: 'administrative_adjudication · filed', case: at.adjudicationFiled },
  },
  {
    action: 'request_extension',
    who: ['handler'],
    does: 'request_extension on a filed case records a pending request; the clock waits for the supervisor',
    from: at.adjudicationFiled,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'filed' });
      expect(a.deadline).toEqual(b.deadline);
      expect(a.extensionRequest).toEqual({
        seq: e.seq,
        days: 30,
        clock: 'adjudication_decision',
        requestedAt: T1.toISOString(),
        requestedBy: 'o-1',
        status: 'pending',
        decidedAt: null,
        decidedBy: null,
      });
      expect(e.data).toMatchObject({ reason: '案情复杂需技术鉴定', days: 30 });
    },
    wrong: { state: 'administrative_adjudication · filing_review', case: at.adjudicationReview },
  },
  {
    action: 'approve_extension',
    who: ['supervisor'],
    does: 'approve_extension by the supervisor extends the decision clock by the days asked, the supervisor recorded as approver',
    from: () => at.adjudicationRequested(),
    check: (b, a, e) => {
      stays(b, a);
      // 2026-06-03 + 30 days = 07-03, a Friday.
      expect(a.deadline).toEqual(clock('adjudication_decision_extended', 30));
      expect(a.extensionRequest).toMatchObject({ status: 'approved', decidedAt: T1.toISOString(), decidedBy: SUPERVISOR.sub });
      expect(e.data).toMatchObject({ requestSeq: b.extensionRequest!.seq, days: 30, previousDeadline: b.deadline });
    },
    wrong: { state: 'administrative_adjudication · filing_review', case: at.adjudicationReview },
  },
  {
    action: 'deny_extension',
    who: ['supervisor'],
    does: 'deny_extension by the supervisor keeps the clock and records the refusal',
    from: () => at.adjudicationRequested(),
    check: (b, a) => {
      stays(b, a);
      expect(a.deadline).toEqual(b.deadline);
      expect(a.extensionRequest).toMatchObject({ status: 'denied', decidedBy: SUPERVISOR.sub });
    },
    wrong: { state: 'administrative_adjudication · filing_review', case: at.adjudicationReview },
  },
  {
    action: 'resume',
    who: ['handler'],
    does: 'resume after the police declined returns the case in progress to the stage it left, with the rest of its clock',
    from: () => at.policeDeclined(),
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'filed', outcome: null, transferredFrom: null });
      // Transferred and resumed the same day: the same days left, so the same due date.
      expect(a.deadline).toEqual(resumedClock('adjudication_decision'));
      expect(e.data).toMatchObject({ policeDecision: { accepted: false }, remainingDays: 92 });
    },
    wrong: { state: 'transferred to the police, no decision yet', case: at.transferredToPolice },
  },
  {
    action: 'extend_mediation',
    who: ['handler'],
    does: 'extend_mediation with both consents stated (respondent offline) extends the mediation clock once, by the days asked',
    from: at.mediationSession,
    check: (b, a, e) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'in_progress', stage: 'session_scheduled' });
      // 2026-04-01 + 15 days = 04-16, a Thursday.
      expect(a.deadline).toEqual({
        kind: 'mediation_outcome',
        dueAt: '2026-04-16T15:59:59.999Z',
        overdue: false,
        extended: true,
        startedOn: '2026-03-02',
        extension: { unit: 'calendar_days', amount: 15 },
      });
      expect(e.data).toMatchObject({
        days: 15,
        reason: '双方同意延长调解',
        consent: { complainant: 'stated_by_handler', respondent: 'stated_by_handler' },
        previousDeadline: b.deadline,
      });
    },
    wrong: { state: 'mediation · awaiting_consent', case: at.mediationAwaitingConsent },
  },
  {
    action: 'issue_supervision_order',
    who: ['supervisor'],
    does: 'issue_supervision_order opens a supervision clock of its own, the case’s deadline untouched',
    from: at.mediationConsented,
    check: (b, a, e) => {
      stays(b, a);
      expect(a.deadline).toEqual(b.deadline);
      expect(a.supervision).toEqual([{ seq: e.seq, kind: 'order', dueAt: '2026-03-10T09:00:00.000Z', overdue: false, repliedAt: null }]);
      expect(e.data).toMatchObject({ text: '请于期限内办结并报告', dueAt: '2026-03-10T09:00:00.000Z' });
    },
    wrong: { state: 'resolved', case: at.resolvedByAward },
  },
  {
    action: 'reply_supervision_order',
    who: ['handler'],
    does: 'reply_supervision_order by the handler closes the order’s clock',
    from: () => withOrder(at.mediationConsented()),
    inputFor: (c) => body('reply_supervision_order', { orderSeq: openSeq(c, 'order') }),
    anyCases: () => [
      withOrder(at.mediationConsented()),
      withOrder(at.mediationConfirmationRequested()),
      drive(withOrder(at.arbitrationHearing()), [step(A, body('issue_award'))]).case,
      drive(withOrder(at.adjudicationFiled()), [step(O, body('transfer_to_police'))]).case,
    ],
    check: (b, a, e) => {
      stays(b, a);
      expect(a.supervision).toEqual([{ ...b.supervision![0]!, repliedAt: T1.toISOString() }]);
      expect(e.data).toMatchObject({ text: '已按督办要求办理', orderSeq: b.supervision![0]!.seq, late: false });
    },
    wrong: null,
  },
  {
    action: 'reply_supervision_opinion',
    who: ['handler'],
    does: 'reply_supervision_opinion by the handler closes the opinion’s reply clock',
    from: () => withOpinion(at.mediationConsented()),
    inputFor: (c) => body('reply_supervision_opinion', { opinionSeq: openSeq(c, 'opinion') }),
    anyCases: () => [
      withOpinion(at.mediationConsented()),
      withOpinion(at.mediationConfirmationRequested()),
      withOpinion(at.resolvedByAward()),
      withOpinion(at.transferredToPolice()),
    ],
    check: (b, a, e) => {
      stays(b, a);
      expect(a.supervision).toEqual([{ ...b.supervision![0]!, repliedAt: T1.toISOString() }]);
      expect(e.data).toMatchObject({ opinionSeq: b.supervision![0]!.seq, late: false });
    },
    wrong: null,
  },
  {
    action: 'issue_decision',
    who: ['handler'],
    does: 'issue_decision on a filed case resolves it at decision_issued, against the respondent if infringement is established',
    from: at.adjudicationFiled,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'resolved', stage: 'decision_issued', deadline: null });
      expect(a.outcome).toMatchObject({
        infringementEstablished: true,
        againstRespondent: true,
        orders: ['立即停止销售侵权产品', '销毁库存侵权产品'],
      });
    },
    wrong: { state: 'administrative_adjudication · filing_review', case: at.adjudicationReview },
  },
  {
    action: 'transfer_to_police',
    who: ['handler'],
    does: 'transfer_to_police on a filed case transfers it to the police with a 3-day decision clock',
    from: at.adjudicationFiled,
    check: (b, a) => {
      stays(b, a);
      expect(a.status).toBe('transferred');
      expect(a.deadline).toEqual(clock('police_decision'));
      expect(a.outcome).toMatchObject({ transferredTo: 'police', reason: '涉嫌假冒专利罪' });
      expect(canReadCase(POLICE, b)).toBe(false);
      expect(canReadCase(POLICE, a)).toBe(true);
    },
    wrong: { state: 'administrative_adjudication · filing_review', case: at.adjudicationReview },
  },
  {
    action: 'record_police_decision',
    who: ['police'],
    does: "record_police_decision records the police's decision; the case stays transferred and the clock stops",
    from: at.transferredToPolice,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: 'transferred', stage: b.stage, deadline: null });
      expect(a.outcome).toMatchObject({ transferredTo: 'police', policeDecision: { accepted: true, reason: '已立案侦查' } });
    },
    wrong: { state: 'transferred to litigation', case: at.transferredToLitigation },
  },
  {
    action: 'withdraw',
    who: ['owner'],
    does: 'withdraw by the owner withdraws an in-progress case and stops its clock',
    from: at.mediationConsented,
    check: (b, a) => {
      expect(a).toMatchObject({ status: 'withdrawn', path: b.path, deadline: null });
      expect(a.outcome).toMatchObject({ reason: '双方已自行和解' });
    },
    wrong: { state: 'resolved', case: at.resolvedByAward },
  },
  {
    action: 'add_evidence',
    who: ['owner', 'respondent', 'handler'],
    does: 'add_evidence appends the evidence to the case and changes nothing else',
    from: at.mediationConsented,
    check: (b, a) => {
      stays(b, a);
      expect(a).toMatchObject({ status: b.status, stage: b.stage, deadline: b.deadline });
      expect(a.complaint.evidence).toEqual([...b.complaint.evidence, ...SAMPLE_BODIES.add_evidence.evidence]);
    },
    wrong: { state: 'resolved', case: at.resolvedByAward },
  },
  {
    action: 'release',
    who: ['handler'],
    does: 'release puts an in-progress case back in the queue without an assignee, stage kept',
    from: at.mediationConsented,
    check: (b, a) => {
      expect(a).toMatchObject({ status: 'queued', assignee: null, path: b.path, stage: 'consented', deadline: b.deadline });
    },
    wrong: { state: 'status awaiting_confirmation', case: at.mediationConfirmationRequested },
  },
  {
    action: 'reassign',
    who: ['supervisor'],
    does: 'reassign by the supervisor gives an in-progress case to the new assignee',
    from: at.mediationConsented,
    input: body('reassign', { assignee: 'm-7' }),
    check: (b, a, e) => {
      expect(a).toMatchObject({ status: 'in_progress', assignee: 'm-7', path: b.path, stage: b.stage });
      expect(e.data).toMatchObject({ assignee: 'm-7' });
    },
    wrong: { state: 'status awaiting_confirmation', case: at.mediationConfirmationRequested },
  },
  {
    action: 'add_note',
    who: ['handler', 'court', 'procuratorate', 'supervisor'],
    does: 'add_note writes the note to the timeline only',
    from: at.mediationConsented,
    check: (b, a, e) => {
      expect(a).toEqual({ ...b, version: a.version, updatedAt: a.updatedAt, timelineHead: a.timelineHead });
      expect(e.data).toEqual({ text: '已电话联系被投诉人' });
    },
    wrong: null,
  },
  {
    action: 'add_supervision_opinion',
    who: ['procuratorate'],
    does: 'add_supervision_opinion writes the opinion to the timeline only',
    from: at.mediationConsented,
    check: (b, a, e) => {
      expect(a).toEqual({ ...b, version: a.version, updatedAt: a.updatedAt, timelineHead: a.timelineHead });
      expect(e.data).toEqual({ text: '建议加快办理进度' });
    },
    wrong: null,
  },
];

describe('SPEC §4: one block per row of the action table', () => {
  it('covers every action of the schema', () => {
    expect(ROWS.map((r) => r.action).sort()).toEqual([...ACTION_NAMES].sort());
  });

  for (const row of ROWS) {
    describe(row.action, () => {
      const inputOf = (c: Case) => row.inputFor?.(c) ?? row.input ?? ACTION_BODIES[row.action];
      const by = row.by ?? row.who[0]!;
      const named = (c: Case, caller: Caller) => row.who.some((p) => sameCaller(caller, partyCaller(p, c)));

      it(row.does, () => {
        const before = row.from();
        const caller = partyCaller(by, before)!;
        const { after, event } = accepted(before, run(before, caller, inputOf(before)), caller, row.action);
        row.check(before, after, event);
      });

      it(`is forbidden to anyone SPEC does not name (${row.who.join(', ')} only)`, () => {
        const c = row.from();
        const others = everyoneAndOtherAgencies(c).filter((x) => !named(c, x.caller));
        expect(others.length).toBeGreaterThan(0);
        for (const { label, caller } of others) {
          expect(run(c, caller, inputOf(c)), `${label} (${caller.role}/${caller.sub})`).toEqual({
            ok: false,
            error: { kind: 'forbidden' },
          });
        }
      });

      if (row.wrong) {
        const wrong = row.wrong;
        it(`is a conflict carrying status, stage and version from ${wrong.state}`, () => {
          const c = wrong.case();
          const caller = partyCaller(by, c)!;
          expect(run(c, caller, inputOf(c))).toEqual({ ok: false, error: conflictOf(c) });
        });
      } else {
        it('is accepted in every status (from "any")', () => {
          const cases = row.anyCases?.() ?? [
            queuedCase('mediation'),
            row.from(),
            at.mediationConfirmationRequested(),
            at.resolvedByAward(),
            at.transferredToPolice(),
          ];
          for (const c of cases) {
            const caller = partyCaller(by, c) ?? partyCaller('procuratorate', c)!;
            const r = run(c, caller, inputOf(c));
            expect(r.ok, `${c.status}·${c.stage}`).toBe(true);
            if (r.ok) expect(r.case.status).toBe(c.status);
          }
        });
      }

      it('is stale with the current version when expectedVersion is not the current one', () => {
        const c = row.from();
        const caller = partyCaller(by, c)!;
        expect(run(c, caller, inputOf(c), c.version - 1)).toEqual({ ok: false, error: { kind: 'stale', version: c.version } });
        expect(run(c, caller, inputOf(c), c.version + 1)).toEqual({ ok: false, error: { kind: 'stale', version: c.version } });
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Row details beyond the common shape

describe('mediation', () => {
  it('record_consent with consented=false fails the mediation and stops its clock', () => {
    const before = at.mediationAwaitingConsent();
    const { after } = accepted(
      before,
      run(before, M, body('record_consent', { consented: false, reason: '被投诉人拒绝' })),
      M,
      'record_consent',
    );
    expect(after).toMatchObject({ status: 'in_progress', stage: 'failed', deadline: null, assignee: 'm-1' });
  });

  it('schedule_session may reschedule an already scheduled session', () => {
    const before = at.mediationSession();
    const input = body('schedule_session', { at: '2026-03-12T14:00:00+08:00', mode: 'online' });
    const { after } = accepted(before, run(before, M, input), M, 'schedule_session');
    expect(after.stage).toBe('session_scheduled');
  });

  it('record_failure right after consent fails the mediation', () => {
    const before = at.mediationConsented();
    const { after } = accepted(before, run(before, M, body('record_failure')), M, 'record_failure');
    expect(after).toMatchObject({ stage: 'failed', deadline: null });
  });

  it('request_judicial_confirmation may be made by the owner', () => {
    const before = at.mediationAgreement();
    const { after } = accepted(before, run(before, OWNER, body('request_judicial_confirmation')), OWNER, 'request_judicial_confirmation');
    expect(after).toMatchObject({ status: 'awaiting_confirmation', stage: 'judicial_confirmation_requested', assignee: 'm-1' });
    expect(after.deadline).toEqual(clock('court_confirmation'));
  });

  it('record_judicial_confirmation with confirmed=false sends the case back to failed (in progress); close then resolves it as mediation_failed', () => {
    const before = at.mediationConfirmationRequested();
    const refused = accepted(
      before,
      run(before, COURT, body('record_judicial_confirmation', { confirmed: false, reason: '协议内容违反法律规定' })),
      COURT,
      'record_judicial_confirmation',
    ).after;
    expect(refused).toMatchObject({ status: 'in_progress', stage: 'failed', assignee: 'm-1', deadline: null });
    const closed = accepted(refused, run(refused, M, body('close')), M, 'close').after;
    expect(closed.status).toBe('resolved');
    expect(closed.outcome).toMatchObject({ kind: 'mediation_failed', againstRespondent: false });
  });

  it('close after a failed mediation resolves it with outcome mediation_failed', () => {
    const before = at.mediationFailed();
    const { after } = accepted(before, run(before, M, body('close')), M, 'close');
    expect(after).toMatchObject({ status: 'resolved', deadline: null });
    expect(after.outcome).toMatchObject({ kind: 'mediation_failed', againstRespondent: false });
  });

  it('record_judicial_confirmation is a conflict once decided', () => {
    const before = at.mediationConfirmationRequested();
    const confirmed = accepted(
      before,
      run(before, COURT, body('record_judicial_confirmation')),
      COURT,
      'record_judicial_confirmation',
    ).after;
    expect(run(confirmed, COURT, body('record_judicial_confirmation'))).toEqual({ ok: false, error: conflictOf(confirmed) });
  });
});

describe('escalate (cross-path moves)', () => {
  const movedTo = (before: Case, after: Case, path: CasePath) =>
    expect(after).toMatchObject({
      caseId: before.caseId,
      caseNumber: before.caseNumber,
      path,
      stage: FIRST_STAGE[path],
      status: 'queued',
      assignee: null,
    });

  it('escalate mediation → arbitration without an agreement is invalid at arbitrationAgreement', () => {
    const c = at.mediationFailed();
    expect(run(c, M, body('escalate', { toPath: 'arbitration' }))).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'arbitrationAgreement', message: expect.any(String) },
    });
  });

  it('escalate mediation → arbitration with an agreement given in the action moves the case and keeps the agreement', () => {
    const before = at.mediationFailed();
    const { after } = accepted(
      before,
      run(before, M, body('escalate', { toPath: 'arbitration', arbitrationAgreement: { ...AGREEMENT } })),
      M,
      'escalate',
    );
    movedTo(before, after, 'arbitration');
    expect(after.deadline).toEqual(clock('arbitration_acceptance'));
    expect(after.complaint.arbitrationAgreement).toEqual(AGREEMENT);
  });

  it('escalate mediation → arbitration with the agreement already in the complaint moves the case', () => {
    const before = caseAt('mediation', SCRIPTS.mediationFailed, { withAgreement: true });
    const { after } = accepted(before, run(before, M, body('escalate', { toPath: 'arbitration' })), M, 'escalate');
    movedTo(before, after, 'arbitration');
  });

  it('escalate mediation → administrative_adjudication of a trademark is a conflict (adjudication needs a patent)', () => {
    const c = caseAt('mediation', SCRIPTS.mediationFailed, { trademark: true });
    expect(run(c, M, body('escalate', { toPath: 'administrative_adjudication' }))).toEqual({ ok: false, error: conflictOf(c) });
  });

  it('escalate mediation → notarization moves the case to acceptance review without a clock', () => {
    const before = at.mediationFailed();
    const { after } = accepted(before, run(before, M, body('escalate', { toPath: 'notarization' })), M, 'escalate');
    movedTo(before, after, 'notarization');
    expect(after.deadline).toBeNull();
  });

  it('escalate administrative_adjudication filing_review → mediation moves the case to awaiting_consent with the mediation clock', () => {
    const before = at.adjudicationReview();
    const { after } = accepted(before, run(before, O, body('escalate', { toPath: 'mediation' })), O, 'escalate');
    movedTo(before, after, 'mediation');
    expect(after.deadline).toEqual(clock('mediation_outcome'));
  });

  it('after escalation the old handler is no handler of the case; a handler of the new path claims it', () => {
    const before = at.adjudicationReview();
    const moved = accepted(before, run(before, O, body('escalate', { toPath: 'mediation' })), O, 'escalate').after;
    expect(run(moved, O, body('add_note'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(claim(moved, { caller: O, now: T1 })).toEqual({ ok: false, error: { kind: 'forbidden' } });
    const claimed = accepted(moved, claim(moved, { caller: M, now: T1 }), M, 'claimed').after;
    expect(claimed).toMatchObject({ status: 'in_progress', assignee: 'm-1', stage: 'awaiting_consent' });
  });

  it('escalate from adjudication once filed is a conflict', () => {
    const c = at.adjudicationFiled();
    expect(run(c, O, body('escalate', { toPath: 'mediation' }))).toEqual({ ok: false, error: conflictOf(c) });
  });

  it('escalate to the path the case is already on is refused (a conflict)', () => {
    const c = at.adjudicationReview();
    expect(run(c, O, body('escalate', { toPath: 'administrative_adjudication' }))).toEqual({ ok: false, error: conflictOf(c) });
  });
});

describe('arbitration and notarization', () => {
  it('accept on notarization acceptance review starts the 15-working-day certificate clock', () => {
    const before = at.notarizationReview();
    const { after } = accepted(before, run(before, N, body('accept')), N, 'accept');
    expect(after).toMatchObject({ status: 'in_progress', stage: 'accepted' });
    expect(after.deadline).toEqual(clock('notarization_certificate'));
  });

  it('reject on notarization acceptance review rejects the case', () => {
    const before = at.notarizationReview();
    const { after } = accepted(before, run(before, N, body('reject')), N, 'reject');
    expect(after).toMatchObject({ status: 'rejected', deadline: null });
  });

  it('schedule_hearing may reschedule an arbitration hearing', () => {
    const before = at.arbitrationHearing();
    const { after } = accepted(before, run(before, A, body('schedule_hearing')), A, 'schedule_hearing');
    expect(after.stage).toBe('hearing_scheduled');
  });

  it('issue_award without infringement found resolves the case not against the respondent', () => {
    const before = at.arbitrationHearing();
    const { after } = accepted(before, run(before, A, body('issue_award', { infringementFound: false })), A, 'issue_award');
    expect(after.outcome).toMatchObject({ infringementFound: false, againstRespondent: false });
  });

  it('schedule_hearing is not an action of notarization (conflict)', () => {
    const c = at.notarizationAccepted();
    expect(run(c, N, body('schedule_hearing'))).toEqual({ ok: false, error: conflictOf(c) });
  });
});

describe('administrative adjudication', () => {
  it('schedule_hearing on a filed case keeps the decision clock', () => {
    const before = at.adjudicationFiled();
    const { after } = accepted(before, run(before, O, body('schedule_hearing')), O, 'schedule_hearing');
    expect(after).toMatchObject({ status: 'in_progress', stage: 'hearing_scheduled' });
    expect(after.deadline).toEqual(clock('adjudication_decision'));
  });

  it('an extension of the decision clock is requested once: a second request after approval or after denial is a conflict', () => {
    for (const decide of ['approve_extension', 'deny_extension'] as const) {
      const requested = at.adjudicationRequested();
      expect(run(requested, O, body('request_extension'))).toEqual({
        ok: false,
        error: { ...conflictOf(requested), reason: 'extension.already_requested' },
      });
      const decided = accepted(requested, run(requested, SUPERVISOR, body(decide)), SUPERVISOR, decide).after;
      expect(run(decided, O, body('request_extension'))).toEqual({
        ok: false,
        error: { ...conflictOf(decided), reason: 'extension.already_requested' },
      });
      expect(run(decided, SUPERVISOR, body('approve_extension'))).toEqual({
        ok: false,
        error: { ...conflictOf(decided), reason: 'extension.none_pending' },
      });
    }
  });

  it('request_extension after the hearing is scheduled, approved, extends the clock', () => {
    const before = drive(at.adjudicationHearing(), [step(O, body('request_extension', { days: 10 }))]).case;
    const { after } = accepted(before, run(before, SUPERVISOR, body('approve_extension')), SUPERVISOR, 'approve_extension');
    // 2026-06-03 + 10 days = 06-13, a Saturday: rolls over to Monday 06-15.
    expect(after.deadline).toEqual({
      kind: 'adjudication_decision',
      dueAt: '2026-06-15T15:59:59.999Z',
      overdue: false,
      extended: true,
      startedOn: '2026-03-03',
      extension: { unit: 'calendar_days', amount: 10 },
    });
  });

  it('approve_extension or deny_extension without a request is a conflict', () => {
    const c = at.adjudicationFiled();
    for (const decide of ['approve_extension', 'deny_extension'] as const) {
      expect(run(c, SUPERVISOR, body(decide))).toEqual({ ok: false, error: { ...conflictOf(c), reason: 'extension.none_pending' } });
    }
  });

  it('the supervisor cannot approve a request made under its own sub', () => {
    const c = drive(claimedCase('administrative_adjudication', SUPERVISOR.sub), [
      step({ role: 'officer', sub: SUPERVISOR.sub }, body('accept_filing')),
      step({ role: 'officer', sub: SUPERVISOR.sub }, body('request_extension')),
    ]).case;
    expect(run(c, SUPERVISOR, body('approve_extension'))).toEqual({
      ok: false,
      error: { ...conflictOf(c), reason: 'extension.self_approval' },
    });
  });

  it('request_extension for longer than the configured extension (one month) is invalid on days', () => {
    const c = at.adjudicationFiled();
    expect(run(c, O, body('request_extension', { days: 31 }))).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'days', message: 'deadline.extension_too_long' },
    });
  });

  it('approve_extension of an overdue decision clock clears the overdue flag and the priority it raised', () => {
    const requested = at.adjudicationRequested();
    const late = markOverdue(requested, new Date(Date.parse(DUE.adjudication_decision) + 1))!;
    remember(requested, late.case, [late.event]);
    expect(late.case.flags.overdue).toBe(true);
    const { after } = accepted(late.case, run(late.case, SUPERVISOR, body('approve_extension')), SUPERVISOR, 'approve_extension');
    expect(after.flags.overdue).toBe(false);
    expect(after.priority).toBe(priorityOf({ repeatRespondent: false, overdue: false }));
    expect(after.deadline).toMatchObject({ extended: true, overdue: false, dueAt: DUE.adjudication_decision_extended });
  });

  it('issue_decision after the hearing without infringement resolves the case not against the respondent', () => {
    const before = at.adjudicationHearing();
    const { after } = accepted(
      before,
      run(before, O, body('issue_decision', { infringementEstablished: false, orders: [] })),
      O,
      'issue_decision',
    );
    expect(after).toMatchObject({ status: 'resolved', stage: 'decision_issued' });
    expect(after.outcome).toMatchObject({ infringementEstablished: false, againstRespondent: false });
  });

  it('transfer_to_police after the hearing is accepted', () => {
    const before = at.adjudicationHearing();
    const { after } = accepted(before, run(before, O, body('transfer_to_police')), O, 'transfer_to_police');
    expect(after.status).toBe('transferred');
  });
});

describe('police', () => {
  it('transfer_to_police then record_police_decision by the police: status stays transferred; a second decision is a conflict', () => {
    const filed = at.adjudicationFiled();
    const transferred = accepted(filed, run(filed, O, body('transfer_to_police')), O, 'transfer_to_police').after;
    const decided = accepted(
      transferred,
      run(transferred, POLICE, body('record_police_decision', { accepted: false, reason: '不构成犯罪' })),
      POLICE,
      'record_police_decision',
    ).after;
    expect(decided).toMatchObject({ status: 'transferred', deadline: null });
    expect(decided.outcome).toMatchObject({ policeDecision: { accepted: false, reason: '不构成犯罪' } });
    expect(run(decided, POLICE, body('record_police_decision'))).toEqual({ ok: false, error: conflictOf(decided) });
  });

  it('resume after a hearing was scheduled returns to hearing_scheduled with the days left counted from the day it resumes', () => {
    const declined = drive(at.adjudicationHearing(), [
      step(O, body('transfer_to_police')),
      step(POLICE, body('record_police_decision', { accepted: false })),
    ]).case;
    const later = new Date(T1.getTime() + 10 * 86_400_000);
    const { after } = accepted(declined, run(declined, O, body('resume'), declined.version, later), O, 'resume');
    expect(after).toMatchObject({ status: 'in_progress', stage: 'hearing_scheduled', assignee: 'o-1' });
    // 92 days were left on 03-03; from 03-13 that is 06-13, a Saturday: Monday 06-15.
    expect(after.deadline).toEqual({ kind: 'adjudication_decision', dueAt: '2026-06-15T15:59:59.999Z', overdue: false, extended: false });
    // The resumed case goes on: the officer decides it.
    expect(run(after, O, body('issue_decision'), after.version, later).ok).toBe(true);
  });

  it('resume is a conflict when the police took the case, and forbidden to the police and other officers', () => {
    const taken = drive(at.transferredToPolice(), [step(POLICE, body('record_police_decision', { accepted: true }))]).case;
    expect(run(taken, O, body('resume'))).toEqual({ ok: false, error: conflictOf(taken) });
    const declined = at.policeDeclined();
    expect(run(declined, POLICE, body('resume'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(run(declined, handler('administrative_adjudication', 2), body('resume'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('a case transferred before transfers recorded their stage resumes at filed with a new decision clock', () => {
    const declined = at.policeDeclined();
    const older = { ...declined };
    delete older.transferredFrom;
    remember(declined, older, []);
    const { after } = accepted(older, run(older, O, body('resume')), O, 'resume');
    expect(after).toMatchObject({ status: 'in_progress', stage: 'filed' });
    expect(after.deadline).toEqual(clock('adjudication_decision'));
  });

  it('record_police_decision on a case not transferred to the police is a conflict', () => {
    const c = at.adjudicationFiled();
    expect(run(c, POLICE, body('record_police_decision'))).toEqual({ ok: false, error: conflictOf(c) });
  });
});

describe('owner actions in any non-final status', () => {
  it('withdraw from the work queue (queued, unclaimed)', () => {
    const before = queuedCase('arbitration');
    const { after } = accepted(before, run(before, OWNER, body('withdraw')), OWNER, 'withdraw');
    expect(after).toMatchObject({ status: 'withdrawn', assignee: null, deadline: null });
  });

  it('withdraw while awaiting judicial confirmation', () => {
    const before = at.mediationConfirmationRequested();
    const { after } = accepted(before, run(before, OWNER, body('withdraw')), OWNER, 'withdraw');
    expect(after.status).toBe('withdrawn');
  });

  it('add_evidence by the assigned handler', () => {
    const before = at.adjudicationFiled();
    const { after } = accepted(before, run(before, O, body('add_evidence')), O, 'add_evidence');
    expect(after.complaint.evidence).toHaveLength(before.complaint.evidence.length + 1);
  });

  it('add_evidence by the owner on a queued case', () => {
    const before = queuedCase('notarization');
    const { after } = accepted(before, run(before, OWNER, body('add_evidence')), OWNER, 'add_evidence');
    expect(after.complaint.evidence).toHaveLength(before.complaint.evidence.length + 1);
    expect(after.status).toBe('queued');
  });

  it('withdraw of a withdrawn case is a conflict', () => {
    const c = queuedCase('mediation');
    const withdrawn = accepted(c, run(c, OWNER, body('withdraw')), OWNER, 'withdraw').after;
    expect(run(withdrawn, OWNER, body('withdraw'))).toEqual({ ok: false, error: conflictOf(withdrawn) });
  });
});

// ---------------------------------------------------------------------------------------------
// Final cases

const FINALS: { label: string; make: () => Case }[] = [
  {
    label: 'resolved by judicial confirmation',
    make: () => drive(at.mediationConfirmationRequested(), [step(COURT, body('record_judicial_confirmation'))]).case,
  },
  { label: 'resolved by closing a failed mediation', make: () => drive(at.mediationFailed(), [step(M, body('close'))]).case },
  { label: 'resolved by an arbitration award', make: at.resolvedByAward },
  { label: 'resolved by a notarial certificate', make: () => drive(at.notarizationPreserved(), [step(N, body('issue_certificate'))]).case },
  { label: 'resolved by an adjudication decision', make: () => drive(at.adjudicationFiled(), [step(O, body('issue_decision'))]).case },
  { label: 'rejected on arbitration acceptance', make: () => drive(at.arbitrationReview(), [step(A, body('reject'))]).case },
  { label: 'rejected on adjudication filing review', make: () => drive(at.adjudicationReview(), [step(O, body('reject_filing'))]).case },
  { label: 'withdrawn from the queue', make: () => drive(queuedCase('mediation'), [step(OWNER, body('withdraw'))]).case },
  { label: 'withdrawn while in progress', make: () => drive(at.notarizationAccepted(), [step(OWNER, body('withdraw'))]).case },
  { label: 'transferred to litigation', make: at.transferredToLitigation },
  { label: 'transferred to the police', make: at.transferredToPolice },
  {
    label: 'transferred to the police, decision recorded',
    make: () => drive(at.transferredToPolice(), [step(POLICE, body('record_police_decision'))]).case,
  },
  { label: 'resolved by a penalty decision', make: () => drive(at.enforcementInvestigating(), [step(E, body('issue_penalty'))]).case },
  {
    label: 'resolved with no violation found',
    make: () => drive(at.enforcementInvestigating(), [step(E, body('close_no_violation'))]).case,
  },
  { label: 'rejected on enforcement filing review', make: () => drive(at.enforcementReview(), [step(E, body('reject_filing'))]).case },
  {
    label: 'transferred to the police from an investigation',
    make: () => drive(at.enforcementInvestigating(), [step(E, body('transfer_to_police'))]).case,
  },
];

/** Who SPEC names for each action (as in ROWS). */
const WHO = Object.fromEntries(ROWS.map((r) => [r.action, r.who])) as Record<ActionName, PartyName[]>;
// Replies answer orders and opinions whatever became of the case (SPEC §4 v2); `resume` leaves a
// declined transfer to the police (its own tests, under "police").
const STILL_ALLOWED_WHEN_FINAL: ActionName[] = [
  'add_note',
  'add_supervision_opinion',
  'record_police_decision',
  'reply_supervision_order',
  'reply_supervision_opinion',
  'resume',
];

describe('final cases accept no further state change', () => {
  for (const { label, make } of FINALS) {
    describe(label, () => {
      it('every state-changing action by the party SPEC names is a conflict carrying status, stage and version', () => {
        const c = make();
        expect(['resolved', 'rejected', 'withdrawn', 'transferred']).toContain(c.status);
        for (const action of Object.keys(WHO) as ActionName[]) {
          if (STILL_ALLOWED_WHEN_FINAL.includes(action)) continue;
          for (const party of WHO[action]) {
            const caller = partyCaller(party, c);
            if (!caller) continue; // no assigned handler (withdrawn from the queue)
            expect(run(c, caller, ACTION_BODIES[action]), `${action} by ${party}`).toEqual({ ok: false, error: conflictOf(c) });
          }
        }
      });

      it('claim by a handler of its path is a conflict', () => {
        const c = make();
        expect(claim(c, { caller: handler(c.path!, 3), now: T1 })).toEqual({ ok: false, error: conflictOf(c) });
      });

      it('add_note by court, procuratorate, supervisor and the assigned handler, and add_supervision_opinion, still work', () => {
        let c = make();
        const status = c.status;
        const callers = (['handler', 'court', 'procuratorate', 'supervisor'] as const)
          .map((p) => partyCaller(p, c))
          .filter((x) => x !== null);
        for (const caller of callers) {
          c = accepted(c, run(c, caller, body('add_note')), caller, 'add_note').after;
        }
        c = accepted(c, run(c, PROCURATORATE, body('add_supervision_opinion')), PROCURATORATE, 'add_supervision_opinion').after;
        expect(c.status).toBe(status);
      });
    });
  }

  it('record_police_decision is the one further state change a police-transferred case takes', () => {
    const awaitingThePolice = ['transferred to the police', 'transferred to the police from an investigation'];
    for (const { label, make } of FINALS) {
      const c = make();
      const result = run(c, POLICE, body('record_police_decision'));
      if (awaitingThePolice.includes(label)) expect(result.ok, label).toBe(true);
      else expect(result, label).toEqual({ ok: false, error: conflictOf(c) });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Claim, release, reassign

describe('claim', () => {
  for (const path of PATHS) {
    it(`a ${path} handler claims a queued ${path} case: in_progress, assigned, stage kept`, () => {
      const before = queuedCase(path);
      const caller = handler(path, 2);
      const { after, event } = accepted(before, claim(before, { caller, now: T1 }), caller, 'claimed');
      expect(after).toMatchObject({
        status: 'in_progress',
        assignee: caller.sub,
        stage: FIRST_STAGE[path],
        path,
        deadline: before.deadline,
      });
      expect(event.data).toMatchObject({ assignee: caller.sub });
    });
  }

  it('claiming a claimed case again is a conflict (claim.already_claimed)', () => {
    const c = claimedCase('mediation');
    for (const caller of [handler('mediation', 1), handler('mediation', 2)]) {
      expect(claim(c, { caller, now: T1 })).toEqual({
        ok: false,
        error: { kind: 'conflict', reason: 'claim.already_claimed', status: 'in_progress', stage: 'awaiting_consent', version: c.version },
      });
    }
  });

  it('a handler of another path, an owner or an agency may not claim (forbidden)', () => {
    const c = queuedCase('arbitration');
    for (const caller of [
      otherPathHandler('arbitration'),
      handler('notarization'),
      OWNER,
      STRANGER,
      COURT,
      PROCURATORATE,
      POLICE,
      SUPERVISOR,
    ]) {
      expect(claim(c, { caller, now: T1 }), `${caller.role}`).toEqual({ ok: false, error: { kind: 'forbidden' } });
    }
  });

  it('a submitted (not yet queued) case cannot be claimed', () => {
    const q = queuedCase('mediation');
    const submitted: Case = { ...q, status: 'submitted', stage: null };
    expect(claim(submitted, { caller: M, now: T1 })).toMatchObject({ ok: false, error: { kind: 'conflict', status: 'submitted' } });
  });

  it('release puts the case back in the queue with no assignee; another handler then claims it', () => {
    const c = claimedCase('notarization');
    const released = accepted(c, run(c, N, body('release')), N, 'release').after;
    expect(released).toMatchObject({ status: 'queued', assignee: null, stage: 'acceptance_review' });
    expect(run(released, N, body('accept'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
    const N2 = handler('notarization', 2);
    const again = accepted(released, claim(released, { caller: N2, now: T1 }), N2, 'claimed').after;
    expect(again).toMatchObject({ status: 'in_progress', assignee: 'n-2' });
  });

  it('after release the former handler is no longer the handler: releasing again is forbidden', () => {
    const c = claimedCase('notarization');
    const released = accepted(c, run(c, N, body('release')), N, 'release').after;
    expect(run(released, N, body('release'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('reassign by the supervisor of a queued case sets the new assignee and in_progress', () => {
    const before = queuedCase('administrative_adjudication');
    const { after } = accepted(before, run(before, SUPERVISOR, body('reassign', { assignee: 'o-5' })), SUPERVISOR, 'reassign');
    expect(after).toMatchObject({ status: 'in_progress', assignee: 'o-5', stage: 'filing_review' });
    const o5 = handler('administrative_adjudication', 5);
    expect(accepted(after, run(after, o5, body('accept_filing')), o5, 'accept_filing').after.stage).toBe('filed');
    expect(run(after, O, body('accept_filing'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('reassign of a final case is a conflict', () => {
    const c = at.resolvedByAward();
    expect(run(c, SUPERVISOR, body('reassign'))).toEqual({ ok: false, error: conflictOf(c) });
  });
});

// ---------------------------------------------------------------------------------------------
// The deadline sweep

describe('markOverdue', () => {
  it('flags a due clock overdue once, writes one system event and raises the priority', () => {
    const c = queuedCase('arbitration');
    const due = Date.parse(c.deadline!.dueAt);
    const swept = markOverdue(c, new Date(due + 1));
    expect(swept).not.toBeNull();
    const after = swept!.case;
    expect(after.version).toBe(c.version + 1);
    expect(after.flags.overdue).toBe(true);
    expect(after.deadline).toEqual({ ...c.deadline, overdue: true });
    expect(after.priority).toBe(priorityOf({ repeatRespondent: false, overdue: true }));
    expect(after.priority).toBeGreaterThan(c.priority);
    expect(swept!.event).toMatchObject({ type: 'deadline_overdue', actor: { role: 'system' }, seq: c.timelineHead.seq + 1 });
    expect(verifyChain([...historyOf(c), swept!.event]).valid).toBe(true);
    expect(markOverdue(after, new Date(due + 86_400_000))).toBeNull();
  });

  it('raises a repeat respondent case above its already raised priority', () => {
    const c = queuedCase('mediation', { repeatRespondent: true });
    expect(c.priority).toBe(priorityOf({ repeatRespondent: true, overdue: false }));
    const after = markOverdue(c, new Date(Date.parse(c.deadline!.dueAt) + 1))!.case;
    expect(after.priority).toBe(priorityOf({ repeatRespondent: true, overdue: true }));
  });

  it('does not touch a case whose clock is not yet due (the last millisecond of the due day still counts)', () => {
    const c = queuedCase('administrative_adjudication');
    expect(markOverdue(c, T1)).toBeNull();
    expect(markOverdue(c, new Date(c.deadline!.dueAt))).toBeNull();
  });

  it('does not touch a case without a clock', () => {
    expect(markOverdue(queuedCase('notarization'), new Date('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it('does not touch a final case, except the police clock of a case transferred to the police', () => {
    const resolved = at.resolvedByAward();
    expect(markOverdue({ ...resolved, deadline: clock('police_decision') }, new Date('2026-12-01T00:00:00Z'))).toBeNull();
    const police = at.transferredToPolice();
    const swept = markOverdue(police, new Date(Date.parse(DUE.police_decision) + 1));
    expect(swept?.case.flags.overdue).toBe(true);
    expect(swept?.case.status).toBe('transferred');
  });

  it('a new clock for the next stage clears the overdue flag and the raised priority', () => {
    const c = claimedCase('administrative_adjudication');
    const late = markOverdue(c, new Date(Date.parse(c.deadline!.dueAt) + 1))!;
    remember(c, late.case, [late.event]);
    const { after } = accepted(late.case, run(late.case, O, body('accept_filing')), O, 'accept_filing');
    expect(after.flags.overdue).toBe(false);
    expect(after.priority).toBe(priorityOf({ repeatRespondent: false, overdue: false }));
  });
});

// ---------------------------------------------------------------------------------------------
// Whole journeys through the real builders

describe('journeys', () => {
  it('mediation to a judicially confirmed agreement: versions and timeline line up end to end', () => {
    const start = queuedCase('mediation');
    const driven = drive(start, [
      { caller: M, claim: true },
      ...SCRIPTS.mediationAgreement,
      step(OWNER, body('request_judicial_confirmation')),
      step(COURT, body('record_judicial_confirmation')),
      step(PROCURATORATE, body('add_supervision_opinion')),
    ]);
    expect(driven.case).toMatchObject({ status: 'resolved', version: start.version + 7 });
    expect(driven.events.map((e) => e.type)).toEqual([
      'claimed',
      'record_consent',
      'schedule_session',
      'record_agreement',
      'request_judicial_confirmation',
      'record_judicial_confirmation',
      'add_supervision_opinion',
    ]);
    expect(verifyChain(driven.history)).toMatchObject({ valid: true, events: driven.history.length });
  });

  it('drive names the refused step', () => {
    expect(() => drive(queuedCase('mediation'), [step(M, body('record_consent'))])).toThrow(
      /step 1 \(record_consent by mediator\/m-1\).*forbidden/,
    );
  });

  it('a case that escalates twice keeps one id and one unbroken timeline', () => {
    const start = claimedCase('administrative_adjudication');
    const driven = drive(start, [
      step(O, body('escalate', { toPath: 'mediation' })),
      { caller: M, claim: true },
      ...SCRIPTS.mediationFailed,
      step(M, body('escalate', { toPath: 'arbitration', arbitrationAgreement: { ...AGREEMENT } })),
      { caller: A, claim: true },
      step(A, body('accept')),
    ]);
    expect(driven.case).toMatchObject({
      caseId: start.caseId,
      path: 'arbitration',
      stage: 'accepted',
      status: 'in_progress',
      assignee: 'a-1',
    });
    expect(verifyChain(driven.history).valid).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The owner may request judicial confirmation of a released (queued, unassigned) agreement. If the
// court then refuses, SPEC §4 says "status in_progress" — but with nobody assigned the case would
// sit in no work queue. It goes back to the queue instead, where a mediator claims it.

describe('a refused confirmation of an unassigned case', () => {
  it('returns the case to the mediation work queue, where a mediator claims it and closes it', () => {
    const agreed = at.mediationAgreement();
    const driven = drive(agreed, [
      step(M, body('release')),
      step(OWNER, body('request_judicial_confirmation')),
      step(COURT, body('record_judicial_confirmation', { confirmed: false })),
    ]);
    expect(driven.case).toMatchObject({ status: 'queued', stage: 'failed', assignee: null });
    const m2 = handler('mediation', 2);
    const claimed = claim(driven.case, { caller: m2, now: T1 });
    expect(claimed).toMatchObject({ ok: true, case: { status: 'in_progress', stage: 'failed', assignee: 'm-2' } });
    if (!claimed.ok) return;
    const closed = drive(claimed.case, [step(m2, body('close'))]).case;
    expect(closed).toMatchObject({ status: 'resolved', outcome: { kind: 'mediation_failed' } });
  });
});

// ---------------------------------------------------------------------------------------------
// SPEC §10: both parties online

describe('both parties online (SPEC §10)', () => {
  it('record_agreement stores the SHA-256 of the terms as recorded, no signature and no application yet', () => {
    const a = J.agreement();
    expect(a.agreement).toEqual({
      termsSha256: termsSha256('被投诉人停止销售并赔偿 5 万元'),
      recordedAt: T1.toISOString(),
      signatures: { complainant: null, respondent: null },
      applications: { complainant: null, respondent: null },
    });
  });

  it('a signature over other terms, a second signature of one side, an offline signature of a side that signed: conflicts', () => {
    const c = J.agreement();
    expect(run(c, OWNER, body('sign_agreement', { termsSha256: 'f'.repeat(64) }))).toEqual({
      ok: false,
      error: { ...conflictOf(c), reason: 'agreement.terms_mismatch' },
    });
    const signed = acted(c, RESPONDENT, body('sign_agreement'));
    expect(run(signed, RESPONDENT, body('sign_agreement'))).toMatchObject({ ok: false, error: { reason: 'agreement.already_signed' } });
    expect(run(signed, M, body('record_offline_signature'))).toMatchObject({ ok: false, error: { reason: 'agreement.already_signed' } });
    const both = acted(signed, M, body('record_offline_signature', { party: 'complainant' }));
    expect(both.agreement?.signatures.complainant?.mode).toBe('offline');
  });

  it('with the respondent online, judicial confirmation is applied for jointly: each half recorded, the second sends it to the court', () => {
    const c = J.signedByBoth();
    const half = accepted(c, run(c, OWNER, body('request_judicial_confirmation')), OWNER, 'request_judicial_confirmation');
    expect(half.after).toMatchObject({ status: 'in_progress', stage: 'agreement_reached', deadline: c.deadline });
    expect(half.after.agreement?.applications).toEqual({ complainant: T1.toISOString(), respondent: null });
    expect(half.event.data).toEqual({ side: 'complainant', awaiting: 'respondent' });
    expect(run(half.after, OWNER, body('request_judicial_confirmation'))).toMatchObject({
      ok: false,
      error: { reason: 'agreement.already_applied' },
    });
    const both = accepted(
      half.after,
      run(half.after, RESPONDENT, body('request_judicial_confirmation')),
      RESPONDENT,
      'request_judicial_confirmation',
    );
    expect(both.after).toMatchObject({ status: 'awaiting_confirmation', stage: 'judicial_confirmation_requested' });
    expect(both.after.deadline).toEqual(clock('court_confirmation'));
    expect(both.event.data).toMatchObject({ side: 'respondent', joint: true, to: { stage: 'judicial_confirmation_requested' } });
  });

  it('a party may apply only for an agreement both signed; the handler’s request goes to the court at once', () => {
    const c = J.agreement();
    expect(run(c, RESPONDENT, body('request_judicial_confirmation'))).toMatchObject({
      ok: false,
      error: { reason: 'agreement.not_signed_by_both' },
    });
    const sent = accepted(c, run(c, M, body('request_judicial_confirmation')), M, 'request_judicial_confirmation');
    expect(sent.after.stage).toBe('judicial_confirmation_requested');
  });

  it('while the respondent is not online the complainant’s request alone goes to the court (as in v1)', () => {
    const c = at.mediationAgreement();
    const sent = accepted(c, run(c, OWNER, body('request_judicial_confirmation')), OWNER, 'request_judicial_confirmation');
    expect(sent.after.stage).toBe('judicial_confirmation_requested');
  });

  it('a new invitation replaces the old one; once the respondent joined, none is made', () => {
    const once = acted(at.mediationAwaitingConsent(), M, body('invite_respondent'));
    const twice = acted(once, M, body('invite_respondent', { contact: { phone: '13700000001' } }));
    expect(twice.invitation).toMatchObject({ seq: once.timelineHead.seq + 1, channels: ['sms'] });
    const j = J.awaitingConsent();
    expect(run(j, M, body('invite_respondent'))).toMatchObject({ ok: false, error: { reason: 'invitation.already_joined' } });
  });

  it('joining: a respondent user joins once, by its own event; not a final case, not another role', () => {
    const c = acted(at.mediationAwaitingConsent(), M, body('invite_respondent'));
    const done = joinAsRespondent(c, { caller: RESPONDENT, now: T1 });
    if (!done.ok) throw new Error('refused');
    expect(done.case.respondentParty).toEqual({ sub: RESPONDENT.sub, joinedAt: T1.toISOString() });
    expect(done.event).toMatchObject({ type: 'respondent_joined', actor: RESPONDENT, seq: c.timelineHead.seq + 1 });
    expect(done.case.version).toBe(c.version + 1);
    expect(joinAsRespondent(done.case, { caller: OTHER_RESPONDENT, now: T1 })).toMatchObject({
      ok: false,
      error: { reason: 'invitation.already_joined' },
    });
    expect(joinAsRespondent(c, { caller: OWNER, now: T1 })).toEqual({ ok: false, error: { kind: 'forbidden' } });
    const withdrawn = acted(c, OWNER, body('withdraw'));
    expect(joinAsRespondent(withdrawn, { caller: RESPONDENT, now: T1 })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('the respondent’s evidence goes on its events, not into the complainant’s complaint', () => {
    const c = J.consented();
    const { after: a, event } = accepted(c, run(c, RESPONDENT, body('add_evidence')), RESPONDENT, 'add_evidence');
    expect(a.complaint.evidence).toEqual(c.complaint.evidence);
    expect(event.data).toMatchObject({ side: 'respondent', evidence: [{ title: '补充购买发票' }] });
  });

  it('messages: the assigned handler writes everywhere, a party in the open channel and its own caucus; a final case takes none', () => {
    const c = J.consented();
    const text = { text: '请双方提供补充材料' };
    const tries: [Caller, 'open' | 'caucus_complainant' | 'caucus_respondent', boolean][] = [
      [M, 'open', true],
      [M, 'caucus_complainant', true],
      [M, 'caucus_respondent', true],
      [OWNER, 'open', true],
      [OWNER, 'caucus_complainant', true],
      [OWNER, 'caucus_respondent', false],
      [RESPONDENT, 'caucus_respondent', true],
      [RESPONDENT, 'caucus_complainant', false],
      [OTHER_RESPONDENT, 'open', false],
      [handler('mediation', 2), 'open', false],
      [COURT, 'open', false],
      [SUPERVISOR, 'open', false],
    ];
    for (const [caller, channel, allowed] of tries) {
      const r = postMessage(c, { channel, ...text }, { caller, now: T1 });
      expect(r.ok, `${caller.role}/${caller.sub} in ${channel}`).toBe(allowed);
      if (r.ok) {
        expect(r.event).toMatchObject({ type: 'message_posted', data: { channel, text: text.text } });
        expect(r.case.version).toBe(c.version + 1);
      } else {
        expect(r.error).toEqual({ kind: 'forbidden' });
      }
    }
    const closed = J.closed();
    expect(postMessage(closed, { channel: 'open', ...text }, { caller: OWNER, now: T1 })).toMatchObject({
      ok: false,
      error: { kind: 'conflict', reason: 'message.case_final' },
    });
  });

  it('the respondent reads the case it joined only', () => {
    const c = J.awaitingConsent();
    expect(canReadCase(RESPONDENT, c)).toBe(true);
    expect(canReadCase(OTHER_RESPONDENT, c)).toBe(false);
    expect(canReadCase(RESPONDENT, at.mediationAwaitingConsent())).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Version 2 changes to the action table (SPEC §4): their guards and clocks

const daysAfterT1 = (days: number) => new Date(T1.getTime() + days * 86_400_000);
const reasonOf = (r: ActionResult) => (r.ok ? null : r.error);

describe('extend_mediation: both parties’ consent (SPEC §4 v2, §6, §10)', () => {
  const offline = body('extend_mediation');
  const online = body('extend_mediation', { respondentConsent: undefined });
  delete (online as { respondentConsent?: true }).respondentConsent;

  it('while the respondent is not online, the handler must state its consent (400 on respondentConsent)', () => {
    const c = at.mediationConsented();
    expect(run(c, M, online)).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'respondentConsent', message: 'extension.respondent_consent_required' },
    });
  });

  it('once the respondent joined, the handler may not state its consent, and without its own consent_extension it is a conflict', () => {
    const c = J.consented();
    expect(run(c, M, offline)).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'respondentConsent', message: 'extension.respondent_consents_itself' },
    });
    expect(run(c, M, online)).toEqual({ ok: false, error: { ...conflictOf(c), reason: 'extension.respondent_consent_missing' } });
  });

  it('the respondent’s own consent_extension lets the handler extend once; the consent is used up', () => {
    const consented = acted(J.session(), RESPONDENT, body('consent_extension'));
    const consentSeq = consented.extensionConsent!.seq;
    const { after: extended, event } = accepted(consented, run(consented, M, online), M, 'extend_mediation');
    expect(extended.extensionConsent).toBeNull();
    expect(extended.deadline).toMatchObject({ kind: 'mediation_outcome', extended: true });
    expect(event.data).toMatchObject({ consent: { complainant: 'stated_by_handler', respondent: { consentSeq } } });
    // Once: a second extension, or a consent to one, is a conflict.
    expect(run(extended, M, online)).toEqual({
      ok: false,
      error: { ...conflictOf(extended), reason: 'extension.respondent_consent_missing' },
    });
    expect(run(extended, RESPONDENT, body('consent_extension'))).toEqual({
      ok: false,
      error: { ...conflictOf(extended), reason: 'deadline.already_extended' },
    });
  });

  it('a second extension stated by the handler is a conflict (once per clock)', () => {
    const extended = acted(at.mediationSession(), M, offline);
    expect(run(extended, M, offline)).toEqual({ ok: false, error: { ...conflictOf(extended), reason: 'deadline.already_extended' } });
  });

  it('a last day that is a holiday rolls over to the next working day', () => {
    const before = at.mediationConsented();
    // 2026-04-01 + 3 days = 04-04, in the Qingming holiday (04-04 … 04-06): Tuesday 04-07.
    const { after: extended } = accepted(before, run(before, M, body('extend_mediation', { days: 3 })), M, 'extend_mediation');
    expect(extended.deadline).toEqual({
      kind: 'mediation_outcome',
      dueAt: '2026-04-07T15:59:59.999Z',
      overdue: false,
      extended: true,
      startedOn: '2026-03-02',
      extension: { unit: 'calendar_days', amount: 3 },
    });
  });

  it('more days than the configured extension is invalid on days', () => {
    const c = at.mediationConsented();
    const rules = {
      ...DEFAULT_DEADLINE_RULES,
      mediation_outcome: { ...DEFAULT_DEADLINE_RULES.mediation_outcome, extension: { unit: 'calendar_days' as const, amount: 10 } },
    };
    const r = act(c, { ...offline, expectedVersion: c.version } as ActionInput, { caller: M, now: T1, calendar: SHIPPED_CALENDAR, rules });
    expect(reasonOf(r)).toEqual({ kind: 'invalid', path: 'days', message: 'deadline.extension_too_long' });
  });
});

describe('request_judicial_confirmation: 30 days from the agreement (SPEC §4 v2, §6)', () => {
  it('on the last day of the window it is accepted; the day after it is window_closed for the handler and the owner', () => {
    const c = at.mediationAgreement();
    // The agreement on 03-03: the window ends 04-02 23:59:59.999 CST.
    const lastMoment = new Date(Date.parse(DUE.judicial_confirmation_request));
    expect(run(c, M, body('request_judicial_confirmation'), c.version, lastMoment).ok).toBe(true);
    const late = new Date(lastMoment.getTime() + 1);
    for (const caller of [M, OWNER]) {
      expect(run(c, caller, body('request_judicial_confirmation'), c.version, late)).toEqual({
        ok: false,
        error: { ...conflictOf(c), reason: 'window_closed' },
      });
    }
  });

  it('the joint application of both parties is closed too after 30 days, the first half included', () => {
    const signed = J.signedByBoth();
    expect(reasonOf(run(signed, RESPONDENT, body('request_judicial_confirmation'), signed.version, daysAfterT1(31)))).toEqual({
      ...conflictOf(signed),
      reason: 'window_closed',
    });
    const half = acted(signed, OWNER, body('request_judicial_confirmation'));
    expect(reasonOf(run(half, RESPONDENT, body('request_judicial_confirmation'), half.version, daysAfterT1(31)))).toEqual({
      ...conflictOf(half),
      reason: 'window_closed',
    });
  });
});

describe('supervision orders and opinions that require a reply (SPEC §4 v2, §11)', () => {
  it('an order due now or earlier is invalid on dueAt', () => {
    const c = at.mediationConsented();
    expect(run(c, SUPERVISOR, body('issue_supervision_order', { dueAt: '2026-03-03T10:00:00+08:00' }))).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'dueAt', message: 'supervision.due_not_in_future' },
    });
  });

  it('an opinion with replyRequired opens a 15-day reply clock; one without opens none', () => {
    const c = at.mediationConsented();
    const { after: opened, event } = accepted(
      c,
      run(c, PROCURATORATE, body('add_supervision_opinion', { replyRequired: true })),
      PROCURATORATE,
      'add_supervision_opinion',
    );
    // 03-03 + 15 days = 03-18, a Wednesday.
    expect(opened.supervision).toEqual([
      { seq: event.seq, kind: 'opinion', dueAt: '2026-03-18T15:59:59.999Z', overdue: false, repliedAt: null },
    ]);
    expect(event.data).toMatchObject({ replyRequired: true, replyDueAt: '2026-03-18T15:59:59.999Z' });
    expect(opened.deadline).toEqual(c.deadline);
    expect(acted(c, PROCURATORATE, body('add_supervision_opinion', { replyRequired: false })).supervision).toBeUndefined();
  });

  it('a reply names an order of the case: another seq is a conflict, an opinion’s seq too; so is a second reply', () => {
    const c = withOrder(at.mediationConsented());
    const seq = openSeq(c, 'order');
    expect(reasonOf(run(c, M, body('reply_supervision_order', { orderSeq: seq + 5 })))).toEqual({
      ...conflictOf(c),
      reason: 'supervision.unknown_order',
    });
    expect(reasonOf(run(c, M, body('reply_supervision_opinion', { opinionSeq: seq })))).toEqual({
      ...conflictOf(c),
      reason: 'supervision.unknown_opinion',
    });
    const replied = acted(c, M, body('reply_supervision_order', { orderSeq: seq }));
    expect(reasonOf(run(replied, M, body('reply_supervision_order', { orderSeq: seq })))).toEqual({
      ...conflictOf(replied),
      reason: 'supervision.already_replied',
    });
  });

  it('the sweep flags an unanswered order once it is past due: flag, priority raised, one system event; the reply clears the flag', () => {
    const c = withOrder(at.mediationConsented());
    const due = Date.parse(c.supervision![0]!.dueAt);
    expect(markSupervisionOverdue(c, new Date(due))).toBeNull();
    const swept = markSupervisionOverdue(c, new Date(due + 1))!;
    remember(c, swept.case, [swept.event]);
    expect(swept.event).toMatchObject({
      type: 'supervision_overdue',
      actor: { role: 'system' },
      data: {
        supervision: { seq: c.supervision![0]!.seq, kind: 'order' },
        deadline: { kind: 'supervision_order', dueAt: c.supervision![0]!.dueAt },
      },
    });
    expect(swept.case.flags).toMatchObject({ overdue: false, supervisionOverdue: true });
    expect(swept.case.priority).toBe(priorityOf({ repeatRespondent: false, overdue: true }));
    expect(swept.case.supervision![0]!.overdue).toBe(true);
    expect(swept.case.deadline).toEqual(c.deadline);
    expect(markSupervisionOverdue(swept.case, new Date(due + 2))).toBeNull();
    const { after: replied, event } = accepted(
      swept.case,
      run(swept.case, M, body('reply_supervision_order', { orderSeq: openSeq(c, 'order') }), swept.case.version, new Date(due + 3)),
      M,
      'reply_supervision_order',
    );
    expect(event.data).toMatchObject({ late: true });
    expect(replied.flags.supervisionOverdue).toBe(false);
    expect(replied.priority).toBe(priorityOf({ repeatRespondent: false, overdue: false }));
  });

  it('an opinion’s reply clock runs on a final case, and is flagged there too', () => {
    const c = withOpinion(at.resolvedByAward());
    const swept = markSupervisionOverdue(c, daysAfterT1(16))!;
    expect(swept.case).toMatchObject({ status: 'resolved', flags: { supervisionOverdue: true } });
  });

  it('an order on a final case is a conflict (open cases only)', () => {
    const c = at.resolvedByAward();
    expect(run(c, SUPERVISOR, body('issue_supervision_order'))).toEqual({ ok: false, error: conflictOf(c) });
  });
});
