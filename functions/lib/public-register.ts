// The public register of penalty decisions (SPEC §12 一公开) in the table: one item per decision, in
// one partition (a city's decisions are a few hundred a year), newest first by the decision's time.
// The item holds only the public entry (domain/public-register.ts), so a public read never touches
// a case item: what is not in the entry cannot leak.

import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { publicDecisionOf, type PublicDecision } from '#domain/public-register.ts';
import type { Case } from '#domain/model.ts';
import { dynamo } from './aws.ts';
import type { SideWrite } from './case-store.ts';
import { caseTable } from './config.ts';
import { PUBLIC_DECISIONS_PK, keys } from './items.ts';
import { fillPage, type Key, type KeyShape } from './pagination.ts';
import type { PageRequest } from './case-lists.ts';

/** The register item of a case's penalty decision, written with the decision (none for other cases). */
export function publicDecisionWrite(c: Case, publishedAt: string): SideWrite[] {
  const entry = publicDecisionOf(c, publishedAt);
  if (!entry) return [];
  const decidedAt = String((c.outcome as Record<string, unknown>)['at']);
  return [
    {
      put: { ...keys.publicDecision(decidedAt, c.caseId), ...entry },
      // One entry per case: a decision is issued once.
      condition: { ConditionExpression: 'attribute_not_exists(pk)' },
    },
  ];
}

/** What a cursor of the register must decode to. */
export const publicDecisionsCursorShape: KeyShape = { names: ['pk', 'sk'], fixed: { pk: PUBLIC_DECISIONS_PK, sk: /^DECISION#/ } };

const ENTRY_FIELDS = ['decisionNumber', 'decidedOn', 'agency', 'matter', 'respondent', 'violation', 'penalty', 'publishedAt'] as const;

export async function listPublicDecisions(
  request: PageRequest,
  db: DynamoDBDocumentClient = dynamo(),
  tableName: string = caseTable(),
): Promise<{ items: PublicDecision[]; nextKey: Key | null }> {
  const { items, nextKey } = await fillPage({
    limit: request.limit,
    startKey: request.startKey,
    keyNames: ['pk', 'sk'],
    filtered: false,
    query: (startKey, evaluate) =>
      db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': PUBLIC_DECISIONS_PK },
          ScanIndexForward: false,
          Limit: evaluate,
          ExclusiveStartKey: startKey,
        }),
      ),
  });
  // Only the entry's fields: the keys stay in the table.
  const entries = items.map((item) => Object.fromEntries(ENTRY_FIELDS.map((f) => [f, item[f]])) as unknown as PublicDecision);
  return { items: entries, nextKey };
}
