// Respondents' invitation codes (SPEC §10) — and complainants' takeover codes, made the same way — the rules without the keys: the code's alphabet and
// length, how a typed code is read, what POST /invitations/accept takes, and what a try at a code
// leads to. The code itself is made and checked with the environment's secret
// (functions/lib/invitations.ts); the table holds only a keyed hash of it.

import * as z from 'zod/mini';
import { textSchema } from './fields.schema.ts';
import { CASE_NUMBER } from './queries.schema.ts';

/** No 0/O, 1/I/L: nothing a person copying the code from a phone could mistake for another. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;
/** Wrong codes for one case before its invitations are locked. */
export const MAX_WRONG_CODES = 5;
export const LOCK_MS = 60 * 60 * 1000;

/**
 * The same codes serve a second purpose: the complainant of a case entered offline takes it over
 * online with one (./offline-intake.ts). This event issues such a code; its seq names it.
 */
export const TAKEOVER_CODE_EVENT = 'takeover_code_issued';

/**
 * The code spelled by `bytes` (at least 8): a big-endian number in base 31, its last eight digits.
 * 16 bytes carry 128 bits against the code's 39.6, so every code is equally likely to within 2^-88.
 */
export function codeFromBytes(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes.subarray(0, 16)) n = (n << 8n) | BigInt(b);
  const base = BigInt(CODE_ALPHABET.length);
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CODE_ALPHABET[Number(n % base)];
    n /= base;
  }
  return code;
}

/** A code as typed: case, spaces and dashes do not matter (`abcd-efgh` is `ABCDEFGH`). */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

const CODE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export const acceptInvitationSchema = z.strictObject({
  caseNumber: z.string().check(z.trim(), z.toUpperCase(), z.regex(CASE_NUMBER, { message: 'case_number.format' })),
  code: textSchema(1, 40).check(z.overwrite(normalizeCode), z.regex(CODE, { message: 'invitation.code_format' })),
});
export type AcceptInvitation = z.output<typeof acceptInvitationSchema>;

/** What the table keeps of an invitation: never the code. */
export interface StoredInvitation {
  seq: number;
  expiresAt: string;
  /** Absent once the code was used (single use). */
  codeHash?: string;
  /** Tries since the last lock (a try is counted before its code is checked). */
  failedAttempts: number;
  lockedUntil?: string;
}

/** Whether the case's invitations are locked now. */
export const isLocked = (invitation: Pick<StoredInvitation, 'lockedUntil'>, now: Date): boolean =>
  invitation.lockedUntil !== undefined && Date.parse(invitation.lockedUntil) > now.getTime();

/**
 * A try is counted before its code is checked, so that tries sent all at once cannot outrun the
 * count: the `MAX_WRONG_CODES`th counted try is the last one checked until the lock ends.
 */
export const locksAfter = (counted: number): boolean => counted >= MAX_WRONG_CODES;

export type CodeVerdict = 'accept' | 'wrong' | 'expired';

/**
 * A counted try at the invitation: the right code while it is valid is accepted; the right code
 * out of time is `expired` (whoever holds it was invited, and may ask for a new one); any other —
 * a wrong code, or one already used — is `wrong`.
 */
export function judgeCode(invitation: Pick<StoredInvitation, 'codeHash' | 'expiresAt'>, matches: boolean, now: Date): CodeVerdict {
  if (!invitation.codeHash || !matches) return 'wrong';
  return Date.parse(invitation.expiresAt) <= now.getTime() ? 'expired' : 'accept';
}

/**
 * Where the code stands in an invitation notice as planned and recorded: the notifier puts the code
 * in only when it sends (functions/notify), so no stored notice, queue message or delivery list
 * holds it. As long as a code, so a notice's length is the length it is sent with.
 */
export const CODE_PLACEHOLDER = '[[CODE]]';
