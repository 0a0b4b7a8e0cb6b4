/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// How the local runtime serves the pages: the built files and /config.json with security headers,
// API routes never shadowed, unknown paths still the API's 404, and the development sign-in only in
// dev mode — a runtime without it answers 404 and says so in config. One test opens Chromium, for
// what a first visit requests and logs.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerLoader, repoRoot } from '#infra/local/handlers.ts';
import { startHttpServer, type HttpServer } from '#infra/local/http.ts';
import { localJwt } from '#infra/local/jwt.ts';
import { compileRoutes } from '#infra/local/routes.ts';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import { prepareLocalSite } from '#infra/local/site.ts';
import { defaultTopology } from '#infra/local/topology.ts';
import { launchBrowser, startPagesRuntime } from '../../support/browser.ts';

let dev: LocalRuntime;
/** Without dev mode: the HTTP edge alone (the same routes and pages, no engines behind it: none is called). */
let plain: { httpUrl: string; server: HttpServer };
/** Every request the dev runtime answered, as its edge logs it (the browser's own icon fetch included). */
const served: { path: string; status: number }[] = [];

beforeAll(async () => {
  dev = await startPagesRuntime({
    devSignIn: true,
    log: (_level, message, fields = {}) => {
      if (message === 'request') served.push({ path: String(fields['path']), status: Number(fields['status']) });
    },
  });
  const jwt = await localJwt(mkdtempSync(join(tmpdir(), 'akip-site-')));
  const site = await prepareLocalSite({ jwt, devSignIn: false });
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    routes: compileRoutes(defaultTopology),
    jwt,
    loadHandler: handlerLoader(repoRoot),
    log: () => undefined,
    addressRateLimit: false,
    site: () => site,
  });
  plain = { httpUrl: server.url, server };
}, 180_000);
afterAll(async () => {
  await Promise.all([dev?.stop(), plain?.server.close()]);
});

