// Operations: an alarm on every dead-letter queue, stalled queue, function (errors, throttles) and
// on the API (5xx, p99 latency), all notifying one encrypted SNS topic (e-mail from context); a
// dashboard of the same; the API's access log. Dev and prod stacks in one app: one synth.

import { Match, Template } from 'aws-cdk-lib/assertions';
import { Subscription } from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { CasesStack } from '#infra/cdk/stack.ts';
import { alarmThresholds } from '#infra/cdk/operations.ts';
import { functions, queues } from '#infra/topology.ts';
import { arnOf, logicalId, PROD_CONTEXT, ref, testApp, type CfnResource } from './synth.ts';
import { pascal } from '#infra/cdk/names.ts';

interface Built {
  stack: CasesStack;
  template: Template;
  resources: Record<string, CfnResource>;
}

let dev: Built;
let prod: Built;

beforeAll(() => {
  const app = testApp(PROD_CONTEXT, { validate: false });
  const stacks = [
    new CasesStack(app, 'AnkangIpCases-dev', { envName: 'dev' }),
    new CasesStack(app, 'AnkangIpCases-prod', { envName: 'prod' }),
  ];
  [dev, prod] = stacks.map((stack) => {
    const template = Template.fromStack(stack);
    return { stack, template, resources: template.toJSON().Resources as Record<string, CfnResource> };
  }) as [Built, Built];
}, 120_000);

const alarms = (b: Built) =>
  Object.values(b.resources)
    .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .map((r) => r.Properties!);
const topicRef = (b: Built) => ref(b.stack, b.stack.operations.topic);
const alarmOn = (b: Built, metric: string, dimension: { Name: string; Value: unknown }) =>
  alarms(b).filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions) === JSON.stringify([dimension]));

