// The case lifecycle (SPEC §4) as data: for every action, who may take it and from which path ·
// stage or status; then what it does. `act` checks in the order the API promises — who (403),
// version (409 stale), state (409 with the current status and stage), guards — and returns the
// new case with exactly one timeline event, or an error value the HTTP edge maps.

import { createHash } from 'node:crypto';
import type { ActionInput, ActionName } from './actions.schema.ts';
import {
  computeDeadline,
  extendDeadlineByDays,
  firstDeadlineOnQueueing,
  pauseDeadline,
  resumeDeadline,
  type DeadlineRules,
} from './deadlines.ts';
import { enforcementOfComplaint } from './agencies.ts';
import { addCalendarDays, addWorkingDays, cstDate, endOfCstDay, rollOverToWorkingDay, type Calendar } from './calendar.ts';
import {
  FIRST_STAGE,
  isFinal,
  type Agreement,
  type Case,
  type CaseStatus,
  type Deadline,
  type PartySide,
  type SupervisionClock,
  type TransferredFrom,
} from './model.ts';
import {
  isAssignedHandler,
  isHandlerOfPath,
  mayPostToChannel,
  MESSAGE_EVENT,
  partySide,
  type Caller,
  type MessageChannel,
} from './access.ts';
import type { Evidence } from './model.ts';
import { ACTION_RULES, allowedFrom, isParty, transferredToPolice } from './action-rules.ts';
import { priorityOf } from './routing.ts';
import { appendEvents, type TimelineEvent } from './timeline.ts';

// The table lives in action-rules.ts (no Node built-ins: the browser pages read it too).
export {
  ACTION_RULES,
  allowedFrom,
  isAssignedHandler,
  isParty,
  policeDeclined,
  transferredToPolice,
  type ActionRule,
  type From,
  type Party,
} from './action-rules.ts';

/** Evidence a case may carry in all, complaint included. */
export const MAX_EVIDENCE = 200;

export type ActionError =
  | { kind: 'forbidden' }
  | { kind: 'stale'; version: number }
  | { kind: 'conflict'; reason: string; status: CaseStatus; stage: string | null; version: number }
  | { kind: 'invalid'; path: string; message: string };

export interface ActionContext {
  caller: Caller;
  now: Date;
  calendar: Calendar;
  rules: DeadlineRules;
}

export type ActionResult = { ok: true; case: Case; event: TimelineEvent } | { ok: false; error: ActionError };

/** How long an invitation code is valid (SPEC §10). */
export const INVITATION_VALID_DAYS = 15;

/** What an action changes, and what its timeline event records beyond the input. */
interface Effect {
  changes: Partial<Case>;
  data?: Record<string, unknown>;
  /** Input fields the event does not record (an invitee's contact: every reader of the case reads the timeline). */
  hide?: readonly string[];
}
type Apply<A extends ActionName> = (c: Case, input: Extract<ActionInput, { action: A }>, ctx: ActionContext) => Effect | ActionError;

const clock = (kind: Parameters<typeof computeDeadline>[0], ctx: ActionContext): Deadline =>
  computeDeadline(kind, ctx.now, ctx.calendar, ctx.rules);

const outcome = (ctx: ActionContext, fields: Record<string, unknown>) => ({ at: ctx.now.toISOString(), ...fields });

function conflict(c: Case, reason: string): ActionError {
  return { kind: 'conflict', reason, status: c.status, stage: c.stage, version: c.version };
}

function escalate(c: Case, input: Extract<ActionInput, { action: 'escalate' }>, ctx: ActionContext): Effect | ActionError {
  const { toPath } = input;
  if (toPath === c.path) return conflict(c, 'escalation.same_path');
  if (toPath === 'administrative_adjudication' && c.complaint.right.kind !== 'patent') {
    return conflict(c, 'escalation.patent_required');
  }
  // Patent disputes stay on adjudication (SPEC §12); an adjudication officer may find passing off instead.
  if (toPath === 'administrative_enforcement' && c.complaint.right.kind === 'patent' && c.path !== 'administrative_adjudication') {
    return conflict(c, 'escalation.patent_dispute');
  }
  const agreement = input.arbitrationAgreement ?? c.complaint.arbitrationAgreement;
  if (toPath === 'arbitration' && !agreement) {
    return { kind: 'invalid', path: 'arbitrationAgreement', message: 'escalation.agreement_required' };
  }
  return {
    changes: {
      path: toPath,
      stage: FIRST_STAGE[toPath],
      status: 'queued',
      assignee: null,
      deadline: firstDeadlineOnQueueing(toPath, ctx.now, ctx.calendar, ctx.rules),
      complaint: input.arbitrationAgreement ? { ...c.complaint, arbitrationAgreement: input.arbitrationAgreement } : c.complaint,
      ...(toPath === 'administrative_enforcement' ? { enforcement: enforcementOfComplaint(c.complaint) } : {}),
      // A request to extend the clock of the path it leaves lapses with that clock.
      ...(c.extensionRequest?.status === 'pending' ? { extensionRequest: null } : {}),
    },
    data: { fromPath: c.path, ...(toPath === 'administrative_enforcement' ? { agency: enforcementOfComplaint(c.complaint).agency } : {}) },
  };
}

