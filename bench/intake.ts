// 1. Intake: POST /complaints at concurrency 1, 8, 32 against the local runtime, and beside it three
// baselines straight through the SDK: the same DynamoDB writes and SQS send the handler makes (the
// floor), the least any durable accept must do (one conditional PutItem of the complaint, one
// SendMessage), and the least an accept that answers with a case number must do (the per-caller
// rate-limit update and the counter update before those two) — in rotating rounds so that drift on
// a noisy machine falls on all alike.

import { complaintSchema } from '#domain/complaint.schema.ts';
import { cstDate } from '#domain/calendar.ts';
import { call } from './api.ts';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { acceptMinimally, acceptNumbered, fileDirectly, type FileTarget } from './case-items.ts';
import { complaint, runOffset } from './complaints.ts';
import { merge, runLoad, type LoadResult } from './load.ts';
import { say } from './progress.ts';
import type { BenchRuntime } from './runtime.ts';
import { settle } from './settle.ts';
import { summarize, round } from './stats.ts';
import { userTokens } from './users.ts';

export interface IntakeRow {
  concurrency: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  floorRps: number;
  floorP50Ms: number;
  floorP99Ms: number;
  ratio: number;
  /** The minimal durable accept: one conditional PutItem + one SendMessage. */
  acceptRps: number;
  acceptP50Ms: number;
  /** API rps ÷ accept rps. */
  acceptRatio: number;
  /** The numbered accept: rate-limit UpdateItem + counter UpdateItem + conditional PutItem + SendMessage. */
  numberedRps: number;
  /** Numbered accept rps ÷ accept rps: what any filing that answers with its case number could reach, against the minimal accept. */
  numberedRatio: number;
}

export interface IntakePlan {
  concurrencies: number[];
  requests: Record<number, number>;
  rounds: number;
}

/** The cases filed over the API (caseId and owner), for the read section. */
export interface Filed {
  caseId: string;
  ownerSub: string;
}

let sequence = runOffset;

export function floorTarget(rt: BenchRuntime): FileTarget {
  const intakeQueueUrl = rt.queues['intake'];
  if (!intakeQueueUrl) throw new Error('no intake queue');
  return { db: rt.db, sqs: rt.sqs, tableName: rt.tableName, intakeQueueUrl };
}

export async function benchIntake(rt: BenchRuntime, plan: IntakePlan): Promise<{ rows: IntakeRow[]; filed: Filed[] }> {
  const users = await userTokens(rt, 'rights_holder', 'bench-holder');
  const target = floorTarget(rt);
  const filed: Filed[] = [];
  // The floor gets the validated complaint (validation is part of what the API does, not of the I/O floor).
  const parse = complaintSchema(cstDate(new Date()));

  const api = (concurrency: number, requests: number, label = 'intake API') =>
    runLoad({
      label,
      concurrency,
      requests,
      task: async (i) => {
        const user = users[i % users.length]!;
        const a = await call(rt.url, 'POST', '/complaints', user.token, complaint(sequence++));
        if (a.status !== 202) return `${a.status} ${JSON.stringify(a.body).slice(0, 200)}`;
        filed.push({ caseId: a.body.caseId, ownerSub: user.sub });
      },
    });
  const floor = (concurrency: number, requests: number, label = 'intake floor') =>
    runLoad({
      label,
      concurrency,
      requests,
      task: async (i) => {
        const body = parse.parse(complaint(sequence++));
        await fileDirectly(target, users[i % users.length]!.sub, body);
      },
    });

  const { QueueUrl: acceptQueue } = await rt.sqs.send(new CreateQueueCommand({ QueueName: 'bench-minimal-accept' }));
  const accept = (concurrency: number, requests: number, label = 'minimal accept') =>
    runLoad({
      label,
      concurrency,
      requests,
      task: async () => {
        await acceptMinimally(rt.db, rt.sqs, rt.tableName, acceptQueue!, parse.parse(complaint(sequence++)));
      },
    });

  // The minimal accept's queue: nothing consumes it, so the two differ only by the two updates.
  const numbered = (concurrency: number, requests: number, label = 'numbered accept') =>
    runLoad({
      label,
      concurrency,
      requests,
      task: async (i) => {
        await acceptNumbered(rt.db, rt.sqs, rt.tableName, acceptQueue!, users[i % users.length]!.sub, parse.parse(complaint(sequence++)));
      },
    });

  say('intake: warm-up (handlers imported, connections open; not measured)');
  await api(8, 40, 'warm-up API');
  await floor(8, 40, 'warm-up floor');
  await accept(8, 40, 'warm-up accept');
  await numbered(8, 40, 'warm-up numbered');
  await settle(rt);

  const rows: IntakeRow[] = [];
  for (const concurrency of plan.concurrencies) {
    const requests = plan.requests[concurrency] ?? 100;
    const apiRuns: LoadResult[] = [];
    const floorRuns: LoadResult[] = [];
    const acceptRuns: LoadResult[] = [];
    const numberedRuns: LoadResult[] = [];
    const kinds = ['api', 'floor', 'accept', 'numbered'] as const;
    for (let round = 0; round < plan.rounds; round++) {
      // Each round starts one later in the rotation, so each load runs at another place in the round;
      // the numbered accept always runs right after the minimal one it is compared with.
      const order = kinds.map((_, k) => kinds[(k + round) % kinds.length]!);
      for (const which of order) {
        if (which === 'api') apiRuns.push(await api(concurrency, requests));
        else if (which === 'floor') floorRuns.push(await floor(concurrency, requests));
        else if (which === 'accept') acceptRuns.push(await accept(concurrency, requests));
        else numberedRuns.push(await numbered(concurrency, requests));
        const left = await settle(rt);
        if (left > 0) say(`warning: ${left} cases still unrouted after waiting 120 s`);
      }
    }
    const a = merge(apiRuns);
    const f = merge(floorRuns);
    const s = summarize(a.latencies);
    const fs = summarize(f.latencies);
    const m = merge(acceptRuns);
    const ms = summarize(m.latencies);
    const n = merge(numberedRuns);
    rows.push({
      concurrency,
      requests: a.requests,
      rps: round(a.rps, 1),
      p50Ms: s.p50Ms,
      p95Ms: s.p95Ms,
      p99Ms: s.p99Ms,
      errors: a.errors,
      floorRps: round(f.rps, 1),
      floorP50Ms: fs.p50Ms,
      floorP99Ms: fs.p99Ms,
      ratio: round(a.rps / f.rps, 3),
      acceptRps: round(m.rps, 1),
      acceptP50Ms: ms.p50Ms,
      acceptRatio: round(a.rps / m.rps, 3),
      numberedRps: round(n.rps, 1),
      numberedRatio: round(n.rps / m.rps, 3),
    });
    const runs = [a, f, m, n];
    if (runs.some((r) => r.errors > 0)) say(`intake c=${concurrency}: errors ${runs.flatMap((r) => r.errorSamples).join(' | ')}`);
  }
  return { rows, filed };
}
