// Notices end to end (SPEC §11), over HTTP against `npm start`'s runtime in its own process: the
// complainant's receipt by e-mail and SMS, a transfer to the police told to the police and the
// procuratorate, opting out of non-statutory notices, and the delivery status per case. The mail
// is read as a mailbox user would, from the runtime's local mailbox (GET /dev/outbox).

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckCharacter } from '#domain/identifiers/resident-id.ts';
import { validComplaint } from '../support/complaints.ts';
import { client } from '../support/http-client.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

interface Mail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}
interface Sms {
  to: string;
  text: string;
}

const HOLDER_EMAIL = 'ip@qinba-tea.example.cn';
const HOLDER_PHONE = '13891500123';
const ID_NUMBER = `61090219800101123${residentIdCheckCharacter('61090219800101123')}`;

let rt: RuntimeProcess;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  http = client(rt);
}, 60_000);
afterAll(async () => {
  await rt?.stop();
});

async function outbox(): Promise<{ mails: Mail[]; sms: Sms[] }> {
  const answer = await fetch(`${rt.url}/dev/outbox`);
  expect(answer.status).toBe(200);
  return (await answer.json()) as { mails: Mail[]; sms: Sms[] };
}

/** Waits until `found` holds for what the mailbox has, and answers it. */
async function until<T>(what: string, found: (box: { mails: Mail[]; sms: Sms[] }) => T | undefined, ms = 15_000): Promise<T> {
  const started = Date.now();
  let box = await outbox();
  while (Date.now() - started < ms) {
    const value = found(box);
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 150));
    box = await outbox();
  }
  throw new Error(`${what}: not in the mailbox within ${ms} ms; it holds ${JSON.stringify(box).slice(0, 2000)}`);
}

const mailsTo = (box: { mails: Mail[] }, address: string, caseNumber: string) =>
  box.mails.filter((m) => m.to.includes(address) && m.subject.includes(caseNumber));

