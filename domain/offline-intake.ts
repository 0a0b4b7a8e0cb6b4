// Offline intake (线上线下) and the complainant's online takeover. A supervisor or a handler registers a
// complaint brought in on paper or at a protection workstation, on the complainant's behalf: the case
// records who entered it and the paper record's reference, and no rights holder owns it until the
// complainant takes it over online with a single-use code — the same kind of code a respondent
// joins with (SPEC §10, ./invitations.ts), sent to the complaint's contact and shown once to the
// staff member who entered it, to print on the paper receipt.
//
// Until the takeover the case's owner is a placeholder no user can be (`offline:<caseId>`): it is
// never anyone's own case (access.ts), and it is in no one's list of own cases (the byOwner index
// key is left out for it, functions/lib/items.ts). A linked evidence-preservation case opened by
// triage copies its parent's owner, placeholder and all, and is taken over with it.

import * as z from 'zod/mini';
import { complaintSchema } from './complaint.schema.ts';
import { isoDateSchema, noIssuesYet, textSchema } from './fields.schema.ts';
import { acceptInvitationSchema, TAKEOVER_CODE_EVENT } from './invitations.ts';
import { awaitsTakeover, offlineOwnerSub, type Case, type CaseIntake, type Complaint, type IntakeChannel, type Role } from './model.ts';

export { awaitsTakeover, offlineOwnerSub };
import { GENESIS_HASH, appendEvents, type TimelineEvent } from './timeline.ts';
import { newCase, type Transition } from './case.ts';

export const INTAKE_CHANNELS = ['paper', 'workstation'] as const satisfies readonly IntakeChannel[];

/** How long a takeover code is valid: as long as a respondent's invitation (SPEC §10). */
export const TAKEOVER_VALID_DAYS = 15;

/** The timeline event that issues a takeover code; its seq names the code (the code is derived from it). */
export { TAKEOVER_CODE_EVENT };
/** The timeline event of the complainant taking the case over online. */
export const TAKEN_OVER_EVENT = 'taken_over';

/**
 * POST /complaints/offline: the complaint exactly as the online form submits it (SPEC §3), and how
 * it came in. `receivedAt` is the day the paper or the visit reached the office (default: the day it
 * is entered), never later than `today`.
 */
export function offlineIntakeSchema(today: string) {
  return z.strictObject({
    complaint: complaintSchema(today),
    intake: z.strictObject({
      channel: z.enum(INTAKE_CHANNELS),
      reference: textSchema(1, 100),
      receivedAt: z.optional(
        isoDateSchema().check(z.refine((d: string) => d <= today, { message: 'intake.received_in_future', when: noIssuesYet })),
      ),
    }),
  });
}
export type OfflineIntake = z.output<ReturnType<typeof offlineIntakeSchema>>;

/** POST /cases/takeover: the case number and the code, read as a respondent's invitation code is. */
export const takeOverSchema = z.strictObject({
  caseNumber: acceptInvitationSchema.shape.caseNumber,
  code: acceptInvitationSchema.shape.code,
});
export type TakeOver = z.output<typeof takeOverSchema>;

/** Who entered the case: a supervisor or a handler (the route's roles, access.ts). */
export interface Staff {
  role: Role;
  sub: string;
}

/**
 * A case entered offline: stored `submitted` like any filed complaint (the intake queue routes it),
 * owned by the placeholder, with two events — `submitted` by the staff member, saying how it came in,
 * and `takeover_code_issued`, whose seq names the code sent to the complainant. Entering a case does
 * not assign it to the handler who entered it.
 */
export function newOfflineCase(input: {
  caseId: string;
  caseNumber: string;
  complaint: Complaint;
  intake: OfflineIntake['intake'];
  enteredBy: Staff;
  now: Date;
  /** China Standard Time day of `now` (the default `receivedAt`). */
  today: string;
}): Transition {
  const at = input.now.toISOString();
  const ownerSub = offlineOwnerSub(input.caseId);
  // The case as an online filing makes it, then its timeline written anew by the staff member.
  const filed = newCase({
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    owner: { role: 'rights_holder', sub: ownerSub },
    complaint: input.complaint,
    now: at,
  });
  const enteredBy = { role: input.enteredBy.role, sub: input.enteredBy.sub };
  const expiresAt = new Date(input.now.getTime() + TAKEOVER_VALID_DAYS * 86_400_000).toISOString();
  const record = { channel: input.intake.channel, reference: input.intake.reference, receivedAt: input.intake.receivedAt ?? input.today };
  const chained = appendEvents(input.caseId, { seq: 0, hash: GENESIS_HASH }, at, [
    { type: 'submitted', actor: enteredBy, data: { ...filed.events[0]!.data, offline: true, intake: record } },
    { type: TAKEOVER_CODE_EVENT, actor: enteredBy, data: { expiresAt } },
  ]);
  const codeSeq = chained.events[1]!.seq;
  const intake: CaseIntake = { ...record, enteredBy, enteredAt: at, takeover: { codeSeq, expiresAt, takenOverAt: null } };
  return {
    case: { ...filed.case, intake, version: 1, updatedAt: at, timelineHead: chained.head },
    events: chained.events,
  };
}

export type TakeOverResult =
  | { ok: true; case: Case; event: TimelineEvent }
  | {
      ok: false;
      error: { kind: 'forbidden' } | { kind: 'conflict'; reason: string; status: Case['status']; stage: string | null; version: number };
    };

/**
 * POST /cases/takeover, once the code is verified: the caller, a rights holder, becomes the owner of
 * the case (and of its linked cases that still carry the same placeholder, see `takeOverLinked`).
 * A case somebody took over already takes no one; a final case is taken over as any other (its
 * complainant still reads its outcome), since ownership is no change of status.
 */
export function takeOver(c: Case, ctx: { caller: Staff; now: Date }): TakeOverResult {
  if (ctx.caller.role !== 'rights_holder') return { ok: false, error: { kind: 'forbidden' } };
  if (!awaitsTakeover(c)) {
    return {
      ok: false,
      error: { kind: 'conflict', reason: 'takeover.already_taken', status: c.status, stage: c.stage, version: c.version },
    };
  }
  const at = ctx.now.toISOString();
  const intake = c.intake ? { ...c.intake, takeover: { ...c.intake.takeover, takenOverAt: at } } : c.intake;
  const chained = appendEvents(c.caseId, c.timelineHead, at, [
    { type: TAKEN_OVER_EVENT, actor: { role: ctx.caller.role, sub: ctx.caller.sub }, data: { takenOverAt: at } },
  ]);
  return {
    ok: true,
    case: {
      ...c,
      ownerSub: ctx.caller.sub,
      ...(intake ? { intake } : {}),
      version: c.version + 1,
      updatedAt: at,
      timelineHead: chained.head,
    },
    event: chained.events[0]!,
  };
}

/** The linked cases taken over with `parent`: those that still carry its placeholder owner. */
export function linkedToTakeOver(parent: Pick<Case, 'ownerSub'>, linked: readonly Case[]): Case[] {
  return linked.filter((l) => awaitsTakeover(l) && l.ownerSub === parent.ownerSub);
}
