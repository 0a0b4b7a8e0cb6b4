// What Lambda's DynamoDB Streams event source mapping does, on one machine, against DynamoDB Local:
// read every shard of the table's stream in order (a parent shard to its end before its children),
// hand the function at most `batchSize` records that pass the filter, and move past them only when
// it succeeded. A batch answered with `batchItemFailures` is retried from the first failed record, a
// thrown batch whole; after `maxRetryAttempts` retries it is given up (`onDiscard`, as AWS's
// on-failure destination) and reading goes on. Where each shard was left is kept in a file, so a
// restart neither loses nor replays what succeeded.
//
// DynamoDB Local's streams behave as AWS's do, with these differences seen here: a record can be
// read as soon as the write returns; a table has one open shard, rolled over every 4 hours;
// iterators can be used more than once; ARNs and records carry the region `ddblocal`;
// `ApproximateCreationDateTime` is rounded down to the minute; and an AFTER_SEQUENCE_NUMBER past
// the shard's end fails with a 500 (InternalFailure) rather than a validation error.

import { DescribeTableCommand, type DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type AttributeValue as StreamAttributeValue,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamoDbClient, LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb.ts';
import { LocalRuntimeError } from './errors.ts';
import { errorFields, type Logger } from './log.ts';

export interface StreamFilter {
  eventName?: ('INSERT' | 'MODIFY' | 'REMOVE')[];
  /** NewImage attribute `name` (a string attribute) begins with one of these */
  newImageBeginsWith?: { name: string; prefixes: string[] };
  /** NewImage attribute `name` (a string attribute) is one of these. */
  newImageOneOf?: { name: string; values: readonly string[] };
}

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint. */
  endpoint: string;
  tableName: string;
  /** Records per invocation (1–1000, as in AWS). */
  batchSize: number;
  /** Records that do not match are skipped and count as processed, as Lambda's event filtering does. */
  filter?: StreamFilter;
  /** JSON file: the last processed sequence number per shard id. */
  checkpointFile: string;
  /** May answer `batchItemFailures` (ReportBatchItemFailures): the batch is retried from the first failed record. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a Lambda handler may answer nothing, as DynamoDBStreamHandler says
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Retries of a failing batch; then it is skipped and `onDiscard` is told (AWS: the on-failure destination). */
  maxRetryAttempts: number;
  onDiscard?: (records: DynamoDBRecord[], error: unknown) => void;
  log: Logger;
  /** Pause between passes over the stream that found nothing; default 250 ms (Lambda polls a shard 4 times a second). */
  pollIntervalMs?: number;
}

export interface StreamPoller {
  /** Stops reading; the batch in hand is finished first (a retry it still owed is left for the next start). */
  stop(): Promise<void>;
  /** Resolves when every record written so far has been handed to the handler (or skipped by the filter); rejects after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
}

const DEFAULT_POLL_INTERVAL_MS = 250;
/** Batches read from one shard in one pass before the other shards get their turn and drain() its look. */
const BATCHES_PER_PASS = 100;
const RETRY_BACKOFF_MS = { first: 100, max: 5_000 };
const READ_BACKOFF_MS = { first: 250, max: 5_000 };

/**
 * Makes sure the table has a stream with new images and answers its ARN. A table an earlier version
 * created has none: it gets one (UpdateTable). One that has one keeps it, unless it lacks new images:
 * changing the view type means disabling the stream and losing its records, which is not done here.
 */
export async function enableStream(client: DynamoDBClient, tableName: string): Promise<string> {
  let table = await activeTable(client, tableName);
  if (!table.StreamSpecification?.StreamEnabled) {
    try {
      await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
      );
    } catch (error) {
      // Another caller enabled it between our look and our update: theirs is as good as ours.
      if (!(error instanceof Error && /already has an enabled stream/i.test(error.message))) throw error;
    }
    table = await activeTable(client, tableName);
  }
  const viewType = table.StreamSpecification?.StreamViewType;
  // After a stream is disabled, DescribeTable still names it as the latest: only an enabled one counts.
  if (!table.StreamSpecification?.StreamEnabled || !table.LatestStreamArn) {
    throw new Error(`table ${tableName}: its stream was enabled but DescribeTable names none`);
  }
  if (viewType !== 'NEW_IMAGE' && viewType !== 'NEW_AND_OLD_IMAGES') {
    throw new LocalRuntimeError(
      'INVALID_OPTION',
      `table ${tableName} has a ${viewType} stream, without the new images its readers need; disable it and start again`,
    );
  }
  return table.LatestStreamArn;
}

