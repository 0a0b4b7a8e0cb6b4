// Administrative enforcement (行政执法查处, SPEC §12) through the domain: a complaint routed to the
// fifth path, claimed by an officer of the case's agency, filed with two investigating officers,
// inspected, its clock paused and resumed, and decided — a penalty, no violation, or a transfer to
// the police — plus the extension of its clocks, escalation into the path, and the deadline sweeps.
// Clocks are worked out by hand (SPEC §6, §7); a clock falls due at 23:59:59.999 CST = 15:59:59.999Z.

import { describe, expect, it } from 'vitest';
import { canReadCase, type Caller } from '#domain/access.ts';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import { recomputeDeadline } from '#domain/deadlines.ts';
import { claim, markOverdue, remindDueSoon, type ActionResult } from '#domain/lifecycle.ts';
import type { Case } from '#domain/model.ts';
import { verifyChain } from '#domain/timeline.ts';
import {
  POLICE,
  SCRIPTS,
  SUPERVISOR,
  T0,
  T1,
  apply,
  caseAt,
  drive,
  handler,
  historyOf,
  queuedCase,
  remember,
  type ActionBody,
} from '../support/cases.ts';
import { ACCEPT_FILING_WITH_CO, ACTION_BODIES, officer } from './enforcement-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// Who and what

const COPYRIGHT = {
  kind: 'copyright',
  number: '陕作登字-2025-F-00012345',
  title: '安康富硒茶包装设计',
  holder: '安康市秦巴茶业科技有限公司',
};

/** The culture-and-tourism officers a copyright case belongs to. */
const CULTURE = officer('culture_tourism', 1);
const CULTURE_2 = officer('culture_tourism', 2);
/** Officers of other agencies — one of them with CULTURE's sub. */
const MARKET = officer('market_regulation', 1);
const FORESTRY = officer('forestry', 1);
/** An officer whose token names no agency: market regulation. */
const PLAIN_OFFICER = handler('administrative_enforcement', 1);

const endOf = (date: string) => `${date}T15:59:59.999Z`;
/** 10:00 CST on `date`. */
const tenAm = (date: string) => new Date(`${date}T02:00:00Z`);

const body = <A extends ActionBody['action']>(action: A, patch: Partial<Extract<ActionBody, { action: A }>> = {}) =>
  ({ ...ACTION_BODIES[action], ...patch }) as ActionBody;

/** The case after an action that must be accepted (with its history remembered). */
function accepted(c: Case, caller: Caller, input: ActionBody, now: Date = T1): Case {
  const result = apply(c, caller, input, now);
  if (!result.ok) throw new Error(`${input.action} by ${caller.sub} refused: ${JSON.stringify(result.error)}`);
  return result.case;
}

function claimed(c: Case, caller: Caller, now: Date = T0): Case {
  const result = claim(c, { caller, now });
  if (!result.ok) throw new Error(`claim refused: ${JSON.stringify(result.error)}`);
  return remember(c, result.case, [result.event]);
}

const conflictOf = (c: Case) => ({
  ok: false,
  error: { kind: 'conflict', reason: expect.any(String), status: c.status, stage: c.stage, version: c.version },
});
const reasonOf = (r: ActionResult) => (!r.ok && r.error.kind === 'conflict' ? r.error.reason : null);

/** A copyright complaint that asked for administrative enforcement, queued at T0 (Monday 2026-03-02). */
const queuedCopyrightCase = () =>
  queuedCase('administrative_enforcement', {
    patch: (c) => {
      c.right = { ...COPYRIGHT };
    },
  });
/** … claimed by CULTURE at T0 and filed at T1 (Tuesday 03-03) with CULTURE_2 as co-investigator. */
const investigating = () => accepted(claimed(queuedCopyrightCase(), CULTURE), CULTURE, ACCEPT_FILING_WITH_CO);

// ---------------------------------------------------------------------------------------------

