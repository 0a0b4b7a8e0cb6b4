// ONE declaration of the system. Both runtimes iterate this data: infra/cdk builds AWS resources
// from it, infra/local builds the same table, queues, routes, pollers and timers on one machine.
// A new function, route, queue or index is one entry here.

import { PATHS, type CasePath } from '#domain/model.ts';
import { CREDIT_REVIEW_EVENT, NOTIFYING_EVENTS } from '#domain/notifications.ts';
import { TABLE_NAME_ENV, dlqUrlEnv, queueUrlEnv } from '#lib/config.ts';
import { EVENT_PREFIX } from '#lib/items.ts';
import { DEFAULT_CALLER_RATE_LIMIT, RATE_KEY_PREFIX } from '#lib/rate-limit.ts';

export { RATE_KEY_PREFIX, TABLE_NAME_ENV, dlqUrlEnv, queueUrlEnv };

// The table's description lives beside the item model that queries its indexes (functions may not
// import infra); this is where both runtimes read it.
export { table, type IndexSpec } from '#lib/table.ts';

export type QueueId = 'intake' | CasePath | 'notifications';

export interface QueueSpec {
  id: QueueId;
  /** Environment variable through which functions that send to it learn its URL. */
  urlEnv: string;
  /** Deliveries before a message is moved to the queue's dead-letter queue. */
  maxReceiveCount: number;
}

export const queues: QueueSpec[] = [
  { id: 'intake', urlEnv: queueUrlEnv('intake'), maxReceiveCount: 5 },
  ...PATHS.map((path) => ({ id: path, urlEnv: queueUrlEnv(path), maxReceiveCount: 5 })),
  // Notices to send (SPEC §11), one message per (event, recipient, channel). Five tries (minutes
  // apart: the visibility timeout) ride out a relay's short outage; a send that keeps failing lands
  // in the dead letters with its error, and a redrive sends it.
  { id: 'notifications', urlEnv: queueUrlEnv('notifications'), maxReceiveCount: 5 },
];

export type Trigger =
  | { kind: 'http'; method: 'GET' | 'POST' | 'PUT'; path: string; authorized: boolean }
  | {
      kind: 'queue';
      queue: QueueId;
      batchSize: number;
      /**
       * How long the event source gathers messages before invoking (0–300 s). 0 on purpose here:
       * the city files hundreds of complaints a day, not per second, so waiting would only delay
       * routing (快保护) without saving invocations worth counting; a batch still holds whatever
       * arrived together.
       */
      maxBatchingWindowSeconds: number;
      /**
       * Most concurrent invocations the queue's event source may run (2–1000; AWS only). Caps how
       * much of the account's Lambda concurrency a flood of messages (a reconciler re-drive, a
       * redrive of dead letters) can take from the API functions. Required by infra/cdk for every
       * queue trigger; optional in the type so test fixtures of the local runtime need not set it.
       */
      maxConcurrency?: number;
    }
  | { kind: 'schedule'; everyMinutes: number }
  | {
      /**
       * The table's stream (NEW_IMAGE), read as Lambda's DynamoDB event source mapping reads it: in
       * order per shard, `batchSize` records at most, only the records the filter lets through
       * (new items whose `sk` starts with one of `skPrefixes` and whose `type` is one of `types`),
       * partial batch failures reported, and a batch that keeps failing given up after
       * `maxRetryAttempts` retries (in AWS its pointer goes to the trigger's failure queue).
       */
      kind: 'stream';
      batchSize: number;
      maxRetryAttempts: number;
      filter: { skPrefixes: readonly string[]; types: readonly string[] };
      /** The queue whose dead-letter queue receives what a batch that is given up pointed at (AWS: the on-failure destination). */
      onFailure: QueueId;
    };

export interface FunctionSpec {
  /** Stable function name (CDK logical id base, log field). */
  name: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  triggers: Trigger[];
  timeoutSeconds: number;
  memoryMb: number;
  /** What the function touches: derives env vars locally and IAM grants in the cloud. */
  uses: {
    table: 'none' | 'read' | 'readwrite';
    /**
     * With `readwrite`: the partition-key prefixes of the items the function puts, updates, deletes
     * or condition-checks. In AWS its write permission is limited to exactly these
     * (`dynamodb:LeadingKeys`); see `tableWritesOf` for the one prefix added by rule.
     */
    writes?: readonly TableKeyPrefix[];
    sendsTo: QueueId[];
    deadLetters?: DeadLetterAccess;
    /**
     * Gets the environment's secret (functions/lib/secret-keys.ts): to seal the list cursors it hands
     * out, or to make or check respondents' invitation codes.
     */
    secret?: boolean;
    /**
     * Notices (SPEC §11): `plan` decides them (the site's URL and the inbox directory), `send` also
     * reaches the channels (SES and SNS in AWS, or an SMTP relay).
     */
    notices?: 'plan' | 'send';
  };
}

