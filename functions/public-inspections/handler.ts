// The public record of random inspections (一公开, SPEC §13), for anyone, without signing in:
//
//   GET /public/inspections[?limit=&cursor=]   every round, newest first (planned ones too: a plan's hash is public before its draw)
//   GET /public/inspections/{inspectionId}     the plan's text and hash, the public value and its source, the seed, the draw, the results
//
// Everything needed to rerun the draw is in the record (domain/inspection-draw.ts says how); never
// who recorded a result or the case a violation opened. Limited per source address (functions/lib/http.ts).

import { publicInspection } from '#domain/inspections.ts';
import { noQuerySchema, pageQuerySchema } from '#domain/queries.schema.ts';
import { cursorsFor, PUBLIC_READER } from '#lib/cursors.ts';
import { notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { InspectionStore, inspectionsCursorShape } from '#lib/inspection-store.ts';
import { idParam, queryParams } from '#lib/request.ts';

export const handler = httpFunction('publicInspections', async (event) => {
  const rounds = new InspectionStore();
  if (event.routeKey === 'GET /public/inspections') {
    const { limit, cursor } = queryParams(pageQuerySchema(), event);
    const cursors = cursorsFor(event, PUBLIC_READER, inspectionsCursorShape);
    const { items, nextKey } = await rounds.listSummaries({ limit, startKey: await cursors.open(cursor) });
    return { status: 200, body: await cursors.page(items, nextKey) };
  }
  queryParams(noQuerySchema, event);
  const inspectionId = idParam(event, 'inspectionId');
  const round = await rounds.get(inspectionId);
  if (!round) throw notFound();
  return { status: 200, body: publicInspection(round) };
});
