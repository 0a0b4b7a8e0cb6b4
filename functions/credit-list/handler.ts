// The credit list (SPEC §12, 信用监管、联合惩戒) for the agencies: the entries and each one's audited
// history (supervisor, officers), an officer's nomination, the supervisor's review — start, the
// respondent's statement, list or drop with reasons, the credit repair — and the export of the
// listed respondents for joint punishment by other agencies, as JSON or CSV.
//
//   GET  /credit-list[?status=]                 supervisor, officer
//   GET  /credit-list/{creditCode}              supervisor, officer: the entry and its events
//   POST /credit-list/nominations               officer
//   POST /credit-list/{creditCode}/actions      supervisor
//   GET  /credit-list/export[?format=csv|json]  supervisor, officer, court, procuratorate, police

import * as z from 'zod/mini';
import { canReadCase, mayCall, READS_ALL, type Caller } from '#domain/access.ts';
import {
  actOnEntry,
  CREDIT_STATUSES,
  creditActionSchema,
  creditListCsv,
  listedAt,
  nominate,
  nominationSchema,
  publicEntry,
  statusAt,
  type CreditChange,
  type CreditEntry,
  type CreditEntryView,
  type CreditError,
} from '#domain/credit-list.ts';
import { isValidCreditCode } from '#domain/identifiers/credit-code.ts';
import { domainMessage } from '#domain/messages.ts';
import { calendarInForce } from '#lib/calendar.ts';
import { getCases, WriteConflict } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { CreditStore } from '#lib/credit-store.ts';
import { ApiError, forbidden, notFound } from '#lib/errors.ts';
import { httpFunction, languageOf, type HttpEvent } from '#lib/http.ts';
import { log } from '#lib/log.ts';
import { callerOf, jsonBody, queryParams, validate } from '#lib/request.ts';

const listQuery = z.strictObject({ status: z.optional(z.enum(CREDIT_STATUSES)) });
const exportQuery = z.strictObject({ format: z._default(z.enum(['json', 'csv']), 'json') });

/**
 * The entries as `caller` reads them: a finding names its case only to a reader of that case (SPEC §2:
 * an officer does not learn another agency's cases from the credit list). One read of the cases named.
 */
async function views(entries: readonly CreditEntry[], caller: Caller, at: Date): Promise<CreditEntryView[]> {
  const ids = entries.flatMap((e) => e.findings.map((f) => f.caseId));
  const cases = READS_ALL.includes(caller.role) ? null : await getCases(ids);
  const readable = (caseId: string) => cases === null || (cases.has(caseId) && canReadCase(caller, cases.get(caseId)!));
  return entries.map((entry) => {
    const { head: _head, ...rest } = entry;
    const findings = entry.findings.map((f) => (readable(f.caseId) ? f : { ...f, caseId: null, caseNumber: null }));
    return { ...rest, findings, status: statusAt(entry, at) };
  });
}
const view = async (entry: CreditEntry, caller: Caller, at: Date) => (await views([entry], caller, at))[0]!;

function refusal(event: HttpEvent, error: CreditError): ApiError {
  if (error.kind === 'invalid') return new ApiError('VALIDATION_FAILED', [{ path: error.path, message: error.message }]);
  const reason = error.kind === 'stale' ? 'version.stale' : error.reason;
  const message = domainMessage(reason, languageOf(event)) ?? reason;
  const current = { status: error.kind === 'stale' ? undefined : error.status, version: error.version };
  return new ApiError(
    'CONFLICT',
    [{ path: error.kind === 'stale' ? 'expectedVersion' : 'action', message, reason, ...current }],
    { current },
    message,
  );
}

async function store(change: CreditChange | CreditError, before: CreditEntry | null, event: HttpEvent, credits: CreditStore) {
  if ('kind' in change) throw refusal(event, change);
  try {
    await credits.write(change, before?.version ?? 0);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    const current = await credits.getEntry(change.entry.creditCode);
    throw refusal(event, { kind: 'stale', version: current?.version ?? 0 });
  }
  log.info('credit list changed', { creditCode: change.entry.creditCode, event: change.event.type, status: change.entry.status });
  return change.entry;
}

export const handler = httpFunction('creditList', async (event) => {
  const caller = callerOf(event);
  const route = event.routeKey;
  const credits = new CreditStore();
  const at = now();
  if (route === 'GET /credit-list/export') {
    if (!mayCall('GET /credit-list/export', caller.role)) throw forbidden();
    const { format } = queryParams(exportQuery, event);
    const listed = (await credits.listEntries()).filter((e) => listedAt(e, at)).map(publicEntry);
    if (format === 'csv') {
      return {
        status: 200,
        body: null,
        text: { contentType: 'text/csv; charset=utf-8', content: creditListCsv(listed) },
        headers: { 'content-disposition': `attachment; filename="credit-list-${at.toISOString().slice(0, 10)}.csv"` },
      };
    }
    return { status: 200, body: { asOf: at.toISOString(), items: listed } };
  }
  if (route === 'POST /credit-list/nominations') {
    if (!mayCall('POST /credit-list/nominations', caller.role)) throw forbidden();
    const input = validate(nominationSchema, jsonBody(event), event);
    const before = await credits.getEntry(input.creditCode);
    const entry = await store(nominate(before, input, caller, at), before, event, credits);
    return { status: 201, body: await view(entry, caller, at) };
  }
  if (route === 'GET /credit-list') {
    if (!mayCall('GET /credit-list', caller.role)) throw forbidden();
    const { status } = queryParams(listQuery, event);
    const entries = (await views(await credits.listEntries(), caller, at)).filter((e) => !status || e.status === status);
    return { status: 200, body: { items: entries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) } };
  }
  const creditCode = event.pathParameters?.['creditCode'] ?? '';
  if (
    !mayCall(
      route === 'POST /credit-list/{creditCode}/actions' ? 'POST /credit-list/{creditCode}/actions' : 'GET /credit-list/{creditCode}',
      caller.role,
    )
  )
    throw forbidden();
  // The body is read first (415, 413, 400 before anything is looked up), as for a case's actions.
  const input = route === 'POST /credit-list/{creditCode}/actions' ? validate(creditActionSchema, jsonBody(event), event) : null;
  // A code that is not valid names no entry: 404, as a malformed case id does.
  const before = isValidCreditCode(creditCode) ? await credits.getEntry(creditCode) : null;
  if (!before) throw notFound();
  if (input) {
    const entry = await store(actOnEntry(before, input, caller, at, await calendarInForce()), before, event, credits);
    return { status: 200, body: await view(entry, caller, at) };
  }
  return { status: 200, body: { ...(await view(before, caller, at)), events: await credits.listEvents(creditCode) } };
});
