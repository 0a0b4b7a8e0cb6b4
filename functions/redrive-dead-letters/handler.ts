// POST /dead-letters/redrive — moves dead-lettered messages back to their source queues (SPEC §8):
// each is sent there with the same body, then deleted from the dead-letter queue. Supervisor only.
// Asking twice is harmless: a message already moved is simply not found the second time.

import { mayCall } from '#domain/access.ts';
import { redriveRequestSchema } from '#domain/dead-letters.schema.ts';
import { QUEUE_NAMES } from '#lib/config.ts';
import { redriveDeadLetters } from '#lib/dead-letters.ts';
import { forbidden } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

export const handler = httpFunction('redriveDeadLetters', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /dead-letters/redrive', caller.role)) throw forbidden();
  const { queue, messageIds } = validate(redriveRequestSchema, jsonBody(event), event);
  const result = await redriveDeadLetters(queue ? [queue] : QUEUE_NAMES, messageIds);
  log.info('dead letters redriven', { by: caller.sub, ...result, notFound: result.notFound.length });
  return { status: 200, body: result };
});
