// GET and POST /cases/{caseId}/messages — the case's messages (SPEC §10): the open channel (both
// parties and the handler) and the two caucus channels (背对背: the handler and one party). A
// message is a timeline event written like an action's, in one transaction with the case. Who reads
// and writes which channel: domain/access.ts. Unreadable case: 404; a reader of the case who reads
// no channel, or asks for one it may not read: 403.

import { canReadCase, MESSAGE_CHANNELS, MESSAGE_EVENT, mayReadChannel, readsMessages } from '#domain/access.ts';
import { messageOf, messagesQuerySchema, postMessageSchema } from '#domain/case-messages.ts';
import { postMessage } from '#domain/lifecycle.ts';
import { commit, refusal } from '#lib/case-change.ts';
import { listTimelinePage, timelineCursorShape } from '#lib/case-lists.ts';
import { getCase } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { cursorsFor } from '#lib/cursors.ts';
import { forbidden, notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { idempotencyKeyOf, idempotent } from '#lib/idempotency.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, caseIdParam, jsonBody, queryParams, validate } from '#lib/request.ts';

export const handler = httpFunction('caseMessages', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });

  if (event.requestContext.http.method === 'POST') {
    const body = jsonBody(event);
    return idempotent(event, { sub: caller.sub, key: idempotencyKeyOf(event), body }, async () => {
      const input = validate(postMessageSchema, body, event);
      const found = await getCase(caseId);
      if (!found || !canReadCase(caller, found)) throw notFound();
      const result = postMessage(found, input, { caller, now: now() });
      if (!result.ok) throw refusal(event, result.error, found);
      await commit(event, found, result);
      const message = messageOf(result.event);
      log.info('message posted', { channel: input.channel, seq: message.seq });
      return { status: 201, body: message };
    });
  }

  const { channel, limit, cursor } = queryParams(messagesQuerySchema, event);
  const found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  if (!readsMessages(caller, found) || (channel && !mayReadChannel(caller, found, channel))) throw forbidden();
  const channels = channel ? [channel] : MESSAGE_CHANNELS.filter((c) => mayReadChannel(caller, found, c));
  // The cursor is bound to the channels asked for: a cursor of the open channel does not continue a caucus.
  const cursors = cursorsFor(event, caller, timelineCursorShape(caseId), { channels });
  const startKey = await cursors.open(cursor);
  const { events, nextKey } = await listTimelinePage(caseId, { limit, startKey }, { type: MESSAGE_EVENT, channels });
  return { status: 200, body: await cursors.page(events.map(messageOf), nextKey) };
});
