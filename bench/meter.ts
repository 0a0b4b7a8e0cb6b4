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
  /** Units by operation, and by index (`index:<name>`): where the units go. */
  unitsBy: Record<string, number>;
  /**
   * The table part of the write units again, split by the kind of item written (`CASE#`, `RATE#`…,
   * see `itemKindOf`): whose items the writes are. Index units are not in it.
   */
  writeUnitsByItem: Record<string, number>;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export const emptyCounts = (): MeterCounts => ({
  operations: {},
  readUnits: 0,
  writeUnits: 0,
  indexUnits: 0,
  unmetered: 0,
  unitsBy: {},
  writeUnitsByItem: {},
});

function addTo(into: Record<string, number>, from: Record<string, number>, sign = 1): Record<string, number> {
  for (const [k, n] of Object.entries(from)) {
    const v = (into[k] ?? 0) + sign * n;
    if (Math.abs(v) > 1e-9) into[k] = v;
    else delete into[k];
  }
  return into;
}

export function addCounts(a: MeterCounts, b: MeterCounts): MeterCounts {
  const operations = { ...a.operations };
  for (const [op, n] of Object.entries(b.operations)) operations[op] = (operations[op] ?? 0) + n;
  return {
    operations,
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
    indexUnits: a.indexUnits + b.indexUnits,
    unmetered: a.unmetered + b.unmetered,
    unitsBy: addTo(addTo({}, a.unitsBy), b.unitsBy),
    writeUnitsByItem: addTo(addTo({}, a.writeUnitsByItem), b.writeUnitsByItem),
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
    unitsBy: addTo(addTo({}, after.unitsBy), before.unitsBy, -1),
    writeUnitsByItem: addTo(addTo({}, after.writeUnitsByItem), before.writeUnitsByItem, -1),
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
export function capacityOf(consumed: unknown): { total: number; indexes: number; table: number; byIndex: Record<string, number> } {
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Consumed[];
  let total = 0;
  let indexes = 0;
  const byIndex: Record<string, number> = {};
  for (const c of list) {
    total += Number(c?.CapacityUnits) || 0;
    for (const [name, gsi] of Object.entries(c?.GlobalSecondaryIndexes ?? {})) {
      const units = Number(gsi?.CapacityUnits) || 0;
      indexes += units;
      byIndex[name] = (byIndex[name] ?? 0) + units;
    }
  }
  return { total, indexes, table: total - indexes, byIndex };
}

type AttributeValue = Record<string, unknown>;

/** DynamoDB's item size: attribute names plus values (numbers ≈ 1 byte per 2 digits + 1; maps and lists 3 bytes + 1 per element). */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  const [type, v] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(v));
    case 'N':
      return Math.ceil(String(v).replace(/^-|\./g, '').length / 2) + 1;
    case 'B':
      return Buffer.from(String(v), 'base64').length;
    case 'M':
      return 3 + Object.values(v as Record<string, AttributeValue>).length + itemBytes(v as Record<string, AttributeValue>);
    case 'L':
      return 3 + (v as AttributeValue[]).reduce((n, e) => n + 1 + valueBytes(e), 0);
    case 'SS':
    case 'NS':
      return (v as string[]).reduce((n, e) => n + Buffer.byteLength(e), 0);
    default:
      return 1;
  }
}

const kilobytes = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * The kind of an item: its partition key up to and including the first `#` (`CASE#`, `RATE#`,
 * `STATS#`), the prefix the IAM grants are written on (README "Table writes by partition key").
 */
export function itemKindOf(pk: AttributeValue | undefined): string {
  const value = pk?.['S'];
  if (typeof value !== 'string') return '(no pk)';
  const hash = value.indexOf('#');
  return hash < 0 ? value : value.slice(0, hash + 1);
}

/** Table write units that went to one kind of item. */
interface ItemUnits {
  kind: string;
  units: number;
}

interface TransactItem {
  Put?: { TableName: string; Item: Record<string, AttributeValue> };
  Update?: { TableName: string; Key: Record<string, AttributeValue> };
  Delete?: { TableName: string; Key: Record<string, AttributeValue> };
  ConditionCheck?: { TableName: string; Key: Record<string, AttributeValue> };
}

/**
 * What AWS bills the table for a TransactWriteItems, item by item: 2 units per started KB of each
 * item (a Put's new item; an Update's larger image; a Delete's or ConditionCheck's stored item).
 * DynamoDB Local's own figure adds up only the *distinct* per-item unit counts (two 1 KB items report
 * 2, not 4), so the table part is recomputed here from the request and the stored items, read before
 * and after.
 */
async function transactionTableUnits(
  items: TransactItem[],
  sizeOf: (table: string, key: Record<string, AttributeValue>) => Promise<number>,
  before: Map<string, number>,
): Promise<ItemUnits[]> {
  const parts: ItemUnits[] = [];
  for (const item of items) {
    const keyed = keyOfTransactItem(item);
    const old = before.get(`${keyed.TableName}|${JSON.stringify(keyed.Key)}`) ?? 0;
    const now = item.Put ? itemBytes(item.Put.Item) : item.Update ? await sizeOf(keyed.TableName, keyed.Key) : 0;
    parts.push({ kind: itemKindOf(keyed.Key['pk']), units: 2 * kilobytes(Math.max(old, now)) });
  }
  return parts;
}

