/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// Both parties online (SPEC §10), in Chromium: a mediator claims a complaint and invites the
// respondent by e-mail; the code arrives in the local mailbox; the respondent signs up (the dev
// sign-in with a new user id), joins with the case number and code, reads the complaint with the
// complainant's contact details masked, consents, answers with a statement and an evidence file,
// and writes to the mediator in its caucus; the complainant sees that message only as a stub; the
// mediator reads it, schedules a session and records the agreement; each party checks the terms'
// digest in the browser, signs and applies for judicial confirmation; the court confirms and the
// case is resolved. A wrong code is answered on the code field, and too many lock the invitation.

import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validComplaint } from '../../support/complaints.ts';
import { eventually, openPage, screenshot, signIn, apiAs, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

const api = (role: string, sub: string, method: string, path: string, body?: unknown) => apiAs(env.runtime, role, sub, method, path, body);

/** Files a mediation complaint through the API (the form has its own tests) and waits until it is queued. */
async function queuedMediationCase(holder: string): Promise<{ caseId: string; caseNumber: string }> {
  const filed = await api(
    'rights_holder',
    holder,
    'POST',
    '/complaints',
    validComplaint((c) => {
      c.preferredPath = 'mediation';
    }),
  );
  expect(filed.status).toBe(202);
  for (let i = 0; i < 100; i++) {
    const read = await api('rights_holder', holder, 'GET', `/cases/${filed.body.caseId}`);
    if (read.body.status === 'queued') return filed.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('case not queued in 10 s');
}

/** The code as the invitation notice words it (`Code XXXXXXXX: …`, `邀请码XXXXXXXX：…`). */
const CODE = /(?:Code |邀请码)([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8})(?![A-Z0-9])/;

/** The code in the newest invitation mail to `address` in the local mailbox (delivery is asynchronous: stream → queue → notify). */
async function invitationCode(address: string, after: string): Promise<string> {
  let code: string | undefined;
  await eventually(
    async () => {
      const outbox = (await (await fetch(`${env.url}/dev/outbox`)).json()) as {
        mails: { to: string[]; text: string; receivedAt: string }[];
      };
      // Newest first: the first mail to the address since the invitation carries its code.
      const mail = outbox.mails.find((m) => m.to.includes(address) && m.receivedAt >= after && CODE.test(m.text));
      code = mail ? CODE.exec(mail.text)![1] : undefined;
      return code;
    },
    { timeout: 30_000 },
  ).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  return code!;
}

const actionForm = (page: Page, action: string) => page.locator(`form[data-action="${action}"]`);
const statusOf = (page: Page) => page.locator('#case-status').getAttribute('data-status');
const stageOf = (page: Page) => page.locator('#case-stage').getAttribute('data-stage');
const offeredActions = (page: Page) =>
  page.locator('form[data-action]').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-action')));
const channelTabs = (page: Page) =>
  page.locator('#message-channels [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-channel')));

const RESPONDENT_MAIL = 'legal@shop-respondent.example.com';
const CAUCUS_TEXT = 'Off the record: we could stop selling the machine this month, but we need time to pay.';
const TERMS =
  '被投诉人立即停止销售涉案揉捻机，下架相关网店链接，并于 2026 年 12 月 31 日前赔偿投诉人 30000 元。\nThe respondent stops selling the machine and pays CNY 30,000 by 31 December 2026.';