describe('a copyright enforcement case from the queue to a penalty (SPEC §12)', () => {
  it('is queued for culture and tourism at filing review, with 15 working days to decide whether to file', () => {
    // Act
    const c = queuedCopyrightCase();

    // Assess: 15 working days from Monday 03-02: 03-03 … 03-23 (no March holidays).
    expect(c).toMatchObject({ path: 'administrative_enforcement', status: 'queued', stage: 'filing_review', assignee: null });
    expect(c.enforcement).toEqual({ agency: 'culture_tourism', matter: 'copyright' });
    expect(c.deadline).toEqual({
      kind: 'enforcement_filing',
      dueAt: endOf('2026-03-23'),
      overdue: false,
      extended: false,
      startedOn: '2026-03-02',
    });
    expect(historyOf(c).find((e) => e.type === 'routed')?.data).toMatchObject({ agency: 'culture_tourism', matter: 'copyright' });
  });

  it('may be claimed by an officer of culture and tourism only: another agency’s officer, an officer without agency and a mediator are forbidden', () => {
    // Prepare
    const c = queuedCopyrightCase();

    // Act + Assess
    for (const caller of [MARKET, FORESTRY, PLAIN_OFFICER, handler('mediation')]) {
      expect(claim(c, { caller, now: T0 }), `${caller.role}/${caller.agency}`).toEqual({ ok: false, error: { kind: 'forbidden' } });
    }
    const result = claim(c, { caller: CULTURE, now: T0 });
    expect(result.ok && result.case).toMatchObject({ status: 'in_progress', assignee: 'e-1', stage: 'filing_review' });
  });

  it('is invisible to officers of other agencies, who may not act on it even with the assignee’s sub', () => {
    // Prepare
    const c = claimed(queuedCopyrightCase(), CULTURE);

    // Act + Assess
    expect(canReadCase(CULTURE_2, c)).toBe(true);
    for (const caller of [MARKET, FORESTRY, PLAIN_OFFICER]) {
      expect(canReadCase(caller, c), caller.agency ?? 'none').toBe(false);
      expect(apply(c, caller, ACCEPT_FILING_WITH_CO), caller.agency ?? 'none').toEqual({ ok: false, error: { kind: 'forbidden' } });
    }
  });

  it('refuses a filing without a co-investigator, or with the filing officer as its own co-investigator (invalid on coInvestigator)', () => {
    // Prepare
    const c = claimed(queuedCopyrightCase(), CULTURE);

    // Act
    const without = apply(c, CULTURE, { action: 'accept_filing' });
    const self = apply(c, CULTURE, { action: 'accept_filing', coInvestigator: 'e-1' });

    // Assess
    expect(without).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'coInvestigator', message: 'enforcement.two_officers_required' },
    });
    expect(self).toEqual({
      ok: false,
      error: { kind: 'invalid', path: 'coInvestigator', message: 'enforcement.co_investigator_is_caller' },
    });
  });

  it('is filed with two investigators and a 90-day decision clock', () => {
    // Prepare
    const c = claimed(queuedCopyrightCase(), CULTURE);

    // Act
    const filed = accepted(c, CULTURE, ACCEPT_FILING_WITH_CO);

    // Assess: 03-03 + 90 days = Monday 06-01.
    expect(filed).toMatchObject({ status: 'in_progress', stage: 'investigating', assignee: 'e-1' });
    expect(filed.enforcement).toEqual({ agency: 'culture_tourism', matter: 'copyright', investigators: ['e-1', 'e-2'] });
    expect(filed.deadline).toEqual({
      kind: 'enforcement_decision',
      dueAt: endOf('2026-06-01'),
      overdue: false,
      extended: false,
      startedOn: '2026-03-03',
    });
  });

  it('refuses an inspection record of one officer, named twice (invalid on officers), and keeps one of two', () => {
    // Prepare
    const c = investigating();

    // Act
    const alone = apply(c, CULTURE, body('record_inspection', { officers: ['e-1', 'e-1'] }));
    const two = accepted(c, CULTURE, body('record_inspection', { officers: ['e-1', 'e-2'] }));

    // Assess
    expect(alone).toEqual({ ok: false, error: { kind: 'invalid', path: 'officers', message: 'enforcement.two_officers_required' } });
    expect(two.enforcement?.inspections).toEqual([
      {
        seq: two.timelineHead.seq,
        at: '2026-03-05T10:00:00+08:00',
        officers: ['e-1', 'e-2'],
        evidenceSha256: ACTION_BODIES.record_inspection.evidenceSha256,
      },
    ]);
  });

  it('pauses the decision clock for an appraisal and, resumed, moves it by the days it stood still', () => {
    // Prepare
    const c = investigating();

    // Act: paused Thursday 03-05, resumed Monday 03-16: 03-05 … 03-15 is 11 days.
    const paused = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-05'));
    const pausedTwice = apply(paused, CULTURE, body('pause_clock'), tenAm('2026-03-06'));
    const resumed = apply(paused, CULTURE, body('resume_clock'), tenAm('2026-03-16'));

    // Assess: 06-01 + 11 days = Friday 06-12.
    expect(paused.deadline).toMatchObject({
      dueAt: endOf('2026-06-01'),
      paused: { since: '2026-03-05', reason: '委托鉴定机构鉴定涉案商品' },
    });
    expect(pausedTwice).toEqual(conflictOf(paused));
    expect(reasonOf(pausedTwice)).toBe('deadline.already_paused');
    expect(resumed.ok && resumed.case.deadline).toEqual({
      kind: 'enforcement_decision',
      dueAt: endOf('2026-06-12'),
      overdue: false,
      extended: false,
      startedOn: '2026-03-03',
      suspended: 11,
    });
    expect(resumed.ok && resumed.event.data).toMatchObject({ daysNotCounted: 11, previousDeadline: paused.deadline });
  });

  it('refuses to resume a clock that runs (a conflict)', () => {
    const c = investigating();
    const result = apply(c, CULTURE, body('resume_clock'));
    expect(result).toEqual(conflictOf(c));
    expect(reasonOf(result)).toBe('deadline.not_paused');
  });

  it('ends in a penalty decided by the agency, against the respondent, on one unbroken timeline', () => {
    // Prepare
    let c = investigating();
    c = accepted(c, CULTURE, body('record_inspection'), tenAm('2026-03-05'));
    c = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-05'));
    c = accepted(c, CULTURE, body('resume_clock'), tenAm('2026-03-16'));

    // Act
    const decided = accepted(c, CULTURE, body('issue_penalty'), tenAm('2026-04-20'));

    // Assess
    expect(decided).toMatchObject({ status: 'resolved', stage: 'penalty_decided', deadline: null });
    expect(decided.outcome).toMatchObject({ kind: 'penalty', againstRespondent: true, agency: 'culture_tourism', fineCny: 30000 });
    const history = historyOf(decided);
    expect(history.map((e) => e.type).slice(-6)).toEqual([
      'claimed',
      'accept_filing',
      'record_inspection',
      'pause_clock',
      'resume_clock',
      'issue_penalty',
    ]);
    expect(verifyChain(history)).toEqual({ valid: true, events: history.length, head: decided.timelineHead.hash });
    // Final: no further investigation.
    expect(apply(decided, CULTURE, body('record_inspection'))).toEqual(conflictOf(decided));
  });
});

