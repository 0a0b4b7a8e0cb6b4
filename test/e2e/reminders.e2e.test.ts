// Deadline reminders (SPEC §11) as an operator would see them: `npm start` with CLOCK_START in its own
// process, started three times on one DATA_DIR as days pass, and the deadline sweep run with
// `npm run invoke -- sweepDeadlines` under the same CLOCK_START (its timer would only run every five
// minutes). An adjudication case filed on Mon 16 Nov 2026 has its filing review due at the end of
// Mon 23 Nov (five working days). Its assignee is reminded on Fri 20 Nov — the working day before
// — once, however often the sweep runs; not on Thu 19 Nov. The mail is read from the runtime's
// mailbox (GET /dev/outbox).

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '#infra/local/handlers.ts';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { nodeTs } from '../support/node-ts.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

const MONDAY = '2026-11-16T02:00:00Z'; // 10:00 CST
const THURSDAY = '2026-11-19T02:00:00Z';
const FRIDAY = '2026-11-20T02:00:00Z';
const DUE = '2026-11-23T15:59:59.999Z';
const OFFICER_EMAIL = 'wang.officer@amr.ankang.local';

let dataDir: string;
let rt: RuntimeProcess | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'akip-reminders-'));
});
afterAll(async () => {
  await rt?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function startAt(clockStart: string): Promise<RuntimeProcess> {
  await rt?.stop();
  rt = await startRuntimeProcess({ dataDir, env: { CLOCK_START: clockStart } });
  return rt;
}

/** `npm run invoke -- sweepDeadlines` with CLOCK_START, as a shell would run it; answers the sweep's result. */
function sweepAt(clockStart: string): Promise<{ flagged: number; reminded: number }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, CLOCK_START: clockStart };
    execFile(...nodeTs('tools/invoke.ts', ['sweepDeadlines']), { cwd: repoRoot, env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`invoke failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as { flagged: number; reminded: number });
    });
  });
}

async function remindersOf(runtime: RuntimeProcess, caseNumber: string): Promise<{ to: string[]; subject: string; text: string }[]> {
  const box = (await (await fetch(`${runtime.url}/dev/outbox`)).json()) as { mails: { to: string[]; subject: string; text: string }[] };
  return box.mails.filter((m) => m.to.includes(OFFICER_EMAIL) && m.subject.includes(caseNumber));
}

describe('a clock due next working day', () => {
  it('reminds the assignee once, on the working day before it falls due', async () => {
    let runtime = await startAt(MONDAY);
    let api = client(runtime);
    const holder = await runtime.token('rights_holder', 'holder-reminder');
    const officer = await runtime.token('officer', 'officer-reminder');
    expect((await api.call('PUT', '/me/notice-settings', { token: officer, body: { email: OFFICER_EMAIL } })).status).toBe(200);
    const c = await api.file(
      validComplaint((x) => {
        x.preferredPath = 'administrative_adjudication';
        x.respondent = { name: '汉阴某某农资店' };
      }),
      holder,
    );
    expect(c.deadline).toMatchObject({ kind: 'filing_review', dueAt: DUE });
    expect((await api.claim(c.caseId, officer)).status).toBe(200);
    expect(await sweepAt(MONDAY)).toMatchObject({ flagged: 0, reminded: 0 });

    runtime = await startAt(THURSDAY);
    expect(await sweepAt(THURSDAY)).toMatchObject({ flagged: 0, reminded: 0 });

    runtime = await startAt(FRIDAY);
    api = client(runtime);
    expect(await sweepAt(FRIDAY)).toMatchObject({ flagged: 0, reminded: 1 });
    expect(await sweepAt(FRIDAY)).toMatchObject({ flagged: 0, reminded: 0 });
    const started = Date.now();
    while ((await remindersOf(runtime, c.caseNumber)).length === 0 && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 200));
    // A moment more for a second copy, were there one.
    await new Promise((r) => setTimeout(r, 1_000));
    const reminders = await remindersOf(runtime, c.caseNumber);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(`/#/cases/${c.caseId}`);
    expect(reminders[0]!.text).toMatch(/2026年11月23日/);

    const timeline = await api.call('GET', `/cases/${c.caseId}/timeline?limit=100`, { token: holder });
    expect((timeline.body.items as { type: string }[]).filter((e) => e.type === 'deadline_due_soon')).toHaveLength(1);
    const seen = await api.call('GET', `/cases/${c.caseId}`, { token: officer });
    expect(seen.body.deadline).toMatchObject({ dueAt: DUE, overdue: false, reminded: true });
  }, 240_000);
});
