// Deadline reminders (SPEC §11) over HTTP against the local runtime with CLOCK_START, started three
// times on one data directory as days pass: an adjudication case filed on Mon 16 Nov 2026 has its
// filing review due at the end of Mon 23 Nov (five working days). Its assignee is reminded on
// Fri 20 Nov — the working day before — once, however often the sweep runs; not on Thu 19 Nov.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';

const MONDAY = new Date('2026-11-16T02:00:00Z'); // 10:00 CST
const THURSDAY = new Date('2026-11-19T02:00:00Z');
const FRIDAY = new Date('2026-11-20T02:00:00Z');
const DUE = '2026-11-23T15:59:59.999Z';
const OFFICER_EMAIL = 'wang.officer@amr.ankang.local';

let dataDir: string;
let runtime: LocalRuntime | undefined;

const quiet = (level: string, message: string, fields: Record<string, unknown> = {}) => {
  if (level === 'error') process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
};

async function startAt(clockStart: Date): Promise<LocalRuntime> {
  runtime = await startLocalRuntime({ dataDir, port: 0, clockStart, pages: false, log: quiet });
  return runtime;
}

async function stop(): Promise<void> {
  await runtime?.stop();
  runtime = undefined;
}

const remindersTo = (rt: LocalRuntime, caseNumber: string) =>
  rt.mailbox.mails().filter((m) => m.to.includes(OFFICER_EMAIL) && m.subject.includes(caseNumber));

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'akip-reminders-'));
});
afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('a clock due next working day', () => {
  it('reminds the assignee once, on the working day before it falls due', async () => {
    let rt = await startAt(MONDAY);
    let api = client({ url: rt.httpUrl } as RuntimeProcess);
    const holder = await rt.jwt.signToken({ role: 'rights_holder', sub: 'holder-reminder' });
    const officer = await rt.jwt.signToken({ role: 'officer', sub: 'officer-reminder' });
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
    await rt.runSchedule('sweepDeadlines');
    await stop();

    rt = await startAt(THURSDAY);
    await rt.runSchedule('sweepDeadlines');
    await rt.drainStreams(10_000);
    expect(remindersTo(rt, c.caseNumber)).toEqual([]);
    await stop();

    rt = await startAt(FRIDAY);
    api = client({ url: rt.httpUrl } as RuntimeProcess);
    await rt.runSchedule('sweepDeadlines');
    await rt.runSchedule('sweepDeadlines');
    const started = Date.now();
    while (remindersTo(rt, c.caseNumber).length === 0 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 150));
    await rt.drainStreams(10_000);
    const reminders = remindersTo(rt, c.caseNumber);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(`/#/cases/${c.caseId}`);

    const timeline = await api.call('GET', `/cases/${c.caseId}/timeline?limit=100`, { token: holder });
    expect((timeline.body.items as { type: string }[]).filter((e) => e.type === 'deadline_due_soon')).toHaveLength(1);
    const seen = await api.call('GET', `/cases/${c.caseId}`, { token: officer });
    expect(seen.body.deadline).toMatchObject({ dueAt: DUE, overdue: false, reminded: true });
  }, 180_000);
});
