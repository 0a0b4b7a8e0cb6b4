/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// The working-day calendar in Chromium (SPEC §6 v2 "Calendar operations"). The functions' clock
// starts on Wednesday 2026-12-02, so a mediation case queued then falls due on 2027-01-01 — a year
// the shipped data does not cover: the case page says the clock is an estimate. The supervisor
// enters the 2027 New Year holiday on the calendar page (a make-up day on a weekday is refused on
// its field first), saving says one clock was recounted, and the case page shows the new due day
// and the `deadline_recomputed` event. A save over someone else's newer version reloads the year.

import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/complaint-form.ts';
import { validComplaint } from '../../support/complaints.ts';
import { apiAs, eventually, openPage, screenshot, signIn, useRuntimeAndBrowser } from '../../support/browser.ts';

const env = useRuntimeAndBrowser({ clockStart: new Date('2026-12-02T02:00:00Z') });

const api = (role: string, sub: string, method: string, path: string, body?: unknown) => apiAs(env.runtime, role, sub, method, path, body);
const NOTICE = '国务院办公厅关于2027年部分节假日安排的通知（测试）';

async function queuedMediationCase(): Promise<string> {
  const filed = await api('rights_holder', 'holder-calendar', 'POST', '/complaints', validComplaint());
  expect(filed.status).toBe(202);
  for (let i = 0; i < 100; i++) {
    const read = await api('rights_holder', 'holder-calendar', 'GET', `/cases/${filed.body.caseId}`);
    if (read.body.status === 'queued') return filed.body.caseId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('case not queued in 10 s');
}

describe('the working-day calendar page', { timeout: 90_000 }, () => {
  it('the supervisor adds the 2027 New Year holiday; the estimated clock of a case moves and its timeline says so', async () => {
    const caseId = await queuedMediationCase();
    const queued = await api('supervisor', 'supervisor-cal', 'GET', `/cases/${caseId}`);
    // 2026-12-02 + 30 days = Friday 2027-01-01, counted without 2027's holidays.
    expect(queued.body.deadline).toMatchObject({ kind: 'mediation_outcome', dueAt: '2027-01-01T15:59:59.999Z', calendarIncomplete: true });

    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-cal');
    await page.goto(`${env.url}/#/cases/${caseId}`);
    await page.locator('#case-calendar-incomplete').waitFor();
    expect(await page.locator('#case-deadline').textContent()).toContain('2027-01-01');

    await page.getByRole('link', { name: '节假日安排' }).click();
    await page.locator('#calendar-form').waitFor();
    await page.locator('[data-path="year"]').fill('2027');
    await page.getByRole('button', { name: '查看' }).click();
    await eventually(() => page.locator('#calendar-facts').textContent()).toContain('版本: 0');
    await page.locator('[data-path="source"]').fill(NOTICE);
    await page.locator('[data-path="holidays"]').fill('2027-01-01\n2027-01-02\n2027-01-03');
    // Tuesday 2027-01-05 is a weekday: not a make-up working day. Refused on the field, nothing saved.
    await page.locator('[data-path="workdays"]').fill('2027-01-05');
    await page.getByRole('button', { name: '保存' }).click();
    await eventually(() => errorOf(page, 'workdays').textContent()).toContain('2027-01-05');
    expect((await api('supervisor', 'supervisor-cal', 'GET', '/calendar/2027')).body).toMatchObject({ origin: 'none', version: 0 });
    await screenshot(page, 'calendar-refused-supervisor-zh-desktop');

    await page.locator('[data-path="workdays"]').fill('');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('#calendar-saved').waitFor();
    expect(await page.locator('#calendar-saved').getAttribute('data-recomputed')).toBe('1');
    expect(await page.locator('#calendar-facts').textContent()).toContain('版本: 1');
    expect(await page.locator('#calendar-events li').count()).toBe(1);
    expect(await page.locator('#calendar-events').textContent()).toContain('2027-01-01');
    await screenshot(page, 'calendar-saved-supervisor-zh-desktop');

    // Friday 01-01 is now a holiday and the weekend follows: due Monday 2027-01-04, no longer an estimate.
    const moved = await api('supervisor', 'supervisor-cal', 'GET', `/cases/${caseId}`);
    expect(moved.body.deadline).toMatchObject({ dueAt: '2027-01-04T15:59:59.999Z' });
    expect(moved.body.deadline.calendarIncomplete).toBeUndefined();
    await page.goto(`${env.url}/#/cases/${caseId}`);
    const recomputed = page.locator('#case-timeline li[data-type="deadline_recomputed"]');
    await recomputed.waitFor();
    expect(await page.locator('#case-deadline').textContent()).toContain('2027-01-04');
    expect(await page.locator('#case-calendar-incomplete').count()).toBe(0);
    expect(await recomputed.textContent()).toContain('2027');
    await screenshot(page, 'calendar-recomputed-case-zh-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a save over a version someone else saved meanwhile reloads the year and says why', async () => {
    const { page, context, errors } = await openPage(env.browser, env.url);
    await signIn(page, env.url, 'supervisor', 'supervisor-cal-a');
    await page.goto(`${env.url}/#/calendar/2028`);
    await eventually(() => page.locator('#calendar-facts').textContent()).toContain('版本: 0');
    const other = await api('supervisor', 'supervisor-cal-b', 'PUT', '/calendar/2028', {
      source: NOTICE,
      holidays: ['2028-01-01'],
      workdays: [],
      expectedVersion: 0,
    });
    expect(other.status).toBe(200);
    await page.locator('[data-path="source"]').fill(NOTICE);
    await page.locator('[data-path="holidays"]').fill('2028-01-03');
    await page.getByRole('button', { name: '保存' }).click();
    // Reloaded: the other supervisor's day and version, and a warning instead of a save.
    await eventually(() => page.locator('#calendar-facts').textContent()).toContain('版本: 1');
    expect(await page.locator('[data-path="holidays"]').inputValue()).toBe('2028-01-01');
    expect(await page.locator('#calendar-saved').count()).toBe(0);
    expect((await api('supervisor', 'supervisor-cal-a', 'GET', '/calendar/2028')).body.holidays).toEqual(['2028-01-01']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
