// Random inspections (双随机、一公开, SPEC §13) for the agencies: plan a round (frozen and hashed before
// the draw), draw it with a public value, record each drawn target's result — a violation opens an
// officer-initiated enforcement case in the same transaction (SPEC §12) — and read the rounds.
//
//   POST /inspections                              supervisor; an agency's lead officer for its agency
//   GET  /inspections[?agency=&limit=&cursor=]     supervisor; officers: their agency's rounds
//   GET  /inspections/{inspectionId}               supervisor; the agency's officers: the round and its events
//   POST /inspections/{inspectionId}/draw          supervisor; the agency's lead officer
//   POST /inspections/{inspectionId}/results       supervisor; an officer drawn for the target
//
// A round of another agency does not exist for an officer: 404.

import { randomUUID } from 'node:crypto';
import { mayCall, mayLeadInspections, mayReadInspections, officerAgency, type Caller } from '#domain/access.ts';
import { cstDate } from '#domain/calendar.ts';
import {
  caseAssigneeOf,
  drawRound,
  freezePlan,
  frozenPlanOf,
  inspectionDrawSchema,
  inspectionLead,
  inspectionPlanSchema,
  inspectionResultSchema,
  inspectionsQuerySchema,
  recordResult,
  type Inspection,
  type InspectionChange,
  type InspectionError,
  type InspectionResultInput,
} from '#domain/inspections.ts';
import { domainMessage } from '#domain/messages.ts';
import { newOfficerCase } from '#domain/officer-cases.ts';
import type { Transition } from '#domain/case.ts';
import { calendarInForce, deadlineRules } from '#lib/calendar.ts';
import { numberCase, logNumberGap } from '#lib/case-numbers.ts';
import { WriteConflict, writeCases } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { cursorsFor } from '#lib/cursors.ts';
import { ApiError, forbidden, notFound } from '#lib/errors.ts';
import { httpFunction, languageOf, type HttpEvent } from '#lib/http.ts';
import { idempotencyKeyOf, idempotent } from '#lib/idempotency.ts';
import { InspectionStore, inspectionsCursorShape } from '#lib/inspection-store.ts';
import { respondentsMatching } from '#lib/inspection-targets.ts';
import { addLogContext, log } from '#lib/log.ts';
import { callerOf, idParam, jsonBody, queryParams, validate } from '#lib/request.ts';

function refusal(event: HttpEvent, error: InspectionError): ApiError {
  const message = (reason: string) => domainMessage(reason, languageOf(event)) ?? reason;
  if (error.kind === 'forbidden') return forbidden();
  if (error.kind === 'invalid') return new ApiError('VALIDATION_FAILED', [{ path: error.path, message: message(error.message) }]);
  const current = { status: error.status, version: error.version };
  return new ApiError(
    'CONFLICT',
    [{ path: 'inspectionId', message: message(error.reason), reason: error.reason, ...current }],
    { current },
    message(error.reason),
  );
}

/** The round as the agencies read it: the plan parsed beside its text, without the chain head. */
function view(i: Inspection) {
  const { head: _head, ...rest } = i;
  return { ...rest, plan: frozenPlanOf(i) };
}

async function store(change: InspectionChange | InspectionError, expectedVersion: number, event: HttpEvent, rounds: InspectionStore) {
  if ('kind' in change) throw refusal(event, change);
  try {
    await rounds.write(change, expectedVersion);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    throw await lostRace(event, change.inspection.inspectionId, rounds);
  }
  log.info('inspection round changed', {
    inspectionId: change.inspection.inspectionId,
    event: change.event.type,
    status: change.inspection.status,
  });
  return change.inspection;
}

async function lostRace(event: HttpEvent, inspectionId: string, rounds: InspectionStore): Promise<ApiError> {
  const current = await rounds.get(inspectionId);
  return refusal(event, {
    kind: 'conflict',
    reason: 'version.stale',
    status: current?.status ?? 'planned',
    version: current?.version ?? 0,
  });
}

/** Results of other targets landing at the same moment are not a conflict: the result is recorded again on the round as it is now. */
const RESULT_TRIES = 8;

/** The enforcement case a violation opens (SPEC §12 依职权立案): its number taken now, stored with the result. */
async function violationCase(round: Inspection, input: InspectionResultInput, caller: Caller, at: Date): Promise<Transition> {
  const target = round.draw!.selected.find((t) => t.creditCode === input.creditCode)!;
  const caseId = randomUUID();
  addLogContext({ caseId });
  const calendar = await calendarInForce();
  return numberCase(at, (caseNumber) =>
    newOfficerCase({
      caseId,
      caseNumber,
      body: {
        lead: inspectionLead(round, input.inspectedOn),
        ...input.case!,
        respondent: { name: target.name, creditCode: target.creditCode },
      },
      officer: { sub: caseAssigneeOf(caller, target), agency: round.agency },
      openedBy: { role: caller.role, sub: caller.sub },
      now: at,
      calendar,
      rules: deadlineRules(),
    }),
  );
}

