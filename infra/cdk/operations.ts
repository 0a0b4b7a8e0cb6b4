// What tells the operators that something is wrong, and where they look: alarms on everything the
// topology builds (dead letters, stuck queues, function errors and throttles, API 5xx and p99
// latency), one SNS topic they all notify, and one dashboard. Built by iterating what the stack
// made from the topology, so a new function or queue gets its alarms without a change here.

import { Aws, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Stats,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { QueueId } from '#infra/topology.ts';
import { pascal } from './names.ts';
import type { QueuePair } from './queues.ts';

/** When an alarm fires. One place, so the README and the tests read the same numbers. */
export const alarmThresholds = {
  /** Any message in a dead-letter queue is a complaint that stopped moving (SPEC §8). */
  deadLetters: 0,
  /** Oldest message in a source queue: routing has stalled when one waits this long. */
  oldestMessageSeconds: 600,
  /** Function errors (failed invocations, incl. init failures) in 5 minutes. */
  functionErrors: 0,
  /** Throttled invocations in 5 minutes: the account or a cap ran out of concurrency. */
  functionThrottles: 0,
  /** API answers 5xx in 5 minutes: SPEC §8 promises bad input never gets one, so any is a fault. */
  api5xx: 0,
  /** API p99 latency, ms, for 3 consecutive 5-minute periods (functions time out at 10–25 s). */
  apiLatencyP99Ms: 3000,
} as const;

export interface OperationsProps {
  api: HttpApi;
  functions: ReadonlyMap<string, IFunction>;
  queues: ReadonlyMap<QueueId, QueuePair>;
  table: Table;
  /** E-mail subscribed to the alarm topic, if any. */
  alarmEmail?: string;
  /** What happens to the topic's key when the stack goes (dev: scheduled for deletion). */
  keyRemovalPolicy: RemovalPolicy;
}

export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    // Encrypted with a key of our own: CloudWatch cannot publish to a topic under the AWS managed
    // SNS key (its key policy does not admit CloudWatch), so the key admits CloudWatch of this account.
    const key = new Key(this, 'AlarmTopicKey', {
      description: `${stackName}: alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy "*" means this key.
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${stackName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);

    for (const [queueId, { queue, dlq }] of props.queues) {
      this.alarm(`${pascal(queueId)}DeadLetters`, `${queueId}: messages in the dead-letter queue`, {
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: Stats.MAXIMUM }),
        threshold: alarmThresholds.deadLetters,
      });
      this.alarm(`${pascal(queueId)}Stalled`, `${queueId}: oldest message waiting over ${alarmThresholds.oldestMessageSeconds} s`, {
        metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }),
        threshold: alarmThresholds.oldestMessageSeconds,
      });
    }
    for (const [name, fn] of props.functions) {
      this.alarm(`${pascal(name)}Errors`, `${name}: invocation errors`, {
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM }),
        threshold: alarmThresholds.functionErrors,
      });
      this.alarm(`${pascal(name)}Throttles`, `${name}: throttled invocations`, {
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: Stats.SUM }),
        threshold: alarmThresholds.functionThrottles,
      });
    }
    this.alarm('Api5xx', 'API: 5xx answers', {
      metric: props.api.metricServerError({ period: Duration.minutes(5), statistic: Stats.SUM }),
      threshold: alarmThresholds.api5xx,
    });
    this.alarm('ApiLatencyP99', `API: p99 latency over ${alarmThresholds.apiLatencyP99Ms} ms`, {
      metric: props.api.metricLatency({ period: Duration.minutes(5), statistic: Stats.p(99) }),
      threshold: alarmThresholds.apiLatencyP99Ms,
      evaluationPeriods: 3,
    });

    this.dashboard = this.buildDashboard(props);
  }

  private alarm(id: string, description: string, options: { metric: IMetric; threshold: number; evaluationPeriods?: number }): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName} ${description}`,
      alarmDescription: description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      // No data is no traffic (or an empty queue), not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }

  private buildDashboard(props: OperationsProps): Dashboard {
    const fns = [...props.functions];
    const queues = [...props.queues];
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) => new GraphWidget({ title, left, right, width: 12, height: 6 });
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }));
    dashboard.addWidgets(
      graph(
        'API requests and errors',
        [props.api.metricCount({ statistic: Stats.SUM })],
        [props.api.metricClientError({ statistic: Stats.SUM }), props.api.metricServerError({ statistic: Stats.SUM })],
      ),
      graph('API latency (p50, p99)', [
        props.api.metricLatency({ statistic: Stats.p(50), label: 'p50' }),
        props.api.metricLatency({ statistic: Stats.p(99), label: 'p99' }),
      ]),
    );
    dashboard.addWidgets(
      graph(
        'Function errors',
        fns.map(([name, fn]) => fn.metricErrors({ statistic: Stats.SUM, label: name })),
      ),
      graph(
        'Function throttles',
        fns.map(([name, fn]) => fn.metricThrottles({ statistic: Stats.SUM, label: name })),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Function duration p99 (ms)',
        fns.map(([name, fn]) => fn.metricDuration({ statistic: Stats.p(99), label: name })),
      ),
      graph(
        'Function invocations',
        fns.map(([name, fn]) => fn.metricInvocations({ statistic: Stats.SUM, label: name })),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Queue depth and oldest message (s)',
        queues.map(([id, { queue }]) => queue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, label: id })),
        queues.map(([id, { queue }]) => queue.metricApproximateAgeOfOldestMessage({ statistic: Stats.MAXIMUM, label: `${id} age` })),
      ),
      graph(
        'Dead letters',
        queues.map(([id, { dlq }]) => dlq.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, label: id })),
      ),
    );
    dashboard.addWidgets(
      graph('Table capacity used', [
        props.table.metricConsumedReadCapacityUnits({ statistic: Stats.SUM, label: 'read units' }),
        props.table.metricConsumedWriteCapacityUnits({ statistic: Stats.SUM, label: 'write units' }),
      ]),
      graph('Table errors', [
        props.table.metricUserErrors({ statistic: Stats.SUM, label: 'user errors (incl. lost races)' }),
        props.table.metricSystemErrorsForOperations({ statistic: Stats.SUM, label: 'system errors' }),
      ]),
    );
    return dashboard;
  }
}
