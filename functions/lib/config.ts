// Configuration from the environment, read once on first use (never at import time) and validated,
// so a missing variable fails the first invocation with a clear message instead of breaking a module load.

import * as z from 'zod';
import { PATHS, type CasePath } from '#domain/model.ts';

export const TABLE_NAME_ENV = 'TABLE_NAME';
export type QueueName = 'intake' | CasePath;
/** The environment variable carrying a queue's URL: `INTAKE_QUEUE_URL`, `MEDIATION_QUEUE_URL`, … */
export const queueUrlEnv = (queue: QueueName): string => `${queue.toUpperCase()}_QUEUE_URL`;
/** The environment variable carrying a queue's dead-letter queue URL: `INTAKE_DLQ_URL`, … */
export const dlqUrlEnv = (queue: QueueName): string => `${queue.toUpperCase()}_DLQ_URL`;
/** Every queue of the pipeline, intake first. */
export const QUEUE_NAMES: readonly QueueName[] = ['intake', ...PATHS];

const configSchema = z.object({
  tableName: z.string().min(3),
  queueUrls: z.record(z.string(), z.string().url().optional()),
  /** Dead-letter queue URLs: only functions that use the dead letters (`uses.deadLetters`) get them. */
  dlqUrls: z.record(z.string(), z.string().url().optional()),
  /** Extra working-day calendar data (JSON) an operator can add without a code change. */
  extraCalendar: z.string().optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const env = process.env;
  const parsed = configSchema.safeParse({
    tableName: env[TABLE_NAME_ENV],
    queueUrls: Object.fromEntries(QUEUE_NAMES.map((q) => [q, env[queueUrlEnv(q)] || undefined])),
    dlqUrls: Object.fromEntries(QUEUE_NAMES.map((q) => [q, env[dlqUrlEnv(q)] || undefined])),
    extraCalendar: env.EXTRA_CALENDAR || undefined,
    logLevel: env.LOG_LEVEL || undefined,
  });
  if (!parsed.success) {
    throw new Error(`Invalid function configuration: ${z.prettifyError(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
}

/** The URL of a queue this function sends to; throws if the function was not configured to send there. */
export function queueUrl(queue: QueueName): string {
  const url = config().queueUrls[queue];
  if (!url) throw new Error(`Queue URL for "${queue}" is not configured (${queueUrlEnv(queue)})`);
  return url;
}

/** The URL of a queue's dead-letter queue; throws if the function was not given the dead letters. */
export function dlqUrl(queue: QueueName): string {
  const url = config().dlqUrls[queue];
  if (!url) throw new Error(`Dead-letter queue URL for "${queue}" is not configured (${dlqUrlEnv(queue)})`);
  return url;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}