/**
 * Partition-key prefixes of the table's items, by the module that writes them: a case and its
 * timeline events (`CASE#`) with their effect on the statistics (`STATS#`, in the same transaction), a case number's claim (`CASENO#`) and the yearly counter (`COUNTER#`)
 * in functions/lib/case-store.ts; idempotency records (`IDEM#`) in idempotency.ts; failure records
 * of poison messages (`FAILURE#`) in dead-letters.ts; per-caller rate-limit windows (`RATE#`) in
 * rate-limit.ts; a person's contact and notice settings (`CONTACT#`) in contacts.ts. Every function behind an authenticated route that has the table counts its caller's
 * requests there, so each of them may write those — and only those, unless it declares more.
 */
export type TableKeyPrefix =
  | 'CASE#'
  | 'STATS#'
  | 'CASENO#'
  | 'COUNTER#'
  | 'IDEM#'
  | 'FAILURE#'
  | 'CONTACT#'
  // The working-day calendar years and their change logs (SPEC §6 v2), in functions/lib/calendar.ts.
  | 'CALENDAR#'
  // The public register of penalty decisions (SPEC §12), in functions/lib/public-register.ts.
  | 'PUBLIC#'
  // The credit list's entries and their audit events (SPEC §12), in functions/lib/credit-store.ts.
  | 'CREDIT#'
  // Random inspection rounds, their summaries and audit events (SPEC §13), in functions/lib/inspection-store.ts.
  | 'INSPECTION#'
  | typeof RATE_KEY_PREFIX;

/**
 * Every partition-key prefix the function may write: its `writes`, and `RATE#` behind an HTTP route —
 * per caller on an authenticated one, per source address on a public one.
 */
export function tableWritesOf(spec: Pick<FunctionSpec, 'uses' | 'triggers'>): TableKeyPrefix[] {
  if (spec.uses.table === 'none') return [];
  const own = spec.uses.table === 'readwrite' ? (spec.uses.writes ?? []) : [];
  const rateLimited = spec.triggers.some((t) => t.kind === 'http');
  const rate: TableKeyPrefix[] = rateLimited ? [RATE_KEY_PREFIX] : [];
  return [...new Set([...own, ...rate])];
}

/**
 * The operators' access to every queue's dead-letter queue (死信队列), with its URL in
 * `<QUEUE>_DLQ_URL`. `read`: look at the messages without consuming them (receive with visibility
 * timeout 0) and read the queue depth. `redrive`: also take messages off the dead-letter queues and
 * send them to their source queues — which gives the function every source queue as if it were in
 * `sendsTo` (see `sendsToOf`).
 */
export type DeadLetterAccess = 'read' | 'redrive';

/** The queues a function may send to: its `sendsTo`, and every source queue when it redrives dead letters. */
export function sendsToOf(spec: Pick<FunctionSpec, 'uses'>): QueueId[] {
  if (spec.uses.deadLetters !== 'redrive') return spec.uses.sendsTo;
  return [...new Set([...spec.uses.sendsTo, ...queues.map((q) => q.id)])];
}

const http = (method: 'GET' | 'POST' | 'PUT', path: string, authorized = true): Trigger => ({
  kind: 'http',
  method,
  path,
  authorized,
});

