/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// Random inspections in Chromium (双随机、一公开, SPEC §13). The supervisor plans a round on
// `#/inspections` — a credit code with a wrong check character is refused on its field, with its line,
// before anything is sent; a recusal naming no inspector of the plan is refused by the server on its
// field, with its line —, freezes it (the answer lost on the network: the retry with the same
// Idempotency-Key freezes nothing twice), draws it with a public value typed as published (a value of
// too few numbers refused before anything is sent; stored and seeded in its one written form),
// records a `no_issue` result and a `violation_found` result that opens an enforcement case (its
// number links to the case). A visitor who is not signed in reads the round on `#/public-inspections`
// in English — plan, hash, public value, seed, draw, results, and nothing of who recorded them or the
// case — and the Verify button reruns the draw in the browser: every check passes. A lead officer of
// another agency signs in as one, plans for its own agency only (a target filter offers its own
// matters only) and does not see the supervisor's round.

import { createHash } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import { errorOf, field } from '../../support/complaint-form.ts';
import { eventually, openPage, PHONE, screenshot, signIn, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser();

const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Four respondents with valid unified social credit codes (the fourth's check character computed, GB 32100). */
const FOURTH = `91610902MA6X0K2P7${creditCodeCheckCharacter('91610902MA6X0K2P7')}`;
const TARGETS = [
  { creditCode: '91350100M000100Y43', name: '安康市秦巴茶业科技有限公司' },
  { creditCode: '91110108551385082Q', name: '安康市汉江印务有限公司' },
  { creditCode: '91440300708461136T', name: '安康市富硒食品有限公司' },
  { creditCode: FOURTH, name: '安康市瀛湖商贸有限公司' },
];
const INSPECTORS = ['officer-mr-an', 'officer-mr-bai', 'officer-mr-cao', 'officer-mr-ding'];
/** officer-mr-an is recused from the first target. */
const RECUSED = { inspector: 'officer-mr-an', creditCode: TARGETS[0]!.creditCode };
const ROUND_NAME = '2026 年第四季度商标专用权双随机抽查';
/** A 福彩 3D result as published, typed with spaces and a leading zero; it is kept written one way only. */
const PUBLIC_VALUE = '05 2 9';
const CANONICAL_VALUE = '5-2-9';
const PUBLIC_REFERENCE = '中国福利彩票 3D 第 2026141 期';

const plan = (page: Page) => page.locator('#inspection-plan');
const targetSections = (page: Page) => page.locator('#inspection-round section.inspection-target');
const inSection = (section: ReturnType<Page['locator']>, path: string) => section.locator(`[data-path="${path}"]`).first();

describe('random inspections in the browser', { timeout: 120_000 }, () => {
  it('the supervisor plans, draws and records two results; a visitor reads the record and verifies the draw', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-insp');
    await page.locator('#nav').getByRole('link', { name: '双随机抽查' }).click();
    await plan(page).waitFor();
    expect(await page.locator('main h1').textContent()).toBe('双随机、一公开抽查');
    await page.locator('#inspection-rounds-table-none').waitFor();

    const posts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/inspections') posts.push(request);
    });
    await field(page, 'name').fill(ROUND_NAME);
    expect(await field(page, 'agency').inputValue()).toBe('market_regulation');
    // The second line's code has a wrong check character.
    const lines = TARGETS.map((t) => `${t.creditCode} ${t.name}`);
    const bad = `${TARGETS[1]!.creditCode.slice(0, 17)}X ${TARGETS[1]!.name}`;
    await field(page, 'targets').fill([lines[0], bad, lines[2], lines[3]].join('\n'));
    await field(page, 'targetCount').fill('3');
    await field(page, 'inspectors').fill(INSPECTORS.join('\n'));
    expect(await field(page, 'inspectorsPerTarget').inputValue()).toBe('2');
    // Not an inspector of this plan: only the server's own check of the plan knows.
    await field(page, 'recusals').fill(`officer-mr-zhou ${RECUSED.creditCode}`);
    await field(page, 'publicValueSource').fill('中国福利彩票 3D 计划冻结后第一期开奖号码（百位、十位、个位）');
    await field(page, 'publicValueNumbers').fill('3');
    await plan(page).locator('button[type="submit"]').click();
    await eventually(() => errorOf(page, 'targets').textContent()).toBe('第 2 行：统一社会信用代码校验位不正确');
    expect(await field(page, 'targets').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#inspection-plan-summary [data-error-link="targets[1].creditCode"]').count()).toBe(1);
    expect(posts).toHaveLength(0);
    await screenshot(page, 'inspection-plan-bad-code-supervisor-zh-desktop');

    await field(page, 'targets').fill(lines.join('\n'));
    await plan(page).locator('button[type="submit"]').click();
    await eventually(() => errorOf(page, 'recusals').textContent()).toBe('第 1 行：回避人员不在执法检查人员名单中');
    expect(posts).toHaveLength(1);
    expect(await errorOf(page, 'targets').textContent()).toBe('');

    // The plan reaches the server and is frozen, but its answer never reaches the page.
    await field(page, 'recusals').fill(`${RECUSED.inspector} ${RECUSED.creditCode}`);
    let dropped = false;
    await page.route('**/inspections', async (route) => {
      if (dropped || route.request().method() !== 'POST') return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await plan(page).locator('button[type="submit"]').click();
    await eventually(() => page.locator('#inspection-plan-summary').textContent()).toContain('网络连接中断');
    expect(await field(page, 'name').inputValue()).toBe(ROUND_NAME);
    // Sent again as it is: the same key, so the plan frozen already answers, not a second one.
    await plan(page).locator('button[type="submit"]').click();
    await page.waitForURL(/#\/inspections\/[0-9a-f-]{36}$/);
    const keys = posts.map((p) => p.headers()['idempotency-key']);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f-]{36}$/);
    // A new form's key for the changed plan, and that one again for the retry.
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe(keys[1]);
    const inspectionId = page.url().split('/').pop()!;
    await eventually(() => page.locator('#inspection-status').getAttribute('data-status')).toBe('planned');
    const planHash = (await page.locator('#inspection-plan-hash').textContent())!;
    expect(planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('#banner').textContent()).toBe(`抽查计划已冻结，哈希值 ${planHash}。`);
    expect(await page.locator('#inspection-frozen-at').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await page.locator('#inspection-target-count').textContent()).toBe('3 / 4');
    expect(await page.locator('#inspection-recusals').textContent()).toBe(`${RECUSED.inspector} → ${RECUSED.creditCode}`);
    expect(await page.locator('#inspection-public-value-numbers').textContent()).toBe('3');
    expect(await page.locator('#inspection-drawn-at').textContent()).toBe('尚未摇号。');
    expect(await targetSections(page).count()).toBe(0);
    await screenshot(page, 'inspection-planned-supervisor-zh-desktop');

    // The draw: the public value nobody knew when the plan was frozen, and where it was published.
    const draw = page.locator('#inspection-draw');
    expect(await draw.locator('.hint').first().textContent()).toContain('全部 3 个数字');
    const drawPosts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/draw')) drawPosts.push(request);
    });
    // Two numbers of the three announced, and no reference: both refused before anything is sent.
    await draw.locator('[name="publicValue"]').fill('05 2');
    await draw.locator('button[type="submit"]').click();
    await eventually(() => errorOf(page, 'publicValue').textContent()).toBe('公开随机值的数字个数与计划公布的不一致');
    expect(await errorOf(page, 'publicValueReference').textContent()).not.toBe('');
    expect(drawPosts).toHaveLength(0);
    await draw.locator('[name="publicValue"]').fill(PUBLIC_VALUE);
    await draw.locator('[name="publicValueReference"]').fill(PUBLIC_REFERENCE);
    await draw.locator('button[type="submit"]').click();
    await eventually(() => page.locator('#inspection-status').getAttribute('data-status')).toBe('drawn');
    expect(drawPosts).toHaveLength(1);
    expect(drawPosts[0]!.postDataJSON()).toEqual({ publicValue: PUBLIC_VALUE, publicValueReference: PUBLIC_REFERENCE });
    expect(await page.locator('#inspection-flash').textContent()).toBe('已摇号，抽中 3 个检查对象。');
    expect(await page.locator('#inspection-draw').count()).toBe(0);
    // Stored in its one written form, and seeded with that form.
    expect(await page.locator('#inspection-public-value').textContent()).toBe(CANONICAL_VALUE);
    const seed = (await page.locator('#inspection-seed').textContent())!;
    expect(seed).toBe(createHash('sha256').update(`${planHash}${CANONICAL_VALUE}`).digest('hex'));
    expect(await targetSections(page).count()).toBe(3);
    const drawn = await targetSections(page).evaluateAll((sections) =>
      sections.map((s) => ({
        creditCode: (s as HTMLElement).dataset['creditCode']!,
        inspectors: s.querySelector('[data-col="inspectors"] .mono')!.textContent!.split('、'),
      })),
    );
    for (const target of drawn) {
      expect(target.inspectors).toHaveLength(2);
      for (const sub of target.inspectors) expect(INSPECTORS).toContain(sub);
      if (target.creditCode === RECUSED.creditCode) expect(target.inspectors).not.toContain(RECUSED.inspector);
    }

    // No issue at the first target drawn.
    const first = targetSections(page).nth(0);
    await inSection(first, 'result').selectOption('no_issue');
    expect(await first.locator('fieldset.inspection-case').isVisible()).toBe(false);
    expect(await inSection(first, 'inspectedOn').inputValue()).toBe(TODAY);
    await inSection(first, 'summary').fill('现场检查经营场所及库存商品，未发现侵犯注册商标专用权的商品。');
    await first.locator('button[type="submit"]').click();
    await eventually(() => targetSections(page).nth(0).getAttribute('data-result')).toBe('no_issue');
    expect(await page.locator('#inspection-flash').textContent()).toContain('的检查结果。');

    // A violation at the second: the case fields show; a missing one is refused in the browser.
    const second = targetSections(page).nth(1);
    await inSection(second, 'result').selectOption('violation_found');
    expect(await second.locator('fieldset.inspection-case').isVisible()).toBe(true);
    await inSection(second, 'summary').fill('现场查获标有他人注册商标的茶叶礼盒 212 盒，当事人未能提供授权证明，已依职权立案。');
    await inSection(second, 'case.matter').selectOption('trademark_counterfeiting');
    expect(await inSection(second, 'case.right.kind').inputValue()).toBe('trademark');
    expect(await inSection(second, 'case.right.patentType').isVisible()).toBe(false);
    await inSection(second, 'case.right.title').fill('安康富硒茶');
    await inSection(second, 'case.right.holder').fill('安康市富硒茶业协会');
    await inSection(second, 'case.countyCode').selectOption('610902');
    await inSection(second, 'case.description').fill('双随机抽查中发现当事人销售标有他人注册商标的茶叶礼盒二百余盒，涉嫌假冒注册商标。');
    const resultPosts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/results')) resultPosts.push(request);
    });
    await second.locator('button[type="submit"]').click();
    await eventually(() => second.locator('[data-error-for="case.right.number"]').textContent()).not.toBe('');
    expect(resultPosts).toHaveLength(0);
    await inSection(second, 'case.right.number').fill('30567890');
    await second.locator('button[type="submit"]').click();
    await eventually(() => targetSections(page).nth(1).getAttribute('data-result')).toBe('violation_found');
    const caseLink = targetSections(page).nth(1).locator('[data-col="case"] a');
    expect(await caseLink.textContent()).toMatch(/^AKIP-\d{4}-\d{6}$/);
    expect(await caseLink.getAttribute('href')).toMatch(/^#\/cases\/[0-9a-f-]{36}$/);
    expect(await page.locator('#inspection-flash').textContent()).toContain(`案件编号 ${await caseLink.textContent()}`);
    expect(await targetSections(page).nth(2).locator('form.inspection-result').count()).toBe(1);
    expect(await page.locator('#inspection-status').getAttribute('data-status')).toBe('drawn');
    expect(
      await page.locator('#inspection-events li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset['type'])),
    ).toEqual(['inspection_planned', 'inspection_drawn', 'inspection_result', 'inspection_result']);
    await screenshot(page, 'inspection-results-supervisor-zh-desktop');

    // The case the violation opened, against the target drawn.
    const caseNumber = (await caseLink.textContent())!;
    await caseLink.click();
    await page.waitForURL(/#\/cases\/[0-9a-f-]{36}$/);
    await eventually(() => page.locator('main').textContent()).toContain(caseNumber);
    expect(await page.locator('main').textContent()).toContain(drawn[1]!.creditCode);
    expect(errors).toEqual([]);
    await context.close();

    // A visitor, not signed in, in English on a phone: the home page links the record.
    const visitor = await openPage(env.browser, env.url, { lang: 'en', viewport: PHONE });
    const v = visitor.page;
    expect(await v.locator('#nav a[href="#/public-inspections"]').count()).toBe(1);
    expect(await v.locator('#nav a[href="#/inspections"]').count()).toBe(0);
    const listRead = v.waitForRequest((r) => new URL(r.url()).pathname === '/public/inspections');
    await v.locator('#home-inspections').click();
    expect((await listRead).headers()['authorization']).toBeUndefined();
    const row = v.locator(`#public-inspections-table tr[data-inspection-id="${inspectionId}"]`);
    await row.waitFor();
    // The plan sent twice was frozen once.
    expect(await v.locator('#public-inspections-table tbody tr').count()).toBe(1);
    expect(await v.locator('main h1').textContent()).toBe('Public record of random inspections');
    expect(await row.locator('[data-col="status"]').textContent()).toBe('Drawn, inspecting');
    expect(await row.locator('[data-col="targets"]').textContent()).toBe('3 / 4');
    expect(await row.locator('[data-col="results"]').textContent()).toBe('2');
    await row.getByRole('link', { name: ROUND_NAME }).click();
    await v.locator('#inspection-verify').waitFor();
    expect(await v.locator('#inspection-name').textContent()).toBe(ROUND_NAME);
    expect(await v.locator('#inspection-agency').textContent()).toBe('Market Regulation Bureau');
    expect(await v.locator('#inspection-status').getAttribute('data-status')).toBe('drawn');
    expect(await v.locator('#inspection-plan-hash').textContent()).toBe(planHash);
    expect(await v.locator('#inspection-public-value').textContent()).toBe(CANONICAL_VALUE);
    expect(await v.locator('#inspection-public-value-reference').textContent()).toBe(PUBLIC_REFERENCE);
    expect(await v.locator('#inspection-seed').textContent()).toBe(seed);
    // The plan's text is folded until asked for; it is exactly what the hash is of.
    expect(await v.locator('#inspection-plan-text pre').isVisible()).toBe(false);
    await v.locator('#inspection-plan-text summary').click();
    const planText = (await v.locator('#inspection-plan-text pre').textContent())!;
    expect(createHash('sha256').update(planText).digest('hex')).toBe(planHash);
    expect(
      await v.locator('#inspection-drawn tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['creditCode'])),
    ).toEqual(drawn.map((d) => d.creditCode));
    expect(await v.locator(`#inspection-results tr[data-credit-code="${drawn[0]!.creditCode}"]`).getAttribute('data-result')).toBe(
      'no_issue',
    );
    expect(await v.locator(`#inspection-results tr[data-credit-code="${drawn[1]!.creditCode}"] [data-col="result"]`).textContent()).toBe(
      'Violation found',
    );
    const byHand = (await v.locator('#inspection-seed-by-hand').textContent())!;
    expect(byHand).toContain(`PLAN_HASH=${planHash}\nPUBLIC_VALUE='${CANONICAL_VALUE}'\n`);
    expect(byHand).toContain(`printf '%s%s' "$PLAN_HASH" "$PUBLIC_VALUE" | sha256sum`);
    expect(await v.locator('#inspection-verify-section').textContent()).toContain(`npm run verify-draw -- ${inspectionId}`);
    // Nothing of who recorded the results or of the case the violation opened.
    const text = await v.locator('main').textContent();
    for (const secret of ['supervisor-insp', caseNumber, 'AKIP-']) expect(text).not.toContain(secret);

    await v.locator('#inspection-verify').click();
    await eventually(() => v.locator('#inspection-verify-outcome').getAttribute('data-matches')).toBe('true');
    expect(
      await v
        .locator('#inspection-checks li')
        .evaluateAll((items) => items.map((li) => [(li as HTMLElement).dataset['check'], (li as HTMLElement).dataset['ok']])),
    ).toEqual([
      ['plan_hash', 'true'],
      ['public_value', 'true'],
      ['seed', 'true'],
      ['draw', 'true'],
      ['recusals', 'true'],
    ]);
    expect(await v.locator('#inspection-verify-outcome').textContent()).toContain('All checks passed');
    await screenshot(v, 'public-inspection-verified-visitor-en-phone');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it("a lead officer plans for its own agency only and does not see another agency's rounds", async () => {
    const { page, context, errors } = await openPage(env.browser, env.url);
    await page.goto(`${env.url}/#/sign-in`);
    await page.locator('#dev-sign-in select[name="role"]').selectOption('officer');
    await page.locator('#dev-sign-in select[name="agency"]').selectOption('culture_tourism');
    await page.locator('#dev-sign-in input[name="lead"]').check();
    await page.locator('#dev-sign-in input[name="sub"]').fill('officer-ct-lead');
    await page.locator('#dev-sign-in button[type="submit"]').click();
    await page.locator('#whoami', { hasText: 'officer-ct-lead' }).waitFor();
    await page.goto(`${env.url}/#/inspections`);
    await plan(page).waitFor();
    expect(
      await field(page, 'agency')
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['culture_tourism']);
    // Targets by filter: over the agency's published penalty decisions, of its own matters only.
    expect(await field(page, 'targetFilter.matter').isVisible()).toBe(false);
    await plan(page).locator('input[name="targetsSource"][value="filter"]').check();
    expect(await field(page, 'targets').isVisible()).toBe(false);
    expect(
      await field(page, 'targetFilter.matter')
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['', 'copyright']);
    expect(await field(page, 'targetFilter.decidedSince').getAttribute('type')).toBe('date');
    // The market-regulation round of the first test is not this agency's.
    await page.locator('#inspection-rounds-table-none').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // An officer who is not a lead reads the rounds but plans none.
    const other = await openPage(env.browser, env.url);
    await signIn(other.page, env.url, 'officer', 'officer-mr-bai');
    await other.page.goto(`${env.url}/#/inspections`);
    await other.page.locator('#inspection-rounds-table, #inspection-rounds-table-none').waitFor();
    expect(await other.page.locator('#inspection-plan').count()).toBe(0);
    expect(other.errors).toEqual([]);
    await other.context.close();
  });
});
