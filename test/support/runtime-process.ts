// Runs the local runtime as a user would — `npm start`'s command in its own process — on a fresh
// DATA_DIR and a free port, and signs tokens with the key it uses.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localJwt, type LocalJwt } from '#infra/local/jwt.ts';
import { nodeTs } from './node-ts.ts';
import { logChildOutput } from './test-log.ts';

export interface RuntimeProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr interleaved as it arrived. */
  output: () => string;
  /** Each stream on its own (for reading log lines: chunks of the two may interleave mid-line in `output`). */
  stdout: () => string;
  stderr: () => string;
  jwt: LocalJwt;
  /** `agency`: an officer's agency group (SPEC §12) is added to its groups. */
  token(role: string, sub: string, agency?: string): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startRuntimeProcess(
  options: { dataDir?: string; args?: string[]; env?: Record<string, string> } = {},
): Promise<RuntimeProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'akip-e2e-'));
  const port = await freePort();
  const child = spawn(...nodeTs('infra/local/main.ts', options.args ?? []), {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  // Its lines also go to the test file's log (test-log.ts), where a failing test's reader finds them.
  logChildOutput(child, 'runtime');
  child.stdout?.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local runtime exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local runtime did not answer /health within 90 s:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const jwt = await localJwt(dataDir);
  return {
    url,
    dataDir,
    child,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    jwt,
    token: (role, sub, agency) => jwt.signToken({ role, sub, ...(agency ? { groups: [role, `agency:${agency}`] } : {}) }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function runtimeFile(dataDir: string): Record<string, unknown> | null {
  const path = join(dataDir, 'runtime.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}
