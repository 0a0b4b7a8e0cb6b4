// CLOCK_START as a user would use it: `npm start`'s runtime in its own process with the functions'
// clock started on Thu 24 Sep 2026, a complaint filed over HTTP, its holiday-aware deadline read
// back over HTTP. Tokens are signed in real time and still accepted: only the functions' clock moves.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validComplaint } from '../support/complaints.ts';
import { freePort, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';
import { nodeTs } from '../support/node-ts.ts';
import { logChildOutput } from '../support/test-log.ts';

const CLOCK_START = '2026-09-24T02:00:00Z'; // Thu 24 Sep 2026, 10:00 CST
// 5 working days from the next day: Sep 28, 29, 30, Oct 8, Oct 9 (Sep 25–27 and Oct 1–7 are holidays).
const FILING_REVIEW_DUE = '2026-10-09T15:59:59.999Z';

let rt: RuntimeProcess;
let holder: string;

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'], env: { CLOCK_START } });
  holder = await rt.token('rights_holder', 'holder-clock');
});
afterAll(async () => {
  await rt?.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${holder}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${rt.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function untilQueued(caseId: string): Promise<any> {
  const started = Date.now();
  let last: any;
  while (Date.now() - started < 20_000) {
    last = (await call('GET', `/cases/${caseId}`)).body;
    if (last?.status === 'queued') return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} not queued within 20 s: ${JSON.stringify(last)}`);
}

describe('the local runtime with CLOCK_START', () => {
  it('says where its clock started', () => {
    expect(rt.output()).toContain("functions' clock started at 2026-09-24T02:00:00.000Z (2026-09-24 10:00:00 CST)");
  });

  it('gives an adjudication complaint filed "on 24 Sep 2026" a filing-review deadline that skips the holidays', async () => {
    const filed = await call(
      'POST',
      '/complaints',
      validComplaint((c) => {
        c.preferredPath = 'administrative_adjudication';
        c.respondent = { name: '紫阳某某茶叶店' };
      }),
    );
    expect(filed.status).toBe(202); // a token signed in real time is accepted: verification is not shifted
    const c = await untilQueued(filed.body.caseId);
    expect(c).toMatchObject({ path: 'administrative_adjudication', stage: 'filing_review' });
    expect(c.deadline).toEqual({ kind: 'filing_review', dueAt: FILING_REVIEW_DUE, overdue: false, extended: false });
    // The clock runs on from CLOCK_START: the case was filed seconds after it, not at the real time.
    const filedAfterStartMs = Date.parse(c.createdAt) - Date.parse(CLOCK_START);
    expect(filedAfterStartMs).toBeGreaterThanOrEqual(0);
    expect(filedAfterStartMs).toBeLessThan(120_000);
  });
});

describe('an invalid CLOCK_START', () => {
  it.each(['next tuesday', '2026-02-30T10:00:00+08:00', '2026-09-24T10:00:00'])(
    '%s: exits 1 with a message, before starting anything',
    async (value) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'akip-clock-'));
      const child = spawn(...nodeTs('infra/local/main.ts', ['--in-memory']), {
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(await freePort()), CLOCK_START: value },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      logChildOutput(child, 'npm start');
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      // Only a runtime that wrongly started would still be running after this.
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
      clearTimeout(timer);
      expect(code).toBe(1);
      expect(output).toContain(`local runtime: CLOCK_START=${value} `);
      expect(output).toContain('expected an ISO timestamp with a time zone');
      // Failed before anything started: no JVM log lines, no banner, no runtime.json.
      expect(output).not.toMatch(/DynamoDB|HTTP {6}/);
      expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
    },
    90_000,
  );
});
