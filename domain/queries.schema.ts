// Query-string parameters of the list endpoints (SPEC §9): `limit` 1–100, an opaque `cursor`, and
// the filters of GET /cases and GET /work-queues/{path}. Query strings carry strings only; unknown
// parameters are refused, named by their own name.

import * as z from 'zod';
import { PATHS, STATUSES } from './model.ts';
import { countyCodeSchema, creditCodeSchema } from './complaint.schema.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `limit` as a query-string value: digits only, then 1–`MAX_PAGE_SIZE`. */
export function limitSchema(defaultLimit: number) {
  return z
    .string()
    .regex(/^[0-9]{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
    .default(defaultLimit);
}

/** The cursor's shape only; what it decodes to is checked against the query it continues. */
export const cursorSchema = z.string().min(1).max(4096).optional();

export const pageQuerySchema = (defaultLimit = DEFAULT_PAGE_SIZE) =>
  z.strictObject({ limit: limitSchema(defaultLimit), cursor: cursorSchema });

export const CASE_NUMBER = /^AKIP-\d{4}-\d{6}$/;

export const listCasesQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  path: z.enum(PATHS).optional(),
  countyCode: countyCodeSchema.optional(),
  respondentCreditCode: creditCodeSchema.optional(),
  caseNumber: z.string().trim().toUpperCase().regex(CASE_NUMBER).optional(),
  limit: limitSchema(DEFAULT_PAGE_SIZE),
  cursor: cursorSchema,
});
export type ListCasesQuery = z.output<typeof listCasesQuerySchema>;
export type CaseFilters = Omit<ListCasesQuery, 'limit' | 'cursor'>;

export const workQueueQuerySchema = z.strictObject({
  countyCode: countyCodeSchema.optional(),
  limit: limitSchema(DEFAULT_PAGE_SIZE),
  cursor: cursorSchema,
});

/** Endpoints without parameters still refuse unknown ones, like every other endpoint. */
export const noQuerySchema = z.strictObject({});