export const functions: FunctionSpec[] = [
  {
    name: 'health',
    entry: 'functions/health/handler.ts',
    triggers: [http('GET', '/health', false)],
    timeoutSeconds: 3,
    memoryMb: 128,
    uses: { table: 'none', sendsTo: [] },
  },
  {
    name: 'submitComplaint',
    entry: 'functions/submit-complaint/handler.ts',
    triggers: [http('POST', '/complaints')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'CASENO#', 'COUNTER#', 'IDEM#'], sendsTo: ['intake'] },
  },
  {
    name: 'getCase',
    entry: 'functions/get-case/handler.ts',
    triggers: [http('GET', '/cases/{caseId}')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [] },
  },
  {
    name: 'triage',
    entry: 'functions/triage/handler.ts',
    triggers: [{ kind: 'queue', queue: 'intake', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 5 }],
    timeoutSeconds: 30,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'CASENO#', 'COUNTER#', 'FAILURE#'], sendsTo: [...PATHS] },
  },
  {
    name: 'reconcile',
    entry: 'functions/reconcile/handler.ts',
    triggers: [{ kind: 'schedule', everyMinutes: 1 }],
    timeoutSeconds: 60,
    memoryMb: 256,
    uses: { table: 'read', sendsTo: ['intake'] },
  },
  {
    name: 'claimCase',
    entry: 'functions/claim-case/handler.ts',
    triggers: [http('POST', '/cases/{caseId}/claim')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#'], sendsTo: [] },
  },
  {
    name: 'caseAction',
    entry: 'functions/case-action/handler.ts',
    triggers: [http('POST', '/cases/{caseId}/actions')],
    timeoutSeconds: 10,
    memoryMb: 512,
    // The secret: an invitation's code hash is written with `invite_respondent` (SPEC §10).
    // PUBLIC#: a penalty decision's entry in the public register is written with it (SPEC §12).
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'IDEM#', 'PUBLIC#'], sendsTo: [], secret: true },
  },
  // Both parties online (SPEC §10): a respondent joins with its code; messages in the case's channels.
  {
    name: 'acceptInvitation',
    entry: 'functions/accept-invitation/handler.ts',
    triggers: [http('POST', '/invitations/accept')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#'], sendsTo: [], secret: true },
  },
  // Offline intake (线上线下): staff register a complaint on the complainant's behalf; the complainant takes it over with a code.
  {
    name: 'offlineIntake',
    entry: 'functions/offline-intake/handler.ts',
    triggers: [http('POST', '/complaints/offline')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'CASENO#', 'COUNTER#', 'IDEM#'], sendsTo: ['intake'], secret: true },
  },
  {
    name: 'takeOverCase',
    entry: 'functions/take-over-case/handler.ts',
    triggers: [http('POST', '/cases/takeover')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#'], sendsTo: [], secret: true },
  },
  {
    name: 'caseMessages',
    entry: 'functions/case-messages/handler.ts',
    triggers: [http('GET', '/cases/{caseId}/messages'), http('POST', '/cases/{caseId}/messages')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'IDEM#'], sendsTo: [], secret: true },
  },
  {
    name: 'sweepDeadlines',
    entry: 'functions/sweep-deadlines/handler.ts',
    triggers: [{ kind: 'schedule', everyMinutes: 5 }],
    timeoutSeconds: 120,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#'], sendsTo: [] },
  },
  {
    name: 'openApi',
    entry: 'functions/openapi/handler.ts',
    triggers: [http('GET', '/openapi.json', false)],
    timeoutSeconds: 5,
    memoryMb: 256,
    uses: { table: 'none', sendsTo: [] },
  },
  // Shared status (SPEC §9): reads only, each an index query (never a Scan).
  {
    name: 'listCases',
    entry: 'functions/list-cases/handler.ts',
    triggers: [http('GET', '/cases')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [], secret: true },
  },
  {
    name: 'getTimeline',
    entry: 'functions/get-timeline/handler.ts',
    triggers: [http('GET', '/cases/{caseId}/timeline')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [], secret: true },
  },
  {
    name: 'checkIntegrity',
    entry: 'functions/check-integrity/handler.ts',
    triggers: [http('GET', '/cases/{caseId}/integrity')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [] },
  },
  {
    name: 'getRespondent',
    entry: 'functions/get-respondent/handler.ts',
    triggers: [http('GET', '/respondents/{creditCode}')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [], secret: true },
  },
  {
    name: 'getStats',
    entry: 'functions/get-stats/handler.ts',
    triggers: [http('GET', '/stats')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [] },
  },
  {
    name: 'getWorkQueue',
    entry: 'functions/get-work-queue/handler.ts',
    triggers: [http('GET', '/work-queues/{path}')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'read', sendsTo: [], secret: true },
  },
  // Operators' view of poison messages (SPEC §8, §9): supervisor only.
  {
    name: 'listDeadLetters',
    entry: 'functions/list-dead-letters/handler.ts',
    triggers: [http('GET', '/dead-letters')],
    timeoutSeconds: 15,
    memoryMb: 256,
    uses: { table: 'read', sendsTo: [], deadLetters: 'read' },
  },
  {
    name: 'redriveDeadLetters',
    entry: 'functions/redrive-dead-letters/handler.ts',
    triggers: [http('POST', '/dead-letters/redrive')],
    timeoutSeconds: 25,
    memoryMb: 256,
    uses: { table: 'readwrite', writes: ['FAILURE#'], sendsTo: [], deadLetters: 'redrive' },
  },
  // Notices (SPEC §11): decided from the timeline events on the table's stream — nothing added to the
  // transaction of the change that causes them — and sent one by one from the notifications queue.
  {
    name: 'planNotices',
    entry: 'functions/plan-notices/handler.ts',
    triggers: [
      {
        kind: 'stream',
        batchSize: 100,
        maxRetryAttempts: 10,
        // The cases' events that notify, and a credit-list review (SPEC §12: the respondent is told).
        filter: { skPrefixes: [EVENT_PREFIX], types: [...NOTIFYING_EVENTS, CREDIT_REVIEW_EVENT] },
        onFailure: 'notifications',
      },
    ],
    timeoutSeconds: 30,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#'], sendsTo: ['notifications'], notices: 'plan' },
  },
  {
    name: 'notify',
    entry: 'functions/notify/handler.ts',
    triggers: [{ kind: 'queue', queue: 'notifications', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 2 }],
    timeoutSeconds: 30,
    memoryMb: 256,
    // The secret: an invitation's code is derived again when it is sent (functions/lib/invitations.ts).
    uses: { table: 'readwrite', writes: ['CASE#', 'FAILURE#'], sendsTo: [], notices: 'send', secret: true },
  },
  {
    name: 'getNotifications',
    entry: 'functions/get-notifications/handler.ts',
    triggers: [http('GET', '/cases/{caseId}/notifications')],
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { table: 'read', sendsTo: [] },
  },
  {
    // SPEC §6 v2: the supervisor reads and replaces a year's working-day calendar; a change counts the
    // open clocks it touches again (CASE#, with their effect on the statistics) before it answers.
    name: 'calendar',
    entry: 'functions/calendar/handler.ts',
    triggers: [http('GET', '/calendar/{year}'), http('PUT', '/calendar/{year}')],
    timeoutSeconds: 29,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CALENDAR#', 'CASE#', 'STATS#'], sendsTo: [] },
  },
  {
    name: 'noticeSettings',
    entry: 'functions/notice-settings/handler.ts',
    triggers: [http('GET', '/me/notice-settings'), http('PUT', '/me/notice-settings')],
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { table: 'readwrite', writes: ['CONTACT#'], sendsTo: [] },
  },
  // Administrative enforcement (SPEC §12): officers open cases on their own leads; the public register of penalty decisions.
  {
    name: 'openCase',
    entry: 'functions/open-case/handler.ts',
    triggers: [http('POST', '/cases')],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'CASENO#', 'COUNTER#', 'IDEM#'], sendsTo: [] },
  },
  {
    name: 'publicDecisions',
    entry: 'functions/public-decisions/handler.ts',
    // No sign-in (SPEC §9 `/public/*`): limited per source address in the function (RATE#ip:<address>).
    triggers: [http('GET', '/public/decisions', false)],
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { table: 'read', sendsTo: [], secret: true },
  },
  // The credit list (SPEC §12): findings from the table's stream, the agencies' routes, the public list.
  {
    name: 'creditFindings',
    entry: 'functions/credit-findings/handler.ts',
    triggers: [
      {
        kind: 'stream',
        batchSize: 100,
        maxRetryAttempts: 10,
        filter: { skPrefixes: [EVENT_PREFIX], types: ['issue_penalty', 'issue_decision', 'issue_award'] },
        // A batch that keeps failing is given up towards the intake queue's dead letters, where operators see it.
        onFailure: 'intake',
      },
    ],
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: { table: 'readwrite', writes: ['CREDIT#'], sendsTo: [] },
  },
  {
    name: 'creditList',
    entry: 'functions/credit-list/handler.ts',
    triggers: [
      http('GET', '/credit-list'),
      http('GET', '/credit-list/export'),
      http('GET', '/credit-list/{creditCode}'),
      http('POST', '/credit-list/nominations'),
      http('POST', '/credit-list/{creditCode}/actions'),
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['CREDIT#'], sendsTo: [] },
  },
  {
    name: 'publicCreditList',
    entry: 'functions/public-credit-list/handler.ts',
    triggers: [http('GET', '/public/credit-list', false)],
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { table: 'read', sendsTo: [] },
  },
  // Random inspections (SPEC §13): plans, draws and results for the agencies; a violation opens an
  // enforcement case (CASE#, its number and statistics) in the same transaction. The public record.
  {
    name: 'inspections',
    entry: 'functions/inspections/handler.ts',
    triggers: [
      http('POST', '/inspections'),
      http('GET', '/inspections'),
      http('GET', '/inspections/{inspectionId}'),
      http('POST', '/inspections/{inspectionId}/draw'),
      http('POST', '/inspections/{inspectionId}/results'),
    ],
    timeoutSeconds: 15,
    memoryMb: 512,
    uses: { table: 'readwrite', writes: ['INSPECTION#', 'CASE#', 'STATS#', 'CASENO#', 'COUNTER#', 'IDEM#'], sendsTo: [], secret: true },
  },
  {
    name: 'publicInspections',
    entry: 'functions/public-inspections/handler.ts',
    triggers: [http('GET', '/public/inspections', false), http('GET', '/public/inspections/{inspectionId}', false)],
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { table: 'read', sendsTo: [], secret: true },
  },
  // Path intake: one function per path queue, sharing the handler module (the path is in the message).
  ...PATHS.map(
    (path): FunctionSpec => ({
      name: `${camel(path)}Intake`,
      entry: 'functions/path-intake/handler.ts',
      triggers: [{ kind: 'queue', queue: path, batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 2 }],
      timeoutSeconds: 30,
      memoryMb: 512,
      uses: { table: 'readwrite', writes: ['CASE#', 'STATS#', 'FAILURE#'], sendsTo: [] },
    }),
  ),
];

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Visibility timeout of a queue: six times its consumer's timeout, as AWS advises for Lambda sources. */
export function visibilityTimeoutSeconds(queue: QueueId): number {
  const consumers = functions.filter((f) => f.triggers.some((t) => t.kind === 'queue' && t.queue === queue));
  const longest = Math.max(30, ...consumers.map((f) => f.timeoutSeconds));
  return longest * 6;
}

