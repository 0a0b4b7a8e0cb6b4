// The local mailbox (SPEC §11) with the SMTP channel adapters that send to it: a real SMTP server on
// a free port, real nodemailer clients. What arrives is read back from disk, as the development page
// and the e2e tests read it: Chinese text intact, SMS apart in sms.jsonl, one copy per Message-ID
// (also across a restart), a refusing relay makes the send fail, malformed input never stops the
// server, and the outbox page escapes what it shows.

import { existsSync, mkdtempSync, readFileSync, readdirSync, appendFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, startMailbox, type Mailbox } from '#infra/local/mailbox.ts';
import { outboxHtml, outboxJson } from '#infra/local/outbox-page.ts';
import { channels, type Channels } from '#lib/channels.ts';

const SMS_DOMAIN = 'sms.ankang.local';
const FROM = 'notices@ip.ankang.example.cn';

let root: string;
let dir: string;
let mailbox: Mailbox;
let send: Channels;
let seq = 0;

const messageId = (): string => `<test-${process.pid}-${++seq}@notices.ankang-ip>`;
const sendThrough = (box: Mailbox): Channels =>
  channels({
    email: { kind: 'smtp', url: box.url, from: FROM },
    sms: { kind: 'smtp-gateway', url: box.url, from: FROM, domain: SMS_DOMAIN },
  });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mailbox-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = mkdtempSync(join(root, 'box-'));
  mailbox = await startMailbox({ dir, smsDomain: SMS_DOMAIN });
  send = sendThrough(mailbox);
});

afterEach(async () => {
  await mailbox.stop();
});

