// Parsing the pipeline's own queue messages. A message that does not parse will never succeed:
// it fails, is retried a bounded number of times, and lands in the dead-letter queue.

import * as z from 'zod/mini';
import { PATHS } from '#domain/model.ts';

const routingMessageSchema = z.object({
  caseId: z.uuid(),
  path: z.optional(z.enum(PATHS)),
});

export type ParsedRoutingMessage = z.infer<typeof routingMessageSchema>;

export function parseRoutingMessage(body: string): ParsedRoutingMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('routing message is not JSON');
  }
  const result = routingMessageSchema.safeParse(parsed);
  if (!result.success) throw new Error(`routing message is malformed: ${z.prettifyError(result.error)}`);
  return result.data;
}
