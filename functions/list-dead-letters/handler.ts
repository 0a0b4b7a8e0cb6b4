// GET /dead-letters — the operators' view of poison messages (SPEC §8, §9): what sits in each
// queue's dead-letter queue (or `?queue=`'s), read without consuming it, joined with the failure
// record the queue function left (error, attempts, first and last failure). Supervisor only.
// SQS cannot page a queue: `limit` caps the answer, `nextCursor` is always null, `depth` counts.

import { mayCall } from '#domain/access.ts';
import { deadLetterQuerySchema } from '#domain/dead-letters.schema.ts';
import { QUEUE_NAMES } from '#lib/config.ts';
import { listDeadLetters } from '#lib/dead-letters.ts';
import { forbidden } from '#lib/errors.ts';
import { httpFunction, languageOf } from '#lib/http.ts';
import { invalidCursor } from '#lib/pagination.ts';
import { callerOf, queryParams } from '#lib/request.ts';

export const handler = httpFunction('listDeadLetters', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('GET /dead-letters', caller.role)) throw forbidden();
  const { queue, limit, cursor } = queryParams(deadLetterQuerySchema, event);
  // No answer ever hands out a cursor, so none can be valid.
  if (cursor !== undefined) throw invalidCursor(languageOf(event));
  return { status: 200, body: await listDeadLetters(queue ? [queue] : QUEUE_NAMES, limit) };
});
