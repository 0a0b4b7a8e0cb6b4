// cdk-nag's AwsSolutions pack over both environment profiles (dev and prod in one app, one synth):
// no finding left, warnings included, and every acknowledgement names a rule, sits on a resource
// (never on a whole stack or the app) and gives a reason. On failure, each finding's rule id and
// construct path is printed.

import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { CasesStack } from '#infra/cdk/stack.ts';
import { acknowledgements, findingsOf } from './nag-support.ts';
import { PROD_CONTEXT, testApp } from './synth.ts';

let app: App;
let stacks: CasesStack[];

beforeAll(() => {
  // As infra/cdk/app.ts does it: the pack registered on the app, so an error would fail this synth too.
  app = testApp(PROD_CONTEXT, { validate: false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  stacks = [new CasesStack(app, 'AnkangIpCases-dev', { envName: 'dev' }), new CasesStack(app, 'AnkangIpCases-prod', { envName: 'prod' })];
  app.synth();
}, 120_000);

describe('cdk-nag AwsSolutions', () => {
  it('the two stacks use the two profiles', () => {
    expect(stacks.map((s) => s.profile.kind)).toEqual(['dev', 'prod']);
  });

  it('finds nothing unacknowledged in either environment, errors or warnings', () => {
    const findings = findingsOf(app);
    const listing = findings.map((f) => `${f.severity} ${f.rule} at ${f.path}`).join('\n');
    expect(findings, `cdk-nag findings:\n${listing}`).toEqual([]);
  });

  it('acknowledges each rule on a specific resource, with a reason a reviewer can check', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.rule, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[[^\]]+\])?$/);
      expect(ack.onResource, `${ack.rule} at ${ack.path} is not on a resource`).toBe(true);
      expect(ack.reason.length, `${ack.rule} at ${ack.path}: reason too short`).toBeGreaterThanOrEqual(60);
    }
  });

  it('acknowledges only these rules, and only where they apply', () => {
    const acks = acknowledgements(app);
    // The pages (infra/cdk/site.ts) acknowledge their own, checked in site.test.ts: CloudFront's
    // geo restriction / WAF / default certificate, the log bucket's own logging, and CDK's
    // deploy-time provider (its runtime, managed policy and bucket-object grants).
    const site = acks.filter((a) => a.path.split('/')[1] === 'Site' || a.path.includes('Custom::CDKBucketDeployment'));
    expect(site.length).toBeGreaterThan(0);
    const rules = [...new Set(acks.filter((a) => !site.includes(a)).map((a) => a.rule))].sort();
    // IAM5 on "*": X-Ray only (asserted in stack.test.ts); APIG4: the public routes; COG8: the dev
    // pool's plan (prod has Plus). No L1: the functions run the newest Node.js Lambda offers.
    // SMG4: the cursor secret, rotated by hand.
    expect(rules).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG8', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-SMG4']);
    expect([...new Set(site.map((a) => a.rule.replace(/\[.*\]$/, '')))].sort()).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-S1',
    ]);
    const publicRoutes = acks.filter((a) => a.rule === 'AwsSolutions-APIG4').map((a) => a.path.split('/').slice(1).join('/'));
    // Once per stack: the public routes of SPEC §9, the register of penalty decisions and the credit list (SPEC §12),
    // the record of random inspections (SPEC §13).
    expect(publicRoutes.sort()).toEqual([
      'Api/GET--health',
      'Api/GET--health',
      'Api/GET--openapi.json',
      'Api/GET--openapi.json',
      'Api/GET--public--credit-list',
      'Api/GET--public--credit-list',
      'Api/GET--public--decisions',
      'Api/GET--public--decisions',
      'Api/GET--public--inspections',
      'Api/GET--public--inspections',
      'Api/GET--public--inspections--{inspectionId}',
      'Api/GET--public--inspections--{inspectionId}',
    ]);
    const tracing = acks.filter((a) => a.rule === 'AwsSolutions-IAM5[Resource::*]');
    expect(tracing.map((a) => a.path).sort()).toEqual(
      stacks.flatMap((s) => [...s.functions.values()].map((fn) => fn.role!.node.path)).sort(),
    );
    const cog8 = acks.filter((a) => a.rule === 'AwsSolutions-COG8').map((a) => a.path);
    expect(cog8).toEqual(['AnkangIpCases-dev/Users']);
    const smg4 = acks.filter((a) => a.rule === 'AwsSolutions-SMG4').map((a) => a.path);
    expect(smg4.sort()).toEqual(['AnkangIpCases-dev/CursorSecret', 'AnkangIpCases-prod/CursorSecret']);
  });

  it('does find what it should on an unsafe resource (the check is not vacuous here)', () => {
    const scratch = new Stack(new App(), 'Scratch');
    new Queue(scratch, 'Plain', { enforceSSL: false });
    expect(findingsOf(scratch).map((f) => f.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
