// The append-only, tamper-evident timeline: each event carries the hash of the one before it,
// so any edit, removal or reordering breaks the chain from that event on.

import { createHash } from 'node:crypto';
import type { Actor } from './model.ts';

export interface TimelineEvent {
  caseId: string;
  seq: number;
  at: string;
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type NewEvent = Pick<TimelineEvent, 'type' | 'actor' | 'data'>;

/** The hash before the first event of every case. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(event: Omit<TimelineEvent, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

/** Chains new events after the head `{seq, hash}`; returns the events and the new head. */
export function appendEvents(
  caseId: string,
  head: { seq: number; hash: string },
  at: string,
  events: NewEvent[],
): { events: TimelineEvent[]; head: { seq: number; hash: string } } {
  const chained: TimelineEvent[] = [];
  let { seq, hash } = head;
  for (const e of events) {
    const unhashed = { caseId, seq: seq + 1, at, type: e.type, actor: e.actor, data: e.data, prevHash: hash };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    chained.push(event);
    ({ seq, hash } = event);
  }
  return { events: chained, head: { seq, hash } };
}

export type IntegrityReport = { valid: true; events: number; head: string } | { valid: false; events: number; brokenAt: number };

/** Recomputes the chain; names the first event whose seq, link or hash does not hold. */
export function verifyChain(events: TimelineEvent[]): IntegrityReport {
  let prev = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    const { hash, ...unhashed } = event;
    if (event.seq !== i + 1 || event.prevHash !== prev || hashEvent(unhashed) !== hash) {
      return { valid: false, events: events.length, brokenAt: event.seq };
    }
    prev = hash;
  }
  return { valid: true, events: events.length, head: prev };
}
