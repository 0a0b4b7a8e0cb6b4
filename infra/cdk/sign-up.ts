// The user pool's sign-up triggers (SPEC §10 "Accounts"): pre-sign-up refuses a party role a person
// may not choose (functions/pre-sign-up), post-confirmation puts the confirmed party in the group of
// its role (functions/post-confirmation). They are built as infra/cdk/functions.ts builds the
// topology's functions — Node.js 24 on arm64, an esbuild bundle made locally with the SDK in it, JSON
// logs in a log group of their own kept as long as the others, a role of their own — but they are not
// in infra/topology.ts: Cognito invokes them, not a route, a queue or a schedule, and the local
// runtime has no user pool to run them for (it signs its tokens itself: `npm run token`).
//
// Two differences from the topology's functions, each for a reason:
// - No X-Ray active tracing: it needs xray:PutTraceSegments on "*", and a trigger that makes at most
//   one call per sign-up has nothing to show on a service map that its log line does not say.
// - The post-confirmation trigger may add users to groups of this pool only, through a policy of its
//   own attached to its role. In the role's default policy the pool's ARN would make a cycle: the
//   pool names the function, the function waits for its role's default policy, and that policy
//   would name the pool. A separate policy is waited for by nothing, so the pool's ARN can stay
//   exact (no `userpool/*` wildcard).

import { Duration } from 'aws-cdk-lib';
import { UserPoolOperation, type UserPool } from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join, resolve } from 'node:path';
import { CONFIG_CHECK_ENV } from '#lib/config.ts';
import type { EnvironmentProfile } from './environments.ts';
import { FUNCTION_BUNDLING, repoRoot } from './functions.ts';
import { pascal } from './names.ts';

export interface SignUpTriggers {
  preSignUp: NodejsFunction;
  postConfirmation: NodejsFunction;
  /** The post-confirmation trigger's one permission: AdminAddUserToGroup on this pool. */
  groupsPolicy: Policy;
}

export type TriggerProfile = Pick<EnvironmentProfile, 'logRetention' | 'logRemovalPolicy' | 'logLevel'>;

export function signUpTriggers(scope: Construct, userPool: UserPool, profile: TriggerProfile): SignUpTriggers {
  const preSignUp = triggerFunction(scope, 'pre-sign-up', profile);
  const postConfirmation = triggerFunction(scope, 'post-confirmation', profile);
  userPool.addTrigger(UserPoolOperation.PRE_SIGN_UP, preSignUp);
  userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, postConfirmation);
  const groupsPolicy = new Policy(scope, 'PostConfirmationGroups', {
    roles: [postConfirmation.role!],
    statements: [new PolicyStatement({ actions: ['cognito-idp:AdminAddUserToGroup'], resources: [userPool.userPoolArn] })],
  });
  return { preSignUp, postConfirmation, groupsPolicy };
}

function triggerFunction(scope: Construct, name: string, profile: TriggerProfile): NodejsFunction {
  const id = pascal(name);
  const entry = `functions/${name}/handler.ts`;
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: profile.logRetention, removalPolicy: profile.logRemovalPolicy });
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `${name}: its log group${name === 'post-confirmation' ? ', and adding users to groups of the pool' : ''}`,
  });
  logGroup.grantWrite(role);
  return new NodejsFunction(scope, id, {
    entry: resolve(repoRoot, entry),
    handler: 'handler',
    // "<name> (functions/…)": how infra/cdk/summary.ts tells the project's functions from CDK's own.
    description: `${name} (${entry})`,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    // Cognito waits 5 seconds for a trigger, then fails the sign-up step: longer would only hide that.
    timeout: Duration.seconds(5),
    // More memory is more CPU: a cold start is part of the person's wait at sign-up.
    memorySize: 256,
    role,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    systemLogLevelV2: SystemLogLevel.INFO,
    applicationLogLevelV2: profile.logLevel === 'debug' ? ApplicationLogLevel.DEBUG : ApplicationLogLevel.INFO,
    projectRoot: repoRoot,
    depsLockFilePath: join(repoRoot, 'package-lock.json'),
    environment: { NODE_OPTIONS: '--enable-source-maps', [CONFIG_CHECK_ENV]: 'init' },
    bundling: FUNCTION_BUNDLING,
  });
}
