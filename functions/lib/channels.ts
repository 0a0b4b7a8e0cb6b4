// The notifier's channel adapters (SPEC §11). E-mail: Amazon SES v2, or any SMTP relay (regions
// without SES, such as the China regions, use an enterprise relay; locally, the runtime's mailbox).
// SMS: Amazon SNS, or an SMS gateway that takes mail to <number>@<domain>. The deployment chooses and
// the caller passes the choice in (config.ts reads it); nothing here reads the environment.
//
// Clients are made on first use of the adapter that needs them and reused across invocations: a
// function that sends by SMTP never constructs an SES or SNS client. A failed send throws; the
// caller records the error and the queue retries.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createTransport } from 'nodemailer';

export type EmailChannel = { kind: 'ses'; from: string; configurationSet?: string } | { kind: 'smtp'; url: string; from: string };
export type SmsChannel = { kind: 'sns'; senderId?: string } | { kind: 'smtp-gateway'; url: string; from: string; domain: string };

export interface OutgoingMessage {
  /** Stable per notice (`<…@…>`), the same on every try: mailboxes collapse re-sent copies by it. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Channels {
  sendEmail(m: OutgoingMessage): Promise<{ providerId: string }>;
  sendSms(m: Omit<OutgoingMessage, 'subject'>): Promise<{ providerId: string }>;
}

/** Clients to use instead of the shared ones (tests that answer for AWS). */
export interface ChannelClients {
  ses?: SESv2Client;
  sns?: SNSClient;
}

/** How long one send may take, retries included: a relay that takes the connection and never answers must not hold the batch. */
export const SEND_TIMEOUT_MS = 10_000;

let sharedSes: SESv2Client | undefined;
let sharedSns: SNSClient | undefined;
type Transport = ReturnType<typeof createTransport>;
const transports = new Map<string, Transport>();

/** One transport per relay URL, for the life of the process; not pooled: a connection per message, closed after it. */
function transport(url: string): Transport {
  let t = transports.get(url);
  if (!t) {
    // The URL's own settings (host, port, smtps, credentials) win over these.
    t = createTransport({
      url,
      pool: false,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    transports.set(url, t);
  }
  return t;
}

const SEPARATORS = /[\s\-().]/g;
/** One address and nothing else: a list in `to` would make one notice many messages. */
const ONE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;

/**
 * E.164 for SNS: a mainland mobile `13912345678` is `+8613912345678`; `+…` and `00…` are kept as
 * international numbers. Anything else throws: SNS cannot guess the country of a bare number.
 */
export function e164(phone: string): string {
  const digits = phone.replace(SEPARATORS, '');
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return digits;
  if (/^00[1-9]\d{6,14}$/.test(digits)) return `+${digits.slice(2)}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  if (/^861[3-9]\d{9}$/.test(digits)) return `+${digits}`;
  throw new Error('the SMS recipient is not a phone number in E.164 form or a mainland mobile number');
}

/** The number as an SMS gateway's mail address takes it (`<number>@<domain>`): digits, an optional leading `+`. */
function gatewayNumber(phone: string): string {
  const digits = phone.replace(SEPARATORS, '');
  if (!/^\+?\d{5,15}$/.test(digits)) throw new Error('the SMS recipient is not a phone number');
  return digits;
}

async function smtpSend(url: string, from: string, m: OutgoingMessage): Promise<{ providerId: string }> {
  if (!ONE_ADDRESS.test(m.to)) throw new Error('the recipient is not one e-mail address');
  const info = await transport(url).sendMail({
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
  });
  return { providerId: String(info.messageId || m.messageId) };
}

export function channels(config: { email: EmailChannel; sms: SmsChannel }, clients: ChannelClients = {}): Channels {
  const ses = (): SESv2Client => {
    if (clients.ses) return clients.ses;
    sharedSes ??= new SESv2Client({ maxAttempts: 3 });
    return sharedSes;
  };
  const sns = (): SNSClient => {
    if (clients.sns) return clients.sns;
    sharedSns ??= new SNSClient({ maxAttempts: 3 });
    return sharedSns;
  };

  return {
    async sendEmail(m) {
      const email = config.email;
      if (email.kind === 'smtp') return smtpSend(email.url, email.from, m);
      // SES sets its own Message-ID; the notifier's claim is what keeps retries from sending twice there.
      const out = await ses().send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [m.to] },
          Content: {
            Simple: {
              Subject: { Data: m.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: m.text, Charset: 'UTF-8' } },
            },
          },
          ...(email.configurationSet ? { ConfigurationSetName: email.configurationSet } : {}),
        }),
        { abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
      return { providerId: out.MessageId ?? '' };
    },

    async sendSms(m) {
      const sms = config.sms;
      if (sms.kind === 'smtp-gateway') {
        return smtpSend(sms.url, sms.from, { ...m, to: `${gatewayNumber(m.to)}@${sms.domain}`, subject: '' });
      }
      const out = await sns().send(
        new PublishCommand({
          PhoneNumber: e164(m.to),
          Message: m.text,
          MessageAttributes: {
            // Notices are transactional: delivered for reliability, not cost, and outside marketing hours rules.
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(sms.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: sms.senderId } } : {}),
          },
        }),
        { abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
      return { providerId: out.MessageId ?? '' };
    },
  };
}
