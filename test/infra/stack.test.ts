// What the AWS stack must be, read from infra/topology.ts: every expectation below is derived from
// the topology, so a new function, queue, route or index is checked without editing this file.

import { AGENCIES } from '#domain/agencies.ts';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '#domain/model.ts';
import { pascal } from '#infra/cdk/names.ts';
import { CONFIG_CHECK_ENV, CURSOR_SECRET_ARN_ENV, NOTICE_ENV, REQUIRED_ENV } from '#lib/config.ts';
import {
  TABLE_NAME_ENV,
  dlqUrlEnv,
  functions,
  queueUrlEnv,
  queues,
  sendsToOf,
  table,
  visibilityTimeoutSeconds,
  type FunctionSpec,
  type IndexSpec,
  type QueueId,
  type Trigger,
} from '#infra/topology.ts';
import {
  actionsOf,
  arnOf,
  logicalId,
  ref,
  resourcesAllowed,
  resourcesOf,
  resourcesOfType,
  statementsOfRole,
  synthesize,
  type Synthesized,
} from './synth.ts';

type HttpTrigger = Extract<Trigger, { kind: 'http' }>;
type QueueTrigger = Extract<Trigger, { kind: 'queue' }>;
type ScheduleTrigger = Extract<Trigger, { kind: 'schedule' }>;

const triggersOf = <K extends Trigger['kind']>(kind: K) =>
  functions.flatMap((spec) =>
    spec.triggers.filter((t): t is Extract<Trigger, { kind: K }> => t.kind === kind).map((trigger) => ({ spec, trigger })),
  );
const httpTriggers: { spec: FunctionSpec; trigger: HttpTrigger }[] = triggersOf('http');
const queueTriggers: { spec: FunctionSpec; trigger: QueueTrigger }[] = triggersOf('queue');
const scheduleTriggers: { spec: FunctionSpec; trigger: ScheduleTrigger }[] = triggersOf('schedule');
const consumersOf = (queue: QueueId) => queueTriggers.filter(({ trigger }) => trigger.queue === queue);

const DYNAMODB_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
const DYNAMODB_READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/** Operations no function performs, so none may: a Scan on a request path, bulk writes, table management. */
const DYNAMODB_NEVER = ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:*'];

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize();
}, 120_000);

