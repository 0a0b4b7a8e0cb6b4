/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// Browser tests: Debian's Chromium driven by playwright-core, against the local runtime started
// in this process (DynamoDB Local in memory, the SQS emulator, the built pages, dev sign-in on).
// One browser and one runtime per test file; each test opens its own context (fresh storage).
// Screenshots go to test-artifacts/screenshots/ (gitignored), named after the file and the step.

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '#infra/local/runtime.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join('test-artifacts', 'screenshots');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The runtime for a browser test file: pages and dev sign-in on, no rate limit (a page fires several calls at once). */
export async function startPagesRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  return startLocalRuntime({
    dataDir: mkdtempSync(join(tmpdir(), 'akip-browser-')),
    inMemory: true,
    port: 0,
    rateLimit: false,
    devSignIn: true,
    log: () => undefined,
    ...options,
  });
}

export interface RuntimeAndBrowser {
  runtime: LocalRuntime;
  browser: Browser;
  /** The runtime's base URL, where the pages are served. */
  url: string;
}

/**
 * A browser test file's runtime (`startPagesRuntime(options)`) and Chromium, started together before
 * the file's tests and stopped after them. Call it at the top of the file; the members are set once
 * the tests run.
 */
export function useRuntimeAndBrowser(options: LocalRuntimeOptions = {}): RuntimeAndBrowser {
  const env = {} as RuntimeAndBrowser;
  beforeAll(async () => {
    [env.runtime, env.browser] = await Promise.all([startPagesRuntime(options), launchBrowser()]);
    env.url = env.runtime.httpUrl;
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.runtime?.stop();
  });
  return env;
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (a page that throws is a failed page). */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  options: { viewport?: { width: number; height: number }; lang?: 'zh-CN' | 'en' } = {},
): Promise<Opened> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // A first visit with English chosen; a later choice on the page (the switch) is kept across reloads.
  if (options.lang === 'en')
    await context.addInitScript(() => localStorage.getItem('akip.lang') ?? localStorage.setItem('akip.lang', 'en'));
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused request (4xx/5xx or a dropped connection) is logged by Chromium as a console error; the pages handle those.
    if (message.type() === 'error' && !/Failed to load resource|net::ERR_/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { context, page, errors };
}

/** Signs in through the development sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, role: string, sub: string): Promise<void> {
  await page.goto(`${baseUrl}/#/sign-in`);
  await page.locator('#dev-sign-in select[name="role"]').selectOption(role);
  await page.locator('#dev-sign-in input[name="sub"]').fill(sub);
  await page.locator('#dev-sign-in button[type="submit"]').click();
  // Signed in when the header names this user (a previous session's header may still be showing).
  await page.locator('#whoami', { hasText: sub }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * expect.poll with room for a loaded machine: two runtimes and two browsers on two cores make a
 * render take seconds at worst; vitest's default (1 s) would fail a page that is merely slow.
 */
export function eventually<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: options.timeout ?? 15_000, interval: 100 });
}

/** A call to the runtime's API as `role`/`sub` (a token signed with the runtime's key): JSON in and out. */
export async function apiAs(
  runtime: LocalRuntime,
  role: string,
  sub: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const token = await runtime.jwt.signToken({ role, sub });
  const answer = await fetch(`${runtime.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, body: await answer.json() };
}
