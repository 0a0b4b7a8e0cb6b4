/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// The credit list in Chromium (SPEC §12, 信用监管、联合惩戒). In English: a culture-and-tourism officer
// nominates a respondent on `#/credit-review` — a credit code with a wrong check character is refused
// on its field before anything is sent —; the supervisor opens the entry, starts the review, is told
// that listing must wait for the statement period, records the statement and lists it with a reason;
// a visitor who is not signed in finds it on the public `#/credit-list`; the entry's audit record shows
// the steps in order. In Chinese: the status filter, a stale version reloading the entry, a drop, the
// export downloaded with the token, and a court offered the export on the public list.

import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorOf, field } from '../../support/complaint-form.ts';
import { apiAs, eventually, openPage, PHONE, screenshot, signIn, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const IN_THREE_YEARS = `${Number(TODAY.slice(0, 4)) + 3}${TODAY.slice(4)}`;

/** Known-good unified social credit codes (public records, SPEC §7). */
const NOMINATED = '91110108551385082Q';
const DROPPED = '91350100M000100Y43';
const EXPORTED = '91440300708461136T';

/** Signs an officer of `agency` in through the development sign-in page, as a person would. */
async function signInOfficer(page: Page, agency: string, sub: string): Promise<void> {
  await page.goto(`${env.url}/#/sign-in`);
  await page.locator('#dev-sign-in select[name="role"]').selectOption('officer');
  await page.locator('#dev-sign-in select[name="agency"]').selectOption(agency);
  await page.locator('#dev-sign-in input[name="sub"]').fill(sub);
  await page.locator('#dev-sign-in button[type="submit"]').click();
  await page.locator('#whoami', { hasText: sub }).waitFor();
}

const api = (role: string, sub: string, method: string, path: string, body?: unknown) => apiAs(env.runtime, role, sub, method, path, body);

/** A supervisor's step through the API at the entry's current version. */
async function step(creditCode: string, action: string, fields: Record<string, unknown> = {}): Promise<void> {
  const current = await api('supervisor', 'supervisor-api', 'GET', `/credit-list/${creditCode}`);
  const answer = await api('supervisor', 'supervisor-api', 'POST', `/credit-list/${creditCode}/actions`, {
    action,
    expectedVersion: current.body.version,
    ...fields,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

const actionForm = (page: Page, action: string) => page.locator(`#credit-actions form[data-action="${action}"]`);
const statusOf = (page: Page) => page.locator('#credit-status').getAttribute('data-status');
const eventTypes = (page: Page) =>
  page.locator('#credit-events li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset['type']));

describe('the credit list in the browser', { timeout: 90_000 }, () => {
  it('an officer nominates, the supervisor reviews and lists after the statement, and a visitor reads the public list (English)', async () => {
    const officer = await openPage(env.browser, env.url, { lang: 'en' });
    await signInOfficer(officer.page, 'culture_tourism', 'officer-ct-credit');
    await officer.page.locator('#nav a[href="#/credit-review"]').click();
    await officer.page.locator('#credit-nominate').waitFor();
    expect(await officer.page.locator('main h1').textContent()).toBe('Credit list review');
    // Officers nominate and may export the list for joint punishment.
    expect(await officer.page.locator('#credit-export').count()).toBe(1);

    const posts: Request[] = [];
    officer.page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/credit-list/nominations') posts.push(request);
    });
    // The last character is not the code's check character: refused on its field, nothing sent.
    await field(officer.page, 'creditCode').fill(`${NOMINATED.slice(0, 17)}X`);
    await field(officer.page, 'name').fill('安康市秦巴文化传媒有限公司');
    await field(officer.page, 'reason').fill(
      'Did not perform the effective penalty decision 安文旅罚〔2025〕第 9 号 within the time it set.',
    );
    await officer.page.locator('#credit-nominate button[type="submit"]').click();
    await eventually(() => errorOf(officer.page, 'creditCode').textContent()).toBe(
      'The check character of the unified social credit code is wrong',
    );
    expect(await field(officer.page, 'creditCode').getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(officer.page, 'name').textContent()).toBe('');
    expect(posts).toHaveLength(0);
    await screenshot(officer.page, 'credit-nominate-bad-code-officer-en-desktop');

    await field(officer.page, 'creditCode').fill(NOMINATED);
    await officer.page.locator('#credit-nominate button[type="submit"]').click();
    await officer.page.waitForURL(new RegExp(`#/credit-review/${NOMINATED}$`));
    expect(posts).toHaveLength(1);
    await eventually(() => statusOf(officer.page)).toBe('candidate');
    expect(await officer.page.locator('#banner').textContent()).toContain('安康市秦巴文化传媒有限公司 is nominated');
    expect(await officer.page.locator('#credit-source').getAttribute('data-source')).toBe('nomination');
    expect(await officer.page.locator('#credit-actions').count()).toBe(0);
    expect(await eventTypes(officer.page)).toEqual(['nominated']);
    expect(officer.errors).toEqual([]);
    await officer.context.close();

    const supervisor = await openPage(env.browser, env.url, { lang: 'en' });
    const page = supervisor.page;
    await signIn(page, env.url, 'supervisor', 'supervisor-credit');
    await page.locator('#nav a[href="#/credit-review"]').click();
    const row = page.locator(`#credit-entries-table tr[data-credit-code="${NOMINATED}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('candidate');
    expect(await row.locator('[data-col="status"]').textContent()).toBe('Candidate');
    // The supervisor reviews; it does not nominate.
    expect(await page.locator('#credit-nominate').count()).toBe(0);
    await screenshot(page, 'credit-review-list-supervisor-en-desktop');
    await row.getByRole('link', { name: '安康市秦巴文化传媒有限公司' }).click();
    await page.locator('#credit-entry-name').waitFor();
    expect(await actionForm(page, 'start_review').count()).toBe(1);
    expect(await actionForm(page, 'list').count()).toBe(0);

    await actionForm(page, 'start_review').locator('button[type="submit"]').click();
    await eventually(() => statusOf(page)).toBe('under_review');
    expect(await page.locator('#credit-flash').textContent()).toContain('Recorded: Start the review and tell the respondent.');
    expect(await page.locator('#credit-statement-due').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 23:59 CST$/);
    expect(await page.locator('#credit-statement-hint').textContent()).toContain('The statement period ends');

    // Listing while the statement period runs and no statement is recorded: refused, and the page says why.
    await actionForm(page, 'list').locator('[name="reason"]').fill('Did not perform an effective penalty decision.');
    await actionForm(page, 'list').locator('button[type="submit"]').click();
    const refusal = actionForm(page, 'list').locator('[data-reason="credit.statement_period_running"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      'The action was not taken: The statement period is still running and no statement has been received',
    );
    expect(await statusOf(page)).toBe('under_review');
    await screenshot(page, 'credit-list-refused-supervisor-en-desktop');

    await actionForm(page, 'record_statement')
      .locator('[name="text"]')
      .fill('The company states that it has paid the fine and asks not to be listed.');
    await actionForm(page, 'record_statement').locator('button[type="submit"]').click();
    await eventually(() => page.locator('#credit-statement-received').textContent()).not.toBe('—');
    expect(await actionForm(page, 'record_statement').count()).toBe(0);

    await actionForm(page, 'list')
      .locator('[name="reason"]')
      .fill('Did not perform an effective penalty decision; the fine was paid late.');
    expect(await actionForm(page, 'list').locator('[name="years"]').inputValue()).toBe('3');
    await actionForm(page, 'list').locator('button[type="submit"]').click();
    await eventually(() => statusOf(page)).toBe('listed');
    expect(await page.locator('#credit-listed-at').textContent()).toBe(TODAY);
    expect(await page.locator('#credit-listed-until').textContent()).toBe(IN_THREE_YEARS);
    expect(await page.locator('#credit-reason').textContent()).toBe(
      'Did not perform an effective penalty decision; the fine was paid late.',
    );
    // Listed: the next step is a repair application.
    expect(await actionForm(page, 'record_repair_application').count()).toBe(1);

    // The audit record: the steps in order, the refused attempt not among them.
    expect(await eventTypes(page)).toEqual(['nominated', 'start_review', 'record_statement', 'list']);
    expect(
      await page.locator('#credit-events li').evaluateAll((items) => items.map((li) => Number((li as HTMLElement).dataset['seq']))),
    ).toEqual([1, 2, 3, 4]);
    const events = page.locator('#credit-events li');
    expect(await events.nth(0).textContent()).toContain('officer-ct-credit');
    expect(await events.nth(2).textContent()).toContain('asks not to be listed');
    expect(await events.nth(3).textContent()).toContain(`Listed until: ${IN_THREE_YEARS}`);
    await screenshot(page, 'credit-listed-supervisor-en-desktop');
    expect(supervisor.errors).toEqual([]);
    await supervisor.context.close();

    // A visitor, not signed in: the home page links the public list, read without a token.
    const visitor = await openPage(env.browser, env.url, { lang: 'en', viewport: PHONE });
    const read = visitor.page.waitForRequest((r) => new URL(r.url()).pathname === '/public/credit-list');
    await visitor.page.locator('#home-credit-list').click();
    expect((await read).headers()['authorization']).toBeUndefined();
    const listed = visitor.page.locator(`#credit-list-table tr[data-credit-code="${NOMINATED}"]`);
    await listed.waitFor();
    expect(await visitor.page.locator('main h1').textContent()).toBe('Credit list of serious IP infringers');
    expect(await visitor.page.locator('#nav a[href="#/credit-list"]').count()).toBe(1);
    expect(await visitor.page.locator('#nav a[href="#/credit-review"]').count()).toBe(0);
    expect(await listed.locator('[data-col="name"]').textContent()).toBe('安康市秦巴文化传媒有限公司');
    expect(await listed.locator('[data-col="listedAt"]').textContent()).toBe(TODAY);
    expect(await listed.locator('[data-col="listedUntil"]').textContent()).toBe(IN_THREE_YEARS);
    expect(await listed.locator('[data-col="reason"]').textContent()).toBe(
      'Did not perform an effective penalty decision; the fine was paid late.',
    );
    // Nominated, not found twice: no decisions to name.
    expect(await listed.locator('[data-col="decisions"]').textContent()).toBe('—');
    expect(await visitor.page.locator('#credit-export').count()).toBe(0);
    const text = await visitor.page.locator('main').textContent();
    for (const secret of ['officer-ct-credit', 'supervisor-credit', 'asks not to be listed']) expect(text).not.toContain(secret);
    await screenshot(visitor.page, 'credit-list-visitor-en-phone');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('the supervisor filters the entries, is told of a stale version, drops an entry and downloads the export; a court exports from the public list', async () => {
    for (const [creditCode, name] of [
      [DROPPED, '安康市汉江印务有限公司'],
      [EXPORTED, '安康市富硒茶业贸易有限公司'],
    ] as const) {
      const nominated = await api('officer', 'officer-mr-credit', 'POST', '/credit-list/nominations', {
        creditCode,
        name,
        reason: '拒不履行已生效的行政处罚决定。',
      });
      expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
    }
    await step(EXPORTED, 'start_review');
    await step(EXPORTED, 'record_statement', { text: '当事人称已停止侵权。' });
    await step(EXPORTED, 'list', { reason: '五年内两次侵犯注册商标专用权并拒不履行处罚决定。', years: 5 });

    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-credit-zh');
    await page.goto(`${env.url}/#/credit-review`);
    await page.locator(`#credit-entries-table tr[data-credit-code="${EXPORTED}"]`).waitFor();
    await page.locator('#credit-status-filter').selectOption('candidate');
    await eventually(() => page.locator(`#credit-entries-table tr[data-credit-code="${EXPORTED}"]`).count()).toBe(0);
    await page.locator(`#credit-entries-table tr[data-credit-code="${DROPPED}"]`).waitFor();
    expect(await page.locator('#credit-entries-table tbody tr:not([data-status="candidate"])').count()).toBe(0);
    await page.locator('#credit-status-filter').selectOption('listed');
    await page.locator(`#credit-entries-table tr[data-credit-code="${EXPORTED}"]`).waitFor();
    expect(await page.locator(`#credit-entries-table tr[data-credit-code="${DROPPED}"]`).count()).toBe(0);

    // The export, fetched with the token and saved as a file: the listed respondents only.
    const csv = page.waitForEvent('download');
    await page.locator('#credit-export-csv').click();
    const download = await csv;
    expect(download.suggestedFilename()).toBe(`credit-list-${TODAY}.csv`);
    const content = readFileSync(await download.path(), 'utf8');
    expect(content.split('\r\n')[0]).toBe('creditCode,name,listedAt,listedUntil,reason,decisions');
    expect(content).toContain(`${EXPORTED},安康市富硒茶业贸易有限公司`);
    expect(content).not.toContain(DROPPED);
    expect(await page.locator('#credit-export-status').textContent()).toContain(`已下载 credit-list-${TODAY}.csv`);

    await page.goto(`${env.url}/#/credit-review/${DROPPED}`);
    await actionForm(page, 'start_review').locator('button[type="submit"]').click();
    await eventually(() => statusOf(page)).toBe('under_review');
    // Someone records the statement meanwhile: the page's version is stale, the entry is reloaded.
    await step(DROPPED, 'record_statement', { text: '当事人提交了书面陈述申辩。' });
    await actionForm(page, 'drop').locator('[name="reason"]').fill('当事人已履行处罚决定，不予列入。');
    await actionForm(page, 'drop').locator('button[type="submit"]').click();
    await eventually(() => page.locator('#credit-flash').textContent()).toBe('该条目已被他人更新，页面已重新载入，请核对后再操作。');
    expect(await page.locator('#credit-statement-received').textContent()).not.toBe('—');
    expect(await actionForm(page, 'record_statement').count()).toBe(0);
    // A reason is required: refused on its field before sending.
    await actionForm(page, 'drop').locator('button[type="submit"]').click();
    await eventually(() => actionForm(page, 'drop').locator('[data-error-for="reason"]').textContent()).not.toBe('');
    await actionForm(page, 'drop').locator('[name="reason"]').fill('当事人已履行处罚决定，不予列入。');
    await actionForm(page, 'drop').locator('button[type="submit"]').click();
    await eventually(() => statusOf(page)).toBe('dropped');
    expect(await page.locator('#credit-status').textContent()).toBe('不予列入');
    expect(await page.locator('#credit-no-actions').count()).toBe(1);
    expect(await eventTypes(page)).toEqual(['nominated', 'start_review', 'record_statement', 'drop']);
    await screenshot(page, 'credit-dropped-supervisor-zh-desktop');
    expect(errors).toEqual([]);
    await context.close();

    // A court reads the public list signed in, and exports it; the review is not its page.
    const court = await openPage(env.browser, env.url);
    await signIn(court.page, env.url, 'court', 'court-credit');
    expect(await court.page.locator('#nav a[href="#/credit-review"]').count()).toBe(0);
    await court.page.locator('#nav a[href="#/credit-list"]').click();
    await court.page.locator(`#credit-list-table tr[data-credit-code="${EXPORTED}"]`).waitFor();
    expect(await court.page.locator(`#credit-list-table tr[data-credit-code="${DROPPED}"]`).count()).toBe(0);
    expect(await court.page.locator('main h1').textContent()).toBe('知识产权领域严重违法失信名单');
    const json = court.page.waitForEvent('download');
    await court.page.locator('#credit-export-json').click();
    const exported = JSON.parse(readFileSync(await (await json).path(), 'utf8')) as { items: { creditCode: string }[] };
    expect(exported.items.map((i) => i.creditCode)).toContain(EXPORTED);
    await screenshot(court.page, 'credit-list-court-zh-desktop');
    expect(court.errors).toEqual([]);
    await court.context.close();
  });
});
