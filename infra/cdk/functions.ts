// How one topology function becomes a Lambda function: runtime, architecture, bundling and log group
// are set here once for all of them; what a function may touch is bound through `bindTable`,
// `bindQueue` and `bindDeadLetters`, which set the environment variable and the IAM grant together,
// so the two never drift.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLE_NAME_ENV, dlqUrlEnv, queueUrlEnv, queues, type FunctionSpec, type QueueId } from '#infra/topology.ts';
import { dlqId, pascal } from './names.ts';

/** The repository root: topology entries are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** ESM bundles have no `require`; some CommonJS dependencies call it, so define it before they run. */
const requireShim = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export function caseFunction(scope: Construct, spec: FunctionSpec): NodejsFunction {
  const id = pascal(spec.name);
  const entry = resolve(repoRoot, spec.entry);
  if (!existsSync(entry)) {
    throw new Error(`Function "${spec.name}": handler module ${spec.entry} does not exist (infra/topology.ts)`);
  }
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    // Logs are records of who did what to a case; keep them if the stack goes away.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const fn = new NodejsFunction(scope, id, {
    entry,
    handler: 'handler',
    description: `${spec.name} (${spec.entry})`,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    timeout: Duration.seconds(spec.timeoutSeconds),
    memorySize: spec.memoryMb,
    logGroup,
    projectRoot: repoRoot,
    depsLockFilePath: join(repoRoot, 'package-lock.json'),
    environment: { NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: requireShim,
      minify: true,
      sourceMap: true,
      charset: Charset.UTF8,
      // Bundled SDK: pinned versions, and it imports faster than the runtime's copy (TOOLCHAIN.md).
      bundleAwsSDK: true,
      externalModules: [],
      forceDockerBundling: false,
      logLevel: LogLevel.WARNING,
    },
  });
  bindDeadLetters(scope, fn, spec.uses.deadLetters);
  return fn;
}

export function bindTable(fn: NodejsFunction, table: ITable, access: FunctionSpec['uses']['table']): void {
  fn.addEnvironment(TABLE_NAME_ENV, table.tableName);
  if (access === 'readwrite') table.grantReadWriteData(fn);
  else table.grantReadData(fn);
}

export function bindQueue(fn: NodejsFunction, id: QueueId, queue: IQueue): void {
  fn.addEnvironment(queueUrlEnv(id), queue.queueUrl);
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
    fn.addEnvironment(dlqUrlEnv(spec.id), dlq.queueUrl);
    if (access === 'read') {
      dlq.grant(fn, 'sqs:ReceiveMessage', 'sqs:GetQueueAttributes');
      continue;
    }
    dlq.grantConsumeMessages(fn);
    bindQueue(fn, spec.id, builtQueue(scope, spec.id));
  }
}