describe('alarms', () => {
  it('there is one per dead-letter queue, per stalled queue, per function errors and throttles, and two on the API', () => {
    expect(alarms(dev)).toHaveLength(queues.length * 2 + functions.length * 2 + 2);
  });

  it('every alarm notifies the alarm topic when it fires and when it clears, and no data is not a breach', () => {
    for (const alarm of alarms(dev)) {
      expect(alarm.AlarmActions).toEqual([topicRef(dev)]);
      expect(alarm.OKActions).toEqual([topicRef(dev)]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmName).toMatch(/^AnkangIpCases-dev /);
    }
  });

  it.each(queues)('$id: any message in its dead-letter queue fires within a minute', ({ id }) => {
    const dlq = dev.stack.queues.get(id)!.dlq;
    const [alarm] = alarmOn(dev, 'ApproximateNumberOfMessagesVisible', {
      Name: 'QueueName',
      Value: { 'Fn::GetAtt': [logicalId(dev.stack, dlq), 'QueueName'] },
    });
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  });

  it.each(queues)('$id: a message waiting too long (routing stalled) fires', ({ id }) => {
    const queue = dev.stack.queues.get(id)!.queue;
    const [alarm] = alarmOn(dev, 'ApproximateAgeOfOldestMessage', {
      Name: 'QueueName',
      Value: { 'Fn::GetAtt': [logicalId(dev.stack, queue), 'QueueName'] },
    });
    expect(alarm).toMatchObject({ Threshold: alarmThresholds.oldestMessageSeconds, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it.each(functions)('$name: any error or throttle in five minutes fires', ({ name }) => {
    const dimension = { Name: 'FunctionName', Value: ref(dev.stack, dev.stack.functions.get(name)!) };
    for (const metric of ['Errors', 'Throttles']) {
      const found = alarmOn(dev, metric, dimension);
      expect(found, metric).toHaveLength(1);
      expect(found[0]).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('the API: any 5xx fires, and so does a p99 latency above the threshold for 15 minutes', () => {
    const dimension = { Name: 'ApiId', Value: ref(dev.stack, dev.stack.api.api) };
    expect(alarmOn(dev, '5xx', dimension)[0]).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 0 });
    expect(alarmOn(dev, 'Latency', dimension)[0]).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      ExtendedStatistic: 'p99',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: alarmThresholds.apiLatencyP99Ms,
    });
  });
});

describe('the alarm topic', () => {
  it('is encrypted with a rotating key that CloudWatch of this account may use, and refuses non-TLS publishing', () => {
    const topic = dev.resources[logicalId(dev.stack, dev.stack.operations.topic)]!;
    const keyId = (topic.Properties?.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = dev.resources[keyId]!;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect(key.Properties?.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef(dev)],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  it('e-mails the address from context (prod), and has no subscription when none is given (dev)', () => {
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: PROD_CONTEXT.alarmEmail,
      TopicArn: topicRef(prod),
    });
    expect(Object.values(prod.resources).filter((r) => r.Type === 'AWS::SNS::Subscription')).toHaveLength(1);
    expect(prod.stack.operations.topic.node.findAll().filter((c) => c instanceof Subscription)).toHaveLength(1);
    // A dev stack built without the context (construct tree only: no second synth).
    const bare = new CasesStack(testApp(), 'AnkangIpCases-dev', { envName: 'dev' });
    expect(bare.operations.topic.node.findAll().filter((c) => c instanceof Subscription)).toEqual([]);
  });
});

describe('the dashboard', () => {
  it('shows every function, queue, dead-letter queue, the API, the table and the alarms', () => {
    const dashboards = Object.values(dev.resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties?.DashboardBody);
    for (const fn of dev.stack.functions.values()) expect(body).toContain(JSON.stringify(ref(dev.stack, fn)));
    for (const { queue, dlq } of dev.stack.queues.values()) {
      expect(body).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(dev.stack, queue), 'QueueName'] }));
      expect(body).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(dev.stack, dlq), 'QueueName'] }));
    }
    expect(body).toContain(JSON.stringify(ref(dev.stack, dev.stack.api.api)));
    expect(body).toContain(JSON.stringify(ref(dev.stack, dev.stack.table)));
    for (const alarm of dev.stack.operations.alarms) expect(body).toContain(JSON.stringify(arnOf(dev.stack, alarm)));
  });
});

describe('API access log', () => {
  it.each([
    { env: 'dev', built: () => dev, days: 7, deletionPolicy: 'Delete' },
    { env: 'prod', built: () => prod, days: 365, deletionPolicy: 'Retain' },
  ])(
    '$env: one JSON line per request to a log group kept $days days ($deletionPolicy with the stack)',
    ({ built, days, deletionPolicy }) => {
      const b = built();
      const stage = Object.values(b.resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
      const settings = stage.Properties?.AccessLogSettings as { DestinationArn: unknown; Format: string };
      expect(settings.DestinationArn).toEqual(arnOf(b.stack, b.stack.api.accessLogs));
      const format = JSON.parse(settings.Format) as Record<string, string>;
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLatency: '$context.responseLatency',
        sub: '$context.authorizer.claims.sub',
      });
      const logGroup = b.resources[logicalId(b.stack, b.stack.api.accessLogs)]!;
      expect(logGroup.Properties?.RetentionInDays).toBe(days);
      expect(logGroup.DeletionPolicy).toBe(deletionPolicy);
    },
  );
});

describe('outputs', () => {
  it('name the alarm topic, the dashboard and the hosted sign-in domain', () => {
    const outputs = dev.template.findOutputs('*');
    expect(outputs.AlarmTopicArn?.Value).toEqual(topicRef(dev));
    expect(outputs.DashboardName?.Value).toEqual(ref(dev.stack, dev.stack.operations.dashboard));
    expect(JSON.stringify(outputs.SignInDomain?.Value)).toContain(logicalId(dev.stack, dev.stack.identity.domain));
    for (const { id } of queues) expect(outputs[`${pascal(id)}DlqUrl`]).toBeDefined();
  });
});
