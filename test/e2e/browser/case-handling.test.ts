/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// Working a case in Chromium: a mediator claims a filed complaint and records consent, a session
// and an agreement through forms generated from the action schemas; a stale page's action is
// refused (409), the page reloads and says why; a court user finds the case by its number and
// sees its timeline verified, the respondent's history and the statistics chart; each role
// page refuses the roles it is not for; the rights holder withdraws a case and adds evidence.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validComplaint } from '../../support/complaints.ts';
import { DESKTOP, eventually, openPage, PHONE, screenshot, signIn, apiAs, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

const api = (role: string, sub: string, method: string, path: string, body?: unknown) => apiAs(env.runtime, role, sub, method, path, body);

/** Files a complaint through the API (the form has its own tests) and waits until it is queued. */
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

const actionForm = (page: Page, action: string) => page.locator(`form[data-action="${action}"]`);
const statusOf = (page: Page) => page.locator('#case-status').getAttribute('data-status');
const stageOf = (page: Page) => page.locator('#case-stage').getAttribute('data-stage');

describe('handling a case', { timeout: 60_000 }, () => {
  it('a mediator claims it from the work queue and records consent, a session and the agreement', async () => {
    const { caseId, caseNumber } = await queuedCase('holder-mediated');
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'mediator', 'mediator-li');
    expect(page.url()).toContain('#/queue');
    const row = page.locator(`#work-queue tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    await screenshot(page, 'work-queue-mediator-zh-desktop');
    await row.getByRole('link', { name: caseNumber }).click();

    // Queued: the only thing to do is to claim it.
    await page.locator('#claim').click();
    await eventually(() => statusOf(page)).toBe('in_progress');
    expect(await page.locator('#case-assignee').textContent()).toBe('mediator-li');
    expect(await page.locator('form[data-action]').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-action')))).toEqual(
      expect.arrayContaining(['record_consent', 'add_evidence', 'release', 'add_note']),
    );
    expect(await actionForm(page, 'record_agreement').count()).toBe(0);

    await actionForm(page, 'record_consent').getByRole('checkbox').check();
    await actionForm(page, 'record_consent').locator('button[type="submit"]').click();
    await eventually(() => stageOf(page)).toBe('consented');

    const session = actionForm(page, 'schedule_session');
    await session.locator('[name="at"]').fill('2026-12-01T09:30');
    await session.locator('[name="mode"]').selectOption('offline');
    await session.locator('[name="location"]').fill('安康市知识产权纠纷人民调解委员会 第一调解室');
    await session.locator('button[type="submit"]').click();
    await eventually(() => stageOf(page)).toBe('session_scheduled');

    // The schema's rules run in the browser first: terms are required.
    const agreement = actionForm(page, 'record_agreement');
    await agreement.locator('button[type="submit"]').click();
    await eventually(() => agreement.locator('[data-error-for="terms"]').textContent()).not.toBe('');
    await agreement.locator('[name="terms"]').fill('被投诉人立即停止销售涉案揉捻机，并于 2026 年 12 月 31 日前赔偿 50000 元。');
    await agreement.locator('[name="amountCny"]').fill('50000');
    await agreement.locator('button[type="submit"]').click();
    await eventually(() => stageOf(page)).toBe('agreement_reached');
    expect(await page.locator('#case-timeline li[data-type="record_agreement"]').count()).toBe(1);
    await eventually(() => page.locator('#integrity').getAttribute('data-valid')).toBe('true');
    await screenshot(page, 'case-agreement-mediator-zh-desktop');

    const stored = await api('court', 'court-check', 'GET', `/cases/${caseId}`);
    expect(stored.body).toMatchObject({ stage: 'agreement_reached', assignee: 'mediator-li' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a stale page: the action is refused, the page reloads the case and says why', async () => {
    const { caseId } = await queuedCase('holder-stale');
    expect((await api('mediator', 'mediator-wang', 'POST', `/cases/${caseId}/claim`)).status).toBe(200);
    const { page, context } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'mediator', 'mediator-wang');
    await page.goto(`${env.url}/#/queue/${caseId}`);
    await actionForm(page, 'record_consent').waitFor();

    // Meanwhile, in another window, the same mediator records the consent.
    const version = (await api('mediator', 'mediator-wang', 'GET', `/cases/${caseId}`)).body.version;
    expect(
      (
        await api('mediator', 'mediator-wang', 'POST', `/cases/${caseId}/actions`, {
          action: 'record_consent',
          expectedVersion: version,
          consented: true,
        })
      ).status,
    ).toBe(200);

    // This page still offers consent at the old version.
    await actionForm(page, 'record_consent').locator('[name="reason"]').fill('当事人电话确认同意调解');
    const answer = page.waitForResponse((r) => r.url().endsWith('/actions'));
    await actionForm(page, 'record_consent').locator('button[type="submit"]').click();
    expect((await answer).status()).toBe(409);
    await eventually(() => page.locator('.notice.warn').first().textContent()).toContain('案件已被他人更新');
    // Reloaded: the current stage, and the forms that fit it.
    await eventually(() => stageOf(page)).toBe('consented');
    expect(await actionForm(page, 'record_consent').count()).toBe(0);
    expect(await actionForm(page, 'schedule_session').count()).toBe(1);
    await screenshot(page, 'case-stale-reloaded-zh-desktop');
    await context.close();
  });

  it('a court user finds the case by its number and sees the timeline verified, the respondent history and statistics', async () => {
    const { caseId, caseNumber } = await queuedCase('holder-court');
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'court', 'court-zhao');
    expect(page.url()).toContain('#/search');
    await page.locator('input[name="caseNumber"]').fill(caseNumber);
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('#search-results tbody tr');
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-case-id')).toBe(caseId);
    await screenshot(page, 'search-court-zh-desktop');

    await rows.first().getByRole('link', { name: caseNumber }).click();
    await eventually(() => page.locator('#integrity').getAttribute('data-valid')).toBe('true');
    expect(await page.locator('#integrity').textContent()).toBe('记录完整（哈希链校验通过）');
    const events = await page.locator('#case-timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-type')));
    expect(events[0]).toBe('submitted');
    expect(events).toEqual(expect.arrayContaining(['routed', 'queued']));
    // The court has nothing to do on a queued mediation case but add a note.
    expect(await page.locator('form[data-action]').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-action')))).toEqual([
      'add_note',
    ]);

    await page.getByRole('button', { name: '查看被投诉人历史' }).click();
    await eventually(() => page.locator('#respondent-history tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#respondent-history').textContent()).toContain(caseNumber);
    await screenshot(page, 'case-court-zh-desktop');

    await page.goto(`${env.url}/#/stats`);
    await page.locator('#stats-total').waitFor();
    expect(Number(await page.locator('#stats-total').textContent())).toBeGreaterThan(0);
    expect(await page.locator('#stats svg.chart rect').count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'stats-court-zh-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a wrong case number or filter is answered on the search form, not with a broken page', async () => {
    const { page, context } = await openPage(env.browser, env.url, { lang: 'en' });
    await signIn(page, env.url, 'procuratorate', 'proc-sun');
    await page.locator('input[name="caseNumber"]').fill('AKIP-2026-12');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(() => page.locator('[data-error-for="caseNumber"]').textContent()).not.toBe('');
    await screenshot(page, 'search-error-en-desktop');
    await context.close();
  });

  it('each role page refuses the roles it is not for', async () => {
    const { page, context } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-roles');
    for (const hash of ['#/queue', '#/search', '#/stats']) {
      await page.goto(`${env.url}/${hash}`);
      await eventually(() => page.locator('main [role="alert"]').textContent()).toContain('此页面仅供以下角色使用');
    }
    await screenshot(page, 'role-refused-zh-desktop');
    await signIn(page, env.url, 'mediator', 'mediator-roles');
    for (const hash of ['#/file', '#/my-cases', '#/stats']) {
      await page.goto(`${env.url}/${hash}`);
      await eventually(() => page.locator('main [role="alert"]').textContent()).toContain('调解员');
    }
    expect(await page.locator('main form').count()).toBe(0);
    await signIn(page, env.url, 'police', 'police-roles');
    await page.goto(`${env.url}/#/stats`);
    await eventually(() => page.locator('main [role="alert"]').textContent()).toContain('此页面仅供以下角色使用');
    // Signed out, every role page asks to sign in.
    await page.locator('#sign-out').click();
    await page.goto(`${env.url}/#/queue`);
    await eventually(() => page.locator('main').textContent()).toContain('请先登录');
    await context.close();
  });

  it('a rights holder adds evidence to and withdraws their case from "my cases", on a phone in English', async () => {
    const { caseNumber } = await queuedCase('holder-withdraw');
    const { page, context, errors } = await openPage(env.browser, env.url, { viewport: PHONE, lang: 'en' });
    await signIn(page, env.url, 'rights_holder', 'holder-withdraw');
    await page.goto(`${env.url}/#/my-cases`);
    await page.getByRole('link', { name: caseNumber }).click();
    await eventually(() => statusOf(page)).toBe('queued');
    expect(await page.locator('#case-deadline').textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} CST/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'my-case-en-phone');

    const add = actionForm(page, 'add_evidence');
    await add
      .locator('input[type="file"]')
      .setInputFiles({ name: 'invoice.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('a photo of the invoice') });
    await add.locator('button[type="submit"]').click();
    await eventually(() => page.locator('#case-evidence').textContent()).toContain('invoice.jpg');

    const withdraw = actionForm(page, 'withdraw');
    await withdraw.locator('button[type="submit"]').click();
    await eventually(() => withdraw.locator('[data-error-for="reason"]').textContent()).not.toBe('');
    await withdraw.locator('[name="reason"]').fill('The parties settled privately.');
    await withdraw.locator('button[type="submit"]').click();
    await eventually(() => statusOf(page)).toBe('withdrawn');
    expect(await page.locator('#case-status').textContent()).toBe('Withdrawn');
    expect(await page.locator('form[data-action]').count()).toBe(0);
    await screenshot(page, 'my-case-withdrawn-en-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a lost network while acting says so and keeps the form; the action goes through when it is back', async () => {
    const { caseId } = await queuedCase('holder-net');
    expect((await api('mediator', 'mediator-net', 'POST', `/cases/${caseId}/claim`)).status).toBe(200);
    const { page, context } = await openPage(env.browser, env.url, { viewport: DESKTOP });
    await signIn(page, env.url, 'mediator', 'mediator-net');
    await page.goto(`${env.url}/#/queue/${caseId}`);
    const note = actionForm(page, 'add_note');
    await note.locator('[name="text"]').fill('已电话联系被投诉人。');
    await context.setOffline(true);
    await note.locator('button[type="submit"]').click();
    await eventually(() => note.locator('[role="alert"]').textContent()).toContain('网络连接中断');
    expect(await note.locator('[name="text"]').inputValue()).toBe('已电话联系被投诉人。');
    await context.setOffline(false);
    await note.locator('button[type="submit"]').click();
    await eventually(() => page.locator('#case-timeline li[data-type="add_note"]').count()).toBe(1);
    await context.close();
  });
});