/** The clocks an approved request may extend (SPEC §4 v2, §12). */
const EXTENDABLE_WITH_APPROVAL = ['adjudication_decision', 'enforcement_filing', 'enforcement_decision'] as const;

/**
 * Filing a case. On enforcement (SPEC §12) the lead becomes a case under investigation by at least
 * two officers: the assignee and the co-investigator it names; the 90-day decision clock starts.
 */
function acceptFiling(c: Case, input: Extract<ActionInput, { action: 'accept_filing' }>, ctx: ActionContext): Effect | ActionError {
  if (c.path !== 'administrative_enforcement') {
    if (input.coInvestigator !== undefined) return invalid('coInvestigator', 'enforcement.co_investigator_only_enforcement');
    return { changes: { stage: 'filed', deadline: clock('adjudication_decision', ctx) } };
  }
  if (!input.coInvestigator) return invalid('coInvestigator', 'enforcement.two_officers_required');
  if (input.coInvestigator === ctx.caller.sub) return invalid('coInvestigator', 'enforcement.co_investigator_is_caller');
  const enforcement = { ...c.enforcement!, investigators: [ctx.caller.sub, input.coInvestigator] };
  return { changes: { stage: 'investigating', deadline: clock('enforcement_decision', ctx), enforcement } };
}

/** An on-site inspection record (SPEC §12): kept on the case, named by its event's seq. */
function recordInspection(c: Case, input: Extract<ActionInput, { action: 'record_inspection' }>): Effect | ActionError {
  const officers = [...new Set(input.officers)];
  if (officers.length < 2) return invalid('officers', 'enforcement.two_officers_required');
  const record = { seq: c.timelineHead.seq + 1, at: input.at, officers, evidenceSha256: input.evidenceSha256 };
  const enforcement = { ...c.enforcement!, inspections: [...(c.enforcement?.inspections ?? []), record] };
  return { changes: { enforcement } };
}

function pauseClock(c: Case, input: Extract<ActionInput, { action: 'pause_clock' }>, ctx: ActionContext): Effect | ActionError {
  if (!c.deadline) return conflict(c, 'deadline.none');
  const paused = pauseDeadline(c.deadline, input.reason, ctx.now);
  return paused.ok ? { changes: { deadline: paused.deadline } } : conflict(c, paused.error);
}

function resumeClock(c: Case, ctx: ActionContext): Effect | ActionError {
  if (!c.deadline) return conflict(c, 'deadline.none');
  const resumed = resumeDeadline(c.deadline, ctx.now, ctx.calendar, ctx.rules);
  if (!resumed.ok) return conflict(c, resumed.error);
  return { changes: { deadline: resumed.deadline }, data: { daysNotCounted: resumed.days, previousDeadline: c.deadline } };
}

const consent = (consented: boolean): Effect => ({
  changes: { stage: consented ? 'consented' : 'failed', ...(consented ? {} : { deadline: null }) },
});

const OTHER_SIDE: Record<PartySide, PartySide> = { complainant: 'respondent', respondent: 'complainant' };

/** SHA-256 of the terms as stored: what each party signs (SPEC §10). */
export const termsSha256 = (terms: string): string => createHash('sha256').update(terms, 'utf8').digest('hex');

function invite(c: Case, input: Extract<ActionInput, { action: 'invite_respondent' }>, ctx: ActionContext): Effect | ActionError {
  if (c.respondentParty) return conflict(c, 'invitation.already_joined');
  const channels = [...(input.contact.email ? (['email'] as const) : []), ...(input.contact.phone ? (['sms'] as const) : [])];
  const expiresAt = new Date(ctx.now.getTime() + INVITATION_VALID_DAYS * 86_400_000).toISOString();
  // The invitation is named by its event's seq: the code is derived from it (functions/lib/invitations.ts).
  const invitation = { seq: c.timelineHead.seq + 1, invitedAt: ctx.now.toISOString(), expiresAt, channels };
  return { changes: { invitation }, data: { invitation: { expiresAt, channels } }, hide: ['contact'] };
}

/**
 * One party's signature, online or recorded from paper. The terms' hash must match what was
 * recorded (a party signs what it read); each side signs once.
 */
