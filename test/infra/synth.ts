// Synthesizes the real stack for assertions, with the feature flags of cdk.json (so tests see the
// template `cdk synth` makes) and without esbuild bundling (so a test file synthesizes in seconds).
// With `validate` (the default), CDK's built-in CloudFormation schema validation runs, and cdk.json's
// `@aws-cdk/core:validateAgainstDefaultRules` makes its findings errors: an invalid template fails
// the synth, and with it every test of the file. It costs ~4 s, so one file per run is enough.

import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { readFileSync } from 'node:fs';
import { CasesStack } from '#infra/cdk/stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context?: Record<string, unknown>;
};

export interface Synthesized {
  stack: CasesStack;
  template: Template;
  /** The resources of the template, by logical id. */
  resources: Record<string, CfnResource>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** An app with cdk.json's feature flags and context, that never bundles. */
export function testApp(context: Record<string, unknown> = {}, options: { validate?: boolean; outdir?: string } = {}): App {
  return new App({
    context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: options.validate ?? true,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
}

/** The context a production-profile stack needs to synthesize (it refuses to without an alarm e-mail). */
export const PROD_CONTEXT = { alarmEmail: 'ip-ops@example.org' };

/**
 * The stack of environment `envName` (default `dev`, the profile `npm run synth` uses by default),
 * synthesized once. Any other name gets the production profile (infra/cdk/environments.ts).
 */
export function synthesize(context: Record<string, unknown> = {}, options: { validate?: boolean; envName?: string } = {}): Synthesized {
  const envName = options.envName ?? 'dev';
  const app = testApp(context, options);
  const stack = new CasesStack(app, `AnkangIpCases-${envName}`, { envName });
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Record<string, CfnResource> };
}

/** The logical id CloudFormation knows a construct by (its default child for L2 constructs). */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.getLogicalId(element);
}

export const ref = (stack: Stack, construct: IConstruct) => ({ Ref: logicalId(stack, construct) });
export const arnOf = (stack: Stack, construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(stack, construct), 'Arn'] });

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();
export const resourcesOf = (statement: Statement): unknown[] => [statement.Resource].flat();

/** Every IAM statement attached to a role (through AWS::IAM::Policy resources). */
export function statementsOfRole(synth: Synthesized, role: IConstruct): Statement[] {
  const roleId = logicalId(synth.stack, role);
  return Object.values(synth.resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties?.Roles as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify({ Ref: roleId })))
    .flatMap((r) => r.Properties?.PolicyDocument.Statement as Statement[]);
}

/** The resources a role may perform `action` on (Allow statements only). */
export function resourcesAllowed(synth: Synthesized, role: IConstruct, action: string): unknown[] {
  return statementsOfRole(synth, role)
    .filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action))
    .flatMap(resourcesOf);
}

export function resourcesOfType(synth: Synthesized, type: string): [string, CfnResource][] {
  return Object.entries(synth.resources).filter(([, r]) => r.Type === type);
}
