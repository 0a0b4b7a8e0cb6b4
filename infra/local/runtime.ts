// The whole system on one machine, built by iterating the topology: DynamoDB Local with the table,
// the SQS emulator with every queue and its DLQ, the HTTP edge with every route, a poller per
// queue trigger and a timer per schedule. Handlers are the same modules the cloud runs, imported
// lazily after the environment they read has been set. At every start the reconciler runs once
// with no grace period: the emulated queues do not survive a restart (see RECOVERY_FUNCTION).

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resetClients } from '#lib/aws.ts';
import { resetConfig } from '#lib/config.ts';
import { CALLER_RATE_LIMIT_ENV } from '#lib/rate-limit.ts';
import { startClockAt } from './clock.ts';
import { createTableFromTopology, LOCAL_REGION, startDynamoDbLocal, type TableResult } from './dynamodb.ts';
import { LocalRuntimeError } from './errors.ts';
import { handlerLoader, lambdaContext, repoRoot, withTimeout, type HandlerLoader } from './handlers.ts';
import { startHttpServer } from './http.ts';
import { checkJava } from './java.ts';
import { localJwt, type LocalJwt } from './jwt.ts';
import { LOCAL_SMS_DOMAIN, functionEnvironment } from './function-env.ts';
import { startMailbox, type Mailbox } from './mailbox.ts';
import { outboxHtml, outboxJson } from './outbox-page.ts';
import { enableStream, startStreamPoller, type StreamPoller } from './stream-poller.ts';
import { errorFields, jsonLogger, type Logger } from './log.ts';
import { startPoller, type Poller } from './poller.ts';
import type { RateLimit } from './rate-limit.ts';
import { compileRoutes } from './routes.ts';
import { scheduledEvent, startSchedules } from './schedule.ts';
import { devSignInHostProblem, prepareLocalSite, type LocalSite } from './site.ts';
import { createQueuesFromTopology, startSqsEmulator } from './sqs.ts';
import { defaultTopology, triggersOf, type Topology } from './topology.ts';

export const DEFAULT_TABLE_NAME = 'ankang-ip-cases';

export interface InfrastructureOptions {
  /** Where DynamoDB data (unless in memory), the signing key and runtime.json live. Default `.data`. */
  dataDir?: string;
  /** DynamoDB Local in memory: nothing is kept after stop. */
  inMemory?: boolean;
  /** Default: the real `infra/topology.ts`. */
  topology?: Topology;
  /** Overrides every queue's visibility timeout (tests use 1 s to see redelivery quickly). */
  visibilityTimeoutSeconds?: number;
  tableName?: string;
  log?: Logger;
  /**
   * Requests per caller, which the HTTP functions enforce themselves (functions/lib/rate-limit.ts),
   * handed to them as RATE_LIMIT_RPS / RATE_LIMIT_BURST; `false` turns it off; undefined leaves
   * the environment as it is (unset: the functions' default, 20/s with bursts of 40).
   */
  rateLimit?: RateLimit | false;
  /** Where the pages are served: notices link there (default http://127.0.0.1:3000). */
  siteUrl?: string;
}

