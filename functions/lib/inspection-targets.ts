// The respondents a random inspection's target filter names (SPEC §13: "a filter over respondents"):
// those in the public register of the plan's agency's penalty decisions (SPEC §12), optionally of one
// matter or decided since a day, each named as its newest decision names it. Only what is public
// already: the frozen plan is published, and a filter over the cases themselves would tell anyone
// which companies have a case they may not read (SPEC §2). What is resolved is frozen into the plan,
// so its hash covers it.

import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies.ts';
import { MAX_TARGETS, type InspectionTarget, type TargetFilter } from '#domain/inspections.ts';
import { dynamo } from './aws.ts';
import { caseTable } from './config.ts';
import { PUBLIC_DECISIONS_PK } from './items.ts';
import { fillPage } from './pagination.ts';

/** The register holds a city's decisions (hundreds a year): read whole, newest first, in at most this many pages. */
const MAX_ROUNDS = 50;

/** The matching respondents; null when more than a plan may hold match (the filter is too broad). */
export async function respondentsMatching(
  agency: Agency,
  filter: TargetFilter,
  db: DynamoDBDocumentClient = dynamo(),
  tableName: string = caseTable(),
): Promise<InspectionTarget[] | null> {
  const conditions = ['agency = :agency'];
  const values: Record<string, unknown> = { ':pk': PUBLIC_DECISIONS_PK, ':agency': agency };
  if (filter.matter) {
    conditions.push('matter = :matter');
    values[':matter'] = filter.matter;
  }
  if (filter.decidedSince) {
    conditions.push('decidedOn >= :since');
    values[':since'] = filter.decidedSince;
  }
  const { items, nextKey } = await fillPage({
    limit: 100_000,
    startKey: undefined,
    keyNames: ['pk', 'sk'],
    filtered: true,
    maxRounds: MAX_ROUNDS,
    query: (startKey, evaluate) =>
      db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
          // Newest first: the newest decision names the respondent.
          ScanIndexForward: false,
          Limit: evaluate,
          ExclusiveStartKey: startKey,
        }),
      ),
  });
  // A register larger than the pages read: too broad to resolve here, never silently cut short.
  if (nextKey) return null;
  const targets = new Map<string, string>();
  for (const item of items) {
    const respondent = item['respondent'] as { name: string; creditCode: string | null };
    if (respondent.creditCode && !targets.has(respondent.creditCode)) targets.set(respondent.creditCode, respondent.name);
    if (targets.size > MAX_TARGETS) return null;
  }
  return [...targets.entries()].map(([creditCode, name]) => ({ creditCode, name }));
}
