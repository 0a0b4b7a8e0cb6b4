// GET /cases — the cases the caller may read (SPEC §2: own, own path's, transferred to police, or all),
// filtered by status, path, county, respondent or case number; newest first; `{items, nextCursor}`.

import { canReadCase } from '#domain/read-policy.ts';
import { listCasesQuerySchema } from '#domain/queries.schema.ts';
import { meetsConditions, planCaseList } from '#lib/case-query.ts';
import { caseCursorShape, findCaseByNumber, queryCases } from '#lib/case-store.ts';
import { caseView } from '#lib/case-view.ts';
import { languageOf, httpFunction } from '#lib/http.ts';
import { decodeCursor, invalidCursor, page } from '#lib/pagination.ts';
import { callerOf, queryParams } from '#lib/request.ts';

export const handler = httpFunction('listCases', async (event) => {
  const caller = callerOf(event);
  const { limit, cursor, ...filters } = queryParams(listCasesQuerySchema, event);
  const plan = planCaseList(caller, filters);
  if (plan.kind !== 'index') {
    // No next page is ever handed out for these, so no cursor can continue them.
    if (cursor !== undefined) throw invalidCursor(languageOf(event));
    const found = plan.kind === 'caseNumber' ? await findCaseByNumber(plan.caseNumber) : null;
    const matches = plan.kind === 'caseNumber' && found && canReadCase(caller, found) && meetsConditions(found, plan.conditions);
    return { status: 200, body: page(matches ? [caseView(found, caller)] : [], null) };
  }
  const startKey = decodeCursor(cursor, caseCursorShape(plan.query), languageOf(event));
  const { cases, nextKey } = await queryCases(plan.query, { limit, startKey }, { keep: (c) => canReadCase(caller, c) });
  return { status: 200, body: page(cases.map((c) => caseView(c, caller)), nextKey) };
});
