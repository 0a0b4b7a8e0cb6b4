// How one topology function becomes a Lambda function: runtime, architecture, bundling, logging,
// tracing and role are set here once for all of them; what a function may touch is bound through
// `bindTable`, `bindQueue` and `bindDeadLetters`, which set the environment variable and the IAM
// grant together, so the two never drift. Each function gets its own role with nothing in it but
// writing to its own log group; every other permission comes from its `uses` in the topology.

import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_CHECK_ENV, REQUIRED_ENV } from '#lib/config.ts';
import { TABLE_NAME_ENV, dlqUrlEnv, queueUrlEnv, queues, table as tableSpec, type FunctionSpec, type QueueId } from '#infra/topology.ts';
import type { EnvironmentProfile } from './environments.ts';
import { dlqId, pascal } from './names.ts';

/** The repository root: topology entries are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** ESM bundles have no `require`; some CommonJS dependencies call it, so define it before they run. */
const requireShim = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * The DynamoDB actions of each table access level: exactly the operations functions/lib performs
 * (Get, BatchGet, Query; Put, Update, Delete, and TransactWrite, which is authorised as its parts
 * plus ConditionCheckItem). No Scan (no request path scans), no BatchWriteItem (unused), no
 * table management.
 */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
} as const;

export function caseFunction(scope: Construct, spec: FunctionSpec, profile: EnvironmentProfile): NodejsFunction {
  const id = pascal(spec.name);
  const entry = resolve(repoRoot, spec.entry);
  if (!existsSync(entry)) {
    throw new Error(`Function "${spec.name}": handler module ${spec.entry} does not exist (infra/topology.ts)`);
  }
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: profile.logRetention,
    // prod: logs are records of who did what to a case; keep them if the stack goes away.
    removalPolicy: profile.logRemovalPolicy,
  });
  // Its own role, not the AWS managed AWSLambdaBasicExecutionRole (logs:* on every log group).
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `${spec.name}: its log group, tracing, and what infra/topology.ts says it uses`,
  });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    entry,
    handler: 'handler',
    description: `${spec.name} (${spec.entry})`,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    timeout: Duration.seconds(spec.timeoutSeconds),
    memorySize: spec.memoryMb,
    role,
    logGroup,
    // functions/lib/log.ts writes one JSON object per line; JSON format makes Lambda's own
    // START/END/REPORT lines JSON too, so one Logs Insights query reads them all.
    loggingFormat: LoggingFormat.JSON,
    systemLogLevelV2: SystemLogLevel.INFO,
    // X-Ray active tracing: one property, no layer, no code. It records every invocation — the
    // init phase (cold starts), the handler's duration, errors — and links an SQS consumer's trace
    // to the sender's through the message's AWSTraceHeader, so a complaint's way from submit to
    // triage to path intake shows on one service map. It does not break a request into SDK calls
    // (that needs the X-Ray SDK or an OpenTelemetry layer in the bundle, which costs cold-start time
    // and a dependency for detail we can get from the logs). HTTP APIs themselves send no traces.
    // OpenTelemetry (ADOT) was not chosen: a layer and a collector extension per function, slower
    // cold starts, and the same X-Ray permissions in the end.
    tracing: Tracing.ACTIVE,
    projectRoot: repoRoot,
    depsLockFilePath: join(repoRoot, 'package-lock.json'),
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      LOG_LEVEL: profile.logLevel,
      // Validate the environment while the function initialises (functions/lib/config.ts): a
      // misconfigured deployment fails its first invocation at init, loudly, not halfway through a request.
      [CONFIG_CHECK_ENV]: 'init',
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: requireShim,
      minify: true,
      sourceMap: true,
      charset: Charset.UTF8,
      // Bundled SDK: pinned versions, tree-shaken by esbuild, and it imports faster than the
      // runtime's copy (TOOLCHAIN.md).
      bundleAwsSDK: true,
      externalModules: [],
      forceDockerBundling: false,
      logLevel: LogLevel.WARNING,
    },
  });
  // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions: `*` is the
  // only resource IAM accepts for them. Acknowledged for exactly that finding, on this role only.
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) use "*": X-Ray supports no resource-level permissions for them.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 on purpose: the runtime this code and its pinned dependencies (middy 6, vitest 4, TOOLCHAIN.md) are built and tested for, supported by Lambda into 2027. Moving to 24 is a tested upgrade of the whole repository, not a stack setting.',
  });
  bindDeadLetters(scope, fn, spec.uses.deadLetters);
  return fn;
}

/** The table and each of its indexes by name (no `index/*` wildcard), from the topology. */
function tableArns(table: Table): { tableArn: string; indexArns: string[] } {
  const stack = Stack.of(table);
  const indexArns = tableSpec.indexes.map((index) => stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: `${table.tableName}/index/${index.name}` }));
  return { tableArn: table.tableArn, indexArns };
}

const requiredEnv = new WeakMap<NodejsFunction, Set<string>>();

/** Sets a variable the function cannot work without, and lists it in REQUIRED_ENV for the init check. */
function bindEnv(fn: NodejsFunction, name: string, value: string): void {
  fn.addEnvironment(name, value);
  const names = requiredEnv.get(fn) ?? new Set<string>();
  requiredEnv.set(fn, names.add(name));
  fn.addEnvironment(REQUIRED_ENV, [...names].sort().join(','));
}

export function bindTable(fn: NodejsFunction, table: Table, access: FunctionSpec['uses']['table']): void {
  if (access === 'none') return;
  bindEnv(fn, TABLE_NAME_ENV, table.tableName);
  const { tableArn, indexArns } = tableArns(table);
  fn.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS.read], resources: [tableArn, ...indexArns] }));
  if (access === 'readwrite') fn.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS.write], resources: [tableArn] }));
}

export function bindQueue(fn: NodejsFunction, id: QueueId, queue: IQueue): void {
  bindEnv(fn, queueUrlEnv(id), queue.queueUrl);
  queue.grantSendMessages(fn);
}

/** A topology queue (or its DLQ) built by `caseQueues` in the same scope, found by its construct id. */
function builtQueue(scope: Construct, id: string): IQueue {
  const queue = scope.node.tryFindChild(id);
  if (!(queue instanceof Queue)) throw new Error(`queue "${id}" must be built (caseQueues) before the functions that use it`);
  return queue;
}

/**
 * `uses.deadLetters`: every dead-letter queue's URL in `<QUEUE>_DLQ_URL`, and least privilege on
 * them. `read` may only look (ReceiveMessage with visibility timeout 0, GetQueueAttributes for the
 * depth): it cannot delete or hide a message. `redrive` may consume the DLQs and send to every
 * source queue (whose URL it learns like any queue it sends to).
 */
export function bindDeadLetters(scope: Construct, fn: NodejsFunction, access: FunctionSpec['uses']['deadLetters']): void {
  if (!access) return;
  for (const spec of queues) {
    const dlq = builtQueue(scope, dlqId(spec.id));
    bindEnv(fn, dlqUrlEnv(spec.id), dlq.queueUrl);
    if (access === 'read') {
      dlq.grant(fn, 'sqs:ReceiveMessage', 'sqs:GetQueueAttributes');
      continue;
    }
    dlq.grantConsumeMessages(fn);
    bindQueue(fn, spec.id, builtQueue(scope, spec.id));
  }
}
