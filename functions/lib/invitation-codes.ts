// Making and checking single-use codes with keys from the environment's secret, for two purposes:
// a respondent's invitation (SPEC §10) and a complainant's takeover of a case entered offline. The
// code is an HMAC of (purpose, case, seq of the event that issued it), the stored hash an HMAC of the
// code under a second key. Apart from the table code (./invitations.ts), so the notifier, which only
// derives the code to send it, bundles nothing else.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { codeFromBytes, TAKEOVER_CODE_EVENT } from '#domain/invitations.ts';
import { secretKey } from './secret-keys.ts';

/** Who a code is for: the respondent invited to a case, or the complainant taking over a case entered offline. */
export type CodePurpose = 'respondent' | 'complainant';

/**
 * The HMAC input naming a code. A respondent's keeps the form it had before takeover codes existed,
 * so invitations sent before stay valid; a takeover code's input is prefixed, so no code of one
 * purpose is ever the code of the other.
 */
const codeInput = (purpose: CodePurpose, caseId: string, seq: number): string =>
  purpose === 'respondent' ? `${caseId}#${seq}` : `takeover#${caseId}#${seq}`;

/** The code issued by event `seq` of the case. */
export async function invitationCode(caseId: string, seq: number, purpose: CodePurpose = 'respondent'): Promise<string> {
  const key = await secretKey('invitationCode');
  return codeFromBytes(
    createHmac('sha256', key)
      .update(codeInput(purpose, caseId, seq))
      .digest(),
  );
}

export async function codeHash(caseId: string, seq: number, code: string, purpose: CodePurpose = 'respondent'): Promise<string> {
  const key = await secretKey('invitationHash');
  return createHmac('sha256', key)
    .update(`${codeInput(purpose, caseId, seq)}#${code}`)
    .digest('hex');
}

/** Whether `code` is the code of this invitation (compared in constant time). */
export async function codeMatches(
  invitation: { caseId: string; seq: number; codeHash?: string; purpose?: CodePurpose },
  code: string,
): Promise<boolean> {
  if (!invitation.codeHash) return false;
  const given = Buffer.from(await codeHash(invitation.caseId, invitation.seq, code, invitation.purpose), 'hex');
  const stored = Buffer.from(invitation.codeHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The event types whose notice carries a code, and whom the code is for. */
const CODE_EVENTS: Readonly<Record<string, CodePurpose>> = { invite_respondent: 'respondent', [TAKEOVER_CODE_EVENT]: 'complainant' };

/**
 * The code a notice of event `seq` (of type `eventType`) carries, derived again when it is sent; null
 * for a notice that carries none.
 */
export async function codeOfNotice(notice: { eventType: string; caseId: string; seq: number }): Promise<string | null> {
  const purpose = CODE_EVENTS[notice.eventType];
  return purpose ? invitationCode(notice.caseId, notice.seq, purpose) : null;
}
