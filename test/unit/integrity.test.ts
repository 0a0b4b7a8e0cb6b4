import { describe, expect, it } from 'vitest';
import { checkTimeline } from '#domain/integrity.ts';
import { GENESIS_HASH, appendEvents, type TimelineEvent } from '#domain/timeline.ts';

const actor = { role: 'system', sub: 'test' } as const;

function chain(n: number): { events: TimelineEvent[]; head: { seq: number; hash: string } } {
  const events = Array.from({ length: n }, (_, i) => ({ type: `e${i}`, actor, data: { i } }));
  return appendEvents('case-1', { seq: 0, hash: GENESIS_HASH }, '2026-03-01T00:00:00.000Z', events);
}

describe('timeline integrity against the case head', () => {
  it('is valid when the chain holds and ends at the recorded head', () => {
    const { events, head } = chain(3);
    expect(checkTimeline(events, head)).toEqual({ valid: true, events: 3, head: head.hash });
  });

  it('names the first edited event', () => {
    const { events, head } = chain(3);
    events[1] = { ...events[1]!, data: { i: 'edited' } };
    expect(checkTimeline(events, head)).toEqual({ valid: false, events: 3, brokenAt: 2 });
  });

  it('catches removed trailing events, which leave a chain that holds on its own', () => {
    const { events, head } = chain(4);
    expect(checkTimeline(events.slice(0, 2), head)).toEqual({ valid: false, events: 2, brokenAt: 3 });
    expect(checkTimeline([], head)).toEqual({ valid: false, events: 0, brokenAt: 1 });
  });

  it('catches events appended after the recorded head', () => {
    const { events } = chain(4);
    const recorded = { seq: 3, hash: events[2]!.hash };
    expect(checkTimeline(events, recorded)).toEqual({ valid: false, events: 4, brokenAt: 4 });
  });

  it('catches a chain rewritten end to end, which no longer ends at the recorded hash', () => {
    const { events } = chain(3);
    const recorded = { seq: 3, hash: 'f'.repeat(64) };
    expect(checkTimeline(events, recorded)).toEqual({ valid: false, events: 3, brokenAt: 3 });
  });

  it('is valid for a case with no events yet', () => {
    expect(checkTimeline([], { seq: 0, hash: GENESIS_HASH })).toEqual({ valid: true, events: 0, head: GENESIS_HASH });
  });
});
