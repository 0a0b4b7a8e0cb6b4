// Storing a lifecycle decision and turning a refusal into the SPEC §4/§9 answer: forbidden → 403,
// stale version or a move the table doesn't allow → 409 with the current status, stage and version,
// a failed guard → 400 naming the field. A lost race (another writer changed the case between our
// read and our write) is a stale version too: exactly one concurrent writer wins.

import { domainMessage } from '#domain/messages.ts';
import type { ActionError, ActionResult } from '#domain/lifecycle.ts';
import type { Case } from '#domain/model.ts';
import { getCase, writeCases, WriteConflict, type SideWrite } from './case-store.ts';
import { ApiError } from './errors.ts';
import { languageOf, type HttpEvent } from './http.ts';

function conflictError(
  event: HttpEvent,
  reason: string,
  current: { status: string; stage: string | null; version: number },
  path: string,
): ApiError {
  const message = domainMessage(reason, languageOf(event)) ?? reason;
  return new ApiError('CONFLICT', [{ path, message, reason, ...current }], { current }, message);
}

export function refusal(event: HttpEvent, error: ActionError, c: Case): ApiError {
  const current = { status: c.status, stage: c.stage, version: c.version };
  switch (error.kind) {
    case 'forbidden':
      return new ApiError('FORBIDDEN');
    case 'stale':
      return conflictError(event, 'version.stale', current, 'expectedVersion');
    case 'conflict':
      return conflictError(event, error.reason, current, 'action');
    case 'invalid':
      return new ApiError('VALIDATION_FAILED', [
        { path: error.path, message: domainMessage(error.message, languageOf(event)) ?? error.message },
      ]);
  }
}

/**
 * Stores an accepted change (guarded by the version read) or throws the refusal. `also`: items
 * the change writes besides the case (made once the change is known to be accepted).
 */
export async function commit(
  event: HttpEvent,
  before: Case,
  result: ActionResult,
  also?: (accepted: Extract<ActionResult, { ok: true }>) => Promise<SideWrite[]>,
): Promise<Case> {
  if (!result.ok) throw refusal(event, result.error, before);
  try {
    await writeCases([
      {
        transition: { case: result.case, events: [result.event] },
        expectedVersion: before.version,
        before,
        ...(also ? { also: await also(result) } : {}),
      },
    ]);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    const current = (await getCase(before.caseId)) ?? before;
    throw refusal(event, { kind: 'stale', version: current.version }, current);
  }
  return result.case;
}
