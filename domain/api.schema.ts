// What the HTTP API answers (SPEC §9), as zod schemas: the case as read, timeline events, list
// envelopes, the integrity report, statistics, the error shape, and the path parameters. Request
// bodies and query strings have their own schemas (complaint.schema.ts, actions.schema.ts,
// queries.schema.ts), which the handlers validate with; these describe answers. GET /openapi.json
// is generated from both, so the document and the code cannot drift apart silently
// (test/unit/openapi.test.ts checks these against what the handlers build).

import * as z from 'zod';
import { COUNTY_CODES, PATENT_TYPES, PATHS, RIGHT_KINDS, ROLES, STATUSES, type CountyCode } from './model.ts';
import { CASE_NUMBER, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, cursorSchema, limitSchema } from './queries.schema.ts';
import { DEADLINE_KINDS } from './deadlines.ts';

const COUNTIES = Object.keys(COUNTY_CODES) as [CountyCode, ...CountyCode[]];

/** Timestamps the system writes: ISO 8601 in UTC (`Date.prototype.toISOString`). */
const timestamp = z.iso.datetime();
const isoDate = z.iso.date();
const count = z.int().min(0);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const caseId = z.guid().describe('Case id (a UUID).');

// ---------------------------------------------------------------------------------------------
// Path parameters

export const caseIdParamSchema = caseId;
export const pathParamSchema = z.enum(PATHS).describe('One of the four paths; any other value is 404.');
/** The Idempotency-Key header of POST /complaints. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/)
  .describe(
    '1–200 printable ASCII characters. The same key and body answer the first answer again; a different body is 422; a retry while the first is still running is 409.',
  );

export const creditCodeParamSchema = z
  .string()
  .describe('Unified social credit code (GB 32100-2015) of the respondent; the check character is verified.');

// ---------------------------------------------------------------------------------------------
// Small answers

export const healthSchema = z.object({ status: z.literal('ok') });

/** 202 to POST /complaints (and the same answer again for a repeated Idempotency-Key). */
export const submittedSchema = z.object({
  caseId,
  caseNumber: z.string().regex(CASE_NUMBER).describe('Human-readable, sequential per year: AKIP-2026-000123.'),
  status: z.literal('submitted'),
});

// ---------------------------------------------------------------------------------------------
// The case as read (GET /cases/{caseId}; also the answer to claims and actions)

const contactSchema = z
  .object({ phone: z.string().optional(), email: z.string().optional() })
  .describe('In full to the owner, the assigned handler and the supervisor; masked for other readers (139****0549, p***@example.cn).');

export const complainantViewSchema = z
  .object({
    type: z.enum(['enterprise', 'individual']),
    name: z.string(),
    creditCode: z.string().optional(),
    idNumber: z
      .string()
      .optional()
      .describe('Resident ID; masked (6109**********123X) for every reader but the owner and the assigned handler.'),
    contact: contactSchema,
  })
  .describe('The complainant as filed, normalised.');

export const rightViewSchema = z.object({
  kind: z.enum(RIGHT_KINDS),
  number: z.string().describe('Normalised: patent numbers as YYYYTSSSSSSS.C, trademark numbers upper-case.'),
  title: z.string(),
  holder: z.string(),
  patentType: z.enum(PATENT_TYPES).optional(),
  validUntil: isoDate.optional(),
});

export const respondentViewSchema = z.object({
  name: z.string(),
  creditCode: z.string().optional(),
  address: z
    .string()
    .optional()
    .describe(
      'In full to the assigned handler and the supervisor; for other readers cut to the county (广东省深圳市南山区), or the case’s county when it names no city or county.',
    ),
  onlineStoreUrl: z.string().optional(),
});

export const evidenceViewSchema = z.object({
  title: z.string(),
  sha256: sha256Hex,
  sizeBytes: count,
  mediaType: z.string(),
  collectedAt: z.iso.datetime({ offset: true }).optional(),
});

