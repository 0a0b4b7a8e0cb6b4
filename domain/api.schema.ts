// What the HTTP API answers (SPEC §9), as zod schemas: the case as read, timeline events, list
// envelopes, the integrity report, statistics, the error shape, and the path parameters. Request
// bodies and query strings have their own schemas (complaint.schema.ts, actions.schema.ts,
// queries.schema.ts, dead-letters.schema.ts), which the handlers validate with; these describe
// answers. GET /openapi.json is generated from both, so the document and the code cannot drift apart
// silently (test/unit/openapi.test.ts checks these against what the handlers build).
// Written with zod/mini (checks as functions; `.check(z.describe(…))` where classic zod says `.describe(…)`).

import { AGENCIES, ENFORCEMENT_MATTERS, LEAD_SOURCES } from './agencies.ts';
import { OFFICER_PATHS } from './stats.ts';
import * as z from 'zod/mini';
import { COMPLAINANT_TYPES, COUNTY_CODES, PATENT_TYPES, PATHS, RIGHT_KINDS, ROLES, STATUSES, ZONES, type CountyCode } from './model.ts';
import { CASE_NUMBER } from './queries.schema.ts';
import { MESSAGE_CHANNELS } from './access.ts';
import { queueId } from './dead-letters.schema.ts';
import { DEADLINE_KINDS } from './deadlines.ts';
import { DRAW_PROCEDURE } from './inspection-draw.ts';
import { INSPECTION_RESULTS, INSPECTION_STATUSES, MAX_PUBLIC_VALUE_NUMBERS } from './inspections.schema.ts';
import { isoDate as isoDateFormat, isoDateTime } from './fields.schema.ts';

// The dead-letter requests' schemas, where their importers have found them so far.
export { QUEUE_IDS, deadLetterQuerySchema, redriveRequestSchema } from './dead-letters.schema.ts';

const COUNTIES = Object.keys(COUNTY_CODES) as [CountyCode, ...CountyCode[]];

/** Timestamps the system writes: ISO 8601 in UTC (`Date.prototype.toISOString`). */
const timestamp = isoDateTime();
const isoDate = isoDateFormat();
const count = z.int().check(z.gte(0));
const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const caseId = z.guid().check(z.describe('Case id (a UUID).'));

// ---------------------------------------------------------------------------------------------
// Path parameters

export const caseIdParamSchema = caseId;
export const pathParamSchema = z.enum(PATHS).check(z.describe('One of the four paths; any other value is 404.'));
/** The Idempotency-Key header of POST /complaints. */
export const idempotencyKeySchema = z
  .string()
  .check(
    z.regex(/^[\x21-\x7e]{1,200}$/),
    z.describe(
      '1–200 printable ASCII characters. The same key and body answer the first answer again; a different body is 422; a retry while the first is still running is 409.',
    ),
  );

export const creditCodeParamSchema = z
  .string()
  .check(z.describe('Unified social credit code (GB 32100-2015) of the respondent; the check character is verified.'));

// ---------------------------------------------------------------------------------------------
// Small answers

export const healthSchema = z.object({ status: z.literal('ok') });

/** 202 to POST /complaints (and the same answer again for a repeated Idempotency-Key). */
export const submittedSchema = z.object({
  caseId,
  caseNumber: z.string().check(z.regex(CASE_NUMBER), z.describe('Human-readable, sequential per year: AKIP-2026-000123.')),
  status: z.literal('submitted'),
});

// ---------------------------------------------------------------------------------------------
// The case as read (GET /cases/{caseId}; also the answer to claims and actions)

const contactSchema = z
  .object({
    phone: z
      .optional(z.string())
      .check(z.describe('Mainland: 11-digit mobile or area-local landline; v2 international: E.164 (+49301234567).')),
    email: z.optional(z.string()),
    language: z.optional(z.enum(['zh-CN', 'en'])).check(z.describe('v2: the language of the complainant’s notices (SPEC §11).')),
  })
  .check(
    z.describe('In full to the owner, the assigned handler and the supervisor; masked for other readers (139****0549, p***@example.cn).'),
  );

export const complainantViewSchema = z
  .object({
    type: z.enum(COMPLAINANT_TYPES),
    name: z.string(),
    creditCode: z.optional(z.string()),
    idNumber: z
      .optional(z.string())
      .check(z.describe('Resident ID; masked (6109**********123X) for every reader but the owner and the assigned handler.')),
    // v2 (SPEC §3): foreign complainants.
    registrationNumber: z
      .optional(z.string())
      .check(z.describe('A foreign enterprise’s registration number, as filed; not personal data: shown to every reader.')),
    passportNumber: z
      .optional(z.string())
      .check(
        z.describe('A foreign individual’s passport number; masked (NW*****P3) for every reader but the owner and the assigned handler.'),
      ),
    country: z.optional(z.string()).check(z.describe('ISO 3166-1 alpha-2 country or region of a foreign complainant.')),
    contact: contactSchema,
  })
  .check(z.describe('The complainant as filed, normalised.'));

export const rightViewSchema = z.object({
  kind: z.enum(RIGHT_KINDS),
  number: z.string().check(z.describe('Normalised: patent numbers as YYYYTSSSSSSS.C, trademark numbers upper-case.')),
  title: z.string(),
  holder: z.string(),
  patentType: z.optional(z.enum(PATENT_TYPES)),
  validUntil: z.optional(isoDate),
});

