// How one topology function becomes a Lambda function: runtime, architecture, bundling, logging,
// tracing and role are set here once for all of them; what a function may touch is bound through
// `bindTable`, `bindQueue` and `bindDeadLetters`, which set the environment variable and the IAM
// grant together, so the two never drift. Each function gets its own role with nothing in it but
// writing to its own log group; every other permission comes from its `uses` in the topology.

import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CREDENTIALS_ALIAS, UNUSED_SDK_MODULES } from './bundle-options.ts';
import { CONFIG_CHECK_ENV, CURSOR_SECRET_ARN_ENV, GROUP_ROLES_ENV, REQUIRED_ENV } from '#lib/config.ts';
import {
  TABLE_NAME_ENV,
  dlqUrlEnv,
  queueUrlEnv,
  queues,
  table as tableSpec,
  tableWritesOf,
  type FunctionSpec,
  type QueueId,
} from '#infra/topology.ts';
import type { EnvironmentProfile } from './environments.ts';
import { dlqId, pascal } from './names.ts';

/** The repository root: topology entries are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** ESM bundles have no `require`; some CommonJS dependencies call it, so define it before they run. */
const requireShim = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** How every function of the project is bundled: the topology's and the sign-up triggers (sign-up.ts). */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: requireShim,
  minify: true,
  sourceMap: true,
  charset: Charset.UTF8,
  // Bundled SDK: pinned versions, tree-shaken by esbuild, and it imports faster than the
  // runtime's copy (docs/toolchain.md).
  bundleAwsSDK: true,
  externalModules: [...UNUSED_SDK_MODULES],
  esbuildArgs: { [`--alias:${CREDENTIALS_ALIAS.module}`]: `./${CREDENTIALS_ALIAS.to}` },
  forceDockerBundling: false,
  logLevel: LogLevel.WARNING,
} satisfies BundlingOptions;

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
    // The newest Node.js Lambda offers (cdk-nag's L1 asks for it) and the one CI tests on (.ci/run).
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    timeout: Duration.seconds(spec.timeoutSeconds),
    memorySize: spec.memoryMb,
    role,
    logGroup,
    // functions/lib/log.ts writes one JSON object per line; JSON format makes Lambda's own
    // START/END/REPORT lines JSON too, so one Logs Insights query reads them all.
    loggingFormat: LoggingFormat.JSON,
    systemLogLevelV2: SystemLogLevel.INFO,
    // The function's level lives in its logging configuration, changeable in the console without a
    // deploy of code: Lambda drops finer lines and tells the code through AWS_LAMBDA_LOG_LEVEL
    // (functions/lib/config.ts), so they are not even written.
    applicationLogLevelV2: profile.logLevel === 'debug' ? ApplicationLogLevel.DEBUG : ApplicationLogLevel.INFO,
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
      // Validate the environment while the function initialises (functions/lib/config.ts): a
      // misconfigured deployment fails its first invocation at init, loudly, not halfway through a request.
      [CONFIG_CHECK_ENV]: 'init',
    },
    bundling: FUNCTION_BUNDLING,
  });
  // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions: `*` is the
  // only resource IAM accepts for them. Acknowledged for exactly that finding, on this role only.
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only actions IAM accepts on "*" alone use it: xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing, every function), sns:Publish straight to a phone number (the notifier\'s SMS) and dynamodb:ListStreams (a stream trigger\'s event source).',
  });
  bindDeadLetters(scope, fn, spec.uses.deadLetters);
  return fn;
}

/** The table and each of its indexes by name (no `index/*` wildcard), from the topology. */
function tableArns(table: Table): { tableArn: string; indexArns: string[] } {
  const stack = Stack.of(table);
  const indexArns = tableSpec.indexes.map((index) =>
    stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: `${table.tableName}/index/${index.name}` }),
  );
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

/**
 * Reads of the table and its indexes, and writes of the items whose partition key starts with one of
 * the prefixes the topology gives the function (`tableWritesOf`): IAM checks `dynamodb:LeadingKeys`
 * on every Put, Update, Delete and ConditionCheck — a transaction's parts included — so a function
 * cannot write another kind of item (the dead-letter redrive cannot rewrite a case's timeline).
 */
export function bindTable(fn: NodejsFunction, table: Table, spec: Pick<FunctionSpec, 'uses' | 'triggers'>): void {
  if (spec.uses.table === 'none') return;
  bindEnv(fn, TABLE_NAME_ENV, table.tableName);
  const { tableArn, indexArns } = tableArns(table);
  fn.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS.read], resources: [tableArn, ...indexArns] }));
  const prefixes = tableWritesOf(spec);
  if (prefixes.length === 0) return;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...TABLE_ACTIONS.write],
      resources: [tableArn],
      // ForAllValues: every leading key of the request must match; a write always has exactly one.
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) } },
    }),
  );
}

/** The cursor secret's ARN (read at the first list request) and permission to read that one secret. */
export function bindCursorSecret(fn: NodejsFunction, secret: ISecret): void {
  bindEnv(fn, CURSOR_SECRET_ARN_ENV, secret.secretArn);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
}

/** Another identity provider's group → role map (context `groupRoles`), for the functions that read callers. */
export function bindGroupRoles(fn: NodejsFunction, groupRoles: Readonly<Record<string, string>>): void {
  const sorted = Object.fromEntries(Object.entries(groupRoles).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  bindEnv(fn, GROUP_ROLES_ENV, JSON.stringify(sorted));
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
