// The local emulation of Lambda's DynamoDB Streams event source mapping (infra/local/stream-poller.ts)
// against a real DynamoDB Local: order, filtering, partial batch failures, retries and discards,
// checkpoints across restarts, and turning the stream on for a table made without one. Each test
// has a small table and a checkpoint file of its own; only the handler is a probe.

import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  type AttributeValue as TableAttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '#infra/local/dynamodb.ts';
import type { LogLevel } from '#infra/local/log.ts';
import { enableStream, startStreamPoller, type StreamPoller, type StreamPollerOptions } from '#infra/local/stream-poller.ts';

const JVM_START = 90_000;

let db: DynamoDbLocal;
let workDir: string;
let tableCount = 0;
const running: StreamPoller[] = [];
let logged: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];

beforeAll(async () => {
  db = await startDynamoDbLocal({ inMemory: true, log: () => undefined });
  workDir = mkdtempSync(join(tmpdir(), 'stream-poller-'));
}, JVM_START);

afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
  logged = [];
});

afterAll(async () => {
  await db?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A fresh table (`pk` string key), with a NEW_IMAGE stream unless told otherwise. */
async function createTable(withStream = true): Promise<string> {
  const tableName = `stream-test-${++tableCount}`;
  await db.client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ...(withStream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
    }),
  );
  return tableName;
}

async function put(tableName: string, pk: string, attributes: Record<string, TableAttributeValue> = {}): Promise<void> {
  await db.client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, ...attributes } }));
}

async function putAll(tableName: string, keys: string[]): Promise<void> {
  // One after the other: the stream's order is the order of the writes.
  for (const pk of keys) await put(tableName, pk);
}

/** The `pk` of each record of an event. */
const keysOf = (event: DynamoDBStreamEvent): string[] => event.Records.map((record) => record.dynamodb?.Keys?.pk?.S ?? '?');

type Handler = StreamPollerOptions['handler'];

/** A poller on `tableName` with short waits, stopped after the test; every event it delivers is kept in `events`. */
async function poll(
  tableName: string,
  handler: Handler,
  options: Partial<StreamPollerOptions> = {},
): Promise<{ poller: StreamPoller; events: DynamoDBStreamEvent[] }> {
  const events: DynamoDBStreamEvent[] = [];
  const poller = await startStreamPoller({
    endpoint: db.endpoint,
    tableName,
    batchSize: 100,
    checkpointFile: join(workDir, `${tableName}.json`),
    maxRetryAttempts: 2,
    pollIntervalMs: 20,
    log: (level, message, fields = {}) => logged.push({ level, message, fields }),
    ...options,
    handler: async (event) => {
      events.push(structuredClone(event));
      return handler(event);
    },
  });
  running.push(poller);
  return { poller, events };
}

const succeed: Handler = async () => undefined;

