// The OpenAPI 3.1 document of the HTTP API (SPEC §9), generated from the zod schemas the handlers
// validate with (complaint, actions, query strings) and the ones that describe their answers
// (domain/api.schema.ts). Request bodies and parameters are converted as *input* (what a client
// sends: e.g. countyCode 610928 is accepted and stored as 610981), answers as *output*.
// JSON Schema cannot say everything zod checks (check characters, NFC trimming, dates against
// today): descriptions name those rules, the server enforces them.

import { creditActionSchema, nominationSchema } from '#domain/credit-list.ts';
import { inspectionDrawSchema, inspectionPlanSchema, inspectionResultSchema, inspectionsQuerySchema } from '#domain/inspections.schema.ts';
import { officerCaseSchema } from '#domain/officer-cases.ts';
import * as z from 'zod/mini';
import { actionSchema } from '#domain/actions.schema.ts';
import * as api from '#domain/api.schema.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { evidenceItemSchema } from '#domain/documents.schema.ts';
import { noticeSettingsSchema } from '#domain/notice-settings.schema.ts';
import { acceptInvitationSchema } from '#domain/invitations.ts';
import { offlineIntakeSchema, takeOverSchema } from '#domain/offline-intake.ts';
import { calendarYearBodySchema } from '#domain/calendar.ts';
import { messagesQuerySchema, postMessageSchema } from '#domain/case-messages.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, listCasesQuerySchema, pageQuerySchema, workQueueQuerySchema } from '#domain/queries.schema.ts';

export type JsonObject = Record<string, unknown>;

const TARGET = 'draft-2020-12' as const;
const SCHEMAS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${SCHEMAS}${name}` });

/** `record_consent` → `RecordConsentAction`. */
export function actionComponentName(action: string): string {
  return `${action.replace(/(^|_)([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase())}Action`;
}

// ---------------------------------------------------------------------------------------------
// Schemas → components

/** Notes on request fields whose rules JSON Schema cannot express (SPEC §3, §7). */
const FIELD_NOTES: Record<string, string> = {
  creditCode: 'Unified social credit code (GB 32100-2015): 18 characters; the check character is verified. Stored upper-case.',
  idNumber: 'Resident ID (GB 11643): 17 digits and a check character (ISO 7064 MOD 11-2, `X` for 10), verified, with a real birth date.',
  phone:
    'Mainland mobile (1[3-9] and 9 digits, +86 allowed) or landline with area code, or v2 an international number in E.164 (`+`, 8–15 digits; a +86 number must be a valid mainland one); stored in canonical form.',
  // v2 (SPEC §3): foreign complainants and the protection pilot zones.
  registrationNumber:
    'A foreign enterprise’s registration number in its home register (e.g. HRB 86891), 1–50 characters; required for `foreign_enterprise`, refused for other types.',
  passportNumber:
    'A foreign individual’s passport number: 5–20 letters or digits, stored upper-case without spaces; a personal ID number, masked like a resident ID.',
  country:
    'ISO 3166-1 alpha-2 (any case, stored upper-case) of a foreign complainant; CN is refused (a mainland party files as `enterprise` or `individual`).',
  zone: 'The protection pilot area where the infringement occurs, if in one; counted in GET /stats `byZone`.',
  countyCode: "One of Ankang's county-level codes (GB/T 2260); the former 610928 is accepted and stored as 610981.",
  onlineStoreUrl: 'An https URL.',
  description: 'Trimmed and NFC-normalised; control characters are refused (line feeds and tabs allowed).',
  validUntil: 'A right that expired before the day of the complaint is rejected.',
  signedOn: 'Not after the day of the request (China Standard Time).',
  sha256: '64 hex digits; stored lower-case.',
  mediaType: 'A MIME type (RFC 9110), e.g. application/pdf.',
};

const RIGHT_NUMBER_NOTE =
  'Per kind: patent application/patent number (`ZL`/`CN` prefix optional, 12 digits, `.` and the check character, verified; stored as YYYYTSSSSSSS.C), trademark registration number (1–8 digits, optional `A` suffix or `G` prefix), others a registration/certificate number.';

/** Adds FIELD_NOTES to every property of that name lacking a description, at any depth. */
function annotate(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) annotate(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as JsonObject;
  const properties = obj['properties'] as Record<string, JsonObject> | undefined;
  if (properties) {
    for (const [name, schema] of Object.entries(properties)) {
      const note = FIELD_NOTES[name];
      if (note && schema['description'] === undefined) schema['description'] = note;
    }
  }
  Object.values(obj).forEach(annotate);
}

/** A registry's schemas as components: no per-schema `$schema`/`$id` (the document's dialect applies). */
function convertRegistry(registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output'): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(registry, { io, target: TARGET, uri: (id) => `${SCHEMAS}${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
      return [id, rest];
    }),
  );
}

