// The operators' requests about poison messages (SPEC §8, §9): the query string of GET /dead-letters
// and the body of POST /dead-letters/redrive. Apart from the answers (api.schema.ts), so that the two
// functions that validate these bundle neither those schemas nor what they need of zod.

import * as z from 'zod/mini';
import { PATHS } from './model.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, cursorSchema, limitSchema } from './queries.schema.ts';

/** The pipeline's queues and the notices', each with its dead-letter queue. */
export const QUEUE_IDS = ['intake', ...PATHS, 'notifications'] as const;
export const queueId = z.enum(QUEUE_IDS);
/** SQS message ids are UUIDs in practice; the API only bounds their shape. */
const messageId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/), z.describe('The SQS message id, as listed by GET /dead-letters.'));

/** Query string of GET /dead-letters. */
export const deadLetterQuerySchema = z.strictObject({
  queue: z.optional(queueId).check(z.describe('Only this queue’s dead-letter queue; omit for every queue.')),
  limit: limitSchema(DEFAULT_PAGE_SIZE).check(
    z.describe(
      `At most this many messages (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}). SQS cannot page a queue: this caps the answer, and \`nextCursor\` is always null — \`depth\` tells how many are waiting.`,
    ),
  ),
  cursor: cursorSchema.check(z.describe('Never valid: the answer has no next page (`nextCursor` is always null).')),
});

export const redriveRequestSchema = z
  .strictObject({
    queue: z.optional(queueId).check(z.describe('Only this queue’s dead-letter queue; omit for every queue.')),
    messageIds: z
      .optional(z.array(messageId).check(z.minLength(1), z.maxLength(100)))
      .check(z.describe('Only these messages (ids from GET /dead-letters); omit to redrive up to 100 messages.')),
  })
  .check(
    z.describe(
      'Moves dead-lettered messages back to their source queue: sent there with the same body, then deleted from the dead-letter queue.',
    ),
  );