function sign(c: Case, side: PartySide, signature: Agreement['signatures'][PartySide], termsHash?: string): Effect | ActionError {
  if (!c.agreement) return conflict(c, 'agreement.no_terms_hash');
  if (termsHash !== undefined && termsHash !== c.agreement.termsSha256) return conflict(c, 'agreement.terms_mismatch');
  if (c.agreement.signatures[side]) return conflict(c, 'agreement.already_signed');
  const signatures = { ...c.agreement.signatures, [side]: signature };
  return {
    changes: { agreement: { ...c.agreement, signatures } },
    data: { side, signedByBoth: signatures.complainant !== null && signatures.respondent !== null },
  };
}

const signedByBoth = (a: Agreement): boolean => a.signatures.complainant !== null && a.signatures.respondent !== null;

/**
 * The request for judicial confirmation (SPEC §4, §10). The handler's request goes to the court at
 * once, as does the complainant's while the respondent is not online (v1). Once the respondent has
 * joined, the application is joint: each party's request records its half of it — possible only for
 * an agreement both have signed — and the second half sends it to the court.
 */
function requestConfirmation(c: Case, ctx: ActionContext): Effect | ActionError {
  const windowEnd = confirmationWindowEnd(c, ctx);
  if (windowEnd !== null && ctx.now.getTime() > Date.parse(windowEnd)) return conflict(c, 'window_closed');
  const toCourt = (data?: Record<string, unknown>, agreement?: Agreement): Effect => ({
    changes: {
      status: 'awaiting_confirmation',
      stage: 'judicial_confirmation_requested',
      deadline: clock('court_confirmation', ctx),
      ...(agreement ? { agreement } : {}),
    },
    ...(data ? { data } : {}),
  });
  const side = partySide(ctx.caller, c);
  if (isAssignedHandler(ctx.caller, c) || side === null || !c.respondentParty || !c.agreement) return toCourt();
  if (!signedByBoth(c.agreement)) return conflict(c, 'agreement.not_signed_by_both');
  if (c.agreement.applications[side]) return conflict(c, 'agreement.already_applied');
  const agreement: Agreement = { ...c.agreement, applications: { ...c.agreement.applications, [side]: ctx.now.toISOString() } };
  if (agreement.applications[OTHER_SIDE[side]]) return toCourt({ side, joint: true }, agreement);
  return { changes: { agreement }, data: { side, awaiting: OTHER_SIDE[side] } };
}

/**
 * The end of the window for a judicial confirmation request (SPEC §6: 30 days from the agreement):
 * the case's own clock while it runs, else counted from the agreement; null for neither.
 */
function confirmationWindowEnd(c: Case, ctx: ActionContext): string | null {
  if (c.deadline?.kind === 'judicial_confirmation_request') return c.deadline.dueAt;
  if (!c.agreement) return null;
  return computeDeadline('judicial_confirmation_request', new Date(c.agreement.recordedAt), ctx.calendar, ctx.rules).dueAt;
}

const invalid = (path: string, message: string): ActionError => ({ kind: 'invalid', path, message });

/**
 * A clock extended by `days` calendar days (extendDeadlineByDays): once, and no longer than the
 * kind's configured extension — a longer period is the request's fault (400 on `days`).
 */
function extendedBy(c: Case, days: number, ctx: ActionContext, kinds: readonly string[]): Deadline | ActionError {
  if (!c.deadline || !kinds.includes(c.deadline.kind)) return conflict(c, 'deadline.not_extendable');
  const extended = extendDeadlineByDays(c.deadline, days, ctx.calendar, ctx.rules);
  if (extended.ok) return extended.deadline;
  return extended.error === 'deadline.extension_too_long' ? invalid('days', extended.error) : conflict(c, extended.error);
}

const isError = (value: Deadline | ActionError): value is ActionError => 'kind' in value && !('dueAt' in value);

/**
 * SPEC §4 v2, §6: mediation extended by both parties' consent. The complainant's is stated by the
 * handler (it filed and chose mediation; it tells its mediator). The respondent's is its own
 * `consent_extension` once it has joined (§10) — the handler may then not state it — and the
 * handler's statement while it is not online. One consent extends once.
 */
function extendMediation(c: Case, input: Extract<ActionInput, { action: 'extend_mediation' }>, ctx: ActionContext): Effect | ActionError {
  if (c.respondentParty) {
    if (input.respondentConsent !== undefined) return invalid('respondentConsent', 'extension.respondent_consents_itself');
    if (!c.extensionConsent) return conflict(c, 'extension.respondent_consent_missing');
  } else if (input.respondentConsent !== true) {
    return invalid('respondentConsent', 'extension.respondent_consent_required');
  }
  const deadline = extendedBy(c, input.days, ctx, ['mediation_outcome']);
  if (isError(deadline)) return deadline;
  const respondent = c.extensionConsent && c.respondentParty ? { consentSeq: c.extensionConsent.seq } : 'stated_by_handler';
  return {
    changes: { deadline, flags: { ...c.flags, overdue: false }, extensionConsent: null },
    data: { consent: { complainant: 'stated_by_handler', respondent }, previousDeadline: c.deadline },
  };
}

