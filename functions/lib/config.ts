// Configuration from the environment, read once on first use and validated, so a missing variable
// fails with a clear message. Locally and in tests it is read lazily (never at import time: tests and
// the local runtime import handlers before they set the environment). A deployed function asks for
// the check at init instead (`CONFIG_CHECK=init`, set by infra/cdk/functions.ts): then loading the
// module validates it, and a misconfigured function fails its cold start — Lambda reports an init
// error on the first invocation, counted in the function's Errors alarm — before it touches a request.

import * as z from 'zod';
import { PATHS, type CasePath } from '#domain/model.ts';
import { errorFields, log } from './log.ts';

/** `init`: validate the configuration when this module loads (the AWS stack sets it; locally unset). */
export const CONFIG_CHECK_ENV = 'CONFIG_CHECK';
/** Comma-separated names of the variables the stack bound to this function: each must be set at init. */
export const REQUIRED_ENV = 'REQUIRED_ENV';

export const TABLE_NAME_ENV = 'TABLE_NAME';
export type QueueName = 'intake' | CasePath;
/** The environment variable carrying a queue's URL: `INTAKE_QUEUE_URL`, `MEDIATION_QUEUE_URL`, … */
export const queueUrlEnv = (queue: QueueName): string => `${queue.toUpperCase()}_QUEUE_URL`;
/** The environment variable carrying a queue's dead-letter queue URL: `INTAKE_DLQ_URL`, … */
export const dlqUrlEnv = (queue: QueueName): string => `${queue.toUpperCase()}_DLQ_URL`;
/** Every queue of the pipeline, intake first. */
export const QUEUE_NAMES: readonly QueueName[] = ['intake', ...PATHS];

const configSchema = z.object({
  /** Absent for a function the topology gives no table (`uses.table: 'none'`). */
  tableName: z.string().min(3).optional(),
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
    tableName: env[TABLE_NAME_ENV] || undefined,
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

/** The case table's name; throws if the function was not given the table (`uses.table: 'none'`). */
export function caseTable(): string {
  const name = config().tableName;
  if (!name) throw new Error(`The table is not configured for this function (${TABLE_NAME_ENV})`);
  return name;
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

// Last in the module: everything `config()` uses is initialised by now.
if (process.env[CONFIG_CHECK_ENV] === 'init') {
  try {
    const missing = (process.env[REQUIRED_ENV] ?? '').split(',').filter((name) => name && !process.env[name]);
    if (missing.length > 0) throw new Error(`Invalid function configuration: ${missing.join(', ')} not set`);
    config();
  } catch (error) {
    log.error('function configuration is invalid; refusing to start', errorFields(error));
    throw error;
  }
}
