// GET /cases/{caseId} — the case as its reader may see it; unreadable or unknown is 404.

import { canReadCase } from '#domain/access.ts';
import { getCase } from '#lib/case-store.ts';
import { caseViewOf } from '#lib/case-view.ts';
import { notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { addLogContext } from '#lib/log.ts';
import { callerOf, caseIdParam } from '#lib/request.ts';

export const handler = httpFunction('getCase', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  return { status: 200, body: await caseViewOf(found, caller) };
});
