// Deployment choices made through CDK context: an agency's own OIDC provider instead of Cognito,
// browser origins for CORS, and refusal of settings that would lock everyone out.

import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CasesStack } from '#infra/cdk/stack.ts';
import { functions } from '#infra/topology.ts';
import { GROUP_ROLES_ENV, REQUIRED_ENV } from '#lib/config.ts';
import { logicalId, resourcesOfType, synthesize, type Synthesized } from './synth.ts';

const issuer = 'https://sso.ankang.gov.cn/realms/ip-protection';
const groupRoles = {
  'IP Admins': 'supervisor',
  调解员: 'mediator',
  court: 'court',
  版权执法: 'officer',
  文旅广电局: 'agency:culture_tourism',
  'Inspection Leads': 'agency_lead',
};

let synth: Synthesized;

beforeAll(() => {
  // Schema validation already runs in stack.test.ts; here only the context-driven parts differ.
  synth = synthesize(
    {
      jwtIssuer: issuer,
      jwtAudience: 'case-portal, case-app',
      corsOrigins: 'https://ip.ankang.gov.cn',
      oidcAuthorizeUrl: `${issuer}/protocol/openid-connect/auth`,
      oidcTokenUrl: `${issuer}/protocol/openid-connect/token`,
      // As `-c groupRoles='…'` passes it: JSON text.
      groupRoles: JSON.stringify(groupRoles),
    },
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

  it("gives the provider's group → role map to every function behind an authenticated route, required at init, and to no other", () => {
    for (const spec of functions) {
      const fn = synth.resources[logicalId(synth.stack, synth.stack.functions.get(spec.name)!)]!;
      const variables = (fn.Properties?.Environment?.Variables ?? {}) as Record<string, string>;
      if (spec.triggers.some((t) => t.kind === 'http' && t.authorized)) {
        expect(JSON.parse(variables[GROUP_ROLES_ENV]!), spec.name).toEqual(groupRoles);
        expect(variables[REQUIRED_ENV]?.split(','), spec.name).toContain(GROUP_ROLES_ENV);
      } else {
        expect(variables[GROUP_ROLES_ENV], spec.name).toBeUndefined();
      }
    }
  });

  it('still creates the user pool and its role groups (they are simply not trusted by the API)', () => {
    synth.template.resourceCountIs('AWS::Cognito::UserPool', 1);
    expect(resourcesOfType(synth, 'AWS::Cognito::UserPoolGroup').length).toBeGreaterThan(0);
  });

  it('the pages sign in at that provider (code + PKCE with its first audience as client) and may call its token endpoint', () => {
    // config.json as staged for upload (Source.jsonData): literal values in the file, stack tokens as markers.
    const outdir = (synth.stack.node.root as App).outdir;
    const staged = readdirSync(outdir)
      .filter((entry) => entry.startsWith('asset.') && existsSync(join(outdir, entry, 'config.json')))
      .map(
        (entry) =>
          JSON.parse(readFileSync(join(outdir, entry, 'config.json'), 'utf8')) as { signIn: Record<string, unknown>; signUp?: unknown },
      );
    expect(staged).toHaveLength(1);
    expect(staged[0]!.signIn).toEqual({
      kind: 'oidc',
      authorizeUrl: `${issuer}/protocol/openid-connect/auth`,
      tokenUrl: `${issuer}/protocol/openid-connect/token`,
      logoutUrl: expect.any(String),
      clientId: 'case-portal',
      scopes: ['openid', 'email', 'profile'],
    });
    // That provider's own registration applies: no sign-up on the pool's parties' client.
    expect(staged[0]!.signUp).toBeUndefined();
    const config = Object.values(synth.template.findResources('Custom::CDKBucketDeployment')).find((d) => d.Properties.Prune === false)!;
    expect(JSON.stringify(config.Properties.SourceMarkers)).not.toMatch(/UsersWebClient|UsersSignIn|UsersPartiesClient/);
    const policy = Object.values(synth.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    const csp = JSON.stringify(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy);
    expect(csp).toContain('https://sso.ankang.gov.cn');
    expect(csp).not.toContain('amazoncognito');
    expect(csp).not.toContain('cognito-idp');
  });

  it("allows browser calls from the stack's own pages and the configured origins only", () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [
          { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteCdn'), 'DomainName'] }]] },
          'https://ip.ankang.gov.cn',
        ],
        AllowMethods: ['GET', 'POST', 'PUT'],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language'],
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

  it('rejects an issuer without its authorization and token endpoints (the pages could not sign in)', () => {
    expect(build({ jwtIssuer: issuer, jwtAudience: 'x' })).toThrow(/oidcAuthorizeUrl/);
    expect(build({ jwtIssuer: issuer, jwtAudience: 'x', oidcAuthorizeUrl: `${issuer}/auth`, oidcTokenUrl: 'http://plain' })).toThrow(
      /oidcTokenUrl/,
    );
  });

  const complete = {
    jwtIssuer: issuer,
    jwtAudience: 'x',
    oidcAuthorizeUrl: `${issuer}/auth`,
    oidcTokenUrl: `${issuer}/token`,
  };

  it('rejects another provider without a group → role map (no group is a role by its name alone)', () => {
    expect(build(complete)).toThrow(/groupRoles/);
  });

  it('rejects a group map that names no role, or an empty, malformed or misplaced one', () => {
    expect(build({ ...complete, groupRoles: '{"Judges":"judge"}' })).toThrow(/"Judges".*not a role/);
    // Agency and lead groups are targets only by their exact names.
    expect(build({ ...complete, groupRoles: '{"Leads":"agency:lead"}' })).toThrow(/"Leads".*not a role.*agency_lead/);
    expect(build({ ...complete, groupRoles: '{"Leads":"lead"}' })).toThrow(/"Leads".*not a role/);
    expect(build({ ...complete, groupRoles: '{}' })).toThrow(/groupRoles/);
    expect(build({ ...complete, groupRoles: '{"a":' })).toThrow(/groupRoles/);
    expect(build({ ...complete, groupRoles: ['supervisor'] })).toThrow(/groupRoles/);
    // With Cognito the groups are the roles: a map would only confuse.
    expect(build({ groupRoles: { supervisor: 'supervisor' } })).toThrow(/only with "jwtIssuer"/);
  });

  it('rejects an audience that is neither a string nor a list of strings', () => {
    expect(build({ jwtIssuer: issuer, jwtAudience: 42 })).toThrow(/jwtAudience/);
  });
});
