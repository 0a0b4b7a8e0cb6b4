// POST /cases/takeover — the complainant of a case entered offline takes it over online with the
// code it was sent (or handed on the paper receipt): it becomes the case's owner, as if it had filed
// it, together with the linked cases that still carry the same placeholder owner (an
// evidence-preservation case opened by triage). The machinery is the respondent's invitation's
// (accept-invitation): the try is counted before the code is checked (five per case, then an hour's
// lock), and the code is used up in one transaction with the case. A case number that names no case,
// or a case entered online, answers as a wrong code does.

import { mayCall } from '#domain/access.ts';
import { domainMessage } from '#domain/messages.ts';
import { awaitsTakeover, linkedToTakeOver, takeOver, takeOverSchema } from '#domain/offline-intake.ts';
import { getCase, getCases, writeCases, WriteConflict, type CaseWrite } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { ApiError, forbidden } from '#lib/errors.ts';
import { httpFunction, languageOf, type HttpEvent } from '#lib/http.ts';
import { invitationCode } from '#lib/invitation-codes.ts';
import { acceptedInvitationWrite } from '#lib/invitations.ts';
import { codeRefused, tryCode } from '#lib/code-try.ts';
import { log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';
import type { Case } from '#domain/model.ts';
import { timingSafeEqual } from 'node:crypto';

function alreadyTaken(event: HttpEvent, c: Case): ApiError {
  const current = { status: c.status, stage: c.stage, version: c.version };
  const message = domainMessage('takeover.already_taken', languageOf(event)) ?? 'takeover.already_taken';
  return new ApiError('CONFLICT', [{ path: 'caseNumber', message, reason: 'takeover.already_taken', ...current }], { current }, message);
}

/** Whether `code` is the code that was used already to take the case over (its holder may learn that). */
async function isUsedCode(
  invitation: { caseId: string; seq: number; codeHash?: string; acceptedAt?: string },
  code: string,
): Promise<boolean> {
  if (invitation.codeHash || !invitation.acceptedAt) return false;
  const used = Buffer.from(await invitationCode(invitation.caseId, invitation.seq, 'complainant'));
  const given = Buffer.from(code);
  return used.length === given.length && timingSafeEqual(used, given);
}

export const handler = httpFunction('takeOverCase', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /cases/takeover', caller.role)) throw forbidden();
  const { caseNumber, code } = validate(takeOverSchema, jsonBody(event), event);
  const at = now();
  // The right code of a case taken over already: whoever holds it learns that (it was sent to them).
  const { found, invitation } = await tryCode(event, { caseNumber, code, purpose: 'complainant', at }, async (c, inv) =>
    (await isUsedCode(inv, code)) ? alreadyTaken(event, c) : null,
  );

  const current = (await getCase(found.caseId)) ?? found;
  const taken = takeOver(current, { caller, now: at });
  if (!taken.ok) {
    if (taken.error.kind === 'forbidden') throw forbidden();
    throw alreadyTaken(event, current);
  }
  // The linked cases that still carry the placeholder are taken over in the same transaction.
  const linked = linkedToTakeOver(current, [...(await getCases(current.linkedCaseIds)).values()]);
  const writes: CaseWrite[] = [
    {
      transition: { case: taken.case, events: [taken.event] },
      expectedVersion: current.version,
      before: current,
      also: [acceptedInvitationWrite(invitation, caller.sub, at.toISOString())],
    },
  ];
  for (const l of linked) {
    const t = takeOver(l, { caller, now: at });
    if (t.ok) writes.push({ transition: { case: t.case, events: [t.event] }, expectedVersion: l.version, before: l });
  }
  try {
    await writeCases(writes);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    // The case moved on meanwhile, or the code was used: the caller may try again.
    throw codeRefused(event, 'invitation.invalid');
  }
  log.info('complainant took the case over', { linked: linked.length, offline: awaitsTakeover(current) });
  return {
    status: 200,
    body: { caseId: taken.case.caseId, caseNumber: taken.case.caseNumber, takenOverAt: at.toISOString() },
  };
});
