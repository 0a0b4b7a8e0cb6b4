// POST /cases/{caseId}/actions — one step of the case lifecycle (SPEC §4): validate the action,
// let the domain decide (who, version, state, guards), store the change with its timeline event
// in one transaction (with the invitation item, for an invitation), answer the whole case.

import { actionSchema } from '#domain/actions.schema.ts';
import { cstDate } from '#domain/calendar.ts';
import { act } from '#domain/lifecycle.ts';
import { canReadCase } from '#domain/access.ts';
import { calendarInForce, deadlineRules, warnIfCalendarIncomplete } from '#lib/calendar.ts';
import { commit } from '#lib/case-change.ts';
import { getCase } from '#lib/case-store.ts';
import { caseViewOf } from '#lib/case-view.ts';
import { now } from '#lib/clock.ts';
import { notFound } from '#lib/errors.ts';
import { httpFunction } from '#lib/http.ts';
import { idempotencyKeyOf, idempotent } from '#lib/idempotency.ts';
import { getInvitation, newInvitationWrite } from '#lib/invitations.ts';
import { publicDecisionWrite } from '#lib/public-register.ts';
import type { Case } from '#domain/model.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, caseIdParam, jsonBody, validate } from '#lib/request.ts';

export const handler = httpFunction('caseAction', async (event) => {
  const caller = callerOf(event);
  const caseId = caseIdParam(event);
  addLogContext({ caseId });
  const body = jsonBody(event);
  return idempotent(event, { sub: caller.sub, key: idempotencyKeyOf(event), body }, async () => {
    const at = now();
    const input = validate(actionSchema(cstDate(at)), body, event);
    const found = await getCase(caseId);
    if (!found || !canReadCase(caller, found)) throw notFound();
    const result = act(found, input, { caller, now: at, calendar: await calendarInForce(), rules: deadlineRules() });
    // An invitation's code is sent by the notices; its hash is written with the action (SPEC §10).
    const invitation =
      input.action === 'invite_respondent'
        ? async (accepted: { case: Case }) => [
            await newInvitationWrite(caseId, accepted.case.invitation!, input.contact, await getInvitation(caseId), at),
          ]
        : undefined;
    // A penalty decision enters the public register with it (SPEC §12 一公开).
    const published =
      input.action === 'issue_penalty'
        ? async (accepted: { case: Case }) => publicDecisionWrite(accepted.case, at.toISOString())
        : undefined;
    const changed = await commit(event, found, result, invitation ?? published);
    warnIfCalendarIncomplete(changed.deadline);
    log.info('action taken', { action: input.action, status: changed.status, stage: changed.stage, version: changed.version });
    return { status: 200, body: await caseViewOf(changed, caller) };
  });
});
