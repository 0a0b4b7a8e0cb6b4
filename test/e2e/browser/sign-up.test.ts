/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the DOM types apply there.
// The parties' sign-up in the cloud (SPEC §10 "Accounts"), in Chromium, without the cloud: the built
// pages on a plain static server with a cloud-style /config.json carrying `signUp`, and the page's
// calls to Cognito's API (https://cognito-idp.<region>.amazonaws.com[.cn]/) routed by Playwright to
// a loopback stand-in. Cognito has no local engine, so the stand-in is not Cognito: it answers
// SignUp, ConfirmSignUp and ResendConfirmationCode as Cognito documents them (JSON 1.1, errors as
// HTTP 400 with `{__type, message}`, the pre-sign-up trigger's refusal as
// UserLambdaValidationException, decided by the trigger's own rule, domain/party-sign-up.ts), and
// what the tests assert is the exact requests the page sends: the target header, the content type,
// the body fields, and that `custom:party_role` is only ever rights_holder or respondent.

import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PARTY_ROLE_ATTRIBUTE, partySignUpGroup } from '#domain/party-sign-up.ts';
import { buildSite } from '../../../web/build.ts';
import { eventually, launchBrowser, openPage, PHONE, screenshot } from '../../support/browser.ts';

const CLIENT_ID = 'parties-client';
const PASSWORD = 'Anqing-Tea#2026';

interface Seen {
  /** The URL the page called (before the route sent it to the stand-in). */
  url: string;
  target: string;
  contentType: string;
  body: Record<string, unknown>;
}

interface Account {
  password: string;
  role: string;
  code: string;
  confirmed: boolean;
}

let browser: Browser;
let site: Server;
let cognito: Server;
let siteUrl: string;
let cognitoUrl: string;
let region = 'ap-east-1';
const seen: Seen[] = [];
const authorize: URLSearchParams[] = [];
const accounts = new Map<string, Account>();
let codes = 0;
const contexts: BrowserContext[] = [];

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));

const mask = (email: string): string => email.replace(/^(.)[^@]*@(.)[^.]*/, '$1***@$2***');