function requestComponents(today: string): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const complaint = complaintSchema(today);
  const actions = actionSchema(today);
  registry.add(complaint, { id: 'Complaint' });
  registry.add(evidenceItemSchema, { id: 'EvidenceItem' });
  for (const variant of actions.options) registry.add(variant, { id: actionComponentName(variant.shape.action.value) });
  registry.add(actions, { id: 'CaseAction' });
  registry.add(api.redriveRequestSchema, { id: 'RedriveRequest' });
  registry.add(noticeSettingsSchema, { id: 'NoticeSettings' });
  registry.add(acceptInvitationSchema, { id: 'AcceptInvitation' });
  registry.add(postMessageSchema, { id: 'PostMessage' });
  registry.add(offlineIntakeSchema(today), { id: 'OfflineComplaint' });
  registry.add(takeOverSchema, { id: 'TakeOver' });
  registry.add(calendarYearBodySchema, { id: 'CalendarYearPut' });
  registry.add(officerCaseSchema(today), { id: 'OfficerCase' });
  registry.add(nominationSchema, { id: 'CreditNomination' });
  registry.add(creditActionSchema, { id: 'CreditAction' });
  registry.add(inspectionPlanSchema, { id: 'InspectionPlan' });
  registry.add(inspectionDrawSchema, { id: 'InspectionDraw' });
  registry.add(inspectionResultSchema(today), { id: 'InspectionResult' });
  const components = convertRegistry(registry, 'input');
  annotate(components);

  const complaintJson = components['Complaint']!;
  complaintJson['description'] =
    'An infringement complaint (SPEC §3). Unknown fields are rejected; strings are trimmed and NFC-normalised; every rejected field is named in the error’s `details` by its JSON path.';
  const right = (complaintJson['properties'] as Record<string, JsonObject>)['right'];
  for (const variant of (right?.['oneOf'] as JsonObject[] | undefined) ?? []) {
    const number = (variant['properties'] as Record<string, JsonObject>)['number'];
    if (number) number['description'] = RIGHT_NUMBER_NOTE;
  }

  components['InspectionPlan']!['description'] =
    'A random inspection round to freeze (SPEC §13): `targets` (credit codes with names) or `targetFilter`, not both. A filter draws from the respondents (with a credit code) of the plan’s agency’s penalty decisions in the public register — only what is public already — optionally of one `matter` or decided on or after `decidedSince` (YYYY-MM-DD); each is named as its newest decision names it. Inspectors are officers’ `sub`s; a recusal keeps an inspector from being drawn for that target. `publicValueNumbers` announces how many numbers the public value will have (e.g. 7 for a 双色球 result): the draw takes exactly that many.';
  const planFields = components['InspectionPlan']!['properties'] as Record<string, JsonObject>;
  planFields['targetFilter']!['description'] =
    'Instead of `targets`: the respondents of the agency’s published penalty decisions, optionally of one matter or decided since a day; none matching is 400.';
  planFields['publicValueNumbers']!['description'] =
    'How many numbers the public value will have, announced before the draw: a value with another count is refused.';
  (components['InspectionDraw']!['properties'] as Record<string, JsonObject>)['publicValue']!['description'] =
    'As published, in any spelling: its numbers are read (runs of digits), as many as the plan’s `publicValueNumbers`.';
  components['InspectionDraw']!['description'] =
    'The public value, read after the plan was frozen, and where it was published. Its numbers (runs of digits) are what counts — `03 07 12 + 09`, `3,7,12,9` and `3-7-12-9` are the same value — and it must have exactly as many as the plan’s `publicValueNumbers`; it is stored, published and hashed into the seed written the one way: the numbers without leading zeros, joined by `-`.';
  components['InspectionResult']!['description'] =
    'A drawn target’s result, once: `case` exactly when `result` is `violation_found` (the enforcement case it opens; the target is its respondent, its matter must be the round’s agency’s). `inspectedOn` is not after the day of the request (China Standard Time).';

  const mapping = Object.fromEntries(
    actions.options.map((o) => [o.shape.action.value, `${SCHEMAS}${actionComponentName(o.shape.action.value)}`]),
  );
  components['CaseAction'] = {
    ...components['CaseAction'],
    description:
      'One step of the case lifecycle (SPEC §4): `action` names it, `expectedVersion` is the `version` last read; who may take it and from which path · stage is the SPEC §4 table.',
    discriminator: { propertyName: 'action', mapping },
  };
  return components;
}

