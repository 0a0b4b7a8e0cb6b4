// The CDK app: one stack per deployment name, `AnkangIpCases-<env>` (context `env`, default `dev`).
// Environment-agnostic on purpose (no account, region or lookups): synth works offline, and the
// region comes from the deploying credentials.

import { App } from 'aws-cdk-lib';
import { CasesStack } from './stack.ts';

const app = new App();
const envName: unknown = app.node.tryGetContext('env') ?? 'dev';
if (typeof envName !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(envName)) {
  throw new Error(`Context "env" must be a short name like dev or prod, got ${JSON.stringify(envName)}`);
}

new CasesStack(app, `AnkangIpCases-${envName}`, {
  envName,
  description: `Ankang IP protection case system (${envName})`,
});