describe('the other ends of an investigation', () => {
  it('close_no_violation resolves the case at no_violation, not against the respondent', () => {
    // Act
    const closed = accepted(investigating(), CULTURE, body('close_no_violation'));

    // Assess
    expect(closed).toMatchObject({ status: 'resolved', stage: 'no_violation', deadline: null });
    expect(closed.outcome).toMatchObject({ kind: 'no_violation', againstRespondent: false, agency: 'culture_tourism' });
  });

  it('transfer_to_police from an investigation transfers the case with a 3-day police clock; the police may read it then', () => {
    // Prepare
    const c = investigating();

    // Act
    const transferred = accepted(c, CULTURE, body('transfer_to_police', { reason: '涉嫌侵犯著作权罪' }));

    // Assess: 03-03 + 3 days = Friday 03-06.
    expect(transferred).toMatchObject({ status: 'transferred', stage: 'transferred_to_police' });
    expect(transferred.outcome).toMatchObject({ transferredTo: 'police', reason: '涉嫌侵犯著作权罪' });
    expect(transferred.deadline).toMatchObject({ kind: 'police_decision', dueAt: endOf('2026-03-06') });
    expect(transferred.transferredFrom).toMatchObject({ status: 'in_progress', stage: 'investigating' });
    expect(canReadCase(POLICE, c)).toBe(false);
    expect(canReadCase(POLICE, transferred)).toBe(true);
  });

  it('a transfer the police declined resumes the investigation where it left off', () => {
    // Prepare
    const transferred = accepted(investigating(), CULTURE, body('transfer_to_police'));
    const declined = accepted(transferred, POLICE, body('record_police_decision', { accepted: false, reason: '不构成犯罪' }));

    // Act
    const resumed = accepted(declined, CULTURE, body('resume'));

    // Assess: the same day, the same days left: still due 06-01.
    expect(resumed).toMatchObject({ status: 'in_progress', stage: 'investigating', outcome: null });
    expect(resumed.deadline).toMatchObject({ kind: 'enforcement_decision', dueAt: endOf('2026-06-01') });
  });

  it('transfer_to_police before the case is filed is a conflict', () => {
    const c = claimed(queuedCopyrightCase(), CULTURE);
    expect(apply(c, CULTURE, body('transfer_to_police'))).toEqual(conflictOf(c));
  });

  it('issue_penalty and close_no_violation before the case is filed are conflicts', () => {
    const c = claimed(queuedCopyrightCase(), CULTURE);
    expect(apply(c, CULTURE, body('issue_penalty'))).toEqual(conflictOf(c));
    expect(apply(c, CULTURE, body('close_no_violation'))).toEqual(conflictOf(c));
  });

  it('reject_filing at filing review rejects the lead with the reason', () => {
    const rejected = accepted(claimed(queuedCopyrightCase(), CULTURE), CULTURE, body('reject_filing', { reason: '不属于本部门管辖' }));
    expect(rejected).toMatchObject({ status: 'rejected', deadline: null });
    expect(rejected.outcome).toMatchObject({ kind: 'rejected', reason: '不属于本部门管辖' });
  });
});

