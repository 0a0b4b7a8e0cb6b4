// The small pieces the request schemas share (complaint, actions, query strings): how a domain rule
// reports its message KEY (listed in messages.ts, translated at the HTTP edge), human-written text,
// calendar dates. zod's own issues (too_small, invalid_type, …) keep the messages of zod's locales.
// zod/mini throughout, and small modules: a function bundles only the schemas it reaches.

import * as z from 'zod/mini';
import { _isoDate, _isoDateTime } from 'zod/v4/core';

export type Payload = z.core.ParsePayload;

/** Reports `key` as the value's issue; null when the domain check found nothing. */
export function report(ctx: z.core.$RefinementCtx<string>, key: string | null): void {
  if (key) ctx.addIssue({ code: 'custom', message: key, input: ctx.value });
}

/** A check that depends on a valid format (a date compared to today, a URL's scheme) says nothing more once the format failed. */
export const noIssuesYet = (payload: Payload): boolean => payload.issues.length === 0;

// ---------------------------------------------------------------------------------------------
// Text

// C0 and C1 controls, DEL, bidi embeddings/overrides (U+202A–E) and isolates (U+2066–9): invisible
// characters that can disguise what a reader sees. With the u flag, \p{Cs} matches only lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
// Multi-line texts keep line feeds and tabs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const FORBIDDEN_MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;

/**
 * A human-written string: trimmed, NFC-normalised, free of control/bidi characters and lone
 * surrogates, then `min`–`max` characters long. Multi-line text may hold `\n` and `\t`; Windows
 * and old-Mac line ends (`\r\n`, `\r`) from a pasted text are turned into `\n` rather than refused.
 */
export function textSchema(min: number, max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE;
  const lineEnds = options.multiline ? [z.overwrite((s: string) => s.replace(/\r\n?/g, '\n'))] : [];
  return z.string().check(
    z.trim(),
    z.normalize('NFC'),
    ...lineEnds,
    z.refine((s: string) => !forbidden.test(s), { message: 'text.forbidden_characters' }),
    z.minLength(min),
    z.maxLength(max),
  );
}

/**
 * Identifiers whose normalisation drops whitespace (`\s` also matches the controls VT and FF) must
 * still refuse control and bidi characters rather than silently remove them (SPEC §3).
 */
export const noForbiddenCharacters = { message: 'text.forbidden_characters', abort: true } as const;
export const isFreeOfForbidden = (s: string): boolean => !FORBIDDEN_SINGLE_LINE.test(s);

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * zod/mini's `z.iso.date()` and `z.iso.datetime()`, built as it builds them: reached through the
 * `z.iso` namespace, a bundle would carry every other ISO format (times, durations) along.
 */
export const isoDate = () => _isoDate(z.ZodMiniISODate);
export const isoDateTime = (params?: { offset?: boolean }) => _isoDateTime(z.ZodMiniISODateTime, params);

/** YYYY-MM-DD, a real calendar date. */
export const isoDateSchema = () => z.string().check(z.trim(), isoDate());
