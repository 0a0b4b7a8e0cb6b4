// Notices and their delivery (SPEC §11): one item per (event, recipient, channel) in the case's
// partition, beside the event that caused it. planNotices writes it `queued` (once: a stream record
// seen twice finds it there); notify claims it before sending and records the outcome, so a
// redelivered message or a second notifier sends nothing twice:
//
//   queued ──claim──▶ sending ──▶ sent
//     ▲                  │
//     └──── failed ◀─────┘   (a failed send is claimed again by the next delivery)
//
// A claim is a lease: a notifier that died while sending leaves `sending`, which the next delivery
// may take over once the lease has run out. Whether the dead one's message left is then unknown;
// the retry carries the same Message-ID, which mail systems collapse into one message (e-mail).

import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { Notice } from '#domain/notifications.ts';
import { dynamo } from './aws.ts';
import { caseTable } from './config.ts';
import { NOTICE_PREFIX, keys, type Item } from './items.ts';
import { parseQueueMessage } from './messages.ts';
import { queryAll } from './case-store.ts';

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface Delivery extends Notice {
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** While `sending`: until when the claim holds. */
  leaseUntil?: string;
  sentAt?: string;
  providerId?: string;
  lastError?: string;
}

/** What the notifications queue carries: the notice itself, so the notifier reads nothing to send it. */
const noticeSchema = z.object({
  noticeId: z.string().check(z.minLength(1), z.maxLength(300)),
  caseId: z.uuid(),
  caseNumber: z.string(),
  seq: z.number().check(z.int(), z.gte(1)),
  eventType: z.string(),
  recipient: z.enum(['complainant', 'respondent', 'assignee', 'supervisor', 'court', 'police', 'procuratorate', 'credit_respondent']),
  channel: z.enum(['email', 'sms']),
  address: z.string().check(z.minLength(3), z.maxLength(320)),
  language: z.enum(['zh-CN', 'en']),
  statutory: z.boolean(),
  subject: z.string().check(z.maxLength(500)),
  text: z.string().check(z.maxLength(10_000)),
});

export function parseNoticeMessage(body: string): Notice {
  return parseQueueMessage(noticeSchema, body, 'notice message');
}

const keyOf = (n: Pick<Notice, 'caseId' | 'seq' | 'recipient' | 'channel'>) => keys.notice(n.caseId, n.seq, n.recipient, n.channel);

/** Records a notice as queued, unless it already is (or went further). */
export async function recordQueued(notice: Notice, at: string): Promise<void> {
  const item: Item = { ...keyOf(notice), ...notice, status: 'queued', attempts: 0, createdAt: at, updatedAt: at };
  try {
    await dynamo().send(new PutCommand({ TableName: caseTable(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export type Claim = { kind: 'claimed'; attempt: number } | { kind: 'done'; status: DeliveryStatus } | { kind: 'busy'; leaseUntil: string };

/**
 * Takes the notice for sending: from `queued` or `failed`, or from a `sending` whose lease ran out.
 * A notice never recorded (its queued write was lost) is claimed from nothing. `done`: already sent.
 * `busy`: another notifier holds it now; the message comes back later.
 */
export async function claim(notice: Notice, now: Date, leaseMs: number): Promise<Claim> {
  const at = now.toISOString();
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: caseTable(),
        Key: keyOf(notice),
        UpdateExpression:
          'SET #status = :sending, leaseUntil = :lease, updatedAt = :at, createdAt = if_not_exists(createdAt, :at), ' +
          'noticeId = :noticeId, caseNumber = :caseNumber, eventType = :eventType, address = :address, #language = :language, ' +
          'statutory = :statutory, subject = :subject, #text = :text, caseId = :caseId, seq = :seq, recipient = :recipient, channel = :channel ' +
          'ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:queued, :failed) OR (#status = :sending AND leaseUntil < :at)',
        ExpressionAttributeNames: { '#status': 'status', '#language': 'language', '#text': 'text' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':failed': 'failed',
          ':lease': new Date(now.getTime() + leaseMs).toISOString(),
          ':at': at,
          ':one': 1,
          ':noticeId': notice.noticeId,
          ':caseNumber': notice.caseNumber,
          ':eventType': notice.eventType,
          ':address': notice.address,
          ':language': notice.language,
          ':statutory': notice.statutory,
          ':subject': notice.subject,
          ':text': notice.text,
          ':caseId': notice.caseId,
          ':seq': notice.seq,
          ':recipient': notice.recipient,
          ':channel': notice.channel,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { kind: 'claimed', attempt: Number(Attributes?.['attempts']) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await dynamo().send(new GetCommand({ TableName: caseTable(), Key: keyOf(notice), ConsistentRead: true }));
  const status = Item?.['status'] as DeliveryStatus | undefined;
  if (status === 'sending') return { kind: 'busy', leaseUntil: String(Item?.['leaseUntil']) };
  return { kind: 'done', status: status ?? 'sent' };
}

/** Settles the claim `attempt` took: only that claim may (a notifier whose lease was taken over cannot). */
export async function settle(
  notice: Notice,
  attempt: number,
  outcome: { status: 'sent'; providerId: string } | { status: 'failed'; error: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const sent = outcome.status === 'sent';
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: caseTable(),
        Key: keyOf(notice),
        UpdateExpression: sent
          ? 'SET #status = :status, sentAt = :at, updatedAt = :at, providerId = :detail REMOVE leaseUntil, lastError'
          : 'SET #status = :status, updatedAt = :at, lastError = :detail REMOVE leaseUntil',
        ConditionExpression: '#status = :sending AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':at': at,
          ':detail': sent ? outcome.providerId : outcome.error.slice(0, 500),
          ':sending': 'sending',
          ':attempt': attempt,
        },
      }),
    );
  } catch (error) {
    // Another notifier took the notice over after this one's lease ran out: its record stands.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** A case's notices, oldest event first. */
export async function listDeliveries(caseId: string): Promise<Delivery[]> {
  const items = await queryAll(
    dynamo(),
    {
      TableName: caseTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :notice)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':notice': NOTICE_PREFIX },
      ConsistentRead: true,
    },
    ['pk', 'sk'],
  );
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => rest as unknown as Delivery);
}