export const respondentViewSchema = z.object({
  name: z.string(),
  creditCode: z.optional(z.string()),
  address: z
    .optional(z.string())
    .check(
      z.describe(
        'In full to the assigned handler and the supervisor; for other readers cut to the county (广东省深圳市南山区), or the case’s county when it names no city or county.',
      ),
    ),
  onlineStoreUrl: z.optional(z.string()),
});

export const evidenceViewSchema = z.object({
  title: z.string(),
  sha256: sha256Hex,
  sizeBytes: count,
  mediaType: z.string(),
  collectedAt: z.optional(isoDateTime({ offset: true })),
});

export const flagsSchema = z.object({
  repeatRespondent: z.boolean(),
  possibleDuplicate: z
    .boolean()
    .check(z.describe('An open case with the same complainant, right number and respondent was found at intake.')),
  possibleDuplicateOf: z
    .nullable(caseId)
    .check(z.describe('That case, only to readers who may read it (a rights holder: only its own); null otherwise (SPEC §2.1).')),
  overdue: z.boolean(),
  supervisionOverdue: z
    .boolean()
    .check(
      z.describe('A supervision order or an opinion requiring a reply is past its due time unanswered; false for the parties (SPEC §2.1).'),
    ),
});

export const deadlineSchema = z
  .object({
    kind: z.enum(DEADLINE_KINDS),
    dueAt: timestamp.check(z.describe('End of the due day in China Standard Time, as a UTC timestamp.')),
    overdue: z.boolean(),
    extended: z.boolean(),
    calendarIncomplete: z
      .optional(z.boolean())
      .check(z.describe('The working-day calendar did not cover the period: weekends only were skipped.')),
    reminded: z.optional(z.boolean()).check(z.describe('The assignee was reminded the working day before it falls due.')),
    startedOn: z
      .optional(z.string())
      .check(
        z.describe(
          'v2: the CST date (YYYY-MM-DD) the period counts from, kept to count the clock again when the calendar changes. Absent on clocks from before v2.',
        ),
      ),
    extension: z
      .optional(z.object({ unit: z.enum(['working_days', 'calendar_days', 'months']), amount: z.int() }))
      .check(z.describe('v2: what an extension added, counted from the due date before it.')),
    paused: z
      .optional(z.nullable(z.object({ since: z.string(), reason: z.string() })))
      .check(
        z.describe(
          'v2 (SPEC §12): the clock is stopped since that CST day (testing, appraisal, hearing, public notice): it does not run out.',
        ),
      ),
    suspended: z
      .optional(z.int())
      .check(z.describe('v2: days earlier pauses took out of the clock (working days for a working-day clock, else calendar days).')),
  })
  .check(z.describe('The current clock (SPEC §6); past clocks are in the timeline.'));

export const outcomeSchema = z
  .looseObject({
    kind: z
      .string()
      .check(
        z.describe(
          'judicially_confirmed_agreement, mediation_agreement, mediation_failed, award, notarial_certificate, decision, rejected, withdrawn or transferred',
        ),
      ),
    at: timestamp,
    againstRespondent: z.optional(z.boolean()).check(z.describe('Counts towards the repeat-respondent rule.')),
    reason: z.optional(z.nullable(z.string())),
    transferredTo: z.optional(z.enum(['police', 'litigation'])),
    policeDecision: z
      .optional(z.nullable(z.object({ accepted: z.boolean(), reason: z.nullable(z.string()), at: timestamp })))
      .check(z.describe('On a case transferred to police: null until the police record their decision.')),
  })
  .check(z.describe('How the case ended, with the fields of its kind (award number, decision number, certificate number, …).'));

const signatureSchema = z.object({
  at: timestamp,
  mode: z.enum(['online', 'offline']).check(z.describe('online: signed in; offline: on paper, recorded by the handler.')),
  reference: z.optional(z.string().check(z.describe('The paper record, for an offline signature.'))),
});

