// Environments by context (`-c env=dev|prod`, infra/cdk/environments.ts) and the identity choices
// that go with them: what differs (log retention and fate, log level, Cognito plan, the alarm
// e-mail requirement) and what must not (retained table and pool, MFA, hosted UI
// with the authorization code grant and no client secret). Three stacks in one app, one synth.

import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { environmentProfile } from '#infra/cdk/environments.ts';
import { CasesStack } from '#infra/cdk/stack.ts';
import { functions } from '#infra/topology.ts';
import { PROD_CONTEXT, testApp, type CfnResource } from './synth.ts';

const SITE = 'https://d111111abcdef8.cloudfront.net/';

interface Built {
  stack: CasesStack;
  resources: Record<string, CfnResource>;
}

let dev: Built;
let prod: Built;
/** A production-profile stack (any name but `dev`) given no return URLs: its own pages are the default. */
let city2: Built;

beforeAll(() => {
  const app = testApp(PROD_CONTEXT, { validate: false });
  const stacks = [
    new CasesStack(app, 'AnkangIpCases-dev', { envName: 'dev' }),
    new CasesStack(app, 'AnkangIpCases-prod', { envName: 'prod', hostedUi: { callbackUrls: [SITE], logoutUrls: [SITE] } }),
    new CasesStack(app, 'AnkangIpCases-city2', { envName: 'city2' }),
  ];
  [dev, prod, city2] = stacks.map((stack) => ({ stack, resources: Template.fromStack(stack).toJSON().Resources })) as [Built, Built, Built];
}, 120_000);

const ofType = (b: Built, type: string) => Object.values(b.resources).filter((r) => r.Type === type);
const one = (b: Built, type: string) => {
  const found = ofType(b, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** The two app clients: the staff's (the pages' sign-in) and the parties' (self sign-up, SPEC §10). */
const appClients = (b: Built) => {
  expect(ofType(b, 'AWS::Cognito::UserPoolClient')).toHaveLength(2);
  return [b.stack.identity.client, b.stack.identity.partiesClient].map(
    (client) => b.resources[b.stack.getLogicalId(client.node.defaultChild as CfnElement)]!,
  );
};

describe('profiles', () => {
  it('dev is dev; prod and any other name get the production profile', () => {
    expect([dev, prod, city2].map((b) => b.stack.profile.kind)).toEqual(['dev', 'prod', 'prod']);
    expect(environmentProfile('staging').kind).toBe('prod');
  });

  it('dev keeps logs a week and removes them with the stack; prod keeps them a year and retains them', () => {
    for (const [b, days, policy] of [
      [dev, 7, 'Delete'],
      [prod, 365, 'Retain'],
    ] as const) {
      const logGroups = ofType(b, 'AWS::Logs::LogGroup');
      // + the API access log, the pages' deploy-time provider, the user pool's two sign-up triggers
      expect(logGroups).toHaveLength(functions.length + 4);
      for (const group of logGroups) {
        expect(group.Properties?.RetentionInDays).toBe(days);
        expect(group.DeletionPolicy).toBe(policy);
      }
    }
  });

  it('functions log JSON at debug in dev and info in prod, set in their Lambda logging configuration (no LOG_LEVEL variable)', () => {
    for (const [b, level] of [
      [dev, 'DEBUG'],
      [prod, 'INFO'],
    ] as const) {
      const ours = b.stack.functions;
      expect(ours.size).toBe(functions.length);
      for (const fn of ours.values()) {
        const resource = b.resources[b.stack.getLogicalId(fn.node.defaultChild as CfnElement)];
        // Lambda passes the application level to the code as AWS_LAMBDA_LOG_LEVEL (functions/lib/config.ts).
        expect(resource?.Properties?.LoggingConfig).toMatchObject({
          LogFormat: 'JSON',
          ApplicationLogLevel: level,
          SystemLogLevel: 'INFO',
        });
        expect(resource?.Properties?.Environment.Variables).not.toHaveProperty('LOG_LEVEL');
      }
    }
  });

  it('in every environment the table and the user pool are retained and protected from deletion', () => {
    for (const b of [dev, prod, city2]) {
      const table = one(b, 'AWS::DynamoDB::Table');
      expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
      const pool = one(b, 'AWS::Cognito::UserPool');
      expect(pool).toMatchObject({ DeletionPolicy: 'Retain' });
      expect(pool.Properties?.DeletionProtection).toBe('ACTIVE');
    }
  });

  it('a production-profile stack refuses to synthesize without an alarm e-mail', () => {
    expect(() => new CasesStack(testApp(), 'AnkangIpCases-prod', { envName: 'prod' })).toThrow(/alarmEmail/);
    expect(() => new CasesStack(testApp(), 'AnkangIpCases-dev', { envName: 'dev' })).not.toThrow();
  });
});

describe('sign-in', () => {
  it('requires MFA with an authenticator app (no SMS) in every environment', () => {
    for (const b of [dev, prod, city2]) {
      expect(one(b, 'AWS::Cognito::UserPool').Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    }
  });

  it('prod is on the Plus plan with threat protection enforced; dev on Essentials', () => {
    expect(one(prod, 'AWS::Cognito::UserPool').Properties).toMatchObject({
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    expect(one(dev, 'AWS::Cognito::UserPool').Properties?.UserPoolTier).toBe('ESSENTIALS');
  });

  it('has a hosted sign-in domain whose prefix is derived from the stack and account', () => {
    expect(one(dev, 'AWS::Cognito::UserPoolDomain').Properties?.Domain).toEqual({
      'Fn::Join': ['', ['ankangipcases-dev-', { Ref: 'AWS::AccountId' }]],
    });
  });

  it('both app clients are public (no secret) and use the authorization code grant only, for the given URLs', () => {
    for (const client of appClients(prod)) {
      expect(client.Properties).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [SITE],
        LogoutURLs: [SITE],
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        EnableTokenRevocation: true,
      });
    }
  });

  it("sends a signed-in browser back to the stack's own pages unless told otherwise (no placeholder URL)", () => {
    for (const b of [dev, city2]) {
      for (const { Properties: client } of appClients(b)) {
        const siteUrl = b.stack.resolve(`${b.stack.site.url}/`);
        expect(client).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true });
        expect(client!.CallbackURLs).toEqual([siteUrl]);
        expect(client!.LogoutURLs).toEqual([siteUrl]);
        expect(JSON.stringify(client)).not.toContain('example.com');
      }
    }
    for (const client of appClients(prod)) expect(client.Properties).toMatchObject({ CallbackURLs: [SITE], LogoutURLs: [SITE] });
  });
});