/** What the stand-in answers for one call: Cognito's status, and its body or its error. */
function answer(target: string, body: Record<string, unknown>): [number, Record<string, unknown>] {
  const fail = (type: string, message: string): [number, Record<string, unknown>] => [400, { __type: type, message }];
  if (body['ClientId'] !== CLIENT_ID) return fail('ResourceNotFoundException', 'User pool client does not exist.');
  const username = String(body['Username'] ?? '');
  const account = accounts.get(username);
  switch (target) {
    case 'AWSCognitoIdentityProviderService.SignUp': {
      const attributes = (body['UserAttributes'] ?? []) as { Name: string; Value: string }[];
      const choice = partySignUpGroup(attributes.find((a) => a.Name === PARTY_ROLE_ATTRIBUTE)?.Value);
      if (!choice.ok) return fail('UserLambdaValidationException', `PreSignUp failed with error ${choice.message}.`);
      if (account) return fail('UsernameExistsException', 'An account with the given email already exists.');
      const password = String(body['Password'] ?? '');
      if (password.length < 12) return fail('InvalidPasswordException', 'Password did not conform with policy: Password not long enough');
      const code = String(100_000 + ++codes);
      accounts.set(username, { password, role: choice.group, code, confirmed: false });
      return [
        200,
        {
          UserConfirmed: false,
          UserSub: `sub-${codes}`,
          CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: mask(username) },
        },
      ];
    }
    case 'AWSCognitoIdentityProviderService.ConfirmSignUp': {
      if (!account) return fail('UserNotFoundException', 'Username/client id combination not found.');
      if (account.confirmed) return fail('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
      if (body['ConfirmationCode'] !== account.code)
        return fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
      account.confirmed = true;
      return [200, {}];
    }
    case 'AWSCognitoIdentityProviderService.ResendConfirmationCode': {
      if (!account) return fail('UserNotFoundException', 'Username/client id combination not found.');
      if (account.confirmed) return fail('InvalidParameterException', 'User is already confirmed.');
      account.code = String(100_000 + ++codes);
      return [200, { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: mask(username) } }];
    }
    default:
      return fail('UnknownOperationException', '');
  }
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'akip-sign-up-site-'));
  const [b] = await Promise.all([launchBrowser(), buildSite(dir)]);
  browser = b;

  cognito = createServer((req, res) => {
    // Cognito answers browsers' preflights: the pages call it cross-origin with X-Amz-Target.
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') {
      res
        .writeHead(200, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type,x-amz-target' })
        .end();
      return;
    }
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const contentType = String(req.headers['content-type'] ?? '');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as {} and refused below
      }
      seen.push({ url: String(req.headers['x-routed-from'] ?? ''), target, contentType, body });
      const [status, reply] =
        req.method !== 'POST' || contentType !== 'application/x-amz-json-1.1'
          ? [400, { __type: 'SerializationException', message: '' }]
          : answer(target, body);
      const headers = { ...cors, 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${seen.length}` };
      if (status !== 200) Object.assign(headers, { 'x-amzn-errortype': `${String(reply['__type'])}:` });
      res.writeHead(status, headers).end(JSON.stringify(reply));
    });
  });
  cognitoUrl = await listen(cognito);

  const files: Record<string, [string, string]> = {
    '/': ['index.html', 'text/html; charset=utf-8'],
    '/index.html': ['index.html', 'text/html; charset=utf-8'],
    '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
    '/styles.css': ['styles.css', 'text/css; charset=utf-8'],
    '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
  };
  site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname === '/config.json') {
      // As infra/cdk/stack.ts publishes it with the Cognito pool as issuer.
      const config = {
        apiBase: 'https://api.invalid',
        signIn: {
          kind: 'oidc',
          authorizeUrl: `${siteUrl}/oauth2/authorize`,
          tokenUrl: `${siteUrl}/oauth2/token`,
          logoutUrl: `${siteUrl}/logout`,
          clientId: 'pages-client',
          scopes: ['openid', 'email', 'profile'],
        },
        signUp: { region, clientId: CLIENT_ID },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      return;
    }
    // The hosted UI's door: where the sign-in button leads once the account is ready.
    if (url.pathname === '/oauth2/authorize') {
      authorize.push(url.searchParams);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>hosted UI</title>');
      return;
    }
    const file = files[url.pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(join(dir, file[0])));
  });
  siteUrl = await listen(site);
}, 120_000);

afterEach(async () => {
  while (contexts.length > 0) await contexts.pop()!.close();
});

afterAll(async () => {
  await browser?.close();
  site?.close();
  cognito?.close();
});

/** The page, with its calls to Cognito's API in any region sent to the stand-in (no network here). */
async function open(url: string, options: Parameters<typeof openPage>[2] = {}) {
  // Loading a page calls no Cognito action, so the route is in place before the first one.
  const opened = await openPage(browser, url, options);
  contexts.push(opened.context);
  await opened.context.route(/^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//, async (route) => {
    const request = route.request();
    // The page's own request, sent on unchanged but for the address; the header tells the stand-in where it was going.
    const response = await route.fetch({ url: cognitoUrl, headers: { ...request.headers(), 'x-routed-from': request.url() } });
    await route.fulfill({ response });
  });
  return opened;
}

async function fillDetails(page: Page, details: { side: string; email: string; password: string; repeat?: string }): Promise<void> {
  await page.locator(`#sign-up-form input[name="side"][value="${details.side}"]`).check();
  await page.locator('#sign-up-form input[name="email"]').fill(details.email);
  await page.locator('#sign-up-form input[name="password"]').fill(details.password);
  await page.locator('#sign-up-form input[name="passwordRepeat"]').fill(details.repeat ?? details.password);
}

const errorOf = (page: Page, path: string) => page.locator(`[data-error-for="${path}"]`);

describe('signing up as a party, on the page', { timeout: 60_000 }, () => {
  it('a respondent signs up in English, confirms with the e-mailed code, and is offered the sign-in and the way to "Join a case"', async () => {
    const { page, errors } = await open(`${siteUrl}/#/sign-in`, { lang: 'en' });
    await page.locator('#sign-up-link a', { hasText: 'Register as a rights holder or respondent' }).click();
    await page.locator('h1', { hasText: 'Create an account' }).waitFor();
    // Only the parties' sides are offered.
    expect(
      await page.locator('#sign-up-form input[name="side"]').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value)),
    ).toEqual(['rights_holder', 'respondent']);
    await fillDetails(page, { side: 'respondent', email: 'li.wei@example.cn', password: PASSWORD });
    await screenshot(page, 'sign-up-details-en-desktop');
    const before = seen.length;
    await page.locator('#sign-up-form button[type="submit"]').click();
    await page.locator('#code-sent', { hasText: 'l***@e***' }).waitFor();
    expect(seen.slice(before)).toEqual([
      {
        url: `https://cognito-idp.${region}.amazonaws.com/`,
        target: 'AWSCognitoIdentityProviderService.SignUp',
        contentType: 'application/x-amz-json-1.1',
        body: {
          ClientId: CLIENT_ID,
          Username: 'li.wei@example.cn',
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: 'li.wei@example.cn' },
            { Name: 'custom:party_role', Value: 'respondent' },
          ],
        },
      },
    ]);
    await screenshot(page, 'sign-up-code-en-desktop');

    // A code pasted from the mail with a space in it.
    const code = accounts.get('li.wei@example.cn')!.code;
    await page.locator('#confirm-form input[name="code"]').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
    await page.locator('#confirm-form button[type="submit"]').click();
    await page.locator('#account-ready', { hasText: 'Your account is ready.' }).waitFor();
    expect(seen.at(-1)).toMatchObject({
      target: 'AWSCognitoIdentityProviderService.ConfirmSignUp',
      contentType: 'application/x-amz-json-1.1',
      body: { ClientId: CLIENT_ID, Username: 'li.wei@example.cn', ConfirmationCode: code },
    });
    expect(Object.keys(seen.at(-1)!.body).sort()).toEqual(['ClientId', 'ConfirmationCode', 'Username']);
    expect(accounts.get('li.wei@example.cn')!.confirmed).toBe(true);
    await expect(page.locator('main').textContent()).resolves.toContain('authenticator app');
    expect(await page.locator('#respondent-next a').getAttribute('href')).toBe('#/join');
    expect(await page.locator('#respondent-next').textContent()).toContain('invitation code');
    await screenshot(page, 'sign-up-ready-en-desktop');

    // The sign-in button is the hosted UI's (code + PKCE), and back the respondent lands on "Join a case".
    await page.locator('#oidc-sign-in').click();
    await eventually(() => authorize.length).toBe(1);
    expect(authorize[0]!.get('client_id')).toBe('pages-client');
    expect(authorize[0]!.get('code_challenge_method')).toBe('S256');
    expect(JSON.parse((await page.evaluate(() => sessionStorage.getItem('akip.pkce'))) ?? '{}')).toMatchObject({ returnTo: '#/join' });
    expect(errors).toEqual([]);
  });

  it('shows a wrong code on the code field, sends a new code on request, and takes the new one', async () => {
    const { page, errors } = await open(`${siteUrl}/#/sign-up`, { lang: 'en' });
    await fillDetails(page, { side: 'rights_holder', email: 'wang.fang@example.cn', password: PASSWORD });
    await page.locator('#sign-up-form button[type="submit"]').click();
    await page.locator('#confirm-form').waitFor();
    expect(seen.at(-1)!.body['UserAttributes']).toContainEqual({ Name: 'custom:party_role', Value: 'rights_holder' });

    await page.locator('#confirm-form input[name="code"]').fill('000000');
    await page.locator('#confirm-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'code').textContent()).toBe('That code is not right; check the code in the e-mail.');
    expect(await page.locator('#confirm-form input[name="code"]').getAttribute('aria-invalid')).toBe('true');
    expect(seen.at(-1)).toMatchObject({ target: 'AWSCognitoIdentityProviderService.ConfirmSignUp', body: { ConfirmationCode: '000000' } });
    await screenshot(page, 'sign-up-code-wrong-en-desktop');

    const oldCode = accounts.get('wang.fang@example.cn')!.code;
    await page.locator('#resend-code').click();
    await page.locator('#code-sent', { hasText: 'A new code was sent to w***@e***' }).waitFor();
    expect(seen.at(-1)).toEqual({
      url: `https://cognito-idp.${region}.amazonaws.com/`,
      target: 'AWSCognitoIdentityProviderService.ResendConfirmationCode',
      contentType: 'application/x-amz-json-1.1',
      body: { ClientId: CLIENT_ID, Username: 'wang.fang@example.cn' },
    });
    const newCode = accounts.get('wang.fang@example.cn')!.code;
    expect(newCode).not.toBe(oldCode);
    await page.locator('#confirm-form input[name="code"]').fill(newCode);
    await page.locator('#confirm-form button[type="submit"]').click();
    await page.locator('#account-ready').waitFor();
    // A rights holder is not sent to "Join a case".
    expect(await page.locator('#respondent-next').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows an address that already has an account on the e-mail field', async () => {
    accounts.set('zhao.min@example.cn', { password: PASSWORD, role: 'rights_holder', code: '999999', confirmed: true });
    const { page, errors } = await open(`${siteUrl}/#/sign-up`, { lang: 'en' });
    await fillDetails(page, { side: 'rights_holder', email: 'zhao.min@example.cn', password: PASSWORD });
    const before = seen.length;
    await page.locator('#sign-up-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'email').textContent()).toContain('An account with this address exists.');
    expect(seen.slice(before).map((s) => s.target)).toEqual(['AWSCognitoIdentityProviderService.SignUp']);
    expect(await page.locator('#sign-up-form input[name="email"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#sign-up-summary [role="alert"]').textContent()).toContain('Email');
    // Nothing else is marked, and the form keeps what was typed.
    expect(await errorOf(page, 'password').textContent()).toBe('');
    expect(await page.locator('#sign-up-form input[name="email"]').inputValue()).toBe('zhao.min@example.cn');
    await screenshot(page, 'sign-up-email-taken-en-desktop');
    expect(errors).toEqual([]);
  });

  it('refuses a weak password in the browser, saying what it lacks, without sending anything', async () => {
    const { page, errors } = await open(`${siteUrl}/#/sign-up`, { lang: 'en' });
    await expect(page.locator('#sign-up-form').textContent()).resolves.toContain(
      'At least 12 characters, with an upper-case letter, a lower-case letter, a digit and a symbol',
    );
    const before = seen.length;
    await fillDetails(page, { side: 'respondent', email: 'chen.jie@example.cn', password: 'lowercaseonly' });
    await page.locator('#sign-up-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'password').textContent()).toBe(
      'The password still needs: an upper-case letter, a digit, a symbol',
    );
    await screenshot(page, 'sign-up-weak-password-en-desktop');
    await fillDetails(page, { side: 'respondent', email: 'chen.jie@example.cn', password: 'Short1!' });
    await page.locator('#sign-up-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'password').textContent()).toBe('The password still needs: at least 12 characters');
    // Strong enough, but typed differently the second time.
    await fillDetails(page, { side: 'respondent', email: 'chen.jie@example.cn', password: PASSWORD, repeat: `${PASSWORD}x` });
    await page.locator('#sign-up-form button[type="submit"]').click();
    await eventually(() => errorOf(page, 'passwordRepeat').textContent()).toBe('The two passwords differ');
    expect(await errorOf(page, 'password').textContent()).toBe('');
    expect(seen.length).toBe(before);
    expect(accounts.has('chen.jie@example.cn')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('speaks Chinese by default, and calls Cognito in China at amazonaws.com.cn', async () => {
    region = 'cn-northwest-1';
    try {
      const { page, errors } = await open(`${siteUrl}/#/sign-in`);
      await page.locator('#sign-up-link a', { hasText: '权利人、被投诉人注册' }).click();
      await page.locator('h1', { hasText: '注册账号' }).waitFor();
      // Nothing chosen or typed: each field says what it needs, in Chinese, and nothing is sent.
      const before = seen.length;
      await page.locator('#sign-up-form button[type="submit"]').click();
      await eventually(() => errorOf(page, 'side').textContent()).toBe('请选择您的身份');
      expect(await errorOf(page, 'email').textContent()).toBe('请输入有效的电子邮箱地址');
      expect(await errorOf(page, 'password').textContent()).toBe('密码还需要：至少 12 位、大写字母、小写字母、数字、符号');
      expect(seen.length).toBe(before);
      await screenshot(page, 'sign-up-errors-zh-desktop');

      await fillDetails(page, { side: 'rights_holder', email: 'sun.li@example.cn', password: PASSWORD });
      await page.locator('#sign-up-form button[type="submit"]').click();
      await page.locator('#code-sent', { hasText: '验证码已发送至 s***@e***' }).waitFor();
      expect(seen.at(-1)).toMatchObject({
        url: 'https://cognito-idp.cn-northwest-1.amazonaws.com.cn/',
        target: 'AWSCognitoIdentityProviderService.SignUp',
      });
      await page.locator('#confirm-form input[name="code"]').fill('123');
      await page.locator('#confirm-form button[type="submit"]').click();
      await eventually(() => errorOf(page, 'code').textContent()).toBe('验证码不正确，请核对邮件中的验证码。');
      await page.setViewportSize(PHONE);
      await screenshot(page, 'sign-up-code-wrong-zh-phone');
      await page.locator('#confirm-form input[name="code"]').fill(accounts.get('sun.li@example.cn')!.code);
      await page.locator('#confirm-form button[type="submit"]').click();
      await page.locator('#account-ready', { hasText: '账号已就绪。' }).waitFor();
      expect(await page.locator('#oidc-sign-in').textContent()).toBe('通过统一身份认证登录');
      await screenshot(page, 'sign-up-ready-zh-phone');
      expect(errors).toEqual([]);
    } finally {
      region = 'ap-east-1';
    }
  });

  it('never sent a side other than rights holder or respondent', () => {
    const signUps = seen.filter((s) => s.target === 'AWSCognitoIdentityProviderService.SignUp');
    expect(signUps.length).toBeGreaterThan(0);
    for (const { body } of signUps) {
      const sides = (body['UserAttributes'] as { Name: string; Value: string }[]).filter((a) => a.Name === PARTY_ROLE_ATTRIBUTE);
      expect(sides).toHaveLength(1);
      expect(['rights_holder', 'respondent']).toContain(sides[0]!.Value);
    }
  });
});
