// One try of a single-use code against the case a number names, as both routes that take one answer
// it (SPEC §10): a respondent's invitation code (POST /invitations/accept) and a complainant's takeover
// code for a case entered offline (POST /cases/takeover). The try is counted before the code is
// checked (five per case, then an hour's lock: 429). A wrong, used or replaced code, a number that
// names no case, or a case without such a code, all answer 400 `invitation.invalid` on `code`: what the
// route says never tells more than the caller already knows; the right code out of time says
// `invitation.expired`.

import { judgeCode } from '#domain/invitations.ts';
import { domainMessage } from '#domain/messages.ts';
import type { Case } from '#domain/model.ts';
import { findCaseByNumber } from './case-lists.ts';
import { ApiError, rateLimited } from './errors.ts';
import { languageOf, type HttpEvent } from './http.ts';
import { codeMatches, type CodePurpose } from './invitation-codes.ts';
import { countTry, lock, type Invitation } from './invitations.ts';
import { addLogContext, log } from './log.ts';

/** The 400 a code that does not open the case gets. */
export function codeRefused(event: HttpEvent, reason: 'invitation.invalid' | 'invitation.expired'): ApiError {
  const message = domainMessage(reason, languageOf(event)) ?? reason;
  return new ApiError('VALIDATION_FAILED', [{ path: 'code', message, reason }]);
}

/**
 * The case and its code's item when `code` opens the case numbered `caseNumber`; throws the answer
 * otherwise. `onWrong` may give a wrong code another answer than the 400 (the takeover tells the
 * holder of the code already used that the case was taken over).
 */
export async function tryCode(
  event: HttpEvent,
  input: { caseNumber: string; code: string; purpose: CodePurpose; at: Date },
  onWrong?: (found: Case, invitation: Invitation) => Promise<ApiError | null>,
): Promise<{ found: Case; invitation: Invitation }> {
  const { caseNumber, code, purpose, at } = input;
  const what = purpose === 'respondent' ? 'invitation' : 'takeover';
  const found = await findCaseByNumber(caseNumber);
  if (!found) throw codeRefused(event, 'invitation.invalid');
  addLogContext({ caseId: found.caseId });

  const tried = await countTry(found.caseId, at, purpose);
  if (tried.kind === 'none') throw codeRefused(event, 'invitation.invalid');
  if (tried.kind === 'locked') {
    log.warn(`${what} codes locked; try refused`, { until: tried.until });
    const message = domainMessage('invitation.locked', languageOf(event)) ?? 'invitation.locked';
    throw rateLimited((Date.parse(tried.until) - at.getTime()) / 1000, [{ path: 'code', message, reason: 'invitation.locked' }]);
  }
  const { invitation, locksNow } = tried;
  const verdict = judgeCode(invitation, await codeMatches(invitation, code), at);
  if (verdict === 'accept') return { found, invitation };
  if (verdict === 'wrong' && locksNow) {
    const until = await lock(found.caseId, at, purpose);
    log.warn(`wrong ${what} codes: ${what} codes locked`, { until });
  } else {
    log.info(`${what} code refused`, { verdict, tries: invitation.failedAttempts });
  }
  const other = verdict === 'wrong' && onWrong ? await onWrong(found, invitation) : null;
  throw other ?? codeRefused(event, verdict === 'expired' ? 'invitation.expired' : 'invitation.invalid');
}
