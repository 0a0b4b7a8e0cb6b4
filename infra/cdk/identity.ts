// Who may call the API: a Cognito user pool whose groups are the roles of the domain (角色), and the
// token issuer and audience the API's JWT authorizer trusts: this pool by default, or an agency's own
// OIDC provider named in context (then the pool stays, but the API does not trust it). The issuer uses
// the partition's URL suffix, so the same stack works in aws-cn (amazonaws.com.cn).
//
// The browser pages sign in through the pool's hosted UI: authorization code grant, a public client
// (no secret: a browser cannot keep one) and PKCE. Cognito has no switch that makes PKCE mandatory for
// a client; it verifies the `code_verifier` whenever the authorize request carried a `code_challenge`,
// so the pages must always send one. The implicit grant (tokens in the URL) is not offered.
//
// Parties register themselves (SPEC §10 "Accounts"): self sign-up is on, for rights holders and
// respondents only. A sign-up names its side in the custom attribute `party_role`, which only the
// parties' app client may write, and only at sign-up (it is immutable); Cognito verifies the e-mail
// address with a code before the account is confirmed. The pre-sign-up trigger refuses any other
// choice, and the post-confirmation trigger puts the new account in its group (infra/cdk/sign-up.ts,
// domain/party-sign-up.ts). Staff groups are only ever assigned by an administrator (`npm run users`).
// The staff's app client cannot write the attribute, so a sign-up through it names no side and is
// refused. Cognito's hosted sign-up form cannot ask for a custom attribute, so parties sign up through
// the SignUp API on their client (the pages' sign-up, web/src/pages/sign-up.ts, or `aws cognito-idp
// sign-up --client-id <PartiesClientId> …`) and confirm with the e-mailed code; then they sign in
// through the hosted UI as staff do, and set up their authenticator app there (MFA is required of
// everyone). Sign-in is by e-mail only: making the mobile number a sign-in name too would replace the
// pool (Cognito fixes sign-in names when a pool is created), and the pool is retained.

import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClientOptions,
  type UserPoolDomain,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ROLES } from '#domain/model.ts';
import { AGENCIES, AGENCY_GROUP_PREFIX, LEAD_GROUP } from '#domain/agencies.ts';
import { PARTY_ROLE_ATTRIBUTE } from '#domain/party-sign-up.ts';
import type { DeploymentContext } from './context.ts';
import type { EnvironmentProfile } from './environments.ts';
import { pascal } from './names.ts';
import { signUpTriggers, type SignUpTriggers } from './sign-up.ts';

export interface Identity {
  userPool: UserPool;
  /** The staff's app client (the pages' sign-in). */
  client: UserPoolClient;
  /** The parties' app client: self sign-up, and the only client that may write `custom:party_role`. */
  partiesClient: UserPoolClient;
  /** The pre-sign-up and post-confirmation triggers. */
  signUp: SignUpTriggers;
  /** The hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  domain: UserPoolDomain;
  groups: Map<string, CfnUserPoolGroup>;
  /** Token issuer the API trusts. */
  jwtIssuer: string;
  /** Accepted `aud` / `client_id` values: with the pool as issuer, tokens of either app client. */
  jwtAudience: string[];
}

export interface HostedUiUrls {
  /** Where the hosted UI may send the browser after sign-in (e.g. the CloudFront URL of the pages). */
  callbackUrls: string[];
  /** Where it may send the browser after sign-out. */
  logoutUrls: string[];
}

export interface IdentityProps extends Pick<DeploymentContext, 'jwtIssuer' | 'jwtAudience'> {
  profile: Pick<EnvironmentProfile, 'cognitoPlan' | 'logRetention' | 'logRemovalPolicy' | 'logLevel'>;
  /** Hosted UI return URLs (the stack's own pages unless context names others). */
  hostedUi: HostedUiUrls;
  /** Hosted UI domain prefix, unique per region (the stack derives it, or takes it from context). */
  domainPrefix: string;
}

