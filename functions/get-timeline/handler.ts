// GET /cases/{caseId}/timeline — the case's events, oldest first, for readers of the case;
// unreadable or unknown is 404 (SPEC §2). Internal events reach parties, and events naming a case
// the reader may not read reach it at all, only as stubs that keep the chain verifiable (SPEC §2.1).

import { canReadCase, duplicateNeedsOtherCase, eventShownAs } from '#domain/access.ts';
import { pageQuerySchema, MAX_PAGE_SIZE } from '#domain/queries.schema.ts';
import { answerEvent } from '#domain/timeline-view.ts';
import { getCase } from '#lib/case-store.ts';
import { listTimelinePage, timelineCursorShape } from '#lib/case-lists.ts';
import { notFound } from '#lib/errors.ts';
import { cursorsFor } from '#lib/cursors.ts';
import { httpFunction } from '#lib/http.ts';
import { addLogContext } from '#lib/log.ts';
import { callerOf, caseIdParam, queryParams } from '#lib/request.ts';

const querySchema = pageQuerySchema(MAX_PAGE_SIZE);

export const handler = httpFunction('getTimeline', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  const { limit, cursor } = queryParams(querySchema, event);
  const found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  const cursors = cursorsFor(event, caller, timelineCursorShape(caseId));
  const startKey = await cursors.open(cursor);
  const duplicateId = found.flags.possibleDuplicateOf;
  const [{ events, nextKey }, duplicate] = await Promise.all([
    listTimelinePage(caseId, { limit, startKey }),
    duplicateId && duplicateNeedsOtherCase(caller, found.flags) ? getCase(duplicateId) : null,
  ]);
  const items = events.map((e) => answerEvent(e, eventShownAs(caller, e, found, duplicate)));
  return { status: 200, body: await cursors.page(items, nextKey) };
});