export const caseViewSchema = z
  .object({
    caseId,
    caseNumber: z.string().check(z.regex(CASE_NUMBER)),
    status: z.enum(STATUSES),
    path: z.nullable(z.enum(PATHS)).check(z.describe('Null until triage has routed the case.')),
    stage: z
      .nullable(z.string())
      .check(
        z.describe(
          "The path's own step: awaiting_consent, consented, session_scheduled, agreement_reached, judicial_confirmation_requested, failed, acceptance_review, accepted, hearing_scheduled, evidence_preserved, filing_review, filed, and the final stages.",
        ),
      ),
    complainant: z.nullable(complainantViewSchema).check(z.describe('Null on a case an officer opened without a complainant (SPEC §12).')),
    respondent: respondentViewSchema,
    right: rightViewSchema,
    countyCode: z.enum(COUNTIES),
    zone: z.nullable(z.enum(ZONES)).check(z.describe('v2: the protection pilot area named in the complaint; null when none.')),
    description: z.string(),
    claims: z.object({ stopInfringement: z.boolean(), damagesCny: z.optional(count) }),
    evidence: z.array(evidenceViewSchema),
    preferredPath: z.nullable(z.enum(PATHS)),
    flags: flagsSchema,
    priority: z.int().check(z.describe('Work-queue priority, higher first.')),
    deadline: z.nullable(deadlineSchema),
    outcome: z.nullable(outcomeSchema),
    assignee: z.nullable(z.string()).check(z.describe('The `sub` of the handler who claimed the case.')),
    respondentParty: z
      .nullable(z.object({ joinedAt: timestamp }))
      .check(z.describe('When the respondent joined the case online with its invitation code (SPEC §10); null until then.')),
    invitation: z
      .nullable(z.object({ invitedAt: timestamp, expiresAt: timestamp, channels: z.array(z.enum(['email', 'sms'])) }))
      .check(z.describe('The respondent’s current invitation, never its code (sent by the notices only).')),
    agreement: z
      .nullable(
        z.object({
          termsSha256: z.string().check(z.describe('SHA-256 of the terms as recorded (the `record_agreement` event’s `terms`), hex.')),
          recordedAt: timestamp,
          signatures: z.object({ complainant: z.nullable(signatureSchema), respondent: z.nullable(signatureSchema) }),
          applications: z
            .object({ complainant: z.nullable(timestamp), respondent: z.nullable(timestamp) })
            .check(z.describe('When each party applied for judicial confirmation: the joint application needs both.')),
        }),
      )
      .check(z.describe('The mediation agreement from `record_agreement` on (SPEC §10).')),
    extensionConsent: z
      .nullable(z.object({ at: timestamp }))
      .check(
        z.describe('The joined respondent’s consent to extend the mediation (`consent_extension`), until `extend_mediation` uses it.'),
      ),
    extensionRequest: z
      .nullable(
        z.object({
          seq: z.int().check(z.describe('The `request_extension` event.')),
          days: z.int(),
          clock: z.optional(z.string()).check(z.describe('v2 (SPEC §12): the clock it extends; absent on requests stored before.')),
          requestedAt: timestamp,
          requestedBy: z.string(),
          status: z.enum(['pending', 'approved', 'denied']),
          decidedAt: z.nullable(timestamp),
          decidedBy: z.nullable(z.string()).check(z.describe('The supervisor who decided, as authenticated.')),
        }),
      )
      .check(z.describe('The request to extend the decision clock (SPEC §4 v2), once per case; null for the parties.')),
    supervision: z
      .array(
        z.object({
          seq: z.int().check(z.describe('The event that issued the order or opinion; a reply names it.')),
          kind: z.enum(['order', 'opinion']),
          dueAt: timestamp,
          overdue: z.boolean(),
          repliedAt: z.nullable(timestamp),
        }),
      )
      .check(
        z.describe('Supervision orders (督办) and opinions requiring a reply, each with its clock (SPEC §4 v2); empty for the parties.'),
      ),
    parentCaseId: z
      .nullable(caseId)
      .check(
        z.describe(
          'On a linked evidence-preservation case: the case that opened it — only to the owner, court, procuratorate and supervisor; null for everyone else, and on any other case (SPEC §2).',
        ),
      ),
    linkedCaseIds: z
      .array(caseId)
      .check(
        z.describe(
          'The evidence-preservation cases this case opened (on notarization) — only to the owner, court, procuratorate, supervisor and notaries; empty for everyone else (SPEC §2).',
        ),
      ),
    enforcement: z
      .nullable(
        z.object({
          agency: z.enum(AGENCIES),
          matter: z.enum(ENFORCEMENT_MATTERS),
          lead: z.optional(z.object({ source: z.enum(LEAD_SOURCES), reference: z.string(), receivedOn: z.string() })),
          investigators: z.optional(z.array(z.string())),
          inspections: z.optional(
            z.array(z.object({ seq: z.int(), at: z.string(), officers: z.array(z.string()), evidenceSha256: z.array(z.string()) })),
          ),
        }),
      )
      .check(
        z.describe(
          'v2 (SPEC §12): an administrative enforcement case’s agency and matter; for staff also the lead of a case an officer opened, the investigating officers and the inspection records.',
        ),
      ),
    intake: z
      .nullable(
        z.object({
          channel: z.enum(['paper', 'workstation']),
          reference: z.string().check(z.describe('The paper record’s number.')),
          receivedAt: z.string().check(z.describe('The day the complaint reached the office (YYYY-MM-DD).')),
          enteredBy: z.object({ role: z.string(), sub: z.string() }),
          enteredAt: timestamp,
          takeover: z.object({
            expiresAt: timestamp,
            takenOverAt: z.nullable(timestamp).check(z.describe('When the complainant took the case over online; null until then.')),
          }),
        }),
      )
      .check(
        z.describe(
          'Offline intake (线上线下): a complaint staff registered on the complainant’s behalf, who entered it and the paper record; null for a complaint filed online. Never the takeover code.',
        ),
      ),
    version: count.check(z.describe('Bumped by every change; send it back as `expectedVersion`.')),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .check(z.describe('A case as its reader may see it (SPEC §9).'));

// ---------------------------------------------------------------------------------------------
// Lists, timeline, integrity

/** Every list answers `{items, nextCursor}`; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.nullable(z.string()).check(z.describe('Opaque; pass as `cursor` for the next page. Null on the last page.')),
  });
}

export const casePageSchema = pageSchema(caseViewSchema);

/** An entry of the public register of penalty decisions (SPEC §12 一公开): no contact data, natural persons masked. */
export const publicDecisionSchema = z
  .object({
    decisionNumber: z.string(),
    decidedOn: z.string().check(z.describe('The decision’s day (YYYY-MM-DD, China Standard Time).')),
    agency: z.enum(AGENCIES),
    matter: z.enum(ENFORCEMENT_MATTERS),
    respondent: z.object({
      name: z.string().check(z.describe('A natural person’s name is masked (张*).')),
      creditCode: z.nullable(z.string()),
      naturalPerson: z.boolean(),
    }),
    violation: z.string(),
    penalty: z.object({ fineCny: z.nullable(count), confiscation: z.nullable(z.string()), orders: z.array(z.string()) }),
    publishedAt: timestamp,
  })
  .check(z.describe('A penalty decision as the public register shows it.'));
export const publicDecisionPageSchema = pageSchema(publicDecisionSchema);

const creditStatus = z.enum(['none', 'candidate', 'under_review', 'listed', 'dropped', 'removed', 'expired']);
const creditDecision = z.object({ kind: z.enum(['penalty', 'decision', 'award']), documentNumber: z.string(), at: timestamp });

/** A respondent on the public credit list (SPEC §12): who, for how long, why, and the decisions it rests on. */
export const publicCreditEntrySchema = z.object({
  creditCode: z.string(),
  name: z.string(),
  listedAt: z.nullable(timestamp),
  listedUntil: z.nullable(timestamp),
  reason: z.nullable(z.string()),
  decisions: z.array(creditDecision),
});
export const publicCreditListSchema = z.object({ asOf: timestamp, items: z.array(publicCreditEntrySchema) });

/** A credit-list entry as the agencies read it (SPEC §12), with its hash-chained events on GET /credit-list/{creditCode}. */
export const creditEntrySchema = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    status: creditStatus.check(z.describe('`expired`: listed, and its period is over (read at the request’s time).')),
    source: z.enum(['automatic', 'nomination']),
    findings: z.array(
      z.object({
        caseId,
        caseNumber: z.string(),
        kind: z.enum(['penalty', 'decision', 'award']),
        documentNumber: z.string(),
        at: timestamp,
      }),
    ),
    statementDueAt: z.nullable(timestamp),
    statementReceivedAt: z.nullable(timestamp),
    listedAt: z.nullable(timestamp),
    listedUntil: z.nullable(timestamp),
    reason: z.nullable(z.string()),
    repairAppliedAt: z.nullable(timestamp),
    version: count,
    updatedAt: timestamp,
    events: z.optional(z.array(z.looseObject({ seq: z.int(), at: timestamp, type: z.string(), prevHash: z.string(), hash: z.string() }))),
  })
  .check(z.describe('A respondent’s credit-list entry (SPEC §12).'));
