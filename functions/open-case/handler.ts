// POST /cases — an officer opens an administrative enforcement case on a lead of its own (依职权立案,
// SPEC §12): stored in progress at filing review, assigned to the officer, with its case number and
// filing clock, in one transaction. The matter must belong to the officer's agency.

import { randomUUID } from 'node:crypto';
import { canReadCase, mayCall, officerAgency } from '#domain/access.ts';
import { cstDate } from '#domain/calendar.ts';
import { domainMessage } from '#domain/messages.ts';
import { agencyOfInput, newOfficerCase, officerCaseSchema } from '#domain/officer-cases.ts';
import { calendarInForce, deadlineRules, warnIfCalendarIncomplete } from '#lib/calendar.ts';
import { createNumberedCase } from '#lib/case-numbers.ts';
import { caseViewOf } from '#lib/case-view.ts';
import { now } from '#lib/clock.ts';
import { ApiError, forbidden } from '#lib/errors.ts';
import { httpFunction, languageOf } from '#lib/http.ts';
import { idempotencyKeyOf, idempotent } from '#lib/idempotency.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

export const handler = httpFunction('openCase', async (event) => {
  const caller = callerOf(event);
  if (!mayCall('POST /cases', caller.role)) throw forbidden();
  const body = jsonBody(event);
  return idempotent(event, { sub: caller.sub, key: idempotencyKeyOf(event), body }, async () => {
    const at = now();
    const input = validate(officerCaseSchema(cstDate(at)), body, event);
    const agency = officerAgency(caller);
    if (agencyOfInput(input) !== agency) {
      const reason = 'enforcement.other_agency';
      throw new ApiError('VALIDATION_FAILED', [{ path: 'matter', message: domainMessage(reason, languageOf(event)) ?? reason }]);
    }
    const caseId = randomUUID();
    addLogContext({ caseId });
    const calendar = await calendarInForce();
    const opened = await createNumberedCase(at, (caseNumber) =>
      newOfficerCase({ caseId, caseNumber, body: input, officer: { sub: caller.sub, agency }, now: at, calendar, rules: deadlineRules() }),
    );
    warnIfCalendarIncomplete(opened.case.deadline);
    log.info('case opened by an officer', { caseNumber: opened.case.caseNumber, agency, matter: input.matter, source: input.lead.source });
    // The officer reads what it opened (its agency's case); the check keeps the answer honest if that ever changes.
    if (!canReadCase(caller, opened.case)) throw forbidden();
    return { status: 201, body: await caseViewOf(opened.case, caller) };
  });
});
