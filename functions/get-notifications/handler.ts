// GET /cases/{caseId}/notifications — who was told what about the case, through which channel, and
// whether it went out (SPEC §11): for the case's handlers and the supervisor. A case the caller may
// not read is 404; a reader of it who is neither (a party, the court…) is 403. Addresses of the
// parties are masked for those who do not see their contact details (SPEC §2.1).

import { canReadCase, mayCall, mayReadNotices, seesContactDetails, type Caller } from '#domain/access.ts';
import { maskEmail, maskPhone } from '#domain/contact-masking.ts';
import type { Case } from '#domain/model.ts';
import { getCase } from '#lib/case-store.ts';
import { forbidden, notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { addLogContext } from '#lib/log.ts';
import { listDeliveries, type Delivery } from '#lib/notices.ts';
import { callerOf, caseIdParam } from '#lib/request.ts';

function view(d: Delivery, caller: Caller, c: Case) {
  const party = d.recipient === 'complainant' || d.recipient === 'respondent' ? d.recipient : null;
  const masked = party !== null && !seesContactDetails(caller, c, party);
  return {
    noticeId: d.noticeId,
    seq: d.seq,
    eventType: d.eventType,
    recipient: d.recipient,
    channel: d.channel,
    address: masked ? (d.channel === 'email' ? maskEmail(d.address) : maskPhone(d.address)) : d.address,
    language: d.language,
    statutory: d.statutory,
    // `sending` is a notifier at work on it: still queued to whoever asks.
    status: d.status === 'sending' ? 'queued' : d.status,
    attempts: d.attempts,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    sentAt: d.sentAt ?? null,
    lastError: d.status === 'failed' ? (d.lastError ?? null) : null,
  };
}

export const handler = httpFunction('getNotifications', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  const found = await getCase(caseId);
  if (!found || !canReadCase(caller, found)) throw notFound();
  if (!mayCall('GET /cases/{caseId}/notifications', caller.role) || !mayReadNotices(caller, found)) throw forbidden();
  const deliveries = await listDeliveries(caseId);
  return { status: 200, body: { items: deliveries.map((d) => view(d, caller, found)) } };
});
