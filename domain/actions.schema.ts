// The body of POST /cases/{caseId}/actions (SPEC §4): a discriminated union on `action`, every
// variant carrying the `expectedVersion` the caller last saw and exactly its own fields.
// Written with zod/mini (checks as functions) so that a function bundles only the parts it uses.

import * as z from 'zod/mini';
import { PATHS } from './model.ts';
import { arbitrationAgreementSchema, evidenceListSchema, sha256Schema } from './documents.schema.ts';
import { inviteeContactSchema } from './complaint.schema.ts';
import { isoDate, isoDateTime, textSchema } from './fields.schema.ts';

const reason = textSchema(1, 2000, { multiline: true });
const dateTime = z.string().check(z.trim(), isoDateTime({ offset: true }));
const date = z.string().check(z.trim(), isoDate());
const amountCny = z.int().check(z.gte(0), z.lte(10_000_000_000));
const documentNumber = textSchema(1, 100);
/** Supervision orders and opinions, and the handler's replies. */
const supervisionText = textSchema(1, 5000, { multiline: true });
/** A timeline event's seq: names the order or opinion a reply answers. */
const seq = z.int().check(z.gte(1));
/** A party's written statement: an answer (答辩) or a counter-notice. */
const statement = textSchema(1, 5000, { multiline: true });

/**
 * `z.literal(action)` with the `value` that classic zod's literals have and zod/mini's lack: the
 * action forms (web/src/action-form.ts) and the OpenAPI document find a variant by it.
 */
const actionLiteral = <A extends string>(action: A) => Object.assign(z.literal(action), { value: action });

const variant = <A extends string, S extends z.core.$ZodLooseShape>(action: A, shape: S) =>
  z.strictObject({ action: actionLiteral(action), expectedVersion: z.int().check(z.gte(0)), ...shape });

