// Who may do what, over HTTP: every route of the topology × every kind of caller × every
// relationship a caller can have to a case, with the expected answer generated from the policy
// (test/support/access.ts: domain/access.ts, ACTION_RULES, the SPEC §9 route table, SPEC §2.1).
//
// Relationships: the owner and another rights holder; the assigned handler, an unassigned handler
// of the same path and handlers of the other paths; court, procuratorate, supervisor; police with
// the case transferred to police and not; a user with no recognised role; no token at all.
// Cases: seven, one per situation (each path, claimed and not, transferred to police and to
// litigation, withdrawn), driven through every action in turn, each answer checked and the
// case's state followed from the answers, so every later expectation is computed from the state
// the case is really in. What each answer shows follows SPEC §2.1: ID numbers and contact details
// masked by relationship, internal events as stubs to the owner, a respondent's history per role,
// and the duplicate flag and related cases (a preservation case and the case that opened it)
// naming only a case the caller may read. Random inspection rounds (SPEC §13) likewise: each caller
// — lead officers of two agencies among them — plans, lists, reads, draws and records results, by
// its relationship to the round (the supervisor, an officer of its agency, leading or not, drawn for
// a target or not, an officer of another agency) and to the round's state.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionName } from '#domain/actions.schema.ts';
import { ACTION_RULES } from '#domain/lifecycle.ts';
import { HANDLER_ROLE_OF_PATH, PATHS, type CasePath } from '#domain/model.ts';
import { canReadCase } from '#domain/access.ts';
import type { Agency } from '#domain/agencies.ts';
import { verifyAnsweredTimeline } from '#domain/timeline-view.ts';
import { residentIdCheckCharacter } from '#domain/identifiers/resident-id.ts';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import { verifyDraw } from '#domain/inspections.ts';
import {
  INTERNAL_EVENT_TYPES,
  MASKED_EMAIL,
  MASKED_ID,
  MASKED_MOBILE,
  NO_ROLE,
  ROUTE_ACCESS,
  SAMPLES,
  actionOrder,
  callerOf,
  expectAction,
  expectClaim,
  expectMessages,
  expectNotices,
  expectDraw,
  expectPlan,
  expectRead,
  expectResult,
  expectRoundRead,
  expectRoute,
  historyCases,
  httpRoutes,
  inspectionPersonas,
  namesRelated,
  isPartyCaller,
  modelFrom,
  pacer,
  persona,
  personas,
  relationship,
  representativeActions,
  roundFrom,
  roundRelationship,
  seesContact,
  seesIdNumber,
  tokenGroups,
  type CaseModel,
  type Expectation,
  type Persona,
  type RoundModel,
} from '../support/access.ts';
import { validComplaint } from '../support/complaints.ts';
import { client, type Answer } from '../support/http-client.ts';
import { invitationCode } from '../support/outbox.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

let rt: RuntimeProcess;
let api: ReturnType<typeof client>;
const pace = pacer(0.75);
const tokens = new Map<string, Promise<string>>();
const startedAt = Date.now();

beforeAll(async () => {
  rt = await startRuntimeProcess({ args: ['--in-memory'] });
  api = client(rt);
});
afterAll(async () => {
  await rt?.stop();
});

function tokenOf(p: Persona): Promise<string> | undefined {
  if (p.role === null) return undefined;
  let token = tokens.get(p.sub);
  if (!token) {
    // A lead officer (SPEC §13) carries the lead officers' group beside its role and agency groups.
    token = p.lead ? rt.jwt.signToken({ role: p.role, sub: p.sub, groups: tokenGroups(p) }) : rt.token(p.role, p.sub, p.agency);
    tokens.set(p.sub, token);
  }
  return token;
}

// ---------------------------------------------------------------------------------------------
// Cells: one request, one expectation, recorded (failures are collected, then reported together)

interface Cell {
  route: string;
  who: string;
  relationship: string;
  expected: number;
  got: number;
  because: string;
}

const cells: Cell[] = [];
/** This test's failures (each test reports its own). */
const mismatches: string[] = [];
beforeEach(() => {
  mismatches.length = 0;
});

const ROUTES = new Map(httpRoutes().map((r) => [r.routeKey, r]));

