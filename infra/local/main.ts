// `npm start`: the whole system on this machine. Env: DATA_DIR (default .data), PORT (3000),
// HOST (127.0.0.1), CLOCK_START (an ISO timestamp: the functions' clock starts there and runs on;
// tokens and logs keep real time); flag --in-memory.
// Ctrl-C / SIGTERM stops everything (no JVM left behind) and exits 0.

import { parseClockStart } from './clock.ts';
import { LocalRuntimeError } from './errors.ts';
import { startLocalRuntime, type LocalRuntime } from './runtime.ts';

function fail(message: string): never {
  process.stderr.write(`local runtime: ${message}\n`);
  process.exit(1);
}

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

let runtime: LocalRuntime | undefined;
let stopping = false;
let firstSignalAt = 0;
const shutdown = (signal: NodeJS.Signals): void => {
  if (stopping) {
    // Ctrl-C reaches us twice at once (from the terminal and relayed by tsx): only a later one
    // means "stop waiting".
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
  runtime = await startLocalRuntime({ dataDir, inMemory, host, port, clockStart });
} catch (error) {
  if (error instanceof LocalRuntimeError) fail(error.message);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
if (stopping) await new Promise(() => undefined); // a signal arrived during start-up; shutdown() exits

const lines = [
  '',
  `HTTP      ${runtime.httpUrl}`,
  `DynamoDB  ${runtime.dynamodbEndpoint}  table ${runtime.tableName}${inMemory ? ' (in memory)' : ` (data in ${runtime.dataDir})`}`,
  `SQS       ${runtime.sqsEndpoint}`,
  ...Object.entries(runtime.queues).map(([id, url]) => `queue     ${id}  ${url}  (DLQ ${runtime?.dlqs[id] ?? '-'})`),
  ...(clockStart ? [`clock     functions' clock started at ${clockStart.toISOString()} (${cst(clockStart)} CST) and runs on; tokens keep real time`] : []),
  '',
  `Token:    TOKEN=$(DATA_DIR=${dataDir} npm run -s token -- --role rights_holder --sub holder-1)`,
  `Try:      curl -s ${runtime.httpUrl}/health`,
  `          curl -s -H "Authorization: Bearer $TOKEN" ${runtime.httpUrl}/cases/<caseId>`,
  `Endpoints and queue URLs are also in ${runtime.dataDir}/runtime.json. Ctrl-C stops everything.`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

/** `2026-09-24 10:00:00`: the instant as China Standard Time reads it (UTC+8, no daylight saving). */
function cst(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
