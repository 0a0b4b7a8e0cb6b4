// `npm run -s token -- --role <role> --sub <id> [--agency <agency>] [--lead] [--ttl <seconds>] [--any-role]`:
// prints a bearer token (one line, nothing else) signed with the local key under DATA_DIR (default
// .data; created if absent, so a runtime started later accepts it). A negative --ttl gives an
// expired token. `--agency` (officers, SPEC §12) adds the agency's group `agency:<agency>`; an
// officer token without one is a market-regulation officer. `--lead` (officers, SPEC §13) adds the
// group `agency_lead`: a lead officer, who plans and draws its agency's random inspections.

import { AGENCIES, AGENCY_GROUP_PREFIX, isAgency, LEAD_GROUP } from '#domain/agencies.ts';
import { ROLES } from '#domain/model.ts';
import { localJwt } from '#infra/local/jwt.ts';

const USAGE = 'usage: npm run -s token -- --role <role> --sub <id> [--agency <agency>] [--lead] [--ttl <seconds>] [--any-role]';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(1);
}

interface TokenArgs {
  role: string;
  sub: string;
  agency: string | undefined;
  lead: boolean;
  ttlSeconds: number;
}

function parse(argv: string[]): TokenArgs {
  const values: Record<string, string> = {};
  let anyRole = false;
  let lead = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--any-role') {
      anyRole = true;
      continue;
    }
    if (arg === '--lead') {
      lead = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!['--role', '--sub', '--ttl', '--agency'].includes(name)) fail(`unknown argument ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') fail(`${name} needs a value`);
    values[name.slice(2)] = value;
  }
  const { role, sub, agency, ttl = '3600' } = values;
  if (!role) fail('--role is required');
  if (!sub) fail('--sub is required');
  if (!/^-?\d+$/.test(ttl)) fail(`--ttl ${ttl} is not a whole number of seconds`);
  if (!anyRole && !(ROLES as readonly string[]).includes(role)) {
    fail(`unknown role "${role}"; one of: ${ROLES.join(', ')} (or pass --any-role)`);
  }
  if (agency !== undefined && !isAgency(agency)) fail(`unknown agency "${agency}"; one of: ${AGENCIES.join(', ')}`);
  if (agency !== undefined && role !== 'officer') fail('--agency is for officers (--role officer)');
  if (lead && role !== 'officer') fail('--lead is for officers (--role officer)');
  return { role, sub, agency, lead, ttlSeconds: Number(ttl) };
}

const { role, sub, agency, lead, ttlSeconds } = parse(process.argv.slice(2));
const jwt = await localJwt(process.env.DATA_DIR || '.data');
const groups = [role, ...(agency ? [`${AGENCY_GROUP_PREFIX}${agency}`] : []), ...(lead ? [LEAD_GROUP] : [])];
process.stdout.write(`${await jwt.signToken({ role, sub, ttlSeconds, groups })}\n`);