describe('context for environments and sign-in is checked at synth', () => {
  const build =
    (context: Record<string, unknown>, envName = 'dev') =>
    () =>
      new CasesStack(testApp(context), `AnkangIpCases-${envName}`, { envName });

  it('takes the hosted UI domain prefix and return URLs from context', () => {
    const stack = build({ authDomainPrefix: 'ankang-ip', authCallbackUrls: SITE })();
    const client = stack.identity.client.node.defaultChild as unknown as { callbackUrLs?: string[]; logoutUrLs?: string[] };
    expect(client.callbackUrLs).toEqual([SITE]);
    expect(client.logoutUrLs).toEqual([SITE]);
    expect((stack.identity.domain.node.defaultChild as unknown as { domain: string }).domain).toBe('ankang-ip');
  });

  it('with the pool as issuer, accepts context audiences besides its own app clients (client rotation)', () => {
    const stack = build({ jwtAudience: 'retiring-client-id' })();
    expect(stack.identity.jwtAudience).toEqual([
      stack.identity.client.userPoolClientId,
      stack.identity.partiesClient.userPoolClientId,
      'retiring-client-id',
    ]);
  });

  it('rejects a domain prefix Cognito would refuse', () => {
    expect(build({ authDomainPrefix: 'Ankang_IP' })).toThrow(/authDomainPrefix/);
    expect(build({ authDomainPrefix: 'my-cognito-login' })).toThrow(/authDomainPrefix/);
  });

  it('rejects a plain-http return URL other than localhost', () => {
    expect(build({ authCallbackUrls: 'http://ip.ankang.gov.cn/' })).toThrow(/authCallbackUrls/);
    expect(build({ authLogoutUrls: 'https://ok.example/,ftp://x' })).toThrow(/authLogoutUrls/);
  });

  it('rejects an alarm e-mail that is not an address', () => {
    expect(build({ alarmEmail: 'ops' }, 'prod')).toThrow(/alarmEmail/);
  });
});
