// The functions' clock: the only place handlers learn the time; the domain gets it as a parameter.
// The local runtime (CLOCK_START) and tests may shift it by a fixed offset to try deadlines around
// holidays; the shifted clock keeps running in real time from there. The AWS stack never shifts it.
// Only what handlers decide with (`now()`) moves: token checks, logs and timers keep real time.

let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Shifts `now()` by `ms` (0 restores the real time). For the local runtime and tests only. */
export function setClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`clock offset must be a finite number of milliseconds, got ${ms}`);
  offsetMs = Math.trunc(ms);
}

/** The current shift of `now()` against the real time, in milliseconds. */
export function clockOffset(): number {
  return offsetMs;
}