/** The table and key an entry of a transaction writes (a Put's key: this table's `pk` and `sk`). */
function keyOfTransactItem(item: TransactItem): { TableName: string; Key: Record<string, AttributeValue> } {
  if (item.Put) {
    const { pk, sk } = item.Put.Item;
    return { TableName: item.Put.TableName, Key: { ...(pk ? { pk } : {}), ...(sk ? { sk } : {}) } };
  }
  return (item.Update ?? item.Delete ?? item.ConditionCheck)!;
}

export async function startMeter(target: string, kind: 'dynamodb' | 'sqs'): Promise<Meter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts = emptyCounts();

  /** One request straight to DynamoDB Local (not counted): the stored size of an item, for the transaction figures. */
  const sizeOf =
    (authorization: string) =>
    async (tableName: string, key: Record<string, AttributeValue>): Promise<number> => {
      const body = Buffer.from(JSON.stringify({ TableName: tableName, Key: key, ConsistentRead: true }));
      const answer = await new Promise<Buffer>((resolve, reject) => {
        const out = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: 'POST',
            path: '/',
            agent,
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              'x-amz-target': 'DynamoDB_20120810.GetItem',
              authorization,
              'content-length': String(body.length),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(Buffer.concat(chunks)));
          },
        );
        out.on('error', reject);
        out.end(body);
      });
      const item = (JSON.parse(answer.toString('utf8')) as { Item?: Record<string, AttributeValue> }).Item;
      return item ? itemBytes(item) : 0;
    };

  const count = (key: string, units: number) => {
    if (units) counts.unitsBy[key] = (counts.unitsBy[key] ?? 0) + units;
  };

  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const targetHeader = String(req.headers['x-amz-target'] ?? '');
    const op = targetHeader.split('.').pop() || `${req.method} ${req.url}`;
    counts.operations[op] = (counts.operations[op] ?? 0) + 1;
    let sent = body;
    const metered = kind === 'dynamodb' && (READS.has(op) || WRITES.has(op));
    let transactItems: TransactItem[] | undefined;
    /** The kind of item a single PutItem, UpdateItem or DeleteItem writes. */
    let writtenKind: string | undefined;
    const storedBefore = new Map<string, number>();
    const measure = sizeOf(String(req.headers['authorization'] ?? ''));
    if (metered && body.length > 0) {
      const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      // INDEXES: the total, and how much of it went to each index.
      if (json['ReturnConsumedCapacity'] === undefined || json['ReturnConsumedCapacity'] === 'NONE')
        json['ReturnConsumedCapacity'] = 'INDEXES';
      sent = Buffer.from(JSON.stringify(json));
      if (op === 'PutItem') writtenKind = itemKindOf((json['Item'] as Record<string, AttributeValue> | undefined)?.['pk']);
      if (op === 'UpdateItem' || op === 'DeleteItem')
        writtenKind = itemKindOf((json['Key'] as Record<string, AttributeValue> | undefined)?.['pk']);
      if (op === 'TransactWriteItems') {
        transactItems = json['TransactItems'] as TransactItem[];
        for (const item of transactItems) {
          const keyed = keyOfTransactItem(item);
          storedBefore.set(`${keyed.TableName}|${JSON.stringify(keyed.Key)}`, await measure(keyed.TableName, keyed.Key));
        }
      }
    }
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(sent.length) };
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const payload = Buffer.concat(chunks);
        void (async () => {
          if (metered) {
            let units = { total: 0, indexes: 0, table: 0, byIndex: {} as Record<string, number> };
            let found = false;
            try {
              const parsed = JSON.parse(payload.toString('utf8')) as { ConsumedCapacity?: unknown };
              found = parsed.ConsumedCapacity !== undefined;
              units = capacityOf(parsed.ConsumedCapacity);
            } catch {
              // not JSON: counted as unmetered below
            }
            const ok = (answer.statusCode ?? 500) < 300;
            if (!found && ok) counts.unmetered++;
            let table = units.table;
            // A batch write (or a transaction whose items could not be read back) is not split by item.
            let byItem: ItemUnits[] = WRITES.has(op) ? [{ kind: writtenKind ?? '(not split)', units: units.table }] : [];
            if (transactItems && ok) {
              const parts = await transactionTableUnits(transactItems, measure, storedBefore).catch(() => undefined);
              if (parts) {
                byItem = parts;
                table = parts.reduce((n, p) => n + p.units, 0);
              }
            }
            const total = table + units.indexes;
            if (READS.has(op)) counts.readUnits += total;
            else counts.writeUnits += total;
            counts.indexUnits += units.indexes;
            count(op, table);
            for (const [index, n] of Object.entries(units.byIndex)) count(`index:${index}`, n);
            for (const part of byItem)
              if (part.units) counts.writeUnitsByItem[part.kind] = (counts.writeUnitsByItem[part.kind] ?? 0) + part.units;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(payload);
        })();
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
    req.on('end', () => {
      forward(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502);
        res.end(String(error));
      });
    });
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
