// Every function of the topology has a sample event (events/samples.ts) that is a true event of its
// trigger — the route API Gateway would match, a message from the queue the function consumes, a
// schedule — and whose body, query and claims pass the very checks the handler makes first, so
// `npm run invoke -- <function>` and the bench's cold starts do real work, not a 400.

import { inspectionPlanSchema } from '#domain/inspections.ts';
import { existsSync, readFileSync } from 'node:fs';
import type { DynamoDBStreamEvent, ScheduledEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { actionSchema } from '#domain/actions.schema.ts';
import { deadLetterQuerySchema, pathParamSchema, creditCodeParamSchema, redriveRequestSchema } from '#domain/api.schema.ts';
import { calendarYearPutSchema, cstDate } from '#domain/calendar.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { listCasesQuerySchema, MAX_PAGE_SIZE, noQuerySchema, pageQuerySchema, workQueueQuerySchema } from '#domain/queries.schema.ts';
import { functions, type FunctionSpec } from '#infra/topology.ts';
import type { HttpEvent } from '#lib/http.ts';
import { parseRoutingMessage } from '#lib/messages.ts';
import { parseNoticeMessage } from '#lib/notices.ts';
import { noticeSettingsSchema } from '#domain/notice-settings.schema.ts';
import { acceptInvitationSchema } from '#domain/invitations.ts';
import { postMessageSchema } from '#domain/case-messages.ts';
import { offlineIntakeSchema, takeOverSchema } from '#domain/offline-intake.ts';
import { officerCaseSchema } from '#domain/officer-cases.ts';
import { creditActionSchema } from '#domain/credit-list.ts';
import { callerOf, caseIdParam, jsonBody, queryParams, validate } from '#lib/request.ts';
import { SAMPLE_CASE_ID, sampleEventPath, sampleEvents } from '../../events/samples.ts';

const load = (spec: FunctionSpec): any => JSON.parse(readFileSync(sampleEventPath(spec.name)!, 'utf8'));
const today = cstDate(new Date());

/** What each HTTP handler checks of its request before it touches the table, as it checks it. */
const requestChecks: Record<string, (event: HttpEvent) => void> = {
  submitComplaint: (e) => validate(complaintSchema(today), jsonBody(e), e),
  caseAction: (e) => validate(actionSchema(today), jsonBody(e), e),
  redriveDeadLetters: (e) => validate(redriveRequestSchema, jsonBody(e), e),
  listCases: (e) => queryParams(listCasesQuerySchema, e),
  getWorkQueue: (e) => {
    pathParamSchema.parse(e.pathParameters?.['path']);
    queryParams(workQueueQuerySchema, e);
  },
  listDeadLetters: (e) => queryParams(deadLetterQuerySchema, e),
  getTimeline: (e) => queryParams(pageQuerySchema(MAX_PAGE_SIZE), e),
  getRespondent: (e) => {
    creditCodeParamSchema.parse(e.pathParameters?.['creditCode']);
    queryParams(pageQuerySchema(), e);
  },
  getStats: (e) => queryParams(noQuerySchema, e),
  noticeSettings: (e) => validate(noticeSettingsSchema, jsonBody(e), e),
  acceptInvitation: (e) => validate(acceptInvitationSchema, jsonBody(e), e),
  caseMessages: (e) => validate(postMessageSchema, jsonBody(e), e),
  offlineIntake: (e) => validate(offlineIntakeSchema(today), jsonBody(e), e),
  takeOverCase: (e) => validate(takeOverSchema, jsonBody(e), e),
  calendar: (e) => validate(calendarYearPutSchema(e.pathParameters!['year']!), jsonBody(e), e),
  // SPEC §12: an officer opens a case on a lead; the public register of penalty decisions; the credit list's actions.
  openCase: (e) => validate(officerCaseSchema(today), jsonBody(e), e),
  publicDecisions: (e) => queryParams(pageQuerySchema(), e),
  creditList: (e) => validate(creditActionSchema, jsonBody(e), e),
  inspections: (e) => validate(inspectionPlanSchema, jsonBody(e), e),
};

describe('sample events', () => {
  it('name only functions of the topology, and files that exist', () => {
    const names = new Set(functions.map((fn) => fn.name));
    expect(Object.keys(sampleEvents).filter((name) => !names.has(name))).toEqual([]);
    for (const file of new Set(Object.values(sampleEvents)))
      expect(existsSync(new URL(`../../events/${file}`, import.meta.url)), file).toBe(true);
  });

  it.each(functions)('$name has one', (spec) => {
    expect(sampleEventPath(spec.name), `add one to events/ and name it in events/samples.ts`).toBeDefined();
    expect(() => load(spec)).not.toThrow();
  });

  const http = functions.filter((fn) => fn.triggers.some((t) => t.kind === 'http'));
  it.each(http)('$name: the request its route receives, from a caller the route lets in, passing its checks', (spec) => {
    const event = load(spec) as HttpEvent;
    // A function with several routes: the sample is a request to one of them.
    const routes = spec.triggers.flatMap((t) => (t.kind === 'http' ? [t] : []));
    const trigger = routes.find((t) => `${t.method} ${t.path}` === event.routeKey) ?? routes[0]!;
    const routeKey = `${trigger.method} ${trigger.path}`;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe(routeKey);
    expect(event.requestContext.routeKey).toBe(routeKey);
    expect(event.requestContext.http.method).toBe(trigger.method);
    expect(event.rawPath).toBe(event.requestContext.http.path);
    // The path API Gateway matched, with the path parameters it would extract from it.
    const names = [...trigger.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const pattern = new RegExp(`^${trigger.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
    const values = pattern.exec(event.rawPath)?.slice(1);
    expect(values, `${event.rawPath} is not a path of ${trigger.path}`).toBeDefined();
    expect(event.pathParameters ?? {}).toEqual(Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values![i]!)])));
    if (names.includes('caseId')) expect(caseIdParam(event)).toBe(SAMPLE_CASE_ID);
    if (trigger.authorized) expect(() => callerOf(event)).not.toThrow();
    requestChecks[spec.name]?.(event);
  });

  it('check the request of every HTTP function that reads a body or a query', () => {
    const reads = http.filter((spec) => {
      const event = load(spec) as HttpEvent;
      return event.body !== undefined || event.queryStringParameters !== undefined;
    });
    expect(reads.map((spec) => spec.name).filter((name) => !requestChecks[name])).toEqual([]);
  });

  it('files a complaint that passes the schema (not the empty body the API refuses)', () => {
    const [spec] = functions.filter((fn) => fn.name === 'submitComplaint');
    const complaint = validate(complaintSchema(today), jsonBody(load(spec!)), load(spec!));
    expect(complaint.complainant).toMatchObject({ creditCode: '91350100M000100Y43' });
    expect(complaint.right).toMatchObject({ kind: 'patent' });
  });

  const queue = functions.filter((fn) => fn.triggers.some((t) => t.kind === 'queue'));
  it.each(queue)('$name: a batch from a queue its handler module consumes, each message one it reads', (spec) => {
    const event = load(spec) as SQSEvent;
    expect(event.Records.length).toBeGreaterThan(0);
    // The four path-intake functions share one handler module and one sample: it must come from a
    // queue one of them consumes.
    const consumed = new Set(
      functions.filter((fn) => fn.entry === spec.entry).flatMap((fn) => fn.triggers.flatMap((t) => (t.kind === 'queue' ? [t.queue] : []))),
    );
    for (const record of event.Records) {
      expect(record.eventSource).toBe('aws:sqs');
      const queueName = record.eventSourceARN.split(':').at(-1)!;
      expect([...consumed]).toContain(queueName);
      if (queueName === 'notifications') {
        expect(parseNoticeMessage(record.body).caseId).toBe(SAMPLE_CASE_ID);
        continue;
      }
      const message = parseRoutingMessage(record.body);
      expect(message.caseId).toBe(SAMPLE_CASE_ID);
      if (queueName !== 'intake') expect(message.path).toBe(queueName);
    }
  });

  const streamed = functions.filter((fn) => fn.triggers.some((t) => t.kind === 'stream'));
  it.each(streamed)('$name: a batch from the table stream its filter lets through (new timeline events of a notifying type)', (spec) => {
    const event = load(spec) as DynamoDBStreamEvent;
    const trigger = spec.triggers.find((t) => t.kind === 'stream')!;
    if (trigger.kind !== 'stream') throw new Error('unreachable');
    expect(event.Records.length).toBeGreaterThan(0);
    for (const record of event.Records) {
      expect(record).toMatchObject({ eventSource: 'aws:dynamodb', eventName: 'INSERT' });
      const image = record.dynamodb?.NewImage ?? {};
      expect(trigger.filter.skPrefixes.some((prefix) => image['sk']?.S?.startsWith(prefix))).toBe(true);
      expect(trigger.filter.types).toContain(image['type']?.S);
      expect(image['caseId']?.S).toBe(SAMPLE_CASE_ID);
    }
  });

  const scheduled = functions.filter((fn) => fn.triggers.some((t) => t.kind === 'schedule'));
  it.each(scheduled)('$name: an EventBridge schedule event', (spec) => {
    const event = load(spec) as ScheduledEvent;
    expect(event).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events' });
  });
});
