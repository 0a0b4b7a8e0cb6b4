// Structured JSON logs: one line per entry, carrying the request id and case id of the work in hand.
// Context flows through AsyncLocalStorage so deep code (the store, the publisher) logs with it too.
// Never log complaint bodies: they hold phone and ID numbers. As a last line of defence every line
// is redacted before it is written (`redact`): resident ID numbers, mainland phone numbers and
// email addresses that reach a log anyway — in an error message, a URL path — become placeholders.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  function: string;
  requestId?: string;
  caseId?: string;
  messageId?: string;
  /** A stream batch: the sequence numbers of its first and last records (`first..last`), as the table's stream knows them. */
  streamRecords?: string;
  /** Lambda's id of the invocation: the same id is on its START, END and REPORT lines. */
  awsRequestId?: string;
  /** The X-Ray trace (its Root) the invocation belongs to: finds the trace from a log line and back. */
  traceId?: string;
  /** True on a function's first invocation in this process: the one that paid for init. */
  coldStart?: boolean;
}

const storage = new AsyncLocalStorage<LogContext>();
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

// config.ts owns the environment and hands its reader in (`logLevelFrom`); log.ts cannot ask it
// itself, because config.ts logs its own init failure and the two would import each other.
let levelOf: () => LogLevel = () => 'info';

/** Where the threshold comes from; config.ts calls it when it loads. */
export function logLevelFrom(source: () => LogLevel): void {
  levelOf = source;
}

function threshold(): number {
  return LEVELS[levelOf()] ?? LEVELS.info;
}

// Per function name, not per process: locally one process hosts every function, while in Lambda
// each process hosts one, where this is the same as "first invocation of the process".
const invoked = new Set<string>();

/**
 * The fields that join a function's lines to its invocation: Lambda's request id, the X-Ray trace
 * and whether this invocation was the cold start. Called once per invocation, at its start.
 */
export function invocationFields(
  functionName: string,
  context: { awsRequestId?: string } | undefined,
  traceId: string | undefined,
): Partial<LogContext> {
  const coldStart = !invoked.has(functionName);
  invoked.add(functionName);
  return {
    ...(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {}),
    ...(traceId ? { traceId } : {}),
    coldStart,
  };
}

export function withLogContext<T>(context: LogContext, fn: () => Promise<T>): Promise<T> {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** Adds fields (e.g. the case id once known) to the current context. */
export function addLogContext(fields: Partial<LogContext>): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

function write(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < threshold()) return;
  const line = JSON.stringify(redactValue({ level, time: new Date().toISOString(), message, ...storage.getStore(), ...fields }));
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};

export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, errorMessage: error.message, stack: error.stack } : { error: String(error) };
}

// Personal data patterns (PIPL: ID numbers, phone numbers and email addresses identify a person).
// Bounded by anything but a letter or digit, so ids, hashes, credit codes and timestamps never match.
// URL-encoded forms count too (`%2B86…`, `%20`, `%40`): paths are logged as they arrive.
// Every line passes through here, and a caller chooses what some lines hold (a path), so the cost
// must stay in proportion to the text: each pattern below reads at most ~25 characters from any
// start (fixed-length numbers, optional separators of one character or one escape), and e-mail
// addresses, whose parts have no fixed length, are found by a one-pass scan instead of a pattern.
const NOT_ALNUM_BEFORE = '(?:(?<![0-9A-Za-z])|(?<=%[0-9A-Fa-f]{2}))';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z])';
const SEP = '(?:[-\\s]|%20)?';
const REDACTIONS: [RegExp, string][] = [
  // Resident ID (居民身份证号码): 6-digit region, birth date, 3-digit sequence, check digit or X.
  [
    new RegExp(
      `${NOT_ALNUM_BEFORE}[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]${NOT_ALNUM_AFTER}`,
      'g',
    ),
    '[redacted-id-number]',
  ],
  // Mainland mobile, with an optional +86 and the spaces or hyphens people write: 138 9150 0123.
  [new RegExp(`${NOT_ALNUM_BEFORE}(?:(?:\\+|%2[Bb])?86${SEP})?1[3-9]\\d(?:${SEP}\\d{4}){2}${NOT_ALNUM_AFTER}`, 'g'), '[redacted-phone]'],
  // Landline with its area code set apart: 0915-3212345, (029) 88881234.
  [
    new RegExp(`${NOT_ALNUM_BEFORE}(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}(?:[-\\s]|%20))[2-9]\\d{6,7}${NOT_ALNUM_AFTER}`, 'g'),
    '[redacted-phone]',
  ],
];
const EMAIL_PLACEHOLDER = '[redacted-email]';