function requestExtension(c: Case, input: Extract<ActionInput, { action: 'request_extension' }>, ctx: ActionContext): Effect | ActionError {
  // One request per clock: an enforcement case may ask once for its filing clock and once for its decision clock (SPEC §12).
  const previous = c.extensionRequest;
  if (previous && (previous.status === 'pending' || (previous.clock ?? 'adjudication_decision') === c.deadline?.kind)) {
    return conflict(c, 'extension.already_requested');
  }
  // Checked now, so the supervisor is never asked to approve what could not be granted.
  const deadline = extendedBy(c, input.days, ctx, EXTENDABLE_WITH_APPROVAL);
  if (isError(deadline)) return deadline;
  const at = ctx.now.toISOString();
  return {
    changes: {
      extensionRequest: {
        seq: c.timelineHead.seq + 1,
        days: input.days,
        clock: c.deadline!.kind,
        requestedAt: at,
        requestedBy: ctx.caller.sub,
        status: 'pending',
        decidedAt: null,
        decidedBy: null,
      },
    },
  };
}

/** The supervisor decides the pending request; the approver is the caller, never a typed name, and not the requester. */
function decideExtension(c: Case, approve: boolean, ctx: ActionContext): Effect | ActionError {
  const request = c.extensionRequest;
  if (request?.status !== 'pending') return conflict(c, 'extension.none_pending');
  if (request.requestedBy === ctx.caller.sub) return conflict(c, 'extension.self_approval');
  // The clock it asked about has ended (the case was filed meanwhile): nothing left to extend.
  if (request.clock !== undefined && request.clock !== c.deadline?.kind) return conflict(c, 'extension.clock_ended');
  const decided = {
    ...request,
    status: approve ? ('approved' as const) : ('denied' as const),
    decidedAt: ctx.now.toISOString(),
    decidedBy: ctx.caller.sub,
  };
  const data = { requestSeq: request.seq, days: request.days };
  if (!approve) return { changes: { extensionRequest: decided }, data };
  const deadline = extendedBy(c, request.days, ctx, EXTENDABLE_WITH_APPROVAL);
  if (isError(deadline)) return deadline;
  return {
    changes: { deadline, flags: { ...c.flags, overdue: false }, extensionRequest: decided },
    data: { ...data, previousDeadline: c.deadline },
  };
}

/** Where a case stood when transferred to the police, with the whole days left on its clock. */
function transferredFrom(c: Case, now: Date): TransferredFrom {
  const deadline = c.deadline;
  if (!deadline) return { status: c.status, stage: c.stage, deadline: null, remainingDays: null };
  // A paused clock (SPEC §12) stopped counting on its pause's day: what was left then is what is left.
  const countedTo = deadline.paused ? deadline.paused.since : cstDate(now);
  const left = (Date.parse(endOfCstDay(cstDate(new Date(deadline.dueAt)))) - Date.parse(endOfCstDay(countedTo))) / 86_400_000;
  return { status: c.status, stage: c.stage, deadline, remainingDays: deadline.overdue ? 0 : Math.max(0, Math.round(left)) };
}

/**
 * SPEC §4 v2: the police declined the transfer; the case goes back to its handler at the stage it
 * left, with the days its clock had left counted again from today (rolled over to a working day).
 * A clock that had run out stays as it was (overdue, or flagged by the next sweep). A transfer
 * recorded before v2 kept no stage: it resumes at `filed` with a new decision clock.
 */
function resume(c: Case, ctx: ActionContext): Effect {
  const from = c.transferredFrom;
  let deadline: Deadline | null;
  if (!from) deadline = clock('adjudication_decision', ctx);
  else if (!from.deadline || from.remainingDays === null) deadline = null;
  else if (from.remainingDays === 0) {
    // Run out: it stays so (a pause cannot keep it from falling due once the case is back).
    const { paused: _p, ...ranOut } = from.deadline;
    deadline = ranOut;
  } else {
    // Counted afresh from today: no pause carries over (the days it stood were not counted above).
    const { reminded: _r, startedOn: _s, extension: _e, paused: _p, suspended: _u, ...rest } = from.deadline;
    const due = rollOverToWorkingDay(addCalendarDays(cstDate(ctx.now), from.remainingDays), ctx.calendar);
    deadline = { ...rest, dueAt: endOfCstDay(due.date), overdue: false, ...(due.calendarIncomplete ? { calendarIncomplete: true } : {}) };
  }
  return {
    changes: {
      status: 'in_progress',
      stage: from?.stage ?? 'filed',
      deadline,
      flags: { ...c.flags, overdue: deadline?.overdue === true },
      outcome: null,
      transferredFrom: null,
    },
    data: { policeDecision: c.outcome?.['policeDecision'] ?? null, remainingDays: from?.remainingDays ?? null },
  };
}