describe('extending the decision clock with approval (SPEC §4 v2, §12)', () => {
  it('is requested by the officer and, approved by the supervisor, extends the 90-day clock by the days asked', () => {
    // Prepare
    const requested = accepted(investigating(), CULTURE, body('request_extension', { days: 30 }));

    // Act
    const approved = accepted(requested, SUPERVISOR, body('approve_extension'));

    // Assess: 06-01 + 30 days = Wednesday 07-01.
    expect(requested.extensionRequest).toMatchObject({ status: 'pending', requestedBy: 'e-1', days: 30 });
    expect(requested.deadline).toEqual(investigating().deadline);
    expect(approved.deadline).toEqual({
      kind: 'enforcement_decision',
      dueAt: endOf('2026-07-01'),
      overdue: false,
      extended: true,
      startedOn: '2026-03-03',
      extension: { unit: 'calendar_days', amount: 30 },
    });
    expect(approved.extensionRequest).toMatchObject({ status: 'approved', decidedBy: SUPERVISOR.sub });
  });

  it('refuses more days than the configured 30 (invalid on days), and leaves the clock when denied', () => {
    // Prepare
    const c = investigating();

    // Act
    const tooLong = apply(c, CULTURE, body('request_extension', { days: 31 }));
    const denied = accepted(accepted(c, CULTURE, body('request_extension', { days: 10 })), SUPERVISOR, body('deny_extension'));

    // Assess
    expect(tooLong).toEqual({ ok: false, error: { kind: 'invalid', path: 'days', message: 'deadline.extension_too_long' } });
    expect(denied.deadline).toEqual(c.deadline);
    expect(denied.extensionRequest).toMatchObject({ status: 'denied' });
  });

  it('extends the filing clock too, at filing review', () => {
    // Prepare: due Monday 03-23.
    const c = claimed(queuedCopyrightCase(), CULTURE);

    // Act: 03-23 + 10 days = Thursday 04-02, inside the 15 working days the configured extension allows.
    const approved = accepted(accepted(c, CULTURE, body('request_extension', { days: 10 })), SUPERVISOR, body('approve_extension'));

    // Assess
    expect(approved.deadline).toMatchObject({ kind: 'enforcement_filing', dueAt: endOf('2026-04-02'), extended: true });
  });

  it('may not be requested by the supervisor nor approved by an officer', () => {
    const c = investigating();
    expect(apply(c, SUPERVISOR, body('request_extension'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
    const requested = accepted(c, CULTURE, body('request_extension', { days: 5 }));
    expect(apply(requested, CULTURE, body('approve_extension'))).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });
});

describe('escalation into administrative enforcement', () => {
  it('takes a failed copyright mediation to culture and tourism’s filing review', () => {
    // Prepare
    const failed = caseAt('mediation', SCRIPTS.mediationFailed, {
      patch: (c) => {
        c.right = { ...COPYRIGHT };
      },
    });

    // Act
    const result = apply(
      failed,
      handler('mediation'),
      body('escalate', { toPath: 'administrative_enforcement', reason: '调解不成，请求行政查处' }),
    );

    // Assess
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.case).toMatchObject({ path: 'administrative_enforcement', status: 'queued', stage: 'filing_review', assignee: null });
    expect(result.case.enforcement).toEqual({ agency: 'culture_tourism', matter: 'copyright' });
    expect(result.case.deadline).toMatchObject({ kind: 'enforcement_filing', dueAt: endOf('2026-03-24') });
    expect(result.event.data).toMatchObject({ fromPath: 'mediation', agency: 'culture_tourism' });
    expect(claim(result.case, { caller: MARKET, now: T1 })).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(claim(result.case, { caller: CULTURE, now: T1 }).ok).toBe(true);
  });

  it('refuses to take a patent dispute from mediation to enforcement (a conflict): patent disputes stay on adjudication', () => {
    // Prepare: the template complaint is a patent.
    const failed = caseAt('mediation', SCRIPTS.mediationFailed);

    // Act
    const result = apply(failed, handler('mediation'), body('escalate', { toPath: 'administrative_enforcement' }));

    // Assess
    expect(result).toEqual(conflictOf(failed));
    expect(reasonOf(result)).toBe('escalation.patent_dispute');
  });

  it('lets an adjudication officer send a patent case to enforcement as passing off, for market regulation', () => {
    // Prepare
    const review = caseAt('administrative_adjudication', []);

    // Act
    const moved = accepted(review, handler('administrative_adjudication'), body('escalate', { toPath: 'administrative_enforcement' }));

    // Assess
    expect(moved).toMatchObject({ path: 'administrative_enforcement', stage: 'filing_review', status: 'queued' });
    expect(moved.enforcement).toEqual({ agency: 'market_regulation', matter: 'patent_passing_off' });
  });

  it('lets an enforcement officer send a lead at filing review to mediation, which drops the officers’ hold on it', () => {
    // Prepare
    const c = claimed(queuedCopyrightCase(), CULTURE);

    // Act
    const moved = accepted(c, CULTURE, body('escalate', { toPath: 'mediation', reason: '当事人同意调解' }));

    // Assess
    expect(moved).toMatchObject({ path: 'mediation', stage: 'awaiting_consent', status: 'queued', assignee: null });
    expect(canReadCase(CULTURE, moved)).toBe(false);
  });
});

describe('the deadline sweeps and a paused clock', () => {
  it('markOverdue leaves a paused clock alone past its due day, and flags it once it runs again past the moved day', () => {
    // Prepare: due 06-01; paused 03-05.
    const paused = accepted(investigating(), CULTURE, body('pause_clock'), tenAm('2026-03-05'));
    const running = investigating();

    // Act
    const whilePaused = markOverdue(paused, tenAm('2026-06-10'));
    const whileRunning = markOverdue(running, tenAm('2026-06-10'));

    // Assess
    expect(whilePaused).toBeNull();
    expect(whileRunning?.case.flags.overdue).toBe(true);
    // Resumed 06-10: 97 days not counted, due 06-01 + 97 = Monday 09-07; overdue only after it.
    const resumed = accepted(paused, CULTURE, body('resume_clock'), tenAm('2026-06-10'));
    expect(resumed.deadline?.dueAt).toBe(endOf('2026-09-07'));
    expect(markOverdue(resumed, tenAm('2026-09-07'))).toBeNull();
    expect(markOverdue(resumed, tenAm('2026-09-08'))?.case.flags.overdue).toBe(true);
  });

  it('remindDueSoon does not remind of a paused clock due the next working day', () => {
    // Prepare: the filing clock is due Monday 03-23; the day before it is Friday 03-20.
    const c = claimed(queuedCopyrightCase(), CULTURE);
    const paused = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-19'));

    // Act + Assess
    expect(remindDueSoon(c, tenAm('2026-03-20'), SHIPPED_CALENDAR)?.event.type).toBe('deadline_due_soon');
    expect(remindDueSoon(paused, tenAm('2026-03-20'), SHIPPED_CALENDAR)).toBeNull();
  });

  it('refuses to pause a clock that ran out (a conflict)', () => {
    // Prepare: the filing clock due 03-23, not yet swept.
    const c = claimed(queuedCopyrightCase(), CULTURE);

    // Act
    const result = apply(c, CULTURE, body('pause_clock'), tenAm('2026-03-24'));

    // Assess
    expect(result).toEqual(conflictOf(c));
    expect(reasonOf(result)).toBe('deadline.overdue');
  });
});

describe('the respondent on an enforcement case (SPEC §10)', () => {
  it('is invited once the case is under investigation, not at filing review', () => {
    const review = claimed(queuedCopyrightCase(), CULTURE);
    expect(apply(review, CULTURE, body('invite_respondent'))).toEqual(conflictOf(review));
    const invited = accepted(investigating(), CULTURE, body('invite_respondent'));
    expect(invited.invitation).toMatchObject({ channels: ['email'] });
  });
});

describe('an enforcement case played as a script', () => {
  it('runs from the queue to no violation with the claim and actions of one culture-and-tourism officer', () => {
    const { case: c } = drive(queuedCopyrightCase(), [
      { caller: CULTURE, claim: true, now: T0 },
      { caller: CULTURE, input: ACCEPT_FILING_WITH_CO },
      { caller: CULTURE, input: body('close_no_violation') },
    ]);
    expect(c).toMatchObject({ status: 'resolved', stage: 'no_violation', assignee: 'e-1' });
  });
});

describe('clocks that are paused, extended, transferred or left (the review’s findings)', () => {
  it('keeps a paused clock paused, and its paused days counted, when an extension is approved; a recount agrees', () => {
    // Prepare: filed 03-03 (due 06-01), paused 03-10 to 03-20 (10 days), paused again 04-01; extension requested.
    let c = investigating();
    c = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-10'));
    c = accepted(c, CULTURE, body('resume_clock'), tenAm('2026-03-20'));
    c = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-04-01'));
    c = accepted(c, CULTURE, body('request_extension', { days: 30 }), tenAm('2026-04-01'));

    // Act
    const approved = accepted(c, SUPERVISOR, body('approve_extension'), tenAm('2026-04-02'));

    // Assess: still paused since 04-01, the 10 days kept, and the day a recount gives.
    expect(approved.deadline).toMatchObject({ extended: true, paused: { since: '2026-04-01' }, suspended: 10 });
    expect(recomputeDeadline(approved.deadline!, SHIPPED_CALENDAR).dueAt).toBe(approved.deadline!.dueAt);
    expect(accepted(approved, CULTURE, body('resume_clock'), tenAm('2026-04-03')).deadline).toMatchObject({ suspended: 12 });
  });

  it('counts two pauses over a weekend to the day a recount gives (not shifted twice over the roll-over)', () => {
    // Prepare: filed 03-03, decision due 06-01.
    let c = investigating();
    c = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-10'));
    c = accepted(c, CULTURE, body('resume_clock'), tenAm('2026-03-15'));
    c = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-20'));

    // Act
    const resumed = accepted(c, CULTURE, body('resume_clock'), tenAm('2026-03-21'));

    // Assess: 6 days not counted from the 06-01 clock: 06-07, a Sunday → 06-08.
    expect(resumed.deadline).toMatchObject({ suspended: 6, dueAt: endOf('2026-06-08') });
    expect(recomputeDeadline(resumed.deadline!, SHIPPED_CALENDAR).dueAt).toBe(resumed.deadline!.dueAt);
  });

  it('lets the filing clock and then the decision clock each be extended once (one request per clock)', () => {
    // Prepare: a filing extension asked and granted at filing review.
    let c = claimed(queuedCopyrightCase(), CULTURE);
    c = accepted(c, CULTURE, body('request_extension', { days: 5 }));
    c = accepted(c, SUPERVISOR, body('approve_extension'));
    expect(reasonOf(apply(c, CULTURE, body('request_extension', { days: 5 })))).toBe('extension.already_requested');
    c = accepted(c, CULTURE, ACCEPT_FILING_WITH_CO);

    // Act
    const asked = accepted(c, CULTURE, body('request_extension', { days: 20 }));

    // Assess
    expect(asked.extensionRequest).toMatchObject({ status: 'pending', clock: 'enforcement_decision', days: 20 });
  });

  it('lets a pending request lapse when the clock it asked about ends: filed meanwhile, or escalated away', () => {
    // Prepare: a filing extension pending, then the case is filed.
    const pending = accepted(claimed(queuedCopyrightCase(), CULTURE), CULTURE, body('request_extension', { days: 5 }));
    const filed = accepted(pending, CULTURE, ACCEPT_FILING_WITH_CO);

    // Act + Assess: the supervisor cannot extend the decision clock by what was asked for the filing clock.
    expect(reasonOf(apply(filed, SUPERVISOR, body('approve_extension')))).toBe('extension.clock_ended');
    // Escalated to mediation at filing review, the request goes with the clock it was for.
    const escalated = accepted(pending, CULTURE, body('escalate', { toPath: 'mediation' }));
    expect(escalated.extensionRequest).toBeNull();
  });

  it('counts a paused clock sent to the police from its pause: resumed after a decline, the days left then are what is left', () => {
    // Prepare: filed 03-03 (due 06-01), paused 03-05, transferred 03-10, declined and resumed 03-20.
    let c = investigating();
    c = accepted(c, CULTURE, body('pause_clock'), tenAm('2026-03-05'));
    c = accepted(c, CULTURE, body('transfer_to_police'), tenAm('2026-03-10'));
    c = accepted(c, POLICE, { action: 'record_police_decision', accepted: false, reason: '不构成犯罪' }, tenAm('2026-03-12'));

    // Act
    const resumed = accepted(c, CULTURE, body('resume'), tenAm('2026-03-20'));

    // Assess: 88 days were left on 03-05; from 03-20 they run to 06-16, a Tuesday. Nothing is paused any more.
    expect(c.transferredFrom?.remainingDays).toBe(88);
    expect(resumed.deadline).toMatchObject({ dueAt: endOf('2026-06-16'), overdue: false });
    expect(resumed.deadline?.paused).toBeUndefined();
    expect(reasonOf(apply(resumed, CULTURE, body('resume_clock'), tenAm('2026-03-25')))).toBe('deadline.not_paused');
  });
});
