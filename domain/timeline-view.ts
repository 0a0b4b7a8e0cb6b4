// Timeline events as answered to a reader (SPEC §2.1, §9): in full, or as a stub that hides what
// happened but keeps the event's place in the hash chain — so a party can still check that the
// timeline it was given is one unbroken chain, and GET /cases/{id}/integrity recomputes the rest.

import { GENESIS_HASH, hashEvent, type TimelineEvent } from './timeline.ts';

export type AnsweredEvent = Omit<TimelineEvent, 'caseId'>;

export interface InternalStub {
  seq: number;
  at: string;
  type: 'internal';
  prevHash: string;
  hash: string;
}

export type TimelineItem = AnsweredEvent | InternalStub;

export function answerEvent(event: TimelineEvent, shownAs: 'full' | 'stub'): TimelineItem {
  const { seq, at, type, actor, data, prevHash, hash } = event;
  if (shownAs === 'stub') return { seq, at, type: 'internal', prevHash, hash };
  return { seq, at, type, actor: { role: actor.role, sub: actor.sub }, data, prevHash, hash };
}

export const isStub = (item: TimelineItem): item is InternalStub => !('actor' in item);

/**
 * What a reader can check of the timeline it was given, from the first event on: each event links
 * to the hash before it, and each full event's hash is recomputed. A stub's own hash cannot be
 * recomputed, but the next event's link commits to it. Names the first event that does not hold.
 */
export function verifyAnsweredTimeline(
  caseId: string,
  items: readonly TimelineItem[],
): { valid: true; head: string } | { valid: false; brokenAt: number } {
  let prev = GENESIS_HASH;
  for (const [i, item] of items.entries()) {
    const recomputed =
      isStub(item) ||
      hashEvent({ caseId, seq: item.seq, at: item.at, type: item.type, actor: item.actor, data: item.data, prevHash: item.prevHash }) ===
        item.hash;
    if (item.seq !== i + 1 || item.prevHash !== prev || !recomputed) return { valid: false, brokenAt: item.seq };
    prev = item.hash;
  }
  return { valid: true, head: prev };
}