async function call(p: Persona, method: 'GET' | 'POST' | 'PUT', routeKey: string, url: string, body?: unknown): Promise<Answer> {
  await pace.wait(pace.keyOf(ROUTES.get(routeKey) ?? { authorized: true }, p.role === null ? null : p.sub), routeKey);
  const token = await tokenOf(p);
  return api.call(method, url, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
}

function record(route: string, p: Persona, rel: string, expected: Expectation, answer: Answer, extra = ''): boolean {
  cells.push({ route, who: p.name, relationship: rel, expected: expected.status, got: answer.status, because: expected.because });
  const ok = answer.status === expected.status;
  if (!ok) {
    mismatches.push(
      `${route} as ${p.name} (${rel})${extra}: expected ${expected.status} (${expected.because}), got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
    );
  }
  if (answer.status >= 400 && answer.body?.error?.code === undefined)
    mismatches.push(`${route} as ${p.name}: error without the SPEC §9 shape`);
  return ok;
}

function problem(message: string): void {
  mismatches.push(message);
}

/**
 * Personal data in a case answered to `p`: the complainant's ID number in full for the owner and the
 * assigned handler only; contact details in full for the party itself, the assigned handler and the
 * supervisor, masked for everyone else (SPEC §2.1, §9).
 */
function checkMasking(where: string, p: Persona, c: CaseModel, body: any): void {
  const shown: unknown = body?.complainant?.idNumber;
  const rel = relationship(p, c);
  if (typeof shown !== 'string') return problem(`${where} as ${p.name}: no complainant.idNumber in the answer`);
  if (seesIdNumber(p, c)) {
    if (shown !== ID_NUMBER) problem(`${where} as ${p.name} (${rel}): ID number should be shown in full, got ${shown}`);
  } else if (!MASKED_ID.test(shown) || shown.slice(0, 4) !== ID_NUMBER.slice(0, 4) || shown.slice(-4) !== ID_NUMBER.slice(-4)) {
    problem(`${where} as ${p.name} (${rel}): ID number should be masked, got ${shown}`);
  }
  const { phone, email } = body?.complainant?.contact ?? {};
  const address: unknown = body?.respondent?.address;
  if (seesContact(p, c, 'complainant')) {
    if (phone !== PHONE || email !== EMAIL)
      problem(`${where} as ${p.name} (${rel}): contact should be shown in full, got ${phone} ${email}`);
  } else if (
    !MASKED_MOBILE.test(phone) ||
    phone.slice(-4) !== PHONE.slice(-4) ||
    !MASKED_EMAIL.test(email) ||
    !email.endsWith(EMAIL.slice(EMAIL.indexOf('@')))
  ) {
    problem(`${where} as ${p.name} (${rel}): contact should be masked, got ${phone} ${email}`);
  }
  const expectedAddress = seesContact(p, c, 'respondent') ? RESPONDENT_ADDRESS : RESPONDENT_COUNTY;
  if (address !== expectedAddress)
    problem(`${where} as ${p.name} (${rel}): respondent address should be ${expectedAddress}, got ${address}`);
}

/** The timeline answered to `p`: internal events as stubs to the owner, in full to the agencies; the chain verifiable either way. */
function checkTimeline(where: string, p: Persona, c: CaseModel, items: any[], messageSeqs: readonly number[] = []): void {
  // Messages in the open channel (SPEC §10): in full to whoever reads the channel, a stub to the others.
  const readsOpen = expectMessages(p, c, 'GET', 'open').status === 200;
  for (const seq of messageSeqs) {
    const item = items.find((e) => e.seq === seq);
    if (item && (item.type === 'message_posted') !== readsOpen)
      problem(`${where} as ${p.name} (${relationship(p, c)}): the open channel's message at ${seq} answered as ${item.type}`);
  }
  const stubs = items.filter((e) => e.type === 'internal' && (readsOpen || !messageSeqs.includes(e.seq)));
  for (const stub of stubs) {
    if (Object.keys(stub).sort().join() !== 'at,hash,prevHash,seq,type')
      problem(`${where} as ${p.name}: a stub carries ${Object.keys(stub).join()}`);
  }
  if (isPartyCaller(p)) {
    const shown = items.filter((e) => INTERNAL_EVENT_TYPES.includes(e.type)).map((e) => e.type);
    if (shown.length > 0) problem(`${where} as ${p.name} (${relationship(p, c)}): internal events shown in full: ${shown.join()}`);
    ownerStubs += stubs.length;
  } else if (stubs.length > 0) {
    problem(`${where} as ${p.name} (${relationship(p, c)}): ${stubs.length} stubs for an agency reader`);
  }
  const verified = verifyAnsweredTimeline(c.caseId, items);
  if (!verified.valid) problem(`${where} as ${p.name}: the answered chain does not verify at event ${verified.brokenAt}`);
}

/** Stubs the owners were answered, over every timeline read. */
let ownerStubs = 0;

/**
 * A respondent's history answered to `p` (SPEC §2.1): every case for court, procuratorate and
 * supervisor, only the cases `p` may read for the others — no other case named anywhere — and the
 * counts of all cases for everyone.
 */
function checkHistory(p: Persona, body: any): void {
  const models = fixtures.map((f) => f.model);
  const { every, readable } = historyCases(p, models);
  const got: string[] = (body.cases as { caseId: string }[]).map((c) => c.caseId);
  const want = (every ? models : readable).map((c) => c.caseId).sort();
  const gotOfFixtures = got.filter((id) => models.some((m) => m.caseId === id)).sort();
  if (JSON.stringify(gotOfFixtures) !== JSON.stringify(want))
    problem(`GET /respondents as ${p.name}: ${JSON.stringify({ got: gotOfFixtures, want })}`);
  const text = JSON.stringify(body);
  for (const m of models) {
    if (!want.includes(m.caseId) && text.includes(m.caseId))
      problem(`GET /respondents as ${p.name} names ${m.caseId}, which it may not read`);
  }
  if (
    !(body.counts?.total >= models.length) ||
    body.counts.resolvedAgainst !== body.resolvedAgainst ||
    !(body.counts.open <= body.counts.total)
  ) {
    problem(`GET /respondents as ${p.name}: counts ${JSON.stringify(body.counts)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The cases

const ID_NUMBER = `61090219900101123${residentIdCheckCharacter('61090219900101123')}`;
const PHONE = '13891500123';
const EMAIL = 'zhang.san@example.cn';
/** The complaint template's respondent, its address, and that address cut to the county. */
const RESPONDENT = validComplaint().respondent as { creditCode: string; address: string };
const RESPONDENT_ADDRESS = RESPONDENT.address;
const RESPONDENT_COUNTY = '广东省深圳市南山区';
const AGREEMENT = { reference: '安仲协〔2025〕17号', signedOn: '2025-06-01' };

interface Fixture {
  key: string;
  label: string;
  people: Persona[];
  model: CaseModel;
  /** The handler who claimed (or is to hold) the case: `<role>-A` of the case's first path. */
  designated: string;
  /** Actions tried first on this case (see actionOrder). */
  first?: ActionName[];
  /** Seqs of the messages posted in the case's open channel. */
  messageSeqs: number[];
}

interface FixtureSpec {
  key: string;
  label: string;
  path: CasePath;
  claimed: boolean;
  arbitrationAgreement?: boolean;
  /** The handler invites the respondent right after claiming, and the `respondent` persona joins (SPEC §10). */
  respondentJoins?: boolean;
  steps?: [ActionName, Record<string, unknown>][];
  first?: ActionName[];
  /** The handler who claims it, when not the role's `A` (an enforcement case of another agency, SPEC §12). */
  designated?: string;
}

const FIXTURES: FixtureSpec[] = [
  {
    key: 'med',
    label: 'mediation, claimed, respondent online',
    path: 'mediation',
    claimed: true,
    respondentJoins: true,
    first: ['respond_consent'],
  },
  {
    key: 'arb',
    label: 'arbitration, claimed, respondent online',
    path: 'arbitration',
    claimed: true,
    arbitrationAgreement: true,
    respondentJoins: true,
  },
  { key: 'not', label: 'notarization, queued (unclaimed)', path: 'notarization', claimed: false },
  { key: 'adj', label: 'adjudication, claimed, not transferred', path: 'administrative_adjudication', claimed: true },
  {
    key: 'pol',
    label: 'adjudication, transferred to police',
    path: 'administrative_adjudication',
    claimed: true,
    steps: [
      ['accept_filing', {}],
      ['transfer_to_police', { reason: '涉嫌假冒专利罪，涉案金额巨大' }],
    ],
  },
  {
    key: 'lit',
    label: 'mediation, transferred to litigation, respondent online',
    path: 'mediation',
    claimed: true,
    respondentJoins: true,
    steps: [
      ['record_consent', { consented: true }],
      ['record_failure', { reason: '双方分歧过大' }],
      ['transfer_to_litigation', { reason: '当事人选择诉讼' }],
    ],
  },
  { key: 'wd', label: 'mediation, queued, withdrawn by its owner first', path: 'mediation', claimed: false, first: ['withdraw'] },
  // SPEC §12: a copyright complaint for enforcement is culture and tourism's: market regulation's officers never read it.
  {
    key: 'enf',
    label: 'enforcement (culture and tourism), claimed, filed',
    path: 'administrative_enforcement',
    claimed: true,
    designated: 'officer-C',
    steps: [['accept_filing', { coInvestigator: 'enf:officer-C2' }]],
  },
];

function complaintFor(spec: FixtureSpec) {
  return validComplaint((c) => {
    c.complainant = { type: 'individual', name: '张三', idNumber: ID_NUMBER, contact: { phone: PHONE, email: EMAIL } };
    c.preferredPath = spec.path;
    if (spec.arbitrationAgreement) c.arbitrationAgreement = AGREEMENT;
    if (spec.path === 'administrative_enforcement')
      c.right = { kind: 'copyright', number: '陕作登字-2025-A-00000321', title: '汉江摄影集', holder: '张三' };
  });
}

/** The case once triage and the path's intake have queued it (cold functions and a busy machine: up to 60 s). */
async function untilQueued(owner: Persona, caseId: string): Promise<any> {
  const until = Date.now() + 60_000;
  for (;;) {
    const answer = await call(owner, 'GET', 'GET /cases/{caseId}', `/cases/${caseId}`);
    if (answer.body?.status === 'queued') return answer.body;
    if (Date.now() > until) throw new Error(`case ${caseId} not queued within 60 s: ${JSON.stringify(answer.body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function setUp(spec: FixtureSpec): Promise<Fixture> {
  const people = personas(spec.key);
  const owner = persona(people, 'holder');
  const filed = await call(owner, 'POST', 'POST /complaints', '/complaints', complaintFor(spec));
  if (filed.status !== 202) throw new Error(`filing ${spec.key}: ${filed.status} ${JSON.stringify(filed.body)}`);
  let body = await untilQueued(owner, filed.body.caseId);
  const designated = persona(people, spec.designated ?? `${HANDLER_ROLE_OF_PATH[spec.path]}-A`);
  if (body.path !== spec.path) throw new Error(`${spec.key} routed to ${body.path}, not ${spec.path}`);
  if (spec.claimed) {
    const claimed = await call(designated, 'POST', 'POST /cases/{caseId}/claim', `/cases/${body.caseId}/claim`);
    if (claimed.status !== 200) throw new Error(`claim ${spec.key}: ${claimed.status}`);
    body = claimed.body;
  }
  let respondentSub: string | undefined;
  if (spec.respondentJoins) {
    const respondent = persona(people, 'respondent');
    const email = `${spec.key}@respondent.example.cn`;
    const invited = await call(designated, 'POST', 'POST /cases/{caseId}/actions', `/cases/${body.caseId}/actions`, {
      action: 'invite_respondent',
      expectedVersion: body.version,
      contact: { email },
    });
    if (invited.status !== 200) throw new Error(`${spec.key} invite_respondent: ${invited.status} ${JSON.stringify(invited.body)}`);
    const code = await invitationCode(rt.url, email, body.caseNumber);
    const joined = await call(respondent, 'POST', 'POST /invitations/accept', '/invitations/accept', { caseNumber: body.caseNumber, code });
    if (joined.status !== 200) throw new Error(`${spec.key} join: ${joined.status} ${JSON.stringify(joined.body)}`);
    body = (await call(owner, 'GET', 'GET /cases/{caseId}', `/cases/${body.caseId}`)).body;
    respondentSub = respondent.sub;
  }
  for (const [action, fields] of spec.steps ?? []) {
    const done = await call(designated, 'POST', 'POST /cases/{caseId}/actions', `/cases/${body.caseId}/actions`, {
      action,
      expectedVersion: body.version,
      ...fields,
    });
    if (done.status !== 200) throw new Error(`${spec.key} ${action}: ${done.status} ${JSON.stringify(done.body)}`);
    body = done.body;
  }
  return {
    key: spec.key,
    label: spec.label,
    people,
    model: modelFrom(owner.sub, body, respondentSub),
    designated: designated.sub,
    messageSeqs: [],
    ...(spec.first ? { first: spec.first } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The case routes on one case

const CASE_READS = ['GET /cases/{caseId}', 'GET /cases/{caseId}/timeline', 'GET /cases/{caseId}/integrity'] as const;
const readUrl = (route: (typeof CASE_READS)[number], caseId: string) => route.replace('{caseId}', caseId).replace(/^GET /, '');

async function readCells(f: Fixture): Promise<void> {
  // Reads change nothing: every caller asks at once.
  for (const route of CASE_READS) {
    await Promise.all(
      f.people.map(async (p) => {
        const expected = expectRead(p, f.model);
        const answer = await call(p, 'GET', route, readUrl(route, f.model.caseId));
        const rel = relationship(p, f.model);
        if (!record(route, p, rel, expected, answer, ` on ${f.key}`) || answer.status !== 200) return;
        if (route === 'GET /cases/{caseId}') {
          if (
            answer.body.version !== f.model.version ||
            answer.body.status !== f.model.status ||
            answer.body.assignee !== f.model.assignee
          ) {
            problem(
              `${route} on ${f.key} as ${p.name}: answered ${JSON.stringify({ v: answer.body.version, s: answer.body.status, a: answer.body.assignee })}, the model says ${JSON.stringify({ v: f.model.version, s: f.model.status, a: f.model.assignee })}`,
            );
          }
          checkMasking(`${route} on ${f.key}`, p, f.model, answer.body);
        } else if (route === 'GET /cases/{caseId}/timeline') {
          if (!Array.isArray(answer.body.items) || answer.body.items.length === 0) problem(`${route} on ${f.key}: no events`);
          else checkTimeline(`${route} on ${f.key}`, p, f.model, answer.body.items, f.messageSeqs);
        } else if (answer.body.valid !== true) {
          problem(`${route} on ${f.key}: timeline not valid: ${JSON.stringify(answer.body)}`);
        }
      }),
    );
  }
}

async function noticeCells(f: Fixture): Promise<void> {
  const route = 'GET /cases/{caseId}/notifications';
  await Promise.all(
    f.people.map(async (p) => {
      const answer = await call(p, 'GET', route, `/cases/${f.model.caseId}/notifications`);
      if (record(route, p, relationship(p, f.model), expectNotices(p, f.model), answer, ` on ${f.key}`) && answer.status === 200) {
        if (!Array.isArray(answer.body.items)) problem(`${route} on ${f.key}: no items`);
      }
    }),
  );
}

async function claimCells(f: Fixture): Promise<void> {
  const route = 'POST /cases/{caseId}/claim';
  for (const p of f.people) {
    const expected = expectClaim(p, f.model);
    const rel = relationship(p, f.model);
    const answer = await call(p, 'POST', route, `/cases/${f.model.caseId}/claim`);
    if (record(route, p, rel, expected, answer, ` on ${f.key}`) && answer.status === 200) {
      f.model = modelFrom(f.model.ownerSub, answer.body, f.model.respondentParty?.sub);
      checkMasking(`${route} on ${f.key}`, p, f.model, answer.body);
    }
  }
}

/**
 * The case's messages (SPEC §10), before its actions (a message moves the version on, which the
 * model follows): every caller reads each channel and writes in the open one. The timeline reads
 * after the actions check that the open channel's messages are in full for those who read the
 * channel and stubs for the others (the police).
 */
async function messageCells(f: Fixture): Promise<void> {
  const channels = ['open', 'caucus_complainant', 'caucus_respondent'] as const;
  await Promise.all(
    f.people.map(async (p) => {
      for (const channel of channels) {
        const route = 'GET /cases/{caseId}/messages';
        const answer = await call(p, 'GET', route, `/cases/${f.model.caseId}/messages?channel=${channel}`);
        record(
          `${route}?channel=${channel}`,
          p,
          relationship(p, f.model),
          expectMessages(p, f.model, 'GET', channel),
          answer,
          ` on ${f.key}`,
        );
      }
    }),
  );
  for (const p of f.people) {
    const route = 'POST /cases/{caseId}/messages';
    const expected = expectMessages(p, f.model, 'POST', 'open');
    const answer = await call(p, 'POST', route, `/cases/${f.model.caseId}/messages`, { channel: 'open', text: `${p.name} 的留言` });
    if (
      record(`${route} open`, p, relationship(p, f.model), expected, answer, ` on ${f.key} (${f.model.status})`) &&
      answer.status === 201
    ) {
      f.messageSeqs.push(answer.body.seq);
      f.model = { ...f.model, version: f.model.version + 1 };
    }
  }
}

const actionCells = new Map<ActionName, { twoHundreds: number; cells: number }>();

async function actionCellsOn(f: Fixture): Promise<void> {
  const route = 'POST /cases/{caseId}/actions';
  for (const action of actionOrder(f.first)) {
    // Callers the policy refuses cannot change the case: they ask at once; then those it lets act,
    // one after another, each expectation computed from the state the previous answer left.
    const refused = f.people.filter((p) => ![200, 409].includes(expectAction(p, f.model, action).status));
    const acting = f.people.filter((p) => !refused.includes(p));
    const cell = async (p: Persona) => {
      const expected = expectAction(p, f.model, action);
      const rel = relationship(p, f.model);
      const before = f.model;
      const body = { action, expectedVersion: before.version, ...SAMPLES[action].fields(before, f.designated) };
      const answer = await call(p, 'POST', route, `/cases/${before.caseId}/actions`, body);
      const stats = actionCells.get(action) ?? { twoHundreds: 0, cells: 0 };
      stats.cells++;
      actionCells.set(action, stats);
      if (!record(`${route} ${action}`, p, rel, expected, answer, ` on ${f.key} (${before.status}/${before.stage})`)) return;
      if (answer.status === 200) {
        stats.twoHundreds++;
        f.model = modelFrom(before.ownerSub, answer.body, before.respondentParty?.sub);
        if (f.model.version !== before.version + 1) problem(`${action} on ${f.key}: version ${before.version} → ${f.model.version}`);
        checkMasking(`${action} on ${f.key}`, p, f.model, answer.body);
      } else if (answer.status === 409) {
        // The refusal says where the case stands: exactly what the model says.
        const detail = answer.body.error.details?.[0] ?? {};
        if (detail.version !== before.version || (detail.status !== undefined && detail.status !== before.status)) {
          problem(
            `${action} on ${f.key} as ${p.name}: 409 details ${JSON.stringify(detail)} disagree with the model (${before.status}/${before.stage} v${before.version})`,
          );
        }
      }
    };
    await Promise.all(refused.map(cell));
    for (const p of acting) await cell(p);
  }
}

// ---------------------------------------------------------------------------------------------

const fixtures: Fixture[] = [];

describe('the access matrix, generated from the policy', () => {
  it('covers every HTTP route of the topology', () => {
    const missing = httpRoutes().filter((r) => !ROUTE_ACCESS[r.routeKey]);
    expect(
      missing.map((r) => r.routeKey),
      'routes without an access rule in test/support/access.ts',
    ).toEqual([]);
  });

  it('case routes: read, claim and every action, for every relationship, on eight cases', async () => {
    fixtures.push(...(await Promise.all(FIXTURES.map(setUp))));
    // The situations the matrix is meant to hold, checked before relying on them.
    const byKey = Object.fromEntries(fixtures.map((f) => [f.key, f]));
    expect(byKey['med']!.model).toMatchObject({ status: 'in_progress', path: 'mediation', assignee: 'med:mediator-A' });
    expect(byKey['not']!.model).toMatchObject({ status: 'queued', path: 'notarization', assignee: null });
    expect(byKey['pol']!.model).toMatchObject({ status: 'transferred', outcome: { transferredTo: 'police' } });
    expect(byKey['lit']!.model).toMatchObject({ status: 'transferred', outcome: { transferredTo: 'litigation' } });
    expect(byKey['enf']!.model).toMatchObject({
      status: 'in_progress',
      path: 'administrative_enforcement',
      stage: 'investigating',
      assignee: 'enf:officer-C',
      enforcement: { agency: 'culture_tourism' },
    });

    await Promise.all(
      fixtures.map(async (f) => {
        await readCells(f);
        await noticeCells(f);
        await claimCells(f);
        await messageCells(f);
        await actionCellsOn(f);
        await readCells(f);
      }),
    );

    // Every relationship the SPEC names met every representative action at least once.
    const relationships = new Set(cells.map((c) => c.relationship));
    for (const rel of [
      'owner',
      'another rights holder',
      'assigned handler',
      'unassigned handler of the path',
      'handler of another path',
      // SPEC §12: an officer of another agency reads nothing of an enforcement case.
      'officer of another agency',
      'court',
      'procuratorate',
      'supervisor',
      'police, case transferred to police',
      'police, case not transferred to police',
      'joined respondent',
      'respondent, not joined',
      'no recognised role',
      'anonymous (no token)',
    ]) {
      expect(relationships, `relationship "${rel}" never checked`).toContain(rel);
      for (const action of representativeActions()) {
        expect(
          cells.some((c) => c.route.endsWith(` ${action}`) && c.relationship === rel),
          `${action} × ${rel} never checked`,
        ).toBe(true);
      }
    }
    // The policy's own words, checked on what happened: a rights holder sending a handler action → 403.
    const handlerOnly = (Object.keys(ACTION_RULES) as ActionName[]).filter((a) => !ACTION_RULES[a].who.includes('owner'));
    const ownerTries = cells.filter((c) => c.relationship === 'owner' && handlerOnly.some((a) => c.route.endsWith(` ${a}`)));
    expect(ownerTries.length).toBeGreaterThan(0);
    expect(ownerTries.filter((c) => c.got !== 403)).toEqual([]);
    // Unreadable is never 403.
    expect(cells.filter((c) => c.expected === 404 && c.got === 403)).toEqual([]);
    // Notes and supervision opinions were added to every case: the owners met them, as stubs.
    expect(ownerStubs, 'no owner was ever answered an internal event as a stub').toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  }, 240_000);

  it('GET /cases: each caller lists exactly the cases it may read (the owner only their own), with any filter', async () => {
    expect(fixtures.length).toBe(FIXTURES.length);
    const models = () => fixtures.map((f) => f.model);
    const med = fixtures.find((f) => f.key === 'med')!;
    const queries: { query: string; keep: (c: CaseModel) => boolean }[] = [
      { query: '', keep: () => true },
      ...PATHS.map((path) => ({ query: `&path=${path}`, keep: (c: CaseModel) => c.path === path })),
      { query: '&status=transferred', keep: (c: CaseModel) => c.status === 'transferred' },
      { query: `&caseNumber=${med.model.caseNumber}`, keep: (c: CaseModel) => c.caseId === med.model.caseId },
    ];
    await Promise.all(
      fixtures.map(async (f) => {
        // Callers inside, so no one caller asks twice in a row (the per-caller rate limit).
        for (const { query, keep } of queries) {
          for (const p of f.people) {
            const caller = callerOf(p);
            const expected = expectRoute(p, ROUTE_ACCESS['GET /cases']!);
            const answer = await call(p, 'GET', 'GET /cases', `/cases?limit=100${query}`);
            const rel = p.role === 'rights_holder' ? relationship(p, f.model) : (p.role ?? 'anonymous');
            if (!record(`GET /cases${query ? `?${query.slice(1).split('=')[0]}` : ''}`, p, rel, expected, answer) || answer.status !== 200)
              continue;
            const want = models()
              .filter((c) => caller && canReadCase(caller, c) && keep(c))
              .map((c) => c.caseId)
              .sort();
            const got = (answer.body.items as any[]).map((i) => i.caseId).sort();
            if (JSON.stringify(got) !== JSON.stringify(want))
              problem(
                `GET /cases${query} as ${p.sub}: listed ${got.length} cases, may read ${want.length}: ${JSON.stringify({ got, want })}`,
              );
            for (const item of answer.body.items as any[]) {
              const c = models().find((m) => m.caseId === item.caseId);
              if (c) checkMasking(`GET /cases item ${c.caseId}`, p, c, item);
            }
          }
        }
      }),
    );
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('GET /work-queues/{path}: handlers of that path only; the queue holds exactly the queued cases of the path', async () => {
    const people = personas('wq');
    for (const path of [...PATHS, 'nowhere', 'Mediation', 'mediation%20']) {
      for (const p of people) {
        const expected = expectRoute(p, ROUTE_ACCESS['GET /work-queues/{path}']!, { path: decodeURIComponent(path) });
        const answer = await call(p, 'GET', 'GET /work-queues/{path}', `/work-queues/${path}?limit=100`);
        if (!record(`GET /work-queues/${path}`, p, p.role ?? 'anonymous', expected, answer) || answer.status !== 200) continue;
        // An officer's enforcement queue is its own agency's (SPEC §12): the cases of the path it may read.
        const want = fixtures
          .filter((f) => f.model.status === 'queued' && f.model.path === path && canReadCase(callerOf(p)!, f.model))
          .map((f) => f.model.caseId)
          .sort();
        const got = (answer.body.items as any[]).map((i) => i.caseId).sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) problem(`work queue ${path}: ${JSON.stringify({ got, want })}`);
        for (const item of answer.body.items as any[]) {
          const c = fixtures.find((f) => f.model.caseId === item.caseId)?.model;
          if (c) checkMasking(`work queue ${path} item`, p, c, item);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('GET /respondents/{creditCode}, GET /stats, the operator routes, POST /complaints and the public routes, per role', async () => {
    const people = personas('roles');
    const routes = new Set(httpRoutes().map((r) => r.routeKey));
    const respondent = ROUTE_ACCESS['GET /respondents/{creditCode}']!;
    // A respondent with cases, a valid code nobody complained about, and a malformed one: the last two name nothing (404).
    for (const [code, hasCases] of [
      ['91440300708461136T', true],
      ['91110108551385082Q', false],
      ['NOT-A-CODE', false],
    ] as const) {
      for (const p of people) {
        const base = expectRoute(p, respondent);
        const expected = base.status === 200 && !hasCases ? { status: 404, because: 'names no respondent with cases' } : base;
        const answer = await call(p, 'GET', 'GET /respondents/{creditCode}', `/respondents/${code}?limit=100`);
        if (
          record(`GET /respondents/${hasCases ? '{with cases}' : `{${code}}`}`, p, p.role ?? 'anonymous', expected, answer) &&
          answer.status === 200
        ) {
          checkHistory(p, answer.body);
        }
      }
    }
    for (const routeKey of [
      'GET /stats',
      'GET /dead-letters',
      'GET /health',
      'GET /openapi.json',
      'GET /me/notice-settings',
      'GET /public/decisions',
    ]) {
      if (!routes.has(routeKey)) continue;
      for (const p of people) {
        const answer = await call(p, 'GET', routeKey, routeKey.slice(4));
        record(routeKey, p, p.role ?? 'anonymous', expectRoute(p, ROUTE_ACCESS[routeKey]!), answer);
      }
    }
    // Joining a case: the route is the respondent's; a code that opens nothing is a 400 naming the code.
    for (const p of people) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /invitations/accept']!);
      const expected = base.status === 200 ? { status: 400, because: 'respondent, a code that opens nothing' } : base;
      const answer = await call(p, 'POST', 'POST /invitations/accept', '/invitations/accept', {
        caseNumber: 'AKIP-2026-999999',
        code: 'ABCDEFGH',
      });
      if (record('POST /invitations/accept', p, p.role ?? 'anonymous', expected, answer) && answer.status === 400)
        expect(answer.body.error.details[0]).toMatchObject({ path: 'code', reason: 'invitation.invalid' });
    }
    // The working-day calendar (SPEC §6 v2): each supervisor stores a far year of its own (no clock runs
    // there, and a first store needs no version), so every allowed call is a 200.
    if (routes.has('GET /calendar/{year}')) {
      for (const [i, p] of people.entries()) {
        const year = 2060 + i;
        const read = await call(p, 'GET', 'GET /calendar/{year}', `/calendar/${year}`);
        record('GET /calendar/{year}', p, p.role ?? 'anonymous', expectRoute(p, ROUTE_ACCESS['GET /calendar/{year}']!), read);
        const body = { source: 'access matrix (test data)', holidays: [`${year}-10-01`], workdays: [] };
        const written = await call(p, 'PUT', 'PUT /calendar/{year}', `/calendar/${year}`, body);
        record('PUT /calendar/{year}', p, p.role ?? 'anonymous', expectRoute(p, ROUTE_ACCESS['PUT /calendar/{year}']!), written);
      }
    }
    for (const p of people) {
      const answer = await call(p, 'PUT', 'PUT /me/notice-settings', '/me/notice-settings', { language: 'en', optOut: { sms: true } });
      record('PUT /me/notice-settings', p, p.role ?? 'anonymous', expectRoute(p, ROUTE_ACCESS['PUT /me/notice-settings']!), answer);
    }
    if (routes.has('POST /dead-letters/redrive')) {
      for (const p of people) {
        const expected = expectRoute(p, ROUTE_ACCESS['POST /dead-letters/redrive']!);
        const answer = await call(p, 'POST', 'POST /dead-letters/redrive', '/dead-letters/redrive', { queue: 'intake' });
        if (expected.status === 200) {
          // The operator may: whatever the dead-letter queue holds, not a refusal of the caller.
          cells.push({
            route: 'POST /dead-letters/redrive',
            who: p.name,
            relationship: p.role ?? 'anonymous',
            expected: 200,
            got: answer.status,
            because: expected.because,
          });
          if ([401, 403, 404].includes(answer.status) || answer.status >= 500) problem(`redrive as supervisor: ${answer.status}`);
        } else {
          record('POST /dead-letters/redrive', p, p.role ?? 'anonymous', expected, answer);
        }
      }
    }
    for (const p of people) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /complaints']!);
      const expected = base.status === 200 ? { status: 202, because: base.because } : base;
      const answer = await call(
        p,
        'POST',
        'POST /complaints',
        '/complaints',
        validComplaint((c) => (c.respondent = { name: `某商行-${p.name}` })),
      );
      record('POST /complaints', p, p.role ?? 'anonymous', expected, answer);
    }
    // Offline intake: staff enter a complaint (202); a rights holder's takeover with a code that opens nothing is a 400 naming the code.
    for (const p of people) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /complaints/offline']!);
      const expected = base.status === 200 ? { status: 202, because: base.because } : base;
      const answer = await call(p, 'POST', 'POST /complaints/offline', '/complaints/offline', {
        complaint: validComplaint((c) => (c.respondent = { name: `某纸质投诉-${p.name}` })),
        intake: { channel: 'paper', reference: `R-${p.name}` },
      });
      record('POST /complaints/offline', p, p.role ?? 'anonymous', expected, answer);
    }
    // An officer opens a case on its own lead (SPEC §12): a matter of its own agency, so every officer's is a 201.
    for (const p of people) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /cases']!);
      const expected = base.status === 200 ? { status: 201, because: base.because } : base;
      const copyright = p.agency === 'culture_tourism';
      const answer = await call(p, 'POST', 'POST /cases', '/cases', {
        lead: { source: 'inspection', reference: `L-${p.name}`, receivedOn: '2026-12-01' },
        matter: copyright ? 'copyright' : 'trademark_counterfeiting',
        right: copyright
          ? { kind: 'copyright', number: '陕作登字-2025-A-00000999', title: '汉江摄影集', holder: '某文化公司' }
          : { kind: 'trademark', number: '30567890', title: '安康富硒茶', holder: '安康市富硒茶业协会' },
        respondent: { name: `某商行-${p.name}` },
        countyCode: '610902',
        description: '日常检查中发现当事人涉嫌侵犯知识产权，依职权立案审查。',
      });
      record('POST /cases', p, p.role ?? 'anonymous', expected, answer);
    }
    // The credit list (SPEC §12): the agencies' reads and export; officers nominate (each a code of its
    // own, so every allowed nomination is a 201); the supervisor's step on a code with no entry is 404.
    for (const routeKey of ['GET /credit-list', 'GET /credit-list/export', 'GET /public/credit-list']) {
      for (const p of people) {
        record(
          routeKey,
          p,
          p.role ?? 'anonymous',
          expectRoute(p, ROUTE_ACCESS[routeKey]!),
          await call(p, 'GET', routeKey, routeKey.slice(4)),
        );
      }
    }
    for (const [i, p] of people.entries()) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /credit-list/nominations']!);
      const expected = base.status === 200 ? { status: 201, because: base.because } : base;
      const first17 = `91610900MA${String(1_000_000 + i).slice(-7)}`;
      const answer = await call(p, 'POST', 'POST /credit-list/nominations', '/credit-list/nominations', {
        creditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
        name: `某商行-${p.name}`,
        reason: '拒不履行已生效的行政处罚决定',
      });
      record('POST /credit-list/nominations', p, p.role ?? 'anonymous', expected, answer);
    }
    for (const p of people) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /credit-list/{creditCode}/actions']!);
      const expected = base.status === 200 ? { status: 404, because: 'supervisor, a code with no entry' } : base;
      const answer = await call(p, 'POST', 'POST /credit-list/{creditCode}/actions', '/credit-list/91110108551385082Q/actions', {
        action: 'start_review',
        expectedVersion: 1,
      });
      record('POST /credit-list/{creditCode}/actions', p, p.role ?? 'anonymous', expected, answer);
    }
    for (const p of people) {
      const base = expectRoute(p, ROUTE_ACCESS['POST /cases/takeover']!);
      const expected = base.status === 200 ? { status: 400, because: 'rights holder, a code that opens nothing' } : base;
      const answer = await call(p, 'POST', 'POST /cases/takeover', '/cases/takeover', { caseNumber: 'AKIP-2026-999999', code: 'ABCDEFGH' });
      if (record('POST /cases/takeover', p, p.role ?? 'anonymous', expected, answer) && answer.status === 400)
        expect(answer.body.error.details[0]).toMatchObject({ path: 'code', reason: 'invitation.invalid' });
    }
    expect(mismatches).toEqual([]);
  });

  it('an id that names no case the caller may read — unknown or malformed — is 404 on every case route', async () => {
    const people = personas('ids');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-case', fixtures[0]!.model.caseId.toUpperCase().replace(/.$/, 'g')]) {
      for (const route of CASE_READS) {
        for (const p of people) record(route, p, 'no such case', expectRead(p, null), await call(p, 'GET', route, readUrl(route, id)));
      }
      for (const p of people) {
        const route = 'GET /cases/{caseId}/notifications';
        record(route, p, 'no such case', expectNotices(p, null), await call(p, 'GET', route, `/cases/${id}/notifications`));
      }
      for (const p of people) {
        record(
          'POST /cases/{caseId}/claim',
          p,
          'no such case',
          expectClaim(p, null),
          await call(p, 'POST', 'POST /cases/{caseId}/claim', `/cases/${id}/claim`),
        );
      }
      for (const p of people) {
        const note = await call(p, 'POST', 'POST /cases/{caseId}/actions', `/cases/${id}/actions`, {
          action: 'add_note',
          expectedVersion: 0,
          text: '备注',
        });
        record('POST /cases/{caseId}/actions add_note', p, 'no such case', expectAction(p, null, 'add_note'), note);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a rights holder cannot set what handlers set: such fields in a complaint or an action are unknown fields (400)', async () => {
    const owner = persona(fixtures[0]!.people, 'holder');
    const ownerToken = (await tokenOf(owner))!;
    const view = (await api.call('GET', `/cases/${fixtures[0]!.model.caseId}`, { token: ownerToken })).body;
    const complaintFields = Object.keys(validComplaint()).concat([
      'preferredPath',
      'arbitrationAgreement',
      'requestEvidencePreservation',
      'zone',
    ]);
    // Every field of a case that is not the complaint's: set by the system or by handlers, never by the filer.
    const handlerFields = [...new Set([...Object.keys(view).filter((k) => !complaintFields.includes(k)), 'ownerSub', 'stage'])];
    expect(handlerFields).toEqual(
      expect.arrayContaining(['assignee', 'status', 'priority', 'path', 'caseId', 'version', 'deadline', 'outcome', 'flags']),
    );
    const values: Record<string, unknown> = { assignee: owner.sub, status: 'resolved', priority: 9, path: 'arbitration', version: 0 };
    for (const field of handlerFields) {
      const value = values[field] ?? 'x';
      const filed = await call(
        owner,
        'POST',
        'POST /complaints',
        '/complaints',
        validComplaint((c) => (c[field] = value)),
      );
      const expected = { status: 400, because: `${field} is not a complaint field` };
      if (record(`POST /complaints +${field}`, owner, 'owner', expected, filed)) {
        expect(filed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: field }] });
      }
      const withdraw = await call(owner, 'POST', 'POST /cases/{caseId}/actions', `/cases/${fixtures[0]!.model.caseId}/actions`, {
        action: 'withdraw',
        expectedVersion: fixtures[0]!.model.version,
        reason: '撤回',
        [field]: value,
      });
      if (
        record(
          `POST /cases/{caseId}/actions withdraw +${field}`,
          owner,
          'owner',
          { status: 400, because: `${field} is not a withdraw field` },
          withdraw,
        )
      ) {
        expect(withdraw.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
      }
    }
    expect(mismatches).toEqual([]);
  });

  // A supervisor may name any sub as assignee; only the path's handler role sees IDs unmasked.
  it('the ID number stays masked for a court user a supervisor named as assignee (SPEC: owner and assigned handler only)', async () => {
    const people = personas('leak');
    const owner = persona(people, 'holder');
    const court = persona(people, 'court');
    const filed = await call(
      owner,
      'POST',
      'POST /complaints',
      '/complaints',
      complaintFor({ key: 'leak', label: '', path: 'mediation', claimed: false }),
    );
    const queued = await untilQueued(owner, filed.body.caseId);
    const reassigned = await call(
      persona(people, 'supervisor'),
      'POST',
      'POST /cases/{caseId}/actions',
      `/cases/${queued.caseId}/actions`,
      {
        action: 'reassign',
        expectedVersion: queued.version,
        assignee: court.sub,
      },
    );
    expect(reassigned.status).toBe(200);
    const seen = await call(court, 'GET', 'GET /cases/{caseId}', `/cases/${queued.caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.complainant.idNumber).toMatch(MASKED_ID);
  });

  it('the duplicate flag names the first filer’s case only to those who may read it, in the case and in the timeline (SPEC §2.1)', async () => {
    const people = personas('dup');
    const [first, second] = [persona(people, 'holder'), persona(people, 'holder-2')];
    // The same complaint by two rights holders (e.g. the right owner and a licensee's agent), against
    // a respondent of its own so that no earlier case of this file is the open duplicate found.
    const complaint = complaintFor({ key: 'dup', label: '', path: 'mediation', claimed: false });
    complaint['respondent'] = { name: '紫阳县某某茶叶经营部' };
    const filed = await call(first, 'POST', 'POST /complaints', '/complaints', complaint);
    const firstModel = modelFrom(first.sub, await untilQueued(first, filed.body.caseId));
    const refiled = await call(second, 'POST', 'POST /complaints', '/complaints', complaint);
    const secondModel = modelFrom(second.sub, await untilQueued(second, refiled.body.caseId));
    for (const p of people) {
      const caller = callerOf(p);
      const named = caller !== null && canReadCase(caller, firstModel);
      for (const route of ['GET /cases/{caseId}', 'GET /cases/{caseId}/timeline'] as const) {
        const answer = await call(p, 'GET', route, readUrl(route, secondModel.caseId));
        const rel = relationship(p, secondModel);
        if (!record(`${route} (possible duplicate)`, p, rel, expectRead(p, secondModel), answer) || answer.status !== 200) continue;
        if (route === 'GET /cases/{caseId}') {
          const { possibleDuplicate, possibleDuplicateOf } = answer.body.flags;
          const expected = named ? firstModel.caseId : null;
          if (possibleDuplicate !== true || possibleDuplicateOf !== expected) {
            problem(`${route} as ${p.name} (${rel}): flags ${JSON.stringify(answer.body.flags)}, expected possibleDuplicateOf ${expected}`);
          }
        }
        if (!named && JSON.stringify(answer.body).includes(firstModel.caseId))
          problem(`${route} as ${p.name} (${rel}) names the first filer's case`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('related cases — a preservation case and the case that opened it — name each other only to those who may read them (SPEC §2)', async () => {
    const people = personas('rel');
    const owner = persona(people, 'holder');
    const officer = persona(people, 'officer-A');
    // Two complaints asking for evidence preservation, each against a respondent of its own (no
    // possible duplicate): one mediated, one adjudicated and transferred to the police. Their
    // preservation cases go to the notaries.
    const chains: { label: string; parent: CaseModel; linked: CaseModel }[] = [];
    for (const [path, respondent] of [
      ['mediation', '汉阴县某某农资经营部'],
      ['administrative_adjudication', '石泉县某某茶叶商行'],
    ] as const) {
      const complaint = complaintFor({ key: 'rel', label: '', path, claimed: false });
      complaint['respondent'] = { name: respondent };
      complaint['requestEvidencePreservation'] = true;
      const filed = await call(owner, 'POST', 'POST /complaints', '/complaints', complaint);
      expect(filed.status).toBe(202);
      let parent = await untilQueued(owner, filed.body.caseId);
      expect(parent.linkedCaseIds).toHaveLength(1);
      const linked = await untilQueued(owner, parent.linkedCaseIds[0]);
      if (path === 'administrative_adjudication') {
        parent = (await call(officer, 'POST', 'POST /cases/{caseId}/claim', `/cases/${parent.caseId}/claim`)).body;
        for (const [action, fields] of [
          ['accept_filing', {}],
          ['transfer_to_police', { reason: '涉嫌假冒专利罪' }],
        ] as const) {
          const done = await call(officer, 'POST', 'POST /cases/{caseId}/actions', `/cases/${parent.caseId}/actions`, {
            action,
            expectedVersion: parent.version,
            ...fields,
          });
          expect(done.status, JSON.stringify(done.body)).toBe(200);
          parent = done.body;
        }
      }
      chains.push({ label: path, parent: modelFrom(owner.sub, parent), linked: modelFrom(owner.sub, linked) });
    }
    // The oracle (namesRelated) is exact only where no handler reads both cases of a chain.
    for (const { parent, linked } of chains) {
      for (const p of people) {
        const caller = callerOf(p);
        if (caller && !['rights_holder', 'court', 'procuratorate', 'supervisor'].includes(caller.role)) {
          expect(canReadCase(caller, parent) && canReadCase(caller, linked), `${p.name} reads both`).toBe(false);
        }
      }
    }
    const sides = chains.flatMap(({ label, parent, linked }) => [
      { where: `${label} parent`, c: parent, other: linked, field: 'linkedCaseIds' as const },
      { where: `${label} preservation case`, c: linked, other: parent, field: 'parentCaseId' as const },
    ]);
    await Promise.all(
      people.map(async (p) => {
        for (const { where, c, other, field } of sides) {
          const named = namesRelated(p, other);
          const rel = relationship(p, c);
          const reads: [string, string, Expectation][] = [
            ['GET /cases/{caseId}', `/cases/${c.caseId}`, expectRead(p, c)],
            ['GET /cases/{caseId}/timeline', `/cases/${c.caseId}/timeline`, expectRead(p, c)],
            ['GET /cases', `/cases?caseNumber=${c.caseNumber}`, expectRoute(p, ROUTE_ACCESS['GET /cases']!)],
          ];
          for (const [route, url, expected] of reads) {
            const answer = await call(p, 'GET', route, url);
            if (!record(`${route} (${where})`, p, rel, expected, answer) || answer.status !== 200) continue;
            if (route === 'GET /cases') {
              const listed = (answer.body.items as { caseId: string }[]).map((i) => i.caseId);
              const readable = expectRead(p, c).status === 200;
              if (JSON.stringify(listed) !== JSON.stringify(readable ? [c.caseId] : []))
                problem(`GET /cases?caseNumber= for the ${where} as ${p.name} (${rel}): listed ${JSON.stringify(listed)}`);
              if (!readable) continue;
            }
            if (JSON.stringify(answer.body).includes(other.caseId) !== named) {
              problem(
                `${route} on the ${where} as ${p.name} (${rel}): ${named ? 'does not name' : 'names'} the related case ${other.caseId}`,
              );
            }
            const view = route === 'GET /cases/{caseId}' ? answer.body : route === 'GET /cases' ? answer.body.items[0] : undefined;
            if (view) {
              const want = field === 'linkedCaseIds' ? (named ? [other.caseId] : []) : named ? other.caseId : null;
              if (JSON.stringify(view[field]) !== JSON.stringify(want))
                problem(
                  `${route} on the ${where} as ${p.name} (${rel}): ${field} ${JSON.stringify(view[field])}, expected ${JSON.stringify(want)}`,
                );
            }
            if (route === 'GET /cases/{caseId}/timeline') {
              const verified = verifyAnsweredTimeline(c.caseId, answer.body.items);
              if (!verified.valid)
                problem(`${route} on the ${where} as ${p.name}: the answered chain does not verify at event ${verified.brokenAt}`);
            }
          }
        }
      }),
    );
    // What a handler's work queue, claim and action answers say of the preservation case's parent.
    const notary = persona(people, 'notary-A');
    const preservation = chains[0]!.linked;
    const queue = await call(notary, 'GET', 'GET /work-queues/{path}', '/work-queues/notarization?limit=100');
    record(
      'GET /work-queues/notarization (related cases)',
      notary,
      'notary',
      expectRoute(notary, ROUTE_ACCESS['GET /work-queues/{path}']!, { path: 'notarization' }),
      queue,
    );
    const claimed = await call(notary, 'POST', 'POST /cases/{caseId}/claim', `/cases/${preservation.caseId}/claim`);
    record(
      'POST /cases/{caseId}/claim (preservation case)',
      notary,
      relationship(notary, preservation),
      expectClaim(notary, preservation),
      claimed,
    );
    const noted = await call(
      persona(people, 'procuratorate'),
      'POST',
      'POST /cases/{caseId}/actions',
      `/cases/${preservation.caseId}/actions`,
      {
        action: 'add_note',
        expectedVersion: claimed.body?.version,
        text: '已阅',
      },
    );
    for (const [what, answer] of [
      ['work queue', queue],
      ['claim', claimed],
    ] as const) {
      for (const { parent } of chains)
        if (JSON.stringify(answer.body).includes(parent.caseId)) problem(`the notary's ${what} names the parent ${parent.caseId}`);
    }
    if (noted.status !== 200 || noted.body.parentCaseId !== chains[0]!.parent.caseId)
      problem(`add_note answered to the procuratorate: ${noted.status} parentCaseId ${noted.body?.parentCaseId}`);
    expect(mismatches).toEqual([]);
  }, 120_000);

  // Random inspections (SPEC §13). The round the matrix follows is the supervisor's, for market
  // regulation, over three targets all drawn, with four inspectors: officers A, B and the lead officer of
  // the agency, and C of culture and tourism (a plan names subs; C's agency is in its token, so the round
  // still does not exist for C even where it is drawn). Recusals fix who is drawn for the first two
  // targets — A and the lead officer for the first, B and C for the second — and the third gets two of
  // the four at random. Every caller plans a round for each of two agencies, then lists, reads, draws
  // every round (first with a public value of another count than the plan announced, refused to those
  // who may draw it, then with the plan's count) and records results; each answer is checked against
  // the policy, and the relationships SPEC §13 names against what it says of them. Every public record
  // drawn is rerun by the verifier.
  it('random inspections: plan, list, read, draw and results, for every caller and relationship to the round (SPEC §13)', async () => {
    const people = inspectionPersonas('insp');
    const supervisor = persona(people, 'supervisor');
    const sub = (name: string) => persona(people, name).sub;
    const code = (n: number) => {
      const first17 = `91610900MA${String(2_000_000 + n).slice(-7)}`;
      return `${first17}${creditCodeCheckCharacter(first17)}`;
    };
    const TARGETS = [1, 2, 3].map((n) => ({ creditCode: code(n), name: `矩阵抽查对象${n}商行` }));
    const [first, second, third] = TARGETS.map((t) => t.creditCode) as [string, string, string];
    /** A valid credit code that no plan names: a target never drawn. */
    const outside = code(99);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // A 3D result: three numbers, as the plans announce; stored and published written the one way.
    const DRAW = { publicValue: '3 8 1', publicValueReference: '中国福彩网 3D 第 2026338 期' };
    const DRAWN_VALUE = '3-8-1';
    const WRONG_COUNT = { ...DRAW, publicValue: '3 8 1 + 6' };
    type PlanAgency = 'market_regulation' | 'culture_tourism';
    const planFor = (agency: PlanAgency, name: string, patch: Record<string, unknown> = {}) => ({
      name,
      agency,
      targets: TARGETS,
      targetCount: 1,
      inspectors: agency === 'market_regulation' ? [sub('officer-A'), sub('officer-B')] : [sub('officer-C'), sub('officer-C-lead')],
      inspectorsPerTarget: 2,
      publicValueSource: '中国福利彩票 3D 游戏下一期开奖号码',
      publicValueNumbers: 3,
      ...patch,
    });
    /** A round of `agency` that is not there yet: what a planner is to the rounds it would plan. */
    const unplanned = (agency: Agency): RoundModel => ({
      inspectionId: '',
      agency,
      status: 'planned',
      selected: null,
      recorded: [],
      version: 0,
    });

    interface Round {
      key: string;
      model: RoundModel;
    }
    const planned = await call(
      supervisor,
      'POST',
      'POST /inspections',
      '/inspections',
      planFor('market_regulation', '矩阵抽查：本局三户', {
        targetCount: 3,
        inspectors: [sub('officer-A'), sub('officer-B'), sub('officer-lead'), sub('officer-C')],
        recusals: [
          { inspector: sub('officer-B'), creditCode: first },
          { inspector: sub('officer-C'), creditCode: first },
          { inspector: sub('officer-A'), creditCode: second },
          { inspector: sub('officer-lead'), creditCode: second },
        ],
      }),
    );
    record('POST /inspections (market_regulation)', supervisor, 'supervisor', expectPlan(supervisor, 'market_regulation'), planned);
    if (planned.status !== 201) throw new Error(`planning the matrix's round: ${planned.status} ${JSON.stringify(planned.body)}`);
    const main: Round = { key: 'main', model: roundFrom(planned.body) };
    const rounds: Round[] = [main];

    // Everyone plans a round for each of two agencies: the supervisor both, a lead officer its own agency's.
    for (const agency of ['market_regulation', 'culture_tourism'] as const) {
      await Promise.all(
        people.map(async (p) => {
          const route = `POST /inspections (${agency})`;
          const answer = await call(p, 'POST', 'POST /inspections', '/inspections', planFor(agency, `矩阵抽查：${p.name}（${agency}）`));
          if (!record(route, p, roundRelationship(p, unplanned(agency)), expectPlan(p, agency), answer) || answer.status !== 201) return;
          const model = roundFrom(answer.body);
          if (model.agency !== agency || model.status !== 'planned' || model.version !== 1)
            problem(`${route} as ${p.name}: answered ${JSON.stringify(model)}`);
          rounds.push({ key: `${p.name}/${agency}`, model });
        }),
      );
    }
    expect(rounds.map((r) => r.key).sort()).toEqual(
      [
        'main',
        'officer-C-lead/culture_tourism',
        'officer-lead/market_regulation',
        'supervisor/culture_tourism',
        'supervisor/market_regulation',
      ].sort(),
    );

    const isRound = (id: string) => rounds.some((r) => r.model.inspectionId === id);

    /** GET /inspections: callers of the roles list the rounds they read — an officer its agency's, whatever it asks for. */
    const listCells = async (when: string) => {
      for (const agency of [undefined, 'market_regulation', 'culture_tourism'] as const) {
        await Promise.all(
          people.map(async (p) => {
            const route = 'GET /inspections';
            const answer = await call(p, 'GET', route, `/inspections?limit=100${agency ? `&agency=${agency}` : ''}`);
            const label = `${route}${agency ? `?agency=${agency}` : ''}`;
            // An officer's relationship to the rounds of its own agency.
            const rel = roundRelationship(p, unplanned(p.agency ?? 'market_regulation'));
            if (!record(label, p, rel, expectRoute(p, ROUTE_ACCESS[route]!), answer, ` (${when})`) || answer.status !== 200) return;
            const items = answer.body.items as { inspectionId: string; agency: string; status: string }[];
            const want = rounds
              .filter(
                (r) => expectRoundRead(p, r.model).status === 200 && (p.role !== 'supervisor' || !agency || r.model.agency === agency),
              )
              .map((r) => r.model.inspectionId)
              .sort();
            const got = items
              .map((i) => i.inspectionId)
              .filter(isRound)
              .sort();
            if (JSON.stringify(got) !== JSON.stringify(want)) problem(`${label} as ${p.name} (${when}): ${JSON.stringify({ got, want })}`);
            for (const item of items) {
              const model = rounds.find((r) => r.model.inspectionId === item.inspectionId)?.model;
              if (!model) problem(`${label} as ${p.name} lists ${item.inspectionId}, a round this test did not plan`);
              else if (item.status !== model.status)
                problem(`${label} as ${p.name}: ${item.inspectionId} ${item.status}, the model says ${model.status}`);
            }
          }),
        );
      }
    };

    /** GET /inspections/{id}: the round and its events (one per change) to its readers. */
    const readCells = async (when: string) => {
      for (const r of rounds) {
        await Promise.all(
          people.map(async (p) => {
            const route = 'GET /inspections/{inspectionId}';
            const answer = await call(p, 'GET', route, `/inspections/${r.model.inspectionId}`);
            const rel = roundRelationship(p, r.model);
            if (!record(route, p, rel, expectRoundRead(p, r.model), answer, ` on ${r.key} (${when})`) || answer.status !== 200) return;
            const seen = roundFrom(answer.body);
            if (JSON.stringify(seen) !== JSON.stringify(r.model))
              problem(`${route} on ${r.key} as ${p.name}: answered ${JSON.stringify(seen)}, the model says ${JSON.stringify(r.model)}`);
            if (!Array.isArray(answer.body.events) || answer.body.events.length !== r.model.version)
              problem(`${route} on ${r.key} as ${p.name}: ${answer.body.events?.length} events for version ${r.model.version}`);
          }),
        );
      }
    };

    /** The public record (一公开): anyone, every round; never who recorded a result or the case it opened. */
    const publicCells = async (when: string) => {
      await Promise.all(
        people.map(async (p) => {
          const list = await call(p, 'GET', 'GET /public/inspections', '/public/inspections?limit=100');
          const listed = record(
            'GET /public/inspections',
            p,
            p.role ?? 'anonymous',
            expectRoute(p, ROUTE_ACCESS['GET /public/inspections']!),
            list,
          );
          if (listed && list.status === 200) {
            const ids = (list.body.items as { inspectionId: string }[]).map((i) => i.inspectionId);
            const missing = rounds.filter((r) => !ids.includes(r.model.inspectionId)).map((r) => r.key);
            if (missing.length > 0) problem(`GET /public/inspections as ${p.name} (${when}): missing ${missing.join()}`);
          }
          for (const r of rounds) {
            const route = 'GET /public/inspections/{inspectionId}';
            const answer = await call(p, 'GET', route, `/public/inspections/${r.model.inspectionId}`);
            if (
              !record(route, p, p.role ?? 'anonymous', expectRoute(p, ROUTE_ACCESS[route]!), answer, ` on ${r.key} (${when})`) ||
              answer.status !== 200
            )
              continue;
            if (answer.body.draw) {
              const check = verifyDraw(answer.body);
              if (!check.matches || answer.body.draw.publicValue !== DRAWN_VALUE)
                problem(
                  `${route} on ${r.key} as ${p.name}: public value ${answer.body.draw.publicValue}, verifier ${JSON.stringify(check.checks.filter((c) => !c.ok))}`,
                );
            } else if (r.model.status !== 'planned') problem(`${route} on ${r.key} as ${p.name}: no draw on a ${r.model.status} round`);
            const results = answer.body.results as Record<string, unknown>[];
            if (answer.body.status !== r.model.status || results.length !== r.model.recorded.length)
              problem(
                `${route} on ${r.key} as ${p.name}: ${answer.body.status} with ${results.length} results, the model says ${r.model.status} with ${r.model.recorded.length}`,
              );
            for (const result of results)
              if ('recordedBy' in result || 'caseId' in result || 'caseNumber' in result)
                problem(`${route} on ${r.key} as ${p.name}: a published result names ${Object.keys(result).join()}`);
          }
        }),
      );
    };

    /**
     * Callers the policy refuses cannot change the round: they ask at once; then those it lets act
     * (200, or 409 when the round's state refuses it), one after another, each expectation computed
     * from the state the previous answer left.
     */
    const changeCells = async (
      r: Round,
      route: string,
      expectation: (p: Persona, model: RoundModel) => Expectation,
      relation: (p: Persona, model: RoundModel) => string,
      send: (p: Persona, model: RoundModel) => Promise<Answer>,
      check: (p: Persona, answer: Answer) => void,
      order: (acting: Persona[]) => Persona[] = (acting) => acting,
    ) => {
      const refused = people.filter((p) => ![200, 409].includes(expectation(p, r.model).status));
      const acting = people.filter((p) => !refused.includes(p));
      const cell = async (p: Persona) => {
        const before = r.model;
        const answer = await send(p, before);
        if (!record(route, p, relation(p, before), expectation(p, before), answer, ` on ${r.key} (${before.status})`)) return;
        if (answer.status === 200) {
          r.model = roundFrom(answer.body);
          if (r.model.version !== before.version + 1)
            problem(`${route} on ${r.key} as ${p.name}: version ${before.version} → ${r.model.version}`);
        }
        if (answer.status === 409 && answer.body.error.details?.[0]?.version !== before.version)
          problem(
            `${route} on ${r.key} as ${p.name}: 409 details ${JSON.stringify(answer.body.error.details)} disagree with the model (v${before.version})`,
          );
        check(p, answer);
      };
      await Promise.all(refused.map(cell));
      for (const p of order(acting)) await cell(p);
    };

    const drawCells = (r: Round) =>
      changeCells(
        r,
        'POST /inspections/{inspectionId}/draw',
        expectDraw,
        (p, model) => roundRelationship(p, model),
        (p, model) => call(p, 'POST', 'POST /inspections/{inspectionId}/draw', `/inspections/${model.inspectionId}/draw`, DRAW),
        (p, answer) => {
          if (answer.status === 200 && (r.model.status !== 'drawn' || r.model.selected?.length !== (r === main ? 3 : 1)))
            problem(`draw on ${r.key} as ${p.name}: ${r.model.status} with ${r.model.selected?.length} targets drawn`);
          if (answer.status === 200 && answer.body.draw?.publicValue !== DRAWN_VALUE)
            problem(`draw on ${r.key} as ${p.name}: stored the public value as ${answer.body.draw?.publicValue}, not ${DRAWN_VALUE}`);
        },
      );

    /** A draw whose public value has four numbers where the plan announced three: refused, the round unchanged. */
    const wrongCountCells = (r: Round) =>
      changeCells(
        r,
        'POST /inspections/{inspectionId}/draw (public value of another count)',
        (p, model) => expectDraw(p, model, 'wrong count'),
        (p, model) => roundRelationship(p, model),
        (p, model) => call(p, 'POST', 'POST /inspections/{inspectionId}/draw', `/inspections/${model.inspectionId}/draw`, WRONG_COUNT),
        (p, answer) => {
          if (answer.status === 400 && answer.body.error.details?.map((d: { path: string }) => d.path).join() !== 'publicValue')
            problem(
              `draw of another count on ${r.key} as ${p.name}: 400 not naming publicValue: ${JSON.stringify(answer.body.error.details)}`,
            );
        },
      );

    /** The last target's result is tried by the supervisor before the inspectors drawn for it. */
    const resultCells = (r: Round, creditCode: string, supervisorFirst = false) =>
      changeCells(
        r,
        'POST /inspections/{inspectionId}/results',
        (p, model) => expectResult(p, model, creditCode),
        (p, model) => roundRelationship(p, model, creditCode),
        (p, model) =>
          call(p, 'POST', 'POST /inspections/{inspectionId}/results', `/inspections/${model.inspectionId}/results`, {
            creditCode,
            result: creditCode === third ? 'rectification_ordered' : 'no_issue',
            inspectedOn: today,
            summary: `现场检查（${p.name} 记录）`,
          }),
        (p, answer) => {
          if (answer.status === 200 && !r.model.recorded.includes(creditCode))
            problem(`result for ${creditCode} on ${r.key} as ${p.name}: not among the results answered`);
          if (answer.status === 400 && !answer.body.error.details?.some((d: { path: string }) => d.path === 'creditCode'))
            problem(
              `result for ${creditCode} on ${r.key} as ${p.name}: 400 not naming creditCode: ${JSON.stringify(answer.body.error.details)}`,
            );
        },
        (acting) => (supervisorFirst ? [...acting].reverse() : acting),
      );

    await publicCells('planned');
    await listCells('planned');
    await readCells('planned');
    // Before the draw: no result (409 to the round's readers).
    await resultCells(main, first);
    for (const r of rounds) await wrongCountCells(r);
    // Refused, so nothing changed: still planned, at the version planning left.
    await readCells('planned, after draws of another count');
    for (const r of rounds) await drawCells(r);
    // The draw the recusals fixed, checked before relying on it.
    const drawnFor = (creditCode: string) =>
      main.model.selected
        ?.find((t) => t.creditCode === creditCode)
        ?.inspectors.slice()
        .sort();
    expect(main.model.status).toBe('drawn');
    expect(drawnFor(first)).toEqual([sub('officer-A'), sub('officer-lead')].sort());
    expect(drawnFor(second)).toEqual([sub('officer-B'), sub('officer-C')].sort());
    expect(drawnFor(third)).toHaveLength(2);
    await listCells('drawn');
    await readCells('drawn');
    await resultCells(main, outside);
    await resultCells(main, first);
    await resultCells(main, second);
    await resultCells(main, third, true);
    expect(main.model).toMatchObject({ status: 'completed', recorded: expect.arrayContaining([first, second, third]) });
    // Once drawn, never again (whatever the value: the round's state is checked first); once recorded, never again.
    await drawCells(main);
    await wrongCountCells(main);
    await resultCells(main, second);
    await readCells('completed');
    await listCells('completed');
    await publicCells('completed');

    // An id that names no round — unknown or malformed — is 404 past the role check, public or not.
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-round', main.model.inspectionId.toUpperCase().replace(/.$/, 'g')]) {
      await Promise.all(
        people.map(async (p) => {
          const rel = 'no such round';
          record(
            'GET /inspections/{inspectionId}',
            p,
            rel,
            expectRoundRead(p, null),
            await call(p, 'GET', 'GET /inspections/{inspectionId}', `/inspections/${id}`),
          );
          record(
            'POST /inspections/{inspectionId}/draw',
            p,
            rel,
            expectDraw(p, null),
            await call(p, 'POST', 'POST /inspections/{inspectionId}/draw', `/inspections/${id}/draw`, DRAW),
          );
          record(
            'POST /inspections/{inspectionId}/results',
            p,
            rel,
            expectResult(p, null, first),
            await call(p, 'POST', 'POST /inspections/{inspectionId}/results', `/inspections/${id}/results`, {
              creditCode: first,
              result: 'no_issue',
              inspectedOn: today,
              summary: '现场检查未发现问题',
            }),
          );
          record(
            'GET /public/inspections/{inspectionId}',
            p,
            rel,
            { status: 404, because: 'no such round' },
            await call(p, 'GET', 'GET /public/inspections/{inspectionId}', `/public/inspections/${id}`),
          );
        }),
      );
    }

    // What SPEC §13 and §2 say of each relationship, written here by hand: the policy the oracle read must agree.
    const ROUND_ROUTES = [
      'GET /inspections/{inspectionId}',
      'POST /inspections/{inspectionId}/draw',
      'POST /inspections/{inspectionId}/results',
    ];
    const WRONG_COUNT_ROUTE = 'POST /inspections/{inspectionId}/draw (public value of another count)';
    const SAYS: [routes: string[], relationship: string, answers: number[]][] = [
      [['POST /inspections (market_regulation)'], 'supervisor', [201]],
      [['POST /inspections (culture_tourism)'], 'supervisor', [201]],
      [['POST /inspections (market_regulation)'], 'lead officer of the agency', [201]],
      [['POST /inspections (market_regulation)'], 'officer of the agency', [403]],
      [['POST /inspections (market_regulation)'], 'lead officer of another agency', [403]],
      [
        ['POST /inspections (market_regulation)', 'POST /inspections (culture_tourism)', 'GET /inspections', ...ROUND_ROUTES],
        'role without inspections',
        [403],
      ],
      [['POST /inspections (market_regulation)', 'GET /inspections', ...ROUND_ROUTES], 'no recognised role', [403]],
      [['POST /inspections (market_regulation)', 'GET /inspections', ...ROUND_ROUTES], 'anonymous (no token)', [401]],
      [['GET /inspections/{inspectionId}'], 'officer of the agency', [200]],
      [['GET /inspections/{inspectionId}'], 'supervisor', [200]],
      [ROUND_ROUTES, 'officer of another agency', [404]],
      [ROUND_ROUTES, 'lead officer of another agency', [404]],
      [['POST /inspections/{inspectionId}/results'], 'officer of another agency, drawn for the target', [404]],
      [['POST /inspections/{inspectionId}/draw'], 'officer of the agency', [403]],
      [['POST /inspections/{inspectionId}/draw'], 'lead officer of the agency', [200, 409]],
      [[WRONG_COUNT_ROUTE], 'officer of the agency', [403]],
      [[WRONG_COUNT_ROUTE], 'lead officer of another agency', [404]],
      [[WRONG_COUNT_ROUTE], 'lead officer of the agency', [400, 409]],
      [[WRONG_COUNT_ROUTE], 'supervisor', [400, 409]],
      [['POST /inspections/{inspectionId}/results'], 'officer of the agency, not drawn for the target', [403]],
      [['POST /inspections/{inspectionId}/results'], 'lead officer of the agency, not drawn for the target', [403]],
      [['POST /inspections/{inspectionId}/results'], 'inspector drawn for the target', [200, 409]],
    ];
    const inspectionCells = cells.filter((c) => c.route.includes('/inspections') && !c.route.includes('/public/'));
    for (const [routes, rel, answers] of SAYS) {
      const met = inspectionCells.filter((c) => c.relationship === rel && routes.some((r) => c.route === r || c.route.startsWith(`${r}?`)));
      for (const route of routes)
        expect(
          met.some((c) => c.route === route || c.route.startsWith(`${route}?`)),
          `${route} × ${rel} never checked`,
        ).toBe(true);
      expect(
        met.filter((c) => !answers.includes(c.got)).map((c) => `${c.route} as ${c.who}: ${c.got}`),
        `${rel}: SPEC §13 says ${answers.join('/')}`,
      ).toEqual([]);
    }
    for (const [route, rel, status] of [
      ['POST /inspections/{inspectionId}/draw', 'lead officer of the agency', 200],
      [WRONG_COUNT_ROUTE, 'lead officer of the agency', 400],
      [WRONG_COUNT_ROUTE, 'supervisor', 400],
      [WRONG_COUNT_ROUTE, 'lead officer of the agency', 409],
      ['POST /inspections/{inspectionId}/results', 'inspector drawn for the target', 200],
      ['POST /inspections/{inspectionId}/results', 'supervisor', 200],
    ] as const) {
      expect(
        inspectionCells.some((c) => c.route === route && c.relationship === rel && c.got === status),
        `${route} × ${rel}: never a ${status}`,
      ).toBe(true);
    }
    // Unreadable is never 403.
    expect(inspectionCells.filter((c) => c.expected === 404 && c.got === 403)).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 240_000);

  it('prints the matrix', () => {
    const byRoute = new Map<string, Map<string, number>>();
    for (const c of cells) {
      const route = c.route.startsWith('POST /cases/{caseId}/actions') ? 'POST /cases/{caseId}/actions' : c.route;
      const counts = byRoute.get(route) ?? new Map<string, number>();
      counts.set(String(c.got), (counts.get(String(c.got)) ?? 0) + 1);
      byRoute.set(route, counts);
    }
    const lines = [...byRoute].map(([route, counts]) => `  ${route.padEnd(52)} ${[...counts].map(([s, n]) => `${s}×${n}`).join('  ')}`);
    const acted = [...actionCells].map(([a, s]) => `${a} ${s.twoHundreds}/${s.cells}`).join(', ');
    const relationships = new Set(cells.map((c) => c.relationship)).size;
    console.log(
      [
        `access matrix: ${cells.length} cells checked (routes ${byRoute.size}, callers ${new Set(cells.map((c) => c.who)).size} kinds, relationships ${relationships}, cases ${fixtures.length}), ${mismatches.length} mismatches, ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
        ...lines,
        `  actions answered 200 / tried: ${acted}`,
        `  no-role group used: "${NO_ROLE}"`,
      ].join('\n'),
    );
    expect(cells.length).toBeGreaterThan(1000);
  });
});