/** A token bucket: `ratePerSecond` sustained, up to `burst` requests at once. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/**
 * Request rate limits (SPEC §9 `RATE_LIMITED`, 429), defined once for both runtimes.
 *
 * `perCaller` — per authenticated `sub`, enforced by the HTTP functions themselves with a counter in
 * the table (functions/lib/rate-limit.ts; the same code in AWS and locally; its values come from the
 * functions' config, RATE_LIMIT_RPS / RATE_LIMIT_BURST, defaulting to these). A person in the UI makes a few requests a second (opening a case fetches the case,
 * its timeline and integrity at once); a busy handler's screen or a script polling a case every
 * 100 ms stays near 10/s. 20/s sustained is twice that, and a burst of 40 lets a page fire a dozen
 * calls at once several times over. Yet one flooding caller gets at most 20/s — a few percent of what
 * one machine serves (DynamoDB Local: ~500–950 writes/s) — so it cannot starve the others.
 * API Gateway HTTP APIs cannot throttle per caller (no usage plans, and WAF cannot be attached to an
 * HTTP API): hence the functions do it. Public routes have no caller: the stage limit covers them,
 * and locally the edge's per-address limit, which defaults to the stage's figures.
 *
 * `stage` — the whole API, all callers together: API Gateway's default route throttling. Ten
 * callers at their full per-caller rate; far above the city's real load (a few hundred staff and
 * filers: well under 20 requests/s at peak), and a ceiling on Lambda concurrency (~200 × 0.1 s ≈ 20)
 * and spend when someone floods. `routes` — tighter per-route stage limits: filing is the heaviest
 * request (up to 256 KiB, a transaction on the shared case-number counter, triage work behind it),
 * and the city receives hundreds of complaints a day, not thousands an hour.
 */
export const limits = {
  perCaller: DEFAULT_CALLER_RATE_LIMIT,
  stage: { ratePerSecond: 200, burst: 400 },
  routes: { 'POST /complaints': { ratePerSecond: 10, burst: 20 } } as Record<string, RateLimit>,
} as const;
