// Child processes (the DynamoDB Local JVM) must not outlive the runtime that started them.
// `stop()` kills them in the normal case; this guard covers the rest: the Node process exiting
// (incl. uncaught errors) and terminating signals that nobody else handles. A SIGKILL of the
// parent cannot be caught; the JVM registry in dynamodb.ts cleans up after that on the next start.

import type { ChildProcess } from 'node:child_process';

const guarded = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function killAll(signal: NodeJS.Signals): void {
  for (const child of guarded) {
    if (isRunning(child)) child.kill(signal);
  }
}

const onExit = (): void => killAll('SIGKILL');

const onSignal = (signal: NodeJS.Signals): void => {
  // Someone else (the CLI) handles this signal and will stop the runtime in order: leave it to them.
  if (process.listeners(signal).some((listener) => listener !== onSignal)) return;
  killAll('SIGKILL');
  // Behave as if we had not been listening: die of the same signal.
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
};

function install(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.removeListener('exit', onExit);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/** Kills `child` if this process goes away first. Returns the function that releases the guard. */
export function guardChild(child: ChildProcess): () => void {
  if (guarded.size === 0) install();
  guarded.add(child);
  const release = (): void => {
    if (!guarded.delete(child)) return;
    if (guarded.size === 0) uninstall();
  };
  child.once('exit', release);
  return release;
}

/** Resolves when the child has exited, or after `ms` with false. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.removeListener('exit', done);
      resolve(false);
    }, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', done);
  });
}

/** SIGTERM (DynamoDB Local flushes its file), then SIGKILL if it does not go in time. */
export async function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (!isRunning(child)) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, 2000);
}
