// `npm run migrate`: brings a table written by the previous item layout to the current one (see
// functions/lib/items.ts), then recounts the statistics. Idempotent: a second run finds nothing to
// rewrite and recounts the same figures.
//
//   npm run migrate                          the local stack of DATA_DIR (.data), which must be running
//   npm run migrate -- --table <name>        a table in AWS (credentials and region from the environment)
//
// Index keys added later (v2's byAgency for the officers' cases, SPEC §12): a current case item that
// lacks them (or carries stale ones) is written again as the item model derives it, guarded by its version.
//
// Previous layout: the whole complaint on the case item, with the index attributes of indexes that
// are gone (statusPk, pathPk, countyPk). Each such case is rewritten as case + detail in one
// transaction guarded by its version, so a case that changes meanwhile is simply read again. The
// new code reads both layouts, so the functions keep working before, during and after the run;
// the statistics recount should run with the table quiet (it replaces the STATS items).
//
// Indexes: the local runtime drops and rebuilds indexes whose projection changed at start-up. In
// AWS, deploy the stack first; CloudFormation changes one global secondary index per update, so a
// table carrying the previous indexes needs one deploy per index change (README "Migrating").

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, TransactWriteCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Case } from '#domain/model.ts';
import { CaseStore } from '#lib/case-store.ts';
import { CASE_SK, caseIdOf, fromItems, isPreviousLayout, toItems, type Item } from '#lib/items.ts';
import { table } from '#lib/table.ts';

export interface MigrationResult {
  cases: number;
  rewritten: number;
  /** Cases that changed between read and rewrite (read again on the next run; harmless). */
  skipped: number;
}

/** Whether a stored case item carries exactly the index keys the current item model derives. */
function indexKeysMatch(stored: Item, derived: Item): boolean {
  const names = table.indexes.flatMap((index) => [index.partitionKey, index.sortKey]);
  return names.every((name) => stored[name] === derived[name]);
}

/** Every case item, page by page (a Scan: an operator's command, never a request path). */
async function* caseItems(db: DynamoDBDocumentClient, tableName: string): AsyncGenerator<Item> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :case',
        ExpressionAttributeValues: { ':case': CASE_SK },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

export async function migrateTable(
  db: DynamoDBDocumentClient,
  tableName: string,
  say: (line: string) => void = () => {},
): Promise<MigrationResult> {
  const store = new CaseStore(db, tableName);
  const result: MigrationResult = { cases: 0, rewritten: 0, skipped: 0 };
  const all: Case[] = [];
  for await (const item of caseItems(db, tableName)) {
    result.cases++;
    if (!isPreviousLayout(item)) {
      // Already current: its complaint is in the detail item. Its index keys may predate an index
      // (v2's byAgency, the enforcement queues of SPEC §12): those are written again.
      const current = await store.getCase(caseIdOf(item['pk']));
      if (!current) continue;
      all.push(current);
      if (indexKeysMatch(item, toItems(current).case)) continue;
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: toItems(current).case,
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': current.version },
          }),
        );
        result.rewritten++;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        result.skipped++;
      }
      continue;
    }
    const c = fromItems(item);
    all.push(c);
    const stored = toItems(c);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: stored.case,
                ConditionExpression: 'version = :v AND attribute_exists(complaint)',
                ExpressionAttributeValues: { ':v': c.version },
              },
            },
            { Put: { TableName: tableName, Item: stored.detail } },
          ],
        }),
      );
      result.rewritten++;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      result.skipped++;
    }
    if (result.cases % 1000 === 0) say(`${result.cases} cases read, ${result.rewritten} rewritten`);
  }
  await store.rebuildStats(all);
  say(`${result.cases} cases, ${result.rewritten} rewritten, ${result.skipped} changed meanwhile; statistics recounted`);
  return result;
}

/** The local stack's endpoint and table from DATA_DIR/runtime.json. */
function localTarget(): { endpoint: string; tableName: string } {
  const path = join(process.env.DATA_DIR || '.data', 'runtime.json');
  const runtime = JSON.parse(readFileSync(path, 'utf8')) as { dynamodbEndpoint?: string; tableName?: string };
  if (!runtime.dynamodbEndpoint || !runtime.tableName)
    throw new Error(`${path} names no DynamoDB endpoint and table: start the stack first (npm start)`);
  return { endpoint: runtime.dynamodbEndpoint, tableName: runtime.tableName };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const tableAt = args.indexOf('--table');
  const target = tableAt >= 0 ? { tableName: args[tableAt + 1] ?? '', endpoint: undefined } : localTarget();
  if (!target.tableName) throw new Error('usage: npm run migrate [-- --table <name>]');
  const client = target.endpoint
    ? new DynamoDBClient({
        endpoint: target.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : new DynamoDBClient({});
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  await migrateTable(db, target.tableName, (line) => process.stderr.write(`migrate: ${line}\n`));
  client.destroy();
}
