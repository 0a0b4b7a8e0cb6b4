// What the running system writes to its logs (SPEC §8: "every log line is structured JSON with that
// id and the case id"), read from `npm start`'s own process after a realistic workload over HTTP:
// individuals filing with resident ID numbers and mobile numbers, enterprises with phones and
// emails, handlers claiming and acting (a note with a phone number in it), validation failures
// that carry bad values, malformed JSON, unknown routes and case ids made of personal data.
// Then every line is read: JSON (the start-up banner aside), ids on it, and no personal data sent.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckCharacter } from '#domain/identifiers/resident-id.ts';
import { functions } from '#infra/topology.ts';
import { redact } from '#lib/log.ts';
import { validComplaint } from '../support/complaints.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

/** A valid resident ID number: area, birth date, the first sequence whose check character is `check` (any if omitted). */
function residentId(area: string, birth: string, check?: string): string {
  for (let seq = 100; seq < 1000; seq++) {
    const first17 = `${area}${birth}${seq}`;
    const c = residentIdCheckCharacter(first17);
    if (!check || c === check) return first17 + c;
  }
  throw new Error('no sequence gives that check character');
}

// What people send. Every value here must stay out of the logs, in every form it may take.
const person1 = { name: '王秀英', idNumber: residentId('610921', '19880315', 'X').toLowerCase(), phone: '+86 139-1234-5678' };
const person2 = { name: '李建国', idNumber: residentId('610902', '19751102'), phone: '15829001234', email: 'lijianguo1975@example.com' };
const company1 = { phone: '0915-3212345', email: 'legal@ziyang-selenium.example.cn' };
const company2 = { phone: '138 9150 0987', email: 'IP.Dept@Hanyin-Silk.Example.COM' };
const badIdNumber = `${person2.idNumber.slice(0, 17)}${person2.idNumber.endsWith('0') ? '1' : '0'}`; // wrong check character
const badPhone = '1391234567'; // ten digits
const badEmail = 'wang.xiuying@';
const notePhone = '139 1234 5678';
const queryPhone = '18629005566';
const pathEmail = 'someone@example.org';

const SENSITIVE: string[] = [
  person1.idNumber,
  person1.idNumber.toUpperCase(),
  person1.phone,
  person2.idNumber,
  person2.phone,
  person2.email,
  company1.phone,
  company1.email,
  company2.phone,
  company2.email,
  company2.email.toLowerCase(),
  company2.email.replace(/@.*/, (d) => d.toLowerCase()),
  badIdNumber,
  badPhone,
  badEmail,
  notePhone,
  queryPhone,
  pathEmail,
];
/**
 * Every form: as sent, URL-encoded (a path), and digits only (`+86 139-1234-5678` → `8613912345678`
 * and `13912345678`; an ID without its X).
 */
const FORMS = [
  ...new Set(
    SENSITIVE.flatMap((value) => {
      const digits = value.replace(/\D/g, '');
      return [value, encodeURIComponent(value), ...(digits.length >= 10 ? [digits, digits.replace(/^86(?=1)/, '')] : [])];
    }),
  ),
];
const NAMES = [person1.name, person2.name];

interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  entry: Record<string, any>;
}

let rt: RuntimeProcess;
const lines: LogLine[] = [];
const notJson: string[] = [];
const banner: string[] = [];
/** requestId → the case the request was about (for the case-id check). */
const requestCase = new Map<string, string>();
const caseIds = new Set<string>();

async function call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (token) h['authorization'] = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] ??= 'application/json';
  const response = await fetch(`${rt.url}${path}`, {
    method,
    headers: h,
    body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, requestId: response.headers.get('x-request-id') ?? '' };
}

/** A request about a case: its lines must carry the case id. */
async function onCase(caseId: string, method: string, path: string, token: string, body?: unknown) {
  const answer = await call(method, path, token, body);
  requestCase.set(answer.requestId, caseId);
  return answer;
}

async function file(token: string, complaint: unknown, headers?: Record<string, string>): Promise<string> {
  const answer = await call('POST', '/complaints', token, complaint, headers);
  if (answer.status !== 202) throw new Error(`filing failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  caseIds.add(answer.body.caseId);
  return answer.body.caseId;
}

async function untilQueued(caseId: string, token: string): Promise<any> {
  const started = Date.now();
  let last: any;
  while (Date.now() - started < 20_000) {
    last = await onCase(caseId, 'GET', `/cases/${caseId}`, token);
    if (last.body?.status === 'queued') return last.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} not queued: ${JSON.stringify(last?.body)}`);
}

let seq = 0;
const complaintBy = (complainant: Record<string, unknown>) =>
  validComplaint((c) => {
    c.complainant = complainant;
    c.right.holder = complainant['name'];
    c.respondent = { name: `石泉某某商贸部${++seq}号`, address: '陕西省安康市石泉县城关镇' };
  });

