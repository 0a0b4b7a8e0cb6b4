// CLOCK_START for the local runtime: the functions' clock (`#lib/clock.ts`) starts at a chosen
// instant and runs on from there, so deadlines around holidays can be tried without waiting for
// them. Only handlers' `now()` moves; token verification, logs and timers keep real time.

import { clockOffset, setClockOffset } from '#lib/clock.ts';
import { LocalRuntimeError } from './errors.ts';

// Full ISO 8601 date-time with an explicit zone: without one, Date.parse would read the host's
// local time, and the same setting would mean different instants on different machines.
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** The instant CLOCK_START names; a LocalRuntimeError saying what is wrong otherwise. */
export function parseClockStart(text: string): Date {
  const m = ISO_RE.exec(text.trim());
  const invalid = (why: string) =>
    new LocalRuntimeError(
      'INVALID_OPTION',
      `CLOCK_START=${text} ${why} (expected an ISO timestamp with a time zone, e.g. 2026-09-24T10:00:00+08:00 or 2026-09-24T02:00:00Z)`,
    );
  if (!m) throw invalid('is not an ISO timestamp');
  if (m[8] === undefined) throw invalid('has no time zone');
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.parse rolls 2026-02-30 over to March 2; a typo must not silently become another day.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw invalid('is not a real date');
  if (hour > 23 || minute > 59 || second > 59) throw invalid('is not a real time of day');
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) throw invalid('has an impossible zone offset');
  const ms = Date.parse(text.trim());
  if (!Number.isFinite(ms)) throw invalid('is not an ISO timestamp');
  return new Date(ms);
}

/**
 * Starts the functions' clock at `start` from this moment on, on the module instance the handlers
 * import (`#lib/clock.ts`). Returns how to put back the offset that was there before.
 */
export function startClockAt(start: Date): () => void {
  if (!Number.isFinite(start.getTime())) throw new LocalRuntimeError('INVALID_OPTION', 'clock start is not a valid date');
  const previous = clockOffset();
  setClockOffset(start.getTime() - Date.now());
  return () => setClockOffset(previous);
}
