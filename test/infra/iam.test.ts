// Table writes confined by partition key (IAM `dynamodb:LeadingKeys`): each function may put, update,
// delete or condition-check only items whose partition key starts with a prefix the topology declares
// for it (`uses.writes`, plus the rate limiter's `RATE#` for authenticated routes) — so, e.g., the
// dead-letter redrive cannot rewrite a case or its timeline. Reads stay unconditioned. And the secret
// list cursors are sealed with is readable by the functions that hand out cursors, and no other.

import { beforeAll, describe, expect, it } from 'vitest';
import { RATE_KEY_PREFIX, functions, tableWritesOf, type FunctionSpec } from '#infra/topology.ts';
import { actionsOf, arnOf, logicalId, ref, statementsOfRole, synthesize, type Statement, type Synthesized } from './synth.ts';

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];

let synth: Synthesized;

beforeAll(() => {
  // stack.test.ts runs the CloudFormation schema validation; only the policies matter here.
  synth = synthesize({}, { validate: false });
}, 120_000);

const roleOf = (spec: FunctionSpec) => synth.stack.functions.get(spec.name)!.role!;

type Conditioned = Statement & { Condition?: Record<string, Record<string, unknown>> };

/** Allow statements of the function's role that grant any table write. */
const writeStatements = (spec: FunctionSpec): Conditioned[] =>
  (statementsOfRole(synth, roleOf(spec)) as Conditioned[]).filter(
    (s) => s.Effect === 'Allow' && actionsOf(s).some((a) => WRITES.includes(a)),
  );

/** IAM's StringLike: `*` any run of characters, `?` any one. */
const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

/** Whether the role may perform `action` on an item with this partition key. */
function mayWrite(spec: FunctionSpec, action: string, partitionKey: string): boolean {
  return writeStatements(spec)
    .filter((s) => actionsOf(s).includes(action))
    .some((s) => {
      const patterns = [s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []].flat() as string[];
      return s.Condition === undefined || patterns.some((p) => like(p, partitionKey));
    });
}

const CASE_KEY = 'CASE#3f0c2a8e-5b1d-4c7e-9a2f-0d6b8e4c1a57';

const writers = functions.filter((f) => tableWritesOf(f).length > 0);
const nonWriters = functions.filter((f) => tableWritesOf(f).length === 0);