describe('notices over the local runtime', () => {
  it('says where the mailbox is and where to read it', () => {
    expect(rt.output()).toMatch(/Mail {6}smtp:\/\/127\.0\.0\.1:\d+/);
    expect(rt.output()).toContain(`${rt.url}/dev/outbox.html`);
  });

  it('sends the complainant a receipt with the case number by e-mail and SMS: a link to the case, no ID number, no token', async () => {
    const holder = await rt.token('rights_holder', 'holder-receipt');
    const complaint = validComplaint((c) => {
      c.complainant = { type: 'individual', name: '张三', idNumber: ID_NUMBER, contact: { phone: HOLDER_PHONE, email: HOLDER_EMAIL } };
    });
    const filed = await http.call('POST', '/complaints', { token: holder, body: complaint });
    expect(filed.status).toBe(202);
    const { caseId, caseNumber } = filed.body as { caseId: string; caseNumber: string };

    const receipt = await until('the receipt e-mail', (box) => mailsTo(box, HOLDER_EMAIL, caseNumber)[0]);
    expect(receipt.text).toContain(caseNumber);
    expect(receipt.text).toContain(`${rt.url}/#/cases/${caseId}`);
    const sms = await until('the receipt SMS', (box) => box.sms.find((s) => s.to === HOLDER_PHONE && s.text.includes(caseNumber)));
    expect(sms.text.length).toBeLessThanOrEqual(134);
    for (const text of [receipt.subject, receipt.text, sms.text]) {
      expect(text).not.toContain(ID_NUMBER);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT
    }
    // Routed, then claimed later: each tells the complainant once more, never the receipt twice.
    await http.untilQueued(caseId, holder);
    await until('the routed notice', (box) => mailsTo(box, HOLDER_EMAIL, caseNumber).length >= 2);
    const box = await outbox();
    expect(new Set(mailsTo(box, HOLDER_EMAIL, caseNumber).map((m) => m.messageId)).size).toBe(
      mailsTo(box, HOLDER_EMAIL, caseNumber).length,
    );
  });

  it('tells the police inbox and, as a copy, the procuratorate of a transfer to the police, and the complainant', async () => {
    const holder = await rt.token('rights_holder', 'holder-police');
    const officer = await rt.token('officer', 'officer-police');
    const c = await http.file(
      validComplaint((x) => {
        x.preferredPath = 'administrative_adjudication';
        x.respondent = { name: '旬阳某某五金店' };
      }),
      holder,
    );
    expect(c.path).toBe('administrative_adjudication');
    const claimed = await http.claim(c.caseId, officer);
    expect(claimed.status).toBe(200);
    const filed = await http.step(claimed.body, officer, 'accept_filing');
    const transferred = await http.step(filed, officer, 'transfer_to_police', { reason: '涉嫌假冒专利罪，涉案金额较大' });
    expect(transferred.status).toBe('transferred');

    const police = await until('the police notice', (box) => mailsTo(box, 'economic-crime@police.ankang.local', c.caseNumber)[0]);
    const copy = await until('the procuratorate copy', (box) => mailsTo(box, 'ip-crime@procuratorate.ankang.local', c.caseNumber)[0]);
    await until('the complainant notice', (box) =>
      mailsTo(box, HOLDER_EMAIL, c.caseNumber).find((m) => m.text.includes('公安') || /police/i.test(m.text)),
    );
    for (const mail of [police, copy]) {
      expect(mail.text).toContain(`/#/cases/${c.caseId}`);
      expect(mail.text).not.toContain(HOLDER_PHONE);
      expect(mail.text).not.toContain(HOLDER_EMAIL);
    }
  });

  it('honours an opt-out of non-statutory notices: no receipt by e-mail, the SMS still sent', async () => {
    const holder = await rt.token('rights_holder', 'holder-quiet');
    const set = await http.call('PUT', '/me/notice-settings', { token: holder, body: { optOut: { email: true } } });
    expect(set.status).toBe(200);
    expect((await http.call('GET', '/me/notice-settings', { token: holder })).body).toMatchObject({ optOut: { email: true } });
    const bad = await http.call('PUT', '/me/notice-settings', { token: holder, body: { email: 'not-an-address' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('email');

    const quietPhone = '13991234567';
    const quietEmail = 'legal@quiet-tea.example.cn';
    const filed = await http.call('POST', '/complaints', {
      token: holder,
      body: validComplaint((c) => {
        c.complainant.contact = { phone: quietPhone, email: quietEmail };
        c.respondent = { name: '白河某某茶庄' };
      }),
    });
    expect(filed.status).toBe(202);
    const { caseNumber } = filed.body as { caseNumber: string };
    await until('the SMS receipt', (box) => box.sms.find((s) => s.to === quietPhone && s.text.includes(caseNumber)));
    await http.untilQueued(filed.body.caseId, holder);
    // By now the routed notice has gone out too (by SMS): no e-mail of either.
    await until('the routed SMS', (box) => box.sms.filter((s) => s.to === quietPhone && s.text.includes(caseNumber)).length >= 2);
    expect(mailsTo(await outbox(), quietEmail, caseNumber)).toEqual([]);
  });

  it('shows each notice’s delivery to the supervisor and the case’s handlers, parties masked for those who do not see them; 403 to the complainant', async () => {
    const holder = await rt.token('rights_holder', 'holder-status');
    const supervisor = await rt.token('supervisor', 'supervisor-status');
    const mediator = await rt.token('mediator', 'mediator-status');
    const c = await http.file(
      validComplaint((x) => (x.respondent = { name: '岚皋某某土特产店' })),
      holder,
    );
    type Item = { eventType: string; channel: string; status: string; address: string; recipient: string };
    // Receipt and routed, by e-mail and SMS: four notices, all sent once the notifier is through.
    let items: Item[] = [];
    const started = Date.now();
    while (Date.now() - started < 15_000) {
      const seen = await http.call('GET', `/cases/${c.caseId}/notifications`, { token: supervisor });
      expect(seen.status).toBe(200);
      items = seen.body.items as Item[];
      if (items.length >= 4 && items.every((n) => n.status === 'sent')) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(
      items
        .filter((n) => n.eventType === 'submitted')
        .map((n) => n.channel)
        .sort(),
    ).toEqual(['email', 'sms']);
    expect(items.filter((n) => n.status === 'sent').length, JSON.stringify(items)).toBeGreaterThanOrEqual(4);
    expect(items.find((n) => n.channel === 'email')?.address).toBe(HOLDER_EMAIL);

    // A mediator of the path reads them, the complainant's address masked until it is the assignee.
    const byHandler = await http.call('GET', `/cases/${c.caseId}/notifications`, { token: mediator });
    expect(byHandler.status).toBe(200);
    expect((byHandler.body.items as { channel: string; address: string }[]).find((n) => n.channel === 'email')?.address).toBe(
      'i***@qinba-tea.example.cn',
    );

    expect((await http.call('GET', `/cases/${c.caseId}/notifications`, { token: holder })).status).toBe(403);
    const court = await rt.token('court', 'court-status');
    expect((await http.call('GET', `/cases/${c.caseId}/notifications`, { token: court })).status).toBe(403);
    const notary = await rt.token('notary', 'notary-status');
    expect((await http.call('GET', `/cases/${c.caseId}/notifications`, { token: notary })).status).toBe(404);
  });

  it('serves the outbox page to this machine only', async () => {
    const page = await fetch(`${rt.url}/dev/outbox.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // A page elsewhere that pointed its own name at this machine (DNS rebinding) gets nothing.
    const { port } = new URL(rt.url);
    const elsewhere = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/dev/outbox', headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(elsewhere).toBe(403);
  });
});
