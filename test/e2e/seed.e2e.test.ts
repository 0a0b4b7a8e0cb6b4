// `npm run seed` as a user would run it: against `npm start`'s runtime in its own process, then
// read back over HTTP as a supervisor. Every answer read here is also checked against the OpenAPI
// document the runtime serves, so the document is held to what the running code answers.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATUSES, PATHS } from '#domain/model.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';
import { nodeTs } from '../support/node-ts.ts';
import { logChildOutput } from '../support/test-log.ts';

const SEED_TIMEOUT_MS = 240_000;

let rt: RuntimeProcess;
let supervisor: string;
let seed: { code: number | null; stdout: string; stderr: string };
let ajv: InstanceType<typeof Ajv2020>;

function runSeed(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(...nodeTs('tools/seed.ts'), {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logChildOutput(child, 'seed');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), SEED_TIMEOUT_MS - 10_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A GET as a well-behaved client makes it: reading every seeded case runs into the per-caller limit, so a 429 waits its Retry-After. */
async function get(path: string, token?: string): Promise<{ status: number; body: any }> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${rt.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const body = await response.json();
    if (response.status !== 429 || attempt === 5) return { status: response.status, body };
    await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
}

/** The answer fits `#/components/schemas/<name>` of the served document. */
function expectFits(name: string, value: unknown): void {
  const validate = ajv.getSchema(`urn:akip:openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`no component ${name}`);
  const ok = validate(value);
  expect(ok ? '' : ajv.errorsText(validate.errors), name).toBe('');
}

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  supervisor = await rt.token('supervisor', 'supervisor-e2e');
  seed = await runSeed(rt.dataDir);
  const doc = await get('/openapi.json');
  expect(doc.status).toBe(200);
  ajv = new Ajv2020({ allErrors: true, strict: true });
  formats.default(ajv);
  ajv.addKeyword('discriminator');
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'urn:akip:openapi', components: { schemas: doc.body.components.schemas } });
}, SEED_TIMEOUT_MS);

afterAll(async () => {
  await rt?.stop();
});

describe('npm run seed', () => {
  it('exits 0 with a summary by path and status and the case ids on its last line', () => {
    expect(seed.code, `${seed.stdout}\n${seed.stderr}`).toBe(0);
    for (const path of PATHS) expect(seed.stdout).toMatch(new RegExp(`^${path}\\s+\\d`, 'm'));
    const last = JSON.parse(seed.stdout.trim().split('\n').pop()!);
    expect(last.caseIds.length).toBeGreaterThanOrEqual(40);
    const file = JSON.parse(readFileSync(join(rt.dataDir, 'seed.json'), 'utf8'));
    expect(file.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual([...last.caseIds].sort());
  });

  it('leaves cases on every path, at least one of them final per path, all listed by GET /cases', async () => {
    const listed: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const answer = await get(`/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, supervisor);
      expect(answer.status).toBe(200);
      expectFits('CasePage', answer.body);
      listed.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    const seeded: { caseIds: string[] } = JSON.parse(seed.stdout.trim().split('\n').pop()!);
    expect(listed.map((c) => c.caseId).sort()).toEqual([...seeded.caseIds].sort());
    for (const path of PATHS) {
      const onPath = listed.filter((c) => c.path === path);
      expect(onPath.length, path).toBeGreaterThan(0);
      expect(
        onPath.some((c) => FINAL_STATUSES.includes(c.status)),
        `${path} has a final case`,
      ).toBe(true);
    }
    // Spread: all ten counties, all five right kinds, enterprises and individuals, flags from routing.
    expect(new Set(listed.map((c) => c.countyCode)).size).toBe(10);
    expect(new Set(listed.map((c) => c.right.kind)).size).toBe(5);
    expect(new Set(listed.map((c) => c.complainant.type))).toEqual(new Set(['enterprise', 'individual']));
    expect(listed.some((c) => c.flags.repeatRespondent)).toBe(true);
    expect(listed.some((c) => c.flags.possibleDuplicateOf)).toBe(true);
    expect(listed.some((c) => c.parentCaseId)).toBe(true);
    expect(new Set(listed.map((c) => c.status))).toEqual(
      new Set(['queued', 'in_progress', 'awaiting_confirmation', 'resolved', 'rejected', 'withdrawn', 'transferred']),
    );
  });

  it('wrote every step to tamper-evident timelines the document describes', async () => {
    const file = JSON.parse(readFileSync(join(rt.dataDir, 'seed.json'), 'utf8'));
    const police = file.cases.find((c: { key: string }) => c.key === 'J07');
    const timeline = await get(`/cases/${police.caseId}/timeline`, supervisor);
    expect(timeline.status).toBe(200);
    expectFits('TimelinePage', timeline.body);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'submitted',
        'claimed',
        'accept_filing',
        'transfer_to_police',
        'record_police_decision',
        'add_supervision_opinion',
      ]),
    );
    for (const c of file.cases) {
      const integrity = await get(`/cases/${c.caseId}/integrity`, supervisor);
      expect(integrity.status).toBe(200);
      expectFits('Integrity', integrity.body);
      expect(integrity.body.valid, c.key).toBe(true);
    }
  });

  it('answers statistics and the respondent view in the documented shapes', async () => {
    const stats = await get('/stats', supervisor);
    expect(stats.status).toBe(200);
    expectFits('Stats', stats.body);
    expect(stats.body.total).toBeGreaterThanOrEqual(40);
    const list = await get('/cases?limit=100', supervisor);
    const repeat = list.body.items.find((c: any) => c.flags.repeatRespondent && c.respondent.creditCode);
    const respondent = await get(`/respondents/${repeat.respondent.creditCode}`, supervisor);
    expect(respondent.status).toBe(200);
    expectFits('RespondentHistory', respondent.body);
    expect(respondent.body.repeatRespondent).toBe(true);
  });
});
