// The body of POST /cases/{caseId}/actions (SPEC §4): a discriminated union on `action`, every
// variant carrying the `expectedVersion` the caller last saw and exactly its own fields.

import * as z from 'zod';
import { PATHS } from './model.ts';
import { arbitrationAgreementSchema, evidenceListSchema, sha256Schema, textSchema } from './complaint.schema.ts';

const reason = textSchema(1, 2000, { multiline: true });
const dateTime = z
  .string()
  .trim()
  .check(z.iso.datetime({ offset: true }));
const date = z.string().trim().check(z.iso.date());
const amountCny = z.int().min(0).max(10_000_000_000);
const documentNumber = textSchema(1, 100);

const variant = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
  z.strictObject({ action: z.literal(action), expectedVersion: z.int().min(0), ...shape });

function buildActionSchema(today: string) {
  return z.discriminatedUnion('action', [
    variant('record_consent', { consented: z.boolean(), reason: reason.optional() }),
    variant('schedule_session', {
      at: dateTime,
      mode: z.enum(['online', 'offline']),
      location: textSchema(1, 500).optional(),
    }),
    variant('record_agreement', {
      terms: textSchema(1, 5000, { multiline: true }),
      amountCny: amountCny.optional(),
      performBy: date.optional(),
    }),
    variant('record_failure', { reason }),
    variant('request_judicial_confirmation', {}),
    variant('record_judicial_confirmation', {
      confirmed: z.boolean(),
      rulingNumber: documentNumber.optional(),
      reason: reason.optional(),
    }),
    variant('close', { reason: reason.optional() }),
    variant('escalate', {
      toPath: z.enum(PATHS),
      reason,
      arbitrationAgreement: arbitrationAgreementSchema(today).optional(),
    }),
    variant('transfer_to_litigation', { reason }),
    variant('accept', {}),
    variant('reject', { reason }),
    variant('schedule_hearing', { at: dateTime, location: textSchema(1, 500).optional() }),
    variant('issue_award', {
      awardNumber: documentNumber,
      summary: textSchema(1, 5000, { multiline: true }),
      infringementFound: z.boolean(),
      amountCny: amountCny.optional(),
    }),
    variant('record_preservation', { method: textSchema(1, 500), evidenceSha256: z.array(sha256Schema).min(1).max(50) }),
    variant('issue_certificate', { certificateNumber: documentNumber }),
    variant('accept_filing', {}),
    variant('reject_filing', { reason }),
    variant('extend_deadline', { reason, approvedBy: textSchema(1, 200) }),
    variant('issue_decision', {
      decisionNumber: documentNumber,
      infringementEstablished: z.boolean(),
      orders: z.array(textSchema(1, 2000, { multiline: true })).max(50),
    }),
    variant('transfer_to_police', { reason }),
    variant('record_police_decision', { accepted: z.boolean(), reason: reason.optional() }),
    variant('withdraw', { reason }),
    variant('add_evidence', { evidence: evidenceListSchema.min(1) }),
    variant('release', {}),
    variant('reassign', { assignee: textSchema(1, 200) }),
    variant('add_note', { text: textSchema(1, 5000, { multiline: true }) }),
    variant('add_supervision_opinion', { text: textSchema(1, 5000, { multiline: true }) }),
  ]);
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