const signIn = (base: string, body: unknown, contentType = 'application/json') =>
  fetch(`${base}/dev/sign-in`, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

describe('the pages on the local runtime', () => {
  it('serves index.html at / with a CSP that allows no inline script, nosniff and no framing', async () => {
    const answer = await fetch(`${dev.httpUrl}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await answer.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    // No inline script at all: every <script> has a src.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    expect(html).toContain('lang="zh-CN"');
  });

  it('serves the bundle and the styles, and HEAD without a body', async () => {
    const js = await fetch(`${dev.httpUrl}/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await js.text();
    expect(code.length).toBeGreaterThan(10_000);
    // The shared rules are in the bundle: a domain message, the credit-code alphabet check.
    expect(code.includes('统一社会信用代码校验位不正确'), 'a domain message in app.js').toBe(true);
    expect(/["'`]node:[a-z_]+["'`]/.test(code), 'no Node built-in in app.js').toBe(false);
    expect((await fetch(`${dev.httpUrl}/styles.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await fetch(`${dev.httpUrl}/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the icon the page names, as SVG', async () => {
    const icon = await fetch(`${dev.httpUrl}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('on a first visit in a browser, answers every request it makes — the icon too — and the console stays clean', async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      // Unfiltered, unlike openPage: a 404 shows in the console only as "Failed to load resource".
      const consoleErrors: string[] = [];
      const refused: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
      page.on('response', (response) => {
        if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
      });
      page.on('requestfailed', (request) => refused.push(`failed ${request.url()}`));
      const firstRequest = served.length;
      await page.goto(`${dev.httpUrl}/`, { waitUntil: 'networkidle' });
      await page.locator('#main').waitFor();
      // The browser fetches the icon itself, after the page; Playwright reports that fetch to no
      // listener but the console, so wait until the server has answered it.
      const deadline = Date.now() + 10_000;
      while (!served.slice(firstRequest).some((r) => r.path.startsWith('/favicon')) && Date.now() < deadline)
        await page.waitForTimeout(100);
      await page.waitForTimeout(300);
      const visit = served.slice(firstRequest);
      expect(visit.map((r) => r.path)).toEqual(expect.arrayContaining(['/', '/styles.css', '/app.js', '/config.json', '/favicon.svg']));
      expect(visit.filter((r) => r.status >= 400)).toEqual([]);
      expect(refused).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('tells the pages how to sign in: dev in dev mode, a pasted token otherwise', async () => {
    expect(await (await fetch(`${dev.httpUrl}/config.json`)).json()).toEqual({ apiBase: '', signIn: { kind: 'dev' } });
    expect(await (await fetch(`${plain.httpUrl}/config.json`)).json()).toEqual({ apiBase: '', signIn: { kind: 'token' } });
  });

  it('never shadows an API route, and unknown paths keep the API 404 shape', async () => {
    expect(await (await fetch(`${dev.httpUrl}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${dev.httpUrl}/cases`)).status).toBe(401);
    for (const path of ['/nope', '/index.htm', '/../package.json', '/%2e%2e/package.json', '/web/build.ts', '/app.js/x']) {
      const answer = await fetch(`${dev.httpUrl}${path}`);
      expect(answer.status, path).toBe(404);
      expect(await answer.json(), path).toMatchObject({ error: { code: 'NOT_FOUND', details: [] } });
    }
    // A page file is GET/HEAD only.
    expect((await fetch(`${dev.httpUrl}/index.html`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('in dev mode, mints a token for a role and user that the API accepts', async () => {
    const answer = await signIn(dev.httpUrl, { role: 'court', sub: 'court-dev' });
    expect(answer.status).toBe(200);
    const { token, expiresIn } = (await answer.json()) as { token: string; expiresIn: number };
    expect(expiresIn).toBe(8 * 3600);
    const claims = await dev.jwt.verifyToken(token);
    expect(claims).toMatchObject({ sub: 'court-dev', 'cognito:groups': ['court'] });
    expect((await fetch(`${dev.httpUrl}/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("in dev mode, signs an officer in with its agency's group and, asked for, the lead officers' group (SPEC §12, §13)", async () => {
    const lead = await signIn(dev.httpUrl, { role: 'officer', sub: 'officer-lead', agency: 'culture_tourism', lead: true });
    expect(lead.status).toBe(200);
    const body = (await lead.json()) as { token: string };
    expect(body).toMatchObject({ role: 'officer', sub: 'officer-lead', agency: 'culture_tourism', lead: true });
    expect(await dev.jwt.verifyToken(body.token)).toMatchObject({
      'cognito:groups': ['officer', 'agency:culture_tourism', 'agency_lead'],
    });
    // `lead: false`, like no `lead`, is an officer who leads nothing.
    const plainOfficer = await signIn(dev.httpUrl, { role: 'officer', sub: 'officer-plain', lead: false });
    expect(plainOfficer.status).toBe(200);
    const plainBody = (await plainOfficer.json()) as { token: string };
    expect(plainBody).not.toHaveProperty('lead');
    expect(await dev.jwt.verifyToken(plainBody.token)).toMatchObject({ 'cognito:groups': ['officer'] });
  });

  it('refuses an agency or a lead to anyone but an officer, and a lead that is not true or false', async () => {
    const pathsOf = async (answer: Response) => ((await answer.json()) as any).error.details.map((d: { path: string }) => d.path);
    const court = await signIn(dev.httpUrl, { role: 'court', sub: 'court-dev', agency: 'forestry', lead: true });
    expect(court.status).toBe(400);
    expect(await pathsOf(court)).toEqual(['agency', 'lead']);
    const vague = await signIn(dev.httpUrl, { role: 'officer', sub: 'officer-dev', lead: 'yes' });
    expect(vague.status).toBe(400);
    expect(await pathsOf(vague)).toEqual(['lead']);
  });

  it('refuses an unknown role, a bad user id and a non-JSON body, naming the fields', async () => {
    const bad = await signIn(dev.httpUrl, { role: 'admin', sub: 'x y' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.details.map((d: { path: string }) => d.path)).toEqual(['role', 'sub']);
    // A cross-site form post (no preflight) cannot sign anyone in.
    expect((await signIn(dev.httpUrl, { role: 'court', sub: 'c' }, 'application/x-www-form-urlencoded')).status).toBe(400);
  });

  it('without dev mode, the sign-in endpoint does not exist', async () => {
    const answer = await signIn(plain.httpUrl, { role: 'supervisor', sub: 'intruder' });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    // The pages are still there.
    expect((await fetch(`${plain.httpUrl}/`)).status).toBe(200);
  });
});
