// The local runtime's mailbox as a test reads it (GET /dev/outbox, SPEC §11): the mails and SMS the
// notifier sent, newest first, and the invitation code a respondent was sent (SPEC §10).

import { CODE_ALPHABET, CODE_LENGTH } from '#domain/invitations.ts';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}
export interface Sms {
  to: string;
  text: string;
}
export interface Outbox {
  mails: Mail[];
  sms: Sms[];
}

export async function readOutbox(baseUrl: string): Promise<Outbox> {
  const answer = await fetch(`${baseUrl}/dev/outbox`);
  if (answer.status !== 200) throw new Error(`GET /dev/outbox: ${answer.status}`);
  return (await answer.json()) as Outbox;
}

/** Waits until `found` holds for what the mailbox has, and answers it. */
export async function untilInOutbox<T>(baseUrl: string, what: string, found: (box: Outbox) => T | undefined, ms = 20_000): Promise<T> {
  const started = Date.now();
  let box = await readOutbox(baseUrl);
  while (Date.now() - started < ms) {
    const value = found(box);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 150));
    box = await readOutbox(baseUrl);
  }
  throw new Error(`${what}: not in the mailbox within ${ms} ms; it holds ${JSON.stringify(box).slice(0, 2000)}`);
}

const CODE_IN_TEXT = new RegExp(`(?:邀请码|Code )([${CODE_ALPHABET}]{${CODE_LENGTH}})`);

/** The code in an invitation's text, if it is one. */
export function invitationCodeIn(text: string): string | undefined {
  return CODE_IN_TEXT.exec(text)?.[1];
}

/**
 * The code of the newest invitation mailed to `email` for the case, other than those in `seen`
 * (a new invitation voids the old code: wait for the new one).
 */
export function invitationCode(baseUrl: string, email: string, caseNumber: string, seen: readonly string[] = []): Promise<string> {
  return untilInOutbox(baseUrl, `an invitation to ${email} for ${caseNumber}`, (box) => {
    for (const mail of box.mails) {
      if (!mail.to.includes(email) || !mail.subject.includes(caseNumber)) continue;
      const code = invitationCodeIn(mail.text);
      if (code && !seen.includes(code)) return code;
    }
    return undefined;
  });
}