export const creditEntryListSchema = z.object({ items: z.array(creditEntrySchema) });

// ---------------------------------------------------------------------------------------------
// Random inspections (SPEC §13 双随机、一公开): the round as the agencies read it, the rounds' pages
// (GET /inspections and GET /public/inspections), and the public record of one round.

const inspectionId = z.guid().check(z.describe('Inspection round id (a UUID).'));
const inspectionStatus = z
  .enum(INSPECTION_STATUSES)
  .check(
    z.describe(
      '`planned`: frozen, its hash public, not drawn; `drawn`: targets and inspectors known; `completed`: every drawn target has its result.',
    ),
  );
const inspectionResultKind = z.enum(INSPECTION_RESULTS);
const inspectionTarget = z.object({ creditCode: z.string(), name: z.string() });
const inspectionActor = z
  .object({
    role: z.enum([...ROLES, 'system']),
    sub: z.string(),
    agency: z.optional(z.enum(AGENCIES)).check(z.describe('An officer’s agency, as its token carried it.')),
    lead: z.optional(z.boolean()).check(z.describe('An officer who leads its agency’s inspections, as its token carried it.')),
  })
  .check(z.describe('Who did it, as authenticated.'));

export const inspectionIdParamSchema = inspectionId;

/** What is frozen and hashed before the draw (domain/inspection-draw.ts `FrozenPlan`). */
export const frozenInspectionPlanSchema = z
  .object({
    procedure: z.literal(DRAW_PROCEDURE).check(z.describe('The version of the draw procedure the round is drawn by.')),
    inspectionId,
    name: z.string(),
    agency: z.enum(AGENCIES),
    frozenAt: timestamp,
    targets: z
      .array(inspectionTarget)
      .check(
        z.describe(
          'Who may be drawn: listed, or resolved when frozen from the filter (the respondents of the agency’s penalty decisions in the public register, named as their newest decision names them); by credit code.',
        ),
      ),
    targetCount: z.int().check(z.gte(1), z.describe('How many targets are drawn.')),
    inspectors: z.array(z.string()).check(z.describe('The officers (`sub`) who may be drawn, sorted.')),
    inspectorsPerTarget: z.int().check(z.gte(2)),
    recusals: z
      .array(z.object({ creditCode: z.string(), inspector: z.string() }))
      .check(z.describe('Pairs never drawn together, by credit code then inspector.')),
    publicValueSource: z.string().check(z.describe('Where the draw’s public value will come from, fixed before the draw.')),
    publicValueNumbers: z
      .int()
      .check(
        z.gte(1),
        z.lte(MAX_PUBLIC_VALUE_NUMBERS),
        z.describe('How many numbers the public value has: the draw takes exactly that many, written the one way (see `publicValue`).'),
      ),
  })
  .check(z.describe('The frozen plan; `planText` is its canonical JSON (sorted keys) and `planHash` the SHA-256 of that text.'));

