// POST /cases/{caseId}/claim — a handler of the case's path takes a queued case from the work
// queue. Concurrent claims: one wins, the others get 409.

import { claim } from '#domain/lifecycle.ts';
import { canReadCase } from '#domain/access.ts';
import { commit } from '#lib/case-change.ts';
import { getCase } from '#lib/case-store.ts';
import { caseViewOf } from '#lib/case-view.ts';
import { now } from '#lib/clock.ts';
import { notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, caseIdParam } from '#lib/request.ts';

export const handler = httpFunction('claimCase', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  const claimed = await commit(event, found, claim(found, { caller, now: now() }));
  log.info('case claimed', { assignee: caller.sub });
  return { status: 200, body: await caseViewOf(claimed, caller) };
});
