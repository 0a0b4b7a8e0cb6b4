// Starts the local runtime for a bench section in a child process (bench/runtime-child.ts), so the
// load generator and the system under test do not share one event loop, and gives the section
// what it needs: the URL, direct SDK clients for the floor, tokens, and the meter's counts.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/dynamodb.ts';
import { localJwt, type LocalJwt } from '#infra/local/jwt.ts';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { ChildOptions } from './runtime-child.ts';
import type { MeterCounts } from './meter.ts';

export interface BenchRuntime extends Pick<LocalRuntime, 'dynamodbEndpoint' | 'sqsEndpoint' | 'tableName' | 'queues' | 'dlqs' | 'dataDir'> {
  url: string;
  /** The runtime's mailbox (notices). */
  smtpUrl: string;
  /** Straight to DynamoDB Local / the SQS emulator: the floor, preloading, and reading results. */
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  jwt: LocalJwt;
  token(role: string, sub: string): Promise<string>;
  counts(): Promise<{ dynamodb: MeterCounts; sqs: MeterCounts }>;
  /** The last error lines the functions logged (at most 10). */
  errorLog(): string[];
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

export async function startBenchRuntime(options: Partial<ChildOptions> = {}): Promise<BenchRuntime> {
  const childOptions: ChildOptions = { meter: false, schedules: true, inMemory: true, ...options };
  const child = fork(fileURLToPath(new URL('./runtime-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_RUNTIME: JSON.stringify(childOptions) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  // The functions' JSON log lines: only errors are kept, to explain a failed request.
  const errors: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!/"level":"(error|ERROR)"/.test(line)) continue;
      errors.push(line.slice(0, 1500));
      if (errors.length > 10) errors.shift();
    }
  });
  const ready = await new Promise<Record<string, any>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench runtime not ready in 120 s:\n${stderr}`)), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench runtime exited (${code}):\n${stderr}`));
    });
    child.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
  const aws = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...aws, endpoint: ready.dynamodbEndpoint, maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const sqs = new SQSClient({ ...aws, endpoint: ready.sqsEndpoint, maxAttempts: 3, useQueueUrlAsEndpoint: false });
  const jwt = await localJwt(ready.dataDir);
  const tokens = new Map<string, Promise<string>>();
  return {
    url: ready.httpUrl,
    dynamodbEndpoint: ready.dynamodbEndpoint,
    sqsEndpoint: ready.sqsEndpoint,
    tableName: ready.tableName,
    queues: ready.queues,
    dlqs: ready.dlqs,
    smtpUrl: ready.smtpUrl,
    dataDir: ready.dataDir,
    db,
    sqs,
    jwt,
    token(role, sub) {
      const key = `${role}/${sub}`;
      let token = tokens.get(key);
      if (!token) {
        token = jwt.signToken({ role, sub, ttlSeconds: 3 * 3600 });
        tokens.set(key, token);
      }
      return token;
    },
    errorLog: () => [...errors],
    counts() {
      return new Promise((resolve) => {
        const onMessage = (m: any) => {
          if (m?.type !== 'counts') return;
          child.off('message', onMessage);
          resolve({ dynamodb: m.dynamodb, sqs: m.sqs });
        };
        child.on('message', onMessage);
        child.send({ type: 'counts' });
      });
    },
    async stop() {
      db.destroy();
      sqs.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      children.delete(child);
    },
  };
}
