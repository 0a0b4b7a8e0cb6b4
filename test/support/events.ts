// Sample Lambda events from events/, cloned on every load so a test can change its copy freely.

import { readFileSync } from 'node:fs';
import type { ScheduledEvent, SQSEvent } from 'aws-lambda';
import type { HttpEvent } from '#lib/http.ts';

const load = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../events/${name}.json`, import.meta.url), 'utf8'));

export const httpEvent = (
  name:
    | 'http-post-complaints'
    | 'http-get-case'
    | 'http-claim-case'
    | 'http-case-action'
    | 'http-health'
    | 'http-openapi'
    | 'http-list-cases'
    | 'http-get-timeline'
    | 'http-check-integrity'
    | 'http-get-respondent'
    | 'http-get-stats'
    | 'http-get-work-queue'
    | 'http-list-dead-letters'
    | 'http-redrive-dead-letters',
): HttpEvent => structuredClone(load(name)) as HttpEvent;

export const sqsEvent = (name: 'sqs-intake' | 'sqs-path' | 'sqs-notifications'): SQSEvent => structuredClone(load(name)) as SQSEvent;

export const scheduleEvent = (name: 'schedule-reconcile' | 'schedule-sweep-deadlines'): ScheduledEvent =>
  structuredClone(load(name)) as ScheduledEvent;

/** The same HTTP event as another caller: claims as API Gateway passes them (groups as "[role]"). */
export function as(event: HttpEvent, role: string, sub: string): HttpEvent {
  event.requestContext.authorizer.jwt.claims = { ...event.requestContext.authorizer.jwt.claims, sub, 'cognito:groups': `[${role}]` };
  return event;
}
