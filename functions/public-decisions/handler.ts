// GET /public/decisions — the public register of administrative penalty decisions (SPEC §12 一公开):
// no sign-in, newest first, paginated; limited per source address (functions/lib/http.ts). Entries
// carry no contact details and mask natural persons' names (domain/public-register.ts).

import { pageQuerySchema } from '#domain/queries.schema.ts';
import { cursorsFor, PUBLIC_READER } from '#lib/cursors.ts';
import { httpFunction } from '#lib/http.ts';
import { listPublicDecisions, publicDecisionsCursorShape } from '#lib/public-register.ts';
import { queryParams } from '#lib/request.ts';

export const handler = httpFunction('publicDecisions', async (event) => {
  const { limit, cursor } = queryParams(pageQuerySchema(), event);
  const cursors = cursorsFor(event, PUBLIC_READER, publicDecisionsCursorShape);
  const { items, nextKey } = await listPublicDecisions({ limit, startKey: await cursors.open(cursor) });
  return { status: 200, body: await cursors.page(items, nextKey) };
});
