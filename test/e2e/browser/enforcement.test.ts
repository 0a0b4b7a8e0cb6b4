/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// Administrative enforcement in Chromium (SPEC §12). A market-regulation officer signs in choosing
// its agency, opens a case on its own lead on `#/open-case` — a missing field is refused on its field
// in the browser, a matter that does not fit the right on its field too — lands on the
// case, files it with a second officer, records an inspection by two and issues a penalty; a visitor
// who is not signed in reads the decision in the public register with the person's name masked and
// no address. A culture-and-tourism officer, in English, is offered copyright only and takes its case
// to a penalty as well; statistics count each agency's cases. The form checks with the server's own schema.

import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorOf, field } from '../../support/complaint-form.ts';
import { eventually, openPage, PHONE, screenshot, signIn, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Signs an officer of `agency` in through the development sign-in page, as a person would. */
async function signInOfficer(page: Page, agency: string, sub: string): Promise<void> {
  await page.goto(`${env.url}/#/sign-in`);
  await page.locator('#dev-sign-in select[name="role"]').selectOption('officer');
  await page.locator('#dev-sign-in select[name="agency"]').selectOption(agency);
  await page.locator('#dev-sign-in input[name="sub"]').fill(sub);
  await page.locator('#dev-sign-in button[type="submit"]').click();
  await page.locator('#whoami', { hasText: sub }).waitFor();
}

/** A call to the API as an officer of `agency` (its token carries the agency group). */
async function officerApi(agency: string, sub: string, method: string, path: string, body?: unknown) {
  const token = await env.runtime.jwt.signToken({ role: 'officer', sub, groups: ['officer', `agency:${agency}`] });
  const answer = await fetch(`${env.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, body: (await answer.json()) as any };
}

const actionForm = (page: Page, action: string) => page.locator(`form[data-action="${action}"]`);
const stageOf = (page: Page) => page.locator('#case-stage').getAttribute('data-stage');
const matterOptions = (page: Page) =>
  field(page, 'matter')
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

interface Penalty {
  coInvestigator: string;
  officers: string[];
  decisionNumber: string;
  violation: string;
  fineCny: string;
  confiscation: string;
  orders: string;
}

/** On the case page: files it with a second officer, records an inspection by two, issues the penalty. */
async function workToPenalty(page: Page, p: Penalty): Promise<void> {
  const filing = actionForm(page, 'accept_filing');
  await filing.locator('[name="coInvestigator"]').fill(p.coInvestigator);
  await filing.locator('button[type="submit"]').click();
  await eventually(() => stageOf(page)).toBe('investigating');
  expect(await page.locator('#case-investigators').textContent()).toContain(p.coInvestigator);

  const inspection = actionForm(page, 'record_inspection');
  await inspection.locator('[name="at"]').fill(`${TODAY}T10:00`);
  await inspection.locator('[name="location"]').fill('安康市汉滨区江北街道门店');
  await inspection.locator('[name="findings"]').fill('现场查获涉嫌侵权商品，当事人未能提供权利人授权证明。');
  await inspection.locator('[name="officers"]').fill(p.officers.join('\n'));
  await inspection.locator('[name="evidenceSha256"]').fill('d'.repeat(64));
  await inspection.locator('button[type="submit"]').click();
  await eventually(() => page.locator('#case-inspections li').count()).toBe(1);
  expect(await page.locator('#case-inspections').textContent()).toContain(p.officers[1]!);

  const penalty = actionForm(page, 'issue_penalty');
  await penalty.locator('[name="decisionNumber"]').fill(p.decisionNumber);
  await penalty.locator('[name="violation"]').fill(p.violation);
  await penalty.locator('[name="fineCny"]').fill(p.fineCny);
  await penalty.locator('[name="confiscation"]').fill(p.confiscation);
  await penalty.locator('[name="orders"]').fill(p.orders);
  await penalty.locator('button[type="submit"]').click();
  await eventually(() => stageOf(page)).toBe('penalty_decided');
  expect(await page.locator('#case-outcome').textContent()).toContain(p.decisionNumber);
}

describe('administrative enforcement in the browser', { timeout: 90_000 }, () => {
  it('a market-regulation officer opens a case on a lead, takes it to a penalty, and a visitor reads it masked in the register', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signInOfficer(page, 'market_regulation', 'officer-mr-zhang');
    expect(page.url()).toContain('#/queue');
    await page.locator('#nav').getByRole('link', { name: '依职权立案' }).click();
    await page.locator('#open-case-form').waitFor();
    expect(await page.locator('#open-case-agency').getAttribute('data-agency')).toBe('market_regulation');
    expect(await matterOptions(page)).toEqual([
      'trademark_counterfeiting',
      'geographical_indication',
      'patent_passing_off',
      'illegal_agency',
    ]);

    const posts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/cases') posts.push(request);
    });
    await field(page, 'lead.source').selectOption('inspection');
    expect(await field(page, 'lead.receivedOn').inputValue()).toBe(TODAY);
    // The matter brings its kind of right: a trademark.
    await field(page, 'matter').selectOption('trademark_counterfeiting');
    expect(await field(page, 'right.kind').inputValue()).toBe('trademark');
    expect(await field(page, 'plantVarietyDomain').isVisible()).toBe(false);
    await field(page, 'right.number').fill('30567890');
    await field(page, 'right.title').fill('安康富硒茶');
    await field(page, 'right.holder').fill('安康市富硒茶业协会');
    // A natural person trading without a business registration.
    await field(page, 'respondent.name').fill('王小明');
    await field(page, 'respondent.address').fill('安康市汉滨区江北街道 12 号');
    await field(page, 'countyCode').selectOption('610902');
    await field(page, 'description').fill('日常检查中发现当事人销售标有他人注册商标的茶叶礼盒三百余盒，涉嫌假冒注册商标。');

    // The lead's reference is missing: refused on its field in the browser, nothing sent.
    await page.locator('#open-case-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'lead.reference').textContent()).not.toBe('');
    expect(await field(page, 'lead.reference').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#form-summary [data-error-link="lead.reference"]').count()).toBe(1);
    expect(posts).toHaveLength(0);
    await screenshot(page, 'open-case-missing-officer-zh-desktop');

    // Passing off a patent is not about a trademark: the form's schema (the server's) says so, on the matter field, before sending.
    await field(page, 'lead.reference').fill('安市监执检〔2026〕第 88 号');
    await field(page, 'matter').selectOption('patent_passing_off');
    await field(page, 'right.kind').selectOption('trademark');
    await page.locator('#open-case-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'matter').textContent()).toContain('违法行为类型与权利类型不符');
    expect(await errorOf(page, 'lead.reference').textContent()).toBe('');
    expect(posts).toHaveLength(0);

    await field(page, 'matter').selectOption('trademark_counterfeiting');
    await page.locator('#open-case-form button[type="submit"]').click();
    await page.waitForURL(/#\/queue\/[0-9a-f-]{36}$/);
    await eventually(() => stageOf(page)).toBe('filing_review');
    expect(await page.locator('#banner').textContent()).toMatch(/已立案审查，案件编号 AKIP-\d{4}-\d{6}/);
    expect(await page.locator('#case-status').getAttribute('data-status')).toBe('in_progress');
    expect(await page.locator('#case-assignee').textContent()).toBe('officer-mr-zhang');
    expect(await page.locator('#case-complainant').textContent()).toBe('无（依职权立案）');
    expect(await page.locator('#case-lead').textContent()).toContain('安市监执检〔2026〕第 88 号');
    expect(await page.locator('#case-timeline li[data-type="opened_by_officer"]').count()).toBe(1);
    await screenshot(page, 'open-case-opened-officer-zh-desktop');

    await workToPenalty(page, {
      coInvestigator: 'officer-mr-li',
      officers: ['officer-mr-zhang', 'officer-mr-li'],
      decisionNumber: '安市监处罚〔2026〕第 17 号',
      violation: '销售侵犯注册商标专用权的商品',
      fineCny: '15000',
      confiscation: '侵权茶叶礼盒 312 盒',
      orders: '立即停止销售侵权商品',
    });
    await eventually(() => page.locator('#integrity').getAttribute('data-valid')).toBe('true');
    await screenshot(page, 'case-penalty-officer-zh-desktop');

    // Signed in, the register is still read without the officer's token.
    const signedInRead = page.waitForRequest((r) => new URL(r.url()).pathname === '/public/decisions');
    await page.locator('#nav').getByRole('link', { name: '行政处罚公示' }).click();
    expect((await signedInRead).headers()['authorization']).toBeUndefined();
    await page.locator('#decisions-table').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // A visitor, not signed in: the home page links the register.
    const visitor = await openPage(env.browser, env.url);
    await visitor.page.locator('#home-decisions').click();
    const row = visitor.page.locator('tr[data-decision-number="安市监处罚〔2026〕第 17 号"]');
    await row.waitFor();
    expect(await visitor.page.locator('#nav a[href="#/decisions"]').count()).toBe(1);
    expect(await row.locator('[data-col="respondent"]').getAttribute('data-natural-person')).toBe('true');
    expect(await row.locator('[data-col="respondent"]').textContent()).toContain('王**');
    expect(await row.locator('[data-col="agency"]').textContent()).toBe('市市场监管局');
    expect(await row.locator('[data-col="creditCode"]').textContent()).toBe('—');
    expect(await row.locator('[data-col="fine"]').textContent()).toBe('15,000 元');
    expect(await row.locator('[data-col="orders"]').textContent()).toBe('立即停止销售侵权商品');
    const text = await visitor.page.locator('main').textContent();
    for (const secret of ['王小明', '江北街道', 'officer-mr-zhang', 'AKIP-']) expect(text).not.toContain(secret);
    await screenshot(visitor.page, 'decisions-visitor-zh-desktop');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('a culture-and-tourism officer, in English, is offered copyright only and takes its case to a published penalty', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url, { lang: 'en' });
    await signInOfficer(page, 'culture_tourism', 'officer-ct-chen');
    await page.locator('#nav').getByRole('link', { name: 'Open a case' }).click();
    await page.locator('#open-case-form').waitFor();
    expect(await page.locator('main h1').textContent()).toBe('Open an enforcement case on a lead');
    expect(await matterOptions(page)).toEqual(['copyright']);
    expect(await field(page, 'matter').inputValue()).toBe('copyright');
    expect(await field(page, 'right.kind').inputValue()).toBe('copyright');

    await field(page, 'lead.source').selectOption('referral');
    await field(page, 'lead.reference').fill('陕文旅移〔2026〕12 号');
    await field(page, 'right.number').fill('陕作登字-2025-A-00001234');
    await field(page, 'right.title').fill('汉江摄影集');
    await field(page, 'right.holder').fill('安康市汉江摄影工作室');
    await field(page, 'respondent.name').fill('安康市汉江印务有限公司');
    await field(page, 'respondent.creditCode').fill('91350100M000100Y43');
    await field(page, 'countyCode').selectOption('610902');
    await field(page, 'description').fill('其他机关移送线索：当事人未经许可复制发行他人摄影作品集二千余册。');
    await screenshot(page, 'open-case-culture-en-desktop');
    await page.locator('#open-case-form button[type="submit"]').click();
    await page.waitForURL(/#\/queue\/[0-9a-f-]{36}$/);
    await eventually(() => stageOf(page)).toBe('filing_review');
    expect(await page.locator('#case-agency').getAttribute('data-agency')).toBe('culture_tourism');

    await workToPenalty(page, {
      coInvestigator: 'officer-ct-wu',
      officers: ['officer-ct-chen', 'officer-ct-wu'],
      decisionNumber: '安文旅罚〔2026〕第 3 号',
      violation: '未经著作权人许可复制发行其作品',
      fineCny: '8000',
      confiscation: '侵权图书 2150 册',
      orders: '立即停止侵权行为\n销毁侵权复制品',
    });
    expect(errors).toEqual([]);
    await context.close();

    const visitor = await openPage(env.browser, env.url, { lang: 'en', viewport: PHONE });
    await visitor.page.goto(`${env.url}/#/decisions`);
    const row = visitor.page.locator('tr[data-decision-number="安文旅罚〔2026〕第 3 号"]');
    await row.waitFor();
    expect(await visitor.page.locator('main h1').textContent()).toBe('Public register of IP administrative penalty decisions');
    // An organisation is named in full, with its credit code.
    expect(await row.locator('[data-col="respondent"]').textContent()).toBe('安康市汉江印务有限公司');
    expect(await row.locator('[data-col="creditCode"]').textContent()).toBe('91350100M000100Y43');
    expect(await row.locator('[data-col="agency"]').textContent()).toBe('Culture, Tourism, Radio and TV Bureau');
    expect(await row.locator('[data-col="matter"]').textContent()).toBe('Copyright infringement');
    expect(await row.locator('[data-col="fine"]').textContent()).toBe('CNY 8,000');
    expect(await row.locator('[data-col="orders"] li').count()).toBe(2);
    await screenshot(visitor.page, 'decisions-visitor-en-phone');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it("the supervisor's statistics count each agency's cases on the officers' paths", async () => {
    const opened = await officerApi('forestry', 'officer-fo-he', 'POST', '/cases', {
      lead: { source: 'report', reference: '安林举〔2026〕5 号', receivedOn: TODAY },
      matter: 'plant_variety',
      plantVarietyDomain: 'forestry',
      right: { kind: 'plant_variety', number: 'CNA20201234.5', title: '秦巴红豆杉 1 号', holder: '安康市林业科学研究所' },
      respondent: { name: '安康市某苗木合作社' },
      countyCode: '610902',
      description: '举报称当事人未经许可销售授权林木品种秦巴红豆杉 1 号的繁殖材料。',
      evidence: [],
    });
    expect(opened.status).toBe(201);
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-stats');
    await page.goto(`${env.url}/#/stats`);
    const cell = (agency: string, path: string) =>
      page.locator(`#stats-by-agency tr[data-agency="${agency}"] td[data-path="${path}"]`).textContent();
    await eventually(async () => {
      await page.reload();
      return cell('forestry', 'administrative_enforcement');
    }).toBe('1');
    expect(await cell('forestry', 'administrative_adjudication')).toBe('0');
    expect(await page.locator('#stats-by-agency tbody tr').count()).toBe(4);
    await screenshot(page, 'stats-by-agency-supervisor-zh-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });
});
