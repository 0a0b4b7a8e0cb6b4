// GET /cases/{caseId}/timeline — the case's events, oldest first, for readers of the case;
// unreadable or unknown is 404 (SPEC §2).

import { canReadCase } from '#domain/read-policy.ts';
import { pageQuerySchema, MAX_PAGE_SIZE } from '#domain/queries.schema.ts';
import { getCase, listTimelinePage, timelineCursorShape } from '#lib/case-store.ts';
import { notFound } from '#lib/errors.ts';
import { httpFunction, languageOf } from '#lib/http.ts';
import { addLogContext } from '#lib/log.ts';
import { decodeCursor, page } from '#lib/pagination.ts';
import { callerOf, caseIdParam, queryParams } from '#lib/request.ts';

const querySchema = pageQuerySchema(MAX_PAGE_SIZE);

export const handler = httpFunction('getTimeline', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  const { limit, cursor } = queryParams(querySchema, event);
  const found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  const startKey = decodeCursor(cursor, timelineCursorShape(caseId), languageOf(event));
  const { events, nextKey } = await listTimelinePage(caseId, { limit, startKey });
  const items = events.map(({ seq, at, type, actor, data, prevHash, hash }) => ({
    seq,
    at,
    type,
    actor: { role: actor.role, sub: actor.sub },
    data,
    prevHash,
    hash,
  }));
  return { status: 200, body: page(items, nextKey) };
});
