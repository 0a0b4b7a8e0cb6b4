// Structured JSON logs: one line per entry, carrying the request id and case id of the work in hand.
// Context flows through AsyncLocalStorage so deep code (the store, the publisher) logs with it too.
// Never log complaint bodies: they hold phone and ID numbers.

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
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...storage.getStore(), ...fields });
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
