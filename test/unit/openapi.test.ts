// GET /openapi.json: a valid OpenAPI 3.1 document covering every SPEC §9 route, whose request
// schemas say what the handlers accept and whose answer schemas fit what the handlers build.

import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { actionSchema } from '#domain/actions.schema.ts';
import * as api from '#domain/api.schema.ts';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import { applyTriage, enterWorkQueue, newCase } from '#domain/case.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { DEFAULT_DEADLINE_RULES, firstDeadlineOnQueueing } from '#domain/deadlines.ts';
import { act, claim, type ActionContext } from '#domain/lifecycle.ts';
import type { Case } from '#domain/model.ts';
import { eventShownAs, type Caller } from '#domain/access.ts';
import { triage } from '#domain/routing.ts';
import { caseStats } from '#domain/stats.ts';
import { verifyChain, type TimelineEvent } from '#domain/timeline.ts';
import { answerEvent } from '#domain/timeline-view.ts';
import { historyCounts, historyEntry } from '#domain/respondent-history.ts';
import {
  drawRound,
  freezePlan,
  frozenPlanOf,
  inspectionDrawSchema,
  inspectionPlanSchema,
  inspectionResultSchema,
  inspectionSummary,
  publicInspection,
  recordResult,
  type Inspection,
  type InspectionChange,
  type InspectionError,
} from '#domain/inspections.ts';
import { functions as topologyFunctions } from '#infra/topology.ts';
import { refusal } from '#lib/case-change.ts';
import { caseView } from '#lib/case-view.ts';
import { ApiError, ERROR_STATUS } from '#lib/errors.ts';
import { errorResult } from '#lib/http.ts';
import { actionComponentName, buildOpenApiDocument, documentedRoutes } from '../../functions/openapi/document.ts';
import { handler } from '../../functions/openapi/handler.ts';
import { parsedComplaint, validComplaint } from '../support/complaints.ts';
import { as, httpEvent } from '../support/events.ts';

/** SPEC §9's table, as written there. */
const SPEC_ROUTES = [
  'GET /health',
  'GET /openapi.json',
  'POST /complaints',
  'GET /cases/{caseId}',
  'GET /cases',
  'GET /cases/{caseId}/timeline',
  'GET /cases/{caseId}/integrity',
  'GET /work-queues/{path}',
  'POST /cases/{caseId}/claim',
  'POST /cases/{caseId}/actions',
  'GET /respondents/{creditCode}',
  'GET /stats',
  'GET /dead-letters',
  'POST /dead-letters/redrive',
  // v2 (§9 row, §11): a case's notices, and one's own notice settings (the opt-out of §11).
  'GET /cases/{caseId}/notifications',
  'GET /me/notice-settings',
  'PUT /me/notice-settings',
  // v2 (§10): a respondent joins with its code; the case's messages.
  'POST /invitations/accept',
  'GET /cases/{caseId}/messages',
  'POST /cases/{caseId}/messages',
  // Offline intake (线上线下): staff enter a complaint on the complainant's behalf; the complainant takes it over.
  'POST /complaints/offline',
  'POST /cases/takeover',
  // v2 (§6 "Calendar operations"): the supervisor reads and replaces a year of the working-day calendar.
  'GET /calendar/{year}',
  'PUT /calendar/{year}',
  // v2 (§12): an officer opens a case on a lead (依职权立案); the credit list, its review and export;
  // the public register of penalty decisions and the public credit list, read without signing in.
  'POST /cases',
  'GET /credit-list',
  'GET /credit-list/export',
  'GET /credit-list/{creditCode}',
  'POST /credit-list/nominations',
  'POST /credit-list/{creditCode}/actions',
  'GET /public/decisions',
  'GET /public/credit-list',
  // v2 (§13): random inspections — plan, list, read, draw, results — and their public record.
  'POST /inspections',
  'GET /inspections',
  'GET /inspections/{inspectionId}',
  'POST /inspections/{inspectionId}/draw',
  'POST /inspections/{inspectionId}/results',
  'GET /public/inspections',
  'GET /public/inspections/{inspectionId}',
];
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /openapi.json',
  'GET /public/decisions',
  'GET /public/credit-list',
  'GET /public/inspections',
  'GET /public/inspections/{inspectionId}',
];

type Doc = Record<string, any>;
let doc: Doc;
let ajv: InstanceType<typeof Ajv2020>;

