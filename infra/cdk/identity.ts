// Who may call the API: a Cognito user pool whose groups are the roles of the domain (角色), and the
// token issuer and audience the API's JWT authorizer trusts: this pool by default, or an agency's own
// OIDC provider named in context (then the pool stays, but the API does not trust it). The issuer uses
// the partition's URL suffix, so the same stack works in aws-cn (amazonaws.com.cn).

import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ROLES } from '#domain/model.ts';
import type { DeploymentContext } from './context.ts';
import { pascal } from './names.ts';

export interface Identity {
  userPool: UserPool;
  client: UserPoolClient;
  groups: Map<string, CfnUserPoolGroup>;
  /** Token issuer the API trusts. */
  jwtIssuer: string;
  /** Accepted `aud` / `client_id` values. */
  jwtAudience: string[];
}

export function identity(scope: Construct, overrides: Pick<DeploymentContext, 'jwtIssuer' | 'jwtAudience'>): Identity {
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
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  // Group names are the role names exactly: they arrive in `cognito:groups` and are read as roles.
  const groups = new Map<string, CfnUserPoolGroup>();
  for (const role of ROLES) {
    groups.set(
      role,
      new CfnUserPoolGroup(scope, `${pascal(role)}Group`, { userPoolId: userPool.userPoolId, groupName: role }),
    );
  }

  const client = userPool.addClient('WebClient', {
    generateSecret: false,
    authFlows: { userSrp: true },
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(1),
  });

  return {
    userPool,
    client,
    groups,
    jwtIssuer:
      overrides.jwtIssuer ?? `https://cognito-idp.${Stack.of(scope).region}.${Stack.of(scope).urlSuffix}/${userPool.userPoolId}`,
    jwtAudience: overrides.jwtAudience ?? [client.userPoolClientId],
  };
}
