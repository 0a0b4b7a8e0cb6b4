// Broken: the queue service, at the moment complaints are filed. The functions run in this
// process against DynamoDB Local and the SQS emulator; the intake queue is made unreachable in
// three ways — a queue that does not exist, an endpoint that refuses connections, an endpoint that
// accepts them and never answers. Survives: every filing is answered 202 in time (the case is
// stored first), and once the queue is back the reconciler routes every one of them, once.

import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { freePort } from '../support/runtime-process.ts';
import { duplicates, report } from './support/figures.ts';
import { file, freshHandlers, reconcileNow, routeEverything, type Filed } from './support/pipeline.ts';

const BURST = 20;
/** The submit function's timeout (infra/topology.ts): a 202 must come well before it. */
const SUBMIT_TIMEOUT_MS = 10_000;

let stack: LocalStack;
const logLevel = process.env.LOG_LEVEL;

beforeAll(async () => {
  // Every filing below logs its failed send: warnings by the dozen, expected ones.
  process.env.LOG_LEVEL = 'error';
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
  if (logLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = logLevel;
});

/** A TCP server that accepts connections and never says a word: a hung or black-holed endpoint. */
async function blackHole(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Sets `variable` (new SDK clients see it), files a burst, and lets the scheduled reconciler run
 * while the queue is still down; then puts the real value back.
 */
async function fileDuringOutage(variable: string, value: string, tag: string) {
  const real = process.env[variable];
  process.env[variable] = value;
  try {
    const during = await freshHandlers();
    const filed = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        file(
          during,
          `${tag}-${i}`,
          validComplaint((c) => (c.respondent = { name: `${tag} 某某商店 ${i}` })),
        ),
      ),
    );
    const startedAt = Date.now();
    const reconciledDuring = await reconcileNow(during);
    return { filed, reconciledDuring, reconcileDuringMs: Date.now() - startedAt };
  } finally {
    process.env[variable] = real;
  }
}

/** The queue is back: a new sandbox reconciles and the pipeline runs; every filed case must end queued, once. */
async function recover(filed: Filed[]) {
  const handlers = await freshHandlers();
  const intakeBefore = (await stack.receiveAll(stack.queues['intake']!, { consume: false })).length;
  const reconciled = await reconcileNow(handlers);
  const routed = await routeEverything(handlers, stack);
  const { getCase } = await import('#lib/case-store.ts');
  const { listTimeline } = await import('#lib/case-lists.ts');
  const outcomes = await Promise.all(
    filed
      .filter((f) => f.status === 202)
      .map(async (f) => {
        const [stored, timeline] = await Promise.all([getCase(f.body.caseId), listTimeline(f.body.caseId)]);
        const types = timeline.map((e) => e.type);
        return {
          caseId: f.body.caseId as string,
          status: stored?.status,
          once: types.filter((t) => t === 'routed').length === 1 && types.filter((t) => t === 'queued').length === 1,
        };
      }),
  );
  return { intakeBefore, reconciled, routed, outcomes };
}

const outages: [name: string, variable: string, value: () => Promise<{ value: string; close?: () => Promise<void> }>][] = [
  [
    'the intake queue missing (QueueDoesNotExist) while a burst of complaints is filed: every filing answered 202, every case queued after the reconciler runs',
    'INTAKE_QUEUE_URL',
    async () => ({ value: `${stack.queues['intake']}-gone` }),
  ],
  [
    'the SQS endpoint refusing connections while a burst of complaints is filed: every filing answered 202, every case queued after the reconciler runs',
    'AWS_ENDPOINT_URL_SQS',
    async () => ({ value: `http://127.0.0.1:${await freePort()}` }),
  ],
  [
    'the SQS endpoint accepting connections but never answering while a burst of complaints is filed: every filing answered 202 within the function timeout, every case queued after the reconciler runs',
    'AWS_ENDPOINT_URL_SQS',
    async () => {
      const hole = await blackHole();
      return { value: hole.url, close: hole.close };
    },
  ],
];

describe('the queue unreachable when complaints are filed', () => {
  for (const [name, variable, outage] of outages) {
    it(name, async (context) => {
      const { value, close } = await outage();
      let outageRun: Awaited<ReturnType<typeof fileDuringOutage>>;
      try {
        outageRun = await fileDuringOutage(variable, value, `outage-${variable}-${value.length}`);
      } finally {
        await close?.();
      }
      const { filed, reconciledDuring, reconcileDuringMs } = outageRun;
      const accepted = filed.filter((f) => f.status === 202);
      const slowest = Math.max(...filed.map((f) => f.tookMs));
      const { intakeBefore, reconciled, routed, outcomes } = await recover(filed);
      const notQueued = outcomes.filter((o) => o.status !== 'queued');

      report(context, {
        faults: 1,
        requests: filed.length,
        accepted: accepted.length,
        lost: notQueued.length,
        fiveXx: filed.filter((f) => f.status >= 500).length,
        duplicateNumbers: duplicates(accepted.map((f) => f.body.caseNumber)),
        note:
          `slowest answer ${slowest} ms; reconciler during the outage: gave up after ${reconciledDuring.failed} failed sends in ${reconcileDuringMs} ms, ${reconciledDuring.deferred} left for later; ` +
          `messages that got through ${intakeBefore}; after: re-sent ${reconciled.redriven} (failed ${reconciled.failed}), ${routed.batches} batches, ${routed.failures} record failures`,
      });
      expect(filed.map((f) => f.status)).toEqual(filed.map(() => 202));
      expect(slowest).toBeLessThan(SUBMIT_TIMEOUT_MS);
      // A reconciler run while the queue is still down sends nothing, gives up early, loses nothing.
      expect(reconciledDuring.redriven).toBe(0);
      expect(reconciledDuring.failed + reconciledDuring.deferred).toBeGreaterThanOrEqual(BURST);
      expect(reconcileDuringMs).toBeLessThan(60_000 / 2);
      expect(intakeBefore).toBe(0);
      expect(reconciled.redriven).toBeGreaterThanOrEqual(BURST);
      expect(reconciled.failed).toBe(0);
      expect(routed.failures).toBe(0);
      expect(notQueued).toEqual([]);
      expect(outcomes.filter((o) => !o.once)).toEqual([]);
      expect(duplicates(accepted.map((f) => f.body.caseNumber))).toBe(0);
    }, 90_000);
  }
});
