// GET /cases/{caseId}/integrity — recomputes the case's timeline hash chain over every stored event
// and checks it ends at the head the case recorded (SPEC §8): `{valid, events, head}` or
// `{valid: false, events, brokenAt}`. Readers of the case only; otherwise 404.

import { checkTimeline } from '#domain/integrity.ts';
import { canReadCase } from '#domain/access.ts';
import { getCase } from '#lib/case-store.ts';
import { listTimeline } from '#lib/case-lists.ts';
import { notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, caseIdParam } from '#lib/request.ts';

/** Reads to try when an action lands between reading the case and reading its timeline. */
const ATTEMPTS = 3;

export const handler = httpFunction('checkIntegrity', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  let found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  let report = checkTimeline(await listTimeline(caseId), found.timelineHead);
  for (let attempt = 1; attempt < ATTEMPTS && !report.valid; attempt++) {
    // A state change writes the case and its event in one transaction: if the case is unchanged
    // after the timeline was read, the mismatch is in the stored timeline, not a race with a writer.
    const again = await getCase(caseId);
    if (!again || again.version === found.version) break;
    found = again;
    report = checkTimeline(await listTimeline(caseId), found.timelineHead);
  }
  if (!report.valid) log.warn('timeline integrity broken', { brokenAt: report.brokenAt, events: report.events });
  return { status: 200, body: report };
});
