// The sample event each function of infra/topology.ts is invoked with when no other is given: by
// `npm run invoke -- <function>` and by the bench's cold starts. test/unit/sample-events.test.ts
// checks that every function has one, that it fits the function's trigger, and that its body or
// query passes the function's schema.

/** Sample event file in events/, by topology function name. */
export const sampleEvents: Readonly<Record<string, string>> = {
  health: 'http-health.json',
  submitComplaint: 'http-post-complaints.json',
  getCase: 'http-get-case.json',
  triage: 'sqs-intake.json',
  reconcile: 'schedule-reconcile.json',
  claimCase: 'http-claim-case.json',
  caseAction: 'http-case-action.json',
  sweepDeadlines: 'schedule-sweep-deadlines.json',
  openApi: 'http-openapi.json',
  listCases: 'http-list-cases.json',
  getTimeline: 'http-get-timeline.json',
  checkIntegrity: 'http-check-integrity.json',
  getRespondent: 'http-get-respondent.json',
  getStats: 'http-get-stats.json',
  getWorkQueue: 'http-get-work-queue.json',
  listDeadLetters: 'http-list-dead-letters.json',
  redriveDeadLetters: 'http-redrive-dead-letters.json',
  planNotices: 'stream-timeline-event.json',
  notify: 'sqs-notifications.json',
  getNotifications: 'http-get-notifications.json',
  noticeSettings: 'http-put-notice-settings.json',
  acceptInvitation: 'http-accept-invitation.json',
  caseMessages: 'http-post-message.json',
  offlineIntake: 'http-post-offline-complaint.json',
  takeOverCase: 'http-take-over-case.json',
  // GET /calendar/{year} has its own sample too (events/http-get-calendar.json); the PUT does more work.
  calendar: 'http-put-calendar.json',
  openCase: 'http-open-case.json',
  publicDecisions: 'http-public-decisions.json',
  // The credit list (SPEC §12): the agencies' routes share one function; the PUT-like action does the most.
  creditList: 'http-credit-action.json',
  publicCreditList: 'http-public-credit-list.json',
  creditFindings: 'stream-finding-event.json',
  // Random inspections (SPEC §13): planning freezes and hashes a plan, the heaviest of the agencies' routes.
  inspections: 'http-plan-inspection.json',
  publicInspections: 'http-public-inspection.json',
  // The path queues' consumers share one handler; the message names its path.
  mediationIntake: 'sqs-path.json',
  arbitrationIntake: 'sqs-path.json',
  notarizationIntake: 'sqs-path.json',
  administrativeAdjudicationIntake: 'sqs-path.json',
  administrativeEnforcementIntake: 'sqs-path.json',
};

/** The case the samples name (path parameters, message bodies): re-aim them with `replaceAll`. */
export const SAMPLE_CASE_ID = '3b0f6f8e-2d7a-4c55-9a0e-1f2d3c4b5a69';

/** Absolute path of a function's sample event, or undefined when it has none. */
export function sampleEventPath(functionName: string): string | undefined {
  const file = sampleEvents[functionName];
  return file ? new URL(file, import.meta.url).pathname : undefined;
}
