// Which group a self-registered user gets (SPEC §10 "Accounts"): parties register themselves and
// choose their side at sign-up; staff roles are only ever assigned by an administrator. The Cognito
// triggers (functions/pre-sign-up, functions/post-confirmation) both ask this one rule, so what the
// sign-up refuses and what the confirmation grants cannot drift apart.

import { PARTY_ROLES } from './access.ts';
import { ROLES, type Role } from './model.ts';

/**
 * The user attribute carrying the side chosen at sign-up (the pool's custom attribute `party_role`).
 * Only the parties' app client may write it, and only at sign-up: it is immutable afterwards.
 */
export const PARTY_ROLE_ATTRIBUTE = 'custom:party_role';

/** The roles a person may give themselves: the parties to a dispute, never a staff role. */
export const SELF_SIGN_UP_ROLES: readonly Role[] = PARTY_ROLES;

export type PartySignUp =
  | { ok: true; group: Role }
  | {
      ok: false;
      /** `missing`: no choice made; `staff_role`: a role only an administrator assigns; `unknown`: no role at all. */
      reason: 'missing' | 'staff_role' | 'unknown';
      message: string;
    };

const CHOICES = SELF_SIGN_UP_ROLES.join(' or ');

/**
 * The group for the value of `custom:party_role` given at sign-up. Compared exactly, as group names
 * are read as roles exactly (`Respondent` or ` respondent` is no role): a near miss is refused, not
 * guessed at.
 */
export function partySignUpGroup(choice: string | undefined | null): PartySignUp {
  if (choice === undefined || choice === null || choice === '') {
    return { ok: false, reason: 'missing', message: `Choose how you take part: ${PARTY_ROLE_ATTRIBUTE} must be ${CHOICES}.` };
  }
  const selfAssignable = SELF_SIGN_UP_ROLES.find((role) => role === choice);
  if (selfAssignable) return { ok: true, group: selfAssignable };
  if ((ROLES as readonly string[]).includes(choice)) {
    return {
      ok: false,
      reason: 'staff_role',
      message: `Staff accounts are created by an administrator; a sign-up may only choose ${CHOICES}.`,
    };
  }
  return { ok: false, reason: 'unknown', message: `${PARTY_ROLE_ATTRIBUTE} must be ${CHOICES}.` };
}
