// The AWS stack, built by iterating infra/topology.ts: nothing here names a particular function,
// queue or route. A new entry in the topology appears here without a change to this file.

import { Aws, CfnOutput, Duration, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { functions, type FunctionSpec, type QueueId, type Trigger } from '#infra/topology.ts';
import { casesApi, type CasesApi } from './api.ts';
import { deploymentContext } from './context.ts';
import { environmentProfile, type EnvironmentProfile } from './environments.ts';
import { bindCursorSecret, bindGroupRoles, bindQueue, bindTable, caseFunction } from './functions.ts';
import { identity, type HostedUiUrls, type Identity } from './identity.ts';
import { bindNotices, noticeDeployment } from './notices.ts';
import { Operations } from './operations.ts';
import { pascal } from './names.ts';
import { caseQueues, type QueuePair } from './queues.ts';
import { Site } from './site.ts';
import { casesTable } from './table.ts';

export interface CasesStackProps extends StackProps {
  /** Deployment name (`dev`, `prod`, …), tagged on every resource; `dev` gets the dev profile, any other name prod's. */
  envName: string;
  /** Hosted sign-in return URLs (e.g. the pages' CloudFront URL); context `authCallbackUrls`/`authLogoutUrls` otherwise. */
  hostedUi?: HostedUiUrls;
}

export class CasesStack extends Stack {
  readonly table: Table;
  readonly queues: ReadonlyMap<QueueId, QueuePair>;
  readonly functions: ReadonlyMap<string, NodejsFunction>;
  readonly identity: Identity;
  readonly api: CasesApi;
  readonly profile: EnvironmentProfile;
  readonly operations: Operations;
  readonly site: Site;
  /** What list cursors are sealed with (functions/lib/cursors.ts); only the functions that hand them out may read it. */
  readonly cursorSecret: Secret | undefined;

  constructor(scope: Construct, id: string, props: CasesStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'ankang-ip-cases');
    Tags.of(this).add('env', props.envName);

    const context = deploymentContext(this);
    const profile = environmentProfile(props.envName);
    this.profile = profile;
    if (profile.alarmEmailRequired && !context.alarmEmail) {
      throw new Error(
        `Stack ${id} uses the production profile: set context "alarmEmail" (-c alarmEmail=ops@example.org), or alarms would tell no one`,
      );
    }
    this.table = casesTable(this);
    const queues = caseQueues(this);
    this.queues = queues;

    // The pages (S3 + CloudFront). Their CSP names the origins they call; both are built from
    // strings, not from the API and pool domain resources, so nothing here depends on what depends
    // on the site (the API's CORS and the app client's return URLs name the site's URL).
    const domainPrefix = context.authDomainPrefix ?? `${this.stackName.toLowerCase()}-${Aws.ACCOUNT_ID}`;
    const signInOrigin = context.oidcTokenUrl
      ? new URL(context.oidcTokenUrl).origin
      : `https://${domainPrefix}.auth.${this.region}.amazoncognito.com`;
    // With the pool as issuer, parties sign up on the pages, which call Cognito's API (SignUp,
    // ConfirmSignUp) in the browser; another provider's registration is its own.
    const signUpOrigin = context.jwtIssuer ? [] : [`https://cognito-idp.${this.region}.${this.urlSuffix}`];
    this.site = new Site(this, 'Site', {
      connectSources: [`https://*.execute-api.${this.region}.${this.urlSuffix}`, signInOrigin, ...signUpOrigin],
      retain: profile.kind === 'prod',
      logRetention: profile.logRetention,
    });
    const siteHome = `${this.site.url}/`;

    const hostedUi =
      props.hostedUi ??
      (context.authCallbackUrls
        ? { callbackUrls: context.authCallbackUrls, logoutUrls: context.authLogoutUrls ?? context.authCallbackUrls }
        : { callbackUrls: [siteHome], logoutUrls: [siteHome] });
    this.identity = identity(this, { ...context, profile, hostedUi, domainPrefix });
    this.api = casesApi(this, {
      jwt: { issuer: this.identity.jwtIssuer, audience: this.identity.jwtAudience },
      corsOrigins: [this.site.url, ...(context.corsOrigins ?? [])],
      accessLogs: { retention: profile.logRetention, removalPolicy: profile.logRemovalPolicy },
    });
    this.site.publishConfig({
      apiBase: this.api.api.apiEndpoint,
      signIn: context.jwtIssuer
        ? {
            kind: 'oidc',
            authorizeUrl: context.oidcAuthorizeUrl!,
            tokenUrl: context.oidcTokenUrl!,
            logoutUrl: context.oidcLogoutUrl ?? siteHome,
            clientId: context.jwtAudience![0]!,
            scopes: ['openid', 'email', 'profile'],
          }
        : {
            kind: 'oidc',
            authorizeUrl: `${this.identity.domain.baseUrl()}/oauth2/authorize`,
            tokenUrl: `${this.identity.domain.baseUrl()}/oauth2/token`,
            logoutUrl: `${this.identity.domain.baseUrl()}/logout`,
            clientId: this.identity.client.userPoolClientId,
            scopes: ['openid', 'email', 'profile'],
          },
      ...(context.jwtIssuer ? {} : { signUp: { region: this.region, clientId: this.identity.partiesClient.userPoolClientId } }),
    });

    this.cursorSecret = functions.some((spec) => spec.uses.secret) ? cursorSecret(this) : undefined;

    const notices = noticeDeployment(this, this.site.url, this.site.url.replace(/^https:\/\//, ''));
    const built = new Map<string, NodejsFunction>();
    for (const spec of functions) {
      if (built.has(spec.name)) throw new Error(`infra/topology.ts: function name "${spec.name}" is used twice`);
      const fn = caseFunction(this, spec, profile);
      bindTable(fn, this.table, spec);
      if (spec.uses.secret) bindCursorSecret(fn, this.cursorSecret!);
      bindNotices(fn, spec.uses.notices, notices);
      if (context.groupRoles && spec.triggers.some((t) => t.kind === 'http' && t.authorized)) bindGroupRoles(fn, context.groupRoles);
      for (const queueId of spec.uses.sendsTo) bindQueue(fn, queueId, queueOf(queues, queueId, spec).queue);
      for (const [index, trigger] of spec.triggers.entries()) this.wire(fn, spec, trigger, index);
      built.set(spec.name, fn);
    }
    this.functions = built;

    this.operations = new Operations(this, 'Operations', {
      api: this.api.api,
      functions: built,
      queues,
      table: this.table,
      ...(context.alarmEmail ? { alarmEmail: context.alarmEmail } : {}),
      // The key only protects alarm notifications: it goes with the stack where the logs do.
      keyRemovalPolicy: profile.logRemovalPolicy,
    });

    this.outputs();
  }

  private wire(fn: NodejsFunction, spec: FunctionSpec, trigger: Trigger, index: number): void {
    switch (trigger.kind) {
      case 'http':
        this.api.addRoute(spec.name, fn, trigger);
        return;
      case 'queue':
        if (trigger.maxConcurrency === undefined) {
          throw new Error(`infra/topology.ts: the queue trigger of "${spec.name}" needs maxConcurrency (2–1000)`);
        }
        fn.addEventSource(
          new SqsEventSource(queueOf(this.queues, trigger.queue, spec).queue, {
            batchSize: trigger.batchSize,
            // Set even when 0, so the template states the choice (see the topology).
            maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
            maxConcurrency: trigger.maxConcurrency,
            reportBatchItemFailures: true,
          }),
        );
        return;
      case 'stream': {
        const onlyTheseTypes = FilterRule.or(...trigger.filter.types);
        fn.addEventSource(
          new DynamoEventSource(this.table, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: trigger.batchSize,
            retryAttempts: trigger.maxRetryAttempts,
            // A batch that keeps failing is split until the record that fails is alone.
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            onFailure: new SqsDlq(queueOf(this.queues, trigger.onFailure, spec).dlq),
            filters: trigger.filter.skPrefixes.map((prefix) =>
              FilterCriteria.filter({
                eventName: FilterRule.isEqual('INSERT'),
                dynamodb: { NewImage: { sk: { S: FilterRule.beginsWith(prefix) }, type: { S: onlyTheseTypes } } },
              }),
            ),
          }),
        );
        return;
      }
      case 'schedule':
        new Rule(this, `${pascal(spec.name)}Schedule${index}`, {
          description: `${spec.name} every ${trigger.everyMinutes} min`,
          schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
          targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
        });
        return;
      default: {
        const unknown: never = trigger;
        throw new Error(`Unknown trigger ${JSON.stringify(unknown)}`);
      }
    }
  }

  private outputs(): void {
    new CfnOutput(this, 'SiteUrl', { description: 'The pages (complaint form, my cases, work queues, search)', value: this.site.url });
    new CfnOutput(this, 'ApiUrl', { value: this.api.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'JwtIssuer', { value: this.identity.jwtIssuer });
    new CfnOutput(this, 'SignInDomain', {
      description: 'Hosted sign-in (authorization code + PKCE)',
      value: this.identity.domain.baseUrl(),
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
    for (const [queueId, { queue, dlq }] of this.queues) {
      new CfnOutput(this, `${pascal(queueId)}QueueUrl`, { value: queue.queueUrl });
      new CfnOutput(this, `${pascal(queueId)}DlqUrl`, { value: dlq.queueUrl });
    }
  }
}

/** A generated random value, never in the template or the functions' configuration. */
function cursorSecret(scope: Construct): Secret {
  const secret = new Secret(scope, 'CursorSecret', {
    description: 'Seals the list cursors the API hands out (functions/lib/cursors.ts)',
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Rotating it only ends the list cursors open at that moment (clients start again at page one), so it is rotated by hand (README "Rotating"); a rotation function would be a Lambda with write access to the secret for no gain.',
  });
  return secret;
}

function queueOf(queues: ReadonlyMap<QueueId, QueuePair>, id: QueueId, spec: FunctionSpec): QueuePair {
  const pair = queues.get(id);
  if (!pair) throw new Error(`infra/topology.ts: function "${spec.name}" uses queue "${id}", which is not declared`);
  return pair;
}
