// Respondents' invitations (SPEC §10) in the table: one item per case (CASE#<id> / INVITATION)
// holding where the code was sent, a keyed hash of the code and the count of tries — never the code.
// A complainant's takeover code for a case entered offline (domain/offline-intake.ts) is kept the
// same way in its own item (CASE#<id> / TAKEOVER, `purpose: 'complainant'`), with its own tries and lock.
//
// The code is not random but derived: an HMAC of (case, invitation seq) under a key from the
// environment's secret. The handler's action stores only the hash; the notifier derives the code
// again when it sends the invitation (so no stored notice or queue message holds it, and a resend
// after a crash sends the same code); a new invitation has a new seq, so a new code, and its item
// replaces the old hash: the old code is void. The hash is keyed too, so a copy of the table alone
// does not let anyone try the 31^8 codes offline.

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { isLocked, LOCK_MS, locksAfter, MAX_WRONG_CODES, type StoredInvitation } from '#domain/invitations.ts';
import type { Contact } from '#domain/notifications.ts';
import type { InvitationState } from '#domain/model.ts';
import { dynamo } from './aws.ts';
import { batchGetItems, type SideWrite } from './case-store.ts';
import { caseTable } from './config.ts';
import { keys, type Item } from './items.ts';
import { codeHash, invitationCode, type CodePurpose } from './invitation-codes.ts';

export interface Invitation extends StoredInvitation {
  caseId: string;
  /** Absent on a respondent's invitation (every item written before takeover codes existed). */
  purpose?: CodePurpose;
  invitedAt: string;
  /** Where the code was sent (the respondent's contact until it joins and sets its own). */
  contact: Contact;
  acceptedAt?: string;
  acceptedBy?: string;
}

/** The item holding the code of each purpose. */
const keyOf = (caseId: string, purpose: CodePurpose = 'respondent') =>
  purpose === 'respondent' ? keys.invitation(caseId) : keys.takeover(caseId);

const invitationOf = (item: Item): Invitation => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as Invitation;
};

export async function getInvitation(caseId: string, purpose: CodePurpose = 'respondent'): Promise<Invitation | null> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: caseTable(), Key: keyOf(caseId, purpose), ConsistentRead: true }));
  return Item ? invitationOf(Item) : null;
}

/** The invitations of several cases, by case id (for the notices to respondents). */
export async function getInvitations(caseIds: readonly string[]): Promise<Map<string, Invitation>> {
  const unique = [...new Set(caseIds)];
  if (unique.length === 0) return new Map();
  const items = await batchGetItems(dynamo(), caseTable(), unique.map(keys.invitation));
  return new Map(items.map((item) => [String(item['caseId']), invitationOf(item)]));
}

/**
 * The item of a new invitation, written in the transaction of `invite_respondent`: the new code's
 * hash replaces the old one. A lock running on the case's invitations stays (a new code is no way
 * around it); the count of tries starts again.
 */
export async function newInvitationWrite(
  caseId: string,
  invitation: InvitationState,
  contact: Contact,
  previous: Invitation | null,
  now: Date,
): Promise<SideWrite> {
  const code = await invitationCode(caseId, invitation.seq);
  const item: Invitation = {
    caseId,
    seq: invitation.seq,
    invitedAt: invitation.invitedAt,
    expiresAt: invitation.expiresAt,
    contact,
    codeHash: await codeHash(caseId, invitation.seq, code),
    failedAttempts: 0,
    ...(previous && isLocked(previous, now) ? { lockedUntil: previous.lockedUntil } : {}),
  };
  return { put: { ...keys.invitation(caseId), ...item } };
}

/**
 * The item of a case's takeover code, written in the transaction that stores the case entered
 * offline (domain/offline-intake.ts): `seq` is the event that issued the code, `contact` where the
 * notice takes it.
 */
export async function newTakeoverWrite(
  caseId: string,
  issued: { seq: number; issuedAt: string; expiresAt: string },
  contact: Contact,
): Promise<SideWrite> {
  const purpose: CodePurpose = 'complainant';
  const code = await invitationCode(caseId, issued.seq, purpose);
  const item: Invitation = {
    caseId,
    purpose,
    seq: issued.seq,
    invitedAt: issued.issuedAt,
    expiresAt: issued.expiresAt,
    contact,
    codeHash: await codeHash(caseId, issued.seq, code, purpose),
    failedAttempts: 0,
  };
  return { put: { ...keyOf(caseId, purpose), ...item }, condition: { ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * The item once its code was used, written in the transaction that joins the respondent to the
 * case: only if the hash is still the one checked (a second accept of the same code, or a new
 * invitation meanwhile, makes the transaction fail).
 */
export function acceptedInvitationWrite(invitation: Invitation, sub: string, at: string): SideWrite {
  const { codeHash: hash, lockedUntil: _lock, ...rest } = invitation;
  return {
    put: { ...keyOf(invitation.caseId, invitation.purpose), ...rest, failedAttempts: 0, acceptedAt: at, acceptedBy: sub },
    condition: { ConditionExpression: 'codeHash = :hash', ExpressionAttributeValues: { ':hash': hash } },
  };
}

export type Try = { kind: 'counted'; invitation: Invitation; locksNow: boolean } | { kind: 'locked'; until: string } | { kind: 'none' };

/**
 * Counts one try at the case's invitation before its code is checked: refused while the
 * invitations are locked, and once `MAX_WRONG_CODES` tries were counted since the last lock (the
 * last of them locks the invitations whatever its code). Tries sent together are counted one by
 * one by DynamoDB, so no number of them gets more codes checked.
 */
export async function countTry(caseId: string, now: Date, purpose: CodePurpose = 'respondent'): Promise<Try> {
  const at = now.toISOString();
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: caseTable(),
        Key: keyOf(caseId, purpose),
        UpdateExpression: 'SET failedAttempts = failedAttempts + :one',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now) AND failedAttempts < :max',
        ExpressionAttributeValues: { ':one': 1, ':now': at, ':max': MAX_WRONG_CODES },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const invitation = invitationOf(Attributes!);
    return { kind: 'counted', invitation, locksNow: locksAfter(invitation.failedAttempts) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const current = await getInvitation(caseId, purpose);
  if (!current) return { kind: 'none' };
  if (isLocked(current, now)) return { kind: 'locked', until: current.lockedUntil! };
  // Counted out without a lock (its writer failed before locking): lock now.
  return { kind: 'locked', until: await lock(caseId, now, purpose) };
}

/** Locks the case's invitations for `LOCK_MS` from now; the count starts again after it. */
export async function lock(caseId: string, now: Date, purpose: CodePurpose = 'respondent'): Promise<string> {
  const until = new Date(now.getTime() + LOCK_MS).toISOString();
  await dynamo().send(
    new UpdateCommand({
      TableName: caseTable(),
      Key: keyOf(caseId, purpose),
      UpdateExpression: 'SET lockedUntil = :until, failedAttempts = :zero',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':until': until, ':zero': 0 },
    }),
  );
  return until;
}
