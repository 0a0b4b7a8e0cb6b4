// A deployed function validates its configuration at init (the stack sets CONFIG_CHECK=init and lists
// in REQUIRED_ENV every variable it bound, see functions/lib/config.ts): a handler module with a
// missing or bad environment refuses to load, with the reason logged, so Lambda fails the cold start
// instead of a request. Without the flag — local runs and tests, which import handlers before they
// set the environment — loading never reads it. The environments come from the synthesized stack, so
// the check is tried with exactly what each function gets in AWS.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_CHECK_ENV, REQUIRED_ENV } from '#lib/config.ts';
import { functions } from '#infra/topology.ts';
import { logicalId, synthesize } from './synth.ts';

const synth = synthesize({}, { validate: false });
const saved = { ...process.env };

/** The function's environment in the template, with every reference replaced by a plausible value. */
function deployedEnvironment(name: string): Record<string, string> {
  const fn = synth.resources[logicalId(synth.stack, synth.stack.functions.get(name)!)];
  const variables = (fn?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? value
        : key.endsWith('_URL')
          ? `https://sqs.cn-north-1.amazonaws.com.cn/123456789012/${key.toLowerCase()}`
          : key.endsWith('_SECRET_ARN')
            ? 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:CursorSecret-AbCdEf'
            : key === 'MAIL_FROM'
              ? 'notices@d1234abcd.cloudfront.net'
              : 'cases-test',
    ]),
  );
}

const load = (entry: string) => import(/* @vite-ignore */ `../../${entry}`);
const withRequired = functions.filter((f) => deployedEnvironment(f.name)[REQUIRED_ENV]);

beforeEach(() => {
  vi.resetModules();
  process.env = { ...saved };
});

afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});

describe('configuration check at cold start', () => {
  it('the stack names required variables for every function that uses the table or a queue', () => {
    expect(withRequired.length).toBe(functions.filter((f) => f.uses.table !== 'none' || f.uses.sendsTo.length > 0).length);
  });

  it.each(functions.map((f) => ({ name: f.name, entry: f.entry })))(
    '$name loads with the environment the stack gives it',
    async ({ name, entry }) => {
      Object.assign(process.env, deployedEnvironment(name));
      expect(process.env[CONFIG_CHECK_ENV]).toBe('init');
      const module = (await load(entry)) as { handler: unknown };
      expect(typeof module.handler).toBe('function');
    },
  );

  it.each(withRequired.map((f) => ({ name: f.name, entry: f.entry })))(
    '$name refuses to load when a variable the stack bound is missing, and logs why',
    async ({ name, entry }) => {
      const environment = deployedEnvironment(name);
      const dropped = environment[REQUIRED_ENV]!.split(',')[0]!;
      Object.assign(process.env, environment);
      delete process.env[dropped];
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      await expect(load(entry)).rejects.toThrow(new RegExp(`Invalid function configuration: .*${dropped}`));
      const lines = stderr.mock.calls.map(([chunk]) => String(chunk)).filter((l) => l.includes('refusing to start'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', message: 'function configuration is invalid; refusing to start' });
    },
  );

  it('rejects a malformed queue URL at init too, not only a missing variable', async () => {
    Object.assign(process.env, deployedEnvironment('submitComplaint'), { INTAKE_QUEUE_URL: 'not a url' });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(load('functions/submit-complaint/handler.ts')).rejects.toThrow(/Invalid function configuration/);
  });

  it('rejects a cursor secret reference that is not a Secrets Manager ARN, and a group map naming no role, at init', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    Object.assign(process.env, deployedEnvironment('listCases'), { CURSOR_SECRET_ARN: 'cursor-secret' });
    await expect(load('functions/list-cases/handler.ts')).rejects.toThrow(/Invalid function configuration: [\s\S]*cursorSecretArn/);
    vi.resetModules();
    process.env = { ...saved };
    Object.assign(process.env, deployedEnvironment('getCase'), { GROUP_ROLES: '{"Judges":"judge"}' });
    await expect(load('functions/get-case/handler.ts')).rejects.toThrow(/Invalid function configuration: [\s\S]*groupRoles/);
  });

  it('without the flag (local runs, tests) a handler loads with no environment at all', async () => {
    for (const key of Object.keys(deployedEnvironment('getCase'))) delete process.env[key];
    const module = (await load('functions/get-case/handler.ts')) as { handler: unknown };
    expect(typeof module.handler).toBe('function');
  });
});