/** Validates `value` against `#/components/schemas/<name>` of the document. */
function validates(name: string, value: unknown): { ok: boolean; errors: string } {
  const validate = ajv.getSchema(`urn:akip:openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`no component ${name}`);
  const ok = validate(value) as boolean;
  return { ok, errors: ok ? '' : ajv.errorsText(validate.errors) };
}

function operations(d: Doc): [string, Doc][] {
  return Object.entries(d['paths'] as Record<string, Record<string, Doc>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Doc] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

beforeAll(async () => {
  const result = await handler(httpEvent('http-openapi'), {} as never);
  doc = JSON.parse(String(result.body));
  ajv = new Ajv2020({ allErrors: true, strict: true });
  formats.default(ajv);
  // OpenAPI's own keywords, and the components wrapper: annotations to a JSON Schema validator.
  ajv.addKeyword('discriminator');
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'urn:akip:openapi', components: { schemas: doc['components']['schemas'] } });
});

describe('GET /openapi.json', () => {
  it('answers 200 JSON with the request id, without a token', async () => {
    const result = await handler(httpEvent('http-openapi'), {} as never);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(result.headers?.['x-request-id']).toBe('req-openapi');
    expect(JSON.parse(String(result.body))).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String) } });
  });

  it('builds the document once and answers the same text every time', async () => {
    const again = await handler(httpEvent('http-openapi'), {} as never);
    expect(JSON.parse(String(again.body))).toEqual(doc);
    expect(buildOpenApiDocument('2027-01-15')).toEqual(doc); // no date rule shows in JSON Schema
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('resolves every $ref it contains', async () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs.map((r) => r.slice(8, -1)))) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<any>((node, key) => node?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });
});

describe('routes', () => {
  it('documents every route of SPEC §9 and no other', () => {
    expect(
      operations(doc)
        .map(([route]) => route)
        .sort(),
    ).toEqual([...SPEC_ROUTES].sort());
    expect(documentedRoutes().sort()).toEqual([...SPEC_ROUTES].sort());
  });

  it('documents every HTTP route the topology declares, public exactly where the topology says so', () => {
    const declared = topologyFunctions.flatMap((fn) => fn.triggers.flatMap((t) => (t.kind === 'http' ? [t] : [])));
    expect(declared.length).toBeGreaterThan(2);
    const documented = new Map(operations(doc));
    for (const trigger of declared) {
      const route = `${trigger.method} ${trigger.path}`;
      const op = documented.get(route);
      expect(op, route).toBeDefined();
      expect(op?.['security'] === undefined, route).toBe(trigger.authorized);
    }
  });

  it('asks for a bearer JWT on every route but /health, /openapi.json and the public /public/* routes', () => {
    expect(doc['security']).toEqual([{ bearerAuth: [] }]);
    expect(doc['components']['securitySchemes']['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const [route, op] of operations(doc)) {
      if (PUBLIC_ROUTES.includes(route)) expect(op['security'], route).toEqual([]);
      else {
        expect(op['security'], route).toBeUndefined();
        expect(Object.keys(op['responses']), route).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('answers every error in the one error shape, with the request id header', () => {
    for (const [route, op] of operations(doc)) {
      for (const [status, response] of Object.entries<Doc>(op['responses'])) {
        const resolved = response['$ref'] ? doc['components']['responses'][String(response['$ref']).split('/').pop()!] : response;
        expect(resolved['headers']['x-request-id'], `${route} ${status}`).toBeDefined();
        if (Number(status) >= 400)
          expect(resolved['content']['application/json']['schema'], `${route} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
  });

  it('answers 429 RATE_LIMITED with Retry-After on every route, the public ones included', () => {
    const tooMany = doc['components']['responses']['TooManyRequests'];
    expect(tooMany['description']).toContain('RATE_LIMITED');
    expect(tooMany['headers']['retry-after']).toEqual({ $ref: '#/components/headers/RetryAfter' });
    expect(doc['components']['headers']['RetryAfter']['schema']).toEqual({ type: 'integer', minimum: 1 });
    for (const [route, op] of operations(doc)) {
      expect(op['responses']['429'], route).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    }
  });

  it('documents an answer for every status the error codes map to', () => {
    const documented = new Set(operations(doc).flatMap(([, op]) => Object.keys(op['responses'])));
    for (const [code, status] of Object.entries(ERROR_STATUS)) expect(documented.has(String(status)), code).toBe(true);
    for (const name of Object.keys(doc['components']['responses'])) {
      expect(JSON.stringify(doc['paths']), name).toContain(`"#/components/responses/${name}"`);
    }
  });

  it('names where it is served and under which licence', () => {
    expect(doc['servers'][0]).toMatchObject({ url: '/' });
    const local = doc['servers'].find((s: Doc) => s['url'] === 'http://127.0.0.1:{port}');
    expect(local?.['variables']?.['port']?.['default']).toBe('3000');
    expect(doc['info']['license']).toMatchObject({ name: expect.any(String), identifier: expect.any(String) });
  });

  it('takes the complaint and the action union as bodies, with the Idempotency-Key header on complaints', () => {
    const complaints = doc['paths']['/complaints']['post'];
    expect(complaints['requestBody']['content']['application/json']['schema']).toEqual({ $ref: '#/components/schemas/Complaint' });
    expect(complaints['parameters']).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(Object.keys(complaints['responses'])).toContain('202');
    const actions = doc['paths']['/cases/{caseId}/actions']['post'];
    expect(actions['requestBody']['content']['application/json']['schema']).toEqual({ $ref: '#/components/schemas/CaseAction' });
  });

  it('documents the list filters and limit 1–100 of GET /cases', () => {
    const params = doc['paths']['/cases']['get']['parameters'].filter((p: Doc) => p['in'] === 'query');
    expect(params.map((p: Doc) => p['name'])).toEqual([
      'status',
      'path',
      'countyCode',
      'respondentCreditCode',
      'caseNumber',
      'limit',
      'cursor',
    ]);
    expect(params.find((p: Doc) => p['name'] === 'limit')['schema']).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 20,
    });
    expect(params.every((p: Doc) => p['required'] === false)).toBe(true);
  });

  it('documents the random inspections: bodies, the round id as a UUID, the agency filter, the public record', () => {
    const body = (path: string) => doc['paths'][path]['post']['requestBody']['content']['application/json']['schema'];
    expect(body('/inspections')).toEqual({ $ref: '#/components/schemas/InspectionPlan' });
    expect(body('/inspections/{inspectionId}/draw')).toEqual({ $ref: '#/components/schemas/InspectionDraw' });
    expect(body('/inspections/{inspectionId}/results')).toEqual({ $ref: '#/components/schemas/InspectionResult' });
    const caseIdParam = doc['paths']['/cases/{caseId}']['get']['parameters'][0];
    for (const [route, op] of operations(doc).filter(([r]) => r.includes('{inspectionId}'))) {
      const param = op['parameters'].find((p: Doc) => p['name'] === 'inspectionId');
      expect(param, route).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
      expect(param['schema']['pattern'], route).toBe(caseIdParam['schema']['pattern']);
    }
    const list = doc['paths']['/inspections']['get']['parameters'].filter((p: Doc) => p['in'] === 'query');
    expect(list.map((p: Doc) => p['name'])).toEqual(['agency', 'limit', 'cursor']);
    expect(list.every((p: Doc) => p['required'] === false)).toBe(true);
    const answer = (route: string, status: string) => {
      const [method, path] = route.split(' ') as [string, string];
      return doc['paths'][path][method.toLowerCase()]['responses'][status]['content']['application/json']['schema'];
    };
    expect(answer('POST /inspections', '201')).toEqual({ $ref: '#/components/schemas/Inspection' });
    for (const route of [
      'GET /inspections/{inspectionId}',
      'POST /inspections/{inspectionId}/draw',
      'POST /inspections/{inspectionId}/results',
    ])
      expect(answer(route, '200'), route).toEqual({ $ref: '#/components/schemas/Inspection' });
    for (const route of ['GET /inspections', 'GET /public/inspections'])
      expect(answer(route, '200'), route).toEqual({ $ref: '#/components/schemas/InspectionSummaryPage' });
    expect(answer('GET /public/inspections/{inspectionId}', '200')).toEqual({ $ref: '#/components/schemas/PublicInspection' });
    for (const route of ['POST /inspections/{inspectionId}/draw', 'POST /inspections/{inspectionId}/results']) {
      const [, path] = route.split(' ') as [string, string];
      expect(Object.keys(doc['paths'][path]['post']['responses']), route).toEqual(
        expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '429']),
      );
    }
    for (const [route, op] of operations(doc).filter(([r]) => r.includes('/inspections'))) {
      expect(op['tags'], route).toEqual([route.includes('/public/') ? 'public' : 'agencies']);
      if (!route.includes('/public/')) expect(op['description'], route).toMatch(/^Who: supervisor; /);
    }
  });
});

