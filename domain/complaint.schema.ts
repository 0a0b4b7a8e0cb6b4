// The complaint the online form submits (SPEC §3): one zod schema that validates and normalises it.
// Domain rule violations carry a message KEY (listed in messages.ts) that the HTTP edge translates;
// zod's own issues (too_small, invalid_type, …) keep the messages zod's locales give them.
// Every object is strict, so an unknown field is an `unrecognized_keys` issue at its parent's path.
// The parts other requests share live in fields, identifiers and documents.schema.ts.

import * as z from 'zod/mini';
import { PATENT_TYPES, PATHS, ZONES, type Complaint, type PatentType } from './model.ts';
import { PLANT_VARIETY_DOMAINS } from './agencies.ts';
import { foreignCountryProblem } from './identifiers/countries.ts';
import { normalizePassportNumber, passportNumberProblem } from './identifiers/passport-number.ts';
import { parsePatentNumber } from './identifiers/patent-number.ts';
import { parseTrademarkNumber } from './identifiers/trademark-number.ts';
import { arbitrationAgreementSchema, evidenceListSchema } from './documents.schema.ts';
import { isFreeOfForbidden, isoDateSchema, noForbiddenCharacters, noIssuesYet, report, textSchema, type Payload } from './fields.schema.ts';
import { countyCodeSchema, creditCode, creditCodeSchema, idNumberSchema } from './identifiers.schema.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * Lets an object-level check run although unrelated sibling fields failed, so one response names
 * every problem; it still waits for the fields it reads (and for the value to be an object at all).
 */
function fieldsParsed(...fields: string[]) {
  return (payload: Payload): boolean =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((issue) => {
      const path = issue.path ?? [];
      return path.length === 0 ? issue.code !== 'unrecognized_keys' : fields.includes(String(path[0]));
    });
}

/** Uses `key` as the message when the field is missing, zod's own message otherwise. */
function requiredKey(key: string) {
  return (issue: { input?: unknown }): string | undefined => (issue.input === undefined ? key : undefined);
}

/** A field that must be absent in this variant; present, it is reported with `key` at its own path. */
function notAllowed(key: string) {
  return z.optional(z.never({ error: key }));
}

// ---------------------------------------------------------------------------------------------
// Credit codes and contact details

const requiredCreditCodeSchema = creditCode({ error: requiredKey('credit_code.required') });

const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(?:\((0\d{2,3})\)|(0\d{2,3})-?)(\d{7,8})(?:-(\d{1,6}))?$/;
/** E.164: `+`, a country code (never starting with 0), at most 15 digits in all; 8 at least, as the shortest real numbers. */
const INTERNATIONAL = /^\+([1-9]\d{7,14})$/;

/**
 * A phone number in canonical form, or null. Mainland mobiles as 11 digits (a `+86` prefix and
 * spaces/hyphens dropped), landlines as `area-local[-extension]` (`0915-3212345`, `029-88881234-12`).
 * People write the area code with or without a hyphen or in parentheses; the split is recomputed
 * from the digits: 010 and 02x are 3-digit area codes with 8-digit local numbers, all others
 * (03xx–09xx) 4 digits with 7- or 8-digit local numbers. v2: other countries' numbers in E.164
 * (`+49301234567`; spaces, hyphens and parentheses dropped); a `+86` number is a mainland number
 * and must be a valid one (`+86 29 88881234` is the landline `029-88881234`).
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/\s/g, '');
  if (compact.startsWith('+') && !compact.startsWith('+86')) {
    const international = INTERNATIONAL.exec(compact.replace(/[-()]/g, ''));
    return international ? `+${international[1]}` : null;
  }
  const mobile = MOBILE.exec(compact.replaceAll('-', ''));
  if (mobile) return mobile[1]!;
  // +86 drops the landline's trunk prefix 0: put it back and read the number as a mainland landline.
  const landline = LANDLINE.exec(compact.startsWith('+86') ? `0${compact.slice(3).replaceAll('-', '')}` : compact);
  if (!landline) return null;
  const digits = (landline[1] ?? landline[2]!) + landline[3]!;
  const areaLength = /^0[12]/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLength);
  const local = digits.slice(areaLength);
  if (!/^0(?:10|2\d|[3-9]\d\d)$/.test(area)) return null;
  if (!(areaLength === 3 ? /^[2-9]\d{7}$/ : /^[2-9]\d{6,7}$/).test(local)) return null;
  return landline[4] ? `${area}-${local}-${landline[4]}` : `${area}-${local}`;
}

/** Why a phone number is refused (a message key worded for what the number looks like), or null. */
export function phoneProblem(raw: string): string | null {
  if (normalizePhone(raw) !== null) return null;
  const compact = raw.replace(/\s/g, '');
  if (compact.startsWith('+86')) return 'phone.mainland_format';
  return compact.startsWith('+') ? 'phone.international_format' : 'phone.format';
}

