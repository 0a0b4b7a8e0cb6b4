// 5. Work per case: one case per path from filing through triage, path intake, claim and the SPEC §4
// actions to resolution, on a runtime whose functions reach DynamoDB and SQS through the counting
// proxy (bench/meter.ts) and with the timers off, so every unit counted is this case's. Waiting for
// the pipeline reads the table directly (not metered). Also gathers what the cost needs: HTTP calls
// (API Gateway requests, Lambda invocations and their durations) and the stored bytes.

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CasePath } from '#domain/model.ts';
import { functions, table } from '#infra/topology.ts';
import { call, expectStatus } from './api.ts';
import { complaint } from './complaints.ts';
import { diffCounts, type MeterCounts } from './meter.ts';
import { say } from './progress.ts';
import type { BenchRuntime } from './runtime.ts';

export interface PathCost {
  /** DynamoDB write request units (on demand; index writes included). */
  wcu: number;
  /** DynamoDB read request units. */
  rcu: number;
  /** Of wcu + rcu, the units spent on global secondary indexes. */
  indexUnits: number;
  /** SendMessage calls by the functions (measured) + the event source mapping's receive and delete per message (estimated: 2 each). */
  sqsRequests: number;
  sqsSends: number;
  scans: number;
  /** DynamoDB answers through the meter that carried no ConsumedCapacity (0: every unit was counted). */
  unmetered: number;
  dynamodbOperations: Record<string, number>;
  /** Where the units went: by operation (table part) and by index (`index:<name>`). */
  unitsBy: Record<string, number>;
  /** The table part of the write units by kind of item written (`CASE#`, `RATE#`…: the partition key's prefix). */
  writeUnitsByItem: Record<string, number>;
  /** HTTP requests through the API (API Gateway requests, one Lambda invocation each). */
  httpRequests: number;
  /** Sum over HTTP invocations of latency × memory, in GB-s (an upper bound of billed duration: includes the local HTTP edge). */
  httpGbSeconds: number;
  /** Queue-triggered invocations (triage, path intake). */
  queueInvocations: number;
  /** Approximate bytes stored for the case (items + index copies + 100 B overhead each). */
  storedBytes: number;
  steps: string[];
}

const HANDLER: Record<CasePath, { role: string; sub: string }> = {
  mediation: { role: 'mediator', sub: 'bench-m-1' },
  arbitration: { role: 'arbitrator', sub: 'bench-a-1' },
  notarization: { role: 'notary', sub: 'bench-n-1' },
  administrative_adjudication: { role: 'officer', sub: 'bench-o-1' },
  // An officer without an agency group is a market-regulation officer: the bench's complaints are market regulation's.
  administrative_enforcement: { role: 'officer', sub: 'bench-e-1' },
};

type Step = { who: 'handler' | 'owner' | 'court'; action: string; fields?: Record<string, unknown> };

/** The actions from claim to `resolved` on each path (as in test/e2e/lifecycle.e2e.test.ts). */
const SCRIPTS: Record<CasePath, Step[]> = {
  mediation: [
    { who: 'handler', action: 'record_consent', fields: { consented: true } },
    { who: 'handler', action: 'schedule_session', fields: { at: '2027-03-01T10:00:00+08:00', mode: 'online' } },
    { who: 'handler', action: 'record_agreement', fields: { terms: '被申请人停止销售并赔偿五万元', amountCny: 50000 } },
    { who: 'owner', action: 'request_judicial_confirmation' },
    { who: 'court', action: 'record_judicial_confirmation', fields: { confirmed: true, rulingNumber: '（2026）陕09民特12号' } },
  ],
  arbitration: [
    { who: 'handler', action: 'accept' },
    { who: 'handler', action: 'schedule_hearing', fields: { at: '2027-03-01T09:30:00+08:00', location: '安康仲裁委员会第一仲裁庭' } },
    {
      who: 'handler',
      action: 'issue_award',
      fields: { awardNumber: '（2026）安仲裁字第7号', summary: '被申请人赔偿八万元', infringementFound: true, amountCny: 80000 },
    },
  ],
  notarization: [
    { who: 'handler', action: 'accept' },
    {
      who: 'handler',
      action: 'record_preservation',
      fields: { method: '网页取证并封存', evidenceSha256: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] },
    },
    { who: 'handler', action: 'issue_certificate', fields: { certificateNumber: '（2026）陕安证字第101号' } },
  ],
  administrative_adjudication: [
    { who: 'handler', action: 'accept_filing' },
    { who: 'handler', action: 'schedule_hearing', fields: { at: '2027-03-10T09:00:00+08:00' } },
    {
      who: 'handler',
      action: 'issue_decision',
      fields: { decisionNumber: '陕安知裁字〔2026〕1号', infringementEstablished: true, orders: ['立即停止销售侵权产品'] },
    },
  ],
  administrative_enforcement: [
    { who: 'handler', action: 'accept_filing', fields: { coInvestigator: 'bench-e-2' } },
    {
      who: 'handler',
      action: 'record_inspection',
      fields: {
        at: '2027-03-02T10:00:00+08:00',
        location: '安康市汉滨区某经营场所',
        findings: '现场查见涉嫌侵权商品',
        officers: ['bench-e-1', 'bench-e-2'],
        evidenceSha256: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
      },
    },
    {
      who: 'handler',
      action: 'issue_penalty',
      fields: { decisionNumber: '安市监处罚〔2026〕1号', violation: '销售侵权商品', fineCny: 10000, orders: ['停止销售侵权商品'] },
    },
  ],
};

