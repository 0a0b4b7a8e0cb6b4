// GET /respondents/{creditCode} — a respondent's case history for the credit system (SPEC §1, §2.1,
// §9): its cases newest first (paginated), counts of all its cases, and whether it is a repeat
// respondent. Court, procuratorate and supervisor get every case; the other readers only the cases
// they may read — the counts name no case, so they get those in full. Not rights holders.
// A path segment that is not a valid unified social credit code, or names no case, names nothing: 404.

import { canReadCase, mayCall, respondentHistoryScope } from '#domain/access.ts';
import { creditCodeProblem, normalizeCreditCode } from '#domain/identifiers/credit-code.ts';
import { pageQuerySchema } from '#domain/queries.schema.ts';
import { historyCounts, historyEntry, isRepeatRespondent } from '#domain/respondent-history.ts';
import { scopeConditions } from '#lib/case-query.ts';
import { caseCursorShape, queryCases, respondentCaseOutcomes, type CaseQuery } from '#lib/case-lists.ts';
import { forbidden, notFound } from '#lib/errors.ts';
import { cursorsFor } from '#lib/cursors.ts';
import { httpFunction } from '#lib/http.ts';
import { callerOf, queryParams } from '#lib/request.ts';

const querySchema = pageQuerySchema();

export const handler = httpFunction('getRespondent', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('GET /respondents/{creditCode}', caller.role)) throw forbidden();
  const raw = event.pathParameters?.['creditCode'] ?? '';
  if (creditCodeProblem(raw) !== null) throw notFound();
  const creditCode = normalizeCreditCode(raw);
  const { limit, cursor } = queryParams(querySchema, event);

  const everyCase = respondentHistoryScope(caller) === 'every_case';
  const all: CaseQuery = { index: 'byRespondent', partition: creditCode, forward: false, conditions: [] };
  // The read scope as a filter: pages fill with readable cases across round trips.
  const history: CaseQuery = everyCase ? all : { ...all, conditions: scopeConditions(caller) };
  const cursors = cursorsFor(event, caller, caseCursorShape(history), history);
  const startKey = await cursors.open(cursor);
  const [given, newest, outcomes] = await Promise.all([
    queryCases(history, { limit, startKey }, { keep: (c) => canReadCase(caller, c) }),
    // The name as last seen: the newest case's (already in hand on a first page of every case).
    everyCase && !startKey ? undefined : queryCases(all, { limit: 1, startKey: undefined }),
    respondentCaseOutcomes(creditCode),
  ]);
  const latest = (newest ?? given).cases[0];
  if (!latest) throw notFound();

  const counts = historyCounts(outcomes);
  const body = await cursors.page(given.cases.map(historyEntry), given.nextKey);
  return {
    status: 200,
    body: {
      creditCode,
      name: latest.complaint.respondent.name,
      cases: body.items,
      counts,
      resolvedAgainst: counts.resolvedAgainst,
      repeatRespondent: isRepeatRespondent(counts),
      nextCursor: body.nextCursor,
    },
  };
});