describe('request schemas say what the handlers accept', () => {
  it('accepts the valid complaint and the former county code 610928', () => {
    expect(validates('Complaint', validComplaint())).toEqual({ ok: true, errors: '' });
    expect(
      validates(
        'Complaint',
        validComplaint((c) => (c.countyCode = '610928')),
      ).ok,
    ).toBe(true);
    expect(complaintSchema('2026-03-01').safeParse(validComplaint()).success).toBe(true);
  });

  it('rejects an unknown field, at the top and nested, as the handler does', () => {
    for (const patch of [(c: any) => (c.extra = true), (c: any) => (c.complainant.extra = 1), (c: any) => (c.evidence[0].note = 'x')]) {
      const body = validComplaint(patch);
      expect(validates('Complaint', body).ok).toBe(false);
      expect(complaintSchema('2026-03-01').safeParse(body).success).toBe(false);
    }
  });

  it('rejects what JSON Schema can see: a missing field, a bad enum, an enterprise without credit code', () => {
    expect(
      validates(
        'Complaint',
        validComplaint((c) => delete c.description),
      ).ok,
    ).toBe(false);
    expect(
      validates(
        'Complaint',
        validComplaint((c) => (c.countyCode = '610100')),
      ).ok,
    ).toBe(false);
    expect(
      validates(
        'Complaint',
        validComplaint((c) => delete c.complainant.creditCode),
      ).ok,
    ).toBe(false);
    expect(
      validates(
        'Complaint',
        validComplaint((c) => (c.right.kind = 'trade_secret')),
      ).ok,
    ).toBe(false);
  });

  it('describes the action union with a discriminator on `action`, one component per action', () => {
    const union = doc['components']['schemas']['CaseAction'];
    const names = actionSchema('2026-03-01').options.map((o) => o.shape.action.value);
    expect(union['oneOf']).toHaveLength(names.length);
    expect(union['discriminator']['propertyName']).toBe('action');
    for (const name of names) expect(union['discriminator']['mapping'][name]).toBe(`#/components/schemas/${actionComponentName(name)}`);
  });

  it('agrees with the handler on action bodies', () => {
    const schema = actionSchema('2026-03-01');
    const bodies: [unknown, boolean][] = [
      [{ action: 'accept', expectedVersion: 3 }, true],
      [{ action: 'record_consent', expectedVersion: 3, consented: true }, true],
      [
        { action: 'schedule_session', expectedVersion: 4, at: '2026-03-10T09:00:00+08:00', mode: 'offline', location: '安康市调解中心' },
        true,
      ],
      [
        {
          action: 'issue_decision',
          expectedVersion: 6,
          decisionNumber: '安市监裁字〔2026〕1 号',
          infringementEstablished: true,
          orders: ['停止侵权'],
        },
        true,
      ],
      [{ action: 'record_preservation', expectedVersion: 5, method: '网页取证', evidenceSha256: ['a'.repeat(64)] }, true],
      [{ action: 'accept', expectedVersion: 3, extra: 1 }, false],
      [{ action: 'accept' }, false],
      [{ action: 'fly', expectedVersion: 1 }, false],
      [{ action: 'record_consent', expectedVersion: 3 }, false],
      [{ action: 'schedule_session', expectedVersion: 4, at: 'tomorrow', mode: 'offline' }, false],
      [{ action: 'accept', expectedVersion: -1 }, false],
    ];
    for (const [body, valid] of bodies) {
      expect(validates('CaseAction', body).ok, JSON.stringify(body)).toBe(valid);
      expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(valid);
    }
  });

  it('agrees with the handler on the random inspections’ bodies: plan, draw, result', () => {
    const plan = {
      name: '2026 年第一季度商标专用权双随机抽查',
      agency: 'market_regulation',
      targets: [{ creditCode: '91440300708461136T', name: '深圳市某某电子商务有限公司' }],
      targetCount: 1,
      inspectors: ['officer-a', 'officer-b'],
      publicValueSource: '中国福利彩票双色球 2026 年第 20 期开奖号码',
      publicValueNumbers: 7,
    };
    const { publicValueNumbers: _, ...withoutCount } = plan;
    const filtered = { ...plan, targets: undefined };
    const { evidence, right, countyCode, description } = validComplaint() as any;
    const violation = { matter: 'patent_passing_off', right, countyCode, description, evidence };
    const result = { creditCode: '91440300708461136T', result: 'no_issue', inspectedOn: '2026-03-01', summary: '未发现问题' };
    const cases: [string, z.ZodMiniType, unknown, boolean][] = [
      ['InspectionPlan', inspectionPlanSchema, plan, true],
      ['InspectionPlan', inspectionPlanSchema, { ...filtered, targetFilter: {} }, true],
      [
        'InspectionPlan',
        inspectionPlanSchema,
        { ...filtered, targetFilter: { matter: 'patent_passing_off', decidedSince: '2026-01-01' } },
        true,
      ],
      ['InspectionPlan', inspectionPlanSchema, { ...filtered, targetFilter: { countyCode: '610902' } }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...filtered, targetFilter: { path: 'administrative_enforcement' } }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...filtered, targetFilter: { matter: 'patent' } }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...filtered, targetFilter: { decidedSince: '1 January 2026' } }, false],
      ['InspectionPlan', inspectionPlanSchema, withoutCount, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, publicValueNumbers: 0 }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, publicValueNumbers: 21 }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, publicValueNumbers: 2.5 }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, publicValueNumbers: '7' }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, publicValueNumbers: 20 }, true],
      [
        'InspectionPlan',
        inspectionPlanSchema,
        { ...plan, inspectorsPerTarget: 2, recusals: [{ inspector: 'officer-a', creditCode: '91440300708461136T' }] },
        true,
      ],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, extra: 1 }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, agency: 'police' }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, inspectors: ['officer-a'] }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, inspectorsPerTarget: 1 }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, targetCount: 0 }, false],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, targetCount: 500 }, true],
      ['InspectionPlan', inspectionPlanSchema, { ...plan, targetCount: 501 }, false],
      [
        'InspectionDraw',
        inspectionDrawSchema,
        { publicValue: '03 07 12 19 25 31 + 09', publicValueReference: 'https://www.cwl.gov.cn/' },
        true,
      ],
      ['InspectionDraw', inspectionDrawSchema, { publicValue: '03 07 12' }, false],
      ['InspectionDraw', inspectionDrawSchema, { publicValue: '', publicValueReference: 'x' }, false],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), result, true],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, result: 'violation_found', case: violation }, true],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, result: 'fine' }, false],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, evidenceSha256: ['x'] }, false],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, summary: '查'.repeat(1000) }, true],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, summary: '查'.repeat(1001) }, false],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, evidenceSha256: Array(20).fill('a'.repeat(64)) }, true],
      ['InspectionResult', inspectionResultSchema('2026-03-01'), { ...result, evidenceSha256: Array(21).fill('a'.repeat(64)) }, false],
      [
        'InspectionResult',
        inspectionResultSchema('2026-03-01'),
        { ...result, result: 'violation_found', case: { ...violation, extra: 1 } },
        false,
      ],
    ];
    for (const [component, schema, body, valid] of cases) {
      expect(validates(component, body).ok, `${component} ${JSON.stringify(body)}`).toBe(valid);
      expect(schema.safeParse(body).success, `${component} ${JSON.stringify(body)}`).toBe(valid);
    }
  });
});

