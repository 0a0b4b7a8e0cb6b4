/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// How the local runtime serves the pages (no browser needed): the built files and /config.json
// with security headers, API routes never shadowed, unknown paths still the API's 404, and the
// development sign-in only in dev mode — a runtime without it answers 404 and says so in config.

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
import { startPagesRuntime } from '../../support/browser.ts';

let dev: LocalRuntime;
/** Without dev mode: the HTTP edge alone (the same routes and pages, no engines behind it: none is called). */
let plain: { httpUrl: string; server: HttpServer };

beforeAll(async () => {
  dev = await startPagesRuntime({ devSignIn: true });
  const jwt = await localJwt(mkdtempSync(join(tmpdir(), 'akip-site-')));
  const site = await prepareLocalSite({ jwt, devSignIn: false });
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    routes: compileRoutes(defaultTopology),
    jwt,
    loadHandler: handlerLoader(repoRoot),
    log: () => undefined,
    rateLimit: false,
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
