// `npm run -s token -- --role <role> --sub <id> [--ttl <seconds>] [--any-role]`: prints a bearer
// token (one line, nothing else) signed with the local key under DATA_DIR (default .data; created
// if absent, so a runtime started later accepts it). A negative --ttl gives an expired token.

import { ROLES } from '#domain/model.ts';
import { localJwt } from '#infra/local/jwt.ts';

const USAGE = 'usage: npm run -s token -- --role <role> --sub <id> [--ttl <seconds>] [--any-role]';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(1);
}

function parse(argv: string[]): { role: string; sub: string; ttlSeconds: number; anyRole: boolean } {
  const values: Record<string, string> = {};
  let anyRole = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--any-role') {
      anyRole = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!['--role', '--sub', '--ttl'].includes(name)) fail(`unknown argument ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') fail(`${name} needs a value`);
    values[name.slice(2)] = value;
  }
  const { role, sub, ttl = '3600' } = values;
  if (!role) fail('--role is required');
  if (!sub) fail('--sub is required');
  if (!/^-?\d+$/.test(ttl)) fail(`--ttl ${ttl} is not a whole number of seconds`);
  if (!anyRole && !(ROLES as readonly string[]).includes(role)) {
    fail(`unknown role "${role}"; one of: ${ROLES.join(', ')} (or pass --any-role)`);
  }
  return { role, sub, ttlSeconds: Number(ttl), anyRole };
}

const { role, sub, ttlSeconds } = parse(process.argv.slice(2));
const jwt = await localJwt(process.env.DATA_DIR || '.data');
process.stdout.write(`${await jwt.signToken({ role, sub, ttlSeconds })}\n`);
