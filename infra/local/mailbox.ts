// The local runtime's mailbox (SPEC §11): a real SMTP server (npm `smtp-server`) that takes every
// notice the functions send and keeps it under a directory, so that tests and the development page
// read what a recipient would have received.
//
//   <dir>/mail/<n>-<safe message id>.eml   each e-mail as it arrived
//   <dir>/mail/index.jsonl                 one JSON line per e-mail (StoredMail)
//   <dir>/sms.jsonl                        one JSON line per SMS (StoredSms)
//
// Mail to <number>@<smsDomain> is an SMS: the mailbox stands in for an SMS gateway that takes mail,
// as enterprise gateways do, and keeps the number and the mail's plain text.
//
// It listens on loopback without authentication or TLS and parses with mailparser; whatever a client
// sends, the server answers with an SMTP reply and never throws, and every size is bounded.

import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface MailboxOptions {
  dir: string;
  /** Default 127.0.0.1: loopback only. */
  host?: string;
  /** 0 (the default): a free port. */
  port?: number;
  /** Mail to <phone>@<smsDomain> is an SMS. */
  smsDomain: string;
  log?: (line: string) => void;
}

export interface StoredMail {
  id: string;
  messageId: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The .eml file. */
  file: string;
}

export interface StoredSms {
  id: string;
  messageId: string;
  receivedAt: string;
  /** The phone number. */
  to: string;
  text: string;
}

export interface Mailbox {
  port: number;
  /** smtp://<host>:<port> */
  url: string;
  /** Oldest first, read from disk: they outlive a restart on the same directory. */
  mails(): StoredMail[];
  sms(): StoredSms[];
  /** Makes the server refuse every message with a 4xx (a failing relay) until set back to false. */
  setFailing(failing: boolean): void;
  stop(): Promise<void>;
}

/** About 1 MB: a notice is a few kilobytes; the server refuses anything larger (552). */
export const MAX_MESSAGE_BYTES = 1_000_000;
const MAX_RECIPIENTS = 50;
const MAX_CLIENTS = 32;
const MAX_SUBJECT_CHARS = 1_000;
const MAX_TEXT_CHARS = 100_000;
const MAX_ADDRESS_CHARS = 320;
/** A phone number as the local part of an SMS address. */
const PHONE = /^\+?[0-9]{3,20}$/;

/** An SMTP reply to refuse with: smtp-server sends `<responseCode> <message>`. */
function refusal(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Every well-formed line of a JSON-lines file; a line a crash cut short is skipped. */
function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const out: T[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // cut short by a crash mid-write: the message was not acknowledged, its sender tries again
    }
  }
  return out;
}

/** Ends a file a crash left without its last newline, so the next line does not glue onto the torn one. */
function closeTornLine(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, last, 0, 1, size - 1);
  } finally {
    closeSync(fd);
  }
  if (last[0] !== 0x0a) appendFileSync(file, '\n');
}

/** One JSON line, appended with one write: a reader sees the whole line or (after a crash) a torn one it skips. */
function appendLine(file: string, value: unknown): void {
  appendFileSync(file, `${JSON.stringify(value)}\n`);
}

const addressesOf = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()))
    .filter((a) => a !== '')
    .map((a) => clip(a, MAX_ADDRESS_CHARS));

/** A file-name-safe form of a Message-ID: `<abc.1@host>` → `abc.1_host`. */
const safeId = (messageId: string): string =>
  messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 64) || 'message';

