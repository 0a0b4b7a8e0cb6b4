// `npm run invoke -- <function> [event.json] [--case <caseId>]`: runs one function of
// infra/topology.ts once, on this machine, with a Lambda event — like `sam local invoke` — against
// the table and queues of the local runtime that is running (`npm start`, same DATA_DIR). Without an
// event file it uses the function's sample from events/ (events/samples.ts); `--case` aims the sample
// at a real case (the samples name a made-up one). The function's answer goes to stdout as JSON and
// nothing else does: its log lines go to stderr, so `npm run -s invoke -- … | jq` works.
//
// The environment is the one the runtime gives its handlers, built from DATA_DIR/runtime.json
// (infra/local/function-env.ts), and the handler module is the same one, imported the same way.
// Settings the functions read themselves (LOG_LEVEL, RATE_LIMIT_RPS, …) come from your shell, as
// they do for `npm start`; so does CLOCK_START, which starts the function's clock there (a
// deadline sweep run "on" a chosen day, against a runtime started with the same CLOCK_START).
// Exit code: 0 when the function answered (whatever the answer), 1 when it threw, 2 on a usage error.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SAMPLE_CASE_ID, sampleEventPath } from '../events/samples.ts';
import { quietSdkNodeWarning } from '#infra/local/node-version.ts';
import type { RuntimeFile } from '#infra/local/runtime.ts';
import { defaultTopology } from '#infra/local/topology.ts';

const USAGE = 'usage: npm run invoke -- <function> [event.json] [--case <caseId>]';

function fail(message: string, code = 1): never {
  process.stderr.write(`invoke: ${message}\n`);
  process.exit(code);
}

function parse(argv: string[]): { name: string; eventFile?: string; caseId?: string } {
  const positional: string[] = [];
  let caseId: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\nfunctions: ${defaultTopology.functions.map((fn) => fn.name).join(', ')}\n`);
      process.exit(0);
    }
    if (arg === '--case' || arg.startsWith('--case=')) {
      caseId = arg.includes('=') ? arg.slice('--case='.length) : argv[++i];
      if (!caseId) fail(`--case needs a case id\n${USAGE}`, 2);
      continue;
    }
    if (arg.startsWith('-')) fail(`unknown option ${arg}\n${USAGE}`, 2);
    positional.push(arg);
  }
  const [name, eventFile, ...extra] = positional;
  if (!name) fail(`which function?\n${USAGE}\nfunctions: ${defaultTopology.functions.map((fn) => fn.name).join(', ')}`, 2);
  if (extra.length > 0) fail(`unexpected ${extra.join(' ')}\n${USAGE}`, 2);
  return { name, eventFile, caseId };
}

/** runtime.json of a runtime that is still running, or a message saying what to do. */
function runningRuntime(dataDir: string): RuntimeFile {
  // Where runtime.ts (runtimeFilePath) writes it; not imported from there, which would load the
  // whole runtime just to say that none is running.
  const path = join(dataDir, 'runtime.json');
  if (!existsSync(path))
    fail(`no local runtime found: ${path} does not exist. Start one with \`npm start\` (with the same DATA_DIR) and run this again.`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as RuntimeFile;
  try {
    process.kill(file.pid, 0);
  } catch {
    fail(`${path} names a runtime (pid ${file.pid}) that is no longer running. Start one with \`npm start\`.`);
  }
  return file;
}

const { name, eventFile, caseId } = parse(process.argv.slice(2));
const fn = defaultTopology.functions.find((f) => f.name === name);
if (!fn) fail(`no function "${name}" in infra/topology.ts; one of: ${defaultTopology.functions.map((f) => f.name).join(', ')}`, 2);
const eventPath = eventFile ? resolve(eventFile) : sampleEventPath(fn.name);
if (!eventPath) fail(`${fn.name} has no sample event in events/samples.ts; give an event file`, 2);
if (!existsSync(eventPath)) fail(`event file ${eventPath} does not exist`, 2);
let eventText = readFileSync(eventPath, 'utf8');
if (caseId) eventText = eventText.replaceAll(SAMPLE_CASE_ID, caseId);
let event: unknown;
try {
  event = JSON.parse(eventText);
} catch (error) {
  fail(`event file ${eventPath} is not JSON: ${(error as Error).message}`, 2);
}

const dataDir = resolve(process.env.DATA_DIR || '.data');
const runtime = runningRuntime(dataDir);
const nodeNotice = quietSdkNodeWarning();
if (nodeNotice) process.stderr.write(`invoke: ${nodeNotice}\n`);
// As the runtime does for its handlers: real credentials or a profile must not reach local calls.
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
// Loaded only now that there is something to run: they bring the SDK and the handler's modules.
const { functionEnvironment } = await import('#infra/local/function-env.ts');
const { handlerLoader, lambdaContext } = await import('#infra/local/handlers.ts');
Object.assign(process.env, functionEnvironment(runtime, defaultTopology, dataDir));

if (process.env.CLOCK_START) {
  const { parseClockStart, startClockAt } = await import('#infra/local/clock.ts');
  try {
    startClockAt(parseClockStart(process.env.CLOCK_START));
  } catch (error) {
    fail((error as Error).message, 2);
  }
}

const handler = await handlerLoader()(fn);
// The function logs to stdout, as in Lambda; here stdout is for its answer alone, so its lines go
// to stderr while it runs.
const stdoutWrite = process.stdout.write;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
let answer: unknown;
try {
  answer = await handler(event, lambdaContext(fn));
} catch (error) {
  fail(`${fn.name} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  process.stdout.write = stdoutWrite;
}
process.stdout.write(`${JSON.stringify(answer ?? null, null, 2)}\n`);
// The SDK clients keep sockets open; the one invocation is done.
process.exit(0);
