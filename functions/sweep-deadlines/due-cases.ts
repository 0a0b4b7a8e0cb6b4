// The sweep's one query: cases whose running clock fell due before an instant, earliest first,
// from the sparse `byDeadline` index (a case carries `duePk`/`dueAt` exactly while its deadline
// is set and not yet flagged overdue — see indexKeys in #lib/case-store.ts). Never a Scan.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/aws.ts';
import { config } from '#lib/config.ts';

/** DynamoDB's page cap is 1 MB; with KEYS_ONLY entries (~150 bytes) 500 per page stays well under. */
const PAGE = 500;

/** Up to `limit` ids of cases due before `before` (ISO instant), earliest deadline first. */
export async function listDueCaseIds(before: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: 'byDeadline',
        KeyConditionExpression: 'duePk = :due AND dueAt < :before',
        ExpressionAttributeValues: { ':due': 'DUE', ':before': before },
        Limit: Math.min(PAGE, limit - ids.length),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) ids.push(String(item['pk']).slice('CASE#'.length));
    startKey = result.LastEvaluatedKey;
  } while (startKey && ids.length < limit);
  return ids;
}
