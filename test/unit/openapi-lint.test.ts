// GET /openapi.json as a third party's tooling sees it: Redocly's CLI lints the document the handler
// answers with its `recommended` ruleset (servers, info.license, a 4xx answer on every operation, …),
// and finds nothing — no error and no warning.
//
// The CLI runs as a child process of the Node running the tests, in an empty temporary directory (no
// redocly.yaml of ours or anyone's is picked up), offline: telemetry and the update check are off, so
// it opens no connection. Its output is kept out of a passing run and shown in full when it fails.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/openapi/handler.ts';
import { httpEvent } from '../support/events.ts';

type Doc = Record<string, any>;

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
  /** What the CLI printed besides the report, for the failure message. */
  output: string;
}

const LINT_TIMEOUT_MS = 60_000;

/** The `redocly` bin of the installed @redocly/cli (the version package.json pins). */
function redoclyCli(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@redocly/cli/package.json');
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin['redocly']!);
}

let workDir: string;

/** Lints `doc` with the recommended rules; answers the CLI's JSON report whatever its exit code. */
async function lint(doc: Doc, name: string): Promise<LintReport> {
  const file = `${name}.json`;
  await writeFile(join(workDir, file), JSON.stringify(doc, null, 2));
  const args = [redoclyCli(), 'lint', file, '--extends=recommended', '--format=json', '--max-problems=1000'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  // Asynchronous on purpose: the event loop stays free while the CLI runs.
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: workDir, env, timeout: LINT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      // Exit code 1 means "problems found": the report says which. No report at all is a failure.
      if (error && !out.trim().startsWith('{')) reject(new Error(`redocly lint did not report (${error.message}):\n${err}\n${out}`));
      else resolve({ stdout: out, stderr: err });
    });
  });
  const report = JSON.parse(stdout) as Omit<LintReport, 'output'>;
  return { ...report, output: stderr };
}

const describeProblems = (report: LintReport): string =>
  report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`).join('\n') || report.output;

let doc: Doc;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'akip-openapi-lint-'));
  const answer = await handler(httpEvent('http-openapi'), {} as never);
  doc = JSON.parse(String(answer.body));
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('GET /openapi.json under Redocly’s recommended rules', () => {
  it(
    'has no errors and no warnings',
    async () => {
      const report = await lint(doc, 'openapi');
      expect(report.totals, describeProblems(report)).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'would be caught without servers, without a licence, or with an operation answering no 4xx',
    async () => {
      // The same linter on a spoiled copy: proves the check above reads real findings, not silence.
      const spoiled = structuredClone(doc);
      delete spoiled['servers'];
      delete spoiled['info']['license'];
      const health = spoiled['paths']['/health']['get'];
      health['responses'] = Object.fromEntries(Object.entries<unknown>(health['responses']).filter(([status]) => !status.startsWith('4')));
      const report = await lint(spoiled, 'spoiled');
      const found = report.problems.map((p) => `${p.severity} ${p.ruleId}`);
      expect(found, describeProblems(report)).toEqual(
        expect.arrayContaining(['error no-empty-servers', 'warn info-license', 'warn operation-4xx-response']),
      );
      expect(report.totals.errors).toBeGreaterThan(0);
    },
    LINT_TIMEOUT_MS,
  );
});
