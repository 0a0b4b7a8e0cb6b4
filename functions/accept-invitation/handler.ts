// POST /invitations/accept — a respondent user joins a case with the code it was sent (SPEC §10).
// The try is counted before the code is checked (five per case, then the case's invitations are
// locked for an hour); the right code joins the caller to the case and uses the code up, in one
// transaction. A case number that names no case, or no invitation, answers as a wrong code does:
// what this route says never tells more than the caller already knows.

import { mayCall } from '#domain/access.ts';
import { acceptInvitationSchema } from '#domain/invitations.ts';
import { joinAsRespondent } from '#domain/lifecycle.ts';
import { refusal } from '#lib/case-change.ts';
import { getCase, writeCases, WriteConflict } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { forbidden } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { acceptedInvitationWrite } from '#lib/invitations.ts';
import { codeRefused, tryCode } from '#lib/code-try.ts';
import { log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

export const handler = httpFunction('acceptInvitation', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /invitations/accept', caller.role)) throw forbidden();
  const { caseNumber, code } = validate(acceptInvitationSchema, jsonBody(event), event);
  const at = now();
  const { found, invitation } = await tryCode(event, { caseNumber, code, purpose: 'respondent', at });

  const current = (await getCase(found.caseId)) ?? found;
  const joined = joinAsRespondent(current, { caller, now: at });
  if (!joined.ok) throw refusal(event, joined.error, current);
  try {
    await writeCases([
      {
        transition: { case: joined.case, events: [joined.event] },
        expectedVersion: current.version,
        before: current,
        also: [acceptedInvitationWrite(invitation, caller.sub, at.toISOString())],
      },
    ]);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    // The case moved on meanwhile, or the code was used or replaced: the caller may try again.
    throw codeRefused(event, 'invitation.invalid');
  }
  log.info('respondent joined the case');
  return {
    status: 200,
    body: { caseId: joined.case.caseId, caseNumber: joined.case.caseNumber, joinedAt: joined.case.respondentParty!.joinedAt },
  };
});
