// The notifier's guarantees (SPEC §11) against DynamoDB Local and the local mailbox (a real SMTP
// server): one message per (event, recipient, channel) over redelivery, concurrent deliveries and
// a notifier killed mid-batch; a relay that keeps failing leaves the notice failed with its error,
// and a later delivery sends it. planNotices, fed the same stream record twice, queues its notices once.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '#domain/notifications.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setClockOffset } from '#lib/clock.ts';
import { resetConfig } from '#lib/config.ts';
import { listDeliveries } from '#lib/notices.ts';
import { handler as notify, messageIdOf } from '../../functions/notify/handler.ts';
import { handler as planNotices } from '../../functions/plan-notices/handler.ts';
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { newCase } from '#domain/case.ts';
import { writeCases } from '#lib/case-store.ts';
import { eventItem } from '#lib/items.ts';
import { parsedComplaint } from '../support/complaints.ts';
import { sqsEvent } from '../support/events.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { nodeTs } from '../support/node-ts.ts';

let stack: LocalStack;
let scratch: string;

beforeAll(async () => {
  stack = await startLocalStack();
  scratch = mkdtempSync(join(tmpdir(), 'akip-notices-'));
}, 90_000);
afterAll(async () => {
  setClockOffset(0);
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

let n = 0;
function notice(channel: 'email' | 'sms' = 'email'): Notice {
  n++;
  const caseId = `3b0f6f8e-2d7a-4c55-9a0e-${String(n).padStart(12, '0')}`;
  return {
    noticeId: `${caseId}#1#complainant#${channel}`,
    caseId,
    caseNumber: `AKIP-2026-${String(n).padStart(6, '0')}`,
    seq: 1,
    eventType: 'submitted',
    recipient: 'complainant',
    channel,
    address: channel === 'email' ? `holder-${n}@qinba-tea.example.cn` : `1389150${String(n).padStart(4, '0')}`,
    language: 'zh-CN',
    statutory: false,
    subject: channel === 'email' ? `投诉已受理 AKIP-2026-${String(n).padStart(6, '0')}` : '',
    text: `您的投诉已受理，案件编号 AKIP-2026-${String(n).padStart(6, '0')}。`,
  };
}

function deliveriesOf(notices: Notice[]): SQSEvent {
  const template = sqsEvent('sqs-notifications').Records[0]!;
  return {
    Records: notices.map((x, i) => ({ ...structuredClone(template), messageId: `m-${n}-${i}`, body: JSON.stringify(x) })),
  };
}

const stored = (x: Notice) =>
  x.channel === 'email'
    ? stack.mailbox.mails().filter((m) => m.messageId === messageIdOf(x.noticeId))
    : stack.mailbox.sms().filter((s) => s.messageId === messageIdOf(x.noticeId));

const statusOf = async (x: Notice) => (await listDeliveries(x.caseId)).find((d) => d.noticeId === x.noticeId);

describe('notify', () => {
  it('sends a notice once when its message is delivered again, and when two deliveries arrive at the same time', async () => {
    const [a, b] = [notice(), notice('sms')];
    const event = deliveriesOf([a!, b!]);
    expect(await notify(event)).toEqual({ batchItemFailures: [] });
    expect(await notify(structuredClone(event))).toEqual({ batchItemFailures: [] });
    await Promise.allSettled([notify(structuredClone(event)), notify(structuredClone(event))]);
    expect(stored(a!)).toHaveLength(1);
    expect(stored(b!)).toHaveLength(1);
    expect(stored(b!)[0]).toMatchObject({ to: b!.address, text: b!.text });
    expect(await statusOf(a!)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('records a send the relay refuses as failed, with its error, and sends it on a later delivery once the relay is back', async () => {
    const x = notice();
    stack.mailbox.setFailing(true);
    try {
      await expect(notify(deliveriesOf([x]))).rejects.toThrow(/all 1 record\(s\) of the batch failed/);
    } finally {
      stack.mailbox.setFailing(false);
    }
    expect(await statusOf(x)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await statusOf(x))?.lastError).toBeTruthy();
    expect(stored(x)).toHaveLength(0);

    expect(await notify(deliveriesOf([x]))).toEqual({ batchItemFailures: [] });
    expect(await statusOf(x)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(stored(x)).toHaveLength(1);
  });

  it('a notifier killed in the middle of a batch: the batch delivered again after the claims ran out sends each notice exactly once', async () => {
    const batch = Array.from({ length: 10 }, () => notice());
    const eventFile = join(scratch, 'batch.json');
    writeFileSync(eventFile, JSON.stringify(deliveriesOf(batch)));
    const child = spawn(...nodeTs('test/support/notify-once.ts', [eventFile]), { env: process.env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Killed as soon as the third mail is in the mailbox: before that notifier can record it sent.
    const started = Date.now();
    while (batch.filter((x) => stored(x).length > 0).length < 3 && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const sentBefore = batch.filter((x) => stored(x).length > 0).length;
    expect(sentBefore).toBeGreaterThanOrEqual(3);
    expect(sentBefore).toBeLessThan(10);

    // SQS gives the batch back after its visibility timeout, which outlasts the claims (60 s).
    setClockOffset(61_000);
    try {
      expect(await notify(deliveriesOf(batch))).toEqual({ batchItemFailures: [] });
    } finally {
      setClockOffset(0);
    }
    for (const x of batch) {
      expect(stored(x), x.noticeId).toHaveLength(1);
      expect((await statusOf(x))?.status).toBe('sent');
    }
  });
});

describe('a relay whose URL carries a password', () => {
  it('is reached through the URL kept in Secrets Manager, fetched once for many sends', async () => {
    // No local engine exists for Secrets Manager: a loopback stand-in answers GetSecretValue as the
    // service does (JSON protocol), holding the local mailbox's URL as the secret's value.
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:smtp-relay-AbCdEf';
    let asked = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        asked++;
        expect(req.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
        expect(JSON.parse(body)).toEqual({ SecretId: arn });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ ARN: arn, Name: 'smtp-relay', SecretString: stack.mailbox.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const saved = { url: process.env['SMTP_URL'], endpoint: process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'] };
    process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    delete process.env['SMTP_URL'];
    process.env['SMTP_SECRET_ARN'] = arn;
    resetConfig();
    try {
      const batch = [notice(), notice('sms'), notice()];
      expect(await notify(deliveriesOf(batch))).toEqual({ batchItemFailures: [] });
      for (const x of batch) expect(stored(x)).toHaveLength(1);
      expect(asked).toBe(1);
    } finally {
      process.env['SMTP_URL'] = saved.url;
      delete process.env['SMTP_SECRET_ARN'];
      if (saved.endpoint === undefined) delete process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'];
      else process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'] = saved.endpoint;
      resetConfig();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('planNotices', () => {
  it('queues the notices of a timeline event once, however often the stream brings it', async () => {
    const caseId = randomUUID();
    const filed = newCase({
      caseId,
      caseNumber: 'AKIP-2026-900001',
      owner: { role: 'rights_holder', sub: 'holder-plan' },
      complaint: parsedComplaint(),
      now: new Date().toISOString(),
    });
    await writeCases([{ transition: filed, expectedVersion: null }]);
    const image = marshall(eventItem(filed.events[0]!), { removeUndefinedValues: true });
    const record = {
      eventID: '1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { Keys: { pk: image['pk'], sk: image['sk'] }, NewImage: image, SequenceNumber: '100', StreamViewType: 'NEW_IMAGE' },
    } as unknown as DynamoDBStreamEvent['Records'][number];
    await planNotices({ Records: [record] });
    await planNotices({ Records: [record, record] });
    const deliveries = await listDeliveries(caseId);
    expect(deliveries.map((d) => `${d.eventType}/${d.recipient}/${d.channel}`).sort()).toEqual([
      'submitted/complainant/email',
      'submitted/complainant/sms',
    ]);
    const sent = await stack.receiveAll(stack.queues['notifications']!);
    expect(sent.length).toBe(6); // three deliveries of one event, two notices each: notify dedupes
  });

  it('writes the complainant’s notices in the language chosen on the complaint (SPEC §3 v2, §11)', async () => {
    const caseId = randomUUID();
    const filed = newCase({
      caseId,
      caseNumber: 'AKIP-2026-900002',
      owner: { role: 'rights_holder', sub: 'holder-foreign' },
      complaint: parsedComplaint((c) => {
        c.complainant = {
          type: 'foreign_enterprise',
          name: 'Beispiel Teemaschinen GmbH',
          registrationNumber: 'HRB 86891',
          country: 'DE',
          contact: { email: 'ip@beispiel-tee.example.de', language: 'en' },
        };
      }),
      now: new Date().toISOString(),
    });
    await writeCases([{ transition: filed, expectedVersion: null }]);
    const image = marshall(eventItem(filed.events[0]!), { removeUndefinedValues: true });
    const record = {
      eventID: '2',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { Keys: { pk: image['pk'], sk: image['sk'] }, NewImage: image, SequenceNumber: '101', StreamViewType: 'NEW_IMAGE' },
    } as unknown as DynamoDBStreamEvent['Records'][number];
    await planNotices({ Records: [record] });
    const deliveries = (await listDeliveries(caseId)) as unknown as { channel: string; language: string; subject: string }[];
    expect(deliveries.map((d) => [d.channel, d.language])).toEqual([['email', 'en']]);
    expect(deliveries[0]!.subject).toMatch(/[A-Za-z]/);
    expect(deliveries[0]!.subject).not.toMatch(/[\u4e00-\u9fff]/);
    await stack.receiveAll(stack.queues['notifications']!);
  });
});
