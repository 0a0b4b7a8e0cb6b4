// GET /respondents/{creditCode} — a respondent's case history for the credit system (SPEC §1, §9):
// its cases newest first (paginated), how many were resolved against it, and whether that makes it
// a repeat respondent. Handlers, court, procuratorate, police and supervisor; not rights holders.
// A path segment that is not a valid unified social credit code names nothing: 404.

import { creditCodeProblem, normalizeCreditCode } from '#domain/identifiers/credit-code.ts';
import type { Role } from '#domain/model.ts';
import { pageQuerySchema } from '#domain/queries.schema.ts';
import { REPEAT_RESPONDENT_THRESHOLD } from '#domain/routing.ts';
import { caseCursorShape, countResolvedAgainst, queryCases, type CaseQuery } from '#lib/case-store.ts';
import { forbidden, notFound } from '#lib/errors.ts';
import { httpFunction, languageOf } from '#lib/http.ts';
import { decodeCursor, page } from '#lib/pagination.ts';
import { callerOf, queryParams } from '#lib/request.ts';

const MAY_READ: readonly Role[] = ['mediator', 'arbitrator', 'notary', 'officer', 'court', 'procuratorate', 'police', 'supervisor'];
const querySchema = pageQuerySchema();

export const handler = httpFunction('getRespondent', async (event) => {
  const caller = callerOf(event);
  if (!MAY_READ.includes(caller.role)) throw forbidden();
  const raw = event.pathParameters?.['creditCode'] ?? '';
  if (creditCodeProblem(raw) !== null) throw notFound();
  const creditCode = normalizeCreditCode(raw);
  const { limit, cursor } = queryParams(querySchema, event);

  const query: CaseQuery = { index: 'byRespondent', partition: creditCode, forward: false, conditions: [] };
  const startKey = decodeCursor(cursor, caseCursorShape(query), languageOf(event));
  const [history, newest, resolvedAgainst] = await Promise.all([
    queryCases(query, { limit, startKey }),
    // The name as last seen: the newest case's (already in hand on the first page).
    startKey ? queryCases(query, { limit: 1, startKey: undefined }) : undefined,
    countResolvedAgainst(creditCode),
  ]);
  const latest = (newest ?? history).cases[0];
  if (!latest) throw notFound();

  const body = page(
    history.cases.map((c) => ({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      status: c.status,
      path: c.path,
      stage: c.stage,
      createdAt: c.createdAt,
      outcome: c.outcome,
    })),
    history.nextKey,
  );
  return {
    status: 200,
    body: {
      creditCode,
      name: latest.complaint.respondent.name,
      cases: body.items,
      resolvedAgainst,
      repeatRespondent: resolvedAgainst >= REPEAT_RESPONDENT_THRESHOLD,
      nextCursor: body.nextCursor,
    },
  };
});