beforeAll(async () => {
  // debug: the most lines the code can write.
  rt = await startRuntimeProcess({ args: ['--in-memory'], env: { LOG_LEVEL: 'debug' } });
  const holder1 = await rt.token('rights_holder', 'holder-wang');
  const holder2 = await rt.token('rights_holder', 'holder-li');
  const holder3 = await rt.token('rights_holder', 'holder-ziyang');
  const holder4 = await rt.token('rights_holder', 'holder-hanyin');
  const mediator = await rt.token('mediator', 'm-log-1');
  const court = await rt.token('court', 'c-log-1');

  // Filing: individuals with ID and phone numbers, enterprises with phones and emails (one twice, idempotently).
  const individual1 = await file(
    holder1,
    complaintBy({ type: 'individual', name: person1.name, idNumber: person1.idNumber, contact: { phone: person1.phone } }),
  );
  const individual2 = await file(
    holder2,
    complaintBy({
      type: 'individual',
      name: person2.name,
      idNumber: person2.idNumber,
      contact: { phone: person2.phone, email: person2.email },
    }),
  );
  const enterprise1 = await file(
    holder3,
    validComplaint((c) => {
      c.complainant.contact = { phone: company1.phone, email: company1.email };
      c.respondent = { name: '紫阳某某茶叶店' };
    }),
  );
  const enterprise2Complaint = validComplaint((c) => {
    c.complainant = {
      type: 'enterprise',
      name: '汉阴县某某丝绸有限公司',
      creditCode: '91350100M000100Y43',
      contact: { phone: company2.phone, email: company2.email },
    };
    c.right.holder = '汉阴县某某丝绸有限公司';
    c.respondent = { name: '岚皋某某百货店' };
  });
  const enterprise2 = await file(holder4, enterprise2Complaint, { 'idempotency-key': 'c3f2a2f0-0b8e-4a55-9d8e-6c1f3c2e9a11' });
  expect(await file(holder4, enterprise2Complaint, { 'idempotency-key': 'c3f2a2f0-0b8e-4a55-9d8e-6c1f3c2e9a11' })).toBe(enterprise2);

  // Validation failures carrying bad values.
  const refused = [
    await call(
      'POST',
      '/complaints',
      holder1,
      complaintBy({ type: 'individual', name: person1.name, idNumber: badIdNumber, contact: { phone: badPhone } }),
    ),
    await call('POST', '/complaints', holder1, complaintBy({ type: 'individual', name: person1.name, contact: { email: badEmail } })),
    await call(
      'POST',
      '/complaints',
      holder3,
      validComplaint((c) => (c.complainant.idNumber = person2.idNumber)),
    ),
    await call(
      'POST',
      '/complaints',
      holder1,
      `{"complainant":{"type":"individual","idNumber":"${person1.idNumber}","contact":{"phone":"${person1.phone}"}`,
    ),
    await call('POST', '/complaints', holder2, JSON.stringify({ phone: person2.phone }), { 'content-type': 'text/plain' }),
    await call('GET', `/cases?phone=${queryPhone}`, holder2),
  ];
  expect(refused.map((a) => a.status)).toEqual([400, 400, 400, 400, 415, 400]);
  // Unknown routes and ids made of personal data (someone looking a person up by phone, ID or email).
  const lookups = [
    await call('GET', `/complainants/${queryPhone}/cases`, court),
    await call('GET', `/cases/${person1.idNumber}`, court),
    await call('GET', `/respondents/${encodeURIComponent(pathEmail)}`, court),
    await call('GET', `/cases/${person2.idNumber}/timeline`, undefined),
    await call('GET', `/complainants/${encodeURIComponent(`+86${queryPhone}`)}`, court),
  ];
  expect(lookups.map((a) => a.status)).toEqual([404, 404, 404, 401, 404]);

  // Working the cases: claim, act (a note with a phone number), a stale version, a bad action.
  for (const [caseId, token] of [
    [individual1, holder1],
    [individual2, holder2],
    [enterprise1, holder3],
    [enterprise2, holder4],
  ] as const) {
    await untilQueued(caseId, token);
  }
  let c = (await onCase(individual1, 'POST', `/cases/${individual1}/claim`, mediator)).body;
  expect(c.status).toBe('in_progress');
  const act = async (caseId: string, fields: Record<string, unknown>) =>
    onCase(caseId, 'POST', `/cases/${caseId}/actions`, mediator, fields);
  c = (await act(individual1, { action: 'record_consent', expectedVersion: c.version, consented: true })).body;
  c = (await act(individual1, { action: 'add_note', expectedVersion: c.version, text: `已电话联系申请人（${notePhone}），约定线上调解` }))
    .body;
  expect(c.version).toBeGreaterThan(0);
  expect((await act(individual1, { action: 'add_note', expectedVersion: c.version - 1, text: `再次联系 ${notePhone}` })).status).toBe(409);
  expect(
    (await act(individual1, { action: 'schedule_session', expectedVersion: c.version, at: person1.phone, mode: 'online' })).status,
  ).toBe(400);
  expect(
    (await act(individual1, { action: 'schedule_session', expectedVersion: c.version, at: '2026-12-01T10:00:00+08:00', mode: 'online' }))
      .status,
  ).toBe(200);
  const claimed2 = (await onCase(individual2, 'POST', `/cases/${individual2}/claim`, mediator)).body;
  expect(
    (
      await act(individual2, {
        action: 'record_consent',
        expectedVersion: claimed2.version,
        consented: false,
        reason: `被申请人拒绝，联系邮箱 ${person2.email}`,
      })
    ).status,
  ).toBe(200);
  expect((await onCase(enterprise1, 'GET', `/cases/${enterprise1}/timeline`, court)).status).toBe(200);
  expect((await onCase(enterprise1, 'GET', `/cases/${enterprise1}/integrity`, holder3)).status).toBe(200);
  expect((await onCase(enterprise2, 'GET', `/cases/${enterprise2}`, holder1)).status).toBe(404); // someone else's

  // Stop as an operator would, so shut-down lines are read too.
  expect(await rt.stop()).toBe(0);

  for (const stream of ['stdout', 'stderr'] as const) {
    const text = stream === 'stdout' ? rt.stdout() : rt.stderr();
    let inBanner = false;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      // `npm start`'s one human-readable block: from the HTTP URL to the pointer at runtime.json.
      if (stream === 'stdout' && line.startsWith('HTTP      ')) inBanner = true;
      if (inBanner || (stream === 'stdout' && /^SIG[A-Z]+: stopping…$/.test(line))) {
        banner.push(line);
        if (line.startsWith('Endpoints and queue URLs')) inBanner = false;
        continue;
      }
      try {
        const entry = JSON.parse(line);
        if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error('not an object');
        lines.push({ stream, text: line, entry });
      } catch {
        notJson.push(`${stream}: ${line}`);
      }
    }
  }
}, 180_000);

