// `npm run invoke -- <function> [event.json] [--case <id>]` (tools/invoke.ts) as a user runs it: in
// its own process, with nothing in its environment but DATA_DIR, against a running local runtime.
// A complaint filed over HTTP is read back by invoking getCase with an event pointing at it; the
// sample events file, claim and act on real cases; and the environment the tool gives a function
// is the one the runtime gives its own handlers.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionEnvironment } from '#infra/local/function-env.ts';
import { runtimeFilePath, startLocalRuntime, type LocalRuntime, type RuntimeFile } from '#infra/local/runtime.ts';
import { defaultTopology } from '#infra/local/topology.ts';
import { SAMPLE_CASE_ID, sampleEventPath } from '../../events/samples.ts';
import { validComplaint } from '../support/complaints.ts';
import { nodeTs } from '../support/node-ts.ts';

const repoRoot = new URL('../../', import.meta.url).pathname;

let runtime: LocalRuntime;
let dataDir: string;
let scratch: string;

interface Invocation {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as JSON: the function's answer (stdout holds nothing else). */
  answer: any;
}

function invoke(args: string[], env: Record<string, string> = { DATA_DIR: dataDir }): Promise<Invocation> {
  return new Promise((resolve) => {
    // Only what a shell would give it: the tool must find its endpoints in runtime.json, not in
    // the variables the runtime set in this test's process.
    const clean = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
    execFile(...nodeTs('tools/invoke.ts', args), { cwd: repoRoot, env: clean, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      let answer: unknown;
      try {
        answer = JSON.parse(stdout);
      } catch {
        answer = undefined;
      }
      resolve({ code, stdout, stderr, answer });
    });
  });
}

const bodyOf = (invocation: Invocation): any => JSON.parse(invocation.answer.body);

async function http(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${runtime.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function untilQueued(caseId: string, token: string): Promise<any> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await http('GET', `/cases/${caseId}`, token);
    if (body.status === 'queued') return body;
    if (Date.now() > deadline) throw new Error(`case ${caseId} not queued within 20 s: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  // On disk, not in memory: the tool shares the runtime's cursor secret through DATA_DIR.
  dataDir = mkdtempSync(join(tmpdir(), 'akip-invoke-'));
  scratch = mkdtempSync(join(tmpdir(), 'akip-invoke-events-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, pages: false, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  for (const dir of [dataDir, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('npm run invoke', () => {
  it('gives a function the environment the runtime gives its handlers', () => {
    const file = JSON.parse(readFileSync(runtimeFilePath(dataDir), 'utf8')) as RuntimeFile;
    expect(functionEnvironment(file, defaultTopology, dataDir)).toEqual(runtime.infrastructure.env);
  });

  it('runs getCase with an event pointing at a complaint filed over HTTP, and prints only its answer on stdout', async () => {
    const holder = await runtime.jwt.signToken({ role: 'rights_holder', sub: 'holder-invoke' });
    const filed = await http('POST', '/complaints', holder, validComplaint());
    expect(filed.status).toBe(202);
    // The sample, as the filer: the same claims shape API Gateway passes.
    const event = JSON.parse(readFileSync(sampleEventPath('getCase')!, 'utf8').replaceAll(SAMPLE_CASE_ID, filed.body.caseId));
    event.requestContext.authorizer.jwt.claims = {
      ...event.requestContext.authorizer.jwt.claims,
      sub: 'holder-invoke',
      'cognito:groups': '[rights_holder]',
    };
    const eventFile = join(scratch, 'get-case.json');
    writeFileSync(eventFile, JSON.stringify(event));

    const run = await invoke(['getCase', eventFile]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.answer, `stdout is not the answer alone: ${run.stdout}`).toMatchObject({ statusCode: 200 });
    expect(bodyOf(run)).toMatchObject({ caseId: filed.body.caseId, caseNumber: filed.body.caseNumber });
  });

  it('files the sample complaint into the running system when given no event', async () => {
    const run = await invoke(['submitComplaint']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.answer, `stdout is not the answer alone: ${run.stdout}`).toMatchObject({ statusCode: 202 });
    // The function's own log lines went to stderr.
    expect(run.stderr).toContain('"message":"complaint filed"');
    const { caseId, caseNumber } = bodyOf(run);
    // The runtime's pipeline picks it up: the invoked function wrote its table and its intake queue.
    const filer = JSON.parse(readFileSync(sampleEventPath('submitComplaint')!, 'utf8')).requestContext.authorizer.jwt.claims.sub as string;
    const queued = await untilQueued(caseId, await runtime.jwt.signToken({ role: 'rights_holder', sub: filer }));
    expect(queued).toMatchObject({ caseNumber, path: 'mediation' });
  });

  it('aims the samples at a real case with --case: a mediator claims it, then records consent', async () => {
    const holder = await runtime.jwt.signToken({ role: 'rights_holder', sub: 'holder-invoke-2' });
    const filed = await http(
      'POST',
      '/complaints',
      holder,
      validComplaint((c) => (c.preferredPath = 'mediation')),
    );
    await untilQueued(filed.body.caseId, holder);

    const claimed = await invoke(['claimCase', '--case', filed.body.caseId]);
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(claimed.answer).toMatchObject({ statusCode: 200 });
    expect(bodyOf(claimed)).toMatchObject({ status: 'in_progress', version: 4 });

    const acted = await invoke(['caseAction', '--case', filed.body.caseId]);
    expect(acted.code, acted.stderr).toBe(0);
    expect(acted.answer).toMatchObject({ statusCode: 200 });
    expect(bodyOf(acted)).toMatchObject({ stage: 'consented', version: 5 });
  });

  it('says how to start a runtime when none is running, and names the functions when given an unknown one', async () => {
    const none = await invoke(['health'], { DATA_DIR: scratch });
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/no local runtime found: .*runtime\.json does not exist\. Start one with `npm start`/);

    const unknown = await invoke(['getCaes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no function "getCaes"');
    expect(unknown.stderr).toContain('getCase');
  });
});
