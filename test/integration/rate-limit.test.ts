// Rate limits (SPEC §9 RATE_LIMITED: 429 with Retry-After, in the error shape), both of them.
//
// Per caller, in the functions themselves (functions/lib/rate-limit.ts): the real runtime, in
// process, with a low limit (5 a second, bursts of 5, so 1-second windows of 5) — one caller's flood
// is answered 429 by the function before its route runs, other callers are served, the flooder is
// served again after Retry-After, the count lives in the case table under RATE#, the same handler
// invoked without the local edge (as API Gateway invokes it) limits the same way; and the
// conditional write itself on DynamoDB Local, on an injected clock.
//
// Per source address, at the local edge (infra/local/rate-limit.ts): the edge alone (no JVM),
// checked before authentication and routing, so floods of 401s, 404s and long paths are limited.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHttpServer, type HttpServer } from '#infra/local/http.ts';
import { localJwt, type LocalJwt } from '#infra/local/jwt.ts';
import type { LogLevel } from '#infra/local/log.ts';
import { compileRoutes } from '#infra/local/routes.ts';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import type { FunctionSpec } from '#infra/local/topology.ts';
import { takeCallerRequest } from '#lib/rate-limit.ts';
import { handler as listCases } from '../../functions/list-cases/handler.ts';
import { validComplaint } from '../support/complaints.ts';
import { as, httpEvent } from '../support/events.ts';

const JVM_START = 90_000;

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; language?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.language) headers['accept-language'] = options.language;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status);
const count = (answers: { status: number }[], status: number) => answers.filter((a) => a.status === status).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the calls; says how long they took (a busy machine spreads them out, over more windows or refills). */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

interface Limit {
  ratePerSecond: number;
  burst: number;
}

/**
 * What the functions' fixed windows allow a fresh caller of `answers` sent within `seconds`: its
 * first window admits the burst; each window admits at most the burst, and `seconds` touches at
 * most ceil(seconds ÷ window) + 1 windows.
 */
function expectWindows(answers: { status: number }[], limit: Limit, seconds: number): void {
  const windowSeconds = limit.burst / limit.ratePerSecond;
  const windows = Math.ceil(seconds / windowSeconds) + 1;
  const served = answers.length - count(answers, 429);
  expect(served).toBeGreaterThanOrEqual(Math.min(answers.length, limit.burst));
  expect(served).toBeLessThanOrEqual(limit.burst * windows);
  if (limit.burst * windows < answers.length) expect(count(answers, 429)).toBeGreaterThan(0);
}

/** What the edge's token bucket allows of `answers` sent within `seconds`: the burst, plus what refilled meanwhile. */
function expectBucket(answers: Answer[], limit: Limit, seconds: number): void {
  const served = answers.length - count(answers, 429);
  expect(served).toBeGreaterThanOrEqual(Math.min(answers.length, limit.burst));
  expect(served).toBeLessThanOrEqual(limit.burst + Math.ceil(limit.ratePerSecond * seconds) + 1);
  if (limit.burst + limit.ratePerSecond * seconds + 1 < answers.length) expect(count(answers, 429)).toBeGreaterThan(0);
}

function expectRateLimited(answer: Answer, message: string): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ error: { code: 'RATE_LIMITED', message, details: [], requestId: expect.any(String) } });
  expect(answer.headers.get('x-request-id')).toBe(answer.body.error.requestId);
  expect(answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
}

/** The JSON lines the functions write to stdout (they log straight to it) while `work` runs. */
async function functionLogLines<T>(work: () => Promise<T>): Promise<{ result: T; lines: Record<string, any>[] }> {
  const spy = vi.spyOn(process.stdout, 'write');
  try {
    const result = await work();
    const lines = spy.mock.calls
      .flatMap(([chunk]) => String(chunk).split('\n'))
      .flatMap((line) => {
        try {
          const entry = JSON.parse(line) as unknown;
          return entry && typeof entry === 'object' ? [entry as Record<string, any>] : [];
        } catch {
          return [];
        }
      });
    return { result, lines };
  } finally {
    spy.mockRestore();
  }
}

