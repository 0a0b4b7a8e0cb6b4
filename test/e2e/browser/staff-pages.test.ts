/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// Staff pages in Chromium: a mediator registers a complaint brought in on paper (offline intake,
// 线上线下) and gets a printable receipt with the takeover code, which a rights holder then uses to
// take the case over and find it under "my cases"; the handler answers a supervision order from
// the reply button beside it; the supervisor is offered to decide an extension only while a
// request is pending; the statistics show the pilot areas and the kinds of complainant.

import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH } from '#domain/invitations.ts';
import { errorOf, field, fillComplaint } from '../../support/complaint-form.ts';
import { validComplaint } from '../../support/complaints.ts';
import { apiAs, eventually, openPage, screenshot, signIn, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

const api = (role: string, sub: string, method: string, path: string, body?: unknown) => apiAs(env.runtime, role, sub, method, path, body);
const actionForm = (page: Page, action: string) => page.locator(`form[data-action="${action}"]`);
const TAKEOVER_CODE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** Files a complaint through the API and waits until it is queued on its path. */
async function queuedCase(holder: string, patch?: (c: any) => void): Promise<{ caseId: string; caseNumber: string }> {
  const filed = await api('rights_holder', holder, 'POST', '/complaints', validComplaint(patch));
  expect(filed.status).toBe(202);
  for (let i = 0; i < 100; i++) {
    const read = await api('rights_holder', holder, 'GET', `/cases/${filed.body.caseId}`);
    if (read.body.status === 'queued') return filed.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('case not queued in 10 s');
}

/** Takes an action through the API at the case's current version; the case as answered. */
async function act(role: string, sub: string, caseId: string, action: string, fields: Record<string, unknown> = {}): Promise<any> {
  const current = await api(role, sub, 'GET', `/cases/${caseId}`);
  const answer = await api(role, sub, 'POST', `/cases/${caseId}/actions`, { action, expectedVersion: current.body.version, ...fields });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

describe('staff pages', { timeout: 90_000 }, () => {
  it('a mediator registers a paper complaint and gets a receipt with the takeover code; the complainant takes the case over with it', async () => {
    const staff = await openPage(env.browser, env.url);
    const page = staff.page;
    await signIn(page, env.url, 'mediator', 'mediator-intake');
    // Offered in the staff navigation; the rights holders' online form is not.
    await page.getByRole('link', { name: '线下投诉登记' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('登记线下收到的投诉');
    expect(await page.locator('nav a[href="#/file"]').count()).toBe(0);
    const posts: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/complaints/offline')) posts.push(r);
    });

    // The complaint's own rules run in the browser, with its fields where the body nests them.
    await page.getByRole('button', { name: '登记投诉' }).click();
    await eventually(() => errorOf(page, 'complaint.complainant.name').textContent()).not.toBe('');
    expect(posts).toHaveLength(0);

    await fillComplaint(page, {}, 'complaint.');
    // The paper record's reference is missing: the server names it, on its field.
    await page.getByRole('button', { name: '登记投诉' }).click();
    await eventually(() => errorOf(page, 'intake.reference').textContent()).not.toBe('');
    expect(posts).toHaveLength(1);

    await page.getByLabel('纸质投诉（窗口或邮寄）').check();
    await field(page, 'intake.reference').fill('安知保（调）收字〔2026〕第 0042 号');
    await screenshot(page, 'offline-intake-form-mediator-zh-desktop');
    await page.getByRole('button', { name: '登记投诉' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('投诉已登记');
    const body = JSON.parse(posts[1]!.postData() ?? '{}');
    expect(body.intake).toEqual({ channel: 'paper', reference: '安知保（调）收字〔2026〕第 0042 号' });
    expect(body.complaint.complainant).toMatchObject({ type: 'enterprise', name: '安康市秦巴茶业科技有限公司' });

    const caseNumber = (await page.locator('#case-number').textContent())!;
    expect(caseNumber).toMatch(/^AKIP-\d{4}-\d{6}$/);
    const code = (await page.locator('#takeover-code').textContent())!;
    expect(code).toMatch(TAKEOVER_CODE);
    expect(await page.locator('#takeover-once').textContent()).toContain('只显示这一次');
    expect(await page.locator('#receipt-reference').textContent()).toBe('安知保（调）收字〔2026〕第 0042 号');
    expect(await page.locator('#takeover-how a').getAttribute('href')).toBe(`#/takeover/${caseNumber}`);
    await screenshot(page, 'offline-intake-receipt-mediator-zh-desktop');
    // Printed: the receipt alone, without the header, navigation or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('#print-receipt').isVisible()).toBe(false);
    expect(await page.locator('#takeover-code').isVisible()).toBe(true);
    await screenshot(page, 'offline-intake-receipt-print');
    expect(staff.errors).toEqual([]);
    await staff.context.close();

    // The complainant, signed in as a rights holder, takes the case over with the printed code.
    const holder = await openPage(env.browser, env.url);
    const hp = holder.page;
    await signIn(hp, env.url, 'rights_holder', 'holder-paper');
    await hp.getByRole('link', { name: '接管线下投诉' }).click();
    await hp.locator('input[name="caseNumber"]').fill(caseNumber);
    await hp.locator('input[name="code"]').fill(code.toLowerCase());
    await hp.getByRole('button', { name: '接管', exact: true }).click();
    await eventually(() => hp.locator('#banner').textContent()).toContain(`您已接管案件 ${caseNumber}`);
    expect(hp.url()).toContain('#/my-cases/');
    await eventually(() => hp.locator('#case-heading').textContent()).toContain(caseNumber);
    await screenshot(hp, 'offline-intake-taken-over-holder-zh-desktop');

    await hp.getByRole('link', { name: '我的案件' }).first().click();
    await eventually(() => hp.locator('#my-cases').getByRole('link', { name: caseNumber }).count()).toBe(1);
    await screenshot(hp, 'offline-intake-my-cases-holder-zh-desktop');
    expect(holder.errors).toEqual([]);
    await holder.context.close();
  });

  it('the handler answers a supervision order from the reply button beside it, without typing its number', async () => {
    const { caseId } = await queuedCase('holder-supervised');
    expect((await api('mediator', 'mediator-supervised', 'POST', `/cases/${caseId}/claim`)).status).toBe(200);
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const ordered = await act('supervisor', 'supervisor-zhou', caseId, 'issue_supervision_order', {
      text: '请于一周内报告调解进展。',
      dueAt,
    });
    const seq = ordered.supervision[0].seq as number;

    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'mediator', 'mediator-supervised');
    await page.goto(`${env.url}/#/queue/${caseId}`);
    const entry = page.locator(`#case-supervision li[data-seq="${seq}"]`);
    await entry.waitFor();
    // No form asks for the order's number; the reply opens from the order itself.
    expect(await page.locator('[name="orderSeq"]').count()).toBe(0);
    expect(await actionForm(page, 'reply_supervision_order').count()).toBe(0);
    await entry.locator(`button[data-reply-to="${seq}"]`).click();
    const reply = entry.locator('form[data-action="reply_supervision_order"]');
    await reply.locator('[name="text"]').fill('已组织双方调解，拟于下周安排调解会。');
    await screenshot(page, 'supervision-reply-mediator-zh-desktop');
    await reply.locator('button[type="submit"]').click();
    await eventually(() => page.locator(`#case-supervision li[data-seq="${seq}"]`).textContent()).toContain('已答复');
    expect(await page.locator(`#case-supervision button[data-reply-to="${seq}"]`).count()).toBe(0);
    expect(await page.locator('#case-timeline li[data-type="reply_supervision_order"]').count()).toBe(1);
    const stored = await api('supervisor', 'supervisor-zhou', 'GET', `/cases/${caseId}`);
    expect(stored.body.supervision[0]).toMatchObject({ seq, kind: 'order' });
    expect(stored.body.supervision[0].repliedAt).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the supervisor is offered to approve or deny an extension only while a request is pending', async () => {
    const { caseId } = await queuedCase('holder-extension', (c) => (c.preferredPath = 'administrative_adjudication'));
    expect((await api('officer', 'officer-ext', 'POST', `/cases/${caseId}/claim`)).status).toBe(200);
    await act('officer', 'officer-ext', caseId, 'accept_filing');

    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-ext');
    await page.goto(`${env.url}/#/cases/${caseId}`);
    await eventually(() => page.locator('#case-stage').getAttribute('data-stage')).toBe('filed');
    expect(await actionForm(page, 'approve_extension').count()).toBe(0);
    expect(await actionForm(page, 'deny_extension').count()).toBe(0);

    await act('officer', 'officer-ext', caseId, 'request_extension', { reason: '需进行技术鉴定', days: 30 });
    await page.reload();
    await eventually(() => page.locator('#case-extension-request').getAttribute('data-status')).toBe('pending');
    expect(await actionForm(page, 'approve_extension').count()).toBe(1);
    expect(await actionForm(page, 'deny_extension').count()).toBe(1);
    await screenshot(page, 'extension-pending-supervisor-zh-desktop');
    await actionForm(page, 'approve_extension').locator('button[type="submit"]').click();
    await eventually(() => page.locator('#case-extension-request').getAttribute('data-status')).toBe('approved');
    expect(await page.locator('#case-deadline').textContent()).toContain('已延长');
    expect(await actionForm(page, 'approve_extension').count()).toBe(0);
    expect(await actionForm(page, 'deny_extension').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the statistics show the protection pilot areas and the kinds of complainant, in both languages', async () => {
    await queuedCase('holder-zone', (c) => (c.zone = 'hengkou_demonstration_zone'));
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-stats');
    await page.goto(`${env.url}/#/stats`);
    const zones = page.locator('#stats-by-zone');
    await zones.waitFor();
    const rows = (figure: typeof zones) =>
      figure
        .locator('table tr')
        .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, Number(tr.querySelector('td')?.textContent)]));
    const byZone = Object.fromEntries(await rows(zones));
    expect(Object.keys(byZone)).toEqual(['安康高新技术产业开发区', '恒口示范区']);
    expect(byZone['恒口示范区']).toBeGreaterThanOrEqual(1);
    const byType = Object.fromEntries(await rows(page.locator('#stats-by-complainant-type')));
    expect(Object.keys(byType)).toEqual(['企业', '个人', '境外企业', '境外个人']);
    expect(byType['企业']).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'stats-zones-supervisor-zh-desktop');

    await page.locator('#lang-switch').click();
    await eventually(() => page.locator('#stats-by-zone figcaption').textContent()).toBe('By protection pilot area');
    expect(Object.keys(Object.fromEntries(await rows(page.locator('#stats-by-complainant-type'))))).toEqual([
      'Enterprise',
      'Individual',
      'Foreign enterprise',
      'Foreign individual',
    ]);
    await screenshot(page, 'stats-zones-supervisor-en-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });
});