/** A new supervision clock named by the seq of the event that opens it. */
function openSupervision(c: Case, kind: SupervisionClock['kind'], dueAt: string): Partial<Case> {
  const entry: SupervisionClock = { seq: c.timelineHead.seq + 1, kind, dueAt, overdue: false, repliedAt: null };
  return { supervision: [...(c.supervision ?? []), entry] };
}

/** Whether any supervision clock is overdue and unanswered: the case flag that raises its priority. */
const supervisionOverdue = (clocks: readonly SupervisionClock[]): boolean => clocks.some((s) => s.overdue && s.repliedAt === null);

/** The handler's reply to an order or opinion: closes its clock (late or not, the event says). */
function replyTo(c: Case, kind: SupervisionClock['kind'], seq: number, ctx: ActionContext): Effect | ActionError {
  const clocks = c.supervision ?? [];
  const target = clocks.find((s) => s.kind === kind && s.seq === seq);
  // A well-formed seq naming no order (or opinion) of this case: the case's state refuses it, as for a stage.
  if (!target) return conflict(c, kind === 'order' ? 'supervision.unknown_order' : 'supervision.unknown_opinion');
  if (target.repliedAt !== null) return conflict(c, 'supervision.already_replied');
  const at = ctx.now.toISOString();
  const supervision = clocks.map((s) => (s === target ? { ...s, repliedAt: at } : s));
  return {
    changes: { supervision, flags: { ...c.flags, supervisionOverdue: supervisionOverdue(supervision) } },
    data: { late: target.overdue || ctx.now.getTime() > Date.parse(target.dueAt) },
  };
}