const AT = 0x40;
const DOT = 0x2e;
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c: number): boolean => isLetter(c) || (c >= 0x30 && c <= 0x39);
/** A domain label: letters, digits, hyphens. */
const isLabelChar = (c: number): boolean => isAlnum(c) || c === 0x2d;
/** A local part: letters, digits and `._%+-` (`%` because paths carry it escaped). */
const isLocalChar = (c: number): boolean => isLabelChar(c) || c === DOT || c === 0x5f || c === 0x25 || c === 0x2b;

/**
 * Where the domain that starts at `from` ends — labels joined by dots, the last one (at least) two
 * letters, as in `b.example.cn` — or -1 if none starts there. Reads only the run of domain characters.
 */
function domainEnd(text: string, from: number): number {
  let end = -1;
  let label = from;
  for (let index = 0; ; index++) {
    let i = label;
    let leadingLetters = 0;
    for (; i < text.length && isLabelChar(text.charCodeAt(i)); i++) {
      if (leadingLetters === i - label && isLetter(text.charCodeAt(i))) leadingLetters++;
    }
    // The longest reading wins: a later label that starts with two letters ends the address further on.
    if (index > 0 && leadingLetters >= 2) end = label + leadingLetters;
    if (i === label || text.charCodeAt(i) !== DOT) return end;
    label = i + 1;
  }
}

/**
 * E-mail addresses, `local@domain` or `local%40domain`, in one pass. A pattern such as
 * `[A-Za-z0-9._%+-]+@…` is tried again from every character of a long run of such characters and
 * reads the rest of the run each time: the square of its length. Here the local part is the run of
 * local-part characters before the `@` (never reaching back into an address already replaced), and
 * each domain is read once — it ends at the next `@` or `%` at the latest, so domains never overlap.
 */
function redactEmails(text: string): string {
  let out = '';
  let copied = 0;
  let runStart = 0;
  for (let i = 0; i < text.length; ) {
    const separator = text.charCodeAt(i) === AT ? 1 : text.startsWith('%40', i) ? 3 : 0;
    if (separator > 0 && runStart < i) {
      const end = domainEnd(text, i + separator);
      if (end > 0) {
        out += text.slice(copied, runStart) + EMAIL_PLACEHOLDER;
        copied = runStart = i = end;
        continue;
      }
    }
    if (!isLocalChar(text.charCodeAt(i))) runStart = i + 1;
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The text with resident ID numbers, mainland phone numbers and email addresses replaced. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return redactEmails(out);
}

/** The most of one value a caller chose (a request path) that a log line carries. */
export const LOGGED_VALUE_MAX = 256;

/** What may be part of an ID or phone number or an e-mail address: a cut there would log a fragment. */
const isValueChar = (c: number): boolean => isLocalChar(c) || c === AT || c === 0x20 || c === 0x28 || c === 0x29;

/**
 * At most `max` characters of a caller's value, marked as cut with its full length. Applied before
 * redaction, so neither redaction nor the log grows with what a caller sends. A cut inside a value
 * moves back to the separator before it (`/`, `?`, `=`…): half a phone number is still personal data.
 */
export function clipForLog(text: string, max = LOGGED_VALUE_MAX): string {
  if (text.length <= max) return text;
  let keep = max;
  if (isValueChar(text.charCodeAt(keep))) while (keep > 0 && isValueChar(text.charCodeAt(keep - 1))) keep--;
  return `${text.slice(0, keep)}…[cut: ${text.length} characters]`;
}

/** `redact` applied to every string in a log entry (keys included), before it is serialised. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return redactValue((value as { toJSON(): unknown }).toJSON(), depth + 1);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[redact(key)] = redactValue(item, depth + 1);
  return out;
}
