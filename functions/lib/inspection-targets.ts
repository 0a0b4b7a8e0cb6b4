// The respondents a random inspection's target filter names (SPEC §13: "a filter over respondents"):
// every respondent with a unified social credit code in the case system's cases, narrowed by the
// cases' county and path, with the name its newest case gives. Read from the `allCases` index (one
// partition; its projection carries the credit code, county and path), then the names from the
// newest case's complaint — what is resolved is frozen into the plan, so the hash covers it.

import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_TARGETS, type InspectionTarget, type TargetFilter } from '#domain/inspections.ts';
import { dynamo } from './aws.ts';
import { batchGetItems } from './case-store.ts';
import { caseTable } from './config.ts';
import { caseIdOf, indexKeyNames, keys, LIST_FIELD, partitionOf } from './items.ts';
import { fillPage } from './pagination.ts';

/** More distinct respondents than a plan may hold: the filter is too broad (null). */
export async function respondentsMatching(
  filter: TargetFilter,
  db: DynamoDBDocumentClient = dynamo(),
  tableName: string = caseTable(),
): Promise<InspectionTarget[] | null> {
  const [partitionKey] = indexKeyNames('allCases');
  const conditions = ['attribute_exists(#respondent)'];
  const names: Record<string, string> = { '#pk': partitionKey, '#respondent': LIST_FIELD.respondent };
  const values: Record<string, unknown> = { ':pk': partitionOf('allCases', '') };
  if (filter.countyCode) {
    conditions.push('#county = :county');
    names['#county'] = LIST_FIELD.county;
    values[':county'] = filter.countyCode;
  }
  if (filter.path) {
    conditions.push('#path = :path');
    names['#path'] = LIST_FIELD.path;
    values[':path'] = filter.path;
  }
  const { items } = await fillPage({
    limit: 100_000,
    startKey: undefined,
    keyNames: ['pk', 'sk', partitionKey, indexKeyNames('allCases')[1]],
    filtered: true,
    maxRounds: 1_000,
    query: (startKey, evaluate) =>
      db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'allCases',
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          // Newest first: the first case seen of a respondent names it.
          ScanIndexForward: false,
          Limit: evaluate,
          ExclusiveStartKey: startKey,
        }),
      ),
  });
  const newestCase = new Map<string, string>();
  for (const item of items) {
    const code = String(item[LIST_FIELD.respondent]);
    if (!newestCase.has(code)) newestCase.set(code, caseIdOf(item['pk']));
    if (newestCase.size > MAX_TARGETS) return null;
  }
  const details = await batchGetItems(
    db,
    tableName,
    [...newestCase.values()].map((id) => keys.detail(id)),
    { ProjectionExpression: 'pk, #c.#r', ExpressionAttributeNames: { '#c': 'complaint', '#r': 'respondent' } },
  );
  const nameOf = new Map(details.map((d) => [caseIdOf(d['pk']), (d['complaint'] as { respondent: { name: string } }).respondent.name]));
  return [...newestCase.entries()].map(([creditCode, caseId]) => ({ creditCode, name: nameOf.get(caseId) ?? creditCode }));
}