export const drawnInspectionTargetSchema = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    inspectors: z
      .array(z.string())
      .check(z.describe('The officers (`sub`) drawn to inspect it, in draw order; never one recused from it.')),
  })
  .check(z.describe('A drawn target with its inspectors, in draw order.'));

const planText = z
  .string()
  .check(z.describe('The frozen plan as canonical JSON (a FrozenInspectionPlan): exactly the text `planHash` is the SHA-256 of.'));
const planHash = sha256Hex.check(z.describe('SHA-256 of `planText` (UTF-8), published before the draw.'));
const seed = sha256Hex.check(z.describe('SHA-256 of the text `planHash` ‖ `publicValue`: what the draw is derived from.'));
/** The public value as stored and published: its one written form, from which the seed is computed. */
const publicValue = z
  .string()
  .check(
    z.regex(/^(0|[1-9][0-9]*)(-(0|[1-9][0-9]*))*$/),
    z.describe(
      'The public value nobody knew when the plan was frozen (e.g. a lottery result), written the one way: its numbers — as many as the plan’s `publicValueNumbers` — without leading zeros, joined by `-` (the result 03 07 12 + 09 is `3-7-12-9`).',
    ),
  );

/** A round as the agencies read it: the frozen plan's text and the plan parsed, the draw, the results; with its events on GET. */
export const inspectionViewSchema = z
  .object({
    inspectionId,
    name: z.string(),
    agency: z.enum(AGENCIES),
    status: inspectionStatus,
    planText,
    planHash,
    plan: frozenInspectionPlanSchema,
    frozenAt: timestamp,
    createdBy: inspectionActor,
    draw: z
      .nullable(
        z.object({
          publicValue,
          publicValueReference: z.string().check(z.describe('Where it was published (issue number, address).')),
          seed,
          drawnAt: timestamp,
          drawnBy: inspectionActor,
          selected: z.array(drawnInspectionTargetSchema),
        }),
      )
      .check(z.describe('Null until the round is drawn.')),
    results: z
      .array(
        z.object({
          creditCode: z.string(),
          result: inspectionResultKind,
          inspectedOn: isoDate.check(z.describe('The day of the on-site inspection (China Standard Time).')),
          summary: z.string().check(z.describe('What was found, as published.')),
          evidenceSha256: z.array(sha256Hex),
          recordedAt: timestamp,
          recordedBy: inspectionActor,
          caseId: z.nullable(caseId).check(z.describe('`violation_found`: the enforcement case it opened; null otherwise.')),
          caseNumber: z.nullable(z.string().check(z.regex(CASE_NUMBER))),
        }),
      )
      .check(z.describe('One per drawn target whose result is recorded, in the order recorded.')),
    version: count.check(z.describe('Bumped by every change (plan, draw, each result).')),
    updatedAt: timestamp,
    events: z
      .optional(
        z.array(
          z.object({
            caseId: z.string().check(z.describe('The chain’s id, `inspection:<inspectionId>`, hashed with the event.')),
            seq: z.int().check(z.gte(1)),
            at: timestamp,
            type: z.string().check(z.describe('inspection_planned, inspection_drawn or inspection_result.')),
            actor: inspectionActor,
            data: z.record(z.string(), z.unknown()),
            prevHash: sha256Hex.check(z.describe('The previous event’s hash; 64 zeros before the first event.')),
            hash: sha256Hex.check(z.describe('SHA-256 of the event’s canonical JSON (sorted keys) without `hash`.')),
          }),
        ),
      )
      .check(z.describe('GET /inspections/{inspectionId} only: the round’s hash-chained audit events, oldest first.')),
  })
  .check(z.describe('A random inspection round (SPEC §13) as the supervisor and the agency’s officers read it.'));

/** A round in a list: no plan text, no draw (domain/inspections.ts `inspectionSummary`). */
export const inspectionSummarySchema = z
  .object({
    inspectionId,
    name: z.string(),
    agency: z.enum(AGENCIES),
    status: inspectionStatus,
    frozenAt: timestamp,
    planHash,
    targets: count.check(z.describe('Targets in the plan.')),
    targetCount: count.check(z.describe('Targets to be drawn.')),
    drawnAt: z.nullable(timestamp),
    results: count.check(z.describe('Results recorded so far.')),
  })
  .check(z.describe('A random inspection round in a list.'));
export const inspectionSummaryPageSchema = pageSchema(inspectionSummarySchema).check(z.describe('Rounds, newest first.'));

/** The public record of a round (SPEC §13 一公开): everything needed to rerun the draw; never who recorded a result or the case it opened. */
export const publicInspectionSchema = z
  .object({
    inspectionId,
    name: z.string(),
    agency: z.enum(AGENCIES),
    status: inspectionStatus,
    frozenAt: timestamp,
    planText,
    planHash,
    publicValueSource: z.string().check(z.describe('Where the public value comes from, fixed in the plan before the draw.')),
    draw: z
      .nullable(
        z.object({
          publicValue,
          publicValueReference: z.string(),
          seed,
          drawnAt: timestamp,
          selected: z.array(drawnInspectionTargetSchema),
        }),
      )
      .check(z.describe('Null until the round is drawn.')),
    results: z.array(
      z.object({
        creditCode: z.string(),
        result: inspectionResultKind,
        inspectedOn: isoDate,
        summary: z.string(),
        publishedAt: timestamp.check(z.describe('Published the moment it was recorded.')),
      }),
    ),
  })
  .check(
    z.describe(
      'A random inspection round as anyone reads it: the plan’s text and hash (before the draw too), the public value and its source, the seed, the draw and the results. The draw can be rerun from this record alone (`npm run verify-draw`).',
    ),
  );

