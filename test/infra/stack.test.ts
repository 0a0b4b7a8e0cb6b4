// What the AWS stack must be, read from infra/topology.ts: every expectation below is derived from
// the topology, so a new function, queue, route or index is checked without editing this file.

import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '#domain/model.ts';
import { pascal } from '#infra/cdk/names.ts';
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

const DYNAMODB_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

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
    const expected = table.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
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
  it('are exactly the topology functions', () => {
    synth.template.resourceCountIs('AWS::Lambda::Function', functions.length);
    expect([...synth.stack.functions.keys()].sort()).toEqual(functions.map((f) => f.name).sort());
  });

  it.each(functions)('$name runs on Node.js 22, arm64, with the topology timeout and memory', (spec) => {
    expect(propertiesOf(fnOf(spec))).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: spec.timeoutSeconds,
      MemorySize: spec.memoryMb,
    });
  });

  it.each(functions)('$name learns the table name, exactly the queue URLs it sends to, and the DLQ URLs if it uses dead letters', (spec) => {
    const expected: Record<string, unknown> = {
      NODE_OPTIONS: '--enable-source-maps',
      [TABLE_NAME_ENV]: ref(synth.stack, synth.stack.table),
    };
    for (const id of sendsToOf(spec)) expected[queueUrlEnv(id)] = ref(synth.stack, queueOf(id).queue);
    if (spec.uses.deadLetters) for (const { id } of queues) expected[dlqUrlEnv(id)] = ref(synth.stack, queueOf(id).dlq);
    expect(propertiesOf(fnOf(spec)).Environment).toEqual({ Variables: expected });
  });

  it.each(functions)('$name logs to its own log group, kept for a month', (spec) => {
    const logGroupRef = propertiesOf(fnOf(spec)).LoggingConfig?.LogGroup as { Ref: string };
    const logGroup = synth.resources[logGroupRef.Ref];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup?.Properties?.RetentionInDays).toBe(30);
  });

  it('each queue trigger is an event source mapping that reports partial batch failures', () => {
    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', queueTriggers.length);
    for (const { spec, trigger } of queueTriggers) {
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: ref(synth.stack, fnOf(spec)),
        EventSourceArn: arnOf(synth.stack, queueOf(trigger.queue).queue),
        BatchSize: trigger.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumBatchingWindowInSeconds:
          trigger.maxBatchingWindowSeconds > 0 ? trigger.maxBatchingWindowSeconds : Match.absent(),
      });
    }
  });

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
    expect(routes().map((r) => r.RouteKey).sort()).toEqual(
      httpTriggers.map(({ trigger }) => `${trigger.method} ${trigger.path}`).sort(),
    );
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

  it('trusts tokens of the Cognito user pool issued to its app client', () => {
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [ref(synth.stack, synth.stack.identity.client)],
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
  it('has one Cognito group per role, named as the role', () => {
    synth.template.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
    for (const role of ROLES) {
      synth.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
        GroupName: role,
        UserPoolId: ref(synth.stack, synth.stack.identity.userPool),
      });
    }
  });

  it('lets no one sign themselves up, signs in by email, demands strong passwords and is retained', () => {
    synth.template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
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
  const writers = functions.filter((f) => f.uses.table === 'readwrite');

  it('grant no DynamoDB or SQS action on every resource (*)', () => {
    const statements = resourcesOfType(synth, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties?.PolicyDocument.Statement as Parameters<typeof actionsOf>[0][],
    );
    expect(statements.length).toBeGreaterThan(0);
    const wildcard = statements.filter(
      (s) => actionsOf(s).some((a) => /^(dynamodb|sqs):/.test(a)) && resourcesOf(s).includes('*'),
    );
    expect(wildcard).toEqual([]);
  });

  it('the topology has both table readers and writers, so the checks below are not vacuous', () => {
    expect(readers.length).toBeGreaterThan(0);
    expect(writers.length).toBeGreaterThan(0);
  });

  it.each(readers)('$name reads the table and its indexes but cannot write', (spec) => {
    const role = fnOf(spec).role!;
    const tableArn = arnOf(synth.stack, synth.stack.table);
    expect(resourcesAllowed(synth, role, 'dynamodb:Query')).toEqual(
      expect.arrayContaining([tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }]),
    );
    const actions = statementsOfRole(synth, role).flatMap(actionsOf);
    for (const write of DYNAMODB_WRITES) expect(actions).not.toContain(write);
  });

  it.each(writers)('$name may write the table', (spec) => {
    const role = fnOf(spec).role!;
    for (const write of DYNAMODB_WRITES) {
      expect(resourcesAllowed(synth, role, write)).toContainEqual(arnOf(synth.stack, synth.stack.table));
    }
  });

  it.each(functions)('$name may send to exactly the queues it uses', (spec) => {
    const allowed = resourcesAllowed(synth, fnOf(spec).role!, 'sqs:SendMessage');
    const expected = sendsToOf(spec).map((id) => arnOf(synth.stack, queueOf(id).queue));
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

  it.each(others)('$name has no access to any DLQ and no DLQ URL', (spec) => {
    for (const arn of dlqArns()) expect(sqsActionsOn(spec, arn)).toEqual([]);
    const variables = Object.keys(propertiesOf(fnOf(spec)).Environment?.Variables ?? {});
    for (const { id } of queues) expect(variables).not.toContain(dlqUrlEnv(id));
  });
});

describe('outputs', () => {
  it('name the API URL, table, user pool, app client and every queue', () => {
    const outputs = synth.template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['ApiUrl', 'TableName', 'UserPoolId', 'UserPoolClientId']),
    );
    expect(outputs.TableName?.Value).toEqual(ref(synth.stack, synth.stack.table));
    for (const { id } of queues) {
      expect(outputs[`${pascal(id)}QueueUrl`]?.Value).toEqual(ref(synth.stack, queueOf(id).queue));
      expect(outputs[`${pascal(id)}DlqUrl`]?.Value).toEqual(ref(synth.stack, queueOf(id).dlq));
    }
  });
});