export const flagsSchema = z.object({
  repeatRespondent: z.boolean(),
  possibleDuplicate: z.boolean().describe('An open case with the same complainant, right number and respondent was found at intake.'),
  possibleDuplicateOf: caseId
    .nullable()
    .describe('That case, only to readers who may read it (a rights holder: only its own); null otherwise (SPEC §2.1).'),
  overdue: z.boolean(),
});

export const deadlineSchema = z
  .object({
    kind: z.enum(DEADLINE_KINDS),
    dueAt: timestamp.describe('End of the due day in China Standard Time, as a UTC timestamp.'),
    overdue: z.boolean(),
    extended: z.boolean(),
    calendarIncomplete: z.boolean().optional().describe('The working-day calendar did not cover the period: weekends only were skipped.'),
  })
  .describe('The current clock (SPEC §6); past clocks are in the timeline.');

export const outcomeSchema = z
  .looseObject({
    kind: z
      .string()
      .describe(
        'judicially_confirmed_agreement, mediation_agreement, mediation_failed, award, notarial_certificate, decision, rejected, withdrawn or transferred',
      ),
    at: timestamp,
    againstRespondent: z.boolean().optional().describe('Counts towards the repeat-respondent rule.'),
    reason: z.string().nullable().optional(),
    transferredTo: z.enum(['police', 'litigation']).optional(),
    policeDecision: z
      .object({ accepted: z.boolean(), reason: z.string().nullable(), at: timestamp })
      .nullable()
      .optional()
      .describe('On a case transferred to police: null until the police record their decision.'),
  })
  .describe('How the case ended, with the fields of its kind (award number, decision number, certificate number, …).');