const fullEventSchema = z.object({
  seq: z.int().check(z.gte(1)),
  at: timestamp,
  type: z.string().check(z.describe('submitted, routed, queued, claimed, an action name, deadline_overdue, …')),
  actor: z.object({ role: z.enum([...ROLES, 'system']), sub: z.string() }),
  data: z.record(z.string(), z.unknown()),
  prevHash: sha256Hex.check(z.describe('The previous event’s hash; 64 zeros before the first event.')),
  hash: sha256Hex.check(z.describe('SHA-256 of the event’s canonical JSON (sorted keys, with the case id) without `hash`.')),
});

export const internalEventStubSchema = z
  .strictObject({
    seq: z.int().check(z.gte(1)),
    at: timestamp,
    type: z.literal('internal'),
    prevHash: sha256Hex,
    hash: sha256Hex.check(z.describe('The hidden event’s hash: the next event’s `prevHash` still links to it.')),
  })
  .check(
    z.describe(
      'An event the reader may not see (a note or supervision opinion, to a party; an event naming a duplicate or related case the reader is not given), kept in the chain (SPEC §2.1).',
    ),
  );

export const timelineEventSchema = z.union([fullEventSchema, internalEventStubSchema]);

export const timelinePageSchema = pageSchema(timelineEventSchema).check(z.describe('Events, oldest first.'));

export const integritySchema = z
  .discriminatedUnion('valid', [
    z.object({ valid: z.literal(true), events: count, head: sha256Hex }),
    z.object({ valid: z.literal(false), events: count, brokenAt: z.int().check(z.gte(1), z.describe('seq of the first broken event')) }),
  ])
  .check(z.describe('The hash chain recomputed over every stored event (SPEC §8).'));

// ---------------------------------------------------------------------------------------------
// Statistics (GET /stats), the respondent view, dead letters