describe('answer schemas fit what the handlers build', () => {
  const T0 = new Date('2026-03-02T01:00:00Z');
  const owner: Caller = { role: 'rights_holder', sub: 'owner-1' };
  const mediator: Caller = { role: 'mediator', sub: 'mediator-1' };
  const ctx = (caller: Caller, minutes: number): ActionContext => ({
    caller,
    now: new Date(T0.getTime() + minutes * 60_000),
    calendar: SHIPPED_CALENDAR,
    rules: DEFAULT_DEADLINE_RULES,
  });

  /** A case through intake into the mediation queue, with every event it wrote. */
  function queuedCase(patch?: (c: any) => void): { case: Case; events: TimelineEvent[] } {
    const complaint = parsedComplaint((c) => {
      c.complainant = { type: 'individual', name: '张三', idNumber: '11010519491231002X', contact: { email: 'zhang@example.cn' } };
      patch?.(c);
    });
    const filed = newCase({ caseId: crypto.randomUUID(), caseNumber: 'AKIP-2026-000007', owner, complaint, now: T0.toISOString() });
    const decision = triage(complaint, { openDuplicateCaseId: null, resolvedAgainstRespondent: 0 });
    const routed = applyTriage(filed.case, decision, T0.toISOString(), null);
    const deadline = firstDeadlineOnQueueing(decision.path, T0, SHIPPED_CALENDAR, DEFAULT_DEADLINE_RULES);
    const queued = enterWorkQueue(routed.case, T0.toISOString(), deadline);
    return { case: queued.case, events: [...filed.events, ...routed.events, ...queued.events] };
  }

  function step(_c: Case, result: ReturnType<typeof act>): { case: Case; event: TimelineEvent } {
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
    return result;
  }

  it('the case view: queued, claimed, resolved with an outcome; as owner, handler and court', () => {
    const queued = queuedCase();
    let c = queued.case;
    const views = [caseView(c, owner), caseView(c, { role: 'court', sub: 'judge-1' })];
    c = step(c, claim(c, ctx(mediator, 1))).case;
    c = step(c, act(c, { action: 'record_consent', expectedVersion: c.version, consented: true }, ctx(mediator, 2))).case;
    c = step(
      c,
      act(c, { action: 'schedule_session', expectedVersion: c.version, at: '2026-03-05T09:00:00+08:00', mode: 'online' }, ctx(mediator, 3)),
    ).case;
    c = step(
      c,
      act(
        c,
        { action: 'record_agreement', expectedVersion: c.version, terms: '停止销售并赔偿 5 万元', amountCny: 50_000 },
        ctx(mediator, 4),
      ),
    ).case;
    views.push(caseView(c, mediator));
    c = step(c, act(c, { action: 'close', expectedVersion: c.version }, ctx(mediator, 5))).case;
    views.push(caseView(c, mediator), caseView(c, { role: 'procuratorate', sub: 'p-1' }));
    expect(c.status).toBe('resolved');
    for (const view of views) {
      expect(validates('Case', view)).toEqual({ ok: true, errors: '' });
      expect(Object.keys(view).sort()).toEqual(Object.keys(api.caseViewSchema.shape).sort());
    }
    expect(views[1]?.complainant?.idNumber).toBe('1101**********002X');
  });

  it('a case transferred to police, before and after the police decision', () => {
    let c = queuedCase((p) => (p.preferredPath = 'administrative_adjudication')).case;
    const officer: Caller = { role: 'officer', sub: 'officer-1' };
    c = step(c, claim(c, ctx(officer, 1))).case;
    c = step(c, act(c, { action: 'accept_filing', expectedVersion: c.version }, ctx(officer, 2))).case;
    c = step(c, act(c, { action: 'transfer_to_police', expectedVersion: c.version, reason: '涉嫌假冒专利罪' }, ctx(officer, 3))).case;
    expect(validates('Case', caseView(c, { role: 'police', sub: 'police-1' }))).toEqual({ ok: true, errors: '' });
    c = step(
      c,
      act(c, { action: 'record_police_decision', expectedVersion: c.version, accepted: true }, ctx({ role: 'police', sub: 'police-1' }, 4)),
    ).case;
    expect(validates('Case', caseView(c, { role: 'police', sub: 'police-1' }))).toEqual({ ok: true, errors: '' });
  });

  it('the 202 to a complaint, timeline pages and the integrity report', () => {
    const { case: c, events } = queuedCase();
    expect(validates('SubmittedComplaint', { caseId: c.caseId, caseNumber: c.caseNumber, status: 'submitted' }).ok).toBe(true);
    // As GET /cases/{caseId}/timeline answers them (the stored caseId left out).
    const items = events.map(({ caseId: _caseId, ...rest }) => rest);
    expect(validates('TimelinePage', { items, nextCursor: null })).toEqual({ ok: true, errors: '' });
    expect(validates('TimelinePage', { items, nextCursor: 'eyJwayI6IngifQ' }).ok).toBe(true);
    expect(validates('Integrity', verifyChain(events))).toEqual({ ok: true, errors: '' });
    const tampered = events.map((e, i) => (i === 1 ? { ...e, data: { forged: true } } : e));
    const broken = verifyChain(tampered);
    expect(broken.valid).toBe(false);
    expect(validates('Integrity', broken)).toEqual({ ok: true, errors: '' });
    expect(validates('CasePage', { items: [caseView(c, owner)], nextCursor: null }).ok).toBe(true);
  });

  it('a timeline with internal events as a party gets it, a flagged duplicate, a respondent history with its counts', () => {
    const queued = queuedCase();
    let c = queued.case;
    const events = [...queued.events];
    for (const next of [
      () => claim(c, ctx(mediator, 1)),
      () => act(c, { action: 'add_note', expectedVersion: c.version, text: '内部备注' }, ctx(mediator, 2)),
    ]) {
      const done = step(c, next());
      c = done.case;
      events.push(done.event);
    }
    const items = events.map((e) => answerEvent(e, eventShownAs(owner, e, c)));
    expect(items.at(-1)?.type).toBe('internal');
    expect(validates('TimelinePage', { items, nextCursor: null })).toEqual({ ok: true, errors: '' });
    const flagged = { ...c, flags: { ...c.flags, possibleDuplicateOf: crypto.randomUUID(), possibleDuplicateOwnerSub: 'someone-else' } };
    for (const view of [caseView(flagged, owner), caseView(flagged, { role: 'court', sub: 'judge-1' })]) {
      expect(validates('Case', view)).toEqual({ ok: true, errors: '' });
    }
    const counts = historyCounts([{ status: c.status, againstRespondent: false }]);
    const history = {
      creditCode: '91440300708461136T',
      name: '某公司',
      cases: [historyEntry(c)],
      counts,
      resolvedAgainst: 0,
      repeatRespondent: false,
      nextCursor: null,
    };
    expect(validates('RespondentHistory', history)).toEqual({ ok: true, errors: '' });
    expect(validates('RespondentHistory', { ...history, cases: [] }).ok).toBe(true);
  });

  it('statistics', () => {
    const c = queuedCase().case;
    const stats = caseStats(
      [
        {
          status: c.status,
          path: c.path,
          rightKind: c.complaint.right.kind,
          countyCode: c.complaint.countyCode,
          zone: 'ankang_high_tech_zone',
          complainantType: 'foreign_enterprise',
          agency: null,
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
          outcomeAt: null,
          transferredTo: null,
          overdueFlag: false,
          dueAt: c.deadline?.dueAt ?? null,
        },
      ],
      T0.toISOString(),
    );
    expect(validates('Stats', stats)).toEqual({ ok: true, errors: '' });
    expect(z.strictObject(api.statsSchema.shape).safeParse(stats).success).toBe(true);
  });

  it('errors: validation, conflict with the current state, internal', () => {
    const event = as(httpEvent('http-post-complaints'), 'mediator', 'mediator-1');
    const validation = errorResult(
      event,
      'VALIDATION_FAILED',
      new ApiError('VALIDATION_FAILED', [{ path: 'respondent.creditCode', message: '校验位错误' }]),
    );
    expect(validates('Error', JSON.parse(String(validation.body)))).toEqual({ ok: true, errors: '' });
    const c = queuedCase().case;
    const conflict = refusal(
      event,
      { kind: 'conflict', reason: 'action.not_allowed_in_state', status: c.status, stage: c.stage, version: c.version },
      c,
    );
    const conflictBody = JSON.parse(String(errorResult(event, conflict.code, conflict).body));
    expect(conflictBody.error.current).toEqual({ status: 'queued', stage: 'awaiting_consent', version: c.version });
    expect(validates('Error', conflictBody)).toEqual({ ok: true, errors: '' });
    const stale = refusal(event, { kind: 'stale', version: c.version }, c);
    expect(validates('Error', JSON.parse(String(errorResult(event, stale.code, stale).body))).ok).toBe(true);
    expect(validates('Error', JSON.parse(String(errorResult(event, 'INTERNAL').body))).ok).toBe(true);
    // A credit-list entry's 409 as its handler builds it: the entry's status (none on a stale version) and version.
    for (const current of [
      { status: 'listed', version: 4 },
      { status: undefined, version: 4 },
    ]) {
      const credit = new ApiError(
        'CONFLICT',
        [{ path: 'action', message: '…', reason: 'credit.not_allowed', ...current }],
        { current },
        '…',
      );
      expect(validates('Error', JSON.parse(String(errorResult(event, credit.code, credit).body)))).toEqual({ ok: true, errors: '' });
    }
  });

  it('a random inspection round as planned, drawn by a lead officer and with results; its events, its page, its public record, its conflicts', () => {
    const targets = [
      { creditCode: '91440300708461136T', name: '深圳市某某电子商务有限公司' },
      { creditCode: '91110108551385082Q', name: '北京某某科技有限公司' },
      { creditCode: '91350100M000100Y43', name: '安康市秦巴茶业科技有限公司' },
    ];
    const lead: Caller = { role: 'officer', sub: 'officer-lead', agency: 'market_regulation', lead: true };
    const body = inspectionPlanSchema.parse({
      name: '2026 年第一季度专利标识双随机抽查',
      agency: 'market_regulation',
      targets,
      targetCount: 2,
      inspectors: ['officer-a', 'officer-b', 'officer-c'],
      recusals: [{ inspector: 'officer-a', creditCode: '91440300708461136T' }],
      publicValueSource: '中国福利彩票双色球 2026 年第 20 期开奖号码',
      publicValueNumbers: 7,
    });
    const changed = (change: InspectionChange | InspectionError): InspectionChange => {
      if ('kind' in change) throw new Error(`refused: ${JSON.stringify(change)}`);
      return change;
    };
    // As the handler answers a round: without the chain head, with the plan parsed beside its text.
    const roundView = ({ head: _head, ...round }: Inspection) => ({ ...round, plan: frozenPlanOf(round) });
    const planned = changed(
      freezePlan({ inspectionId: crypto.randomUUID(), body, targets, actor: { role: lead.role, sub: lead.sub }, now: T0 }),
    );
    const drawn = changed(
      drawRound(
        planned.inspection,
        { publicValue: '03 07 12 19 25 31 + 09', publicValueReference: '第 2026020 期' },
        lead,
        ctx(lead, 1).now,
      ),
    );
    // Stored and answered written the one way.
    expect(drawn.inspection.draw!.publicValue).toBe('3-7-12-19-25-31-9');
    const [first, second] = drawn.inspection.draw!.selected;
    const inspector: Caller = { role: 'officer', sub: first!.inspectors[0]!, agency: 'market_regulation' };
    const noIssue = changed(
      recordResult(
        drawn.inspection,
        inspectionResultSchema('2026-03-02').parse({
          creditCode: first!.creditCode,
          result: 'no_issue',
          inspectedOn: '2026-03-02',
          summary: '现场检查未发现假冒专利标识。',
        }),
        inspector,
        ctx(inspector, 2).now,
        null,
      ),
    );
    const { right, countyCode, description, evidence } = validComplaint() as any;
    const violation = changed(
      recordResult(
        noIssue.inspection,
        inspectionResultSchema('2026-03-02').parse({
          creditCode: second!.creditCode,
          result: 'violation_found',
          inspectedOn: '2026-03-02',
          summary: '现场发现产品包装标注已失效的专利号。',
          evidenceSha256: ['a'.repeat(64)],
          case: { matter: 'patent_passing_off', right, countyCode, description, evidence },
        }),
        { role: 'supervisor', sub: 'supervisor-1' },
        ctx(inspector, 3).now,
        { caseId: crypto.randomUUID(), caseNumber: 'AKIP-2026-000042' },
      ),
    );
    const steps = [planned, drawn, noIssue, violation];
    expect(steps.map((s) => s.inspection.status)).toEqual(['planned', 'drawn', 'drawn', 'completed']);
    for (const { inspection } of steps) {
      const view = roundView(inspection);
      expect(validates('Inspection', view)).toEqual({ ok: true, errors: '' });
      expect(Object.keys(view).sort()).toEqual(
        Object.keys(api.inspectionViewSchema.shape)
          .filter((k) => k !== 'events')
          .sort(),
      );
      expect(validates('FrozenInspectionPlan', view.plan)).toEqual({ ok: true, errors: '' });
      // Every field of the frozen plan is documented, and required: the plan is published whole.
      expect(Object.keys(view.plan).sort()).toEqual(Object.keys(api.frozenInspectionPlanSchema.shape).sort());
      expect([...doc['components']['schemas']['FrozenInspectionPlan']['required']].sort()).toEqual(Object.keys(view.plan).sort());
      expect(validates('InspectionSummary', inspectionSummary(inspection))).toEqual({ ok: true, errors: '' });
      expect(validates('PublicInspection', publicInspection(inspection))).toEqual({ ok: true, errors: '' });
    }
    // GET /inspections/{inspectionId}: the round and its hash-chained events, as stored.
    const events = steps.map((s) => s.event);
    expect(verifyChain(events).valid).toBe(true);
    expect(validates('Inspection', { ...roundView(violation.inspection), events })).toEqual({ ok: true, errors: '' });
    const page = { items: steps.map((s) => inspectionSummary(s.inspection)).reverse(), nextCursor: null };
    expect(validates('InspectionSummaryPage', page)).toEqual({ ok: true, errors: '' });
    expect(validates('InspectionSummaryPage', { ...page, nextCursor: 'eyJwayI6IngifQ' }).ok).toBe(true);
    // The public record names neither who recorded a result nor the case it opened.
    const record = publicInspection(violation.inspection);
    expect(JSON.stringify(record)).not.toContain('AKIP-2026-000042');
    expect(validates('PublicInspection', { ...record, results: [{ ...record.results[0], caseNumber: 'AKIP-2026-000042' }] }).ok).toBe(
      false,
    );
    // The public value is documented as what is published: its one written form, not the spelling typed in.
    for (const publicValue of ['03 07 12 19 25 31 + 09', '3-07-12-19-25-31-9', '3--7', '-3', ''])
      expect(validates('PublicInspection', { ...record, draw: { ...record.draw, publicValue } }).ok, publicValue).toBe(false);
    expect(validates('PublicInspection', { ...record, draw: { ...record.draw, publicValue: '0-10-3' } }).ok).toBe(true);
    // 409 as the handler builds it: the round's status and version in `details` and `current`.
    const again = drawRound(violation.inspection, { publicValue: '1', publicValueReference: '2' }, lead, ctx(lead, 4).now);
    expect(again).toMatchObject({ kind: 'conflict', reason: 'inspection.already_drawn' });
    if (!('kind' in again) || again.kind !== 'conflict') throw new Error('expected a conflict');
    const current = { status: again.status, version: again.version };
    const event = as(httpEvent('http-post-complaints'), 'officer', 'officer-lead');
    const conflict = new ApiError(
      'CONFLICT',
      [{ path: 'inspectionId', message: 'This round has been drawn already', reason: again.reason, ...current }],
      { current },
      'This round has been drawn already',
    );
    expect(validates('Error', JSON.parse(String(errorResult(event, conflict.code, conflict).body)))).toEqual({ ok: true, errors: '' });
  });

  it('knows every error code the edge answers with', () => {
    expect([...api.ERROR_CODES].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    const codes = doc['components']['schemas']['Error']['properties']['error']['properties']['code']['enum'];
    expect([...codes].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });

  it('the health answer', () => {
    expect(validates('Health', { status: 'ok' }).ok).toBe(true);
    expect(validates('Health', { status: 'down' }).ok).toBe(false);
  });
});
