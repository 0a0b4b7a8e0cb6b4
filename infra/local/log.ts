// Structured JSON log lines for the local runtime itself (pollers, HTTP edge, process management),
// in the same shape the functions log (`level`, `time`, `message`, fields), so one filter reads both.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

import { logLevel } from '#lib/config.ts';
import { redactValue } from '#lib/log.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Writes one JSON line per entry: warnings and errors to stderr, the rest to stdout. */
export const jsonLogger: Logger = (level, message, fields = {}) => {
  // The functions' reader (LOG_LEVEL locally): one setting for the runtime and the functions it runs.
  if (LEVELS[level] < LEVELS[logLevel()]) return;
  // The same last line of defence as the functions' logs: no ID numbers, phones or emails.
  const line = JSON.stringify(redactValue({ level, time: new Date().toISOString(), message, source: 'local-runtime', ...fields }));
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, errorMessage: error.message, stack: error.stack } : { error: String(error) };
}