describe('the local runtime with 5 requests a second per caller, bursts of 5 (the functions count)', () => {
  const limit = { ratePerSecond: 5, burst: 5 };
  let runtime: LocalRuntime;
  let dataDir: string;
  let db: DynamoDBDocumentClient;
  const edgeLogs: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rate-limit-'));
    runtime = await startLocalRuntime({
      dataDir,
      inMemory: true,
      port: 0,
      rateLimit: limit,
      log: (level, message, fields = {}) => edgeLogs.push({ level, message, fields }),
    });
    db = DynamoDBDocumentClient.from(runtime.infrastructure.dynamodb);
    for (const sub of ['flooder', 'neighbour', 'returner', 'filer', 'counted'])
      tokens[sub] = await runtime.jwt.signToken({ role: 'rights_holder', sub });
  }, JVM_START);

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("answers one caller's flood with 429 and Retry-After from the function, while another caller is served in full", async () => {
    const url = runtime.httpUrl;
    const { result, lines } = await functionLogLines(() =>
      Promise.all([
        timed(() =>
          Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              call(url, 'GET', '/cases?limit=1', { token: tokens['flooder'], language: i % 2 ? 'en' : undefined }),
            ),
          ),
        ),
        // The neighbour, during the flood and right after it: served in full.
        (async () => {
          const answers: Answer[] = [];
          for (let i = 0; i < 5; i++) answers.push(await call(url, 'GET', '/cases?limit=1', { token: tokens['neighbour'] }));
          return answers;
        })(),
      ]),
    );
    const [{ result: flood, seconds }, neighbour] = result;
    expect(statuses(neighbour)).toEqual([200, 200, 200, 200, 200]);
    expect(count(flood, 200) + count(flood, 429)).toBe(30);
    expectWindows(flood, limit, seconds);
    expect(count(flood, 429)).toBeGreaterThan(0);
    flood.forEach((answer, i) => {
      if (answer.status === 429) expectRateLimited(answer, i % 2 ? 'Too many requests; try again later' : '请求过于频繁，请稍后再试');
    });
    // The function refused them (the edge has no per-caller limit any more) and said so, with the request id and the caller.
    const refused = flood.filter((a) => a.status === 429).map((a) => a.body.error.requestId);
    const limited = lines.filter((l) => l['message'] === 'rate limited' && refused.includes(l['requestId']));
    expect(limited).toHaveLength(refused.length);
    expect(limited[0]).toMatchObject({ function: 'listCases', sub: 'flooder', retryAfterSeconds: expect.any(Number) });
    expect(edgeLogs.filter((l) => l.message === 'rate limited')).toEqual([]);
    expect(
      edgeLogs.filter((l) => l.message === 'request' && l.fields['status'] === 429 && refused.includes(l.fields['requestId'])),
    ).toHaveLength(refused.length);
  });

  it('limits a public route (no sign-in, SPEC §12 register) per source address, in the function, counted under RATE#ip:', async () => {
    const url = runtime.httpUrl;
    const { result: flood, seconds } = await timed(() =>
      Promise.all(Array.from({ length: 30 }, () => call(url, 'GET', '/public/decisions?limit=1'))),
    );
    expect(count(flood, 200) + count(flood, 429)).toBe(30);
    expectWindows(flood, limit, seconds);
    expect(count(flood, 429)).toBeGreaterThan(0);
    expectRateLimited(flood.find((a) => a.status === 429)!, '请求过于频繁，请稍后再试');
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: runtime.tableName,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': 'RATE#ip:127.0.0.1#' },
      }),
    );
    expect(Items.length).toBeGreaterThan(0);
  });

  it('serves the caller again once it waits as long as Retry-After says', async () => {
    const url = runtime.httpUrl;
    const flood = await Promise.all(Array.from({ length: 30 }, () => call(url, 'GET', '/cases?limit=1', { token: tokens['returner'] })));
    const refused = flood.find((a) => a.status === 429);
    expect(refused).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    await sleep(retryAfter * 1000);
    expect((await call(url, 'GET', '/cases?limit=1', { token: tokens['returner'] })).status).toBe(200);
  });

  it('refuses before the route runs: a complaint answered 429 is never stored', async () => {
    const url = runtime.httpUrl;
    const { result: filed, seconds } = await timed(() =>
      Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          call(url, 'POST', '/complaints', {
            token: tokens['filer'],
            body: validComplaint((c) => (c.respondent = { name: `汉阴某某商行${i}号` })),
          }),
        ),
      ),
    );
    expect(count(filed, 202) + count(filed, 429)).toBe(16);
    expectWindows(filed, limit, seconds);
    await sleep(1500);
    const own = await call(url, 'GET', '/cases?limit=100', { token: tokens['filer'] });
    expect(own.status).toBe(200);
    expect(own.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(
      filed
        .filter((a) => a.status === 202)
        .map((a) => a.body.caseId)
        .sort(),
    );
  });

  it('keeps the count in the case table: one RATE# item per caller and window, which the TTL removes', async () => {
    const before = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => call(runtime.httpUrl, 'GET', '/cases?limit=1', { token: tokens['counted'] })),
    );
    expect(statuses(answers)).toEqual([200, 200, 200]);
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: runtime.tableName,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': 'RATE#counted#' },
      }),
    );
    expect(Items.reduce((sum, item) => sum + Number(item['requests']), 0)).toBe(3);
    for (const item of Items) {
      expect(item).toEqual({
        pk: expect.stringMatching(/^RATE#counted#\d+$/),
        sk: 'RATE',
        requests: expect.any(Number),
        expiresAt: expect.any(Number),
      });
      // A minute after its one-second window: epoch seconds, as the table's TTL reads them.
      expect(item['expiresAt']).toBeGreaterThan(before / 1000 + 60);
      expect(item['expiresAt']).toBeLessThanOrEqual(Date.now() / 1000 + 62);
    }
  });

  it('limits the same way when the function is invoked without the local edge, as API Gateway invokes it', async () => {
    // At once: each invocation counts itself first thing, so the counts land together even on a busy machine.
    const { result: answers, seconds } = await timed(() =>
      Promise.all(
        Array.from({ length: 30 }, () => listCases(as(httpEvent('http-list-cases'), 'rights_holder', 'direct-caller'), {} as Context)),
      ),
    );
    const asStatus = answers.map((r) => ({ status: r.statusCode ?? 0 }));
    expect(count(asStatus, 200) + count(asStatus, 429)).toBe(30);
    expectWindows(asStatus, limit, seconds);
    const refused = answers.find((r) => r.statusCode === 429);
    expect(refused).toBeDefined();
    expect(refused!.headers).toMatchObject({ 'retry-after': expect.stringMatching(/^[1-9]\d*$/), 'x-request-id': expect.any(String) });
    expect(JSON.parse(String(refused!.body))).toEqual({
      error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', details: [], requestId: refused!.headers!['x-request-id'] },
    });
  });

  it('counts no one on public routes: /health is never refused for a caller budget', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(runtime.httpUrl, 'GET', '/health')));
    expect(count(answers, 200)).toBe(40);
  });

  describe('the conditional write on DynamoDB Local, on an injected clock', () => {
    const t0 = Date.UTC(2030, 0, 1); // a window starts here
    const take = (sub: string, nowMs: number) => takeCallerRequest({ db, tableName: runtime.tableName, sub, limit, nowMs });

    it('admits exactly the burst in a window, refuses the rest with the seconds to its end, and admits again in the next', async () => {
      const first = [];
      for (let i = 0; i < 7; i++) first.push(await take('clocked', t0 + 100));
      expect(first).toEqual([
        { allowed: true, remaining: 4 },
        { allowed: true, remaining: 3 },
        { allowed: true, remaining: 2 },
        { allowed: true, remaining: 1 },
        { allowed: true, remaining: 0 },
        { allowed: false, retryAfterSeconds: 1 },
        { allowed: false, retryAfterSeconds: 1 },
      ]);
      expect(await take('clocked', t0 + 999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect(await take('clocked', t0 + 1000)).toEqual({ allowed: true, remaining: 4 });
    });

    it('decides concurrent requests exactly: 20 at once, 5 admitted', async () => {
      const decisions = await Promise.all(Array.from({ length: 20 }, () => take('concurrent', t0 + 10)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    });

    it('keeps callers apart', async () => {
      for (let i = 0; i < 6; i++) await take('apart-a', t0);
      expect(await take('apart-b', t0)).toEqual({ allowed: true, remaining: 4 });
    });
  });
});

describe('the HTTP edge alone, per source address (a stub handler, no JVM)', () => {
  const fn = (name: string, path: string, authorized: boolean): FunctionSpec => ({
    name,
    entry: 'stub.ts',
    triggers: [{ kind: 'http', method: 'GET', path, authorized }],
    timeoutSeconds: 3,
    memoryMb: 128,
    uses: { table: 'read', sendsTo: [] },
  });
  const routes = compileRoutes({ functions: [fn('open', '/open', false), fn('mine', '/mine', true)] });
  let dataDir: string;
  let jwt: LocalJwt;
  const servers: HttpServer[] = [];
  let handled = 0;
  const logs: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];

  const serve = async (addressRateLimit?: Limit | false) => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes,
      jwt,
      loadHandler: async () => async () => {
        handled++;
        return { statusCode: 200, body: '{"ok":true}' };
      },
      log: (level, message, fields = {}) => logs.push({ level, message, fields }),
      ...(addressRateLimit === undefined ? {} : { addressRateLimit }),
    });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rate-limit-edge-'));
    jwt = await localJwt(dataDir);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('limits a source address before authentication and routing: a flood of 401s, 404s and long paths is answered 429', async () => {
    const server = await serve({ ratePerSecond: 5, burst: 5 });
    const paths = ['/mine', '/no-such-route', `/${'x'.repeat(8000)}`];
    const { result: answers, seconds } = await timed(() =>
      Promise.all(Array.from({ length: 30 }, (_, i) => call(server.url, 'GET', paths[i % 3]!, { token: i % 2 ? 'forged' : undefined }))),
    );
    expect(count(answers, 401) + count(answers, 404) + count(answers, 429)).toBe(30);
    expectBucket(answers, { ratePerSecond: 5, burst: 5 }, seconds);
    expectRateLimited(answers.find((a) => a.status === 429)!, '请求过于频繁，请稍后再试');
    const refused = answers.filter((a) => a.status === 429).map((a) => a.body.error.requestId);
    expect(logs.filter((l) => l.message === 'rate limited' && refused.includes(l.fields['requestId']))).toHaveLength(refused.length);
    expect(logs.find((l) => l.message === 'rate limited' && refused.includes(l.fields['requestId']))?.fields).toMatchObject({
      limitedBy: 'address',
      retryAfterSeconds: expect.any(Number),
    });
  });

  it('counts refused tokens against the address, so the address is refused even with a valid token', async () => {
    const server = await serve({ ratePerSecond: 0.2, burst: 3 });
    const before = handled;
    const bad = await Promise.all(Array.from({ length: 3 }, () => call(server.url, 'GET', '/mine', { token: 'not-a-token' })));
    expect(statuses(bad)).toEqual([401, 401, 401]);
    const token = await jwt.signToken({ role: 'mediator', sub: 'm-2' });
    const good = await call(server.url, 'GET', '/mine', { token });
    expect(good.status).toBe(429);
    expect(Number(good.headers.get('retry-after'))).toBeGreaterThanOrEqual(4); // a token every 5 s
    expect(handled).toBe(before);
  });

  it('by default lets an address burst 400 requests (the stage limit in AWS), and no longer limits one caller at the edge', async () => {
    const server = await serve();
    const token = await jwt.signToken({ role: 'mediator', sub: 'm-1' });
    const answers = await Promise.all(Array.from({ length: 120 }, () => call(server.url, 'GET', '/mine', { token })));
    expect(count(answers, 200)).toBe(120);
  });

  it('limits nobody when turned off (benchmarks measure the API, not the limiter)', async () => {
    const server = await serve(false);
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => call(server.url, 'GET', i % 2 ? '/no-such-route' : '/open')));
    expect(count(answers, 429)).toBe(0);
  });
});