afterAll(async () => {
  await rt?.stop();
});

const handlerLines = () => lines.filter((l) => l.entry['source'] !== 'local-runtime' && typeof l.entry['function'] === 'string');
const triggerKinds = (kind: string) => new Set(functions.filter((f) => f.triggers.some((t) => t.kind === kind)).map((f) => f.name));

describe('the logs of a realistic run', () => {
  it('are JSON lines, one entry each, apart from the start-up banner', () => {
    expect(lines.length).toBeGreaterThan(50);
    expect(notJson).toEqual([]);
    for (const { entry } of lines)
      expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String), message: expect.any(String) });
    // The banner is there once, readable, and only on stdout.
    expect(banner.some((line) => line.startsWith(`HTTP      ${rt.url}`))).toBe(true);
    expect(banner.every((line) => !line.startsWith('{'))).toBe(true);
  });

  it('turn Node warnings into JSON lines too, and the AWS SDK notice about Node 20 into one calm banner line', () => {
    const warnings = lines.filter((l) => l.entry['message'] === 'process warning');
    for (const w of warnings) expect(w.entry).toMatchObject({ level: 'warn', warning: expect.any(String) });
    expect(warnings.filter((w) => String(w.entry['errorMessage']).includes('NodeVersionSupportWarning'))).toEqual([]);
    // Below Node 22 the SDK would warn (infra/local/node-version.ts); unless the caller set the SDK's own switch, the banner says it instead.
    const oldNode =
      Number(process.versions.node.split('.')[0]) < 22 && process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] === undefined;
    expect(banner.filter((line) => line.startsWith(`node      Node ${process.version}: fine for running locally`)).length).toBe(
      oldNode ? 1 : 0,
    );
  });

  it('carry the request id on every line of an HTTP function, the message id on every line of a queue function, the stream records on every line of a stream function', () => {
    const http = triggerKinds('http');
    const scheduled = triggerKinds('schedule');
    const streamed = triggerKinds('stream');
    const missing: string[] = [];
    let seen = 0;
    for (const { entry, text } of handlerLines()) {
      if (scheduled.has(entry['function'])) continue; // a schedule run has neither (see the report)
      seen++;
      const id = http.has(entry['function']) ? 'requestId' : streamed.has(entry['function']) ? 'streamRecords' : 'messageId';
      if (typeof entry[id] !== 'string' || entry[id] === '') missing.push(`${id} missing: ${text}`);
    }
    expect(seen).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    // And the edge's own request lines carry the request id.
    const requests = lines.filter((l) => l.entry['message'] === 'request');
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((l) => typeof l.entry['requestId'] !== 'string')).toEqual([]);
  });

  it("join every function line to its Lambda invocation: Lambda's request id, and the cold start on each function's first invocation only", () => {
    const unjoined = handlerLines().filter(
      ({ entry }) => typeof entry['awsRequestId'] !== 'string' || typeof entry['coldStart'] !== 'boolean',
    );
    expect(unjoined.map((l) => l.text)).toEqual([]);
    const coldInvocations = new Map<string, Set<unknown>>();
    for (const { entry } of handlerLines()) {
      if (entry['coldStart'] !== true) continue;
      const fn = String(entry['function']);
      coldInvocations.set(fn, (coldInvocations.get(fn) ?? new Set()).add(entry['awsRequestId']));
    }
    expect(coldInvocations.size).toBeGreaterThan(3);
    for (const [fn, invocations] of coldInvocations) expect(invocations.size, fn).toBe(1);
  });

  it('carry the case id on every line about a case', () => {
    const problems: string[] = [];
    for (const { entry, text } of lines) {
      const about = requestCase.get(entry['requestId']);
      if (about && entry['caseId'] !== about) problems.push(`request about ${about}: ${text}`);
      if (entry['messageId'] && entry['source'] !== 'local-runtime' && !entry['caseId'])
        problems.push(`queue line without caseId: ${text}`);
      if ([...caseIds].some((id) => text.includes(id)) && !entry['caseId']) problems.push(`names a case, no caseId field: ${text}`);
    }
    expect(problems).toEqual([]);
    expect(lines.filter((l) => l.entry['message'] === 'complaint filed').map((l) => l.entry['caseId'])).toEqual(
      expect.arrayContaining([...caseIds]),
    );
    expect(lines.filter((l) => l.entry['function'] === 'triage' && l.entry['caseId']).length).toBeGreaterThanOrEqual(caseIds.size);
  });

  it('hold none of the ID numbers, phone numbers, email addresses or names that were sent', () => {
    const all = [...lines.map((l) => l.text), ...notJson, ...banner];
    const leaks = FORMS.flatMap((value) => all.filter((line) => line.includes(value)).map((line) => `${value} in ${line}`));
    const named = NAMES.flatMap((name) => all.filter((line) => line.includes(name)).map((line) => `${name} in ${line}`));
    expect(leaks).toEqual([]);
    expect(named).toEqual([]);
  });

  it('log a path made of personal data with the data redacted (the edge logs paths as sent)', () => {
    const paths = lines.filter((l) => l.entry['message'] === 'request').map((l) => String(l.entry['path']));
    expect(paths).toContain('/complainants/[redacted-phone]/cases');
    expect(paths).toContain('/cases/[redacted-id-number]');
    expect(paths).toContain('/respondents/[redacted-email]'); // someone%40example.org
    expect(paths).toContain('/complainants/[redacted-phone]'); // %2B86…
  });
});