function answerComponents(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const entries: [z.ZodMiniType, string][] = [
    [api.healthSchema, 'Health'],
    [api.submittedSchema, 'SubmittedComplaint'],
    [api.caseViewSchema, 'Case'],
    [api.complainantViewSchema, 'CaseComplainant'],
    [api.rightViewSchema, 'CaseRight'],
    [api.respondentViewSchema, 'CaseRespondent'],
    [api.evidenceViewSchema, 'CaseEvidence'],
    [api.deadlineSchema, 'Deadline'],
    [api.outcomeSchema, 'Outcome'],
    [api.casePageSchema, 'CasePage'],
    [api.timelineEventSchema, 'TimelineEvent'],
    [api.internalEventStubSchema, 'InternalEventStub'],
    [api.timelinePageSchema, 'TimelinePage'],
    [api.integritySchema, 'Integrity'],
    [api.statsSchema, 'Stats'],
    [api.respondentCaseSchema, 'RespondentCase'],
    [api.respondentHistorySchema, 'RespondentHistory'],
    [api.deadLetterSchema, 'DeadLetter'],
    [api.deadLetterPageSchema, 'DeadLetterPage'],
    [api.redriveResultSchema, 'RedriveResult'],
    [api.noticeDeliverySchema, 'NoticeDelivery'],
    [api.noticeListSchema, 'NoticeList'],
    [api.noticeSettingsViewSchema, 'NoticeSettingsView'],
    [api.joinedSchema, 'Joined'],
    [api.offlineSubmittedSchema, 'OfflineSubmitted'],
    [api.takenOverSchema, 'TakenOver'],
    [api.messageSchema, 'Message'],
    [api.messagePageSchema, 'MessagePage'],
    [api.calendarYearViewSchema, 'CalendarYear'],
    [api.publicDecisionSchema, 'PublicDecision'],
    [api.publicDecisionPageSchema, 'PublicDecisionPage'],
    [api.publicCreditEntrySchema, 'PublicCreditEntry'],
    [api.publicCreditListSchema, 'PublicCreditList'],
    [api.creditEntrySchema, 'CreditEntry'],
    [api.creditEntryListSchema, 'CreditEntryList'],
    [api.inspectionViewSchema, 'Inspection'],
    [api.frozenInspectionPlanSchema, 'FrozenInspectionPlan'],
    [api.drawnInspectionTargetSchema, 'DrawnInspectionTarget'],
    [api.inspectionSummarySchema, 'InspectionSummary'],
    [api.inspectionSummaryPageSchema, 'InspectionSummaryPage'],
    [api.publicInspectionSchema, 'PublicInspection'],
    [api.errorSchema, 'Error'],
  ];
  for (const [schema, id] of entries) registry.add(schema, { id });
  return convertRegistry(registry, 'output');
}

function plainSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: TARGET }) as JsonObject;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Parameters

/**
 * Query parameters from a strict zod object. A query string carries strings; where the schema
 * parses one into something else (`limit` → an integer 1–100) the parsed form is documented,
 * otherwise (a transform, e.g. countyCode's former code) what may be sent.
 */
function queryParameters(schema: z.ZodMiniObject, notes: Record<string, string> = {}): JsonObject[] {
  const required = new Set((plainSchema(schema, 'input')['required'] as string[] | undefined) ?? []);
  return Object.entries(schema.shape).map(([name, field]) => {
    let json: JsonObject;
    try {
      json = plainSchema(field as z.ZodMiniType, 'output');
    } catch {
      json = plainSchema(field as z.ZodMiniType, 'input');
    }
    const description = notes[name] ?? FIELD_NOTES[name];
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema: json };
  });
}

const pathParameter = (name: string, schema: z.ZodMiniType, description: string): JsonObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: plainSchema(schema, 'output'),
});

const CASE_ID_PARAM = pathParameter(
  'caseId',
  api.caseIdParamSchema,
  'An id that names no case the caller may read — unknown, malformed or someone else’s — is 404.',
);

const INSPECTION_ID_PARAM = pathParameter(
  'inspectionId',
  api.inspectionIdParamSchema,
  'An id that names no round the caller may read — unknown, malformed or another agency’s — is 404.',
);

const CALENDAR_YEAR_PARAM = pathParameter(
  'year',
  api.calendarYearParamSchema,
  'A year from 2000 to 2100; any other value names no calendar and is 404.',
);

const PAGE_NOTES = (defaultLimit: number): Record<string, string> => ({
  limit: `Page size, 1–${MAX_PAGE_SIZE} (default ${defaultLimit}).`,
  cursor: 'The `nextCursor` of the previous page, unchanged.',
});

// ---------------------------------------------------------------------------------------------
// Responses

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500;

const ERROR_RESPONSES: Record<ErrorStatus, [string, string]> = {
  400: ['BadRequest', '`VALIDATION_FAILED` (every rejected field in `details`) or `MALFORMED_JSON`.'],
  401: [
    'Unauthenticated',
    '`UNAUTHENTICATED`: no bearer token, or one that is expired or not ours. In AWS, API Gateway’s JWT authorizer refuses such a request itself, with the body `{"message":"Unauthorized"}`.',
  ],
  403: [
    'Forbidden',
    '`FORBIDDEN`: the caller’s role may not do this (no recognised role: 403 on every route but /health and /openapi.json).',
  ],
  404: ['NotFound', '`NOT_FOUND`: nothing the caller may read is there.'],
  409: [
    'Conflict',
    '`CONFLICT`: not allowed in the case’s current status/stage, or a stale `expectedVersion` (`details` and `current` carry the current status, stage and version); on a credit-list entry or an inspection round, not allowed in its current status or a change that lost a race (`current` carries its status and version); on POST /complaints, a retry while the first request with its Idempotency-Key is still running.',
  ],
  413: ['PayloadTooLarge', '`PAYLOAD_TOO_LARGE`: the body is over 256 KiB.'],
  415: ['UnsupportedMediaType', '`UNSUPPORTED_MEDIA_TYPE`: the body must be application/json.'],
  422: ['IdempotencyKeyReused', '`IDEMPOTENCY_KEY_REUSED`: the Idempotency-Key was used with a different body.'],
  429: [
    'TooManyRequests',
    '`RATE_LIMITED`: the caller (the token’s `sub`; the source address on public routes) sent more than its share — wait the `Retry-After` seconds. In AWS, API Gateway’s throttling of all callers together answers 429 itself, with the body `{"message":"Too Many Requests"}` and no Retry-After.',
  ],
  500: [
    'Internal',
    '`INTERNAL`: nothing about the failure is disclosed; quote the request id. A function that runs past the 30 s integration timeout is answered 504 (`INTERNAL`) locally, 503/504 by API Gateway.',
  ],
};