/** An object with exactly these keys, each holding `value`. */
function keyed<K extends string, V extends z.ZodMiniType>(keys: readonly K[], value: V) {
  return z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

export const statsSchema = z.object({
  total: count,
  byStatus: keyed(STATUSES, count),
  byPath: keyed(PATHS, count),
  byRightKind: keyed(RIGHT_KINDS, count),
  byCounty: keyed(COUNTIES, count),
  byZone: keyed(ZONES, count).check(
    z.describe('v2: cases attributed to each protection pilot area; a case without a zone is counted under none.'),
  ),
  byComplainantType: keyed(COMPLAINANT_TYPES, count).check(
    z.describe('v2: cases by complainant type, foreign enterprises and individuals included.'),
  ),
  byAgency: keyed(AGENCIES, keyed(OFFICER_PATHS, count)).check(
    z.describe("v2 (SPEC §12): each enforcement agency's cases on the officers' paths; adjudication is market regulation's alone."),
  ),
  medianDaysToResolution: keyed(PATHS, z.nullable(z.number().check(z.gte(0)))).check(z.describe('Null for a path with no resolved case.')),
  overdue: count.check(z.describe('Open cases past their deadline.')),
  asOf: timestamp,
});

/** One case in a respondent's history: enough to follow it up, no complainant details. */
export const respondentCaseSchema = z.object({
  caseId,
  caseNumber: z.string().check(z.regex(CASE_NUMBER)),
  status: z.enum(STATUSES),
  path: z.nullable(z.enum(PATHS)),
  stage: z.nullable(z.string()),
  createdAt: timestamp,
  outcome: z.nullable(outcomeSchema),
});

export const respondentHistorySchema = z
  .object({
    creditCode: z.string(),
    name: z.string().check(z.describe('The name on the newest case.')),
    cases: z
      .array(respondentCaseSchema)
      .check(
        z.describe(
          'Newest first; one page. Court, procuratorate and supervisor get every case; other readers only the cases they may read.',
        ),
      ),
    counts: z
      .object({
        total: count,
        open: count.check(z.describe('Not in a final status.')),
        resolvedAgainst: count.check(z.describe('Resolved against the respondent (agreement, award against, infringement established).')),
      })
      .check(z.describe('Over all of the respondent’s cases, whoever reads: they name no case.')),
    resolvedAgainst: count.check(z.describe('The same as `counts.resolvedAgainst`.')),
    repeatRespondent: z.boolean().check(z.describe('resolvedAgainst ≥ 2 (SPEC §5).')),
    nextCursor: z.nullable(z.string()).check(z.describe('Opaque; pass as `cursor` for the next page of `cases`. Null on the last page.')),
  })
  .check(z.describe("The respondent's case history and repeat flag (credit-system view)."));

export const failureSchema = z
  .object({
    name: z.string().check(z.describe('The error class, e.g. `Error`, `WriteConflict`.')),
    message: z.string().check(z.describe('The error message (at most 500 characters); never a stack or the message body.')),
  })
  .check(z.describe('The last error the queue function reported for this message.'));

export const deadLetterSchema = z
  .object({
    queue: queueId.check(z.describe('The queue the message was dead-lettered from (and is redriven to).')),
    messageId: z
      .string()
      .check(z.describe('The id of the message in the dead-letter queue: what POST /dead-letters/redrive takes in `messageIds`.')),
    caseId: z.nullable(caseId).check(z.describe('The case the message routes; null if the body is not a routing message.')),
    body: z
      .nullable(z.object({ caseId, path: z.optional(z.enum(PATHS)) }))
      .check(z.describe('The parsed routing message (the pipeline’s own messages carry no personal data); null if it does not parse.')),
    error: z
      .nullable(failureSchema)
      .check(z.describe('Null when no failure was recorded (e.g. the function timed out on the whole batch).')),
    attempts: z.nullable(count).check(z.describe('Failed deliveries recorded, over every redrive of the message.')),
    receiveCount: z.nullable(count).check(z.describe('The source queue’s receive count at the last recorded failure.')),
    firstFailedAt: z.nullable(timestamp),
    lastFailedAt: z.nullable(timestamp),
    redrivenAt: z.nullable(timestamp).check(z.describe('When the message was last redriven, if it was before.')),
    sentAt: z.nullable(timestamp).check(z.describe('When SQS accepted the message (SentTimestamp).')),
  })
  .check(z.describe('A poison message in a dead-letter queue, joined with its failure record.'));

/** Approximate messages per dead-letter queue read (SQS ApproximateNumberOfMessages + …NotVisible). */
const depthSchema = z.partialRecord(queueId, count);

export const deadLetterPageSchema = z
  .object({
    items: z.array(deadLetterSchema).check(z.describe('Oldest first, at most `limit`.')),
    nextCursor: z.null().check(z.describe('Always null: SQS cannot page a queue; `limit` caps the answer.')),
    depth: depthSchema.check(
      z.describe(
        'Approximate number of messages in each dead-letter queue read, visible or in flight (being looked at or redriven); may exceed what `items` shows.',
      ),
    ),
  })
  .check(
    z.describe(
      'Dead-lettered messages, read without consuming them (receive with visibility timeout 0, a bounded number of calls, de-duplicated): a deep queue may show only a sample.',
    ),
  );

// Notices (SPEC §11): GET /cases/{caseId}/notifications, GET and PUT /me/notice-settings

export const noticeDeliverySchema = z
  .object({
    noticeId: z.string().check(z.describe('`<caseId>#<seq>#<recipient>#<channel>`: one notice per event, recipient and channel.')),
    seq: z.number().check(z.describe('The timeline event the notice tells of.')),
    eventType: z.string(),
    recipient: z.enum(['complainant', 'respondent', 'assignee', 'supervisor', 'court', 'police', 'procuratorate', 'credit_respondent']),
    channel: z.enum(['email', 'sms']),
    address: z.string().check(z.describe('Where it went; a party’s address masked for readers who do not see its contact details.')),
    language: z.enum(['zh-CN', 'en']),
    statutory: z.boolean().check(z.describe('Invitations, schedules, decisions and deadlines: sent whatever the recipient turned off.')),
    status: z.enum(['queued', 'sent', 'failed']),
    attempts: z.number().check(z.describe('Sends tried so far.')),
    createdAt: timestamp,
    updatedAt: timestamp,
    sentAt: z.nullable(timestamp),
    lastError: z.nullable(z.string()).check(z.describe('Why the last send failed, while the notice is failed.')),
  })
  .check(z.describe('A notice and its delivery.'));

export const noticeListSchema = z
  .object({ items: z.array(noticeDeliverySchema) })
  .check(z.describe('The case’s notices, oldest event first.'));

export const noticeSettingsViewSchema = z
  .object({
    email: z.optional(z.string()),
    phone: z.optional(z.string()),
    language: z.optional(z.enum(['zh-CN', 'en'])),
    optOut: z.optional(z.object({ email: z.optional(z.boolean()), sms: z.optional(z.boolean()) })),
    updatedAt: z.optional(timestamp),
  })
  .check(z.describe('The caller’s own contact and notice settings; `{}` when none were set.'));

export const redriveResultSchema = z
  .object({
    redriven: count.check(z.describe('Messages sent back to their source queue.')),
    byQueue: z.partialRecord(queueId, count).check(z.describe('Messages redriven per queue read.')),
    notFound: z
      .array(z.string())
      .check(z.describe('Requested `messageIds` not seen in the dead-letter queues (already moved, or never there).')),
  })
  .check(z.describe('What was redriven. Asking again is harmless: a message already moved is simply not found.'));

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

const currentStateSchema = z.object({ status: z.enum(STATUSES), stage: z.nullable(z.string()), version: count });
/** The statuses of a credit-list entry (SPEC §12) and of an inspection round (SPEC §13). */
const RECORD_STATUSES = [...creditStatus.options, ...INSPECTION_STATUSES] as const;
const recordStateSchema = z
  .object({ status: z.optional(z.enum(RECORD_STATUSES)), version: count })
  .check(
    z.describe('On 409 CONFLICT from a credit-list entry or an inspection round: its status (absent on a stale version) and version.'),
  );

export const errorDetailSchema = z.looseObject({
  path: z.string().check(z.describe('JSON path of the rejected field, e.g. `evidence[3].sha256`.')),
  message: z.string(),
  reason: z.optional(z.string()).check(z.describe('On a conflict: the rule that refused the action.')),
  status: z.optional(z.enum([...STATUSES, ...RECORD_STATUSES])),
  stage: z.optional(z.nullable(z.string())),
  version: z.optional(count),
});

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().check(z.describe('zh-CN by default; English when Accept-Language prefers en.')),
      details: z.array(errorDetailSchema),
      requestId: z.string(),
      current: z
        .optional(z.union([currentStateSchema, recordStateSchema]))
        .check(
          z.describe(
            'On 409 CONFLICT from an action or claim: the case’s current status, stage and version; from a credit-list entry or an inspection round: its status and version.',
          ),
        ),
    }),
  })
  .check(z.describe('Every 4xx and 5xx answer (SPEC §9).'));

