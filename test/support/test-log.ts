// Where the output of the code under test goes during a test run: not the terminal, a file per test
// file under test-artifacts/logs/ (test/e2e/x.e2e.test.ts → test-artifacts/logs/e2e/x.e2e.test.ts.log).
// The functions and the local runtime write JSON lines straight to process.stdout/stderr, which
// vitest does not capture (its `silent` option covers console.* only), so a run of the pipeline
// would otherwise print thousands of lines. Installed by capture-output.ts (a vitest setup file).
//
// TEST_LOGS=show also passes everything through to the terminal, as before, for watching a test live.

import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { format } from 'node:util';

export const LOG_DIR = 'test-artifacts/logs';

/** The log file of a test file, relative to the repository root. */
export function logFileOf(testFile: string, root = process.cwd()): string {
  const underTest = relative(join(root, 'test'), testFile);
  return join(LOG_DIR, `${underTest.startsWith('..') ? basename(testFile) : underTest}.log`);
}

interface Capture {
  fd: number | undefined;
  path: string;
  /** Lines written to the file so far (where the next test's output starts). */
  lines: number;
  /** What the running test wrote, for the tail shown when it fails; bounded. */
  current: string[] | undefined;
  /** console.error as vitest set it up, for what must still reach vitest past the capture. */
  originalError: (...args: unknown[]) => void;
}

type Writer = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

const CURRENT_LIMIT = 400;
// One process may run several test files (vitest reuses a worker when isolation is off): the
// streams are wrapped once per process, and the target file changes per test file.
const KEY = Symbol.for('ankang-ip.test-log');
type Holder = { [KEY]?: Capture };

function capture(): Capture | undefined {
  return (globalThis as Holder)[KEY];
}

/** Appends text to the current test file's log (and the running test's tail). No-op outside a capture. */
export function writeTestLog(text: string): void {
  const state = capture();
  if (!state || text.length === 0) return;
  if (state.fd !== undefined) {
    writeSync(state.fd, text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) state.lines++;
  }
  if (state.current) {
    state.current.push(text);
    if (state.current.length > CURRENT_LIMIT) state.current.splice(0, state.current.length - CURRENT_LIMIT);
  }
}

/**
 * A sink for a child process's output stream: whole lines into the test log, each prefixed so they
 * read apart from the test process's own lines (chunks arrive cut anywhere).
 */
export function childOutputToTestLog(prefix: string): { write(chunk: string | Buffer): void; end(): void } {
  let partial = '';
  return {
    write(chunk) {
      const text = partial + String(chunk);
      const cut = text.lastIndexOf('\n');
      if (cut === -1) {
        partial = text;
        return;
      }
      partial = text.slice(cut + 1);
      writeTestLog(
        `${text
          .slice(0, cut)
          .split('\n')
          .map((line) => `${prefix}${line}`)
          .join('\n')}\n`,
      );
    },
    end() {
      if (partial) writeTestLog(`${prefix}${partial}\n`);
      partial = '';
    },
  };
}

/** Copies a spawned process's stdout and stderr, line by line, into the test file's log. */
export function logChildOutput(child: ChildProcess, label: string): void {
  for (const [name, stream] of [
    ['out', child.stdout],
    ['err', child.stderr],
  ] as const) {
    if (!stream) continue;
    const sink = childOutputToTestLog(`[${label} ${child.pid} ${name}] `);
    stream.on('data', (chunk: string | Buffer) => sink.write(chunk));
    stream.on('end', () => sink.end());
  }
}

/** Wraps process.stdout/stderr and console once per process; returns the capture. */
export function installCapture(): Capture {
  const existing = capture();
  if (existing) return existing;
  const show = process.env.TEST_LOGS === 'show';
  const wrap = (stream: NodeJS.WriteStream): void => {
    const original = stream.write.bind(stream) as Writer;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      writeTestLog(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      if (show) return original(chunk, ...rest);
      const callback = rest.find((arg) => typeof arg === 'function') as ((error?: Error | null) => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    }) as typeof stream.write;
  };
  wrap(process.stdout);
  wrap(process.stderr);
  const state: Capture = { fd: undefined, path: '', lines: 0, current: undefined, originalError: console.error.bind(console) };
  // console.* from tests reaches vitest (which shows it for failing tests only) and the file too,
  // so the file reads in order.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      writeTestLog(`${format(...args)}\n`);
      original(...args);
    };
  }
  (globalThis as Holder)[KEY] = state;
  return state;
}

/** Starts the log of a test file afresh. */
export function openTestLog(testFile: string): string {
  const state = installCapture();
  const path = logFileOf(testFile);
  mkdirSync(dirname(path), { recursive: true });
  state.fd = openSync(path, 'w');
  state.path = path;
  state.lines = 0;
  writeTestLog(`# ${relative(process.cwd(), testFile)} — ${new Date().toISOString()} — pid ${process.pid}\n`);
  return path;
}

/** Marks the start of a test in the log; returns the line it starts on (1-based). */
export function startTest(name: string): number {
  const state = installCapture();
  writeTestLog(`\n# ── test: ${name}\n`);
  state.current = [];
  return state.lines;
}

/** The output the running test wrote so far, as lines. */
export function currentTestLines(): string[] {
  return (capture()?.current ?? [])
    .join('')
    .split('\n')
    .filter((line) => line.length > 0);
}

export function currentLogPath(): string {
  return capture()?.path ?? '';
}

/** Writes to vitest's console (shown with the failing test), past the capture. */
export function tellVitest(...args: unknown[]): void {
  (capture()?.originalError ?? console.error)(...args);
}