const fnOf = (spec: FunctionSpec) => {
  const fn = synth.stack.functions.get(spec.name);
  if (!fn) throw new Error(`no Lambda function built for ${spec.name}`);
  return fn;
};
const queueOf = (id: QueueId) => {
  const pair = synth.stack.queues.get(id);
  if (!pair) throw new Error(`no queue built for ${id}`);
  return pair;
};
const propertiesOf = (construct: Parameters<typeof logicalId>[1]) => {
  const resource = synth.resources[logicalId(synth.stack, construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path}`);
  return resource.Properties ?? {};
};

/** The dead-letter queues a function's stream triggers give up into (their on-failure destination). */
const onFailureDlqsOf = (spec: (typeof functions)[number]) => spec.triggers.flatMap((t) => (t.kind === 'stream' ? [t.onFailure] : []));

describe('the case table', () => {
  it('is keyed by the topology partition and sort key (strings) and billed per request', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has every index of the topology with its keys and projection, and no other', () => {
    const props = propertiesOf(synth.stack.table);
    const expected = table.indexes.map((index: IndexSpec) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection, ...(index.include ? { NonKeyAttributes: [...index.include] } : {}) },
    }));
    expect(props.GlobalSecondaryIndexes).toEqual(expected);
  });

  it('declares every key attribute once, as a string', () => {
    const keyNames = new Set<string>([
      table.partitionKey,
      table.sortKey,
      ...table.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]);
    const definitions = propertiesOf(synth.stack.table).AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(definitions.map((d) => d.AttributeName).sort()).toEqual([...keyNames].sort());
    expect(definitions.every((d) => d.AttributeType === 'S')).toBe(true);
  });

  it('is encrypted at rest with the AWS managed DynamoDB key (explicit in the template)', () => {
    // SSEEnabled without a key id is KMS with the aws/dynamodb key; absent, it is the AWS owned key.
    expect(propertiesOf(synth.stack.table).SSESpecification).toEqual({ SSEEnabled: true });
  });

  it('survives mistakes: point-in-time recovery, deletion protection, retained when the stack goes', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('expires items by the topology TTL attribute', () => {
    expect(propertiesOf(synth.stack.table).TimeToLiveSpecification).toEqual({
      AttributeName: table.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('keeps the topology table id as its construct id (renaming would replace the table)', () => {
    expect(synth.stack.table.node.id).toBe(table.id);
  });
});

describe('stateful resources keep their logical ids', () => {
  // Written out on purpose: a changed logical id makes CloudFormation create a new resource and drop
  // (or, retained, orphan) the old one — a new empty table, a new user pool without its users, new
  // queues with the messages left behind. If this fails, the change is a migration, not a refactor.
  it('the table, the user pool and its groups, and every queue and dead-letter queue', () => {
    const ids = {
      table: logicalId(synth.stack, synth.stack.table),
      userPool: logicalId(synth.stack, synth.stack.identity.userPool),
      queues: Object.fromEntries(
        [...synth.stack.queues].map(([id, { queue, dlq }]) => [id, [logicalId(synth.stack, queue), logicalId(synth.stack, dlq)]]),
      ),
      groups: [...synth.stack.identity.groups.values()].map((g) => logicalId(synth.stack, g)),
    };
    expect(ids).toEqual({
      table: 'Cases80582F3E',
      userPool: 'Users0A0EEA89',
      queues: {
        intake: ['intakeB8A8F412', 'intakedlq46A6E3F0'],
        mediation: ['mediation75A3FAA5', 'mediationdlqFD18A344'],
        arbitration: ['arbitration86631925', 'arbitrationdlqE086AFF8'],
        notarization: ['notarizationCF35619A', 'notarizationdlq26BD1D40'],
        administrative_adjudication: ['administrativeadjudicationDD65250C', 'administrativeadjudicationdlqDDA9F2DD'],
        administrative_enforcement: ['administrativeenforcement2441CB29', 'administrativeenforcementdlq9126132D'],
        notifications: ['notificationsBCF85F58', 'notificationsdlq31518AC1'],
      },
      groups: [
        ...ROLES.map((role) => `${pascal(role)}Group`),
        ...AGENCIES.map((agency) => `${pascal(agency)}AgencyGroup`),
        'AgencyLeadGroup',
      ],
    });
  });
});

describe('queues', () => {
  it('are exactly the topology queues, each with its own dead-letter queue', () => {
    synth.template.resourceCountIs('AWS::SQS::Queue', queues.length * 2);
    expect([...synth.stack.queues.keys()].sort()).toEqual(queues.map((q) => q.id).sort());
  });

  it.each(queues)('$id redrives to its dead-letter queue after maxReceiveCount ($maxReceiveCount) deliveries', (spec) => {
    const { queue, dlq } = queueOf(spec.id);
    expect(propertiesOf(queue).RedrivePolicy).toEqual({
      deadLetterTargetArn: arnOf(synth.stack, dlq),
      maxReceiveCount: spec.maxReceiveCount,
    });
    expect(propertiesOf(dlq).MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it.each(queues)('$id hides a received message for at least six times its consumer timeout', (spec) => {
    const consumers = consumersOf(spec.id);
    expect(consumers.length).toBeGreaterThan(0);
    const visibility = propertiesOf(queueOf(spec.id).queue).VisibilityTimeout as number;
    expect(visibility).toBe(visibilityTimeoutSeconds(spec.id));
    for (const { spec: consumer } of consumers) expect(visibility).toBeGreaterThanOrEqual(6 * consumer.timeoutSeconds);
  });

  it.each(queues)('$id and its dead-letter queue are encrypted and refuse non-TLS access', (spec) => {
    const { queue, dlq } = queueOf(spec.id);
    const policies = resourcesOfType(synth, 'AWS::SQS::QueuePolicy');
    for (const q of [queue, dlq]) {
      expect(propertiesOf(q).SqsManagedSseEnabled).toBe(true);
      const policy = policies.find(([, p]) =>
        (p.Properties?.Queues as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(ref(synth.stack, q))),
      );
      expect(policy?.[1].Properties?.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('functions', () => {
  it("are exactly the topology functions, besides the user pool's sign-up triggers and CDK's deploy-time providers of the pages", () => {
    expect([...synth.stack.functions.keys()].sort()).toEqual(functions.map((f) => f.name).sort());
    const { preSignUp, postConfirmation } = synth.stack.identity.signUp;
    const ours = new Set([...functions.map((f) => fnOf(f)), preSignUp, postConfirmation].map((fn) => logicalId(synth.stack, fn)));
    const others = resourcesOfType(synth, 'AWS::Lambda::Function').filter(([id]) => !ours.has(id));
    // BucketDeployment's provider (pages and config.json) and, where the page buckets go with the
    // stack, the provider that empties them first.
    expect(others.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CustomCDKBucketDeployment[0-9A-F]+$/),
      expect.stringMatching(/^CustomS3AutoDeleteObjectsCustomResourceProviderHandler[0-9A-F]+$/),
    ]);
  });

  it.each(functions)('$name runs on Node.js 24, arm64, with the topology timeout and memory', (spec) => {
    expect(propertiesOf(fnOf(spec))).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: spec.timeoutSeconds,
      MemorySize: spec.memoryMb,
    });
  });

  it.each(functions)(
    '$name learns the table name if it uses the table, exactly the queue URLs it sends to, and the DLQ URLs if it uses dead letters — all required at init',
    (spec) => {
      const bound: Record<string, unknown> = {};
      if (spec.uses.table !== 'none') bound[TABLE_NAME_ENV] = ref(synth.stack, synth.stack.table);
      for (const id of sendsToOf(spec)) bound[queueUrlEnv(id)] = ref(synth.stack, queueOf(id).queue);
      if (spec.uses.deadLetters) for (const { id } of queues) bound[dlqUrlEnv(id)] = ref(synth.stack, queueOf(id).dlq);
      if (spec.uses.secret) bound[CURSOR_SECRET_ARN_ENV] = ref(synth.stack, synth.stack.cursorSecret!);
      const expected: Record<string, unknown> = {
        NODE_OPTIONS: '--enable-source-maps',
        [CONFIG_CHECK_ENV]: 'init',
        ...bound,
        ...(Object.keys(bound).length > 0 ? { [REQUIRED_ENV]: Object.keys(bound).sort().join(',') } : {}),
      };
      // The notice settings (test/infra/notices.test.ts checks their values): exactly for the functions that plan or send notices.
      const { Variables: variables } = propertiesOf(fnOf(spec)).Environment as { Variables: Record<string, unknown> };
      const noticeNames = Object.values(NOTICE_ENV) as string[];
      const notices = Object.keys(variables).filter((name) => noticeNames.includes(name));
      expect(notices.sort()).toEqual(
        spec.uses.notices
          ? [NOTICE_ENV.directory, NOTICE_ENV.emailChannel, NOTICE_ENV.mailFrom, NOTICE_ENV.siteUrl, NOTICE_ENV.smsChannel].sort()
          : [],
      );
      const rest = Object.fromEntries(Object.entries(variables).filter(([name]) => !noticeNames.includes(name)));
      expect(rest).toEqual(expected);
    },
  );

  it('gives the table to no function the topology keeps away from it', () => {
    const without = functions.filter((f) => f.uses.table === 'none');
    expect(without.map((f) => f.name)).toEqual(expect.arrayContaining(['health', 'openApi']));
    for (const spec of without) {
      const actions = statementsOfRole(synth, fnOf(spec).role!).flatMap(actionsOf);
      expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    }
  });

  it.each(functions)('$name logs JSON to its own log group, kept as long as the environment says', (spec) => {
    const logging = propertiesOf(fnOf(spec)).LoggingConfig as { LogGroup: { Ref: string }; LogFormat: string };
    expect(logging.LogFormat).toBe('JSON');
    const logGroup = synth.resources[logging.LogGroup.Ref];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup?.Properties?.RetentionInDays).toBe(synth.stack.profile.logRetention);
    const others = functions.filter((f) => f.name !== spec.name).map((f) => propertiesOf(fnOf(f)).LoggingConfig?.LogGroup);
    expect(others).not.toContainEqual(logging.LogGroup);
  });

  it.each(functions)('$name is traced by X-Ray (active tracing)', (spec) => {
    expect(propertiesOf(fnOf(spec)).TracingConfig).toEqual({ Mode: 'Active' });
  });

  it.each(functions)('$name has a role of its own, with no AWS managed policy (no logs:* on every log group)', (spec) => {
    const roleId = logicalId(synth.stack, fnOf(spec).role!);
    expect(propertiesOf(fnOf(spec)).Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(synth.resources[roleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
    const others = functions.filter((f) => f.name !== spec.name).map((f) => logicalId(synth.stack, fnOf(f).role!));
    expect(others).not.toContain(roleId);
  });

  it.each(functions)('$name may write logs to its own log group only', (spec) => {
    const logGroupRef = (propertiesOf(fnOf(spec)).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const role = fnOf(spec).role!;
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      expect(resourcesAllowed(synth, role, action)).toEqual([{ 'Fn::GetAtt': [logGroupRef, 'Arn'] }]);
    }
    expect(
      statementsOfRole(synth, role)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('logs:'))
        .sort(),
    ).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('each queue trigger is an event source mapping that reports partial batch failures', () => {
    // And one per stream trigger (test/infra/notices.test.ts).
    const streamTriggers = functions.flatMap((f) => f.triggers.filter((t) => t.kind === 'stream'));
    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', queueTriggers.length + streamTriggers.length);
    for (const { spec, trigger } of queueTriggers) {
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: ref(synth.stack, fnOf(spec)),
        EventSourceArn: arnOf(synth.stack, queueOf(trigger.queue).queue),
        BatchSize: trigger.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        // Stated even when 0: the template shows the choice (infra/topology.ts says why).
        MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
        ScalingConfig: { MaximumConcurrency: trigger.maxConcurrency },
      });
    }
  });

  it.each(queueTriggers.map(({ spec, trigger }) => ({ name: spec.name, trigger })))(
    '$name caps its queue event source at a concurrency the topology sets (2–1000)',
    ({ trigger }) => {
      expect(trigger.maxConcurrency).toBeDefined();
      expect(trigger.maxConcurrency).toBeGreaterThanOrEqual(2);
      expect(trigger.maxConcurrency).toBeLessThanOrEqual(1000);
      expect(trigger.maxBatchingWindowSeconds).toBeGreaterThanOrEqual(0);
      expect(trigger.maxBatchingWindowSeconds).toBeLessThanOrEqual(300);
    },
  );

  it('each schedule trigger is an EventBridge rate rule that may invoke its function', () => {
    synth.template.resourceCountIs('AWS::Events::Rule', scheduleTriggers.length);
    for (const { spec, trigger } of scheduleTriggers) {
      const n = trigger.everyMinutes;
      synth.template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${n} ${n === 1 ? 'minute' : 'minutes'})`,
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: arnOf(synth.stack, fnOf(spec)) })],
      });
      synth.template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: arnOf(synth.stack, fnOf(spec)),
      });
    }
  });
});

