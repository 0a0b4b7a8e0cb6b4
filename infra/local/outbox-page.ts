// What the local mailbox holds, for people developing on this machine: GET /dev/outbox (JSON) and
// GET /dev/outbox.html (a page), newest first, at most SHOWN of each. Every value is text from a
// message someone sent, so the page escapes all of it. It has no inline style or script: the local
// runtime serves it under the pages' content security policy (style-src 'self'), which would block them.

import type { Mailbox, StoredMail, StoredSms } from './mailbox.ts';

export const SHOWN = 200;

export type OutboxMail = Omit<StoredMail, 'file'>;

export interface Outbox {
  mails: OutboxMail[];
  sms: StoredSms[];
}

const newestFirst = <T>(items: T[]): T[] => items.slice(-SHOWN).reverse();

export function outboxJson(mailbox: Mailbox): Outbox {
  return {
    // The .eml path says where the data directory is: of no use to a page.
    mails: newestFirst(mailbox.mails()).map(({ file: _file, ...mail }) => mail),
    sms: newestFirst(mailbox.sms()),
  };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

function table(headers: string[], rows: string[], empty: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  return `<table border="1" cellpadding="4" cellspacing="0"><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function outboxHtml(mailbox: Mailbox): string {
  const { mails, sms } = outboxJson(mailbox);
  const mailRows = mails.map(
    (m) =>
      `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
      `<td><strong>${escapeHtml(m.subject)}</strong><pre>${escapeHtml(m.text)}</pre></td></tr>`,
  );
  const smsRows = sms.map(
    (s) => `<tr><td>${escapeHtml(s.receivedAt)}</td><td>${escapeHtml(s.to)}</td><td><pre>${escapeHtml(s.text)}</pre></td></tr>`,
  );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地发件箱 · Local outbox</title>
</head>
<body>
<h1>本地发件箱 · Local outbox</h1>
<p>最新在前，各最多 ${SHOWN} 条 · newest first, at most ${SHOWN} of each. JSON: <a href="/dev/outbox">/dev/outbox</a></p>
<h2>邮件 · E-mail (${mails.length})</h2>
${table(['时间 · time', '收件人 · to', '主题与正文 · subject and text'], mailRows, '暂无邮件 · no e-mail yet')}
<h2>短信 · SMS (${sms.length})</h2>
${table(['时间 · time', '号码 · to', '内容 · text'], smsRows, '暂无短信 · no SMS yet')}
</body>
</html>
`;
}
