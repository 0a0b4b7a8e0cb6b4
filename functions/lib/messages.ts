// Parsing the pipeline's own queue messages. A message that does not parse will never succeed:
// it fails, is retried a bounded number of times, and lands in the dead-letter queue.

import * as z from 'zod/mini';
import { PATHS } from '#domain/model.ts';

const routingMessageSchema = z.object({
  caseId: z.uuid(),
  path: z.optional(z.enum(PATHS)),
});

export type ParsedRoutingMessage = z.infer<typeof routingMessageSchema>;

/** A queue message of the pipeline's own: JSON held to `schema`; what is not fails with what was wrong. */
export function parseQueueMessage<S extends z.core.$ZodType>(schema: S, body: string, kind: string): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`${kind} is not JSON`);
  }
  const result = z.safeParse(schema, parsed);
  if (!result.success) throw new Error(`${kind} is malformed: ${z.prettifyError(result.error)}`);
  return result.data;
}

export function parseRoutingMessage(body: string): ParsedRoutingMessage {
  return parseQueueMessage(routingMessageSchema, body, 'routing message');
}