export const phoneSchema = z.string().check(
  z.trim(),
  z.refine(isFreeOfForbidden, noForbiddenCharacters),
  z.superRefine((s: string, ctx) => report(ctx, phoneProblem(s))),
  z.overwrite((s: string) => normalizePhone(s) ?? s),
);

/** Domains are case-insensitive, local parts formally are not: lower-case only the domain. */
export const emailSchema = z.string().check(
  z.trim(),
  z.maxLength(254),
  z.email(),
  z.overwrite((s: string) => {
    const at = s.lastIndexOf('@');
    return at < 0 ? s : s.slice(0, at) + s.slice(at).toLowerCase();
  }),
);

const atLeastOneAddress = z.refine<{ phone?: string; email?: string }>((c) => c.phone !== undefined || c.email !== undefined, {
  message: 'contact.required',
  when: fieldsParsed('phone', 'email'),
});

const noticeLanguageSchema = z.enum(['zh-CN', 'en']);

/** The complainant's phone and/or e-mail, and v2 the language of its notices (SPEC §11). */
const contactSchema = z
  .strictObject({ phone: z.optional(phoneSchema), email: z.optional(emailSchema), language: z.optional(noticeLanguageSchema) })
  .check(atLeastOneAddress);

/** Where a respondent's invitation is sent (SPEC §10): a phone and/or an e-mail, and the language of the notice. */
export const inviteeContactSchema = z
  .strictObject({ phone: z.optional(phoneSchema), email: z.optional(emailSchema), language: z.optional(noticeLanguageSchema) })
  .check(atLeastOneAddress);

function urlProblem(s: string): string | null {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return 'url.format';
  }
  return url.protocol === 'https:' ? null : 'url.https_required';
}

/** An `https:` URL, kept as written (trimmed). */
export const httpsUrlSchema = textSchema(1, 2000).check(
  z.superRefine((s: string, ctx) => report(ctx, urlProblem(s)), {
    when: noIssuesYet,
  }),
);

// ---------------------------------------------------------------------------------------------
// The parts of a complaint

/** A foreign enterprise's registration number (HRB 86891, 12345678, …): kept as written, 1–50 characters. */
const registrationNumberSchema = z
  .string({ error: requiredKey('registration_number.required') })
  .check(z.trim(), z.normalize('NFC'), z.refine(isFreeOfForbidden, noForbiddenCharacters), z.minLength(1), z.maxLength(50));

/** A passport number: 5–20 letters and digits, stored upper-case without spaces. */
const passportNumberSchema = z.string({ error: requiredKey('passport_number.required') }).check(
  z.trim(),
  z.refine(isFreeOfForbidden, noForbiddenCharacters),
  z.superRefine((s: string, ctx) => report(ctx, passportNumberProblem(s))),
  z.overwrite(normalizePassportNumber),
);

/** ISO 3166-1 alpha-2 (any case in, upper case out); CN refused: a mainland party files as a domestic one. */
const foreignCountrySchema = z.string({ error: requiredKey('country.required') }).check(
  z.trim(),
  z.overwrite((s: string) => s.toUpperCase()),
  z.superRefine((s: string, ctx) => report(ctx, foreignCountryProblem(s))),
);

function complainantSchema(today: string) {
  const common = { name: textSchema(1, 200), contact: contactSchema };
  // Each type names the identifiers it may not carry at their own paths, so a form that sent the
  // wrong one learns which field to clear.
  const domestic = {
    registrationNumber: notAllowed('registration_number.only_foreign_enterprises'),
    passportNumber: notAllowed('passport_number.only_foreign_individuals'),
    country: notAllowed('country.only_foreign'),
  };
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('enterprise'),
      ...common,
      creditCode: requiredCreditCodeSchema,
      idNumber: notAllowed('id_number.only_individuals'),
      ...domestic,
    }),
    // An individual may hold a credit code too (个体工商户, a sole trader), so it is allowed, not required.
    z.strictObject({
      type: z.literal('individual'),
      ...common,
      creditCode: z.optional(creditCodeSchema),
      idNumber: z.optional(idNumberSchema(today)),
      ...domestic,
    }),
    // v2 (SPEC §3, equal protection 同保护): foreign parties have no credit code or resident ID.
    z.strictObject({
      type: z.literal('foreign_enterprise'),
      ...common,
      registrationNumber: registrationNumberSchema,
      country: foreignCountrySchema,
      creditCode: notAllowed('credit_code.only_domestic'),
      idNumber: notAllowed('id_number.only_individuals'),
      passportNumber: notAllowed('passport_number.only_foreign_individuals'),
    }),
    z.strictObject({
      type: z.literal('foreign_individual'),
      ...common,
      passportNumber: passportNumberSchema,
      country: foreignCountrySchema,
      creditCode: notAllowed('credit_code.only_domestic'),
      idNumber: notAllowed('id_number.only_domestic'),
      registrationNumber: notAllowed('registration_number.only_foreign_enterprises'),
    }),
  ]);
}