const EFFECTS: { [A in ActionName]: Apply<A> } = {
  record_consent: (_c, i) => consent(i.consented),
  schedule_session: () => ({ changes: { stage: 'session_scheduled' } }),
  record_agreement: (_c, i, ctx) => {
    const hash = termsSha256(i.terms);
    const agreement: Agreement = {
      termsSha256: hash,
      recordedAt: ctx.now.toISOString(),
      signatures: { complainant: null, respondent: null },
      applications: { complainant: null, respondent: null },
    };
    return {
      changes: { stage: 'agreement_reached', deadline: clock('judicial_confirmation_request', ctx), agreement },
      data: { termsSha256: hash },
    };
  },
  record_failure: () => ({ changes: { stage: 'failed', deadline: null } }),
  request_judicial_confirmation: (c, _i, ctx) => requestConfirmation(c, ctx),
  record_judicial_confirmation: (c, i, ctx) =>
    i.confirmed
      ? {
          changes: {
            status: 'resolved',
            stage: 'judicially_confirmed',
            deadline: null,
            outcome: outcome(ctx, {
              kind: 'judicially_confirmed_agreement',
              rulingNumber: i.rulingNumber ?? null,
              againstRespondent: true,
            }),
          },
        }
      : // Refused: back to the mediator. If nobody holds the case (released while awaiting the
        // court), it returns to the work queue rather than sit in progress with no one on it.
        { changes: { status: c.assignee ? 'in_progress' : 'queued', stage: 'failed', deadline: null } },
  close: (c, i, ctx) => {
    const agreed = c.stage === 'agreement_reached';
    return {
      changes: {
        status: 'resolved',
        stage: agreed ? 'closed_with_agreement' : 'closed_without_agreement',
        deadline: null,
        outcome: outcome(ctx, {
          kind: agreed ? 'mediation_agreement' : 'mediation_failed',
          againstRespondent: agreed,
          reason: i.reason ?? null,
        }),
      },
    };
  },
  escalate,
  transfer_to_litigation: (_c, i, ctx) => ({
    changes: {
      status: 'transferred',
      stage: 'transferred_to_litigation',
      deadline: null,
      outcome: outcome(ctx, { kind: 'transferred', transferredTo: 'litigation', reason: i.reason }),
    },
  }),
  accept: (c, _i, ctx) => ({
    changes: { stage: 'accepted', deadline: c.path === 'notarization' ? clock('notarization_certificate', ctx) : null },
  }),
  reject: (_c, i, ctx) => ({
    changes: { status: 'rejected', stage: 'rejected', deadline: null, outcome: outcome(ctx, { kind: 'rejected', reason: i.reason }) },
  }),
  schedule_hearing: () => ({ changes: { stage: 'hearing_scheduled' } }),
  issue_award: (_c, i, ctx) => ({
    changes: {
      status: 'resolved',
      stage: 'award_issued',
      deadline: null,
      outcome: outcome(ctx, {
        kind: 'award',
        awardNumber: i.awardNumber,
        infringementFound: i.infringementFound,
        amountCny: i.amountCny ?? null,
        againstRespondent: i.infringementFound,
      }),
    },
  }),
  record_preservation: () => ({ changes: { stage: 'evidence_preserved' } }),
  issue_certificate: (_c, i, ctx) => ({
    changes: {
      status: 'resolved',
      stage: 'certificate_issued',
      deadline: null,
      outcome: outcome(ctx, { kind: 'notarial_certificate', certificateNumber: i.certificateNumber, againstRespondent: false }),
    },
  }),
  accept_filing: acceptFiling,
  reject_filing: (_c, i, ctx) => ({
    changes: {
      status: 'rejected',
      stage: 'filing_rejected',
      deadline: null,
      outcome: outcome(ctx, { kind: 'rejected', reason: i.reason }),
    },
  }),
  issue_decision: (_c, i, ctx) => ({
    changes: {
      status: 'resolved',
      stage: 'decision_issued',
      deadline: null,
      outcome: outcome(ctx, {
        kind: 'decision',
        decisionNumber: i.decisionNumber,
        infringementEstablished: i.infringementEstablished,
        orders: i.orders,
        againstRespondent: i.infringementEstablished,
      }),
    },
  }),
  transfer_to_police: (c, i, ctx) => ({
    changes: {
      transferredFrom: transferredFrom(c, ctx.now),
      status: 'transferred',
      stage: 'transferred_to_police',
      deadline: clock('police_decision', ctx),
      outcome: outcome(ctx, { kind: 'transferred', transferredTo: 'police', reason: i.reason, policeDecision: null }),
    },
  }),
  record_police_decision: (c, i, ctx) => ({
    changes: {
      deadline: null,
      outcome: { ...c.outcome, policeDecision: { accepted: i.accepted, reason: i.reason ?? null, at: ctx.now.toISOString() } },
    },
  }),
  withdraw: (_c, i, ctx) => ({
    changes: { status: 'withdrawn', deadline: null, outcome: outcome(ctx, { kind: 'withdrawn', reason: i.reason }) },
  }),
  add_evidence: (c, i, ctx) => {
    // The respondent's evidence is its own, not the complaint's: its events record it (hash-chained).
    if (partySide(ctx.caller, c) === 'respondent') return { changes: {}, data: { side: 'respondent' } };
    if (c.complaint.evidence.length + i.evidence.length > MAX_EVIDENCE) {
      return { kind: 'invalid', path: 'evidence', message: 'evidence.too_many' };
    }
    return { changes: { complaint: { ...c.complaint, evidence: [...c.complaint.evidence, ...i.evidence] } } };
  },
  release: () => ({ changes: { status: 'queued', assignee: null } }),
  reassign: (c, i) => ({ changes: { status: 'in_progress', assignee: i.assignee }, data: { previousAssignee: c.assignee } }),
  add_note: () => ({ changes: {} }),
  add_supervision_opinion: (c, i, ctx) => {
    if (!i.replyRequired) return { changes: {} };
    const { dueAt } = clock('supervision_opinion_reply', ctx);
    return { changes: openSupervision(c, 'opinion', dueAt), data: { replyDueAt: dueAt } };
  },
  invite_respondent: invite,
  respond_consent: (_c, i) => consent(i.consented),
  submit_statement: () => ({ changes: {} }),
  counter_notice: () => ({ changes: {} }),
  // The respondent's own consent (SPEC §10), kept until extend_mediation uses it.
  consent_extension: (c, _i, ctx) =>
    c.deadline?.extended
      ? conflict(c, 'deadline.already_extended')
      : { changes: { extensionConsent: { seq: c.timelineHead.seq + 1, at: ctx.now.toISOString() } } },
  sign_agreement: (c, i, ctx) => {
    const side = partySide(ctx.caller, c);
    return side ? sign(c, side, { at: ctx.now.toISOString(), mode: 'online' }, i.termsSha256) : { kind: 'forbidden' };
  },
  record_offline_signature: (c, i, ctx) => sign(c, i.party, { at: ctx.now.toISOString(), mode: 'offline', reference: i.reference }),
  extend_mediation: extendMediation,
  request_extension: requestExtension,
  approve_extension: (c, _i, ctx) => decideExtension(c, true, ctx),
  deny_extension: (c, _i, ctx) => decideExtension(c, false, ctx),
  resume: (c, _i, ctx) => resume(c, ctx),
  issue_supervision_order: (c, i, ctx) => {
    const due = Date.parse(i.dueAt);
    if (!(due > ctx.now.getTime())) return invalid('dueAt', 'supervision.due_not_in_future');
    const dueAt = new Date(due).toISOString();
    return { changes: openSupervision(c, 'order', dueAt), data: { dueAt } };
  },
  reply_supervision_order: (c, i, ctx) => replyTo(c, 'order', i.orderSeq, ctx),
  reply_supervision_opinion: (c, i, ctx) => replyTo(c, 'opinion', i.opinionSeq, ctx),
  record_inspection: (c, i) => recordInspection(c, i),
  issue_penalty: (c, i, ctx) => ({
    changes: {
      status: 'resolved',
      stage: 'penalty_decided',
      deadline: null,
      outcome: outcome(ctx, {
        kind: 'penalty',
        decisionNumber: i.decisionNumber,
        agency: c.enforcement?.agency ?? null,
        violation: i.violation,
        fineCny: i.fineCny ?? null,
        confiscation: i.confiscation ?? null,
        orders: i.orders,
        againstRespondent: true,
      }),
    },
  }),
  close_no_violation: (c, i, ctx) => ({
    changes: {
      status: 'resolved',
      stage: 'no_violation',
      deadline: null,
      outcome: outcome(ctx, { kind: 'no_violation', agency: c.enforcement?.agency ?? null, reason: i.reason, againstRespondent: false }),
    },
  }),
  pause_clock: pauseClock,
  resume_clock: (c, _i, ctx) => resumeClock(c, ctx),
};