describe('redaction, the last line of defence (functions/lib/log.ts)', () => {
  it('replaces resident ID numbers, mainland mobiles in the forms people write them, landlines and emails', () => {
    expect(redact(`id ${person1.idNumber} / ${person2.idNumber}`)).toBe('id [redacted-id-number] / [redacted-id-number]');
    expect(redact('13912345678, +8613912345678, +86 139-1234-5678, 139 1234 5678')).toBe(
      '[redacted-phone], [redacted-phone], [redacted-phone], [redacted-phone]',
    );
    expect(redact('tel 0915-3212345 or (029) 88881234')).toBe('tel [redacted-phone] or [redacted-phone]');
    expect(redact('write to IP.Dept@Hanyin-Silk.Example.COM.')).toBe('write to [redacted-email].');
    expect(redact('Invalid input: "13912345678"\n13912345678')).toBe('Invalid input: "[redacted-phone]"\n[redacted-phone]');
    expect(redact('/x/%2B8613912345678/139%201234%205678/a%2F13912345678/me%40example.org')).toBe(
      '/x/[redacted-phone]/[redacted-phone]/a%2F[redacted-phone]/[redacted-email]',
    );
  });

  it('leaves ids, hashes, credit codes, case numbers, dates and counters alone', () => {
    const harmless = [
      'ba53eb80-2df9-4619-ab74-cb9abba045cd',
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '91350100M000100Y43',
      'AKIP-2026-000123',
      '2026-11-25T18:30:22.036Z',
      '2026-12-01T10:00:00+08:00',
      '1764095422036',
      'ZL201910603565.1',
      'gELOoXI0sQRNWg=',
      'countyCode 610902',
      '12345678901234567890',
      'http://127.0.0.1:38123',
    ];
    for (const text of harmless) expect(redact(text)).toBe(text);
  });
});
