// The local runtime as `npm start` runs it, for reliability tests: the rate limits (per user, per address) off
// (these tests send bursts on purpose), and a way to kill it the hard way.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRuntimeProcess, type RuntimeProcess } from '../../support/runtime-process.ts';
import type { RuntimeFile } from '#infra/local/runtime.ts';

export const NO_RATE_LIMIT = { RATE_LIMIT_RPS: '0', RATE_LIMIT_BURST: '0', ADDRESS_RATE_LIMIT_RPS: '0', ADDRESS_RATE_LIMIT_BURST: '0' };

/**
 * Starts the runtime and waits for its banner: /health answers as soon as HTTP listens, the banner
 * only once pollers run, the start-up recovery is done and runtime.json is (re)written.
 */
export async function startRuntime(options: { dataDir?: string; args?: string[] } = {}): Promise<RuntimeProcess> {
  const rt = await startRuntimeProcess({ ...options, env: NO_RATE_LIMIT });
  const deadline = Date.now() + 60_000;
  while (!rt.output().includes('Ctrl-C stops everything')) {
    if (rt.child.exitCode !== null || Date.now() > deadline) {
      await rt.stop('SIGKILL');
      throw new Error(`the runtime did not print its banner:\n${rt.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return rt;
}

export function readRuntimeFile(dataDir: string): RuntimeFile {
  return JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** True while `pid` is a DynamoDB Local JVM (pids get reused; the command line says what it is). */
export function isDynamoDbLocal(pid: number): boolean {
  return commandLine(pid).includes('DynamoDBLocal');
}

/**
 * SIGKILL of the process that runs the runtime (the pid it wrote to runtime.json). Nothing gets to
 * clean up: no graceful stop, runtime.json left behind, and the DynamoDB Local JVM orphaned — the
 * next start must deal with all of it. Resolves when the process is gone and its output pipes are
 * closed.
 */
export async function killHard(rt: RuntimeProcess): Promise<RuntimeFile> {
  const file = readRuntimeFile(rt.dataDir);
  // 'close': exited and its output pipes drained, so `rt.output()` holds everything it wrote.
  const exited = new Promise<void>((resolve) => {
    if ((rt.child.exitCode !== null || rt.child.signalCode !== null) && rt.child.stdout?.readableEnded !== false) resolve();
    else rt.child.once('close', () => resolve());
  });
  process.kill(file.pid, 'SIGKILL');
  await exited;
  return file;
}

/** Last resort after a failed test: nothing of ours may keep running. */
export function killLeftovers(file: Pick<RuntimeFile, 'pid' | 'dynamodbPid'> | undefined): void {
  if (!file) return;
  for (const pid of [file.pid, file.dynamodbPid]) {
    const ours = pid === file.dynamodbPid ? isDynamoDbLocal(pid) : commandLine(pid).includes('infra/local/main.ts');
    if (!ours) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
