// GET /public/credit-list — the respondents on the credit list now (SPEC §12), for anyone, without
// signing in: name, credit code, listing period, the reason and the decisions it rests on. A listing
// whose period is over is no longer shown (read at the request's time: nothing has to run for it to
// leave). Limited per source address (functions/lib/http.ts).

import { listedAt, publicEntry } from '#domain/credit-list.ts';
import { noQuerySchema } from '#domain/queries.schema.ts';
import { now } from '#lib/clock.ts';
import { CreditStore } from '#lib/credit-store.ts';
import { httpFunction } from '#lib/http.ts';
import { queryParams } from '#lib/request.ts';

export const handler = httpFunction('publicCreditList', async (event) => {
  queryParams(noQuerySchema, event);
  const at = now();
  const listed = (await new CreditStore().listEntries()).filter((e) => listedAt(e, at)).map(publicEntry);
  return {
    status: 200,
    body: { asOf: at.toISOString(), items: listed.sort((a, b) => (b.listedAt ?? '').localeCompare(a.listedAt ?? '')) },
  };
});