async function activeTable(client: DynamoDBClient, tableName: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return Table;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { log, tableName, filter } = options;
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 1000) {
    throw new LocalRuntimeError('INVALID_OPTION', `stream batch size must be an integer from 1 to 1000 (got ${options.batchSize})`);
  }
  if (!Number.isInteger(options.maxRetryAttempts) || options.maxRetryAttempts < 0) {
    throw new LocalRuntimeError('INVALID_OPTION', `maxRetryAttempts must be a whole number (got ${options.maxRetryAttempts})`);
  }
  const pollIntervalMs = Math.max(10, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);

  const db = dynamoDbClient(options.endpoint);
  const streamArn = await enableStream(db, tableName).finally(() => db.destroy());
  const checkpoints = new CheckpointFile(options.checkpointFile);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 3,
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 2_000, throwOnRequestTimeout: true },
  });

  const stopping = new AbortController();
  /** Waits `ms`, or less if stop() is called meanwhile. */
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  /** The next iterator of each shard being read; none means "from the checkpoint". */
  const iterators = new Map<string, string>();
  /** Shards read to their end (closed, nothing left): their children may be read. */
  const finished = new Set<string>();

  async function listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let after: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ...(after ? { ExclusiveStartShardId: after } : {}) }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      after = StreamDescription?.LastEvaluatedShardId;
    } while (after && !stopping.signal.aborted);
    return shards;
  }

  /** After the checkpoint, or from the oldest record kept (the checkpoint's records having aged out). */
  async function iteratorFrom(shardId: string): Promise<string | undefined> {
    const after = checkpoints.get(shardId);
    const from = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
      streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: after } : {}),
        }),
      );
    if (!after) return (await from('TRIM_HORIZON')).ShardIterator;
    try {
      return (await from('AFTER_SEQUENCE_NUMBER')).ShardIterator;
    } catch (error) {
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      log('error', 'stream records after the checkpoint aged out before they were read; reading from the oldest kept', {
        table: tableName,
        shardId,
        checkpoint: after,
      });
      return (await from('TRIM_HORIZON')).ShardIterator;
    }
  }

  /** Reads one shard until it has nothing more (or has had its share of this pass); answers whether it found records. */
  async function readShard(shardId: string): Promise<boolean> {
    let found = false;
    let iterator = iterators.get(shardId) ?? (await iteratorFrom(shardId));
    let renewed = false;
    for (let batch = 0; batch < BATCHES_PER_PASS && iterator && !stopping.signal.aborted; batch++) {
      let page: { Records?: StreamRecord[]; NextShardIterator?: string };
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize }));
      } catch (error) {
        // An iterator lives 15 minutes; a trimmed position means the records aged out: start again
        // from the checkpoint (once per pass, so a shard that keeps failing does not spin).
        if (renewed || !(error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException)) throw error;
        renewed = true;
        iterators.delete(shardId);
        iterator = await iteratorFrom(shardId);
        batch--;
        continue;
      }
      const records = page.Records ?? [];
      iterator = page.NextShardIterator;
      if (iterator) iterators.set(shardId, iterator);
      else iterators.delete(shardId);
      if (records.length > 0) {
        found = true;
        const settled = await deliver(shardId, records);
        if (!settled) {
          // Stopped between retries: the next start goes on from the checkpoint.
          iterators.delete(shardId);
          return found;
        }
      }
      // A closed shard read to its end answers no next iterator.
      if (!iterator) finished.add(shardId);
      if (records.length === 0) break;
    }
    return found;
  }

  /**
   * Hands `records` (one GetRecords page of a shard, in order) to the function until they are
   * processed or given up. Answers false only if stop() came between retries.
   */
  async function deliver(shardId: string, records: StreamRecord[]): Promise<boolean> {
    let pending = records;
    for (let attempt = 0; ; attempt++) {
      const outcome = await invoke(pending);
      const handled = pending.slice(0, outcome.handled);
      const lastHandled = handled.at(-1)?.dynamodb?.SequenceNumber;
      if (lastHandled) checkpoints.set(shardId, lastHandled);
      pending = pending.slice(outcome.handled);
      if (pending.length === 0) return true;

      const fields = {
        table: tableName,
        shardId,
        firstSequenceNumber: pending[0]?.dynamodb?.SequenceNumber,
        lastSequenceNumber: pending.at(-1)?.dynamodb?.SequenceNumber,
        records: pending.length,
        attempt: attempt + 1,
        ...errorFields(outcome.error),
      };
      if (attempt >= options.maxRetryAttempts) {
        log('error', 'stream batch given up after its retries; reading goes on past it', fields);
        try {
          options.onDiscard?.(
            pending.filter((record) => matches(record, filter)).map((record) => toLambdaRecord(record, streamArn)),
            outcome.error,
          );
        } catch (error) {
          log('error', 'onDiscard failed', { table: tableName, shardId, ...errorFields(error) });
        }
        const last = pending.at(-1)?.dynamodb?.SequenceNumber;
        if (last) checkpoints.set(shardId, last);
        return true;
      }
      log('error', 'stream batch failed; retrying from its first failed record', fields);
      await pause(Math.min(RETRY_BACKOFF_MS.max, RETRY_BACKOFF_MS.first * 2 ** attempt));
      if (stopping.signal.aborted) return false;
    }
  }

  /** One invocation: how many leading records of `pending` are done, and why the rest are not. */
  async function invoke(pending: StreamRecord[]): Promise<{ handled: number; error?: unknown }> {
    const passing = pending.filter((record) => matches(record, filter));
    if (passing.length === 0) return { handled: pending.length };
    let answer: DynamoDBBatchResponse | undefined;
    try {
      answer = (await options.handler({ Records: passing.map((record) => toLambdaRecord(record, streamArn)) })) ?? undefined;
    } catch (error) {
      return { handled: 0, error };
    }
    const reported: unknown = answer?.batchItemFailures ?? [];
    if (!Array.isArray(reported)) return { handled: 0, error: new Error('batchItemFailures is not a list: the whole batch failed') };
    if (reported.length === 0) return { handled: pending.length };
    // As Lambda: the checkpoint goes to just before the lowest failed sequence number; an identifier
    // that is empty or names no record of the batch fails the whole batch.
    const position = new Map(pending.map((record, index) => [record.dynamodb?.SequenceNumber, index]));
    let first = pending.length;
    for (const failure of reported as unknown[]) {
      const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const index = typeof id === 'string' && id ? position.get(id) : undefined;
      if (index === undefined) {
        return { handled: 0, error: new Error(`batchItemFailures names ${JSON.stringify(id)}, not a record of the batch`) };
      }
      first = Math.min(first, index);
    }
    return { handled: first, error: new Error(`the function reported ${reported.length} failed record(s)`) };
  }

  /** One pass over the readable shards; each shard in order, different shards side by side, a parent before its children. */
  async function pass(): Promise<boolean> {
    const shards = await listShards();
    const listed = new Set(shards.map((shard) => shard.ShardId));
    for (const id of finished) if (!listed.has(id)) finished.delete(id);
    let found = false;
    const readThisPass = new Set<string>();
    for (;;) {
      const readable = shards.filter((shard) => {
        const id = shard.ShardId;
        if (!id || finished.has(id) || readThisPass.has(id)) return false;
        // A parent that aged out of the stream no longer holds its children back.
        return !shard.ParentShardId || !listed.has(shard.ParentShardId) || finished.has(shard.ParentShardId);
      });
      if (readable.length === 0 || stopping.signal.aborted) break;
      const results = await Promise.allSettled(
        readable.map((shard) => {
          readThisPass.add(shard.ShardId!);
          return readShard(shard.ShardId!);
        }),
      );
      for (const result of results) {
        if (result.status === 'rejected') throw result.reason;
        found ||= result.value;
      }
    }
    return found;
  }

  // drain(): a pass that started after the call and found nothing in any shard has seen every
  // record written before the call (DynamoDB Local shows a record as soon as its write returns).
  let passesStarted = 0;
  const drains = new Set<{ after: number; resolve: () => void; reject: (error: Error) => void }>();

  const loop = (async () => {
    let readBackoffMs = READ_BACKOFF_MS.first;
    while (!stopping.signal.aborted) {
      const number = ++passesStarted;
      let found = false;
      try {
        found = await pass();
        readBackoffMs = READ_BACKOFF_MS.first;
      } catch (error) {
        if (stopping.signal.aborted) break;
        log('error', 'reading the table stream failed; trying again', { table: tableName, ...errorFields(error) });
        await pause(readBackoffMs);
        readBackoffMs = Math.min(READ_BACKOFF_MS.max, readBackoffMs * 2);
        continue;
      }
      if (!found) {
        for (const waiter of drains) if (waiter.after < number) waiter.resolve();
        await pause(pollIntervalMs);
      }
    }
  })();

  return {
    drain(timeoutMs = 10_000) {
      if (stopping.signal.aborted) return Promise.reject(new Error(`the stream poller of ${tableName} is stopped`));
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          after: passesStarted,
          resolve: () => settle(resolve),
          reject: (error: Error) => settle(() => reject(error)),
        };
        const timer = setTimeout(
          () => waiter.reject(new Error(`the stream of ${tableName} was not read to its end within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const settle = (then: () => void) => {
          clearTimeout(timer);
          drains.delete(waiter);
          then();
        };
        drains.add(waiter);
      });
    },
    async stop() {
      if (!stopping.signal.aborted) stopping.abort();
      await loop;
      streams.destroy();
      for (const waiter of drains) waiter.reject(new Error(`the stream poller of ${tableName} stopped`));
    },
  };
}

/** The last processed sequence number per shard, written whole to a temp file and renamed over the old one. */
class CheckpointFile {
  private readonly positions: Map<string, string>;

  constructor(private readonly file: string) {
    this.positions = new Map(Object.entries(CheckpointFile.read(file)));
    mkdirSync(dirname(file), { recursive: true });
  }

  private static read(file: string): Record<string, string> {
    if (!existsSync(file)) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new LocalRuntimeError('INVALID_OPTION', `stream checkpoint file ${file} is not JSON (${(error as Error).message})`);
    }
    const valid =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
    if (!valid) throw new LocalRuntimeError('INVALID_OPTION', `stream checkpoint file ${file} is not a map of shard id to sequence number`);
    return parsed as Record<string, string>;
  }

  get(shardId: string): string | undefined {
    return this.positions.get(shardId);
  }

  set(shardId: string, sequenceNumber: string): void {
    this.positions.set(shardId, sequenceNumber);
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(Object.fromEntries(this.positions), null, 2)}\n`);
    renameSync(temp, this.file);
  }
}

function matches(record: StreamRecord, filter: StreamFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.eventName && !filter.eventName.some((name) => name === record.eventName)) return false;
  if (filter.newImageBeginsWith) {
    const { name, prefixes } = filter.newImageBeginsWith;
    const value = record.dynamodb?.NewImage?.[name]?.S;
    if (value === undefined || !prefixes.some((prefix) => value.startsWith(prefix))) return false;
  }
  if (filter.newImageOneOf) {
    const value = record.dynamodb?.NewImage?.[filter.newImageOneOf.name]?.S;
    if (value === undefined || !filter.newImageOneOf.values.includes(value)) return false;
  }
  return true;
}

/** A stream record as Lambda hands it over: images in DynamoDB's JSON, binaries base64, times in epoch seconds. */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(change.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(change.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: toLambdaImage(change.Keys ?? {}),
      ...(change.NewImage ? { NewImage: toLambdaImage(change.NewImage) } : {}),
      ...(change.OldImage ? { OldImage: toLambdaImage(change.OldImage) } : {}),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
  };
  // Deletions by TTL say so here (principalId dynamodb.amazonaws.com).
  if (record.userIdentity) lambdaRecord.userIdentity = { ...record.userIdentity };
  return lambdaRecord;
}

function toLambdaImage(image: Record<string, StreamAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

function toLambdaValue(value: StreamAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}
