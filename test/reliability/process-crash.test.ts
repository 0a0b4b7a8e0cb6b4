// Broken: the process. The local runtime (`npm start`, data on disk) is killed with SIGKILL — no
// graceful stop, the SQS emulator's in-memory queues gone with it, the DynamoDB Local JVM orphaned
// — and started again on the same DATA_DIR. Survives: every complaint that was answered 202
// (SPEC §8 "no lost complaint"), and every case stored without an answer too; each is routed and
// queued exactly once, and no case number is given twice.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbClient } from '#infra/local/dynamodb.ts';
import type { RuntimeFile } from '#infra/local/runtime.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';
import { validComplaint } from '../support/complaints.ts';
import { duplicates, report } from './support/figures.ts';
import { call, is5xx, numberOf, waitForCases, type Answer } from './support/http.ts';
import { isDynamoDbLocal, killHard, killLeftovers, readRuntimeFile, startRuntime } from './support/runtime.ts';

const BURST = 60;
const QUEUED_WITHIN_MS = 60_000;
/** Reads of the dead runtime's data until the count settles (its last requests may still land). */
const SETTLE_READS = 10;
const SETTLE_PAUSE_MS = 300;

let dataDir: string;
let running: RuntimeProcess | undefined;
let lastFile: RuntimeFile | undefined;
/** Every case number handed out on this DATA_DIR, across all starts. */
const allNumbers: string[] = [];

