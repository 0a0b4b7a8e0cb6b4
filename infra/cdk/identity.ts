// Who may call the API: a Cognito user pool whose groups are the roles of the domain (角色), and the
// token issuer and audience the API's JWT authorizer trusts: this pool by default, or an agency's own
// OIDC provider named in context (then the pool stays, but the API does not trust it). The issuer uses
// the partition's URL suffix, so the same stack works in aws-cn (amazonaws.com.cn).
//
// The browser pages sign in through the pool's hosted UI: authorization code grant, a public client
// (no secret: a browser cannot keep one) and PKCE. Cognito has no switch that makes PKCE mandatory for
// a client; it verifies the `code_verifier` whenever the authorize request carried a `code_challenge`,
// so the pages must always send one. The implicit grant (tokens in the URL) is not offered.

import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ROLES } from '#domain/model.ts';
import type { DeploymentContext } from './context.ts';
import type { EnvironmentProfile } from './environments.ts';
import { pascal } from './names.ts';

export interface Identity {
  userPool: UserPool;
  client: UserPoolClient;
  /** The hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  domain: UserPoolDomain;
  groups: Map<string, CfnUserPoolGroup>;
  /** Token issuer the API trusts. */
  jwtIssuer: string;
  /** Accepted `aud` / `client_id` values. */
  jwtAudience: string[];
}

export interface HostedUiUrls {
  /** Where the hosted UI may send the browser after sign-in (e.g. the CloudFront URL of the pages). */
  callbackUrls: string[];
  /** Where it may send the browser after sign-out. */
  logoutUrls: string[];
}

export interface IdentityProps extends Pick<DeploymentContext, 'jwtIssuer' | 'jwtAudience'> {
  profile: Pick<EnvironmentProfile, 'cognitoPlan'>;
  /** Hosted UI return URLs (the stack's own pages unless context names others). */
  hostedUi: HostedUiUrls;
  /** Hosted UI domain prefix, unique per region (the stack derives it, or takes it from context). */
  domainPrefix: string;
}

export function identity(scope: Construct, props: IdentityProps): Identity {
  const stack = Stack.of(scope);
  const plus = props.profile.cognitoPlan === 'plus';
  const userPool = new UserPool(scope, 'Users', {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    signInCaseSensitive: false,
    autoVerify: { email: true },
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

  const domain = userPool.addDomain('SignIn', {
    cognitoDomain: { domainPrefix: props.domainPrefix },
  });

  const client = userPool.addClient('WebClient', {
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
  });

  return {
    userPool,
    client,
    domain,
    groups,
    jwtIssuer: props.jwtIssuer ?? `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${userPool.userPoolId}`,
    // With the pool as issuer, context audiences are accepted besides the app client's: while a
    // replaced client's tokens run out (README "Deploy to AWS", rotating), or for a second client.
    jwtAudience: props.jwtIssuer ? (props.jwtAudience ?? []) : [client.userPoolClientId, ...(props.jwtAudience ?? [])],
  };
}
