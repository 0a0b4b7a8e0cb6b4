import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, appendEvents, canonicalJson, verifyChain, type TimelineEvent } from '#domain/timeline.ts';

const actor = { role: 'rights_holder', sub: 'u1' } as const;

function chain(n: number): TimelineEvent[] {
  const events = Array.from({ length: n }, (_, i) => ({ type: `e${i}`, actor, data: { i, note: `第${i}条` } }));
  return appendEvents('case-1', { seq: 0, hash: GENESIS_HASH }, '2026-03-01T00:00:00.000Z', events).events;
}

describe('timeline hash chain', () => {
  it('links each event to the hash of the one before, starting from the genesis hash', () => {
    const events = chain(3);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[2]?.prevHash).toBe(events[1]?.hash);
  });

  it('verifies an untouched chain and reports its head', () => {
    const events = chain(4);
    expect(verifyChain(events)).toEqual({ valid: true, events: 4, head: events[3]?.hash });
  });

  it('names the first edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, data: { i: 2, note: 'edited' } };
    expect(verifyChain(events)).toEqual({ valid: false, events: 5, brokenAt: 3 });
  });

  it('names the gap when an event is removed', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('continues a chain from a stored head', () => {
    const first = chain(2);
    const more = appendEvents('case-1', { seq: 2, hash: first[1]!.hash }, '2026-03-02T00:00:00.000Z', [{ type: 'next', actor, data: {} }]);
    expect(verifyChain([...first, ...more.events]).valid).toBe(true);
    expect(more.head.seq).toBe(3);
  });

  it('hashes the same content the same whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('detects any single changed byte of data (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(), fc.string({ minLength: 1 }), (n, pick, text) => {
        const events = chain(n);
        const at = pick % n;
        const original = events[at]!;
        fc.pre(original.data['note'] !== text);
        events[at] = { ...original, data: { ...original.data, note: text } };
        expect(verifyChain(events)).toMatchObject({ valid: false, brokenAt: at + 1 });
      }),
    );
  });
});
