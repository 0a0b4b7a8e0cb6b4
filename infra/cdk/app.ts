// The CDK app: one stack per deployment name, `AnkangIpCases-<env>` (context `env`, default `dev`;
// see environments.ts for what `dev` and `prod` change). Environment-agnostic on purpose (no account,
// region or lookups): synth works offline, and the region comes from the deploying credentials.
//
// cdk-nag's AwsSolutions pack checks every synth: an unacknowledged error stops it, and each
// acknowledgement sits next to the resource it concerns, with its reason (test/infra/nag.test.ts
// holds the stack to zero findings, warnings included).

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
