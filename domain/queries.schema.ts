// Query-string parameters of the list endpoints (SPEC §9): `limit` 1–100, an opaque `cursor`, and
// the filters of GET /cases and GET /work-queues/{path}. Query strings carry strings only; unknown
// parameters are refused, named by their own name.

import * as z from 'zod/mini';
import { PATHS, STATUSES } from './model.ts';
import { countyCodeSchema, creditCodeSchema } from './identifiers.schema.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `limit` as a query-string value: digits only, then 1–`MAX_PAGE_SIZE`. */
export function limitSchema(defaultLimit: number) {
  const digits = z.pipe(z.string().check(z.regex(/^[0-9]{1,6}$/)), z.transform(Number));
  return z._default(z.pipe(digits, z.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE))), defaultLimit);
}

/** The cursor's shape only; what it decodes to is checked against the query it continues. */
export const cursorSchema = z.optional(z.string().check(z.minLength(1), z.maxLength(4096)));

export const pageQuerySchema = (defaultLimit = DEFAULT_PAGE_SIZE) =>
  z.strictObject({ limit: limitSchema(defaultLimit), cursor: cursorSchema });

export const CASE_NUMBER = /^AKIP-\d{4}-\d{6}$/;

export const listCasesQuerySchema = z.strictObject({
  status: z.optional(z.enum(STATUSES)),
  path: z.optional(z.enum(PATHS)),
  countyCode: z.optional(countyCodeSchema),
  respondentCreditCode: z.optional(creditCodeSchema),
  caseNumber: z.optional(z.string().check(z.trim(), z.toUpperCase(), z.regex(CASE_NUMBER))),
  limit: limitSchema(DEFAULT_PAGE_SIZE),
  cursor: cursorSchema,
});
export type ListCasesQuery = z.output<typeof listCasesQuerySchema>;
export type CaseFilters = Omit<ListCasesQuery, 'limit' | 'cursor'>;

export const workQueueQuerySchema = z.strictObject({
  countyCode: z.optional(countyCodeSchema),
  limit: limitSchema(DEFAULT_PAGE_SIZE),
  cursor: cursorSchema,
});

/** Endpoints without parameters still refuse unknown ones, like every other endpoint. */
export const noQuerySchema = z.strictObject({});
