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
}

const storage = new AsyncLocalStorage<LogContext>();
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function threshold(): number {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return LEVELS[level ?? 'info'] ?? LEVELS.info;
}

export function withLogContext<T>(context: LogContext, fn: () => Promise<T>): Promise<T> {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** Adds fields (e.g. the case id once known) to the current context. */
export function addLogContext(fields: Partial<LogContext>): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
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
const NOT_ALNUM_BEFORE = '(?:(?<![0-9A-Za-z])|(?<=%[0-9A-Fa-f]{2}))';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z])';
const SEP = '(?:[-\\s]|%20)?';
const REDACTIONS: [RegExp, string][] = [
  // Resident ID (居民身份证号码): 6-digit region, birth date, 3-digit sequence, check digit or X.
  [
    new RegExp(`${NOT_ALNUM_BEFORE}[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]${NOT_ALNUM_AFTER}`, 'g'),
    '[redacted-id-number]',
  ],
  // Mainland mobile, with an optional +86 and the spaces or hyphens people write: 138 9150 0123.
  [new RegExp(`${NOT_ALNUM_BEFORE}(?:(?:\\+|%2[Bb])?86${SEP})?1[3-9]\\d(?:${SEP}\\d{4}){2}${NOT_ALNUM_AFTER}`, 'g'), '[redacted-phone]'],
  // Landline with its area code set apart: 0915-3212345, (029) 88881234.
  [new RegExp(`${NOT_ALNUM_BEFORE}(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}(?:[-\\s]|%20))[2-9]\\d{6,7}${NOT_ALNUM_AFTER}`, 'g'), '[redacted-phone]'],
  [/[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[redacted-email]'],
];

/** The text with resident ID numbers, mainland phone numbers and email addresses replaced. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/** `redact` applied to every string in a log entry (keys included), before it is serialised. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return redactValue((value as { toJSON(): unknown }).toJSON(), depth + 1);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[redact(key)] = redactValue(item, depth + 1);
  return out;
}
