// What a case rests on besides its text: evidence items (the files are hashed in the browser; only
// digest, size, type and date are sent) and an arbitration agreement. Used by the complaint and by
// the add_evidence, record_preservation and escalate actions.

import * as z from 'zod/mini';
import { isoDateSchema, isoDateTime, noIssuesYet, textSchema } from './fields.schema.ts';

// RFC 9110 media type: type "/" subtype, then `; name=value` parameters (token or quoted string).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\x20-\\x7E])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** Type and subtype are case-insensitive: lower-case them; parameter values may be case-sensitive. */
function normalizeMediaType(s: string): string {
  const semicolon = s.indexOf(';');
  return semicolon < 0 ? s.toLowerCase() : s.slice(0, semicolon).toLowerCase() + s.slice(semicolon);
}

/** A SHA-256 digest in hex, stored lowercase. */
export const sha256Schema = z.string().check(z.trim(), z.regex(/^[0-9a-fA-F]{64}$/, { message: 'sha256.format' }), z.toLowerCase());

export const evidenceItemSchema = z.strictObject({
  title: textSchema(1, 200),
  sha256: sha256Schema,
  sizeBytes: z.int().check(z.gte(0), z.lte(2 * 1024 ** 3)),
  mediaType: z
    .string()
    .check(z.trim(), z.maxLength(255), z.regex(MEDIA_TYPE, { message: 'media_type.format' }), z.overwrite(normalizeMediaType)),
  collectedAt: z.optional(z.string().check(z.trim(), isoDateTime({ offset: true }))),
});

/** 0–50 evidence items; a complaint may come with none (the default) and add them later. */
export const evidenceListSchema = z.array(evidenceItemSchema).check(z.maxLength(50));

/** `{ reference, signedOn }`: an agreement cannot be signed after `today`. */
export function arbitrationAgreementSchema(today: string) {
  return z.strictObject({
    reference: textSchema(1, 200),
    signedOn: isoDateSchema().check(
      z.refine((d: string) => d <= today, {
        message: 'arbitration_agreement.signed_in_future',
        when: noIssuesYet,
      }),
    ),
  });
}
