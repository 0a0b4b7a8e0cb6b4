// A counting proxy on loopback between the functions and DynamoDB Local (or the SQS emulator), so
// the handlers stay untouched. For DynamoDB it adds `"ReturnConsumedCapacity":"INDEXES"` to every
// request that accepts it and adds up the `ConsumedCapacity` of each answer (the total includes the
// index writes, which are also summed apart); it counts every operation by its `X-Amz-Target`, so a Scan cannot hide. Answers
// pass through byte for byte (the SDK checks DynamoDB's CRC32 of the body). Changing the request
// body breaks its SigV4 signature, which DynamoDB Local does not check (bench/main.ts verifies
// that the proxied answers still succeed); this proxy is for local measurement only.

import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MeterCounts {
  /** Requests by operation (`GetItem`, `TransactWriteItems`, `SendMessage`…). */
  operations: Record<string, number>;
  /** Capacity units reported by DynamoDB for read operations (RRU on demand). */
  readUnits: number;
  /** Capacity units reported for write operations, index writes included (WRU on demand). */
  writeUnits: number;
  /** Of readUnits + writeUnits, the part spent on global secondary indexes. */
  indexUnits: number;
  /** Read/write operations whose answer carried no ConsumedCapacity (should stay 0). */
  unmetered: number;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export const emptyCounts = (): MeterCounts => ({ operations: {}, readUnits: 0, writeUnits: 0, indexUnits: 0, unmetered: 0 });

export function addCounts(a: MeterCounts, b: MeterCounts): MeterCounts {
  const operations = { ...a.operations };
  for (const [op, n] of Object.entries(b.operations)) operations[op] = (operations[op] ?? 0) + n;
  return {
    operations,
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
    indexUnits: a.indexUnits + b.indexUnits,
    unmetered: a.unmetered + b.unmetered,
  };
}

export function diffCounts(after: MeterCounts, before: MeterCounts): MeterCounts {
  const operations: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.operations)) {
    const d = n - (before.operations[op] ?? 0);
    if (d) operations[op] = d;
  }
  return {
    operations,
    readUnits: after.readUnits - before.readUnits,
    writeUnits: after.writeUnits - before.writeUnits,
    indexUnits: after.indexUnits - before.indexUnits,
    unmetered: after.unmetered - before.unmetered,
  };
}

export interface Meter {
  url: string;
  counts(): MeterCounts;
  close(): Promise<void>;
}

interface Consumed {
  CapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** The units in one `ConsumedCapacity` (an object, or an array for batch and transaction calls), and the part on indexes. */
export function capacityOf(consumed: unknown): { total: number; indexes: number } {
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Consumed[];
  let total = 0;
  let indexes = 0;
  for (const c of list) {
    total += Number(c?.CapacityUnits) || 0;
    for (const gsi of Object.values(c?.GlobalSecondaryIndexes ?? {})) indexes += Number(gsi?.CapacityUnits) || 0;
  }
  return { total, indexes };
}

export async function startMeter(target: string, kind: 'dynamodb' | 'sqs'): Promise<Meter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts = emptyCounts();

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const targetHeader = String(req.headers['x-amz-target'] ?? '');
    const op = targetHeader.split('.').pop() || `${req.method} ${req.url}`;
    counts.operations[op] = (counts.operations[op] ?? 0) + 1;
    let sent = body;
    const metered = kind === 'dynamodb' && (READS.has(op) || WRITES.has(op));
    if (metered && body.length > 0) {
      const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      // INDEXES: the total, and how much of it went to each index.
      if (json['ReturnConsumedCapacity'] === undefined || json['ReturnConsumedCapacity'] === 'NONE')
        json['ReturnConsumedCapacity'] = 'INDEXES';
      sent = Buffer.from(JSON.stringify(json));
    }
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(sent.length) };
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const payload = Buffer.concat(chunks);
        if (metered) {
          let units = { total: 0, indexes: 0 };
          let found = false;
          try {
            const parsed = JSON.parse(payload.toString('utf8')) as { ConsumedCapacity?: unknown };
            found = parsed.ConsumedCapacity !== undefined;
            units = capacityOf(parsed.ConsumedCapacity);
          } catch {
            // not JSON: counted as unmetered below
          }
          if (!found && (answer.statusCode ?? 500) < 300) counts.unmetered++;
          if (READS.has(op)) counts.readUnits += units.total;
          else counts.writeUnits += units.total;
          counts.indexUnits += units.indexes;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(payload);
      });
    });
    out.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    out.end(sent);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => structuredClone(counts),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
