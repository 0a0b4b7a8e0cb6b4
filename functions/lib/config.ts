// Configuration from the environment, read once on first use and validated, so a missing variable
// fails with a clear message. Locally and in tests it is read lazily (never at import time: tests and
// the local runtime import handlers before they set the environment). A deployed function asks for
// the check at init instead (`CONFIG_CHECK=init`, set by infra/cdk/functions.ts): then loading the
// module validates it, and a misconfigured function fails its cold start — Lambda reports an init
// error on the first invocation, counted in the function's Errors alarm — before it touches a request.

import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { calendarSchema } from '#domain/calendar.ts';
import { deadlineRulesSchema } from '#domain/deadlines.ts';
import { PATHS, ROLES, type CasePath } from '#domain/model.ts';
import { AGENCY_GROUPS, LEAD_GROUP } from '#domain/agencies.ts';
import type { Directory } from '#domain/notifications.ts';
import type { EmailChannel, SmsChannel } from './channels.ts';
import { errorFields, log, logLevelFrom, type LogLevel } from './log.ts';
import { CALLER_RATE_LIMIT_ENV, DEFAULT_CALLER_RATE_LIMIT } from './rate-limit-settings.ts';

/** `init`: validate the configuration when this module loads (the AWS stack sets it; locally unset). */
export const CONFIG_CHECK_ENV = 'CONFIG_CHECK';
/** Comma-separated names of the variables the stack bound to this function: each must be set at init. */
export const REQUIRED_ENV = 'REQUIRED_ENV';

export const TABLE_NAME_ENV = 'TABLE_NAME';
export type QueueName = 'intake' | CasePath | 'notifications';
/** The environment variable carrying a queue's URL: `INTAKE_QUEUE_URL`, `MEDIATION_QUEUE_URL`, … */
export const queueUrlEnv = (queue: QueueName): string => `${queue.toUpperCase()}_QUEUE_URL`;
/** The environment variable carrying a queue's dead-letter queue URL: `INTAKE_DLQ_URL`, … */
export const dlqUrlEnv = (queue: QueueName): string => `${queue.toUpperCase()}_DLQ_URL`;
/** Every queue: the case pipeline's, intake first, then the notices'. */
export const QUEUE_NAMES: readonly QueueName[] = ['intake', ...PATHS, 'notifications'];

/** The secret list cursors are sealed with, itself (the local runtime: random per data directory). */
export const CURSOR_SECRET_ENV = 'CURSOR_SECRET';
/** In AWS: the ARN of the Secrets Manager secret holding it, so the value never sits in the function's configuration. */
export const CURSOR_SECRET_ARN_ENV = 'CURSOR_SECRET_ARN';
/**
 * Another OIDC provider's group names → roles (JSON object). Unset with Cognito, whose groups are
 * named as the roles; when set, it is the only way a group becomes a role.
 */
export const GROUP_ROLES_ENV = 'GROUP_ROLES';

/** The notices' settings (SPEC §11): where the pages are, whom agencies and staff roles are reached at, how mail and SMS leave. */
export const NOTICE_ENV = {
  /** Base URL of the web pages: notices link to `<SITE_URL>/#/cases/<id>`. */
  siteUrl: 'SITE_URL',
  /** JSON: `{"inboxes": {"court": {"email": …}, "mediator": {…}, …}}` — shared inboxes, as data per deployment. */
  directory: 'NOTICE_DIRECTORY',
  /** `ses` (Amazon SES v2) or `smtp` (any relay: the regions without SES, the local mailbox). */
  emailChannel: 'EMAIL_CHANNEL',
  mailFrom: 'MAIL_FROM',
  smtpUrl: 'SMTP_URL',
  /** Instead of SMTP_URL when the relay needs a password: the ARN of a secret holding the whole URL. */
  smtpSecretArn: 'SMTP_SECRET_ARN',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** `sns` (Amazon SNS) or `smtp-gateway` (mail to <number>@<SMS_GATEWAY_DOMAIN>, as enterprise SMS gateways take it). */
  smsChannel: 'SMS_CHANNEL',
  smsGatewayDomain: 'SMS_GATEWAY_DOMAIN',
  smsSenderId: 'SMS_SENDER_ID',
} as const;

// zod/mini sets no locale (classic zod sets English when it loads): English, as before, for every
// issue parsed without a locale of its own — this configuration, queue messages, the shipped calendar.
// The HTTP edge passes the caller's language on each parse (request.ts).
z.config(en());

// A provider group maps to a role, or (SPEC §12) to an officer's agency: `agency:<id>`, or (SPEC §13) to
// the lead officers' group `agency_lead`.
const groupRolesSchema = z
  .record(z.string().check(z.minLength(1)), z.enum([...ROLES, ...AGENCY_GROUPS, LEAD_GROUP]))
  .check(z.refine((map: Record<string, string>) => Object.keys(map).length > 0, 'maps no group to a role'));

