// Making and checking a respondent's invitation code (SPEC §10) with keys from the environment's
// secret: the code is an HMAC of (case, invitation seq), the stored hash an HMAC of the code under a
// second key. Apart from the table code (./invitations.ts), so the notifier, which only derives the
// code to send it, bundles nothing else.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { codeFromBytes } from '#domain/invitations.ts';
import { secretKey } from './secret-keys.ts';

/** The code of the invitation made by event `seq` of the case. */
export async function invitationCode(caseId: string, seq: number): Promise<string> {
  const key = await secretKey('invitationCode');
  return codeFromBytes(createHmac('sha256', key).update(`${caseId}#${seq}`).digest());
}

export async function codeHash(caseId: string, seq: number, code: string): Promise<string> {
  const key = await secretKey('invitationHash');
  return createHmac('sha256', key).update(`${caseId}#${seq}#${code}`).digest('hex');
}

/** Whether `code` is the code of this invitation (compared in constant time). */
export async function codeMatches(invitation: { caseId: string; seq: number; codeHash?: string }, code: string): Promise<boolean> {
  if (!invitation.codeHash) return false;
  const given = Buffer.from(await codeHash(invitation.caseId, invitation.seq, code), 'hex');
  const stored = Buffer.from(invitation.codeHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
