/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// The cloud sign-in, in Chromium, without the cloud: the built pages on a plain static server with
// an OIDC /config.json, and a stand-in provider on 127.0.0.1 that plays the Cognito hosted UI's
// part of the authorization code flow — it checks the PKCE verifier against the challenge and the
// state round trip, then issues a token. The pages must do the rest in the browser.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJwt, type LocalJwt } from '#infra/local/jwt.ts';
import { buildSite } from '../../../web/build.ts';
import { eventually, launchBrowser, openPage, screenshot } from '../../support/browser.ts';

let browser: Browser;
let jwt: LocalJwt;
let site: Server;
let idp: Server;
let siteUrl: string;
let idpUrl: string;
const seen = {
  authorize: [] as URLSearchParams[],
  token: [] as { form: URLSearchParams; pkceOk: boolean }[],
  logout: [] as URLSearchParams[],
};
const challenges = new Map<string, string>();

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
const base64Url = (bytes: Buffer): string => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'akip-oidc-site-'));
  const [b] = await Promise.all([launchBrowser(), buildSite(dir)]);
  browser = b;
  jwt = await localJwt(mkdtempSync(join(tmpdir(), 'akip-oidc-key-')));

  idp = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp');
    if (url.pathname === '/oauth2/authorize') {
      seen.authorize.push(url.searchParams);
      const code = `code-${seen.authorize.length}`;
      challenges.set(code, url.searchParams.get('code_challenge') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' }).toString();
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const expected = challenges.get(form.get('code') ?? '');
        const pkceOk =
          expected !== undefined &&
          base64Url(
            createHash('sha256')
              .update(form.get('code_verifier') ?? '')
              .digest(),
          ) === expected;
        seen.token.push({ form, pkceOk });
        const headers = { 'access-control-allow-origin': siteUrl, 'content-type': 'application/json' };
        if (!pkceOk || form.get('grant_type') !== 'authorization_code') {
          res.writeHead(400, headers).end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        void jwt
          .signToken({ role: 'court', sub: 'court-oidc' })
          .then((token) =>
            res.writeHead(200, headers).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 })),
          );
      });
      return;
    }
    if (url.pathname === '/logout') {
      seen.logout.push(url.searchParams);
      res.writeHead(302, { location: url.searchParams.get('logout_uri') ?? '/' }).end();
      return;
    }
    res.writeHead(404).end();
  });
  idpUrl = await listen(idp);

  const files: Record<string, [string, string]> = {
    '/': ['index.html', 'text/html; charset=utf-8'],
    '/index.html': ['index.html', 'text/html; charset=utf-8'],
    '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
    '/styles.css': ['styles.css', 'text/css; charset=utf-8'],
    '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
  };
  site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    if (path === '/config.json') {
      const config = {
        apiBase: 'https://api.invalid',
        signIn: {
          kind: 'oidc',
          authorizeUrl: `${idpUrl}/oauth2/authorize`,
          tokenUrl: `${idpUrl}/oauth2/token`,
          logoutUrl: `${idpUrl}/logout`,
          clientId: 'pages-client',
          scopes: ['openid', 'email'],
        },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      return;
    }
    const file = files[path];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(join(dir, file[0])));
  });
  siteUrl = await listen(site);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  site?.close();
  idp?.close();
});

describe('signing in through the OIDC provider (authorization code + PKCE)', { timeout: 60_000 }, () => {
  it('goes to the provider with a S256 challenge, exchanges the code with the verifier, and comes back signed in', async () => {
    const { page, context, errors } = await openPage(browser, `${siteUrl}/#/sign-in`);
    await page.locator('#oidc-sign-in').click();
    await page.locator('#whoami', { hasText: 'court-oidc' }).waitFor();
    const authorize = seen.authorize.at(-1)!;
    expect(Object.fromEntries(authorize)).toMatchObject({
      response_type: 'code',
      client_id: 'pages-client',
      redirect_uri: `${siteUrl}/`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(authorize.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(seen.token.at(-1)).toMatchObject({ pkceOk: true });
    // The code is gone from the address bar; the court lands on its search page.
    expect(page.url()).not.toContain('code=');
    await eventually(() => new URL(page.url()).hash).toBe('#/search');
    await screenshot(page, 'oidc-signed-in-zh-desktop');

    // Signing out clears the session and goes through the provider's logout.
    await page.locator('#sign-out').click();
    await eventually(() => seen.logout.length).toBe(1);
    expect(Object.fromEntries(seen.logout[0]!)).toEqual({ client_id: 'pages-client', logout_uri: `${siteUrl}/` });
    await page.locator('#session a[href="#/sign-in"]').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a provider answer whose state is not the one it sent', async () => {
    const { page, context } = await openPage(browser, `${siteUrl}/#/sign-in`);
    const tokensBefore = seen.token.length;
    await page.goto(`${siteUrl}/?code=forged&state=not-ours#/sign-in`);
    await eventually(() => page.locator('#banner').textContent()).toContain('登录失败');
    expect(seen.token.length).toBe(tokensBefore);
    expect(await page.locator('#whoami').count()).toBe(0);
    await context.close();
  });
});