/** A JSON document in a variable: parsed, then held to `schema`. */
const jsonText = <S extends z.core.$ZodType>(schema: S) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'is not JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

const logLevelSchema = z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info');

/** Lambda's application log levels in ours: nothing finer than debug, nothing beyond error. */
const LAMBDA_LOG_LEVELS: Record<string, LogLevel> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  FATAL: 'error',
};

/**
 * The level asked for. In AWS it is the function's own logging configuration: with the JSON log
 * format and an application log level, Lambda sets AWS_LAMBDA_LOG_LEVEL (and drops finer lines
 * itself). Locally, LOG_LEVEL.
 */
function logLevelSetting(env: NodeJS.ProcessEnv): string | undefined {
  const lambda = env.AWS_LAMBDA_LOG_LEVEL;
  if (lambda) return LAMBDA_LOG_LEVELS[lambda.toUpperCase()] ?? lambda;
  return env.LOG_LEVEL || undefined;
}

/**
 * A number written in a variable, as `Number` reads it; what does not read as a finite number
 * (`fast`, `Infinity`) fails `schema`. (Not `z.coerce`: that namespace would bundle every coercion.)
 */
const numberText = (schema: z.ZodMiniNumber<number>) => z.pipe(z.pipe(z.string(), z.transform(Number)), schema);

/** Requests per caller (functions/lib/rate-limit.ts): each variable defaults on its own; a 0 in either turns limiting off (null). */
const callerRateLimitSchema = z.pipe(
  z.object({
    ratePerSecond: z._default(numberText(z.number().check(z.gte(0))), DEFAULT_CALLER_RATE_LIMIT.ratePerSecond),
    burst: z._default(numberText(z.number().check(z.int(), z.gte(0))), DEFAULT_CALLER_RATE_LIMIT.burst),
  }),
  z.transform((limit: { ratePerSecond: number; burst: number }) => (limit.ratePerSecond === 0 || limit.burst === 0 ? null : limit)),
);

const queueUrlSchema = z.optional(z.string().check(z.url()));

// The notice settings use only what the rest of this schema uses of zod (no unions, literals or
// e-mail formats): this module is in every function's bundle.
/** A Secrets Manager secret's full ARN (the cursor secret, an SMTP relay's URL with its password). */
export const SECRET_ARN = /^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:\S+$/;
const secretArn = z.string().check(z.regex(SECRET_ARN));
const emailAddress = z.string().check(z.regex(/^[^@\s]+@[^@\s]+$/));
const relayUrl = z.string().check(z.regex(/^smtps?:\/\/\S+$/));
const INBOXES = ['court', 'police', 'procuratorate', 'supervisor', 'mediator', 'arbitrator', 'notary', 'officer'];
const contactSchema = z.object({
  email: z.optional(emailAddress),
  phone: z.optional(z.string().check(z.regex(/^\+?[\d-]{5,20}$/))),
  language: z.optional(z.enum(['zh-CN', 'en'])),
});
const directorySchema = z.object({
  inboxes: z
    .record(z.string(), contactSchema)
    .check(
      z.refine(
        (inboxes: Record<string, unknown>) => Object.keys(inboxes).every((name) => INBOXES.includes(name)),
        `inboxes are ${INBOXES.join(', ')}`,
      ),
    ),
});

/** Present only for the functions that decide or send notices (the stack binds these variables to them). */
const noticesSchema = z.optional(
  z.object({
    siteUrl: z.string().check(z.url()),
    directory: jsonText(directorySchema),
    relaySecretArn: z.optional(secretArn),
    email: z
      .object({ kind: z.enum(['ses', 'smtp']), from: emailAddress, url: z.optional(relayUrl), configurationSet: z.optional(z.string()) })
      .check(
        z.refine((e: { kind: string; url?: string }) => e.kind !== 'smtp' || e.url !== undefined, 'smtp needs SMTP_URL or SMTP_SECRET_ARN'),
      ),
    sms: z
      .object({
        kind: z.enum(['sns', 'smtp-gateway']),
        senderId: z.optional(z.string()),
        url: z.optional(relayUrl),
        domain: z.optional(z.string()),
      })
      .check(
        z.refine(
          (m: { kind: string; url?: string; domain?: string }) =>
            m.kind !== 'smtp-gateway' || (m.url !== undefined && m.domain !== undefined),
          'smtp-gateway needs SMTP_URL (or SMTP_SECRET_ARN) and SMS_GATEWAY_DOMAIN',
        ),
      ),
  }),
);

