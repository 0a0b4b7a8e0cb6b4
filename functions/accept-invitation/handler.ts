// POST /invitations/accept — a respondent user joins a case with the code it was sent (SPEC §10).
// The try is counted before the code is checked (five per case, then the case's invitations are
// locked for an hour); the right code joins the caller to the case and uses the code up, in one
// transaction. A case number that names no case, or no invitation, answers as a wrong code does:
// what this route says never tells more than the caller already knows.

import { mayCall } from '#domain/access.ts';
import { acceptInvitationSchema, judgeCode } from '#domain/invitations.ts';
import { joinAsRespondent } from '#domain/lifecycle.ts';
import { domainMessage } from '#domain/messages.ts';
import { refusal } from '#lib/case-change.ts';
import { findCaseByNumber } from '#lib/case-lists.ts';
import { getCase, writeCases, WriteConflict } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { ApiError, forbidden, rateLimited } from '#lib/errors.ts';
import { httpFunction, languageOf, type HttpEvent } from '#lib/http.ts';
import { codeMatches } from '#lib/invitation-codes.ts';
import { acceptedInvitationWrite, countTry, lock } from '#lib/invitations.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

function refused(event: HttpEvent, reason: 'invitation.invalid' | 'invitation.expired'): ApiError {
  const message = domainMessage(reason, languageOf(event)) ?? reason;
  return new ApiError('VALIDATION_FAILED', [{ path: 'code', message, reason }]);
}

export const handler = httpFunction('acceptInvitation', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /invitations/accept', caller.role)) throw forbidden();
  const { caseNumber, code } = validate(acceptInvitationSchema, jsonBody(event), event);
  const at = now();
  const found = await findCaseByNumber(caseNumber);
  if (!found) throw refused(event, 'invitation.invalid');
  addLogContext({ caseId: found.caseId });

  const tried = await countTry(found.caseId, at);
  if (tried.kind === 'none') throw refused(event, 'invitation.invalid');
  if (tried.kind === 'locked') {
    log.warn('invitation locked; try refused', { until: tried.until });
    const message = domainMessage('invitation.locked', languageOf(event)) ?? 'invitation.locked';
    throw rateLimited((Date.parse(tried.until) - at.getTime()) / 1000, [{ path: 'code', message, reason: 'invitation.locked' }]);
  }
  const { invitation, locksNow } = tried;
  const verdict = judgeCode(invitation, await codeMatches(invitation, code), at);
  if (verdict !== 'accept') {
    if (verdict === 'wrong' && locksNow) {
      const until = await lock(found.caseId, at);
      log.warn('wrong invitation codes: invitations locked', { until });
    } else {
      log.info('invitation code refused', { verdict, tries: invitation.failedAttempts });
    }
    throw refused(event, verdict === 'expired' ? 'invitation.expired' : 'invitation.invalid');
  }

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
    throw refused(event, 'invitation.invalid');
  }
  log.info('respondent joined the case');
  return {
    status: 200,
    body: { caseId: joined.case.caseId, caseNumber: joined.case.caseNumber, joinedAt: joined.case.respondentParty!.joinedAt },
  };
});