describe('the local DynamoDB Streams poller', () => {
  it('hands puts to the handler in write order, as Lambda records with the new image', async () => {
    const tableName = await createTable();
    const { poller, events } = await poll(tableName, succeed, { batchSize: 3 });

    await putAll(tableName, ['a', 'b', 'c', 'd', 'e']);
    await put(tableName, 'f', { n: { N: '7' }, tags: { SS: ['x', 'y'] }, blob: { B: new Uint8Array([1, 2, 3]) } });
    await put(tableName, 'a', { n: { N: '8' } });
    await poller.drain(5_000);

    expect(events.flatMap(keysOf)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'a']);
    expect(events.every((event) => event.Records.length >= 1 && event.Records.length <= 3)).toBe(true);
    const records = events.flatMap((event) => event.Records);
    const { LatestStreamArn } = (await db.client.send(new DescribeTableCommand({ TableName: tableName }))).Table ?? {};
    expect(records[5]).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: 'us-east-1',
      eventSourceARN: LatestStreamArn,
      dynamodb: {
        Keys: { pk: { S: 'f' } },
        // In the attribute-value JSON Lambda passes: numbers as strings, binaries in base64.
        NewImage: { pk: { S: 'f' }, n: { N: '7' }, tags: { SS: ['x', 'y'] }, blob: { B: 'AQID' } },
        StreamViewType: 'NEW_IMAGE',
        SizeBytes: expect.any(Number),
        ApproximateCreationDateTime: expect.any(Number),
      },
    });
    expect(typeof records[0]?.eventID).toBe('string');
    expect(records[6]).toMatchObject({ eventName: 'MODIFY', dynamodb: { NewImage: { pk: { S: 'a' }, n: { N: '8' } } } });
    const sequence = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0'));
    expect(sequence).toEqual([...sequence].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(sequence).size).toBe(records.length);
    // Quiet while everything succeeds.
    expect(logged).toEqual([]);
  });

  it('skips records the filter rejects and moves past them', async () => {
    const tableName = await createTable();
    const filter = { eventName: ['INSERT' as const], newImageBeginsWith: { name: 'sk', prefixes: ['CASE#', 'NOTICE#'] } };
    const { poller, events } = await poll(tableName, succeed, { filter });

    await put(tableName, 'p1', { sk: { S: 'CASE#1' } });
    await put(tableName, 'p2', { sk: { S: 'TIMELINE#1' } });
    await put(tableName, 'p3', { sk: { N: '1' } });
    await put(tableName, 'p4');
    await put(tableName, 'p1', { sk: { S: 'CASE#1' }, status: { S: 'closed' } });
    await db.client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'p1' } } }));
    await put(tableName, 'p5', { sk: { S: 'NOTICE#9' } });
    await poller.drain(5_000);

    expect(events.flatMap(keysOf)).toEqual(['p1', 'p5']);
    expect(events.every((event) => event.Records.length > 0)).toBe(true);
    await poller.stop();

    // The skipped records count as processed: a new reader on the same checkpoint gets nothing.
    const again = await poll(tableName, succeed, { filter });
    await again.poller.drain(5_000);
    expect(again.events).toEqual([]);
  });

  it('passes only new images whose attribute is one of the given values, as the mapping’s type filter does', async () => {
    const tableName = await createTable();
    const filter = {
      eventName: ['INSERT' as const],
      newImageBeginsWith: { name: 'sk', prefixes: ['EVENT#'] },
      newImageOneOf: { name: 'type', values: ['submitted', 'claimed'] },
    };
    const { poller, events } = await poll(tableName, succeed, { filter });

    await put(tableName, 'e1', { sk: { S: 'EVENT#1' }, type: { S: 'submitted' } });
    await put(tableName, 'e2', { sk: { S: 'EVENT#2' }, type: { S: 'add_note' } });
    await put(tableName, 'e3', { sk: { S: 'EVENT#3' } });
    await put(tableName, 'e4', { sk: { S: 'CASE' }, type: { S: 'claimed' } });
    await put(tableName, 'e5', { sk: { S: 'EVENT#5' }, type: { S: 'claimed' } });
    await poller.drain(5_000);

    expect(events.flatMap(keysOf)).toEqual(['e1', 'e5']);
    await poller.stop();
  });

  it('retries a batch from the first record the handler reports as failed, and not the records before it', async () => {
    const tableName = await createTable();
    await putAll(tableName, ['r1', 'r2', 'r3', 'r4', 'r5']);
    let calls = 0;
    const { poller, events } = await poll(tableName, async (event): Promise<DynamoDBBatchResponse> => {
      calls++;
      if (calls > 1) return { batchItemFailures: [] };
      // The third and the fifth fail: the batch comes back from the third.
      const failed = event.Records.filter((record) => ['r3', 'r5'].includes(record.dynamodb?.Keys?.pk?.S ?? ''));
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })) };
    });
    await poller.drain(5_000);

    expect(events.map(keysOf)).toEqual([
      ['r1', 'r2', 'r3', 'r4', 'r5'],
      ['r3', 'r4', 'r5'],
    ]);
    expect(logged.map((entry) => entry.level)).toEqual(['error']);
  });

  it('retries a batch whose handler throws maxRetryAttempts times, then gives it to onDiscard and reads on', async () => {
    const tableName = await createTable();
    await putAll(tableName, ['x1', 'x2']);
    const discarded: { records: DynamoDBRecord[]; error: unknown }[] = [];
    const { poller, events } = await poll(
      tableName,
      async (event) => {
        if (keysOf(event).includes('x1')) throw new Error('the function cannot handle x1');
      },
      { maxRetryAttempts: 2, onDiscard: (records, error) => discarded.push({ records, error }) },
    );
    await poller.drain(5_000);

    expect(events.map(keysOf)).toEqual([
      ['x1', 'x2'],
      ['x1', 'x2'],
      ['x1', 'x2'],
    ]);
    expect(discarded).toHaveLength(1);
    expect(discarded[0]?.records.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['x1', 'x2']);
    expect(discarded[0]?.error).toMatchObject({ message: 'the function cannot handle x1' });
    expect(logged.filter((entry) => entry.message.includes('given up'))).toHaveLength(1);

    await put(tableName, 'x3');
    await poller.drain(5_000);
    expect(events.map(keysOf).at(-1)).toEqual(['x3']);
  });

  it('resumes after its checkpoint on restart: nothing processed comes again, what was written while stopped does', async () => {
    const tableName = await createTable();
    const checkpointFile = join(workDir, `${tableName}-restart.json`);
    const first = await poll(tableName, succeed, { checkpointFile });
    await putAll(tableName, ['s1', 's2']);
    await first.poller.drain(5_000);
    await first.poller.stop();
    expect(first.events.flatMap(keysOf)).toEqual(['s1', 's2']);
    const saved = JSON.parse(readFileSync(checkpointFile, 'utf8')) as Record<string, string>;
    expect(Object.values(saved)).toEqual([first.events.at(-1)?.Records.at(-1)?.dynamodb?.SequenceNumber]);

    await putAll(tableName, ['s3', 's4']);
    const second = await poll(tableName, succeed, { checkpointFile });
    await second.poller.drain(5_000);

    expect(second.events.flatMap(keysOf)).toEqual(['s3', 's4']);
  });

  it('finishes the batch in hand when stopped, and keeps its place', async () => {
    const tableName = await createTable();
    const checkpointFile = join(workDir, `${tableName}-stop.json`);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const { poller } = await poll(
      tableName,
      async () => {
        entered();
        await released;
      },
      { checkpointFile },
    );
    await put(tableName, 't1');
    await inHandler;

    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;

    const next = await poll(tableName, succeed, { checkpointFile });
    await next.poller.drain(5_000);
    expect(next.events).toEqual([]);
  });

  it('turns the stream on for a table created without one, once', async () => {
    const tableName = await createTable(false);
    await put(tableName, 'before');

    const arn = await enableStream(db.client, tableName);
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(arn).toBe(Table?.LatestStreamArn);
    expect(await enableStream(db.client, tableName)).toBe(arn);

    // Writes from then on reach a reader; the one before the stream existed is not in it.
    const { poller, events } = await poll(tableName, succeed);
    await put(tableName, 'after');
    await poller.drain(5_000);
    expect(events.flatMap(keysOf)).toEqual(['after']);
    expect(events[0]?.Records[0]?.eventSourceARN).toBe(arn);
  });

  it('answers the ARN of the stream a table already has', async () => {
    const tableName = await createTable();
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.LatestStreamArn).toBeTruthy();
    expect(await enableStream(db.client, tableName)).toBe(Table?.LatestStreamArn);
  });
});