const configSchema = z.object({
  /** Absent for a function the topology gives no table (`uses.table: 'none'`). */
  tableName: z.optional(z.string().check(z.minLength(3))),
  queueUrls: z.record(z.string(), queueUrlSchema),
  /** Dead-letter queue URLs: only functions that use the dead letters (`uses.deadLetters`) get them. */
  dlqUrls: z.record(z.string(), queueUrlSchema),
  /** Extra working-day calendar data (JSON) an operator can add without a code change. */
  extraCalendar: z.optional(jsonText(calendarSchema)),
  /** Overrides of the SPEC §6 deadline periods (JSON), per deadline kind. */
  deadlineRules: z.optional(jsonText(deadlineRulesSchema)),
  logLevel: logLevelSchema,
  /** The environment's secret (list cursors, invitation codes): only functions with `uses.secret` get one of the two. */
  cursorSecret: z.optional(z.string().check(z.minLength(32))),
  cursorSecretArn: z.optional(secretArn),
  groupRoles: z.optional(jsonText(groupRolesSchema)),
  callerRateLimit: callerRateLimitSchema,
  notices: noticesSchema,
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
    deadlineRules: env.DEADLINE_RULES || undefined,
    logLevel: logLevelSetting(env),
    cursorSecret: env[CURSOR_SECRET_ENV] || undefined,
    cursorSecretArn: env[CURSOR_SECRET_ARN_ENV] || undefined,
    groupRoles: env[GROUP_ROLES_ENV] || undefined,
    callerRateLimit: { ratePerSecond: env[CALLER_RATE_LIMIT_ENV.rps] || undefined, burst: env[CALLER_RATE_LIMIT_ENV.burst] || undefined },
    notices: noticesFrom(env),
  });
  if (!parsed.success) {
    throw new Error(`Invalid function configuration: ${z.prettifyError(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
}

/** The notice settings as given (undefined when the function has none: SITE_URL unset). */
function noticesFrom(env: NodeJS.ProcessEnv): unknown {
  const get = (name: string) => env[name] || undefined;
  if (!get(NOTICE_ENV.siteUrl)) return undefined;
  const relaySecretArn = get(NOTICE_ENV.smtpSecretArn);
  // With a secret, the URL is fetched when first needed (the notifier): a stand-in holds its place.
  const relayUrl = relaySecretArn ? RELAY_URL_IN_SECRET : get(NOTICE_ENV.smtpUrl);
  return {
    siteUrl: get(NOTICE_ENV.siteUrl),
    relaySecretArn,
    directory: get(NOTICE_ENV.directory) ?? '{"inboxes":{}}',
    email: {
      kind: get(NOTICE_ENV.emailChannel) ?? 'ses',
      from: get(NOTICE_ENV.mailFrom),
      url: relayUrl,
      configurationSet: get(NOTICE_ENV.sesConfigurationSet),
    },
    sms: {
      kind: get(NOTICE_ENV.smsChannel) ?? 'sns',
      senderId: get(NOTICE_ENV.smsSenderId),
      url: relayUrl,
      domain: get(NOTICE_ENV.smsGatewayDomain),
    },
  };
}

/** Stands in for a relay URL kept in Secrets Manager until the notifier fetches it. */
export const RELAY_URL_IN_SECRET = 'smtps://in-secret.invalid';

export interface NoticeSettings {
  siteUrl: string;
  /** The secret holding the relay's URL (with its password), when there is one: the URLs below are RELAY_URL_IN_SECRET until it is read. */
  relaySecretArn?: string;
  directory: Directory;
  email: EmailChannel;
  sms: SmsChannel;
}

/** The notice settings; throws if the function was not given them (SITE_URL and the rest). */
export function noticeSettings(): NoticeSettings {
  const n = config().notices;
  if (!n) throw new Error(`Notices are not configured for this function (${NOTICE_ENV.siteUrl} and the rest)`);
  const { email, sms } = n;
  return {
    siteUrl: n.siteUrl,
    ...(n.relaySecretArn ? { relaySecretArn: n.relaySecretArn } : {}),
    directory: n.directory as Directory,
    email:
      email.kind === 'smtp'
        ? { kind: 'smtp', url: email.url!, from: email.from }
        : { kind: 'ses', from: email.from, ...(email.configurationSet ? { configurationSet: email.configurationSet } : {}) },
    sms:
      sms.kind === 'smtp-gateway'
        ? { kind: 'smtp-gateway', url: sms.url!, from: email.from, domain: sms.domain! }
        : { kind: 'sns', ...(sms.senderId ? { senderId: sms.senderId } : {}) },
  };
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

let cachedLogLevel: LogLevel | undefined;

/** The log threshold. Never throws (a logger that fails helps no one): a bad setting logs at info, and config() reports it. */
export function logLevel(): LogLevel {
  if (!cachedLogLevel) {
    const parsed = logLevelSchema.safeParse(logLevelSetting(process.env));
    cachedLogLevel = parsed.success ? parsed.data : 'info';
  }
  return cachedLogLevel;
}
logLevelFrom(logLevel);

/**
 * The X-Ray trace id (the Root of the trace header) of the invocation in hand. Lambda sets
 * `_X_AMZN_TRACE_ID` anew for every invocation, so it is read each time, never cached.
 */
export function traceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  return header ? /(?:^|;)\s*Root=([^;]+)/.exec(header)?.[1] : undefined;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
  cachedLogLevel = undefined;
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
