// Per-caller rate limits at the local HTTP edge (SPEC §9 RATE_LIMITED): the real runtime, in
// process, with a low limit (5 a second, bursts of 5) — one caller's flood is answered 429 with
// Retry-After and never reaches the handler, while other callers are served; once the wait is
// over the flooder is served again. Then the edge alone (no JVM) with its default and with the
// limit turned off.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '#infra/local/http.ts';
import { localJwt, type LocalJwt } from '#infra/local/jwt.ts';
import type { LogLevel } from '#infra/local/log.ts';
import { compileRoutes } from '#infra/local/routes.ts';
import { startLocalRuntime, type LocalRuntime } from '#infra/local/runtime.ts';
import type { FunctionSpec } from '#infra/local/topology.ts';
import { validComplaint } from '../support/complaints.ts';

const JVM_START = 90_000;

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; language?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.language) headers['accept-language'] = options.language;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status);
const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the calls at once; says how long they took (a busy machine spreads them out, and the bucket refills meanwhile). */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** What a bucket allows of `answers` sent within `seconds`: the burst, plus what refilled meanwhile. */
function expectBucket(answers: Answer[], limit: { ratePerSecond: number; burst: number }, seconds: number, already = 0): void {
  const served = answers.length - count(answers, 429);
  expect(served).toBeGreaterThanOrEqual(Math.min(answers.length, limit.burst - already));
  expect(served).toBeLessThanOrEqual(limit.burst - already + Math.ceil(limit.ratePerSecond * seconds) + 1);
  // Refusals are certain while the offered load exceeds everything the bucket could have given.
  if (limit.burst + limit.ratePerSecond * seconds + 1 < answers.length) expect(count(answers, 429)).toBeGreaterThan(0);
}

function expectRateLimited(answer: Answer, message: string): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ error: { code: 'RATE_LIMITED', message, details: [], requestId: expect.any(String) } });
  expect(answer.headers.get('x-request-id')).toBe(answer.body.error.requestId);
  const retryAfter = answer.headers.get('retry-after');
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
}

