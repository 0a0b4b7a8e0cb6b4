// Parties register themselves (SPEC §10 "Accounts"), as the stack builds it (infra/cdk/identity.ts,
// infra/cdk/sign-up.ts): self sign-up on the pool, the parties' own app client — the only one that
// may write `custom:party_role` — the pre-sign-up and post-confirmation triggers, the one permission
// the latter has, the API trusting tokens of both clients unless another issuer is named, and the
// pages' sign-up: config.json names the parties' client and region, and the CSP lets the pages call
// Cognito's API.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { environmentProfile } from '#infra/cdk/environments.ts';
import { identity } from '#infra/cdk/identity.ts';
import { acknowledgements, findingsOf } from './nag-support.ts';
import {
  actionsOf,
  arnOf,
  logicalId,
  ref,
  resourcesOf,
  resourcesOfType,
  statementsOfRole,
  synthesize,
  testApp,
  type Synthesized,
} from './synth.ts';

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize();
}, 120_000);

const pool = () => synth.resources[logicalId(synth.stack, synth.stack.identity.userPool)]!;
const clientProps = (client: typeof synth.stack.identity.client) => synth.resources[logicalId(synth.stack, client)]!.Properties!;
const triggers = () => synth.stack.identity.signUp;

describe('the user pool', () => {
  it('lets people sign themselves up, verifying their e-mail address, with MFA still required', () => {
    expect(pool().Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: ['email'],
      MfaConfiguration: 'ON',
    });
  });

  it('has the custom attribute party_role, immutable once set at sign-up', () => {
    expect(pool().Properties?.Schema).toContainEqual(
      expect.objectContaining({ Name: 'party_role', AttributeDataType: 'String', Mutable: false }),
    );
  });

  it('runs the pre-sign-up and post-confirmation triggers, and no other', () => {
    expect(pool().Properties?.LambdaConfig).toEqual({
      PreSignUp: arnOf(synth.stack, triggers().preSignUp),
      PostConfirmation: arnOf(synth.stack, triggers().postConfirmation),
    });
    for (const fn of [triggers().preSignUp, triggers().postConfirmation]) {
      synth.template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(synth.stack, fn),
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: arnOf(synth.stack, synth.stack.identity.userPool),
      });
    }
  });
});

describe("the parties' app client", () => {
  it('is public (no secret) with SRP and the authorization code grant (PKCE), returning where the staff client does', () => {
    const parties = clientProps(synth.stack.identity.partiesClient);
    const staff = clientProps(synth.stack.identity.client);
    expect(parties).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      UserPoolId: ref(synth.stack, synth.stack.identity.userPool),
    });
    expect(parties.CallbackURLs).toEqual(staff.CallbackURLs);
    expect(parties.LogoutURLs).toEqual(staff.LogoutURLs);
  });

  it('is the only client that may write custom:party_role; the staff client names what it may write, without it', () => {
    const writers = resourcesOfType(synth, 'AWS::Cognito::UserPoolClient').filter(
      ([, client]) => client.Properties?.WriteAttributes === undefined || client.Properties.WriteAttributes.includes('custom:party_role'),
    );
    expect(writers.map(([id]) => id)).toEqual([logicalId(synth.stack, synth.stack.identity.partiesClient)]);
    const staff = clientProps(synth.stack.identity.client);
    expect(staff.WriteAttributes).toEqual(expect.arrayContaining(['email']));
    expect(staff.WriteAttributes).not.toContain('custom:party_role');
  });

  it("is the client the pages' sign-up calls, in the stack's region, which the pages' CSP lets them reach", () => {
    // config.json as staged for upload (Source.jsonData): stack tokens are markers, resolved at deploy time.
    const outdir = (synth.stack.node.root as App).outdir;
    const staged = readdirSync(outdir)
      .filter((entry) => entry.startsWith('asset.') && existsSync(join(outdir, entry, 'config.json')))
      .map((entry) => JSON.parse(readFileSync(join(outdir, entry, 'config.json'), 'utf8')) as { signUp?: Record<string, string> });
    expect(staged).toHaveLength(1);
    const { signUp } = staged[0]!;
    expect(Object.keys(signUp ?? {}).sort()).toEqual(['clientId', 'region']);
    const deployment = Object.values(synth.template.findResources('Custom::CDKBucketDeployment')).find(
      (d) => d.Properties.Prune === false,
    )!;
    const markers = Object.assign({}, ...(deployment.Properties.SourceMarkers as Record<string, unknown>[])) as Record<string, unknown>;
    expect(markers[signUp!.clientId!]).toEqual(ref(synth.stack, synth.stack.identity.partiesClient));
    expect(markers[signUp!.region!]).toEqual({ Ref: 'AWS::Region' });

    const policy = Object.values(synth.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    // The template's join read back as text, each reference written `<Name>`.
    const text = (csp['Fn::Join'][1] as (string | { Ref: string })[]).map((p) => (typeof p === 'string' ? p : `<${p.Ref}>`)).join('');
    const connect = text.split('; ').find((directive) => directive.startsWith('connect-src '));
    // `https://cognito-idp.<region>.<urlSuffix>`: the host the pages derive from the region, in either partition.
    expect(connect?.split(' ')).toContain('https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>');
  });

  it("is trusted by the API besides the staff client: a party's tokens from either are accepted", () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Audience: [ref(synth.stack, synth.stack.identity.client), ref(synth.stack, synth.stack.identity.partiesClient)],
      },
    });
  });
});

