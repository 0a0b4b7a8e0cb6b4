// Notifications queue consumer — sends one notice (SPEC §11) through its channel: e-mail by SES or
// an SMTP relay, SMS by SNS or an SMS gateway, as the deployment configures. Exactly once per
// (event, recipient, channel): the notice is claimed before it is sent and settled after
// (lib/notices.ts), so a redelivered message, or two notifiers holding one, send it once. A send
// that fails is recorded as failed and retried by SQS; after the queue's last try the message is
// in the dead letters with its error, and a redrive sends it.

import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { CODE_PLACEHOLDER } from '#domain/invitations.ts';
import type { Notice } from '#domain/notifications.ts';
import { channels } from '#lib/channels.ts';
import { codeOfNotice } from '#lib/invitation-codes.ts';
import { now } from '#lib/clock.ts';
import { noticeSettings, type NoticeSettings } from '#lib/config.ts';
import { secretString } from '#lib/secrets.ts';
import { addLogContext, log } from '#lib/log.ts';
import { claim, parseNoticeMessage, settle } from '#lib/notices.ts';
import { queueFunction } from '#lib/queue-function.ts';

/**
 * How long a claim holds: well beyond one send (a relay answers in seconds) and well inside the
 * queue's visibility timeout, so the next delivery after a notifier died may take the notice over.
 */
export const CLAIM_LEASE_MS = 60_000;

/** The same for every try of one notice: mail systems collapse re-sent copies by it. */
export const messageIdOf = (noticeId: string): string =>
  `<${createHash('sha256').update(noticeId).digest('hex').slice(0, 32)}@notices.ankang-ip>`;

/** The channels as configured, the relay's URL read from its secret when it carries a password. */
async function channelSettings(): Promise<NoticeSettings> {
  const settings = noticeSettings();
  if (!settings.relaySecretArn) return settings;
  const url = (await secretString(settings.relaySecretArn)).trim();
  if (!/^smtps?:\/\/\S+$/.test(url)) throw new Error('The relay secret does not hold an smtp:// or smtps:// URL');
  return {
    ...settings,
    email: settings.email.kind === 'smtp' ? { ...settings.email, url } : settings.email,
    sms: settings.sms.kind === 'smtp-gateway' ? { ...settings.sms, url } : settings.sms,
  };
}

/**
 * The text as sent: an invitation (or a complainant's takeover code) gets its code only now, derived
 * again from the case and the issuing event's seq (functions/lib/invitations.ts), so nothing stored
 * or queued holds it.
 */
async function withCode(notice: Notice): Promise<string> {
  const code = await codeOfNotice(notice);
  return code === null ? notice.text : notice.text.replaceAll(CODE_PLACEHOLDER, code);
}

async function sendOne(record: SQSRecord): Promise<void> {
  const notice = parseNoticeMessage(record.body);
  addLogContext({ caseId: notice.caseId });
  const taken = await claim(notice, now(), CLAIM_LEASE_MS);
  if (taken.kind === 'done') {
    log.info('notice already settled; nothing to send', { noticeId: notice.noticeId, status: taken.status });
    return;
  }
  if (taken.kind === 'busy') throw new Error(`notice is being sent by another notifier (claim until ${taken.leaseUntil})`);
  const out = channels(await channelSettings());
  const message = { messageId: messageIdOf(notice.noticeId), to: notice.address, text: await withCode(notice) };
  let providerId: string;
  try {
    ({ providerId } =
      notice.channel === 'email' ? await out.sendEmail({ ...message, subject: notice.subject }) : await out.sendSms(message));
  } catch (error) {
    await settle(notice, taken.attempt, { status: 'failed', error: error instanceof Error ? error.message : String(error) }, now());
    throw error;
  }
  // Sent. Should this record fail, the claim runs out and a later delivery sends again, with the same Message-ID.
  await settle(notice, taken.attempt, { status: 'sent', providerId }, now());
  log.info('notice sent', { noticeId: notice.noticeId, channel: notice.channel, eventType: notice.eventType, attempt: taken.attempt });
}

export const handler = queueFunction('notify', sendOne);