function buildActionSchema(today: string) {
  const variants = [
    variant('record_consent', { consented: z.boolean(), reason: z.optional(reason) }),
    variant('schedule_session', {
      at: dateTime,
      mode: z.enum(['online', 'offline']),
      location: z.optional(textSchema(1, 500)),
    }),
    variant('record_agreement', {
      terms: textSchema(1, 5000, { multiline: true }),
      amountCny: z.optional(amountCny),
      performBy: z.optional(date),
    }),
    variant('record_failure', { reason }),
    variant('request_judicial_confirmation', {}),
    variant('record_judicial_confirmation', {
      confirmed: z.boolean(),
      rulingNumber: z.optional(documentNumber),
      reason: z.optional(reason),
    }),
    variant('close', { reason: z.optional(reason) }),
    variant('escalate', {
      toPath: z.enum(PATHS),
      reason,
      arbitrationAgreement: z.optional(arbitrationAgreementSchema(today)),
    }),
    variant('transfer_to_litigation', { reason }),
    variant('accept', {}),
    variant('reject', { reason }),
    variant('schedule_hearing', { at: dateTime, location: z.optional(textSchema(1, 500)) }),
    variant('issue_award', {
      awardNumber: documentNumber,
      summary: textSchema(1, 5000, { multiline: true }),
      infringementFound: z.boolean(),
      amountCny: z.optional(amountCny),
    }),
    variant('record_preservation', {
      method: textSchema(1, 500),
      evidenceSha256: z.array(sha256Schema).check(z.minLength(1), z.maxLength(50)),
    }),
    variant('issue_certificate', { certificateNumber: documentNumber }),
    // On administrative enforcement the filing names the second investigating officer (SPEC §12: at least two).
    variant('accept_filing', { coInvestigator: z.optional(textSchema(1, 200)) }),
    variant('reject_filing', { reason }),
    variant('issue_decision', {
      decisionNumber: documentNumber,
      infringementEstablished: z.boolean(),
      orders: z.array(textSchema(1, 2000, { multiline: true })).check(z.maxLength(50)),
    }),
    variant('transfer_to_police', { reason }),
    variant('record_police_decision', { accepted: z.boolean(), reason: z.optional(reason) }),
    variant('withdraw', { reason }),
    variant('add_evidence', { evidence: evidenceListSchema.check(z.minLength(1)) }),
    variant('release', {}),
    variant('reassign', { assignee: textSchema(1, 200) }),
    variant('add_note', { text: textSchema(1, 5000, { multiline: true }) }),
    variant('add_supervision_opinion', { text: supervisionText, replyRequired: z.optional(z.boolean()) }),
    // Both parties online (SPEC §10).
    variant('invite_respondent', { contact: inviteeContactSchema }),
    variant('respond_consent', { consented: z.boolean(), reason: z.optional(reason) }),
    variant('submit_statement', { text: statement, evidence: z.optional(evidenceListSchema) }),
    variant('counter_notice', { text: statement, evidence: z.optional(evidenceListSchema) }),
    variant('consent_extension', { reason: z.optional(reason) }),
    variant('sign_agreement', { termsSha256: sha256Schema }),
    variant('record_offline_signature', { party: z.enum(['complainant', 'respondent']), reference: textSchema(1, 200) }),
    // Version 2 changes to the action table (SPEC §4).
    variant('extend_mediation', {
      days: z.int().check(z.gte(1), z.lte(30)),
      reason,
      // The handler states the complainant's consent; the respondent's only while it is not online (lifecycle.ts).
      complainantConsent: z.literal(true),
      respondentConsent: z.optional(z.literal(true)),
    }),
    // Calendar days; the configured extension of the clock (one month by default) is the most a request may ask.
    variant('request_extension', { reason, days: z.int().check(z.gte(1), z.lte(90)) }),
    variant('approve_extension', { reason: z.optional(reason) }),
    variant('deny_extension', { reason: z.optional(reason) }),
    variant('resume', { reason }),
    variant('issue_supervision_order', { text: supervisionText, dueAt: dateTime }),
    variant('reply_supervision_order', { text: supervisionText, orderSeq: seq }),
    variant('reply_supervision_opinion', { text: supervisionText, opinionSeq: seq }),
    // Administrative enforcement (SPEC §12).
    variant('record_inspection', {
      at: dateTime,
      location: textSchema(1, 500),
      findings: textSchema(1, 5000, { multiline: true }),
      // The officers present: an on-site inspection is made by at least two.
      officers: z.array(textSchema(1, 200)).check(z.minLength(2), z.maxLength(10)),
      evidenceSha256: z._default(z.array(sha256Schema).check(z.maxLength(50)), () => []),
    }),
    variant('issue_penalty', {
      decisionNumber: documentNumber,
      // What was found, as the public register states it (SPEC §12 一公开).
      violation: textSchema(1, 2000, { multiline: true }),
      fineCny: z.optional(amountCny),
      confiscation: z.optional(textSchema(1, 2000, { multiline: true })),
      orders: z.array(textSchema(1, 2000, { multiline: true })).check(z.maxLength(50)),
    }),
    variant('close_no_violation', { reason }),
    variant('pause_clock', { reason }),
    variant('resume_clock', {}),
  ] as const;
  // `options` as classic zod's unions have it (zod/mini's do not): the variants, in this order.
  return Object.assign(z.discriminatedUnion('action', variants), { options: variants });
}

export type ActionSchema = ReturnType<typeof buildActionSchema>;
export type ActionInput = z.output<ActionSchema>;
export type ActionName = ActionInput['action'];

const cache = new Map<string, ActionSchema>();

/** The schema for a given CST `today` (agreements cannot be signed in the future); cached per day. */
export function actionSchema(today: string): ActionSchema {
  let schema = cache.get(today);
  if (!schema) {
    if (cache.size > 3) cache.clear();
    schema = buildActionSchema(today);
    cache.set(today, schema);
  }
  return schema;
}

export const ACTION_NAMES = actionSchema('2000-01-01').options.map((o) => o.shape.action.value) as ActionName[];
