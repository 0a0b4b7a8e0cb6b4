// GET /openapi.json — the OpenAPI 3.1 document of this API, public. Built from the zod schemas on
// the first request of a cold start and kept: the schemas do not change while the code runs.
// `today` is the China Standard Time date of that first request; the date-dependent rules (birth
// dates, expiry, signing dates) are refinements JSON Schema cannot show, so the text is the same.
// A public route of a function without the table: no rate limiter, so no DynamoDB client in its bundle.

import { cstDate } from '#domain/calendar.ts';
import { now } from '#lib/clock.ts';
import { publicHttpFunction } from '#lib/http-core.ts';
import { buildOpenApiDocument, type JsonObject } from './document.ts';

let document: JsonObject | undefined;

export const handler = publicHttpFunction('openApi', async () => {
  document ??= buildOpenApiDocument(cstDate(now()));
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
