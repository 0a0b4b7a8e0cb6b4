/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// The complaint form in Chromium, as a new rights holder would use it: filing with an evidence
// file and watching the case reach the queue; mistakes caught in the browser before anything is
// sent; a field error only the server finds, put on its field; the network lost mid-submit;
// keyboard only; English on a phone.

import { createHash } from 'node:crypto';
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorOf, field, fillComplaint, fillForeignEnterprise } from '../../support/complaint-form.ts';
import { eventually, openPage, PHONE, screenshot, signIn, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

async function casesOf(sub: string): Promise<any[]> {
  const token = await env.runtime.jwt.signToken({ role: 'rights_holder', sub });
  const answer = await fetch(`${env.url}/cases?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as { items: any[] }).items;
}

const complaintPosts = (requests: Request[]) =>
  requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/complaints');

describe('the complaint form', { timeout: 60_000 }, () => {
  it('files a complaint with an evidence file hashed in the browser, shows the case number, and the case reaches the queue', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-evidence');
    await page.goto(`${env.url}/#/file`);
    await eventually(() => page.locator('h1').textContent()).toBe('提交知识产权侵权投诉');
    await fillComplaint(page);
    const content = Buffer.from(`公证购买记录 ${Date.now()}\n`.repeat(200));
    await field(page, 'evidence').setInputFiles({ name: '公证购买记录.pdf', mimeType: 'application/pdf', buffer: content });
    const expectedHash = createHash('sha256').update(content).digest('hex');
    await page.locator(`[data-sha256="${expectedHash}"]`).waitFor();
    await screenshot(page, 'complaint-form-filled-zh-desktop');

    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') sent.push(r.postData() ?? '');
    });
    await page.getByRole('button', { name: '提交投诉' }).click();
    const caseNumber = await page.locator('#case-number').textContent();
    expect(caseNumber).toMatch(/^AKIP-\d{4}-\d{6}$/);
    await screenshot(page, 'complaint-filed-zh-desktop');
    // Only the digest and the file's details left the browser, never its bytes.
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]!);
    expect(body.evidence).toEqual([
      expect.objectContaining({ title: '公证购买记录.pdf', sha256: expectedHash, sizeBytes: content.length, mediaType: 'application/pdf' }),
    ]);
    expect(sent[0]).not.toContain(content.toString('base64').slice(0, 40));

    await page.getByRole('link', { name: '查看案件' }).click();
    await eventually(() => page.locator('#case-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('queued');
    await eventually(() => page.locator('#case-path').textContent()).toBe('调解');
    await eventually(() => page.locator('#integrity').getAttribute('data-valid')).toBe('true');
    expect(await page.locator('#case-evidence').textContent()).toContain(expectedHash);
    await screenshot(page, 'my-case-queued-zh-desktop');

    const [stored] = await casesOf('holder-evidence');
    expect(stored).toMatchObject({ caseNumber, status: 'queued', evidence: [expect.objectContaining({ sha256: expectedHash })] });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('catches a wrong check character in the browser, on its field, before anything is sent', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-typo');
    await page.goto(`${env.url}/#/file`);
    await fillComplaint(page, { creditCode: '91350100M000100Y44', description: '太短' });
    const posts: Request[] = [];
    page.on('request', (r) => posts.push(r));
    await page.getByRole('button', { name: '提交投诉' }).click();

    // The server's own wording (domain messages and zod's zh-CN locale), on the right fields.
    await eventually(() => errorOf(page, 'complainant.creditCode').textContent()).toBe('统一社会信用代码校验位不正确');
    expect(await field(page, 'complainant.creditCode').getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(page, 'description').textContent()).toMatch(/20/);
    expect(await errorOf(page, 'complainant.name').textContent()).toBe('');
    // The summary takes focus and lists both problems.
    expect(await page.evaluate(() => document.activeElement?.closest('.notice')?.textContent ?? '')).toContain(
      '统一社会信用代码校验位不正确',
    );
    expect(complaintPosts(posts)).toHaveLength(0);
    await screenshot(page, 'complaint-client-errors-zh-desktop');

    // Corrected, it goes through.
    await field(page, 'complainant.creditCode').fill('91350100M000100Y43');
    await field(page, 'description').fill('被投诉人在其网店销售的茶叶揉捻机落入我公司发明专利权保护范围。');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.locator('#case-number').waitFor();
    expect(complaintPosts(posts)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('puts a field error that only the server found on that field', async () => {
    const { page, context } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-server-error');
    await page.goto(`${env.url}/#/file`);
    await fillComplaint(page);
    // Stands for a rule the browser did not check: the request is changed on its way, the server answers for real.
    await page.route('**/complaints', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      body.respondent.creditCode = '91440300708461136X';
      await route.continue({ postData: JSON.stringify(body) });
    });
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/complaints');
    await page.getByRole('button', { name: '提交投诉' }).click();
    expect((await answer).status()).toBe(400);
    await eventually(() => errorOf(page, 'respondent.creditCode').textContent()).toBe('统一社会信用代码校验位不正确');
    expect(await field(page, 'respondent.creditCode').getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(page, 'complainant.creditCode').textContent()).toBe('');
    await screenshot(page, 'complaint-server-error-zh-desktop');
    expect(await casesOf('holder-server-error')).toEqual([]);
    await context.close();
  });

  it('says the network is lost, keeps what was entered, and a retry files it once', async () => {
    const { page, context } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-offline');
    await page.goto(`${env.url}/#/file`);
    await fillComplaint(page, { title: '离线时填写的专利名称' });
    await context.setOffline(true);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await eventually(() => page.locator('[role="alert"]').first().textContent()).toContain('网络连接中断');
    expect(await field(page, 'right.title').inputValue()).toBe('离线时填写的专利名称');
    expect(await field(page, 'complainant.creditCode').inputValue()).toBe('91350100M000100Y43');
    await screenshot(page, 'complaint-network-lost-zh-desktop');

    await context.setOffline(false);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.locator('#case-number').waitFor();
    expect((await casesOf('holder-offline')).map((c) => c.right.title)).toEqual(['离线时填写的专利名称']);
    await context.close();
  });

  it('a request that reached the server before the answer was lost is not filed twice on retry', async () => {
    const { page, context } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-lost-answer');
    await page.goto(`${env.url}/#/file`);
    await fillComplaint(page);
    // The first POST reaches the server, but its answer never reaches the page.
    let dropped = false;
    await page.route('**/complaints', async (route) => {
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: '提交投诉' }).click();
    await eventually(() => page.locator('[role="alert"]').first().textContent()).toContain('网络连接中断');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.locator('#case-number').waitFor();
    expect(await casesOf('holder-lost-answer')).toHaveLength(1);
    await context.close();
  });

  it('can be filled and submitted with the keyboard alone, and errors lead back to their fields', async () => {
    const { page, context } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'rights_holder', 'holder-keyboard');
    await page.goto(`${env.url}/#/file`);
    await page.reload(); // as if opened fresh: focus starts at the top
    await page.locator('h1').waitFor();
    // The skip link comes first and moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Tab order from there: the complainant type, then name, credit code… each with a visible label.
    const seen: string[] = [];
    for (let i = 0; i < 40 && !seen.includes('description'); i++) {
      await page.keyboard.press('Tab');
      const path = await page.evaluate(
        () =>
          document.activeElement?.getAttribute('data-path') ??
          document.activeElement?.closest('[data-path]')?.getAttribute('data-path') ??
          '',
      );
      if (path && !seen.includes(path)) seen.push(path);
      if (path === 'complainant.name') await page.keyboard.type('安康市键盘操作有限公司');
    }
    expect(seen.slice(0, 3)).toEqual(['complainant.type', 'complainant.name', 'complainant.creditCode']);
    expect(seen).toEqual(expect.arrayContaining(['right.number', 'respondent.name', 'countyCode', 'description']));
    const labelled = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('input:not([type=radio]):not([type=checkbox]), select, textarea')).filter(
          (el) => !el.closest('[hidden]') && !(el as HTMLInputElement).labels?.length,
        ).length,
    );
    expect(labelled).toBe(0);

    // Submitting the half-filled form from the keyboard: the summary takes focus; Enter on an entry goes to its field.
    await page.locator('form button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.notice a[data-error-link="complainant.creditCode"]').waitFor();
    await page.keyboard.press('Tab');
    const link = await page.evaluate(() => document.activeElement?.getAttribute('data-error-link'));
    expect(link).toBeTruthy();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe(link);
    await screenshot(page, 'complaint-keyboard-errors-zh-desktop');

    // Now fill the rest by keyboard (focus each field by its label shortcut-free: Tab order) and submit with Enter.
    await fillComplaint(page, { name: '安康市键盘操作有限公司' });
    await field(page, 'description').focus();
    await page.keyboard.press('Tab'); // stop-infringement checkbox
    await page.keyboard.press('Space'); // unticked
    await page.keyboard.press('Space'); // ticked again
    await page.locator('form button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await page.locator('#case-number').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await context.close();
  });

  it('works in English on a phone-width screen', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url, { viewport: PHONE, lang: 'en' });
    await signIn(page, env.url, 'rights_holder', 'holder-phone');
    await page.goto(`${env.url}/#/file`);
    await eventually(() => page.locator('h1').textContent()).toBe('File an IP infringement complaint');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Fields that do not apply are not shown: an enterprise has no resident ID; a patent type only for patents.
    expect(await field(page, 'complainant.idNumber').isVisible()).toBe(false);
    await page.getByLabel('Individual', { exact: true }).check();
    expect(await field(page, 'complainant.idNumber').isVisible()).toBe(true);
    await page.getByLabel('Enterprise', { exact: true }).check();
    await field(page, 'right.kind').selectOption('trademark');
    expect(await field(page, 'right.patentType').isVisible()).toBe(false);
    await fillComplaint(page, { phone: '123' });
    await page.getByRole('button', { name: 'Submit the complaint' }).click();
    await eventually(() => errorOf(page, 'complainant.contact.phone').textContent()).toContain('11-digit mobile number');
    await screenshot(page, 'complaint-error-en-phone');
    await field(page, 'complainant.contact.phone').fill('13891500123');
    await page.getByRole('button', { name: 'Submit the complaint' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Complaint filed');
    await screenshot(page, 'complaint-filed-en-phone');

    // The switch goes back to Chinese, and is remembered.
    await page.getByRole('button', { name: '中文' }).click();
    await eventually(() => page.locator('#brand').textContent()).toBe('安康市知识产权协同保护平台');
    await page.reload();
    await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a foreign enterprise file in English with its registration number, country and an international phone, and its case is routed', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url, { lang: 'en' });
    await signIn(page, env.url, 'rights_holder', 'holder-gmbh');
    await page.goto(`${env.url}/#/file`);
    await eventually(() => page.locator('h1').textContent()).toBe('File an IP infringement complaint');
    await page.getByLabel('Foreign enterprise', { exact: true }).check();
    // A foreign enterprise has no credit code; it gives its home registration and country instead.
    expect(await field(page, 'complainant.creditCode').isVisible()).toBe(false);
    expect(await field(page, 'complainant.registrationNumber').isVisible()).toBe(true);
    expect(await field(page, 'complainant.country').isVisible()).toBe(true);
    // Countries named in the page's language; CN is not offered to a foreign party.
    expect(await field(page, 'complainant.country').locator('option[value="DE"]').textContent()).toBe('Germany (DE)');
    expect(await field(page, 'complainant.country').locator('option[value="CN"]').count()).toBe(0);

    // A mistake the browser catches with the server's English wording: a country not chosen.
    await fillForeignEnterprise(page, { country: '' });
    const posts: Request[] = [];
    page.on('request', (r) => posts.push(r));
    await page.getByRole('button', { name: 'Submit the complaint' }).click();
    await eventually(() => errorOf(page, 'complainant.country').textContent()).toBe('Choose the country or region');
    expect(complaintPosts(posts)).toHaveLength(0);

    await field(page, 'complainant.country').selectOption('DE');
    await field(page, 'zone').selectOption('ankang_high_tech_zone');
    await screenshot(page, 'complaint-foreign-enterprise-en-desktop');
    await page.getByRole('button', { name: 'Submit the complaint' }).click();
    const caseNumber = await page.locator('#case-number').textContent();
    expect(caseNumber).toMatch(/^AKIP-\d{4}-\d{6}$/);
    const body = JSON.parse(complaintPosts(posts)[0]!.postData() ?? '{}');
    expect(body.complainant).toEqual({
      type: 'foreign_enterprise',
      name: 'Beispiel Teemaschinen GmbH',
      registrationNumber: 'HRB 86891',
      country: 'DE',
      contact: { phone: '+49 30 1234567', email: 'ip@beispiel-tee.example.de', language: 'en' },
    });

    // Routed through the real intake: queued on a path, as the API answers it.
    await eventually(async () => (await casesOf('holder-gmbh'))[0]?.status, { timeout: 15_000 }).toBe('queued');
    const [stored] = await casesOf('holder-gmbh');
    expect(stored).toMatchObject({
      caseNumber,
      path: 'mediation',
      zone: 'ankang_high_tech_zone',
      complainant: {
        type: 'foreign_enterprise',
        registrationNumber: 'HRB 86891',
        country: 'DE',
        contact: { phone: '+49301234567', language: 'en' },
      },
    });

    await page.getByRole('link', { name: 'View the case' }).click();
    await eventually(() => page.locator('#case-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('queued');
    expect(await page.locator('#case-complainant-ids').textContent()).toBe('Foreign enterprise · HRB 86891 · Germany (DE)');
    expect(await page.locator('#case-zone').textContent()).toBe('Ankang High-tech Industrial Development Zone');
    await screenshot(page, 'my-case-foreign-enterprise-en-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });
});
