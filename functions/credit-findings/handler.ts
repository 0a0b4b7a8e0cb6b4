// Table stream → the credit list (SPEC §12): every case resolved with the infringement established or
// a penalty (the events `issue_penalty`, `issue_decision`, `issue_award`, let through by the mapping's
// filter) is a finding against its respondent; two within five years make the respondent a candidate
// for the credit list automatically. From the stream, so the rule holds whatever wrote the decision
// and adds nothing to its transaction; a batch that fails is retried whole, and a finding recorded
// twice changes nothing (addFinding is idempotent per case).

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { addFinding, findingOf } from '#domain/credit-list.ts';
import { getCases, WriteConflict } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { CreditStore } from '#lib/credit-store.ts';
import { EVENT_PREFIX, fromEventItem } from '#lib/items.ts';
import { log } from '#lib/log.ts';
import { streamFunction } from '#lib/stream-function.ts';

/** The decisions that may establish an infringement (the stream filter's types). */
export const FINDING_EVENTS = ['issue_penalty', 'issue_decision', 'issue_award'] as const;

function caseIdsOf(stream: DynamoDBStreamEvent): string[] {
  const ids: string[] = [];
  for (const record of stream.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (!String(item['sk']).startsWith(EVENT_PREFIX) || !String(item['pk']).startsWith('CASE#')) continue;
    if (!(FINDING_EVENTS as readonly string[]).includes(String(item['type']))) continue;
    ids.push(fromEventItem(item).caseId);
  }
  return ids;
}

/** Adds the finding to the respondent's entry; a concurrent change of the entry is read again (a few times). */
async function record(
  store: CreditStore,
  creditCode: string,
  name: string,
  finding: NonNullable<ReturnType<typeof findingOf>>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const entry = await store.getEntry(creditCode);
    const change = addFinding(entry, creditCode, name, finding, now());
    if (!change) return;
    try {
      await store.write(change, entry?.version ?? 0);
      log.info('credit finding recorded', { creditCode, caseId: finding.caseId, status: change.entry.status });
      return;
    } catch (error) {
      if (!(error instanceof WriteConflict) || attempt >= 4) throw error;
    }
  }
}

export const handler = streamFunction('creditFindings', async (stream) => {
  const ids = caseIdsOf(stream);
  if (ids.length === 0) return;
  const cases = await getCases(ids);
  const store = new CreditStore();
  for (const id of ids) {
    const c = cases.get(id);
    const creditCode = c?.complaint.respondent.creditCode;
    const finding = c ? findingOf(c) : null;
    // A respondent without a credit code cannot be listed (the list names respondents by it).
    if (!c || !creditCode || !finding) continue;
    await record(store, creditCode, c.complaint.respondent.name, finding);
  }
});