/**
 * A drawn target's result; with a violation, the case it opens is written in the same transaction. A
 * lost race against another target's result is tried again on the round as read again; against this
 * target's own result it is the 409 of a result recorded already.
 */
async function recordTargetResult(
  event: HttpEvent,
  round: Inspection,
  input: InspectionResultInput,
  caller: Caller,
  rounds: InspectionStore,
) {
  let current = round;
  let opened: Transition | null = null;
  for (let attempt = 1; ; attempt++) {
    const at = now();
    const ids = (t: Transition | null) => (t ? { caseId: t.case.caseId, caseNumber: t.case.caseNumber } : null);
    // Checked before a case number is taken: a refused result leaves no gap in the register.
    const checked = recordResult(current, input, caller, at, ids(opened) ?? (input.case ? { caseId: '', caseNumber: '' } : null));
    if ('kind' in checked) {
      if (opened) logNumberGap(opened.case.caseNumber, new Error(`result refused: ${checked.kind}`));
      throw refusal(event, checked);
    }
    if (input.case && !opened) opened = await violationCase(current, input, caller, at);
    const change = opened ? (recordResult(current, input, caller, at, ids(opened)) as InspectionChange) : checked;
    try {
      if (opened) await writeCases([{ transition: opened, expectedVersion: null, also: rounds.writesOf(change, current.version) }]);
      else await rounds.write(change, current.version);
      if (opened)
        log.info('inspection found a violation: case opened', { inspectionId: round.inspectionId, caseNumber: opened.case.caseNumber });
      return change.inspection;
    } catch (error) {
      const fresh = error instanceof WriteConflict && attempt < RESULT_TRIES ? await rounds.get(round.inspectionId) : null;
      if (!fresh) {
        if (opened) logNumberGap(opened.case.caseNumber, error);
        throw error instanceof WriteConflict ? await lostRace(event, round.inspectionId, rounds) : error;
      }
      current = fresh;
    }
  }
}

export const handler = httpFunction('inspections', async (event) => {
  const caller = callerOf(event);
  const route = event.routeKey;
  const rounds = new InspectionStore();
  if (route === 'POST /inspections') {
    if (!mayCall('POST /inspections', caller.role)) throw forbidden();
    const raw = jsonBody(event);
    // A retried request must not freeze a second plan: every frozen plan is public, and two plans for one round look like a steered draw.
    return idempotent(event, { sub: caller.sub, key: idempotencyKeyOf(event), body: raw }, async () => {
      const body = validate(inspectionPlanSchema, raw, event);
      if (!mayLeadInspections(caller, body.agency)) throw forbidden();
      const targets = body.targets ?? (await respondentsMatching(body.agency, body.targetFilter!));
      if (!targets) throw refusal(event, { kind: 'invalid', path: 'targetFilter', message: 'inspection.filter_too_broad' });
      const inspectionId = randomUUID();
      const frozen = freezePlan({ inspectionId, body, targets, actor: { role: caller.role, sub: caller.sub }, now: now() });
      return { status: 201, body: view(await store(frozen, 0, event, rounds)) };
    });
  }
  if (route === 'GET /inspections') {
    if (!mayCall('GET /inspections', caller.role)) throw forbidden();
    const { limit, cursor, agency } = queryParams(inspectionsQuerySchema, event);
    // An officer reads its own agency's rounds whatever it asks for.
    const scope = caller.role === 'officer' ? officerAgency(caller) : agency;
    const cursors = cursorsFor(event, caller, inspectionsCursorShape, { agency: scope ?? null });
    const { items, nextKey } = await rounds.listSummaries({
      limit,
      startKey: await cursors.open(cursor),
      ...(scope ? { agency: scope } : {}),
    });
    return { status: 200, body: await cursors.page(items, nextKey) };
  }
  const gate =
    route === 'POST /inspections/{inspectionId}/draw'
      ? 'POST /inspections/{inspectionId}/draw'
      : route === 'POST /inspections/{inspectionId}/results'
        ? 'POST /inspections/{inspectionId}/results'
        : 'GET /inspections/{inspectionId}';
  if (!mayCall(gate, caller.role)) throw forbidden();
  // The body is read first (415, 413, 400 before anything is looked up), as for a case's actions.
  const drawInput = gate === 'POST /inspections/{inspectionId}/draw' ? validate(inspectionDrawSchema, jsonBody(event), event) : null;
  const resultInput =
    gate === 'POST /inspections/{inspectionId}/results' ? validate(inspectionResultSchema(cstDate(now())), jsonBody(event), event) : null;
  const inspectionId = idParam(event, 'inspectionId');
  const round = await rounds.get(inspectionId);
  if (!round || !mayReadInspections(caller, round.agency)) throw notFound();
  if (drawInput) {
    if (!mayLeadInspections(caller, round.agency)) throw forbidden();
    return { status: 200, body: view(await store(drawRound(round, drawInput, caller, now()), round.version, event, rounds)) };
  }
  if (resultInput) return { status: 200, body: view(await recordTargetResult(event, round, resultInput, caller, rounds)) };
  return { status: 200, body: { ...view(round), events: await rounds.listEvents(inspectionId) } };
});