describe('the triggers', () => {
  it.each(['preSignUp', 'postConfirmation'] as const)(
    '%s runs Node.js 24 on arm64 within the 5 s Cognito waits, logging JSON to its own group',
    (name) => {
      const fn = synth.resources[logicalId(synth.stack, triggers()[name])]!.Properties!;
      expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 5, LoggingConfig: { LogFormat: 'JSON' } });
      expect(synth.resources[fn.LoggingConfig.LogGroup.Ref]?.Type).toBe('AWS::Logs::LogGroup');
      expect(fn.Description).toMatch(/^\S+ \(functions\/(pre-sign-up|post-confirmation)\/handler\.ts\)$/);
    },
  );

  it('post-confirmation may only add users to groups, of this pool only (besides writing its log)', () => {
    const role = triggers().postConfirmation.role!;
    const statements = statementsOfRole(synth, role).filter((s) => !actionsOf(s).every((a) => a.startsWith('logs:')));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'cognito-idp:AdminAddUserToGroup', Resource: arnOf(synth.stack, synth.stack.identity.userPool) },
    ]);
    // Not through the role's default policy, which the function waits for: that would be a cycle with the pool.
    expect(logicalId(synth.stack, triggers().groupsPolicy)).toMatch(/^PostConfirmationGroups/);
  });

  it('pre-sign-up may only write its log', () => {
    const statements = statementsOfRole(synth, triggers().preSignUp.role!);
    expect(statements.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('no other role of the stack may touch the user pool', () => {
    const others = resourcesOfType(synth, 'AWS::IAM::Policy')
      .filter(([id]) => id !== logicalId(synth.stack, triggers().groupsPolicy))
      .flatMap(([, policy]) => policy.Properties?.PolicyDocument.Statement as Parameters<typeof actionsOf>[0][]);
    expect(others.flatMap(actionsOf).filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
    expect(JSON.stringify(others.flatMap(resourcesOf))).not.toContain(logicalId(synth.stack, synth.stack.identity.userPool));
  });

  it('leave cdk-nag nothing to find, and need no acknowledgement', () => {
    expect(findingsOf(synth.stack)).toEqual([]);
    const paths = [triggers().preSignUp, triggers().postConfirmation, triggers().groupsPolicy, synth.stack.identity.partiesClient].map(
      (c) => c.node.path,
    );
    expect(acknowledgements(synth.stack).filter((a) => paths.some((p) => a.path.startsWith(p)))).toEqual([]);
  });
});

describe('with another OIDC provider as issuer', () => {
  it('keeps trusting only its audiences, while the pool keeps its parties and triggers', () => {
    const stack = new Stack(testApp(), 'IdentityOnly');
    const built = identity(stack, {
      jwtIssuer: 'https://sso.ankang.gov.cn/realms/ip-protection',
      jwtAudience: ['case-portal'],
      profile: environmentProfile('dev'),
      hostedUi: { callbackUrls: ['https://ip.ankang.gov.cn/'], logoutUrls: ['https://ip.ankang.gov.cn/'] },
      domainPrefix: 'ankang-ip',
    });
    expect(built.jwtIssuer).toBe('https://sso.ankang.gov.cn/realms/ip-protection');
    expect(built.jwtAudience).toEqual(['case-portal']);
    expect(built.partiesClient).toBeDefined();
    const lambdaConfig = stack.resolve((built.userPool.node.defaultChild as unknown as { lambdaConfig: object }).lambdaConfig);
    expect(Object.keys(lambdaConfig).sort()).toEqual(['postConfirmation', 'preSignUp']);
  });
});