describe('both parties online', () => {
  it('a mediator invites the respondent, who joins, answers and writes in its caucus; both parties sign, both apply, and the court confirms', {
    timeout: 300_000,
  }, async () => {
    const holder = 'holder-parties';
    const mediator = 'mediator-parties';
    const respondentSub = `respondent-${Date.now().toString(36)}`;
    const { caseId, caseNumber } = await queuedMediationCase(holder);

    // The mediator claims the case and invites the respondent by e-mail, in English.
    const med = await openPage(env.browser, env.url);
    await signIn(med.page, env.url, 'mediator', mediator);
    await med.page.goto(`${env.url}/#/queue/${caseId}`);
    await med.page.locator('#claim').click();
    await eventually(() => statusOf(med.page)).toBe('in_progress');
    expect(await med.page.locator('#case-participation').getAttribute('data-state')).toBe('none');
    // The assigned handler sees the complainant's contact details in full.
    expect(await med.page.locator('#case-complainant-contact').textContent()).toContain('13891500123');
    expect(await offeredActions(med.page)).toEqual(expect.arrayContaining(['invite_respondent', 'record_consent']));
    const invite = actionForm(med.page, 'invite_respondent');
    // A contact needs a phone or an e-mail: the shared schema says so before anything is sent.
    await invite.locator('button[type="submit"]').click();
    await eventually(() => invite.locator('[data-error-for="contact"]').textContent()).not.toBe('');
    await invite.locator('[name="contact.email"]').fill(RESPONDENT_MAIL);
    await invite.locator('[name="contact.language"]').selectOption('en');
    const invitedAfter = new Date().toISOString();
    await invite.locator('button[type="submit"]').click();
    await eventually(() => med.page.locator('#case-participation').getAttribute('data-state')).toBe('invited');
    expect(await med.page.locator('#case-participation').textContent()).toContain('电子邮件');
    expect(await med.page.locator('#case-timeline li[data-type="invite_respondent"]').count()).toBe(1);
    await screenshot(med.page, 'parties-invited-mediator-zh-desktop');

    const code = await invitationCode(RESPONDENT_MAIL, invitedAfter);

    // The respondent signs up (locally: the dev sign-in with a new user id), in English.
    const resp = await openPage(env.browser, `${env.url}/#/sign-in`, { lang: 'en' });
    await eventually(() => resp.page.locator('#self-sign-up-hint').textContent()).toContain('register themselves');
    const roleOptions = await resp.page
      .locator('#dev-sign-in select[name="role"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(roleOptions.slice(0, 2)).toEqual(['rights_holder', 'respondent']);
    await screenshot(resp.page, 'parties-sign-in-en-desktop');
    await signIn(resp.page, env.url, 'respondent', respondentSub);
    // A respondent's home is the join page.
    await eventually(() => resp.page.locator('h1').textContent()).toBe('Join a case with your invitation code');
    expect(resp.page.url()).toContain('#/join');

    // A wrong code is answered on the code field.
    await resp.page.locator('#join-form [name="caseNumber"]').fill(caseNumber);
    await resp.page.locator('#join-form [name="code"]').fill(code === 'ZZZZZZZZ' ? 'YYYYYYYY' : 'ZZZZZZZZ');
    const refused = resp.page.waitForResponse((r) => r.url().endsWith('/invitations/accept'));
    await resp.page.locator('#join-form button[type="submit"]').click();
    expect((await refused).status()).toBe(400);
    await eventually(() => resp.page.locator('[data-error-for="code"]').textContent()).not.toBe('');
    await screenshot(resp.page, 'parties-join-wrong-code-en-desktop');

    // The right one, typed as a person copies it from a mail: lower case, with a dash.
    await resp.page.locator('#join-form [name="code"]').fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    await resp.page.locator('#join-form button[type="submit"]').click();
    await eventually(() => resp.page.url()).toContain(`#/my-cases/${caseId}`);
    await eventually(() => resp.page.locator('#banner').textContent()).toContain(`You have joined case ${caseNumber}`);
    await eventually(() => resp.page.locator('#case-participation').getAttribute('data-state')).toBe('joined');

    // It reads the complaint; the complainant's contact details are masked for it.
    expect(await resp.page.locator('#case-heading').textContent()).toContain(caseNumber);
    expect(await resp.page.locator('#case-description').textContent()).toContain('茶叶揉捻机');
    const contact = (await resp.page.locator('#case-complainant-contact').textContent()) ?? '';
    expect(contact).toContain('138****0123');
    expect(contact).toContain('i***@qinba-tea.example.cn');
    expect(contact).not.toContain('13891500123');
    expect(contact).not.toContain('ip@qinba-tea.example.cn');
    expect(await offeredActions(resp.page)).toEqual(
      expect.arrayContaining(['respond_consent', 'submit_statement', 'counter_notice', 'add_evidence']),
    );
    expect(await offeredActions(resp.page)).not.toContain('record_consent');
    expect(await channelTabs(resp.page)).toEqual(['open', 'caucus_respondent']);
    await screenshot(resp.page, 'parties-joined-respondent-en-desktop');

    // It consents to mediation.
    const consent = actionForm(resp.page, 'respond_consent');
    await consent.getByRole('checkbox').check();
    await consent.locator('[name="reason"]').fill('We prefer to settle this by mediation.');
    await consent.locator('button[type="submit"]').click();
    await eventually(() => stageOf(resp.page)).toBe('consented');

    // It answers with a statement and an evidence file, hashed in the browser.
    const file = Buffer.from('Sales records of the tea-rolling machine, January to March 2026.\n'.repeat(50));
    const fileHash = createHash('sha256').update(file).digest('hex');
    const statement = actionForm(resp.page, 'submit_statement');
    await statement.locator('[name="text"]').fill('The machine was bought from a distributor; we sold 12 units and stopped once notified.');
    await statement.locator('input[type="file"]').setInputFiles({ name: 'sales-records.pdf', mimeType: 'application/pdf', buffer: file });
    await statement.locator('button[type="submit"]').click();
    const answered = resp.page.locator('#case-timeline li[data-type="submit_statement"]');
    await eventually(() => answered.count()).toBe(1);
    expect(await answered.textContent()).toContain('we sold 12 units');
    expect(await answered.textContent()).toContain(fileHash);

    // It writes to the mediator in its caucus.
    await resp.page.locator('#tab-caucus_respondent').click();
    await eventually(() => resp.page.locator('#message-panel').getAttribute('data-channel')).toBe('caucus_respondent');
    await resp.page.locator('#message-form [name="text"]').fill(CAUCUS_TEXT);
    await resp.page.locator('#message-form button[type="submit"]').click();
    await eventually(() => resp.page.locator('#messages-list li').last().textContent()).toContain(CAUCUS_TEXT);
    expect(await resp.page.locator('#messages-list li').last().getAttribute('data-side')).toBe('respondent');
    await screenshot(resp.page, 'parties-caucus-respondent-en-desktop');

    // The complainant sees the respondent online, but the respondent's caucus only as a stub.
    const comp = await openPage(env.browser, env.url);
    await signIn(comp.page, env.url, 'rights_holder', holder);
    await comp.page.goto(`${env.url}/#/my-cases/${caseId}`);
    await eventually(() => comp.page.locator('#case-participation').getAttribute('data-state')).toBe('joined');
    expect(await channelTabs(comp.page)).toEqual(['open', 'caucus_complainant']);
    await eventually(() => comp.page.locator('#case-timeline li[data-type="internal"]').count()).toBeGreaterThan(0);
    expect(await comp.page.locator('#case-timeline li[data-type="submit_statement"]').count()).toBe(1);
    expect(await comp.page.locator('main').textContent()).not.toContain(CAUCUS_TEXT);
    // Its own contact details in full: it is that party.
    expect(await comp.page.locator('#case-complainant-contact').textContent()).toContain('13891500123');
    await eventually(() => comp.page.locator('#integrity').getAttribute('data-valid')).toBe('true');
    await screenshot(comp.page, 'parties-caucus-stub-complainant-zh-desktop');
    expect((await api('rights_holder', holder, 'GET', `/cases/${caseId}/messages?channel=caucus_respondent`)).status).toBe(403);

    // The mediator reads the caucus, schedules a session and records the agreement.
    await med.page.reload();
    await med.page.locator('#tab-caucus_respondent').waitFor();
    expect(await channelTabs(med.page)).toEqual(['open', 'caucus_complainant', 'caucus_respondent']);
    expect(await offeredActions(med.page)).not.toContain('invite_respondent');
    await med.page.locator('#tab-caucus_respondent').click();
    await eventually(() => med.page.locator('#messages-list').textContent()).toContain(CAUCUS_TEXT);
    expect(await med.page.locator('#case-timeline li[data-type="submit_statement"]').textContent()).toContain('sales-records.pdf');
    await screenshot(med.page, 'parties-caucus-mediator-zh-desktop');
    expect(await stageOf(med.page)).toBe('consented');
    const session = actionForm(med.page, 'schedule_session');
    await session.locator('[name="at"]').fill('2026-12-01T09:30');
    await session.locator('[name="mode"]').selectOption('online');
    await session.locator('button[type="submit"]').click();
    await eventually(() => stageOf(med.page)).toBe('session_scheduled');
    const agreement = actionForm(med.page, 'record_agreement');
    await agreement.locator('[name="terms"]').fill(TERMS);
    await agreement.locator('[name="amountCny"]').fill('30000');
    await agreement.locator('button[type="submit"]').click();
    await eventually(() => stageOf(med.page)).toBe('agreement_reached');
    await eventually(() => med.page.locator('#terms-verified').getAttribute('data-valid')).toBe('true');
    expect(await med.page.locator('#agreement-sha256').textContent()).toBe(createHash('sha256').update(TERMS, 'utf8').digest('hex'));
    expect(await med.page.locator('#signature-complainant').getAttribute('data-signed')).toBe('no');
    expect(await med.page.locator('#signature-respondent').getAttribute('data-signed')).toBe('no');
    expect(await med.page.locator('#sign-agreement').count()).toBe(0);
    expect(await offeredActions(med.page)).toEqual(expect.arrayContaining(['record_offline_signature', 'request_judicial_confirmation']));
    await screenshot(med.page, 'parties-agreement-recorded-mediator-zh-desktop');

    // The complainant checks the terms' digest and signs; applying waits for both signatures.
    await comp.page.reload();
    await eventually(() => comp.page.locator('#terms-verified').getAttribute('data-valid')).toBe('true');
    expect(await comp.page.locator('#terms-verified').textContent()).toContain('协议内容与登记的摘要一致');
    expect(await comp.page.locator('#agreement-terms').textContent()).toContain('30000 元');
    const signed = comp.page.waitForRequest((r) => r.url().endsWith('/actions') && r.method() === 'POST');
    await comp.page.locator('#sign-agreement').click();
    expect(JSON.parse((await signed).postData() ?? '{}')).toMatchObject({
      action: 'sign_agreement',
      termsSha256: createHash('sha256').update(TERMS, 'utf8').digest('hex'),
    });
    await eventually(() => comp.page.locator('#signature-complainant').getAttribute('data-signed')).toBe('online');
    expect(await comp.page.locator('#signed-by-both').getAttribute('data-value')).toBe('false');
    expect(await comp.page.locator('#sign-agreement').count()).toBe(0);
    expect(await actionForm(comp.page, 'request_judicial_confirmation').count()).toBe(0);
    await screenshot(comp.page, 'parties-signed-complainant-zh-desktop');

    // The respondent checks and signs too, in English, and applies: its half of the joint application.
    await resp.page.reload();
    await eventually(() => resp.page.locator('#terms-verified').getAttribute('data-valid')).toBe('true');
    expect(await resp.page.locator('#terms-verified').textContent()).toContain('The terms match the registered digest');
    expect(await resp.page.locator('#signature-complainant').getAttribute('data-signed')).toBe('online');
    await resp.page.locator('#sign-agreement').click();
    await eventually(() => resp.page.locator('#signed-by-both').getAttribute('data-value')).toBe('true');
    expect(await resp.page.locator('#signature-respondent').getAttribute('data-signed')).toBe('online');
    await actionForm(resp.page, 'request_judicial_confirmation').locator('button[type="submit"]').click();
    await eventually(() => resp.page.locator('#application-respondent').getAttribute('data-applied')).toBe('true');
    // One party's application alone waits for the other's.
    expect(await stageOf(resp.page)).toBe('agreement_reached');
    expect(await resp.page.locator('#application-complainant').getAttribute('data-applied')).toBe('false');
    expect(await actionForm(resp.page, 'request_judicial_confirmation').count()).toBe(0);
    await screenshot(resp.page, 'parties-signed-both-respondent-en-desktop');

    // The complainant's application completes it: the case goes to the court.
    await comp.page.reload();
    await eventually(() => comp.page.locator('#signed-by-both').getAttribute('data-value')).toBe('true');
    await actionForm(comp.page, 'request_judicial_confirmation').locator('button[type="submit"]').click();
    await eventually(() => stageOf(comp.page)).toBe('judicial_confirmation_requested');
    expect(await statusOf(comp.page)).toBe('awaiting_confirmation');
    expect(await comp.page.locator('#application-complainant').getAttribute('data-applied')).toBe('true');
    expect(await comp.page.locator('#application-respondent').getAttribute('data-applied')).toBe('true');
    await screenshot(comp.page, 'parties-applied-complainant-zh-desktop');

    // The court confirms; the case is resolved.
    const court = await openPage(env.browser, env.url);
    await signIn(court.page, env.url, 'court', 'court-parties');
    await court.page.goto(`${env.url}/#/cases/${caseId}`);
    await eventually(() => stageOf(court.page)).toBe('judicial_confirmation_requested');
    expect(await court.page.locator('#signed-by-both').getAttribute('data-value')).toBe('true');
    // The court reads every channel and posts in none.
    expect(await channelTabs(court.page)).toEqual(['open', 'caucus_complainant', 'caucus_respondent']);
    expect(await court.page.locator('#message-form').count()).toBe(0);
    const confirmation = actionForm(court.page, 'record_judicial_confirmation');
    await confirmation.getByRole('checkbox').check();
    await confirmation.locator('[name="rulingNumber"]').fill('(2026)陕09民特12号');
    await confirmation.locator('button[type="submit"]').click();
    await eventually(() => statusOf(court.page)).toBe('resolved');
    await eventually(() => court.page.locator('#integrity').getAttribute('data-valid')).toBe('true');
    await screenshot(court.page, 'parties-confirmed-court-zh-desktop');

    // The respondent sees it resolved; a final case takes no more messages.
    await resp.page.reload();
    await eventually(() => statusOf(resp.page)).toBe('resolved');
    expect(await resp.page.locator('#case-status').textContent()).toBe('Resolved');
    expect(await resp.page.locator('#message-form').count()).toBe(0);
    await screenshot(resp.page, 'parties-resolved-respondent-en-desktop');

    for (const opened of [med, resp, comp, court]) {
      expect(opened.errors).toEqual([]);
      await opened.context.close();
    }
  });

  it('five wrong codes lock the invitation: the join page says so, and then refuses even the right code', {
    timeout: 120_000,
  }, async () => {
    const { caseId, caseNumber } = await queuedMediationCase('holder-locked');
    expect((await api('mediator', 'mediator-locked', 'POST', `/cases/${caseId}/claim`)).status).toBe(200);
    const version = (await api('mediator', 'mediator-locked', 'GET', `/cases/${caseId}`)).body.version;
    const address = 'ip@locked-respondent.example.com';
    const invitedAfter = new Date().toISOString();
    const invited = await api('mediator', 'mediator-locked', 'POST', `/cases/${caseId}/actions`, {
      action: 'invite_respondent',
      expectedVersion: version,
      contact: { email: address },
    });
    expect(invited.status).toBe(200);
    const code = await invitationCode(address, invitedAfter);
    const wrong = code === 'ZZZZZZZZ' ? 'YYYYYYYY' : 'ZZZZZZZZ';

    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'respondent', 'respondent-locked');
    // A link with the case number fills it in.
    await page.goto(`${env.url}/#/join/${caseNumber}`);
    expect(await page.locator('#join-form [name="caseNumber"]').inputValue()).toBe(caseNumber);
    const statuses: number[] = [];
    const tryCode = async (typed: string): Promise<number> => {
      await page.locator('#join-form [name="code"]').fill(typed);
      const answer = page.waitForResponse((r) => r.url().endsWith('/invitations/accept'));
      await page.locator('#join-form button[type="submit"]').click();
      const status = (await answer).status();
      statuses.push(status);
      return status;
    };
    for (let i = 0; i < 5; i++) {
      expect(await tryCode(wrong)).toBe(400);
      await eventually(() => page.locator('[data-error-for="code"]').textContent()).not.toBe('');
    }
    expect(await tryCode(wrong)).toBe(429);
    await eventually(() => page.locator('[data-error-for="code"]').textContent()).toContain('已暂停 1 小时');
    await screenshot(page, 'parties-join-locked-zh-desktop');
    // Locked: the right code waits for the hour to pass too.
    expect(await tryCode(code)).toBe(429);
    expect(page.url()).toContain('#/join');
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the handler records a signature given on paper, and a long conversation loads in pages', { timeout: 120_000 }, async () => {
    const holder = 'holder-paper';
    const mediator = 'mediator-paper';
    const { caseId } = await queuedMediationCase(holder);
    expect((await api('mediator', mediator, 'POST', `/cases/${caseId}/claim`)).status).toBe(200);
    const act = async (body: Record<string, unknown>) => {
      const version = (await api('mediator', mediator, 'GET', `/cases/${caseId}`)).body.version;
      const answer = await api('mediator', mediator, 'POST', `/cases/${caseId}/actions`, { ...body, expectedVersion: version });
      expect(answer.status).toBe(200);
    };
    await act({ action: 'record_consent', consented: true });
    await act({ action: 'schedule_session', at: '2026-12-02T10:00:00+08:00', mode: 'offline' });
    await act({ action: 'record_agreement', terms: '被投诉人停止销售涉案产品。' });
    // 22 messages in the open channel: more than one page (20).
    for (let i = 1; i <= 22; i++) {
      const posted = await api('mediator', mediator, 'POST', `/cases/${caseId}/messages`, { channel: 'open', text: `第 ${i} 条沟通记录` });
      expect(posted.status).toBe(201);
    }

    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'mediator', mediator);
    await page.goto(`${env.url}/#/queue/${caseId}`);
    await eventually(() => page.locator('#messages-list li').count()).toBe(20);
    expect(await page.locator('#messages-list li').first().textContent()).toContain('第 1 条沟通记录');
    await page.locator('#messages-more').click();
    await eventually(() => page.locator('#messages-list li').count()).toBe(22);
    expect(await page.locator('#messages-list li').last().textContent()).toContain('第 22 条沟通记录');
    expect(await page.locator('#messages-more').count()).toBe(0);
    // The handler's own message goes to the end, and the page's forms follow the version it moved on.
    await page.locator('#message-form [name="text"]').fill('请双方于调解当日携带纸质协议签字。');
    await page.locator('#message-form button[type="submit"]').click();
    await eventually(() => page.locator('#messages-list li').count()).toBe(23);
    expect(await page.locator('#messages-list li').last().getAttribute('data-side')).toBe('handler');

    // The complainant signed on paper at the session: the mediator records it with the paper's reference.
    const paper = actionForm(page, 'record_offline_signature');
    await paper.locator('[name="party"]').selectOption('complainant');
    await paper.locator('[name="reference"]').fill('安调字〔2026〕第 088 号笔录');
    await paper.locator('button[type="submit"]').click();
    await eventually(() => page.locator('#signature-complainant').getAttribute('data-signed')).toBe('offline');
    expect(await page.locator('#signature-complainant').textContent()).toContain('安调字〔2026〕第 088 号笔录');
    expect(await page.locator('#signature-respondent').getAttribute('data-signed')).toBe('no');
    expect(await page.locator('#case-timeline li[data-type="record_offline_signature"]').textContent()).toContain('第 088 号');
    await screenshot(page, 'parties-paper-signature-mediator-zh-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });
});