async function start(): Promise<RuntimeProcess> {
  running = await startRuntime({ dataDir });
  lastFile = readRuntimeFile(dataDir);
  return running;
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'akip-crash-'));
});
afterAll(async () => {
  const exitCode = running ? await running.stop() : null;
  // A test that failed half-way may leave a killed runtime's JVM, or a runtime that would not stop.
  if (exitCode !== 0) killLeftovers(lastFile);
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

interface Filing {
  sub: string;
  token: string;
  answer: Answer;
}

/** A burst of filings, each by its own rights holder; `onAnswer` sees each answer as it arrives. */
async function fileBurst(
  rt: RuntimeProcess,
  size: number,
  tag: string,
  onAnswer: (answer: Answer) => void = () => undefined,
): Promise<Filing[]> {
  const holders = await Promise.all(
    Array.from({ length: size }, async (_, i) => ({ sub: `${tag}-${i}`, token: await rt.token('rights_holder', `${tag}-${i}`) })),
  );
  return Promise.all(
    holders.map(async (holder, i) => {
      const answer = await call(rt.url, 'POST', '/complaints', {
        token: holder.token,
        body: validComplaint((c) => (c.respondent = { name: `汉滨区某某商行第${i}分店` })),
      });
      onAnswer(answer);
      return { ...holder, answer };
    }),
  );
}

const accepted = (burst: Filing[]) => burst.filter((f) => f.answer.status === 202);

/**
 * Filings the runtime answered 500 because the submit function ran out of its 10 s (middy's early
 * timeout response): what an overloaded machine does to a burst. Their cases may still be stored —
 * the audit below requires those to be routed too.
 */
const timedOut = (rt: RuntimeProcess) =>
  rt.output().match(/"message":"request failed","function":"submitComplaint"[^\n]*?"error":"TimeoutError"/g)?.length ?? 0;

/**
 * How many accepted cases the dead runtime left `submitted`, read from its orphaned JVM before the
 * next start stops it. Requests the dead process had already sent are still in the JVM's sockets
 * and may be applied after a first read (seen on a loaded machine: 58 read, 3 routed afterwards):
 * the count is read again until two reads agree.
 */
async function unroutedLeftBy(file: RuntimeFile, caseIds: string[]): Promise<number | null> {
  const db = dynamoDbClient(file.dynamodbEndpoint);
  const count = async () => {
    const items = await Promise.all(
      caseIds.map((id) =>
        db.send(
          new GetItemCommand({ TableName: file.tableName, Key: { pk: { S: `CASE#${id}` }, sk: { S: 'CASE' } }, ConsistentRead: true }),
        ),
      ),
    );
    return items.filter((item) => item.Item?.['status']?.S === 'submitted').length;
  };
  try {
    let last = await count();
    for (let read = 0; read < SETTLE_READS; read++) {
      await sleep(SETTLE_PAUSE_MS);
      const next = await count();
      if (next === last) break;
      last = next;
    }
    return last;
  } catch (error) {
    // The killed runtime's DynamoDB JVM may already be gone (its orphan guard noticed the parent
    // died), or go while this reads (the connection reset): then this figure cannot be read. The
    // guarantees are checked after the restart.
    if (/ECONNREFUSED|ECONNRESET|EPIPE/.test(`${(error as { code?: string }).code} ${String(error)}`)) return null;
    throw error;
  } finally {
    db.destroy();
  }
}

/** The count the restarted runtime printed: cases re-sent by its start-up recovery. */
function recoveredCount(rt: RuntimeProcess): number {
  const match = /recovery {2}(\d+) unrouted case\(s\) re-sent/.exec(rt.output());
  if (!match) throw new Error(`no recovery line in the runtime's output:\n${rt.output()}`);
  return Number(match[1]);
}

interface Audit {
  /** Accepted (202) cases not queued within the bound. */
  lost: string[];
  /** Cases stored for a filing that got no 202 (a timeout, or the kill cut the answer off). */
  storedWithoutAnswer: number;
  /** Of those, the ones not queued within the bound. */
  strandedWithoutAnswer: string[];
  /** Cases whose timeline shows other than one routing and one queueing. */
  notExactlyOnce: string[];
  numbers: string[];
  queuedAfterMs: number;
}

/** After a restart: every accepted case, and every case stored for the burst's holders, must reach `queued` — once. */
async function audit(rt: RuntimeProcess, burst: Filing[], restartedAt: number): Promise<Audit> {
  const acceptedIds = new Set(accepted(burst).map((f) => f.answer.body.caseId as string));
  const waited = await waitForCases(
    rt.url,
    accepted(burst).map((f) => ({ caseId: f.answer.body.caseId, token: f.token })),
    (view) => view?.status === 'queued',
    QUEUED_WITHIN_MS,
  );
  // What each holder can see of their own: includes cases stored although the answer never came.
  const owned = await Promise.all(
    burst.map(async (f) => {
      const answer = await call(rt.url, 'GET', '/cases?limit=100', { token: f.token });
      return (answer.body.items as { caseId: string; caseNumber: string }[]).map((c) => ({
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        token: f.token,
      }));
    }),
  );
  const withoutAnswer = owned.flat().filter((c) => !acceptedIds.has(c.caseId));
  const stranded = await waitForCases(rt.url, withoutAnswer, (view) => view?.status === 'queued', QUEUED_WITHIN_MS);
  const queuedAfterMs = Date.now() - restartedAt;
  const timelines = await Promise.all(
    owned.flat().map(async (c) => {
      const answer = await call(rt.url, 'GET', `/cases/${c.caseId}/timeline?limit=100`, { token: c.token });
      const types = (answer.body.items as { type: string }[]).map((event) => event.type);
      return { caseId: c.caseId, routed: types.filter((t) => t === 'routed').length, queued: types.filter((t) => t === 'queued').length };
    }),
  );
  return {
    lost: waited.pending,
    storedWithoutAnswer: withoutAnswer.length,
    strandedWithoutAnswer: stranded.pending,
    notExactlyOnce: timelines.filter((t) => t.routed !== 1 || t.queued !== 1).map((t) => t.caseId),
    numbers: owned.flat().map((c) => c.caseNumber),
    queuedAfterMs,
  };
}

describe('the runtime process killed with SIGKILL, restarted on the same data', () => {
  it('the runtime killed with SIGKILL right after a burst of accepted complaints: every accepted case reaches queued after restart, routed once, numbered once', async (context) => {
    const first = await start();
    // A runtime that has been serving (the first requests after a start pay for loading code and a cold JVM).
    const warmUp = await fileBurst(first, 1, 'warm-up');
    const burst = [...warmUp, ...(await fileBurst(first, BURST, 'after-burst'))];
    const file = await killHard(first);
    const timeouts = timedOut(first);
    running = undefined;
    const unroutedAtKill = await unroutedLeftBy(
      file,
      accepted(burst).map((f) => f.answer.body.caseId),
    );

    const restartedAt = Date.now();
    const second = await start();
    // The orphaned JVM of the killed runtime was stopped by the new start, not left running.
    expect(isDynamoDbLocal(file.dynamodbPid)).toBe(false);
    const recovered = recoveredCount(second);
    const result = await audit(second, burst, restartedAt);
    allNumbers.push(...result.numbers);

    report(context, {
      faults: 1,
      requests: burst.length,
      accepted: accepted(burst).length,
      lost: result.lost.length + result.strandedWithoutAnswer.length,
      fiveXx: burst.filter((f) => is5xx(f.answer)).length,
      duplicateNumbers: duplicates(allNumbers),
      note:
        `left unrouted by the kill: ${unroutedAtKill ?? 'unknown (JVM already gone)'} of ${accepted(burst).length} accepted; re-sent at restart: ${recovered}; ` +
        `5xx that were submit timeouts on a loaded machine: ${timeouts}; stored without a 202: ${result.storedWithoutAnswer}; ` +
        `all queued ${(result.queuedAfterMs / 1000).toFixed(1)} s after the restart began; ` +
        `orphaned JVM ${file.dynamodbPid} stopped`,
    });
    expect(accepted(burst).length, 'the burst itself was accepted').toBeGreaterThan(0);
    // No 5xx but the function timeouts of an overloaded machine (and none at all on an idle one).
    expect(burst.filter((f) => is5xx(f.answer)).length).toBeLessThanOrEqual(timeouts);
    // At least what the kill left unrouted (writes the dead process had in flight may have landed after).
    if (unroutedAtKill !== null) expect(recovered).toBeGreaterThanOrEqual(unroutedAtKill);
    expect(result.lost, `accepted but not queued within ${QUEUED_WITHIN_MS} ms`).toEqual([]);
    expect(result.strandedWithoutAnswer, 'stored without an answer and not queued').toEqual([]);
    expect(result.notExactlyOnce, 'routed or queued other than once').toEqual([]);
    expect(duplicates(allNumbers)).toBe(0);
  }, 240_000);

  it('the runtime killed with SIGKILL in the middle of a burst, between storing cases and sending them: every answered case and every stored one reaches queued after restart', async (context) => {
    const first = running ?? (await start());
    let answered = 0;
    let killing: Promise<RuntimeFile> | undefined;
    // Kill once a third of the burst is answered: the rest are mid-flight, some stored and not yet sent.
    const burst = await fileBurst(first, BURST, 'mid-burst', (answer) => {
      if (answer.status === 202 && ++answered === BURST / 3) killing = killHard(first);
    });
    const file = await (killing ?? killHard(first));
    running = undefined;

    const restartedAt = Date.now();
    const second = await start();
    expect(isDynamoDbLocal(file.dynamodbPid)).toBe(false);
    const recovered = recoveredCount(second);
    const result = await audit(second, burst, restartedAt);
    allNumbers.push(...result.numbers);

    // The counter outlived two kills: the next filing continues the sequence.
    const next = await fileBurst(second, 1, 'after-kills');
    const nextNumber = next[0]!.answer.body.caseNumber as string;
    const highest = Math.max(...allNumbers.map(numberOf));
    allNumbers.push(nextNumber);

    const cutOff = burst.filter((f) => f.answer.status === 0).length;
    report(context, {
      faults: 1,
      requests: burst.length + 1,
      accepted: accepted(burst).length + (next[0]!.answer.status === 202 ? 1 : 0),
      lost: result.lost.length + result.strandedWithoutAnswer.length,
      fiveXx: [...burst, ...next].filter((f) => is5xx(f.answer)).length,
      duplicateNumbers: duplicates(allNumbers),
      note:
        `answered 202 before the kill: ${accepted(burst).length}; cut off by the kill: ${cutOff}, of which stored: ${result.storedWithoutAnswer} — ` +
        `re-sent at restart: ${recovered}; all queued ${(result.queuedAfterMs / 1000).toFixed(1)} s after the restart began`,
    });
    expect(accepted(burst).length).toBeGreaterThan(0);
    expect(result.lost, `accepted but not queued within ${QUEUED_WITHIN_MS} ms`).toEqual([]);
    expect(result.strandedWithoutAnswer, 'stored without an answer and not queued').toEqual([]);
    expect(result.notExactlyOnce, 'routed or queued other than once').toEqual([]);
    expect(duplicates(allNumbers)).toBe(0);
    expect(next[0]!.answer.status).toBe(202);
    expect(numberOf(nextNumber)).toBeGreaterThan(highest);
  }, 240_000);
});
