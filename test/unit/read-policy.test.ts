import { describe, expect, it } from 'vitest';
import { canReadCase, seesPersonalIds } from '#domain/read-policy.ts';
import { ROLES, type Case } from '#domain/model.ts';

const base: Pick<Case, 'ownerSub' | 'path' | 'status' | 'outcome' | 'assignee'> = {
  ownerSub: 'owner-1',
  path: 'mediation',
  status: 'queued',
  outcome: null,
  assignee: null,
};

describe('who may read a case (SPEC §2)', () => {
  it('lets the owner read and no other rights holder', () => {
    expect(canReadCase({ role: 'rights_holder', sub: 'owner-1' }, base)).toBe(true);
    expect(canReadCase({ role: 'rights_holder', sub: 'owner-2' }, base)).toBe(false);
  });

  it('lets handlers of the case path read and handlers of other paths not', () => {
    expect(canReadCase({ role: 'mediator', sub: 'm' }, base)).toBe(true);
    for (const role of ['arbitrator', 'notary', 'officer'] as const) {
      expect(canReadCase({ role, sub: 'h' }, base)).toBe(false);
    }
  });

  it('lets no handler read a case not yet routed', () => {
    expect(canReadCase({ role: 'mediator', sub: 'm' }, { ...base, path: null, status: 'submitted' })).toBe(false);
  });

  it('lets court, procuratorate and supervisor read every case', () => {
    for (const role of ['court', 'procuratorate', 'supervisor'] as const) {
      expect(canReadCase({ role, sub: 'x' }, { ...base, ownerSub: 'someone' })).toBe(true);
    }
  });

  it('lets police read only cases transferred to police', () => {
    const police = { role: 'police', sub: 'p' } as const;
    expect(canReadCase(police, base)).toBe(false);
    expect(canReadCase(police, { ...base, status: 'transferred', outcome: { transferredTo: 'litigation' } })).toBe(false);
    expect(canReadCase(police, { ...base, status: 'transferred', outcome: { transferredTo: 'police' } })).toBe(true);
  });

  it('covers every role', () => {
    for (const role of ROLES) expect(typeof canReadCase({ role, sub: 'x' }, base)).toBe('boolean');
  });
});

describe('who sees personal ID numbers unmasked', () => {
  it('is the owner and the assigned handler only', () => {
    expect(seesPersonalIds({ role: 'rights_holder', sub: 'owner-1' }, base)).toBe(true);
    expect(seesPersonalIds({ role: 'mediator', sub: 'm1' }, { ...base, assignee: 'm1' })).toBe(true);
    expect(seesPersonalIds({ role: 'mediator', sub: 'm2' }, { ...base, assignee: 'm1' })).toBe(false);
    expect(seesPersonalIds({ role: 'court', sub: 'c' }, base)).toBe(false);
  });

  it('is not a user of another role whom a supervisor named as assignee', () => {
    expect(seesPersonalIds({ role: 'court', sub: 'c1' }, { ...base, assignee: 'c1' })).toBe(false);
    expect(seesPersonalIds({ role: 'arbitrator', sub: 'a1' }, { ...base, assignee: 'a1' })).toBe(false);
  });
});