const REQUEST_ID_HEADER = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };
const RETRY_AFTER_HEADER = { 'retry-after': { $ref: '#/components/headers/RetryAfter' } };

const json = (schema: JsonObject) => ({ 'application/json': { schema } });

function errorResponseComponents(): Record<string, JsonObject> {
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([status, [name, description]]) => {
      const headers = status === '429' ? { ...REQUEST_ID_HEADER, ...RETRY_AFTER_HEADER } : REQUEST_ID_HEADER;
      return [name, { description, headers, content: json(ref('Error')) }];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Operations

interface OperationSpec {
  method: 'get' | 'post' | 'put';
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it (SPEC §9); omitted for the public routes. */
  who?: string;
  tags: string[];
  parameters?: JsonObject[];
  body?: { schema: JsonObject; description?: string };
  ok: { status: number; description: string; schema: JsonObject };
  errors: ErrorStatus[];
}

const AUTH_ERRORS: ErrorStatus[] = [401, 403, 500];
const BODY_ERRORS: ErrorStatus[] = [400, 413, 415];
/** The header of the routes that file a complaint (SPEC §8: a retry with the key files once). */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: z.globalRegistry.get(api.idempotencyKeySchema)!.description!,
  schema: plainSchema(api.idempotencyKeySchema, 'input'),
} as const;

function operations(): OperationSpec[] {
  return [
    {
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      summary: 'Liveness',
      tags: ['system'],
      ok: { status: 200, description: 'Up.', schema: ref('Health') },
      errors: [500],
    },
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApi',
      summary: 'This OpenAPI 3.1 document',
      tags: ['system'],
      ok: {
        status: 200,
        description: 'The document, generated from the zod schemas the handlers validate with.',
        schema: { type: 'object' },
      },
      errors: [500],
    },
    {
      method: 'post',
      path: '/complaints',
      operationId: 'fileComplaint',
      summary: 'File an infringement complaint',
      who: 'rights_holder',
      tags: ['complaints'],
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: ref('Complaint') },
      ok: {
        status: 202,
        description: 'Stored as `submitted`; routing follows asynchronously (poll GET /cases/{caseId}).',
        schema: ref('SubmittedComplaint'),
      },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS, 409, 422],
    },
    {
      method: 'get',
      path: '/cases',
      operationId: 'listCases',
      summary: 'List the cases the caller may read',
      who: 'any role, scoped: rights holders see their own cases, handlers their path’s, police cases transferred to them',
      tags: ['cases'],
      parameters: queryParameters(listCasesQuerySchema, PAGE_NOTES(DEFAULT_PAGE_SIZE)),
      ok: { status: 200, description: 'Newest first.', schema: ref('CasePage') },
      errors: [400, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/cases/{caseId}',
      operationId: 'getCase',
      summary: 'Read a case',
      who: 'readers of that case',
      tags: ['cases'],
      parameters: [CASE_ID_PARAM],
      ok: { status: 200, description: 'The case.', schema: ref('Case') },
      errors: [404, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/cases/{caseId}/timeline',
      operationId: 'getTimeline',
      summary: 'The case’s tamper-evident timeline',
      who: 'readers of that case',
      tags: ['cases'],
      parameters: [CASE_ID_PARAM, ...queryParameters(pageQuerySchema(MAX_PAGE_SIZE), PAGE_NOTES(MAX_PAGE_SIZE))],
      ok: { status: 200, description: 'Events, oldest first.', schema: ref('TimelinePage') },
      errors: [400, 404, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/cases/{caseId}/notifications',
      operationId: 'getNotifications',
      summary: 'Who was told what about the case, and whether it went out',
      who: 'the case’s handlers and the supervisor',
      tags: ['cases'],
      parameters: [CASE_ID_PARAM],
      ok: { status: 200, description: 'The notices, oldest event first.', schema: ref('NoticeList') },
      errors: [404, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/invitations/accept',
      operationId: 'acceptInvitation',
      summary: 'Join a case as its respondent with the invitation code',
      who: 'respondent',
      tags: ['parties'],
      body: { schema: ref('AcceptInvitation') },
      ok: { status: 200, description: 'Joined: the case is now readable to the caller.', schema: ref('Joined') },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS, 409, 429],
    },
    {
      method: 'post',
      path: '/complaints/offline',
      operationId: 'enterOfflineComplaint',
      summary: 'Register a complaint brought in on paper or at a workstation, on the complainant’s behalf',
      who: 'supervisor, mediator, arbitrator, notary, officer',
      tags: ['complaints'],
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: ref('OfflineComplaint') },
      ok: {
        status: 202,
        description:
          'Stored as `submitted` and routed as an online filing is; owned by nobody until the complainant takes it over with the code (sent to the complaint’s contact, and shown here once for the paper receipt).',
        schema: ref('OfflineSubmitted'),
      },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS, 409, 422],
    },
    {
      method: 'post',
      path: '/cases/takeover',
      operationId: 'takeOverCase',
      summary: 'Take over a case entered offline with its takeover code',
      who: 'rights_holder',
      tags: ['complaints'],
      body: { schema: ref('TakeOver') },
      ok: { status: 200, description: 'Taken over: the case is now the caller’s own.', schema: ref('TakenOver') },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS, 409, 429],
    },
    {
      method: 'get',
      path: '/cases/{caseId}/messages',
      operationId: 'listMessages',
      summary: 'The case’s messages in the channels the caller reads',
      who: 'parties (open channel and their own caucus), the case’s handlers, court, procuratorate, supervisor',
      tags: ['parties'],
      parameters: [CASE_ID_PARAM, ...queryParameters(messagesQuerySchema, PAGE_NOTES(DEFAULT_PAGE_SIZE))],
      ok: { status: 200, description: 'Messages, oldest first.', schema: ref('MessagePage') },
      errors: [400, 404, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/cases/{caseId}/messages',
      operationId: 'postMessage',
      summary: 'Write in one of the case’s channels',
      who: 'the assigned handler (every channel), a party (the open channel and its own caucus)',
      tags: ['parties'],
      parameters: [CASE_ID_PARAM],
      body: { schema: ref('PostMessage') },
      ok: { status: 201, description: 'The message, a timeline event.', schema: ref('Message') },
      errors: [...BODY_ERRORS, 404, 409, 422, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/me/notice-settings',
      operationId: 'getNoticeSettings',
      summary: 'The caller’s own contact and notice settings',
      who: 'any role',
      tags: ['notices'],
      ok: { status: 200, description: 'The settings, `{}` when none were set.', schema: ref('NoticeSettingsView') },
      errors: AUTH_ERRORS,
    },
    {
      method: 'put',
      path: '/me/notice-settings',
      operationId: 'putNoticeSettings',
      summary: 'Set where and in which language to be told, and turn off non-statutory notices',
      who: 'any role',
      tags: ['notices'],
      body: { schema: ref('NoticeSettings') },
      ok: { status: 200, description: 'The settings as stored.', schema: ref('NoticeSettingsView') },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/cases/{caseId}/integrity',
      operationId: 'checkIntegrity',
      summary: 'Recompute the timeline’s hash chain',
      who: 'readers of that case',
      tags: ['cases'],
      parameters: [CASE_ID_PARAM],
      ok: { status: 200, description: '`{valid, events, head}` or `{valid: false, events, brokenAt}`.', schema: ref('Integrity') },
      errors: [404, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/work-queues/{path}',
      operationId: 'getWorkQueue',
      summary: 'A path’s queued cases, priority then deadline',
      who: 'handlers of that path',
      tags: ['handling'],
      parameters: [
        pathParameter(
          'path',
          api.pathParamSchema,
          'mediation, arbitration, notarization, administrative_adjudication or administrative_enforcement (an officer reads its own agency’s enforcement queue); anything else is 404.',
        ),
        ...queryParameters(workQueueQuerySchema, PAGE_NOTES(DEFAULT_PAGE_SIZE)),
      ],
      ok: { status: 200, description: 'Queued cases, highest priority first, then earliest deadline.', schema: ref('CasePage') },
      errors: [400, 404, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/cases/{caseId}/claim',
      operationId: 'claimCase',
      summary: 'Take a queued case',
      who: 'handlers of the case’s path',
      tags: ['handling'],
      parameters: [CASE_ID_PARAM],
      ok: { status: 200, description: 'The case, `in_progress`, assigned to the caller.', schema: ref('Case') },
      errors: [404, 409, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/cases/{caseId}/actions',
      operationId: 'actOnCase',
      summary: 'Take a lifecycle action',
      who: 'per action (SPEC §4): the assigned handler, the owner, court, procuratorate, police or supervisor',
      tags: ['handling'],
      parameters: [CASE_ID_PARAM],
      body: { schema: ref('CaseAction') },
      ok: { status: 200, description: 'The whole case after the action (version + 1, one timeline event).', schema: ref('Case') },
      errors: [...BODY_ERRORS, 404, 409, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/respondents/{creditCode}',
      operationId: 'getRespondent',
      summary: 'A respondent’s case history and repeat flag',
      who: 'handlers, court, procuratorate, police, supervisor',
      tags: ['agencies'],
      parameters: [
        pathParameter(
          'creditCode',
          api.creditCodeParamSchema,
          `${FIELD_NOTES['creditCode']} A code that is not valid, or names no respondent on record, is 404.`,
        ),
        ...queryParameters(pageQuerySchema(), PAGE_NOTES(DEFAULT_PAGE_SIZE)),
      ],
      ok: { status: 200, description: 'The credit-system view of the respondent.', schema: ref('RespondentHistory') },
      errors: [400, 404, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/stats',
      operationId: 'getStats',
      summary: 'Shared statistics (no query parameters: any is a 400)',
      who: 'supervisor, court, procuratorate',
      tags: ['agencies'],
      ok: {
        status: 200,
        description: 'Counts by status, path, right kind and county; median days to resolution per path; overdue count.',
        schema: ref('Stats'),
      },
      errors: [400, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/calendar/{year}',
      operationId: 'getCalendarYear',
      summary: 'A year of the working-day calendar in force, where it comes from, and its change log',
      who: 'supervisor',
      tags: ['operations'],
      parameters: [CALENDAR_YEAR_PARAM],
      ok: { status: 200, description: 'The year (`origin: none` with no dates when no data covers it).', schema: ref('CalendarYear') },
      errors: [404, ...AUTH_ERRORS],
    },
    {
      method: 'put',
      path: '/calendar/{year}',
      operationId: 'putCalendarYear',
      summary: 'Replace a year’s holidays and make-up working days; open clocks it touches are counted again',
      who: 'supervisor',
      tags: ['operations'],
      parameters: [CALENDAR_YEAR_PARAM],
      body: { schema: ref('CalendarYearPut') },
      ok: {
        status: 200,
        description:
          'The year as stored, with `recomputed` (clocks moved, each case given a `deadline_recomputed` event) and `complete`. Dates must lie in the year, none twice or both a holiday and a make-up day, make-up days on weekends (400 naming each). `expectedVersion` 0 or absent stores a year for the first time; a stale one is 409.',
        schema: ref('CalendarYear'),
      },
      errors: [...BODY_ERRORS, 404, 409, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/cases',
      operationId: 'openOfficerCase',
      summary: 'Open an administrative enforcement case on an officer’s own lead (依职权立案)',
      who: 'officer (of the agency the matter belongs to)',
      tags: ['handling'],
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: ref('OfficerCase') },
      ok: {
        status: 201,
        description:
          'The case: in progress on administrative enforcement at filing review, assigned to the caller, its filing clock counted from the lead’s day. A matter of another agency is 400 on `matter`.',
        schema: ref('Case'),
      },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS, 422],
    },
    {
      method: 'get',
      path: '/public/decisions',
      operationId: 'listPublicDecisions',
      summary: 'The public register of administrative penalty decisions (no sign-in)',
      tags: ['public'],
      parameters: queryParameters(pageQuerySchema(), PAGE_NOTES(DEFAULT_PAGE_SIZE)),
      ok: {
        status: 200,
        description: 'Penalty decisions, newest first: no contact data, natural persons’ names masked. Limited per source address (429).',
        schema: ref('PublicDecisionPage'),
      },
      errors: [400, 429, 500],
    },
    {
      method: 'get',
      path: '/public/credit-list',
      operationId: 'publicCreditList',
      summary: 'The respondents on the credit list now (no sign-in)',
      tags: ['public'],
      ok: {
        status: 200,
        description:
          'Listed respondents whose period runs: name, credit code, period, reason, decisions. Limited per source address (429).',
        schema: ref('PublicCreditList'),
      },
      errors: [400, 429, 500],
    },
    {
      method: 'get',
      path: '/credit-list',
      operationId: 'listCreditEntries',
      summary: 'The credit list’s entries: candidates, reviews, listings (optionally of one status)',
      who: 'supervisor, officer',
      tags: ['agencies'],
      parameters: [
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['none', 'candidate', 'under_review', 'listed', 'dropped', 'removed', 'expired'] },
        },
      ],
      ok: { status: 200, description: 'Entries, most recently changed first.', schema: ref('CreditEntryList') },
      errors: [400, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/credit-list/export',
      operationId: 'exportCreditList',
      summary: 'The listed respondents for joint punishment by other agencies, as JSON or CSV',
      who: 'supervisor, officer, court, procuratorate, police',
      tags: ['agencies'],
      parameters: [{ name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } }],
      ok: {
        status: 200,
        description: '`{asOf, items}`; with `format=csv`, text/csv (RFC 4180) with a header line.',
        schema: ref('PublicCreditList'),
      },
      errors: [400, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/credit-list/{creditCode}',
      operationId: 'getCreditEntry',
      summary: 'One entry and its hash-chained audit events',
      who: 'supervisor, officer',
      tags: ['agencies'],
      parameters: [pathParameter('creditCode', api.creditCodeParamSchema, 'A code that is not valid, or has no entry, is 404.')],
      ok: { status: 200, description: 'The entry with `events`.', schema: ref('CreditEntry') },
      errors: [404, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/credit-list/nominations',
      operationId: 'nominateForCreditList',
      summary: 'Nominate a respondent for the credit list (e.g. not performing an effective decision)',
      who: 'officer',
      tags: ['agencies'],
      body: { schema: ref('CreditNomination') },
      ok: { status: 201, description: 'The entry, a candidate.', schema: ref('CreditEntry') },
      errors: [...BODY_ERRORS, 409, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/credit-list/{creditCode}/actions',
      operationId: 'actOnCreditEntry',
      summary: 'Review (start, statement, list, drop) or repair (application, approve, deny) an entry',
      who: 'supervisor',
      tags: ['agencies'],
      parameters: [pathParameter('creditCode', api.creditCodeParamSchema, 'A code that is not valid, or has no entry, is 404.')],
      body: { schema: ref('CreditAction') },
      ok: { status: 200, description: 'The entry after the step (version + 1, one event).', schema: ref('CreditEntry') },
      errors: [...BODY_ERRORS, 404, 409, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/inspections',
      operationId: 'planInspection',
      summary: 'Plan a random inspection round: the plan is frozen and its SHA-256 published before the draw',
      who: 'supervisor; an officer who leads its agency’s inspections, for its own agency',
      tags: ['agencies'],
      body: { schema: ref('InspectionPlan') },
      ok: {
        status: 201,
        description:
          '`planned`: the frozen plan (targets listed, or the respondents the filter matched in the public register of penalty decisions), its text and hash. `targets` or `targetFilter`, not both; a filter matching no decision or too many respondents, a target or inspector listed twice, a recusal naming neither, more targets to draw than listed (or than 500), a target left with fewer eligible inspectors than `inspectorsPerTarget`, or a plan too large to store (its text over 100 KB, or its largest draw) is 400 naming the field.',
        schema: ref('Inspection'),
      },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/inspections',
      operationId: 'listInspections',
      summary: 'The random inspection rounds (optionally of one agency)',
      who: 'supervisor; officers: their own agency’s rounds, whatever `agency` asks for',
      tags: ['agencies'],
      parameters: queryParameters(inspectionsQuerySchema, {
        ...PAGE_NOTES(DEFAULT_PAGE_SIZE),
        agency: 'Only this agency’s rounds; an officer reads its own agency’s whatever it asks for.',
      }),
      ok: { status: 200, description: 'Rounds, newest first: no plan text, no draw.', schema: ref('InspectionSummaryPage') },
      errors: [400, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/inspections/{inspectionId}',
      operationId: 'getInspection',
      summary: 'A round and its hash-chained audit events',
      who: 'supervisor; officers of the round’s agency',
      tags: ['agencies'],
      parameters: [INSPECTION_ID_PARAM],
      ok: { status: 200, description: 'The round with `events`, oldest first.', schema: ref('Inspection') },
      errors: [404, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/inspections/{inspectionId}/draw',
      operationId: 'drawInspection',
      summary: 'Draw a planned round with a public value nobody knew when the plan was frozen',
      who: 'supervisor; the lead officer of the round’s agency',
      tags: ['agencies'],
      parameters: [INSPECTION_ID_PARAM],
      body: { schema: ref('InspectionDraw') },
      ok: {
        status: 200,
        description:
          '`drawn`: the public value written the one way (`3-7-12-9`), the seed (SHA-256 of plan hash ‖ that value) and the targets drawn, each with its inspectors (version + 1, one event). A value without as many numbers as the plan announced is 400 at `publicValue`. A round drawn already is 409; so is a draw that lost a race with another change.',
        schema: ref('Inspection'),
      },
      errors: [...BODY_ERRORS, 404, 409, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/inspections/{inspectionId}/results',
      operationId: 'recordInspectionResult',
      summary: 'Record a drawn target’s result; a violation opens an administrative enforcement case',
      who: 'supervisor; an officer of the round’s agency drawn to inspect that target',
      tags: ['agencies'],
      parameters: [INSPECTION_ID_PARAM],
      body: { schema: ref('InspectionResult') },
      ok: {
        status: 200,
        description:
          'The round with the result, published at once (version + 1, one event); `completed` once every drawn target has one. `violation_found` takes `case` and opens an enforcement case on the target (its id and number in the result); a target not drawn, or a matter of another agency, is 400. A round not drawn yet, a target whose result is recorded, or a lost race is 409.',
        schema: ref('Inspection'),
      },
      errors: [...BODY_ERRORS, 404, 409, ...AUTH_ERRORS],
    },
    {
      method: 'get',
      path: '/public/inspections',
      operationId: 'listPublicInspections',
      summary: 'The public record of random inspection rounds (no sign-in)',
      tags: ['public'],
      parameters: queryParameters(pageQuerySchema(), PAGE_NOTES(DEFAULT_PAGE_SIZE)),
      ok: {
        status: 200,
        description:
          'Every round, newest first, planned ones too (a plan’s hash is public before its draw). Limited per source address (429).',
        schema: ref('InspectionSummaryPage'),
      },
      errors: [400, 429, 500],
    },
    {
      method: 'get',
      path: '/public/inspections/{inspectionId}',
      operationId: 'getPublicInspection',
      summary: 'A round’s public record: plan text and hash, public value, seed, draw and results (no sign-in; no query parameters)',
      tags: ['public'],
      parameters: [pathParameter('inspectionId', api.inspectionIdParamSchema, 'An id that is malformed or names no round is 404.')],
      ok: {
        status: 200,
        description:
          'Everything needed to rerun the draw; never who recorded a result or the case a violation opened. Limited per source address (429).',
        schema: ref('PublicInspection'),
      },
      errors: [400, 404, 429, 500],
    },
    {
      method: 'get',
      path: '/dead-letters',
      operationId: 'listDeadLetters',
      summary: 'Poison messages in the dead-letter queues',
      who: 'supervisor',
      tags: ['operations'],
      parameters: queryParameters(api.deadLetterQuerySchema),
      ok: { status: 200, description: 'Dead-lettered messages.', schema: ref('DeadLetterPage') },
      errors: [400, ...AUTH_ERRORS],
    },
    {
      method: 'post',
      path: '/dead-letters/redrive',
      operationId: 'redriveDeadLetters',
      summary: 'Move dead-lettered messages back to their queues',
      who: 'supervisor',
      tags: ['operations'],
      body: { schema: ref('RedriveRequest') },
      ok: { status: 200, description: 'What was redriven.', schema: ref('RedriveResult') },
      errors: [...BODY_ERRORS, ...AUTH_ERRORS],
    },
  ];
}

function operationObject(op: OperationSpec): JsonObject {
  const responses: JsonObject = {
    [String(op.ok.status)]: { description: op.ok.description, headers: REQUEST_ID_HEADER, content: json(op.ok.schema) },
  };
  // Every route is rate-limited: per token `sub`, per source address on the public ones.
  for (const status of [...new Set<ErrorStatus>([...op.errors, 429])].sort((a, b) => a - b)) {
    responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}` };
  }
  const isPublic = op.who === undefined;
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(isPublic ? {} : { description: `Who: ${op.who}.` }),
    tags: op.tags,
    ...(isPublic ? { security: [] } : {}),
    parameters: [...(op.parameters ?? []), { $ref: '#/components/parameters/AcceptLanguage' }],
    ...(op.body ? { requestBody: { required: true, content: json(op.body.schema) } } : {}),
    responses,
  };
}

// ---------------------------------------------------------------------------------------------
// The document

/** The routes the document describes, as `METHOD /path`. */
export function documentedRoutes(): string[] {
  return operations().map((op) => `${op.method.toUpperCase()} ${op.path}`);
}

/**
 * The whole document for requests received on `today` (YYYY-MM-DD, China Standard Time), the day
 * the date-dependent schemas are built for; JSON Schema shows none of their date rules, so the
 * document is the same every day.
 */
export function buildOpenApiDocument(today: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const op of operations()) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Ankang IP protection — case API',
      version: '1.0.0',
      summary: 'Complaints, routing to mediation, arbitration, notarization and administrative adjudication, shared case status.',
      description:
        'The shared case system behind Ankang city’s collaborative IP protection (协同保护). JSON over HTTPS with a bearer JWT whose `cognito:groups` claim holds the caller’s role. A case the caller may not read does not exist for them (404). Every answer carries `x-request-id`; error messages are zh-CN unless Accept-Language prefers en. “SPEC §N” names a section of the product description, docs/product.md in the repository.',
      // The repository grants no licence: the code and this API description are not open source.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      { url: '/', description: 'The API that served this document (in AWS: the stack’s `ApiUrl` output).' },
      {
        url: 'http://127.0.0.1:{port}',
        description: 'The local runtime (`npm start`).',
        variables: { port: { default: '3000', description: 'The `PORT` it was started with.' } },
      },
    ],
    tags: [
      { name: 'system', description: 'Liveness and this document; no token needed.' },
      { name: 'complaints', description: 'Rights holders file complaints.' },
      { name: 'cases', description: 'Reading cases, timelines and their integrity.' },
      { name: 'handling', description: 'Work queues, claims and lifecycle actions.' },
      { name: 'agencies', description: 'Credit-system and statistical views for agencies; random inspections (SPEC §13).' },
      { name: 'parties', description: 'Both parties online: a respondent joins its case; messages in the case’s channels (SPEC §10).' },
      { name: 'notices', description: 'Where each person is told of their cases (SPEC §11).' },
      { name: 'operations', description: 'Dead-letter queues; the working-day calendar (SPEC §6).' },
      { name: 'public', description: 'What anyone may read without signing in (SPEC §12, §13 一公开): limited per source address.' },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Cognito access token (locally: `npm run -s token -- --role <role> --sub <id>`); the role is the `cognito:groups` claim.',
        },
      },
      headers: {
        RequestId: { description: 'The request id, also in error bodies and every log line.', schema: { type: 'string' } },
        RetryAfter: {
          description: 'Whole seconds (at least 1) until the caller is served again.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Error messages in English when it prefers `en`; zh-CN otherwise.',
          schema: { type: 'string' },
        },
      },
      responses: errorResponseComponents(),
      schemas: { ...answerComponents(), ...requestComponents(today) },
    },
  };
}
