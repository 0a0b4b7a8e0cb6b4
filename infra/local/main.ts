// `npm start`: the whole system on this machine. Env: DATA_DIR (default .data), PORT (3000),
// HOST (127.0.0.1), CLOCK_START (an ISO timestamp: the functions' clock starts there and runs on;
// tokens and logs keep real time); DEV_SIGN_IN (dev mode, on by default: the pages at `/` offer
// a development sign-in for any role and user; DEV_SIGN_IN=0 turns it off — and while it is on,
// HOST must be a loopback address); RATE_LIMIT_RPS / RATE_LIMIT_BURST (requests per caller, which
// the functions count in the table, default 20/s with bursts of 40; 0 turns the limit off);
// ADDRESS_RATE_LIMIT_RPS / ADDRESS_RATE_LIMIT_BURST (requests per source address at the edge, before
// the token check, default 200/s with bursts of 400; 0 turns it off); flag --in-memory.
// Output: JSON log lines, and one human-readable block (the endpoints, once ready) that never starts
// with `{` — a log shipper keeps the lines that do. Node's own warnings become JSON lines too.
// Ctrl-C / SIGTERM stops everything (no JVM left behind) and exits 0. At start, cases accepted but
// not yet routed when the last run ended are re-sent (the emulated queues are in memory).

import { join } from 'node:path';
import { parseClockStart } from './clock.ts';
import { LocalRuntimeError } from './errors.ts';
import { jsonLogger } from './log.ts';
import { quietSdkNodeWarning } from './node-version.ts';
import { CALLER_RATE_LIMIT_ENV, DEFAULT_CALLER_RATE_LIMIT } from '#lib/rate-limit.ts';
import { ADDRESS_RATE_LIMIT_ENV, DEFAULT_ADDRESS_RATE_LIMIT, rateLimitFromEnv, type RateLimit } from './rate-limit.ts';
import { startLocalRuntime, type LocalRuntime, type StartupRecovery } from './runtime.ts';
import { devSignInHostProblem } from './site.ts';

function fail(message: string): never {
  process.stderr.write(`local runtime: ${message}\n`);
  process.exit(1);
}

// Node prints warnings as free text on stderr, in the middle of the JSON lines: log them as JSON
// instead. The AWS SDK's notice about Node 20 becomes one line of the banner (node-version.ts).
const nodeNotice = quietSdkNodeWarning();
process.removeAllListeners('warning');
process.on('warning', (warning) => jsonLogger('warn', 'process warning', { warning: warning.name, errorMessage: warning.message }));

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--in-memory');
if (unknown.length > 0) fail(`unknown argument ${unknown.join(' ')} (only --in-memory is understood)`);
const inMemory = args.includes('--in-memory');
const dataDir = process.env.DATA_DIR || '.data';
const host = process.env.HOST || '127.0.0.1';
const portText = process.env.PORT || '3000';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT=${portText} is not a TCP port`);
let clockStart: Date | undefined;
try {
  clockStart = process.env.CLOCK_START ? parseClockStart(process.env.CLOCK_START) : undefined;
} catch (error) {
  fail((error as Error).message);
}

const devSignIn = process.env.DEV_SIGN_IN !== '0';
if (process.env.DEV_SIGN_IN !== undefined && !['0', '1'].includes(process.env.DEV_SIGN_IN))
  fail(`DEV_SIGN_IN=${process.env.DEV_SIGN_IN} is neither 0 nor 1`);
// Any role for anyone who asks: never for the network.
const exposed = devSignIn ? devSignInHostProblem(host) : undefined;
if (exposed) fail(exposed);

let rateLimit: RateLimit | false = false;
let addressRateLimit: RateLimit | false = false;
try {
  rateLimit = rateLimitFromEnv(process.env, CALLER_RATE_LIMIT_ENV, DEFAULT_CALLER_RATE_LIMIT);
  addressRateLimit = rateLimitFromEnv(process.env, ADDRESS_RATE_LIMIT_ENV, DEFAULT_ADDRESS_RATE_LIMIT);
} catch (error) {
  fail((error as Error).message);
}

let runtime: LocalRuntime | undefined;
let stopping = false;
let firstSignalAt = 0;
const shutdown = (signal: NodeJS.Signals): void => {
  if (stopping) {
    // Ctrl-C can reach us twice at once (from the terminal and relayed by a parent such as npm):
    // only a later one means "stop waiting".
    if (Date.now() - firstSignalAt < 2000) return;
    process.stderr.write(`local runtime: ${signal} again, exiting without waiting\n`);
    process.exit(1);
  }
  stopping = true;
  firstSignalAt = Date.now();
  process.stdout.write(`\n${signal}: stopping…\n`);
  void (runtime?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => fail(`stop failed: ${(error as Error).message}`),
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  runtime = await startLocalRuntime({ dataDir, inMemory, host, port, clockStart, rateLimit, addressRateLimit, devSignIn });
} catch (error) {
  if (error instanceof LocalRuntimeError) fail(error.message);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
if (stopping) await new Promise(() => undefined); // a signal arrived during start-up; shutdown() exits

const lines = [
  '',
  `HTTP      ${runtime.httpUrl}`,
  `Pages     ${runtime.httpUrl}/  (${devSignIn ? 'dev mode: development sign-in for any role; DEV_SIGN_IN=0 turns it off' : 'sign in with a token from npm run token'})`,
  `DynamoDB  ${runtime.dynamodbEndpoint}  table ${runtime.tableName}${inMemory ? ' (in memory)' : ` (data in ${runtime.dataDir})`}`,
  `SQS       ${runtime.sqsEndpoint}`,
  ...Object.entries(runtime.queues).map(([id, url]) => `queue     ${id}  ${url}  (DLQ ${runtime?.dlqs[id] ?? '-'})`),
  `Mail      ${runtime.mailbox.url}  every notice, e-mail and SMS, kept in ${inMemory ? 'a scratch directory (in memory)' : join(runtime.dataDir, 'outbox')}`,
  `Outbox    ${runtime.httpUrl}/dev/outbox.html  (JSON: ${runtime.httpUrl}/dev/outbox)`,
  recoveryLine(runtime.startupRecovery),
  ...(nodeNotice ? [`node      ${nodeNotice}`] : []),
  ...(clockStart
    ? [`clock     functions' clock started at ${clockStart.toISOString()} (${cst(clockStart)} CST) and runs on; tokens keep real time`]
    : []),
  '',
  `Token:    TOKEN=$(DATA_DIR=${dataDir} npm run -s token -- --role rights_holder --sub holder-1)`,
  `Try:      curl -s ${runtime.httpUrl}/health`,
  `          curl -s -H "Authorization: Bearer $TOKEN" ${runtime.httpUrl}/cases/<caseId>`,
  `Endpoints and queue URLs are also in ${runtime.dataDir}/runtime.json. Ctrl-C stops everything.`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

/** The start-up run of the reconciler: the SQS emulator lost every message of the previous run. */
function recoveryLine(recovery: StartupRecovery | null): string {
  if (!recovery) return 'recovery  off (no reconciler in the topology)';
  if (recovery.error) return `recovery  FAILED (${recovery.error}); the reconciler's schedule will try again`;
  const left = recovery.failed + recovery.deferred;
  const failed = left > 0 ? `, ${left} not sent (retried on schedule)` : '';
  return `recovery  ${recovery.redriven} unrouted case(s) re-sent to the intake queue${failed} (queues do not survive a restart)`;
}

/** `2026-09-24 10:00:00`: the instant as China Standard Time reads it (UTC+8, no daylight saving). */
function cst(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