describe('the local mailbox', () => {
  it('keeps an e-mail with a Chinese subject and body intact, as an .eml file and a line in the index', async () => {
    const id = messageId();
    const subject = '调解会议已安排：AK-2026-000123（第一次）';
    const text =
      '您好，\n调解会议定于 2026年3月5日 上午9:30 在安康市知识产权保护中心举行。\n案件页面：https://ip.ankang.example.cn/cases/c-1';

    const sent = await send.sendEmail({ messageId: id, to: 'ip@qinba-tea.example.cn', subject, text });

    expect(sent.providerId).toBe(id);
    const mails = mailbox.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ messageId: id, from: FROM, to: ['ip@qinba-tea.example.cn'], subject, text });
    expect(Date.parse(mails[0]!.receivedAt)).not.toBeNaN();
    expect(basename(mails[0]!.file)).toMatch(/^\d+-test-\d+-\d+_notices\.ankang-ip\.eml$/);
    expect(readFileSync(mails[0]!.file, 'utf8')).toContain(`Message-ID: ${id}`);
    const index = readFileSync(join(dir, 'mail', 'index.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(index.map((line) => JSON.parse(line).messageId)).toEqual([id]);
    expect(mailbox.sms()).toEqual([]);
  });

  it('keeps mail to <number>@<sms domain> as an SMS in sms.jsonl: the number and the plain text, no e-mail', async () => {
    const id = messageId();
    const text = '【安康知识产权】您的投诉已受理，案号 AK-2026-000123。';

    await send.sendSms({ messageId: id, to: '139 1234 5678', text });

    const lines = readFileSync(join(dir, 'sms.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ messageId: id, to: '13912345678', text });
    expect(mailbox.sms()).toEqual([JSON.parse(lines[0]!)]);
    expect(mailbox.mails()).toEqual([]);
  });

  it('accepts a message sent again with the same Message-ID and keeps it once', async () => {
    const email = { messageId: messageId(), to: 'court@court.example.cn', subject: '司法确认申请', text: '请查收。' };
    const sms = { messageId: messageId(), to: '13800000001', text: '短信一次' };

    await send.sendEmail(email);
    await send.sendEmail(email);
    await send.sendSms(sms);
    await send.sendSms(sms);

    expect(mailbox.mails().map((m) => m.messageId)).toEqual([email.messageId]);
    expect(mailbox.sms().map((s) => s.messageId)).toEqual([sms.messageId]);
    expect(readdirSync(join(dir, 'mail')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('refuses every message while failing, so the send rejects, and takes them again once recovered', async () => {
    mailbox.setFailing(true);

    await expect(send.sendEmail({ messageId: messageId(), to: 'a@example.cn', subject: 'S', text: 'T' })).rejects.toMatchObject({
      responseCode: 451,
    });
    await expect(send.sendSms({ messageId: messageId(), to: '13912345678', text: 'T' })).rejects.toThrow();
    expect(mailbox.mails()).toEqual([]);
    expect(mailbox.sms()).toEqual([]);

    mailbox.setFailing(false);
    await send.sendEmail({ messageId: messageId(), to: 'a@example.cn', subject: 'S', text: 'T' });
    expect(mailbox.mails()).toHaveLength(1);
  });

  it('lists what it kept before a restart on the same directory, and still collapses a re-sent copy', async () => {
    const first = { messageId: messageId(), to: 'a@example.cn', subject: '第一封', text: '重启之前' };
    await send.sendEmail(first);
    await send.sendSms({ messageId: messageId(), to: '13912345678', text: '重启之前的短信' });
    await mailbox.stop();
    // A crash mid-append leaves a torn last line; the restarted mailbox neither lists it nor glues the next line onto it.
    appendFileSync(join(dir, 'mail', 'index.jsonl'), '{"id":"99","messageId":"<torn');

    mailbox = await startMailbox({ dir, smsDomain: SMS_DOMAIN });
    const again = sendThrough(mailbox);
    await again.sendEmail(first);
    const second = { messageId: messageId(), to: 'b@example.cn', subject: '第二封', text: '重启之后' };
    await again.sendEmail(second);

    const mails = mailbox.mails();
    expect(mails.map((m) => m.subject)).toEqual(['第一封', '第二封']);
    expect(new Set(mails.map((m) => m.id)).size).toBe(2);
    expect(existsSync(mails[1]!.file)).toBe(true);
    expect(mailbox.sms().map((s) => s.text)).toEqual(['重启之前的短信']);
  });

  it('answers malformed and oversized input with an SMTP reply and keeps taking mail', async () => {
    const replies = await smtpDialogue(mailbox.port, [
      'EHLO client.example',
      'MAIL FROM:<x@example.cn>',
      // An SMS address whose local part is not a number: refused at RCPT.
      `RCPT TO:<not-a-number@${SMS_DOMAIN}>`,
      'RCPT TO:<x@example.cn>',
      'DATA',
      // No headers, a bare line of control bytes and invalid UTF-8, no Message-ID.
      '\u0000\u0001\u00ff\u00fe garbage without headers\r\n=?utf-8?B?@@@?=\r\n.',
      'MAIL FROM:<x@example.cn>',
      'RCPT TO:<x@example.cn>',
      'DATA',
      `Subject: big\r\n\r\n${'x'.repeat(MAX_MESSAGE_BYTES + 10)}\r\n.`,
      'QUIT',
    ]);

    expect(replies.map((r) => r.slice(0, 3))).toEqual(['220', '250', '250', '550', '250', '354', '250', '250', '250', '354', '552', '221']);
    expect(mailbox.mails()).toHaveLength(1);
    expect(mailbox.mails()[0]!.messageId).toMatch(/^<mail-\d+@mailbox\.local>$/);
    await send.sendEmail({ messageId: messageId(), to: 'a@example.cn', subject: '之后', text: '仍然可用' });
    expect(mailbox.mails().map((m) => m.subject)).toEqual(['', '之后']);
  });
});

describe('the outbox page', () => {
  it('lists e-mail and SMS newest first, without file paths, and escapes what it shows', async () => {
    await send.sendEmail({ messageId: messageId(), to: 'a@example.cn', subject: '旧的一封', text: '第一' });
    await send.sendEmail({ messageId: messageId(), to: 'b@example.cn', subject: '<script>alert(1)</script>', text: 'x < y & "z"' });
    await send.sendSms({ messageId: messageId(), to: '13912345678', text: '<img src=x onerror=alert(1)>' });

    const json = outboxJson(mailbox);
    expect(json.mails.map((m) => m.subject)).toEqual(['<script>alert(1)</script>', '旧的一封']);
    expect(json.mails.every((m) => !('file' in m))).toBe(true);
    expect(json.sms).toEqual([expect.objectContaining({ to: '13912345678', text: '<img src=x onerror=alert(1)>' })]);

    const html = outboxHtml(mailbox);
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('x &lt; y &amp; &quot;z&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('旧的一封');
    expect(html).toContain('b@example.cn');
    expect(html).toContain('13912345678');
    expect(html.indexOf('&lt;script&gt;')).toBeLessThan(html.indexOf('旧的一封'));
    expect(html).not.toContain(dir);
  });
});

/** Speaks SMTP line by line (one command per server reply) and collects the replies' last lines. */
function smtpDialogue(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: string[] = [];
    let buffer = '';
    let next = 0;
    socket.setTimeout(10_000, () => socket.destroy(new Error('SMTP dialogue timed out')));
    socket.on('error', reject);
    socket.on('close', () => resolve(replies));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^\d{3}-/.test(line)) continue; // a multi-line reply goes on
        replies.push(line);
        const command = commands[next++];
        if (command !== undefined) socket.write(`${command}\r\n`, 'latin1');
      }
    });
  });
}
