// GET /stats — shared statistics for the supervisor, court and procuratorate (SPEC §9): counts by
// status, path, right kind and county, median days to resolution per path, open cases overdue.
// Reads the statistics items the writers keep current (a few dozen, whatever the number of cases).

import { mayCall } from '#domain/access.ts';
import { noQuerySchema } from '#domain/queries.schema.ts';
import { caseStats } from '#lib/case-lists.ts';
import { now } from '#lib/clock.ts';
import { forbidden } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { callerOf, queryParams } from '#lib/request.ts';

export const handler = httpFunction('getStats', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('GET /stats', caller.role)) throw forbidden();
  queryParams(noQuerySchema, event);
  const asOf = now().toISOString();
  return { status: 200, body: await caseStats(asOf) };
});