describe('the HTTP API', () => {
  const routes = () => resourcesOfType(synth, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties ?? {});
  const authorizerRef = () => {
    const [authorizer] = resourcesOfType(synth, 'AWS::ApiGatewayV2::Authorizer');
    return { Ref: authorizer?.[0] };
  };

  it('has one route per HTTP trigger and no other', () => {
    expect(
      routes()
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(httpTriggers.map(({ trigger }) => `${trigger.method} ${trigger.path}`).sort());
  });

  it.each(httpTriggers)('$trigger.method $trigger.path reaches $spec.name', ({ spec, trigger }) => {
    const route = routes().find((r) => r.RouteKey === `${trigger.method} ${trigger.path}`);
    const integrationId = (route?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
    expect(synth.resources[integrationId]?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: arnOf(synth.stack, fnOf(spec)),
    });
    synth.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: arnOf(synth.stack, fnOf(spec)),
    });
  });

  it.each(httpTriggers)(
    '$trigger.method $trigger.path requires a JWT exactly when the topology says authorized ($trigger.authorized)',
    ({ trigger }) => {
      const route = routes().find((r) => r.RouteKey === `${trigger.method} ${trigger.path}`);
      if (trigger.authorized) {
        expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: authorizerRef() });
      } else {
        expect(route?.AuthorizationType).toBe('NONE');
        expect(route?.AuthorizerId).toBeUndefined();
      }
    },
  );

  it('leaves GET /health public', () => {
    const health = routes().find((r) => r.RouteKey === 'GET /health');
    expect(health).toMatchObject({ AuthorizationType: 'NONE' });
    expect(health?.AuthorizerId).toBeUndefined();
  });

  it('trusts tokens of the Cognito user pool issued to its app clients (staff and parties)', () => {
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [ref(synth.stack, synth.stack.identity.client), ref(synth.stack, synth.stack.identity.partiesClient)],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              ref(synth.stack, synth.stack.identity.userPool),
            ],
          ],
        },
      },
    });
  });
});

