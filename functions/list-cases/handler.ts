// GET /cases — the cases the caller may read (SPEC §2: own, own path's, transferred to police, or all),
// filtered by status, path, county, respondent or case number; newest first; `{items, nextCursor}`.

import { canReadCase } from '#domain/access.ts';
import { listCasesQuerySchema } from '#domain/queries.schema.ts';
import { meetsConditions, planCaseList } from '#lib/case-query.ts';
import { caseCursorShape, findCaseByNumber, queryCases } from '#lib/case-lists.ts';
import { caseViews } from '#lib/case-view.ts';
import { languageOf, httpFunction } from '#lib/http.ts';
import { cursorsFor } from '#lib/cursors.ts';
import { invalidCursor, page } from '#lib/pagination.ts';
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
    return { status: 200, body: page(matches ? await caseViews([found], caller) : [], null) };
  }
  const cursors = cursorsFor(event, caller, caseCursorShape(plan.query), plan.query);
  const startKey = await cursors.open(cursor);
  const { cases, nextKey } = await queryCases(plan.query, { limit, startKey }, { keep: (c) => canReadCase(caller, c) });
  return { status: 200, body: await cursors.page(await caseViews(cases, caller), nextKey) };
});
