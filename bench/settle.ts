// Between two measured loads, wait until the pipeline has routed everything filed so far, so one
// load's background work (triage, path intake) does not land on the next one's figures.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BenchRuntime } from './runtime.ts';

/** Cases still `submitted` (in the sparse `unrouted` index). */
export async function unroutedCount(rt: BenchRuntime): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < 1000; page++) {
    const answer = await rt.db.send(
      new QueryCommand({
        TableName: rt.tableName,
        IndexName: 'unrouted',
        KeyConditionExpression: 'outboxPk = :p',
        ExpressionAttributeValues: { ':p': 'UNROUTED' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += answer.Count ?? 0;
    startKey = answer.LastEvaluatedKey;
    if (!startKey) break;
  }
  return count;
}

/** Waits (at most `timeoutMs`) until nothing is left unrouted; returns what was still left. */
export async function settle(rt: BenchRuntime, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await unroutedCount(rt);
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