export interface Infrastructure {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  region: string;
  /** Queue URL by topology queue id. */
  queues: Record<string, string>;
  /** Dead-letter queue URL by topology queue id. */
  dlqs: Record<string, string>;
  queueArns: Record<string, string>;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  /** The DynamoDB Local JVM's pid. */
  dynamodbPid: number;
  dynamodbStartupMs: number;
  table: TableResult;
  /** The local mailbox (a real SMTP server) every notice goes to; kept under `<dataDir>/outbox`. */
  mailbox: Mailbox;
  /** Where the stream readers keep their place (a file per reader). */
  streamStateDir: string;
  /** The variables set in process.env for the handlers. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** DynamoDB Local + the SQS emulator + table + queues + handler environment; no HTTP, no pollers. */
export async function startInfrastructure(options: InfrastructureOptions = {}): Promise<Infrastructure> {
  const log = options.log ?? jsonLogger;
  const topology = options.topology ?? defaultTopology;
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  if (tableName.length < 3)
    throw new LocalRuntimeError('INVALID_OPTION', `table name "${tableName}" is too short (DynamoDB needs 3+ characters)`);
  const dataDir = resolve(options.dataDir ?? '.data');

  // In memory, nothing outlives the runtime: its mail and stream positions go with it too.
  const scratch = options.inMemory ? mkdtempSync(join(tmpdir(), 'akip-runtime-')) : undefined;
  const keptIn = scratch ?? dataDir;
  const [dynamo, sqs, mail] = await Promise.allSettled([
    startDynamoDbLocal({ dataDir, inMemory: options.inMemory, log }),
    startSqsEmulator({ log }),
    startMailbox({ dir: join(keptIn, 'outbox'), smsDomain: LOCAL_SMS_DOMAIN, log: (line) => log('info', line, {}) }),
  ]);
  if (dynamo.status === 'rejected' || sqs.status === 'rejected' || mail.status === 'rejected') {
    if (dynamo.status === 'fulfilled') await dynamo.value.stop();
    if (sqs.status === 'fulfilled') await sqs.value.stop();
    if (mail.status === 'fulfilled') await mail.value.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw [dynamo, sqs, mail].map((r) => (r.status === 'rejected' ? r.reason : undefined)).find(Boolean);
  }
  const db = dynamo.value;
  const emulator = sqs.value;
  const mailbox = mail.value;
  const stopBoth = async (): Promise<void> => {
    await Promise.allSettled([emulator.stop(), db.stop(), mailbox.stop()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };

  try {
    const table = await createTableFromTopology(db.client, tableName, topology.table);
    // A table an earlier version created has no stream yet.
    if (topology.table.stream) await enableStream(db.client, tableName);
    const created = await createQueuesFromTopology(emulator.client, topology, {
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    });
    const env = functionEnvironment(
      {
        dynamodbEndpoint: db.endpoint,
        sqsEndpoint: emulator.endpoint,
        tableName,
        queues: created.queues,
        dlqs: created.dlqs,
        smtpUrl: mailbox.url,
        siteUrl: options.siteUrl,
      },
      topology,
      dataDir,
      options.inMemory,
    );
    if (options.rateLimit !== undefined) {
      env[CALLER_RATE_LIMIT_ENV.rps] = options.rateLimit === false ? '0' : String(options.rateLimit.ratePerSecond);
      env[CALLER_RATE_LIMIT_ENV.burst] = options.rateLimit === false ? '0' : String(options.rateLimit.burst);
    }
    const restoreEnv = applyEnv(env);
    log('info', 'table and queues ready', { tableName, tableCreated: table.created, queues: Object.keys(created.queues) });

    let stopping: Promise<void> | undefined;
    return {
      dynamodbEndpoint: db.endpoint,
      sqsEndpoint: emulator.endpoint,
      tableName,
      region: LOCAL_REGION,
      queues: created.queues,
      dlqs: created.dlqs,
      queueArns: created.arns,
      dynamodb: db.client,
      sqs: emulator.client,
      dynamodbPid: db.pid,
      dynamodbStartupMs: db.startupMs,
      table,
      mailbox,
      streamStateDir: join(keptIn, 'streams'),
      env,
      stop() {
        stopping ??= (async () => {
          await stopBoth();
          restoreEnv();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await stopBoth();
    throw error;
  }
}

/** Sets the variables, and returns how to put back what was there before. */
function applyEnv(env: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const name of [...Object.keys(env), 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) previous.set(name, process.env[name]);
  // Real credentials or a profile must not leak into local calls.
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, env);
  // Handlers' config and clients are made once and cached; a runtime started after another must not see stale URLs.
  resetConfig();
  resetClients();
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetConfig();
    resetClients();
  };
}

export interface LocalRuntimeOptions extends InfrastructureOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Run every scheduled function once right after start. */
  runSchedulesAtStart?: boolean;
  /**
   * Re-send every accepted but unrouted case once at start, with no grace period (default true).
   * The SQS emulator keeps its queues in memory: a restart loses every message not yet consumed.
   */
  recoverAtStart?: boolean;
  /** The HTTP integration timeout (API Gateway: 30 s). */
  requestTimeoutMs?: number;
  /**
   * Requests per source address at the HTTP edge, before authentication and routing; default
   * `DEFAULT_ADDRESS_RATE_LIMIT` (API Gateway's stage limit); `false` turns it off. (Per caller: `rateLimit`.)
   */
  addressRateLimit?: RateLimit | false;
  /** Where topology entries are resolved; default the repository root. */
  rootDir?: string;
  /**
   * The functions' clock (`now()` in `#lib/clock.ts`) reads this instant when the runtime becomes
   * ready and runs on from there (CLOCK_START). Tokens, logs and timers keep real time.
   */
  clockStart?: Date;
  /** Serve the browser pages at `/` (built from web/ at start; default true). */
  pages?: boolean;
  /**
   * Dev mode: POST /dev/sign-in mints a token for any role and user (default false; `npm start`
   * turns it on unless DEV_SIGN_IN=0). Without it the endpoint does not exist (404). Only on a
   * loopback `host`, and only for requests that name this server by a loopback name (site.ts).
   */
  devSignIn?: boolean;
}

export interface LocalRuntime {
  httpUrl: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queues: Record<string, string>;
  dlqs: Record<string, string>;
  dataDir: string;
  dynamodbPid: number;
  /** Signs tokens the HTTP edge accepts (the same key as `npm run token`). */
  jwt: LocalJwt;
  /** Runs a scheduled function now, as its timer would. */
  runSchedule(functionName: string): Promise<void>;
  /** What the start-up run of the reconciler did; null when it did not run (disabled, or not in the topology). */
  startupRecovery: StartupRecovery | null;
  infrastructure: Infrastructure;
  /** Every notice sent, e-mail and SMS, as the local mailbox keeps them. */
  mailbox: Mailbox;
  /** Resolves once the stream readers have handed every record written so far to their functions. */
  drainStreams(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface RuntimeFile {
  http: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queues: Record<string, string>;
  dlqs: Record<string, string>;
  /** The local mailbox's SMTP URL (notices). */
  smtpUrl: string;
  /** Where notices link to: this runtime's pages. */
  siteUrl: string;
  pid: number;
  dynamodbPid: number;
  startedAt: string;
}

/**
 * The function that re-sends cases accepted but not yet routed (SPEC §8, "no lost complaint"). In
 * AWS the queue outlives any function; here the queues die with the process, so at every start it
 * runs once with no grace period — every case still `submitted` lost its message — and then keeps
 * its schedule.
 */
export const RECOVERY_FUNCTION = 'reconcile';

export interface StartupRecovery {
  /** Cases whose intake message was sent again. */
  redriven: number;
  /** Cases whose re-send failed (they stay unrouted; the schedule tries again). */
  failed: number;
  /** Cases not tried because the queue looked down (the schedule tries again). */
  deferred: number;
  tookMs: number;
  /** Set when the run itself failed. */
  error?: string;
}

async function recoverUnrouted(topology: Topology, loadHandler: HandlerLoader, log: Logger): Promise<StartupRecovery | null> {
  const entry = triggersOf(topology, 'schedule').find(({ fn }) => fn.name === RECOVERY_FUNCTION);
  if (!entry) return null;
  const { fn } = entry;
  const startedAt = Date.now();
  try {
    const handler = await loadHandler(fn);
    const event = { ...scheduledEvent(fn), detail: { graceSeconds: 0 } };
    const result = (await withTimeout(
      Promise.resolve(handler(event, lambdaContext(fn))),
      fn.timeoutSeconds * 1000,
      `function ${fn.name}`,
    )) as { redriven?: unknown; failed?: unknown; deferred?: unknown } | undefined;
    const recovery = {
      redriven: Number(result?.redriven ?? 0),
      failed: Number(result?.failed ?? 0),
      deferred: Number(result?.deferred ?? 0),
      tookMs: Date.now() - startedAt,
    };
    log(recovery.failed + recovery.deferred > 0 ? 'warn' : 'info', 'start-up recovery: unrouted cases re-sent to the intake queue', {
      function: fn.name,
      ...recovery,
    });
    return recovery;
  } catch (error) {
    log('error', 'start-up recovery failed; the schedule will try again', { function: fn.name, ...errorFields(error) });
    return {
      redriven: 0,
      failed: 0,
      deferred: 0,
      tookMs: Date.now() - startedAt,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export const runtimeFilePath = (dataDir: string): string => join(dataDir, 'runtime.json');

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? jsonLogger;
  const topology = options.topology ?? defaultTopology;
  const dataDir = resolve(options.dataDir ?? '.data');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LocalRuntimeError('INVALID_OPTION', `port ${port} is not a TCP port`);
  if (options.clockStart && !Number.isFinite(options.clockStart.getTime())) {
    throw new LocalRuntimeError('INVALID_OPTION', 'clockStart is not a valid date');
  }
  const exposed = options.devSignIn ? devSignInHostProblem(host) : undefined;
  if (exposed) throw new LocalRuntimeError('INVALID_OPTION', exposed);

  // Everything that can fail fast does so before the JVM starts: Java, routes, the HTTP port.
  await checkJava();
  const routes = compileRoutes(topology);
  mkdirSync(dataDir, { recursive: true });
  const jwt = await localJwt(dataDir);
  const loadHandler = handlerLoader(options.rootDir ?? repoRoot);
  let markReady!: () => void;
  let markFailed!: (error: unknown) => void;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    markReady = resolveReady;
    markFailed = rejectReady;
  });
  let site: LocalSite | undefined;
  let outboxMailbox: Mailbox | undefined;
  const http = await startHttpServer({
    host,
    port,
    routes,
    jwt,
    loadHandler,
    log,
    ready,
    requestTimeoutMs: options.requestTimeoutMs,
    addressRateLimit: options.addressRateLimit,
    site: () => site,
    outbox: () => (outboxMailbox ? { json: () => outboxJson(outboxMailbox!), html: () => outboxHtml(outboxMailbox!) } : undefined),
  });

  let infrastructure: Infrastructure;
  try {
    // The pages build (esbuild, a few hundred ms) while the JVM starts.
    const [started, built] = await Promise.allSettled([
      startInfrastructure({ ...options, dataDir, topology, log, siteUrl: http.url }),
      options.pages === false ? Promise.resolve(undefined) : prepareLocalSite({ jwt, devSignIn: options.devSignIn ?? false }),
    ]);
    if (started.status === 'rejected' || built.status === 'rejected') {
      if (started.status === 'fulfilled') await started.value.stop();
      throw started.status === 'rejected' ? started.reason : (built as PromiseRejectedResult).reason;
    }
    infrastructure = started.value;
    site = built.value;
    outboxMailbox = infrastructure.mailbox;
  } catch (error) {
    markFailed(error);
    await http.close();
    throw error;
  }
  // Set while nothing has run yet, so the first request or message a handler sees is at clockStart.
  const restoreClock = options.clockStart ? startClockAt(options.clockStart) : () => undefined;
  if (options.clockStart) log('info', 'functions clock shifted', { clockStart: options.clockStart.toISOString() });

  const pollers: Poller[] = [];
  for (const { fn, trigger } of triggersOf(topology, 'queue')) {
    const queueUrl = infrastructure.queues[trigger.queue];
    const queueArn = infrastructure.queueArns[trigger.queue];
    if (!queueUrl || !queueArn) {
      // Refuse the requests waiting for readiness first: closing waits for them.
      const error = new LocalRuntimeError(
        'INVALID_OPTION',
        `function ${fn.name} is triggered by queue "${trigger.queue}", which the topology does not declare`,
      );
      markFailed(error);
      await Promise.all(pollers.map((poller) => poller.stop()));
      await http.close();
      await infrastructure.stop();
      restoreClock();
      throw error;
    }
    pollers.push(startPoller({ client: infrastructure.sqs, fn, trigger, queueUrl, queueArn, loadHandler, log }));
  }
  // The stream is read again from its oldest record at every start: the emulated notifications
  // queue lost whatever it held when the last run ended, and planning the stream's events again
  // puts those notices back — planNotices records a notice once and notify sends it once, so what
  // was done before changes nothing (as the start-up recovery does for unrouted cases).
  rmSync(infrastructure.streamStateDir, { recursive: true, force: true });
  const streamPollers: StreamPoller[] = [];
  for (const { fn, trigger } of triggersOf(topology, 'stream')) {
    const dlq = infrastructure.dlqs[trigger.onFailure];
    streamPollers.push(
      await startStreamPoller({
        endpoint: infrastructure.dynamodbEndpoint,
        tableName: infrastructure.tableName,
        batchSize: trigger.batchSize,
        maxRetryAttempts: trigger.maxRetryAttempts,
        // The event source mapping's filter (infra/cdk/stack.ts): new items, their sort key and type.
        filter: {
          eventName: ['INSERT'],
          newImageBeginsWith: { name: topology.table.sortKey, prefixes: [...trigger.filter.skPrefixes] },
          newImageOneOf: { name: 'type', values: trigger.filter.types },
        },
        checkpointFile: join(infrastructure.streamStateDir, `${fn.name}.json`),
        handler: async (event) => {
          const handler = await loadHandler(fn);
          return (await withTimeout(
            Promise.resolve(handler(event, lambdaContext(fn))),
            fn.timeoutSeconds * 1000,
            `function ${fn.name}`,
          )) as never;
        },
        // As Lambda's on-failure destination: what the given-up batch pointed at, for the operators.
        onDiscard: (records, error) => {
          if (!dlq) return;
          const first = records[0]?.dynamodb?.SequenceNumber;
          const last = records.at(-1)?.dynamodb?.SequenceNumber;
          const body = {
            requestContext: { condition: 'RetryAttemptsExhausted', functionName: fn.name },
            streamBatch: { first, last, size: records.length },
            error: String(error),
          };
          infrastructure.sqs
            .send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: JSON.stringify(body) }))
            .catch((sendError: unknown) =>
              log('error', 'stream batch given up, and its record not kept', { function: fn.name, ...errorFields(sendError) }),
            );
        },
        log,
      }),
    );
  }
  const schedules = startSchedules({
    schedules: triggersOf(topology, 'schedule'),
    loadHandler,
    log,
    runAtStart: options.runSchedulesAtStart,
  });
  // Pollers are running, so what it re-sends is consumed at once; awaited, so that once the runtime
  // answers requests and reports ready, the lost messages are back in their queue.
  const startupRecovery = options.recoverAtStart === false ? null : await recoverUnrouted(topology, loadHandler, log);

  const runtimeFile: RuntimeFile = {
    http: http.url,
    dynamodbEndpoint: infrastructure.dynamodbEndpoint,
    sqsEndpoint: infrastructure.sqsEndpoint,
    tableName: infrastructure.tableName,
    queues: infrastructure.queues,
    dlqs: infrastructure.dlqs,
    smtpUrl: infrastructure.mailbox.url,
    siteUrl: http.url,
    pid: process.pid,
    dynamodbPid: infrastructure.dynamodbPid,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(runtimeFilePath(dataDir), `${JSON.stringify(runtimeFile, null, 2)}\n`);
  // Requests held until now: when /health first answers, pollers run, the start-up recovery is done
  // and runtime.json is written.
  markReady();
  log('info', 'local runtime ready', { http: http.url, routes: routes.map((route) => route.routeKey), pollers: pollers.length });

  let stopping: Promise<void> | undefined;
  return {
    httpUrl: http.url,
    dynamodbEndpoint: infrastructure.dynamodbEndpoint,
    sqsEndpoint: infrastructure.sqsEndpoint,
    tableName: infrastructure.tableName,
    queues: infrastructure.queues,
    dlqs: infrastructure.dlqs,
    dataDir,
    dynamodbPid: infrastructure.dynamodbPid,
    jwt,
    runSchedule: (functionName) => schedules.runNow(functionName),
    startupRecovery,
    infrastructure,
    mailbox: infrastructure.mailbox,
    drainStreams: async (timeoutMs) => {
      await Promise.all(streamPollers.map((poller) => poller.drain(timeoutMs)));
    },
    stop() {
      stopping ??= (async () => {
        // Inbound first (no new work), then the work in hand, then the engines underneath.
        await Promise.allSettled([
          schedules.stop(),
          ...pollers.map((poller) => poller.stop()),
          ...streamPollers.map((poller) => poller.stop()),
          http.close(),
        ]);
        await infrastructure.stop();
        restoreClock();
        rmSync(runtimeFilePath(dataDir), { force: true });
        log('info', 'local runtime stopped', {});
      })();
      return stopping;
    },
  };
}