describe('identity', () => {
  it("has one Cognito group per role, named as the role, one per officers' agency, named agency:<agency> (SPEC §12), and agency_lead for lead officers (SPEC §13)", () => {
    synth.template.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length + AGENCIES.length + 1);
    for (const groupName of [...ROLES, ...AGENCIES.map((agency) => `agency:${agency}`), 'agency_lead']) {
      synth.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
        GroupName: groupName,
        UserPoolId: ref(synth.stack, synth.stack.identity.userPool),
      });
    }
  });

  // Who may sign themselves up (parties only) and how: identity-parties.test.ts.
  it('lets people sign themselves up, signs in by email, demands strong passwords and is retained', () => {
    synth.template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        UsernameAttributes: ['email'],
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
      DeletionPolicy: 'Retain',
    });
  });
});

describe('permissions (derived from the topology uses)', () => {
  const readers = functions.filter((f) => f.uses.table === 'read');
  const tableUsers = functions.filter((f) => f.uses.table !== 'none');
  const writers = functions.filter((f) => f.uses.table === 'readwrite');

  /**
   * The actions IAM accepts only on "*": X-Ray's two (every function traces), SNS Publish straight to a
   * phone number (the notifier's SMS), and ListStreams (a stream trigger's event source).
   */
  const unscopedActionsOf = (spec: (typeof functions)[number]): string[] =>
    [
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
      ...(spec.uses.notices === 'send' ? ['sns:Publish'] : []),
      ...(spec.triggers.some((t) => t.kind === 'stream') ? ['dynamodb:ListStreams'] : []),
    ].sort();

  it('no policy of the stack names the resource "*", except for the actions that have no resource-level permissions', () => {
    const statements = resourcesOfType(synth, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties?.PolicyDocument.Statement as Parameters<typeof actionsOf>[0][],
    );
    const unscoped = statements.filter((s) => resourcesOf(s).includes('*'));
    expect(unscoped.length).toBe(functions.length);
    expect(unscoped.map((s) => actionsOf(s).sort()).sort()).toEqual(functions.map(unscopedActionsOf).sort());
  });

  it('the functions\' policies name no wildcard at all, in resources or actions, except X-Ray\'s "*"', () => {
    const statements = functions.flatMap((f) => statementsOfRole(synth, fnOf(f).role!));
    expect(statements.length).toBeGreaterThan(0);
    const wildcard = statements.filter((s) => resourcesOf(s).some((r) => typeof r === 'string' && r.includes('*')));
    expect(wildcard.length).toBe(functions.length); // one per role: tracing (and what else has no resource to name)
    for (const statement of wildcard) expect(resourcesOf(statement)).toEqual(['*']);
    expect(wildcard.map((s) => actionsOf(s).sort()).sort()).toEqual(functions.map(unscopedActionsOf).sort());
    // Nor a wildcard hidden in a built ARN (e.g. `<table>/index/*`).
    const joined = statements.flatMap(resourcesOf).filter((r) => typeof r !== 'string');
    expect(JSON.stringify(joined)).not.toMatch(/\*/);
    expect(statements.flatMap(actionsOf).filter((a) => a.endsWith('*'))).toEqual([]);
  });

  it.each(functions)('$name may not Scan, bulk-write or manage the table', (spec) => {
    const actions = statementsOfRole(synth, fnOf(spec).role!).flatMap(actionsOf);
    for (const action of DYNAMODB_NEVER) expect(actions).not.toContain(action);
  });

  it('the topology has both table readers and writers, so the checks below are not vacuous', () => {
    expect(readers.length).toBeGreaterThan(0);
    expect(writers.length).toBeGreaterThan(0);
  });

  /** The ARN of a topology index, as the stack builds it: named, never `index/*`. */
  const indexArn = (name: string) => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':dynamodb:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        ':table/',
        ref(synth.stack, synth.stack.table),
        `/index/${name}`,
      ],
    ],
  });

  it.each(tableUsers)('$name reads the table and each topology index by name', (spec) => {
    const role = fnOf(spec).role!;
    const expected = [arnOf(synth.stack, synth.stack.table), ...table.indexes.map((index) => indexArn(index.name))];
    for (const read of DYNAMODB_READS) {
      const allowed = resourcesAllowed(synth, role, read);
      expect(allowed).toHaveLength(expected.length);
      expect(allowed).toEqual(expect.arrayContaining(expected));
    }
  });

  // Behind an authenticated route a reader still counts its caller's requests (RATE#): iam.test.ts
  // checks every function's write condition against the prefixes the topology declares.
  it.each(readers)("$name cannot write the table, but for its callers' rate-limit items", (spec) => {
    const writes = statementsOfRole(synth, fnOf(spec).role!).filter((s) => actionsOf(s).some((a) => DYNAMODB_WRITES.includes(a)));
    for (const statement of writes) {
      expect((statement as { Condition?: unknown }).Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] },
      });
    }
  });

  it.each(writers)('$name may write the table (items only: not its indexes, which are never written)', (spec) => {
    const role = fnOf(spec).role!;
    for (const write of DYNAMODB_WRITES) {
      expect(resourcesAllowed(synth, role, write)).toEqual([arnOf(synth.stack, synth.stack.table)]);
    }
  });

  it.each(functions)('$name may send to exactly the queues it uses (and a stream trigger’s failure queue)', (spec) => {
    const allowed = resourcesAllowed(synth, fnOf(spec).role!, 'sqs:SendMessage');
    const expected = [
      ...sendsToOf(spec).map((id) => arnOf(synth.stack, queueOf(id).queue)),
      ...onFailureDlqsOf(spec).map((id) => arnOf(synth.stack, queueOf(id).dlq)),
    ];
    expect(allowed).toHaveLength(expected.length);
    expect(allowed).toEqual(expect.arrayContaining(expected));
  });

  it.each(queueTriggers.map(({ spec, trigger }) => ({ name: spec.name, spec, queue: trigger.queue })))(
    '$name may receive and delete messages of $queue',
    ({ spec, queue }) => {
      const role = fnOf(spec).role!;
      const queueArn = arnOf(synth.stack, queueOf(queue).queue);
      expect(resourcesAllowed(synth, role, 'sqs:ReceiveMessage')).toContainEqual(queueArn);
      expect(resourcesAllowed(synth, role, 'sqs:DeleteMessage')).toContainEqual(queueArn);
    },
  );
});

