// Deployment choices made through CDK context: an agency's own OIDC provider instead of Cognito,
// browser origins for CORS, and refusal of settings that would lock everyone out.

import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CasesStack } from '#infra/cdk/stack.ts';
import { resourcesOfType, synthesize, type Synthesized } from './synth.ts';

const issuer = 'https://sso.ankang.gov.cn/realms/ip-protection';

let synth: Synthesized;

beforeAll(() => {
  // Schema validation already runs in stack.test.ts; here only the context-driven parts differ.
  synth = synthesize(
    { jwtIssuer: issuer, jwtAudience: 'case-portal, case-app', corsOrigins: 'https://ip.ankang.gov.cn' },
    { validate: false },
  );
}, 120_000);

describe('with another OIDC provider named in context', () => {
  it('the API trusts that issuer and its comma-separated audiences instead of the Cognito pool', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: issuer, Audience: ['case-portal', 'case-app'] },
    });
  });

  it('still creates the user pool and its role groups (they are simply not trusted by the API)', () => {
    synth.template.resourceCountIs('AWS::Cognito::UserPool', 1);
    expect(resourcesOfType(synth, 'AWS::Cognito::UserPoolGroup').length).toBeGreaterThan(0);
  });

  it('allows browser calls from the configured origins only', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://ip.ankang.gov.cn'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      },
    });
  });
});

describe('context that would break sign-in is refused at synth', () => {
  const build = (context: Record<string, unknown>) => () =>
    new CasesStack(new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } }), 'Refused', {
      envName: 'test',
    });

  it('rejects an issuer without an audience (the pool client id would never match its tokens)', () => {
    expect(build({ jwtIssuer: issuer })).toThrow(/jwtAudience/);
  });

  it('rejects an issuer that is not an https URL', () => {
    expect(build({ jwtIssuer: 'http://sso.example', jwtAudience: 'x' })).toThrow(/https/);
  });

  it('rejects an audience that is neither a string nor a list of strings', () => {
    expect(build({ jwtIssuer: issuer, jwtAudience: 42 })).toThrow(/jwtAudience/);
  });
});