describe('table writes by partition-key prefix', () => {
  it('the topology has functions that write and functions that do not, so the checks are not vacuous', () => {
    expect(writers.length).toBeGreaterThan(5);
    expect(nonWriters.map((f) => f.name)).toEqual(expect.arrayContaining(['health', 'openApi', 'reconcile']));
  });

  it.each(writers)('$name writes the table only under the prefixes it declares, in one conditioned statement', (spec) => {
    const statements = writeStatements(spec);
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(actionsOf(statement!).sort()).toEqual([...WRITES].sort());
    expect(statement!.Resource).toEqual(arnOf(synth.stack, synth.stack.table));
    expect(statement!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': tableWritesOf(spec).map((prefix) => `${prefix}*`) },
    });
  });

  it.each(nonWriters)('$name cannot write the table at all', (spec) => {
    expect(writeStatements(spec)).toEqual([]);
  });

  it('the dead-letter redrive may mark failure records but cannot write a case, its timeline, its number or the counters', () => {
    const redrive = functions.find((f) => f.name === 'redriveDeadLetters')!;
    for (const action of WRITES) {
      for (const key of [CASE_KEY, 'CASENO#AKIP-2026-000001', 'COUNTER#caseNumber#2026', 'IDEM#u#POST /complaints#k']) {
        expect(mayWrite(redrive, action, key), `${action} ${key}`).toBe(false);
      }
    }
    expect(mayWrite(redrive, 'dynamodb:UpdateItem', 'FAILURE#origin-1')).toBe(true);
  });

  it('filing may write a case, its number, the counter and its idempotency record; claiming only the case', () => {
    const submit = functions.find((f) => f.name === 'submitComplaint')!;
    for (const key of [CASE_KEY, 'CASENO#AKIP-2026-000001', 'COUNTER#caseNumber#2026', 'IDEM#u#POST /complaints#k']) {
      expect(mayWrite(submit, 'dynamodb:PutItem', key), key).toBe(true);
    }
    expect(mayWrite(submit, 'dynamodb:PutItem', 'FAILURE#origin-1')).toBe(false);
    const claim = functions.find((f) => f.name === 'claimCase')!;
    expect(mayWrite(claim, 'dynamodb:PutItem', CASE_KEY)).toBe(true);
    for (const key of ['CASENO#AKIP-2026-000001', 'COUNTER#caseNumber#2026', 'FAILURE#origin-1']) {
      expect(mayWrite(claim, 'dynamodb:PutItem', key), key).toBe(false);
    }
  });

  it('offline intake files as POST /complaints does; the takeover writes only the case (and its takeover item), never a number or a counter', () => {
    const offline = functions.find((f) => f.name === 'offlineIntake')!;
    for (const key of [CASE_KEY, 'CASENO#AKIP-2026-000001', 'COUNTER#caseNumber#2026', 'IDEM#u#POST /complaints/offline#k']) {
      expect(mayWrite(offline, 'dynamodb:PutItem', key), key).toBe(true);
    }
    expect(mayWrite(offline, 'dynamodb:PutItem', 'FAILURE#origin-1')).toBe(false);
    expect(offline.uses.sendsTo).toEqual(['intake']);
    const takeover = functions.find((f) => f.name === 'takeOverCase')!;
    expect(mayWrite(takeover, 'dynamodb:PutItem', CASE_KEY)).toBe(true);
    for (const key of ['CASENO#AKIP-2026-000001', 'COUNTER#caseNumber#2026', 'IDEM#u#k', 'FAILURE#origin-1']) {
      expect(mayWrite(takeover, 'dynamodb:PutItem', key), key).toBe(false);
    }
    expect(takeover.uses.sendsTo).toEqual([]);
  });

  it('a prefix pattern does not reach past its separator (CASE# does not cover CASENO#)', () => {
    const sweep = functions.find((f) => f.name === 'sweepDeadlines')!;
    expect(tableWritesOf(sweep)).toEqual(['CASE#', 'STATS#']);
    expect(mayWrite(sweep, 'dynamodb:PutItem', CASE_KEY)).toBe(true);
    expect(mayWrite(sweep, 'dynamodb:PutItem', 'CASENO#AKIP-2026-000001')).toBe(false);
  });

  it('every function behind an HTTP route that has the table may write its rate-limit items (per caller, or per source address on a public route)', () => {
    const routed = functions.filter((f) => f.uses.table !== 'none' && f.triggers.some((t) => t.kind === 'http'));
    expect(routed.length).toBeGreaterThan(5);
    expect(routed.map((f) => f.name)).toContain('publicDecisions');
    for (const spec of routed) {
      expect(tableWritesOf(spec), spec.name).toContain(RATE_KEY_PREFIX);
      expect(mayWrite(spec, 'dynamodb:UpdateItem', `${RATE_KEY_PREFIX}sub-1`), spec.name).toBe(true);
    }
    for (const spec of functions.filter((f) => !routed.includes(f))) expect(tableWritesOf(spec), spec.name).not.toContain(RATE_KEY_PREFIX);
  });

  it('declares prefixes only with a table to write, and each as a literal prefix ending in #', () => {
    for (const spec of functions) {
      if (spec.uses.table === 'none') expect(tableWritesOf(spec), spec.name).toEqual([]);
      if (spec.uses.table === 'readwrite') expect(spec.uses.writes?.length, spec.name).toBeGreaterThan(0);
      if (spec.uses.table !== 'readwrite') expect(spec.uses.writes ?? [], spec.name).toEqual([]);
      for (const prefix of tableWritesOf(spec)) expect(prefix).toMatch(/^[A-Z]+#$/);
    }
  });
});

describe('the cursor secret', () => {
  const listers = functions.filter((f) => f.uses.secret);
  const secretActions = (spec: FunctionSpec) =>
    statementsOfRole(synth, roleOf(spec))
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('secretsmanager:'));

  it("is generated by the stack, so its value is in neither the template nor the functions' configuration", () => {
    const secret = synth.resources[logicalId(synth.stack, synth.stack.cursorSecret!)]!;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties?.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret.Properties?.SecretString).toBeUndefined();
  });

  it('belongs to exactly the functions that hand out list cursors (the public register too) or make and check invitation codes', () => {
    expect(listers.map((f) => f.name).sort()).toEqual([
      'acceptInvitation',
      'caseAction',
      'caseMessages',
      'getRespondent',
      'getTimeline',
      'getWorkQueue',
      'inspections',
      'listCases',
      'notify',
      'offlineIntake',
      'publicDecisions',
      'publicInspections',
      'takeOverCase',
    ]);
  });

  it.each(listers)('$name may read that one secret, and do nothing else with Secrets Manager', (spec) => {
    const statements = statementsOfRole(synth, roleOf(spec)).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0]!)).toEqual(['secretsmanager:GetSecretValue']);
    expect(statements[0]!.Resource).toEqual(ref(synth.stack, synth.stack.cursorSecret!));
  });

  it.each(functions.filter((f) => !f.uses.secret))('$name has no access to any secret', (spec) => {
    expect(secretActions(spec)).toEqual([]);
  });
});