// ---------------------------------------------------------------------------------------------
// Both parties online (SPEC §10): POST /invitations/accept, GET and POST /cases/{caseId}/messages

export const joinedSchema = z
  .object({ caseId, caseNumber: z.string().check(z.regex(CASE_NUMBER)), joinedAt: timestamp })
  .check(z.describe('The case the respondent joined.'));

// Offline intake (线上线下): POST /complaints/offline, POST /cases/takeover

export const offlineSubmittedSchema = z
  .object({
    caseId,
    caseNumber: z.string().check(z.regex(CASE_NUMBER)),
    status: z.literal('submitted'),
    takeover: z.object({
      expiresAt: timestamp,
      code: z
        .optional(z.string())
        .check(
          z.describe(
            'The complainant’s single-use takeover code, for the paper receipt: shown to the staff member who entered the case (also on an Idempotency-Key replay) while it is unused and valid; never stored.',
          ),
        ),
    }),
  })
  .check(z.describe('The case entered offline, stored as `submitted`; routing follows asynchronously.'));

export const takenOverSchema = z
  .object({ caseId, caseNumber: z.string().check(z.regex(CASE_NUMBER)), takenOverAt: timestamp })
  .check(z.describe('The case the complainant took over: now its own.'));

export const messageSchema = z
  .object({
    seq: z.int().check(z.describe('The message’s timeline event.')),
    at: timestamp,
    channel: z.enum(MESSAGE_CHANNELS),
    author: z.object({ role: z.string(), side: z.enum(['complainant', 'respondent', 'handler']) }),
    text: z.string(),
    evidence: z.array(evidenceViewSchema),
  })
  .check(z.describe('A message in one of the case’s channels.'));

export const messagePageSchema = pageSchema(messageSchema).check(z.describe('Messages, oldest first.'));

// ---------------------------------------------------------------------------------------------
// The working-day calendar as data (SPEC §6 v2): GET and PUT /calendar/{year}

export const calendarYearParamSchema = z
  .string()
  .check(z.regex(/^\d{4}$/), z.describe('A year, 2000–2100; any other value names no calendar (404).'));

const calendarDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

export const calendarEventSchema = z
  .object({
    seq: z.int().check(z.gte(1)),
    at: timestamp,
    type: z.literal('calendar_changed'),
    actor: z.object({ role: z.enum([...ROLES, 'system']), sub: z.string() }),
    data: z
      .object({
        year: z.string(),
        version: z.int(),
        source: z.string(),
        previousSource: z.nullable(z.string()),
        addedHolidays: z.array(calendarDate),
        removedHolidays: z.array(calendarDate),
        addedWorkdays: z.array(calendarDate),
        removedWorkdays: z.array(calendarDate),
      })
      .check(z.describe('The change against the year in force before it (shipped, configured or stored).')),
    prevHash: sha256Hex,
    hash: sha256Hex.check(z.describe('SHA-256 of the canonical JSON of the event (with its chain name `calendar-<year>`) without `hash`.')),
  })
  .check(z.describe('One audited change to the year, hash-chained like a case timeline.'));

export const calendarYearViewSchema = z
  .object({
    year: z.int(),
    source: z.nullable(z.string()).check(z.describe('The notice the dates come from; null when no data covers the year.')),
    holidays: z.array(calendarDate),
    workdays: z.array(calendarDate).check(z.describe('Make-up working days (调休), always Saturdays or Sundays.')),
    origin: z
      .enum(['shipped', 'stored', 'none'])
      .check(
        z.describe(
          '`shipped`: from the code or the deployment configuration (EXTRA_CALENDAR); `stored`: kept through this API (wins over shipped); `none`: no data, clocks count weekends only and are marked `calendarIncomplete`.',
        ),
      ),
    version: count.check(z.describe('The stored version, for `expectedVersion`; 0 while nothing is stored.')),
    events: z.optional(z.array(calendarEventSchema)).check(z.describe('The stored year’s change log, oldest first.')),
    recomputed: z
      .optional(count)
      .check(z.describe('PUT only: open clocks counted again and moved (each case got a `deadline_recomputed` event).')),
    complete: z
      .optional(z.boolean())
      .check(
        z.describe('PUT only: false when not every running clock could be looked at (over 1,000 or a failure): send the same PUT again.'),
      ),
  })
  .check(z.describe('A year of the working-day calendar in force.'));
