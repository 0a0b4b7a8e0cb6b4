// POST /complaints/offline — offline intake (线上线下): a supervisor or a handler registers a complaint
// brought in on paper or at a protection workstation, on the complainant's behalf. Filed as an online
// complaint is (stored `submitted`, routed through the intake queue, re-driven by the reconciler), with
// who entered it and the paper record's reference, owned by nobody until the complainant takes it over
// online with the code made here: sent to the complaint's contact by the notices, and shown once in
// this answer for the paper receipt. The code is never stored — not in the table, not in the stored
// answer of an Idempotency-Key (a replay derives it again while it is still unused).

import { randomUUID } from 'node:crypto';
import { mayCall } from '#domain/access.ts';
import { cstDate } from '#domain/calendar.ts';
import { isLocked } from '#domain/invitations.ts';
import { newOfflineCase, offlineIntakeSchema } from '#domain/offline-intake.ts';
import { now } from '#lib/clock.ts';
import { forbidden } from '#lib/errors.ts';
import { fileCase } from '#lib/filing.ts';
import { httpFunction } from '#lib/http.ts';
import { idempotencyKeyOf, idempotent } from '#lib/idempotency.ts';
import { invitationCode } from '#lib/invitation-codes.ts';
import { getInvitation, newTakeoverWrite } from '#lib/invitations.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

interface Answer {
  caseId: string;
  caseNumber: string;
  status: string;
  takeover: { expiresAt: string; code?: string };
}

/** The answer with the takeover code, while the code is still the case's, unused and valid. */
async function withCode(body: Answer, at: Date): Promise<Answer> {
  const item = await getInvitation(body.caseId, 'complainant');
  if (!item?.codeHash || Date.parse(item.expiresAt) <= at.getTime() || isLocked(item, at)) return body;
  return { ...body, takeover: { expiresAt: item.expiresAt, code: await invitationCode(body.caseId, item.seq, 'complainant') } };
}

export const handler = httpFunction('offlineIntake', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /complaints/offline', caller.role)) throw forbidden();
  const body = jsonBody(event);
  const at = now();
  const answer = await idempotent(event, { sub: caller.sub, key: idempotencyKeyOf(event), body }, async () => {
    const today = cstDate(at);
    const { complaint, intake } = validate(offlineIntakeSchema(today), body, event);
    const caseId = randomUUID();
    addLogContext({ caseId });
    const filed = await fileCase(
      at,
      (caseNumber) => newOfflineCase({ caseId, caseNumber, complaint, intake, enteredBy: caller, now: at, today }),
      async (t) => {
        const { takeover } = t.case.intake!;
        const { email, phone } = complaint.complainant.contact;
        const contact = { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
        return [
          await newTakeoverWrite(caseId, { seq: takeover.codeSeq, issuedAt: at.toISOString(), expiresAt: takeover.expiresAt }, contact),
        ];
      },
    );
    log.info('complaint entered offline', { channel: intake.channel });
    const stored: Answer = {
      caseId,
      caseNumber: filed.case.caseNumber,
      status: filed.case.status,
      takeover: { expiresAt: filed.case.intake!.takeover.expiresAt },
    };
    return { status: 202, body: stored };
  });
  if (answer.status !== 202) return answer;
  return { ...answer, body: await withCode(answer.body as Answer, at) };
});
