// POST /complaints — a rights holder files a complaint: validate, store the case `submitted`
// with its first timeline event, hand it to the intake queue, answer 202.
// If the queue is unreachable the case still stands: the reconciler re-drives unrouted cases.

import { randomUUID } from 'node:crypto';
import { mayCall } from '#domain/access.ts';
import { newCase } from '#domain/case.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { cstDate } from '#domain/calendar.ts';
import { fileCase } from '#lib/filing.ts';
import { now } from '#lib/clock.ts';
import { forbidden } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { idempotencyKeyOf, idempotent } from '#lib/idempotency.ts';
import { addLogContext } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

export const handler = httpFunction('submitComplaint', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /complaints', caller.role)) throw forbidden();
  const body = jsonBody(event);
  return idempotent(event, { sub: caller.sub, key: idempotencyKeyOf(event), body }, async () => {
    const at = now();
    const complaint = validate(complaintSchema(cstDate(at)), body, event);

    const caseId = randomUUID();
    addLogContext({ caseId });
    // Stored, then handed to the intake queue (functions/lib/filing.ts, shared with offline intake).
    const filed = await fileCase(at, (caseNumber) => newCase({ caseId, caseNumber, owner: caller, complaint, now: at.toISOString() }));
    return { status: 202, body: { caseId, caseNumber: filed.case.caseNumber, status: filed.case.status } };
  });
});
