// A table filled by the previous item layout (the whole complaint on the case item; byStatus, byPath,
// byCounty index attributes) keeps working: the store reads it, a write moves a case to the current
// layout without losing its complaint, and `npm run migrate` (migrateTable) rewrites the rest and
// recounts the statistics.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newCase } from '#domain/case.ts';
import { duplicateKey } from '#domain/routing.ts';
import type { Case } from '#domain/model.ts';
import { dynamo } from '#lib/aws.ts';
import { countResolvedAgainst, getCase, writeCases } from '#lib/case-store.ts';
import { caseStats, listTimeline, queryCases } from '#lib/case-lists.ts';
import { caseTable } from '#lib/config.ts';
import { migrateTable } from '#infra/migrate.ts';
import { parsedComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
}, 120_000);
afterAll(() => stack?.stop());

const RESPONDENT = '91440300708461136T';

/** The items the previous version wrote for a case: the case item with its old index attributes, and its events. */
async function writePreviousLayout(c: Case, events: Record<string, unknown>[]): Promise<void> {
  const old: Record<string, unknown> = {
    pk: `CASE#${c.caseId}`,
    sk: 'CASE',
    ...c,
    ownerPk: `OWNER#${c.ownerSub}`,
    statusPk: `STATUS#${c.status}`,
    countyPk: `COUNTY#${c.complaint.countyCode}`,
    allPk: 'CASES',
    ...(c.path ? { pathPk: `PATH#${c.path}` } : {}),
    ...(c.complaint.respondent.creditCode ? { respondentPk: `RESP#${c.complaint.respondent.creditCode}` } : {}),
    ...(c.status === 'queued' && c.path ? { wqPk: `WQ#${c.path}`, wqSk: `8#9999#${c.createdAt}#${c.caseId}` } : {}),
    ...(c.status === 'submitted' ? { outboxPk: 'UNROUTED', dupPk: `DUP#${duplicateKey(c.complaint)}` } : {}),
  };
  await dynamo().send(new PutCommand({ TableName: caseTable(), Item: old }));
  await dynamo().send(new PutCommand({ TableName: caseTable(), Item: { pk: `CASENO#${c.caseNumber}`, sk: 'CASENO', caseId: c.caseId } }));
  for (const e of events)
    await dynamo().send(
      new PutCommand({ TableName: caseTable(), Item: { pk: `CASE#${c.caseId}`, sk: `EVENT#${String(e['seq']).padStart(8, '0')}`, ...e } }),
    );
}

function previousCase(n: number, patch: Partial<Case>): { c: Case; events: Record<string, unknown>[] } {
  const t = newCase({
    caseId: randomUUID(),
    caseNumber: `AKIP-2025-${String(800_000 + n)}`,
    owner: { role: 'rights_holder', sub: `old-owner-${n}` },
    complaint: parsedComplaint((c) => (c.respondent = { name: `旧数据公司 ${n}`, creditCode: RESPONDENT })),
    now: '2025-12-01T02:00:00.000Z',
  });
  return { c: { ...t.case, ...patch }, events: t.events as unknown as Record<string, unknown>[] };
}

describe('a table written by the previous item layout', () => {
  const queued = previousCase(1, { status: 'queued', path: 'mediation', stage: 'awaiting_consent' });
  const resolved = previousCase(2, {
    status: 'resolved',
    path: 'arbitration',
    stage: 'award_issued',
    outcome: { kind: 'arbitral_award', againstRespondent: true, at: '2025-12-11T02:00:00.000Z' },
  });
  const submitted = previousCase(3, {});

  it('reads as before, and a write keeps the whole complaint', async () => {
    for (const { c, events } of [queued, resolved, submitted]) await writePreviousLayout(c, events);
    const read = await getCase(queued.c.caseId);
    expect(read).toEqual(queued.c);
    expect(read?.complaint.description.length).toBeGreaterThan(20);

    const noted = { ...read!, version: read!.version + 1, updatedAt: '2025-12-02T00:00:00.000Z' };
    await writeCases([{ transition: { case: noted, events: [] }, expectedVersion: read!.version, before: read! }]);
    expect(await getCase(queued.c.caseId)).toEqual(noted);
    queued.c = noted;
  });

  it('is migrated: case items small, complaints in their own items, lists, repeat respondents and statistics right', async () => {
    const first = await migrateTable(dynamo(), caseTable());
    expect(first).toEqual({ cases: 3, rewritten: 2, skipped: 0 });

    for (const { c } of [queued, resolved, submitted]) {
      const { Item } = await dynamo().send(new GetCommand({ TableName: caseTable(), Key: { pk: `CASE#${c.caseId}`, sk: 'CASE' } }));
      expect(Item).not.toHaveProperty('complaint');
      expect(Item).not.toHaveProperty('statusPk');
      expect(await getCase(c.caseId)).toEqual(c);
      expect(await listTimeline(c.caseId)).toHaveLength(1);
    }
    const { cases } = await queryCases(
      { index: 'allCases', partition: '', forward: false, conditions: [{ field: 'status', value: 'queued' }] },
      { limit: 10, startKey: undefined },
    );
    expect(cases.map((c) => c.caseId)).toEqual([queued.c.caseId]);
    expect(cases[0]?.complaint).toEqual(queued.c.complaint);
    expect(await countResolvedAgainst(RESPONDENT)).toBe(1);

    const stats = await caseStats(new Date().toISOString());
    expect(stats.total).toBe(3);
    expect(stats.byStatus).toMatchObject({ queued: 1, resolved: 1, submitted: 1 });
    expect(stats.byPath).toMatchObject({ mediation: 1, arbitration: 1 });
    expect(stats.medianDaysToResolution.arbitration).toBe(10);

    // Again: nothing left to rewrite, the same figures.
    expect(await migrateTable(dynamo(), caseTable())).toEqual({ cases: 3, rewritten: 0, skipped: 0 });
    expect(await caseStats(stats.asOf)).toEqual(stats);
  });
});

describe('a case stored before the officers’ index (SPEC §12)', () => {
  it('is given the byAgency key it lacks, once, and then listed for market regulation’s officers', async () => {
    const { c } = previousCase(4, { status: 'in_progress', path: 'administrative_adjudication', stage: 'filed', assignee: 'officer-1' });
    await writeCases([{ transition: { case: c, events: [] }, expectedVersion: null }]);
    // As the previous release stored it: no agencyPk.
    await dynamo().send(
      new UpdateCommand({ TableName: caseTable(), Key: { pk: `CASE#${c.caseId}`, sk: 'CASE' }, UpdateExpression: 'REMOVE agencyPk' }),
    );
    const officers = () =>
      queryCases({ index: 'byAgency', partition: 'market_regulation', forward: false, conditions: [] }, { limit: 10, startKey: undefined });
    expect((await officers()).cases.map((x) => x.caseId)).not.toContain(c.caseId);

    expect(await migrateTable(dynamo(), caseTable())).toEqual({ cases: 4, rewritten: 1, skipped: 0 });
    expect((await officers()).cases.map((x) => x.caseId)).toContain(c.caseId);
    expect(await getCase(c.caseId)).toEqual(c);
    expect(await migrateTable(dynamo(), caseTable())).toEqual({ cases: 4, rewritten: 0, skipped: 0 });
  });
});