describe('dead-letter access (derived from uses.deadLetters)', () => {
  const sqsActionsOn = (spec: FunctionSpec, arn: unknown): string[] =>
    statementsOfRole(synth, fnOf(spec).role!)
      .filter((s) => s.Effect === 'Allow' && resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(arn)))
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('sqs:'));
  const dlqArns = () => queues.map(({ id }) => arnOf(synth.stack, queueOf(id).dlq));
  const sourceArns = () => queues.map(({ id }) => arnOf(synth.stack, queueOf(id).queue));
  const lookers = functions.filter((f) => f.uses.deadLetters === 'read');
  const redrivers = functions.filter((f) => f.uses.deadLetters === 'redrive');
  const others = functions.filter((f) => !f.uses.deadLetters);

  it('the topology has a function of each kind, so the checks below are not vacuous', () => {
    expect(lookers.length).toBeGreaterThan(0);
    expect(redrivers.length).toBeGreaterThan(0);
  });

  it.each(lookers)('$name may look into every DLQ (receive, depth) but not delete, hide or send', (spec) => {
    for (const arn of dlqArns()) {
      expect(sqsActionsOn(spec, arn).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
    }
    for (const arn of sourceArns()) expect(sqsActionsOn(spec, arn)).toEqual([]);
  });

  it.each(redrivers)('$name may consume every DLQ and send to every source queue, nothing more', (spec) => {
    for (const arn of dlqArns()) {
      const actions = sqsActionsOn(spec, arn);
      expect(actions).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes']),
      );
      expect(actions).not.toContain('sqs:SendMessage');
    }
    for (const arn of sourceArns()) {
      const actions = sqsActionsOn(spec, arn);
      expect(actions).toContain('sqs:SendMessage');
      expect(actions).not.toContain('sqs:ReceiveMessage');
      expect(actions).not.toContain('sqs:DeleteMessage');
    }
  });

  it.each(others)('$name has no access to any DLQ and no DLQ URL (but sending a failed stream batch’s record to its trigger’s)', (spec) => {
    const failureQueues = onFailureDlqsOf(spec).map((id) => JSON.stringify(arnOf(synth.stack, queueOf(id).dlq)));
    for (const arn of dlqArns()) {
      // The event source mapping sends what a given-up batch pointed at with the function's role.
      if (failureQueues.includes(JSON.stringify(arn)))
        expect(sqsActionsOn(spec, arn)).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
      else expect(sqsActionsOn(spec, arn)).toEqual([]);
    }
    const variables = Object.keys(propertiesOf(fnOf(spec)).Environment?.Variables ?? {});
    for (const { id } of queues) expect(variables).not.toContain(dlqUrlEnv(id));
  });
});

describe('outputs', () => {
  it('name the API URL, table, user pool, app client and every queue', () => {
    const outputs = synth.template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'TableName', 'UserPoolId', 'UserPoolClientId']));
    expect(outputs.TableName?.Value).toEqual(ref(synth.stack, synth.stack.table));
    for (const { id } of queues) {
      expect(outputs[`${pascal(id)}QueueUrl`]?.Value).toEqual(ref(synth.stack, queueOf(id).queue));
      expect(outputs[`${pascal(id)}DlqUrl`]?.Value).toEqual(ref(synth.stack, queueOf(id).dlq));
    }
  });
});