const patentNumberSchema = z.string().check(
  z.trim(),
  z.refine(isFreeOfForbidden, noForbiddenCharacters),
  z.superRefine((s: string, ctx) => {
    const parsed = parsePatentNumber(s);
    report(ctx, typeof parsed === 'string' ? parsed : null);
  }),
  z.overwrite((s: string) => {
    const parsed = parsePatentNumber(s);
    return typeof parsed === 'string' ? s : parsed.normalized;
  }),
);

const trademarkNumberSchema = z.string().check(
  z.trim(),
  z.superRefine((s: string, ctx) => {
    const parsed = parseTrademarkNumber(s);
    report(ctx, typeof parsed === 'string' ? parsed : null);
  }),
  z.overwrite((s: string) => s.toUpperCase()),
);

function patentTypeOf(normalizedNumber: string): PatentType | undefined {
  const parsed = parsePatentNumber(normalizedNumber);
  return typeof parsed === 'string' ? undefined : parsed.type;
}

function rightSchema(today: string) {
  const common = {
    title: textSchema(1, 200),
    holder: textSchema(1, 200),
    // Equal to today is still in force; the day before is not.
    validUntil: z.optional(isoDateSchema().check(z.refine((d: string) => d >= today, { message: 'right.expired', when: noIssuesYet }))),
  };
  return z.discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('patent'),
        number: patentNumberSchema,
        patentType: z.enum(PATENT_TYPES, { error: requiredKey('patent_type.required') }),
        ...common,
      })
      .check(
        z.refine((r: { number: string; patentType: PatentType }) => patentTypeOf(r.number) === r.patentType, {
          message: 'patent_type.mismatch',
          path: ['patentType'],
          when: fieldsParsed('number', 'patentType'),
        }),
      ),
    z.strictObject({
      kind: z.literal('trademark'),
      number: trademarkNumberSchema,
      patentType: notAllowed('patent_type.only_patents'),
      ...common,
    }),
    z.strictObject({
      kind: z.enum(['geographical_indication', 'copyright', 'plant_variety']),
      number: textSchema(1, 100),
      patentType: notAllowed('patent_type.only_patents'),
      ...common,
    }),
  ]);
}

export const respondentSchema = z.strictObject({
  name: textSchema(1, 200),
  creditCode: z.optional(creditCodeSchema),
  address: z.optional(textSchema(1, 500)),
  onlineStoreUrl: z.optional(httpsUrlSchema),
});

const claimsSchema = z.strictObject({
  stopInfringement: z.boolean(),
  damagesCny: z.optional(z.int().check(z.gte(0), z.lte(10_000_000_000))),
});

// ---------------------------------------------------------------------------------------------
// The complaint

function buildComplaintSchema(today: string) {
  return z
    .strictObject({
      complainant: complainantSchema(today),
      right: rightSchema(today),
      respondent: respondentSchema,
      countyCode: countyCodeSchema,
      // v2: the protection pilot area, for its statistics (SPEC §3).
      zone: z.optional(z.enum(ZONES)),
      description: textSchema(20, 5000, { multiline: true }),
      claims: claimsSchema,
      // A fresh array per parse: a shared default would be mutated by whoever appends evidence.
      evidence: z._default(evidenceListSchema, () => []),
      preferredPath: z.optional(z.enum(PATHS)),
      // Optional here: routing decides whether arbitration goes ahead without one (SPEC §5).
      arbitrationAgreement: z.optional(arbitrationAgreementSchema(today)),
      requestEvidencePreservation: z.optional(z.boolean()),
      // v2 (SPEC §12): decides the enforcement agency of a plant variety (agriculture or forestry).
      plantVarietyDomain: z.optional(z.enum(PLANT_VARIETY_DOMAINS)),
    })
    .check(
      z.refine(
        (c: { right: { kind: string }; plantVarietyDomain?: string }) =>
          c.plantVarietyDomain === undefined || c.right.kind === 'plant_variety',
        {
          message: 'plant_variety_domain.only_plant_variety',
          path: ['plantVarietyDomain'],
          when: noIssuesYet,
        },
      ),
    );
}

export type ComplaintSchema = ReturnType<typeof buildComplaintSchema>;

// Compile-time proof that what the schema outputs is a Complaint as the model defines it.
const _outputIsComplaint = (parsed: z.output<ComplaintSchema>): Complaint => parsed;
void _outputIsComplaint;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CACHE_SIZE = 4;
const cache = new Map<string, ComplaintSchema>();

/**
 * The complaint schema for a request received on `today` (YYYY-MM-DD, China Standard Time), which
 * bounds birth dates, expiry and signing dates. Built once per day value: requests build it often.
 */
export function complaintSchema(today: string): ComplaintSchema {
  const cached = cache.get(today);
  if (cached) return cached;
  if (!ISO_DAY.test(today)) throw new TypeError(`complaintSchema: today must be YYYY-MM-DD, got ${today}`);
  const schema = buildComplaintSchema(today);
  // Only a day or two are in use at once (around midnight); drop the oldest.
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(today, schema);
  return schema;
}