export function identity(scope: Construct, props: IdentityProps): Identity {
  const stack = Stack.of(scope);
  const plus = props.profile.cognitoPlan === 'plus';
  const userPool = new UserPool(scope, 'Users', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    signInCaseSensitive: false,
    autoVerify: { email: true },
    // `custom:party_role`: the side a person chose at sign-up. Immutable, so it cannot be changed to
    // another role afterwards by anyone holding the account's tokens.
    customAttributes: { [PARTY_ROLE_ATTRIBUTE.replace(/^custom:/, '')]: new StringAttribute({ mutable: false, minLen: 1, maxLen: 32 }) },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    // Case files hold personal data and decide disputes: a password alone is not enough. An
    // authenticator app (TOTP), not SMS: no SMS cost or sender registration, and it works anywhere.
    // Only settable when the pool is created, so it is the same in every environment.
    mfa: Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    featurePlan: plus ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
    ...(plus ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  if (!plus) {
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Development environment: test accounts only, so the Essentials plan; the Plus plan (threat protection, about USD 0.02 per monthly active user) is on in every production-profile environment.',
    });
  }

  // Group names are the role names exactly: they arrive in `cognito:groups` and are read as roles.
  const groups = new Map<string, CfnUserPoolGroup>();
  for (const role of ROLES) {
    groups.set(role, new CfnUserPoolGroup(scope, `${pascal(role)}Group`, { userPoolId: userPool.userPoolId, groupName: role }));
  }
  // An officer's agency (SPEC §12) is a group too, `agency:<id>`, beside the `officer` group.
  for (const agency of AGENCIES) {
    const groupName = `${AGENCY_GROUP_PREFIX}${agency}`;
    groups.set(groupName, new CfnUserPoolGroup(scope, `${pascal(agency)}AgencyGroup`, { userPoolId: userPool.userPoolId, groupName }));
  }
  // An agency's lead officers (SPEC §13: they plan and draw its random inspections) are one more group
  // beside `officer` and the agency's group; which agency they lead is the one of their agency group.
  groups.set(
    LEAD_GROUP,
    new CfnUserPoolGroup(scope, `${pascal(LEAD_GROUP)}Group`, { userPoolId: userPool.userPoolId, groupName: LEAD_GROUP }),
  );

  const domain = userPool.addDomain('SignIn', {
    cognitoDomain: { domainPrefix: props.domainPrefix },
  });

  // What both app clients share: the hosted UI with the authorization code grant (PKCE), SRP.
  const signIn: UserPoolClientOptions = {
    generateSecret: false,
    authFlows: { userSrp: true },
    supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
      scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
      callbackUrls: props.hostedUi.callbackUrls,
      logoutUrls: props.hostedUi.logoutUrls,
    },
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(1),
  };
  const contactAttributes = { email: true, fullname: true, phoneNumber: true, locale: true };
  const client = userPool.addClient('WebClient', {
    ...signIn,
    // The contact details a user keeps up to date; never `custom:party_role`, so a sign-up here names no side.
    writeAttributes: new ClientAttributes().withStandardAttributes(contactAttributes),
  });
  const partiesClient = userPool.addClient('PartiesClient', {
    ...signIn,
    readAttributes: new ClientAttributes()
      .withStandardAttributes({ ...contactAttributes, emailVerified: true, phoneNumberVerified: true })
      .withCustomAttributes(PARTY_ROLE_ATTRIBUTE),
    writeAttributes: new ClientAttributes().withStandardAttributes(contactAttributes).withCustomAttributes(PARTY_ROLE_ATTRIBUTE),
  });

  const signUp = signUpTriggers(scope, userPool, props.profile);
  // Beside the stack's `UserPoolClientId`: what a sign-up page (or `aws cognito-idp sign-up
  // --client-id …`) needs. Made here, with the client, so the stack's own outputs need no change.
  new CfnOutput(scope, 'PartiesClientId', {
    description: "The parties' app client: self sign-up with custom:party_role (rights_holder or respondent)",
    value: partiesClient.userPoolClientId,
  });

  return {
    userPool,
    client,
    partiesClient,
    signUp,
    domain,
    groups,
    jwtIssuer: props.jwtIssuer ?? `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${userPool.userPoolId}`,
    // With the pool as issuer, both app clients' tokens are accepted (a party's role comes from its
    // group, as a staff member's does), and context audiences besides: while a replaced client's
    // tokens run out (README "Deploy to AWS", rotating), or for another client.
    jwtAudience: props.jwtIssuer
      ? (props.jwtAudience ?? [])
      : [client.userPoolClientId, partiesClient.userPoolClientId, ...(props.jwtAudience ?? [])],
  };
}
