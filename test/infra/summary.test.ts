// The summary `npm run synth` prints after `cdk synth` (infra/cdk/summary.ts), read from a cloud
// assembly synthesized here with cdk-nag registered as infra/cdk/app.ts does (without bundling:
// the test writes one bundle file itself to check how sizes are read).

import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CasesStack } from '#infra/cdk/stack.ts';
import { summarize } from '#infra/cdk/summary.ts';
import { functions, queues, visibilityTimeoutSeconds } from '#infra/topology.ts';
import { testApp } from './synth.ts';

let outDir: string;
let lines: string[];
let bundledFunction: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'cdk-summary-'));
  const app = testApp({}, { validate: false, outdir: outDir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new CasesStack(app, 'AnkangIpCases-dev', { envName: 'dev' });
  const assembly = app.synth();
  // Stand in for esbuild's output of one function: 3 KiB in its code asset's directory.
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string; Properties: any }> };
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).includes('(functions/'),
  )!;
  bundledFunction = String(fn.Properties.Description).split(' ')[0]!;
  const assetDir = join(outDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
  mkdirSync(assetDir, { recursive: true });
  writeFileSync(join(assetDir, 'index.mjs'), Buffer.alloc(3 * 1024));
  lines = summarize(outDir);
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the synth summary', () => {
  it('names the stack and lists every function with its topology memory and timeout', () => {
    expect(lines[0]).toMatch(/^Stack AnkangIpCases-dev: \d+ resources$/);
    for (const spec of functions) {
      const line = lines.find((l) => l.trim().startsWith(`${spec.name} `));
      expect(line, spec.name).toBeDefined();
      expect(line).toMatch(new RegExp(`\\s${spec.memoryMb} MB\\s+${spec.timeoutSeconds} s`));
    }
    // + the user pool's two sign-up triggers (infra/cdk/sign-up.ts), listed as the project's functions.
    expect(lines).toContain(`    ${functions.length + 2} functions, 3 KiB of bundles`);
    expect(lines).toContain('    + 2 deploy-time provider functions of CDK (pages upload, bucket clean-up)');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}pages: CloudFront SiteCdn\w+ in front of a private S3 bucket/));
  });

  it('gives the bundle size where a bundle exists, and says so where none does', () => {
    expect(lines.find((l) => l.trim().startsWith(`${bundledFunction} `))).toMatch(/3 KiB$/);
    expect(lines.filter((l) => l.endsWith('not bundled'))).toHaveLength(functions.length + 2 - 1);
  });

  it('lists each source queue with its visibility timeout, redrive count and concurrency cap', () => {
    const queueLines = lines.filter((l) => / s, DLQ after \d+, max \d+ concurrent$/.test(l));
    expect(queueLines).toHaveLength(queues.length);
    // Named as the topology names them (logical id without its hash), e.g. intake and its consumer's cap.
    const triage = functions.find((f) => f.triggers.some((t) => t.kind === 'queue' && t.queue === 'intake'))!;
    const cap = triage.triggers.find((t) => t.kind === 'queue')!;
    expect(queueLines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^    intake\\s+${visibilityTimeoutSeconds('intake')} s, DLQ after ${queues.find((q) => q.id === 'intake')!.maxReceiveCount}, max ${cap.kind === 'queue' ? cap.maxConcurrency : ''} concurrent$`,
        ),
      ),
    );
  });

  it('counts the alarms and the cdk-nag findings (none) and acknowledgements', () => {
    expect(lines).toContain(`  alarms: ${queues.length * 2 + functions.length * 2 + 2} (notifying 1 SNS topic), dashboards: 1`);
    // Acknowledged: IAM5 (X-Ray) per function, APIG4 per public route, COG8 on the dev pool, and
    // the pages' (counted in site.test.ts; here only that there are some).
    const publicRoutes = functions.flatMap((f) => f.triggers).filter((t) => t.kind === 'http' && !t.authorized).length;
    const [, acknowledged] = lines.at(-1)!.match(/^cdk-nag AwsSolutions: 0 findings, (\d+) acknowledged with a reason$/) ?? [];
    expect(Number(acknowledged)).toBeGreaterThan(functions.length + publicRoutes + 1);
  });
});
