// The AWS stack, built by iterating infra/topology.ts: nothing here names a particular function,
// queue or route. A new entry in the topology appears here without a change to this file.

import { CfnOutput, Duration, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { functions, type FunctionSpec, type QueueId, type Trigger } from '#infra/topology.ts';
import { casesApi, type CasesApi } from './api.ts';
import { deploymentContext } from './context.ts';
import { bindQueue, bindTable, caseFunction } from './functions.ts';
import { identity, type Identity } from './identity.ts';
import { pascal } from './names.ts';
import { caseQueues, type QueuePair } from './queues.ts';
import { casesTable } from './table.ts';

export interface CasesStackProps extends StackProps {
  /** Deployment name (`dev`, `prod`, …), tagged on every resource. */
  envName: string;
}

export class CasesStack extends Stack {
  readonly table: Table;
  readonly queues: ReadonlyMap<QueueId, QueuePair>;
  readonly functions: ReadonlyMap<string, NodejsFunction>;
  readonly identity: Identity;
  readonly api: CasesApi;

  constructor(scope: Construct, id: string, props: CasesStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'ankang-ip-cases');
    Tags.of(this).add('env', props.envName);

    const context = deploymentContext(this);
    this.table = casesTable(this);
    const queues = caseQueues(this);
    this.queues = queues;
    this.identity = identity(this, context);
    this.api = casesApi(this, {
      jwt: { issuer: this.identity.jwtIssuer, audience: this.identity.jwtAudience },
      ...(context.corsOrigins ? { corsOrigins: context.corsOrigins } : {}),
    });

    const built = new Map<string, NodejsFunction>();
    for (const spec of functions) {
      if (built.has(spec.name)) throw new Error(`infra/topology.ts: function name "${spec.name}" is used twice`);
      const fn = caseFunction(this, spec);
      bindTable(fn, this.table, spec.uses.table);
      for (const queueId of spec.uses.sendsTo) bindQueue(fn, queueId, queueOf(queues, queueId, spec).queue);
      spec.triggers.forEach((trigger, index) => this.wire(fn, spec, trigger, index));
      built.set(spec.name, fn);
    }
    this.functions = built;

    this.outputs();
  }

  private wire(fn: NodejsFunction, spec: FunctionSpec, trigger: Trigger, index: number): void {
    switch (trigger.kind) {
      case 'http':
        this.api.addRoute(spec.name, fn, trigger);
        return;
      case 'queue':
        fn.addEventSource(
          new SqsEventSource(queueOf(this.queues, trigger.queue, spec).queue, {
            batchSize: trigger.batchSize,
            ...(trigger.maxBatchingWindowSeconds > 0
              ? { maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds) }
              : {}),
            reportBatchItemFailures: true,
          }),
        );
        return;
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
    new CfnOutput(this, 'ApiUrl', { value: this.api.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'JwtIssuer', { value: this.identity.jwtIssuer });
    for (const [queueId, { queue, dlq }] of this.queues) {
      new CfnOutput(this, `${pascal(queueId)}QueueUrl`, { value: queue.queueUrl });
      new CfnOutput(this, `${pascal(queueId)}DlqUrl`, { value: dlq.queueUrl });
    }
  }
}

function queueOf(queues: ReadonlyMap<QueueId, QueuePair>, id: QueueId, spec: FunctionSpec): QueuePair {
  const pair = queues.get(id);
  if (!pair) throw new Error(`infra/topology.ts: function "${spec.name}" uses queue "${id}", which is not declared`);
  return pair;
}
