// CLOCK_START as a user would use it: `npm start`'s runtime in its own process with the functions'
// clock started on Thu 24 Sep 2026, a complaint filed over HTTP, its holiday-aware deadline read
// back over HTTP. Tokens are signed in real time and still accepted: only the functions' clock moves.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
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
    expect(c.deadline).toEqual({
      kind: 'filing_review',
      dueAt: FILING_REVIEW_DUE,
      overdue: false,
      extended: false,
      startedOn: '2026-09-24',
    });
    // The clock runs on from CLOCK_START: the case was filed seconds after it, not at the real time.
    const filedAfterStartMs = Date.parse(c.createdAt) - Date.parse(CLOCK_START);
    expect(filedAfterStartMs).toBeGreaterThanOrEqual(0);
    expect(filedAfterStartMs).toBeLessThan(120_000);
  });
});

// SPEC §6 v2 roll-over: a period in days whose last day is a holiday ends on the next working day.
// Started Tue 29 Sep 2026: arbitration acceptance (5 days) would end Sun 4 Oct and the police decision
// (3 days) Fri 2 Oct, both inside National Day (Oct 1–7): both fall due at the end of Thu 8 Oct.
describe('the local runtime started on 29 Sep 2026 (roll-over across National Day)', () => {
  const NATIONAL_DAY_START = '2026-09-29T02:00:00Z'; // Tue 29 Sep 2026, 10:00 CST
  const END_OF_OCT_8 = '2026-10-08T15:59:59.999Z';
  let autumn: RuntimeProcess;
  let http: ReturnType<typeof client>;

  beforeAll(async () => {
    autumn = await startRuntimeProcess({ args: ['--in-memory'], env: { CLOCK_START: NATIONAL_DAY_START } });
    http = client(autumn);
  });
  afterAll(async () => {
    await autumn?.stop();
  });

  it('gives an arbitration case queued that day its acceptance clock until the end of Oct 8', async () => {
    const holder = await autumn.token('rights_holder', 'holder-arbitration-autumn');
    const c = await http.file(
      validComplaint((x) => {
        x.preferredPath = 'arbitration';
        x.arbitrationAgreement = { reference: 'AK-ARB-2026-031', signedOn: '2026-03-01' };
        x.respondent = { name: '汉阴某某茶叶店' };
      }),
      holder,
    );
    expect(c).toMatchObject({ path: 'arbitration', stage: 'acceptance_review' });
    expect(c.deadline).toEqual({
      kind: 'arbitration_acceptance',
      dueAt: END_OF_OCT_8,
      overdue: false,
      extended: false,
      startedOn: '2026-09-29',
    });
  });

  it('gives a case transferred to the police that day its decision clock until the end of Oct 8', async () => {
    const holder = await autumn.token('rights_holder', 'holder-police-autumn');
    const officer = await autumn.token('officer', 'officer-police-autumn');
    const c = await http.file(
      validComplaint((x) => {
        x.preferredPath = 'administrative_adjudication';
        x.respondent = { name: '石泉某某五金店' };
      }),
      holder,
    );
    const claimed = await http.claim(c.caseId, officer);
    expect(claimed.status).toBe(200);
    const filed = await http.step(claimed.body, officer, 'accept_filing');
    const transferred = await http.step(filed, officer, 'transfer_to_police', { reason: '涉嫌假冒专利罪，涉案金额较大' });
    expect(transferred).toMatchObject({ status: 'transferred' });
    expect(transferred.deadline).toEqual({
      kind: 'police_decision',
      dueAt: END_OF_OCT_8,
      overdue: false,
      extended: false,
      startedOn: '2026-09-29',
    });
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