/** The case with `changes` applied, priority re-derived, version and timeline moved on by one event. */
export function commitChange(
  c: Case,
  changes: Partial<Case>,
  event: { type: string; caller: Caller | { role: 'system'; sub: string }; data: Record<string, unknown> },
  now: Date,
): { case: Case; event: TimelineEvent } {
  const at = now.toISOString();
  const next: Case = { ...c, ...changes };
  if (changes.deadline !== undefined && changes.deadline?.overdue !== true && !changes.flags) {
    next.flags = { ...next.flags, overdue: false };
  }
  next.priority = priorityOf(next.flags);
  const chained = appendEvents(c.caseId, c.timelineHead, at, [
    { type: event.type, actor: { role: event.caller.role, sub: event.caller.sub }, data: event.data },
  ]);
  return {
    case: { ...next, version: c.version + 1, updatedAt: at, timelineHead: chained.head },
    event: chained.events[0]!,
  };
}

function stateChangeData(before: Case, after: Case): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (before.status !== after.status || before.stage !== after.stage || before.path !== after.path) {
    data['from'] = { status: before.status, path: before.path, stage: before.stage };
    data['to'] = { status: after.status, path: after.path, stage: after.stage };
  }
  if (before.deadline !== after.deadline) data['deadline'] = after.deadline;
  return data;
}

export function act(c: Case, input: ActionInput, ctx: ActionContext): ActionResult {
  const rule = ACTION_RULES[input.action];
  if (!rule.who.some((party) => isParty(party, ctx.caller, c))) return { ok: false, error: { kind: 'forbidden' } };
  if (input.expectedVersion !== c.version) return { ok: false, error: { kind: 'stale', version: c.version } };
  if (!allowedFrom(rule.from, c)) return { ok: false, error: conflict(c, 'action.not_allowed_in_state') };
  const effect = (EFFECTS[input.action] as Apply<ActionName>)(c, input, ctx);
  if ('kind' in effect) return { ok: false, error: effect };
  const { action: _action, expectedVersion: _version, ...given } = input;
  const fields = Object.fromEntries(Object.entries(given).filter(([name]) => !effect.hide?.includes(name)));
  const preview = { ...c, ...effect.changes };
  const committed = commitChange(
    c,
    effect.changes,
    { type: input.action, caller: ctx.caller, data: { ...fields, ...effect.data, ...stateChangeData(c, preview) } },
    ctx.now,
  );
  return { ok: true, ...committed };
}

/** POST /cases/{id}/claim: a handler of the case's path takes a queued case. */
export function claim(c: Case, ctx: Pick<ActionContext, 'caller' | 'now'>): ActionResult {
  if (!isHandlerOfPath(ctx.caller, c)) return { ok: false, error: { kind: 'forbidden' } };
  if (c.status !== 'queued') {
    return { ok: false, error: conflict(c, c.status === 'in_progress' ? 'claim.already_claimed' : 'claim.not_queued') };
  }
  const committed = commitChange(
    c,
    { status: 'in_progress', assignee: ctx.caller.sub },
    { type: 'claimed', caller: ctx.caller, data: { assignee: ctx.caller.sub, from: { status: 'queued' }, to: { status: 'in_progress' } } },
    ctx.now,
  );
  return { ok: true, ...committed };
}

/** The deadline sweep: an overdue clock is flagged, the case rises in its work queue. */
export function markOverdue(c: Case, now: Date): { case: Case; event: TimelineEvent } | null {
  // A paused clock (SPEC §12) does not run out.
  if (!c.deadline || c.deadline.overdue || c.deadline.paused || now.getTime() <= Date.parse(c.deadline.dueAt)) return null;
  if (isFinal(c.status) && !transferredToPolice(c)) return null;
  return commitChange(
    c,
    { deadline: { ...c.deadline, overdue: true }, flags: { ...c.flags, overdue: true } },
    { type: 'deadline_overdue', caller: { role: 'system', sub: 'deadline-sweep' }, data: { deadline: c.deadline } },
    now,
  );
}