describe('the local runtime with 5 requests a second per caller, bursts of 5', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  const logs: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rate-limit-'));
    runtime = await startLocalRuntime({
      dataDir,
      inMemory: true,
      port: 0,
      rateLimit: { ratePerSecond: 5, burst: 5 },
      log: (level, message, fields = {}) => logs.push({ level, message, fields }),
    });
    for (const sub of ['flooder', 'neighbour', 'filer', 'bystander']) tokens[sub] = await runtime.jwt.signToken({ role: 'rights_holder', sub });
  }, JVM_START);

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("answers one caller's flood with 429 and Retry-After while another caller is served in full", async () => {
    const url = runtime.httpUrl;
    const [{ result: flood, seconds }, neighbour] = await Promise.all([
      timed(() =>
        Promise.all(Array.from({ length: 30 }, (_, i) => call(url, 'GET', '/cases?limit=1', { token: tokens['flooder'], language: i % 2 ? 'en' : undefined }))),
      ),
      // The neighbour, during the flood and right after it (the flooder's bucket empty): served in full.
      (async () => {
        const answers: Answer[] = [];
        for (let i = 0; i < 5; i++) answers.push(await call(url, 'GET', '/cases?limit=1', { token: tokens['neighbour'] }));
        return answers;
      })(),
    ]);
    expect(statuses(neighbour)).toEqual([200, 200, 200, 200, 200]);
    expect(count(flood, 200) + count(flood, 429)).toBe(30);
    expectBucket(flood, { ratePerSecond: 5, burst: 5 }, seconds);
    expect(count(flood, 429)).toBeGreaterThan(0);
    flood.forEach((answer, i) => {
      if (answer.status !== 429) return;
      expectRateLimited(answer, i % 2 ? 'Too many requests; try again later' : '请求过于频繁，请稍后再试');
    });
    // Logged with the request id, the caller and the wait, as an ordinary request line too.
    const refused = flood.filter((a) => a.status === 429).map((a) => a.body.error.requestId);
    const limited = logs.filter((l) => l.message === 'rate limited' && refused.includes(l.fields['requestId']));
    expect(limited).toHaveLength(refused.length);
    expect(limited[0]?.fields).toMatchObject({ routeKey: 'GET /cases', limitedBy: 'sub', sub: 'flooder', retryAfterSeconds: expect.any(Number) });
    expect(logs.filter((l) => l.message === 'request' && l.fields['status'] === 429 && refused.includes(l.fields['requestId']))).toHaveLength(refused.length);
  });

  it('serves the flooder again once it waits as long as Retry-After says', async () => {
    const url = runtime.httpUrl;
    const flood = await Promise.all(Array.from({ length: 30 }, () => call(url, 'GET', '/cases?limit=1', { token: tokens['flooder'] })));
    const refused = flood.find((a) => a.status === 429);
    expect(refused).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    await sleep(retryAfter * 1000);
    expect((await call(url, 'GET', '/cases?limit=1', { token: tokens['flooder'] })).status).toBe(200);
  });

  it('refuses before the handler runs: a complaint answered 429 is never stored', async () => {
    const url = runtime.httpUrl;
    const { result: filed, seconds } = await timed(() =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(url, 'POST', '/complaints', { token: tokens['filer'], body: validComplaint((c) => (c.respondent = { name: `汉阴某某商行${i}号` })) }),
        ),
      ),
    );
    expect(count(filed, 202) + count(filed, 429)).toBe(12);
    expectBucket(filed, { ratePerSecond: 5, burst: 5 }, seconds);
    expect(count(filed, 429)).toBeGreaterThan(0);
    await sleep(1500);
    const own = await call(url, 'GET', '/cases?limit=100', { token: tokens['filer'] });
    expect(own.status).toBe(200);
    expect(own.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(
      filed.filter((a) => a.status === 202).map((a) => a.body.caseId).sort(),
    );
  });

  it('limits public routes per source address, apart from the signed-in callers', async () => {
    const url = runtime.httpUrl;
    const { result: health, seconds } = await timed(() => Promise.all(Array.from({ length: 15 }, () => call(url, 'GET', '/health'))));
    expectBucket(health, { ratePerSecond: 5, burst: 5 }, seconds);
    expect(count(health, 429)).toBeGreaterThan(0);
    expectRateLimited(health.find((a) => a.status === 429)!, '请求过于频繁，请稍后再试');
    expect(logs.some((l) => l.message === 'rate limited' && l.fields['limitedBy'] === 'ip' && !('sub' in l.fields))).toBe(true);
    // Same address, but a signed-in caller has a bucket of its own.
    expect((await call(url, 'GET', '/cases?limit=1', { token: tokens['bystander'] })).status).toBe(200);
  });
});

describe('the HTTP edge alone (a stub handler, no JVM)', () => {
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

  const serve = async (rateLimit?: { ratePerSecond: number; burst: number } | false) => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes,
      jwt,
      loadHandler: async () => async () => ({ statusCode: 200, body: '{"ok":true}' }),
      log: () => undefined,
      ...(rateLimit === undefined ? {} : { rateLimit }),
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

  it('by default lets a caller burst 40 requests, then refuses', async () => {
    const server = await serve();
    const token = await jwt.signToken({ role: 'mediator', sub: 'm-1' });
    const { result: answers, seconds } = await timed(() => Promise.all(Array.from({ length: 120 }, () => call(server.url, 'GET', '/mine', { token }))));
    expect(count(answers, 200) + count(answers, 429)).toBe(120);
    expectBucket(answers, { ratePerSecond: 20, burst: 40 }, seconds);
  });

  it('limits nobody when turned off (benchmarks measure the API, not the limiter)', async () => {
    const server = await serve(false);
    const token = await jwt.signToken({ role: 'mediator', sub: 'm-1' });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => call(server.url, 'GET', i % 2 ? '/mine' : '/open', { token })));
    expect(count(answers, 200)).toBe(200);
  });

  it('checks the token first: a refused token is 401, not a 429 charged to anyone', async () => {
    const server = await serve({ ratePerSecond: 0.2, burst: 1 });
    const bad = await Promise.all(Array.from({ length: 5 }, () => call(server.url, 'GET', '/mine', { token: 'not-a-token' })));
    expect(statuses(bad)).toEqual([401, 401, 401, 401, 401]);
    const token = await jwt.signToken({ role: 'mediator', sub: 'm-2' });
    expect((await call(server.url, 'GET', '/mine', { token })).status).toBe(200);
    expect((await call(server.url, 'GET', '/mine', { token })).status).toBe(429);
  });
});
