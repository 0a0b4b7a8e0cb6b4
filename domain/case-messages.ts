// Case messages (SPEC §10): what POST /cases/{id}/messages takes, what GET answers. A message is a
// timeline event (`message_posted`, its text stored with it, so the hash chain covers it); who
// reads and writes which channel is the access policy's (access.ts).

import * as z from 'zod/mini';
import { MESSAGE_CHANNELS, type MessageChannel } from './access.ts';
import { evidenceItemSchema } from './documents.schema.ts';
import { textSchema } from './fields.schema.ts';
import { cursorSchema, limitSchema, DEFAULT_PAGE_SIZE } from './queries.schema.ts';
import type { Evidence, Role } from './model.ts';
import type { TimelineEvent } from './timeline.ts';

export const MAX_MESSAGE_EVIDENCE = 20;

export const postMessageSchema = z.strictObject({
  channel: z.enum(MESSAGE_CHANNELS),
  text: textSchema(1, 5000, { multiline: true }),
  evidence: z.optional(z.array(evidenceItemSchema).check(z.maxLength(MAX_MESSAGE_EVIDENCE))),
});
export type PostMessage = z.output<typeof postMessageSchema>;

export const messagesQuerySchema = z.strictObject({
  channel: z.optional(z.enum(MESSAGE_CHANNELS)),
  limit: limitSchema(DEFAULT_PAGE_SIZE),
  cursor: cursorSchema,
});

export interface Message {
  seq: number;
  at: string;
  channel: MessageChannel;
  author: { role: Role | 'system'; side: 'complainant' | 'respondent' | 'handler' };
  text: string;
  evidence: Evidence[];
}

/** A `message_posted` event as a message. */
export function messageOf(event: TimelineEvent): Message {
  const data = event.data as { channel: MessageChannel; text: string; side: Message['author']['side']; evidence?: Evidence[] };
  return {
    seq: event.seq,
    at: event.at,
    channel: data.channel,
    author: { role: event.actor.role, side: data.side },
    text: data.text,
    evidence: data.evidence ?? [],
  };
}
