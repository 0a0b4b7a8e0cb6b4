// GET /work-queues/{path} — a path's queued cases, highest priority first, then earliest deadline
// (SPEC §5: people never pull from SQS; they read this index). Only the handlers of that path;
// the enforcement queue is one per agency, and an officer reads its own agency's (SPEC §12);
// a `{path}` that is not one of the paths names nothing: 404.

import { officerAgency, pathsHandledBy } from '#domain/access.ts';
import { PATHS, type CasePath } from '#domain/model.ts';
import { workQueueQuerySchema } from '#domain/queries.schema.ts';
import { caseCursorShape, queryCases, type CaseQuery } from '#lib/case-lists.ts';
import { workQueueOf } from '#lib/items.ts';
import { caseViews } from '#lib/case-view.ts';
import { forbidden, notFound } from '#lib/errors.ts';
import { cursorsFor } from '#lib/cursors.ts';
import { httpFunction } from '#lib/http.ts';
import { callerOf, queryParams } from '#lib/request.ts';

const isPath = (s: string | undefined): s is CasePath => (PATHS as readonly string[]).includes(s ?? '');

export const handler = httpFunction('getWorkQueue', async (event) => {
  const caller = callerOf(event);
  const path = event.pathParameters?.['path'];
  if (!isPath(path)) throw notFound();
  if (!pathsHandledBy(caller).includes(path)) throw forbidden();
  const { limit, cursor, countyCode } = queryParams(workQueueQuerySchema, event);
  const query: CaseQuery = {
    index: 'workQueue',
    partition: workQueueOf(path, officerAgency(caller)),
    forward: true,
    conditions: countyCode ? [{ field: 'county', value: countyCode }] : [],
  };
  const cursors = cursorsFor(event, caller, caseCursorShape(query), query);
  const startKey = await cursors.open(cursor);
  const { cases, nextKey } = await queryCases(query, { limit, startKey });
  return { status: 200, body: await cursors.page(await caseViews(cases, caller), nextKey) };
});