const memoryOf = (name: string): number => functions.find((f) => f.name === name)?.memoryMb ?? 512;

async function waitQueued(rt: BenchRuntime, caseId: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Item } = await rt.db.send(
      new GetCommand({ TableName: rt.tableName, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }),
    );
    if (Item?.['status'] === 'queued') return Number(Item['version']);
    if (Date.now() > deadline) throw new Error(`case ${caseId} not queued within 30 s (${String(Item?.['status'])})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Bytes the case keeps in the table and its indexes (DynamoDB counts names + values + 100 B per item). */
async function storedBytes(rt: BenchRuntime, caseId: string): Promise<number> {
  const { Items = [] } = await rt.db.send(
    new QueryCommand({
      TableName: rt.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
    }),
  );
  let bytes = 0;
  for (const item of Items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 100;
    bytes += size;
    for (const index of table.indexes) {
      if (item[index.partitionKey] === undefined) continue;
      bytes += index.projection === 'ALL' ? size : 200;
    }
  }
  return bytes + 200; // the case-number item
}

export async function benchPerCase(rt: BenchRuntime, seq: number): Promise<Record<CasePath, PathCost>> {
  const owner = { sub: 'bench-owner-percase', token: await rt.token('rights_holder', 'bench-owner-percase') };
  const court = await rt.token('court', 'bench-c-1');
  const result = {} as Record<CasePath, PathCost>;
  let n = seq;
  for (const path of Object.keys(SCRIPTS) as CasePath[]) {
    const handler = await rt.token(HANDLER[path].role, HANDLER[path].sub);
    const tokenOf = { handler, owner: owner.token, court };
    const before = await rt.counts();
    let gbSeconds = 0;
    let httpRequests = 0;
    const timed = async <T>(fn: string, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const out = await work();
      gbSeconds += (Math.ceil(performance.now() - t0) / 1000) * (memoryOf(fn) / 1024);
      httpRequests++;
      return out;
    };
    const filed = await timed('submitComplaint', () =>
      expectStatus(call(rt.url, 'POST', '/complaints', owner.token, complaint(n++, path)), 202, 'file'),
    );
    await waitQueued(rt, filed.caseId);
    let c = await timed('claimCase', () => expectStatus(call(rt.url, 'POST', `/cases/${filed.caseId}/claim`, handler), 200, 'claim'));
    if (c.path !== path) throw new Error(`per-case: routed to ${c.path}, expected ${path}`);
    const steps = ['file', 'claim'];
    for (const step of SCRIPTS[path]) {
      c = await timed('caseAction', () =>
        expectStatus(
          call(rt.url, 'POST', `/cases/${filed.caseId}/actions`, tokenOf[step.who], {
            action: step.action,
            expectedVersion: c.version,
            ...step.fields,
          }),
          200,
          step.action,
        ),
      );
      steps.push(step.action);
    }
    if (c.status !== 'resolved') throw new Error(`per-case ${path}: ended ${c.status}`);
    const after = await rt.counts();
    const dynamo: MeterCounts = diffCounts(after.dynamodb, before.dynamodb);
    const sqs: MeterCounts = diffCounts(after.sqs, before.sqs);
    const sends = (sqs.operations['SendMessage'] ?? 0) + (sqs.operations['SendMessageBatch'] ?? 0);
    result[path] = {
      wcu: round2(dynamo.writeUnits),
      rcu: round2(dynamo.readUnits),
      indexUnits: round2(dynamo.indexUnits),
      sqsRequests: sends * 3,
      sqsSends: sends,
      scans: dynamo.operations['Scan'] ?? 0,
      unmetered: dynamo.unmetered,
      dynamodbOperations: dynamo.operations,
      unitsBy: Object.fromEntries(Object.entries(dynamo.unitsBy).map(([k, v]) => [k, round2(v)])),
      writeUnitsByItem: Object.fromEntries(Object.entries(dynamo.writeUnitsByItem).map(([k, v]) => [k, round2(v)])),
      httpRequests,
      httpGbSeconds: gbSeconds,
      queueInvocations: sends,
      storedBytes: await storedBytes(rt, filed.caseId),
      steps,
    };
    if (dynamo.unmetered > 0) say(`warning: ${dynamo.unmetered} DynamoDB answers carried no ConsumedCapacity`);
  }
  return result;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
