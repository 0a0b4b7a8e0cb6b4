// A mail relay that keeps refusing (SPEC §11): the notices of a filing are tried maxReceiveCount
// times, land in the notifications DLQ, and are listed in /dead-letters with the relay's error while
// GET /cases/{id}/notifications says `failed`; once the relay is back, a redrive delivers each
// exactly once. On the local runtime with a 1 s visibility timeout (3 min in the shipped topology).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import { queues } from '#infra/topology.ts';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { eventually } from '../support/local-stack.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';

const HOLDER_EMAIL = 'legal@ziyang-tea.example.cn';
const HOLDER_PHONE = '13991500456';

let runtime: LocalRuntime;
let dataDir: string;
let api: ReturnType<typeof client>;
let holder: string;
let supervisor: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'notice-dlq-'));
  runtime = await startLocalRuntime({
    dataDir,
    inMemory: true,
    port: 0,
    pages: false,
    // Long enough that no delivery comes back while a slow (loaded) notifier still holds its claim:
    // a redelivery then is "busy", a receive that counts as no try at sending.
    visibilityTimeoutSeconds: 3,
    log: (level, message, fields = {}) => {
      if (level === 'error' && message !== 'record failed; it will be retried')
        process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
    },
  });
  api = client({ url: runtime.httpUrl } as RuntimeProcess);
  holder = await runtime.jwt.signToken({ role: 'rights_holder', sub: 'holder-dlq' });
  supervisor = await runtime.jwt.signToken({ role: 'supervisor', sub: 'supervisor-dlq' });
}, 90_000);

afterAll(async () => {
  runtime?.mailbox.setFailing(false);
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('a mail relay that keeps failing', () => {
  it('parks the notices in the dead letters with the relay’s error; a redrive once it is back sends each once', async () => {
    runtime.mailbox.setFailing(true);
    const filed = await api.call('POST', '/complaints', {
      token: holder,
      body: validComplaint((c) => {
        c.complainant.contact = { email: HOLDER_EMAIL, phone: HOLDER_PHONE };
        c.respondent = { name: '紫阳某某茶叶店' };
      }),
    });
    expect(filed.status).toBe(202);
    const { caseId, caseNumber } = filed.body as { caseId: string; caseNumber: string };

    // The receipt by e-mail and by SMS, each tried maxReceiveCount times, then in the DLQ.
    const maxReceiveCount = queues.find((q) => q.id === 'notifications')!.maxReceiveCount;
    const parked = await eventually(
      async () => {
        const page = await api.call('GET', '/dead-letters?queue=notifications&limit=100', { token: supervisor });
        const mine = (page.body.items as { caseId: string; error: { message: string } | null; attempts: number | null }[]).filter(
          (i) => i.caseId === caseId,
        );
        if (mine.length < 2) throw new Error(`${mine.length} of the case's notices in the DLQ so far`);
        return mine;
      },
      60_000,
      250,
    );
    for (const letter of parked) {
      expect(letter.error?.message).toMatch(/451/);
      expect(letter.attempts).toBe(maxReceiveCount);
    }
    const seen = await api.call('GET', `/cases/${caseId}/notifications`, { token: supervisor });
    const receipt = (seen.body.items as { eventType: string; status: string; lastError: string | null; attempts: number }[]).filter(
      (n) => n.eventType === 'submitted',
    );
    expect(receipt.map((n) => n.status)).toEqual(['failed', 'failed']);
    expect(receipt.every((n) => /451/.test(n.lastError ?? '') && n.attempts === maxReceiveCount)).toBe(true);
    expect(runtime.mailbox.mails().filter((m) => m.subject.includes(caseNumber))).toEqual([]);

    runtime.mailbox.setFailing(false);
    const redriven = await api.call('POST', '/dead-letters/redrive', { token: supervisor, body: { queue: 'notifications' } });
    expect(redriven.status).toBe(200);
    expect(redriven.body.redriven).toBeGreaterThanOrEqual(2);

    await eventually(async () => {
      const mails = runtime.mailbox.mails().filter((m) => m.to.includes(HOLDER_EMAIL) && m.subject.includes(caseNumber));
      const sms = runtime.mailbox.sms().filter((s) => s.to === HOLDER_PHONE && s.text.includes(caseNumber));
      // Receipt and routed: two e-mails and two SMS, each once.
      if (mails.length < 2 || sms.length < 2) throw new Error(`${mails.length} mails, ${sms.length} SMS so far`);
    }, 30_000);
    const after = await api.call('GET', `/cases/${caseId}/notifications`, { token: supervisor });
    const items = after.body.items as { status: string }[];
    expect(items.map((n) => n.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(runtime.mailbox.mails().filter((m) => m.subject.includes(caseNumber))).toHaveLength(2);
    expect(runtime.mailbox.sms().filter((s) => s.text.includes(caseNumber))).toHaveLength(2);
  }, 150_000);
});