/** The clock kind a supervision clock is named by in notices and events. */
export const SUPERVISION_CLOCK_KIND: Record<SupervisionClock['kind'], string> = {
  order: 'supervision_order',
  opinion: 'supervision_opinion_reply',
};

/**
 * The deadline sweep for supervision clocks (SPEC §4 v2, §11): the earliest unanswered order or
 * opinion past its due time is flagged overdue — one per run, each with its own event (assignee and
 * supervisor are told); the case flag raises its priority. They run whatever the case's status.
 */
export function markSupervisionOverdue(c: Case, now: Date): { case: Case; event: TimelineEvent } | null {
  const clocks = c.supervision ?? [];
  const due = clocks
    .filter((s) => s.repliedAt === null && !s.overdue && now.getTime() > Date.parse(s.dueAt))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (!due) return null;
  const supervision = clocks.map((s) => (s === due ? { ...s, overdue: true } : s));
  return commitChange(
    c,
    { supervision, flags: { ...c.flags, supervisionOverdue: true } },
    {
      type: SUPERVISION_OVERDUE_EVENT,
      caller: { role: 'system', sub: 'deadline-sweep' },
      data: { supervision: { seq: due.seq, kind: due.kind }, deadline: { kind: SUPERVISION_CLOCK_KIND[due.kind], dueAt: due.dueAt } },
    },
    now,
  );
}

/** The event of a supervision clock that ran out. */
export const SUPERVISION_OVERDUE_EVENT = 'supervision_overdue';

/**
 * The deadline sweep, a working day ahead (SPEC §11): a running clock due by the end of the next
 * working day, not yet reminded, gets a `deadline_due_soon` event (the assignee is told) — once.
 */
export function remindDueSoon(c: Case, now: Date, calendar: Calendar): { case: Case; event: TimelineEvent } | null {
  const deadline = c.deadline;
  if (!deadline || deadline.overdue || deadline.reminded || deadline.paused || now.getTime() > Date.parse(deadline.dueAt)) return null;
  if (isFinal(c.status) && !transferredToPolice(c)) return null;
  const nextWorkingDay = addWorkingDays(cstDate(now), 1, calendar).date;
  if (cstDate(new Date(deadline.dueAt)) > nextWorkingDay) return null;
  return commitChange(
    c,
    { deadline: { ...deadline, reminded: true } },
    {
      type: 'deadline_due_soon',
      caller: { role: 'system', sub: 'deadline-sweep' },
      data: { deadline: { kind: deadline.kind, dueAt: deadline.dueAt } },
    },
    now,
  );
}

/**
 * POST /invitations/accept, once the code is verified (functions/lib/invitations.ts): the respondent
 * user joins the case. A case the respondent already joined, or a final one, takes no one.
 */
export function joinAsRespondent(c: Case, ctx: Pick<ActionContext, 'caller' | 'now'>): ActionResult {
  if (ctx.caller.role !== 'respondent') return { ok: false, error: { kind: 'forbidden' } };
  if (c.respondentParty) return { ok: false, error: conflict(c, 'invitation.already_joined') };
  if (isFinal(c.status)) return { ok: false, error: conflict(c, 'action.not_allowed_in_state') };
  const joinedAt = ctx.now.toISOString();
  return {
    ok: true,
    ...commitChange(
      c,
      { respondentParty: { sub: ctx.caller.sub, joinedAt } },
      { type: 'respondent_joined', caller: ctx.caller, data: { joinedAt } },
      ctx.now,
    ),
  };
}

export interface MessageInput {
  channel: MessageChannel;
  text: string;
  evidence?: Evidence[];
}

/**
 * A message in one of the case's channels (SPEC §10): a timeline event, so the chain covers it. The
 * assigned handler writes in every channel, a party in the open one and its own caucus; a final case
 * takes none.
 */
export function postMessage(c: Case, input: MessageInput, ctx: Pick<ActionContext, 'caller' | 'now'>): ActionResult {
  if (!mayPostToChannel(ctx.caller, c, input.channel)) return { ok: false, error: { kind: 'forbidden' } };
  if (isFinal(c.status)) return { ok: false, error: conflict(c, 'message.case_final') };
  const side = partySide(ctx.caller, c) ?? 'handler';
  const data = { channel: input.channel, text: input.text, side, ...(input.evidence?.length ? { evidence: input.evidence } : {}) };
  return { ok: true, ...commitChange(c, {}, { type: MESSAGE_EVENT, caller: ctx.caller, data }, ctx.now) };
}
