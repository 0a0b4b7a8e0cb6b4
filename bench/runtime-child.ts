// The local runtime in a process of its own for the bench (like `npm start`, but on a free port, a
// fresh data directory, quiet, and with endpoints reported over IPC). With `meter`, the functions
// reach DynamoDB and SQS through counting proxies (bench/meter.ts); without `schedules`, the
// reconcile and sweep timers are left out so that nothing but the measured case touches the table.
// Options arrive as JSON in BENCH_RUNTIME.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { defaultTopology, type Topology } from '#infra/local/topology.ts';
import { startMeter, type Meter } from './meter.ts';

export interface ChildOptions {
  meter: boolean;
  schedules: boolean;
  inMemory: boolean;
}

export type ChildRequest = { type: 'counts' } | { type: 'stop' };

const options = JSON.parse(process.env.BENCH_RUNTIME ?? '{}') as ChildOptions;
const dataDir = mkdtempSync(join(tmpdir(), 'akip-bench-'));

const topology: Topology = options.schedules
  ? defaultTopology
  : { ...defaultTopology, functions: defaultTopology.functions.filter((fn) => !fn.triggers.some((t) => t.kind === 'schedule')) };

const quiet = (level: string, message: string, fields: Record<string, unknown> = {}) => {
  if (level === 'error') process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
};

// The load comes from one address: the edge's per-address limit would cap what is measured. The
// per-caller limit stays on (the bench spreads its load over many users), as it is in AWS.
const runtime = await startLocalRuntime({
  port: 0,
  dataDir,
  inMemory: options.inMemory,
  topology,
  recoverAtStart: false,
  log: quiet,
  addressRateLimit: false,
});
let meters: { dynamodb: Meter; sqs: Meter } | undefined;
if (options.meter) {
  meters = { dynamodb: await startMeter(runtime.dynamodbEndpoint, 'dynamodb'), sqs: await startMeter(runtime.sqsEndpoint, 'sqs') };
  // No handler has run yet (no start-up recovery, no schedules), so the SDK clients the functions
  // create on first use pick these endpoints up.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = meters.dynamodb.url;
  process.env.AWS_ENDPOINT_URL_SQS = meters.sqs.url;
}

process.on('message', (message: ChildRequest) => {
  if (message.type === 'counts') {
    process.send?.({ type: 'counts', dynamodb: meters?.dynamodb.counts() ?? null, sqs: meters?.sqs.counts() ?? null });
  } else if (message.type === 'stop') {
    void (async () => {
      await meters?.dynamodb.close();
      await meters?.sqs.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  }
});

process.send?.({
  type: 'ready',
  httpUrl: runtime.httpUrl,
  dynamodbEndpoint: runtime.dynamodbEndpoint,
  sqsEndpoint: runtime.sqsEndpoint,
  tableName: runtime.tableName,
  queues: runtime.queues,
  dlqs: runtime.dlqs,
  smtpUrl: runtime.mailbox.url,
  dataDir,
  dynamodbPid: runtime.dynamodbPid,
});