export const caseViewSchema = z
  .object({
    caseId,
    caseNumber: z.string().regex(CASE_NUMBER),
    status: z.enum(STATUSES),
    path: z.enum(PATHS).nullable().describe('Null until triage has routed the case.'),
    stage: z
      .string()
      .nullable()
      .describe(
        "The path's own step: awaiting_consent, consented, session_scheduled, agreement_reached, judicial_confirmation_requested, failed, acceptance_review, accepted, hearing_scheduled, evidence_preserved, filing_review, filed, and the final stages.",
      ),
    complainant: complainantViewSchema,
    respondent: respondentViewSchema,
    right: rightViewSchema,
    countyCode: z.enum(COUNTIES),
    description: z.string(),
    claims: z.object({ stopInfringement: z.boolean(), damagesCny: count.optional() }),
    evidence: z.array(evidenceViewSchema),
    preferredPath: z.enum(PATHS).nullable(),
    flags: flagsSchema,
    priority: z.int().describe('Work-queue priority, higher first.'),
    deadline: deadlineSchema.nullable(),
    outcome: outcomeSchema.nullable(),
    assignee: z.string().nullable().describe('The `sub` of the handler who claimed the case.'),
    parentCaseId: caseId
      .nullable()
      .describe(
        'On a linked evidence-preservation case: the case that opened it — only to the owner, court, procuratorate and supervisor; null for everyone else, and on any other case (SPEC §2).',
      ),
    linkedCaseIds: z
      .array(caseId)
      .describe(
        'The evidence-preservation cases this case opened (on notarization) — only to the owner, court, procuratorate, supervisor and notaries; empty for everyone else (SPEC §2).',
      ),
    version: count.describe('Bumped by every change; send it back as `expectedVersion`.'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .describe('A case as its reader may see it (SPEC §9).');

// ---------------------------------------------------------------------------------------------
// Lists, timeline, integrity

/** Every list answers `{items, nextCursor}`; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Opaque; pass as `cursor` for the next page. Null on the last page.'),
  });
}

export const casePageSchema = pageSchema(caseViewSchema);

const fullEventSchema = z.object({
  seq: z.int().min(1),
  at: timestamp,
  type: z.string().describe('submitted, routed, queued, claimed, an action name, deadline_overdue, …'),
  actor: z.object({ role: z.enum([...ROLES, 'system']), sub: z.string() }),
  data: z.record(z.string(), z.unknown()),
  prevHash: sha256Hex.describe('The previous event’s hash; 64 zeros before the first event.'),
  hash: sha256Hex.describe('SHA-256 of the event’s canonical JSON (sorted keys, with the case id) without `hash`.'),
});

export const internalEventStubSchema = z
  .strictObject({
    seq: z.int().min(1),
    at: timestamp,
    type: z.literal('internal'),
    prevHash: sha256Hex,
    hash: sha256Hex.describe('The hidden event’s hash: the next event’s `prevHash` still links to it.'),
  })
  .describe(
    'An event the reader may not see (a note or supervision opinion, to a party; an event naming a duplicate or related case the reader is not given), kept in the chain (SPEC §2.1).',
  );

export const timelineEventSchema = z.union([fullEventSchema, internalEventStubSchema]);

export const timelinePageSchema = pageSchema(timelineEventSchema).describe('Events, oldest first.');

export const integritySchema = z
  .discriminatedUnion('valid', [
    z.object({ valid: z.literal(true), events: count, head: sha256Hex }),
    z.object({ valid: z.literal(false), events: count, brokenAt: z.int().min(1).describe('seq of the first broken event') }),
  ])
  .describe('The hash chain recomputed over every stored event (SPEC §8).');

// ---------------------------------------------------------------------------------------------
// Statistics (GET /stats), the respondent view, dead letters

/** An object with exactly these keys, each holding `value`. */
function keyed<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

export const statsSchema = z.object({
  total: count,
  byStatus: keyed(STATUSES, count),
  byPath: keyed(PATHS, count),
  byRightKind: keyed(RIGHT_KINDS, count),
  byCounty: keyed(COUNTIES, count),
  medianDaysToResolution: keyed(PATHS, z.number().min(0).nullable()).describe('Null for a path with no resolved case.'),
  overdue: count.describe('Open cases past their deadline.'),
  asOf: timestamp,
});

/** One case in a respondent's history: enough to follow it up, no complainant details. */
export const respondentCaseSchema = z.object({
  caseId,
  caseNumber: z.string().regex(CASE_NUMBER),
  status: z.enum(STATUSES),
  path: z.enum(PATHS).nullable(),
  stage: z.string().nullable(),
  createdAt: timestamp,
  outcome: outcomeSchema.nullable(),
});

export const respondentHistorySchema = z
  .object({
    creditCode: z.string(),
    name: z.string().describe('The name on the newest case.'),
    cases: z
      .array(respondentCaseSchema)
      .describe('Newest first; one page. Court, procuratorate and supervisor get every case; other readers only the cases they may read.'),
    counts: z
      .object({
        total: count,
        open: count.describe('Not in a final status.'),
        resolvedAgainst: count.describe('Resolved against the respondent (agreement, award against, infringement established).'),
      })
      .describe('Over all of the respondent’s cases, whoever reads: they name no case.'),
    resolvedAgainst: count.describe('The same as `counts.resolvedAgainst`.'),
    repeatRespondent: z.boolean().describe('resolvedAgainst ≥ 2 (SPEC §5).'),
    nextCursor: z.string().nullable().describe('Opaque; pass as `cursor` for the next page of `cases`. Null on the last page.'),
  })
  .describe("The respondent's case history and repeat flag (credit-system view).");

/** The pipeline's queues, each with its dead-letter queue. */
export const QUEUE_IDS = ['intake', ...PATHS] as const;
const queueId = z.enum(QUEUE_IDS);
/** SQS message ids are UUIDs in practice; the API only bounds their shape. */
const messageId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/)
  .describe('The SQS message id, as listed by GET /dead-letters.');

/** Query string of GET /dead-letters. */
export const deadLetterQuerySchema = z.strictObject({
  queue: queueId.optional().describe('Only this queue’s dead-letter queue; omit for every queue.'),
  limit: limitSchema(DEFAULT_PAGE_SIZE).describe(
    `At most this many messages (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}). SQS cannot page a queue: this caps the answer, and \`nextCursor\` is always null — \`depth\` tells how many are waiting.`,
  ),
  cursor: cursorSchema.describe('Never valid: the answer has no next page (`nextCursor` is always null).'),
});

export const failureSchema = z
  .object({
    name: z.string().describe('The error class, e.g. `Error`, `WriteConflict`.'),
    message: z.string().describe('The error message (at most 500 characters); never a stack or the message body.'),
  })
  .describe('The last error the queue function reported for this message.');

export const deadLetterSchema = z
  .object({
    queue: queueId.describe('The queue the message was dead-lettered from (and is redriven to).'),
    messageId: z
      .string()
      .describe('The id of the message in the dead-letter queue: what POST /dead-letters/redrive takes in `messageIds`.'),
    caseId: caseId.nullable().describe('The case the message routes; null if the body is not a routing message.'),
    body: z
      .object({ caseId, path: z.enum(PATHS).optional() })
      .nullable()
      .describe('The parsed routing message (the pipeline’s own messages carry no personal data); null if it does not parse.'),
    error: failureSchema.nullable().describe('Null when no failure was recorded (e.g. the function timed out on the whole batch).'),
    attempts: count.nullable().describe('Failed deliveries recorded, over every redrive of the message.'),
    receiveCount: count.nullable().describe('The source queue’s receive count at the last recorded failure.'),
    firstFailedAt: timestamp.nullable(),
    lastFailedAt: timestamp.nullable(),
    redrivenAt: timestamp.nullable().describe('When the message was last redriven, if it was before.'),
    sentAt: timestamp.nullable().describe('When SQS accepted the message (SentTimestamp).'),
  })
  .describe('A poison message in a dead-letter queue, joined with its failure record.');

/** Approximate messages per dead-letter queue read (SQS ApproximateNumberOfMessages + …NotVisible). */
const depthSchema = z.partialRecord(queueId, count);

export const deadLetterPageSchema = z
  .object({
    items: z.array(deadLetterSchema).describe('Oldest first, at most `limit`.'),
    nextCursor: z.null().describe('Always null: SQS cannot page a queue; `limit` caps the answer.'),
    depth: depthSchema.describe(
      'Approximate number of messages in each dead-letter queue read, visible or in flight (being looked at or redriven); may exceed what `items` shows.',
    ),
  })
  .describe(
    'Dead-lettered messages, read without consuming them (receive with visibility timeout 0, a bounded number of calls, de-duplicated): a deep queue may show only a sample.',
  );

export const redriveRequestSchema = z
  .strictObject({
    queue: queueId.optional().describe('Only this queue’s dead-letter queue; omit for every queue.'),
    messageIds: z
      .array(messageId)
      .min(1)
      .max(100)
      .optional()
      .describe('Only these messages (ids from GET /dead-letters); omit to redrive up to 100 messages.'),
  })
  .describe(
    'Moves dead-lettered messages back to their source queue: sent there with the same body, then deleted from the dead-letter queue.',
  );

export const redriveResultSchema = z
  .object({
    redriven: count.describe('Messages sent back to their source queue.'),
    byQueue: z.partialRecord(queueId, count).describe('Messages redriven per queue read.'),
    notFound: z.array(z.string()).describe('Requested `messageIds` not seen in the dead-letter queues (already moved, or never there).'),
  })
  .describe('What was redriven. Asking again is harmless: a message already moved is simply not found.');

// ---------------------------------------------------------------------------------------------
// Errors

/** SPEC §9 error codes, with their HTTP status. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

const currentStateSchema = z.object({ status: z.enum(STATUSES), stage: z.string().nullable(), version: count });

export const errorDetailSchema = z.looseObject({
  path: z.string().describe('JSON path of the rejected field, e.g. `evidence[3].sha256`.'),
  message: z.string(),
  reason: z.string().optional().describe('On a conflict: the rule that refused the action.'),
  status: z.enum(STATUSES).optional(),
  stage: z.string().nullable().optional(),
  version: count.optional(),
});

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().describe('zh-CN by default; English when Accept-Language prefers en.'),
      details: z.array(errorDetailSchema),
      requestId: z.string(),
      current: currentStateSchema
        .optional()
        .describe('On 409 CONFLICT from an action or claim: the case’s current status, stage and version.'),
    }),
  })
  .describe('Every 4xx and 5xx answer (SPEC §9).');