export async function startMailbox(options: MailboxOptions): Promise<Mailbox> {
  const say = options.log ?? (() => undefined);
  const mailDir = join(options.dir, 'mail');
  mkdirSync(mailDir, { recursive: true });
  const indexFile = join(mailDir, 'index.jsonl');
  const smsFile = join(options.dir, 'sms.jsonl');
  closeTornLine(indexFile);
  closeTornLine(smsFile);
  const smsSuffix = `@${options.smsDomain.toLowerCase()}`;
  const isSms = (address: string): boolean => address.endsWith(smsSuffix);

  // Mailboxes collapse a re-sent message with a Message-ID they already hold: it is accepted (the
  // sender must not retry it) and not kept twice. The notifier relies on this for its one window of
  // doubt: it died after the relay took a notice and before recording that; the next delivery sends
  // again with the same Message-ID, and the recipient still sees one message.
  const kept = { mail: readLines<StoredMail>(indexFile), sms: readLines<StoredSms>(smsFile) };
  const seen = new Set<string>([...kept.mail, ...kept.sms].map((m) => m.messageId));
  let lastId = Math.max(0, ...[...kept.mail, ...kept.sms].map((m) => Number(m.id)).filter(Number.isSafeInteger));
  let failing = false;

  /** Keeps one accepted message. Synchronous after parsing, so two deliveries of one Message-ID cannot both pass the check. */
  const keep = async (raw: Buffer, session: SMTPServerSession): Promise<void> => {
    const parsed = await simpleParser(raw, {
      skipHtmlToText: false,
      maxHtmlLengthToParse: MAX_MESSAGE_BYTES,
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
    const messageId = parsed.messageId ? clip(parsed.messageId, 250) : undefined;
    if (messageId && seen.has(messageId)) {
      say(`mailbox: ${messageId} is already kept; the copy is not kept again`);
      return;
    }
    if (messageId) seen.add(messageId);
    const id = (): string => String(++lastId);
    const receivedAt = new Date().toISOString();
    const text = clip((parsed.text ?? '').replace(/\s+$/, ''), MAX_TEXT_CHARS);
    const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const to = envelopeTo.length > 0 ? envelopeTo : addressesOf(parsed.to);

    for (const address of to.filter(isSms)) {
      const sms: StoredSms = {
        id: id(),
        messageId: messageId ?? `<sms-${lastId}@mailbox.local>`,
        receivedAt,
        to: address.slice(0, -smsSuffix.length),
        text,
      };
      appendLine(smsFile, sms);
    }
    const mailTo = to.filter((a) => !isSms(a));
    if (mailTo.length === 0) return;
    const n = id();
    const ownId = messageId ?? `<mail-${n}@mailbox.local>`;
    const file = join(mailDir, `${n.padStart(6, '0')}-${safeId(ownId)}.eml`);
    // Whole or not at all: the .eml is complete before the index names it.
    writeFileSync(`${file}.part`, raw);
    renameSync(`${file}.part`, file);
    const mail: StoredMail = {
      id: n,
      messageId: ownId,
      receivedAt,
      from: addressesOf(parsed.from)[0] ?? clip((session.envelope.mailFrom || { address: '' }).address, MAX_ADDRESS_CHARS),
      to: mailTo,
      subject: clip(parsed.subject ?? '', MAX_SUBJECT_CHARS),
      text,
      file,
    };
    appendLine(indexFile, mail);
  };

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void => {
    let answered = false;
    const answer = (error?: Error): void => {
      if (answered) return;
      answered = true;
      callback(error ?? null);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
    });
    stream.on('error', (error: Error) => answer(refusal(451, `could not read the message: ${error.message}`)));
    stream.on('end', () => {
      // smtp-server answers 552 itself for an oversized message, whatever this callback says.
      if (stream.sizeExceeded || size > MAX_MESSAGE_BYTES) return answer(refusal(552, 'message too large'));
      if (failing) return answer(refusal(451, 'mailbox temporarily unavailable'));
      keep(Buffer.concat(chunks), session).then(
        () => answer(),
        (error: unknown) => {
          say(`mailbox: a message could not be kept: ${error instanceof Error ? error.message : String(error)}`);
          answer(refusal(554, 'message could not be read'));
        },
      );
    });
  };

  const server = new SMTPServer({
    name: 'mailbox.local',
    banner: 'local mailbox',
    // Loopback, no credentials, no TLS: a development relay, never exposed.
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS per connection: offline machines would wait on it.
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    maxClients: MAX_CLIENTS,
    socketTimeout: 30_000,
    closeTimeout: 2_000,
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (failing) return callback(refusal(451, 'mailbox temporarily unavailable'));
      callback();
    },
    onRcptTo(address, session, callback) {
      if (failing) return callback(refusal(451, 'mailbox temporarily unavailable'));
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(refusal(452, 'too many recipients'));
      const lower = address.address.toLowerCase();
      if (lower.length > MAX_ADDRESS_CHARS) return callback(refusal(553, 'address too long'));
      if (isSms(lower) && !PHONE.test(lower.slice(0, -smsSuffix.length))) return callback(refusal(550, 'not a phone number'));
      callback();
    },
    onData,
  });
  // A client that resets its connection surfaces here; without a listener it would end the process.
  server.on('error', (error: Error) => say(`mailbox: ${error.message}`));

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  say(`mailbox: listening on ${url}, keeping mail under ${options.dir}`);

  let stopping: Promise<void> | undefined;
  return {
    port,
    url,
    mails: () => readLines<StoredMail>(indexFile),
    sms: () => readLines<StoredSms>(smsFile),
    setFailing(value) {
      failing = value;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopping;
    },
  };
}
