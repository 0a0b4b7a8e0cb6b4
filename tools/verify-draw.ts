// `npm run verify-draw -- <inspection id> [--api <base URL>] [--file <record.json>]`: reruns a random
// inspection's draw (SPEC §13) from its public record and says whether it matches — the plan's hash
// from the plan's text, the seed from the hash and the public value, the targets and inspectors from
// the plan and the seed, no recused inspector drawn.
//
// The record is what anyone reads at `GET /public/inspections/<id>`: from the API at `--api` (default:
// the local runtime of DATA_DIR, `npm start`), or from a file saved from it (`--file`). Nothing here
// is trusted but the procedure (domain/inspection-draw.ts), the same code the server drew with.
// Exit code: 0 when everything matches, 1 on a mismatch, 2 when the record cannot be read.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyDraw, type DrawRecord } from '#domain/inspection-draw.ts';

const USAGE = 'usage: npm run verify-draw -- <inspection id> [--api <base URL>] [--file <record.json>]';

function fail(message: string): never {
  process.stderr.write(`verify-draw: ${message}\n`);
  process.exit(2);
}

function parse(argv: string[]): { id?: string; api?: string; file?: string } {
  const out: { id?: string; api?: string; file?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (arg === '--api' || arg === '--file') {
      const value = argv[++i];
      if (!value) fail(`${arg} needs a value\n${USAGE}`);
      out[arg === '--api' ? 'api' : 'file'] = value;
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}\n${USAGE}`);
    else if (out.id) fail(`one inspection id only\n${USAGE}`);
    else out.id = arg;
  }
  if (!out.id && !out.file) fail(USAGE);
  return out;
}

/** The local runtime's address, from DATA_DIR/runtime.json (`npm start` writes it). */
function localApi(): string {
  const path = join(resolve(process.env['DATA_DIR'] ?? '.data'), 'runtime.json');
  if (!existsSync(path)) fail(`no --api given and no local runtime found (${path}); start one with \`npm start\`, or pass --api or --file`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { http: string }).http;
}

async function readRecord(options: { id?: string; api?: string; file?: string }): Promise<DrawRecord & { inspectionId?: string }> {
  if (options.file) return JSON.parse(readFileSync(options.file, 'utf8')) as DrawRecord;
  const url = `${(options.api ?? localApi()).replace(/\/$/, '')}/public/inspections/${encodeURIComponent(options.id!)}`;
  const answer = await fetch(url).catch((error: Error) => fail(`${url}: ${error.message}`));
  if (!answer.ok) fail(`${url} answered ${answer.status}`);
  return (await answer.json()) as DrawRecord;
}

const options = parse(process.argv.slice(2));
const record = await readRecord(options);
if (typeof record.planText !== 'string' || typeof record.planHash !== 'string') fail('the record has no plan text or plan hash');
const report = verifyDraw(record);
if (options.id && record.inspectionId !== undefined && record.inspectionId !== options.id) {
  report.matches = false;
  report.checks.unshift({ name: 'plan_hash', ok: false, detail: `the record is round ${record.inspectionId}'s, not ${options.id}'s` });
}
for (const check of report.checks) process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(9)} ${check.detail}\n`);
process.stdout.write(
  report.matches
    ? 'MATCH: the published draw is the one its plan and public value give\n'
    : 'MISMATCH: the published draw is not the one its plan and public value give\n',
);
process.exit(report.matches ? 0 : 1);
