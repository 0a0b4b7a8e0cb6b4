// What each reader is answered of a case and its timeline (SPEC §2.1, §9): contact details and ID
// numbers masked by reader, the duplicate flag, related cases, and internal events as stubs a party
// can still verify.

import { describe, expect, it } from 'vitest';
import { eventShownAs, type Caller } from '#domain/access.ts';
import { residentIdCheckCharacter } from '#domain/identifiers/resident-id.ts';
import type { Case } from '#domain/model.ts';
import { answerEvent, verifyAnsweredTimeline, type TimelineItem } from '#domain/timeline-view.ts';
import { caseView } from '#lib/case-view.ts';
import { COURT, OWNER, POLICE, PROCURATORATE, SUPERVISOR, claimedCase, drive, handler, historyOf } from '../support/cases.ts';

const ID_NUMBER = `61090219900101123${residentIdCheckCharacter('61090219900101123')}`;
const PHONE = '13905490549';
const EMAIL = 'zhang.san@example.cn';
const ADDRESS = '陕西省安康市汉滨区巴山东路 12 号';

function individualCase(): Case {
  return claimedCase('mediation', 'm-1', {
    patch: (c) => {
      c.complainant = { type: 'individual', name: '张三', idNumber: ID_NUMBER, contact: { phone: PHONE, email: EMAIL } };
      c.respondent = { ...c.respondent, address: ADDRESS };
    },
  });
}

const seen = (view: ReturnType<typeof caseView>) => ({
  phone: view.complainant!.contact.phone,
  email: view.complainant!.contact.email,
  idNumber: view.complainant!.idNumber,
  address: view.respondent.address,
});

describe('contact details and ID numbers in the case view', () => {
  const c = individualCase();
  const MASKED = {
    phone: '139****0549',
    email: 'z***@example.cn',
    idNumber: `6109**********${ID_NUMBER.slice(-4)}`,
    address: '陕西省安康市汉滨区',
  };

  it('shows the owner its own contact details and ID number, and the respondent’s address cut to the county', () => {
    expect(seen(caseView(c, OWNER))).toEqual({ phone: PHONE, email: EMAIL, idNumber: ID_NUMBER, address: MASKED.address });
  });

  it('shows the assigned handler everything', () => {
    expect(seen(caseView(c, handler('mediation', 1)))).toEqual({ phone: PHONE, email: EMAIL, idNumber: ID_NUMBER, address: ADDRESS });
  });

  it('shows the supervisor contact details but not the ID number', () => {
    expect(seen(caseView(c, SUPERVISOR))).toEqual({ phone: PHONE, email: EMAIL, idNumber: MASKED.idNumber, address: ADDRESS });
  });

  it('masks everything for court, procuratorate, police and an unassigned handler of the path', () => {
    for (const caller of [COURT, PROCURATORATE, POLICE, handler('mediation', 2)]) {
      expect(seen(caseView(c, caller)), `${caller.role} ${caller.sub}`).toEqual(MASKED);
    }
  });

  it('leaves the stored case untouched', () => {
    caseView(c, COURT);
    expect(c.complaint.complainant!.contact.phone).toBe(PHONE);
  });
});

describe('the duplicate flag in the case view', () => {
  const base = claimedCase('mediation');
  const flagged: Case = { ...base, flags: { ...base.flags, possibleDuplicateOf: 'first-case', possibleDuplicateOwnerSub: 'holder-first' } };

  it('tells a rights holder filing the same complaint that there is a duplicate, not which case', () => {
    expect(caseView(flagged, OWNER).flags).toEqual({
      repeatRespondent: false,
      possibleDuplicate: true,
      possibleDuplicateOf: null,
      overdue: false,
      supervisionOverdue: false,
    });
  });

  it('names the other case to its own owner', () => {
    const own: Case = { ...flagged, flags: { ...flagged.flags, possibleDuplicateOwnerSub: OWNER.sub } };
    expect(caseView(own, OWNER).flags.possibleDuplicateOf).toBe('first-case');
  });

  it('names it to court, and to a handler only with the other case loaded and on its path', () => {
    expect(caseView(flagged, COURT).flags.possibleDuplicateOf).toBe('first-case');
    const mediator = handler('mediation', 1);
    expect(caseView(flagged, mediator).flags.possibleDuplicateOf).toBeNull();
    expect(caseView(flagged, mediator, base).flags.possibleDuplicateOf).toBe('first-case');
    expect(caseView(flagged, mediator, { ...base, path: 'arbitration' }).flags.possibleDuplicateOf).toBeNull();
  });

  it('says no duplicate when there is none', () => {
    expect(caseView(base, COURT).flags).toMatchObject({ possibleDuplicate: false, possibleDuplicateOf: null });
  });
});

describe('related cases in the case view', () => {
  const parent: Case = { ...claimedCase('mediation'), linkedCaseIds: ['preservation-case'] };
  const preservation: Case = { ...claimedCase('notarization'), parentCaseId: 'parent-case' };

  it('names both sides to the owner, court, procuratorate and supervisor', () => {
    for (const caller of [OWNER, COURT, PROCURATORATE, SUPERVISOR]) {
      expect(caseView(parent, caller).linkedCaseIds, caller.role).toEqual(['preservation-case']);
      expect(caseView(preservation, caller).parentCaseId, caller.role).toBe('parent-case');
    }
  });

  it('names the parent to no handler or police reader, the preservation case to notaries only: empty or null', () => {
    expect(caseView(parent, handler('mediation', 1)).linkedCaseIds).toEqual([]);
    expect(caseView({ ...parent, path: 'notarization' }, handler('notarization', 1)).linkedCaseIds).toEqual(['preservation-case']);
    expect(caseView(preservation, handler('notarization', 1)).parentCaseId).toBeNull();
    expect(caseView(parent, POLICE).linkedCaseIds).toEqual([]);
  });
});

describe('the timeline as a party gets it', () => {
  const driven = drive(claimedCase('mediation'), [
    { caller: handler('mediation'), input: { action: 'add_note', text: '已电话联系被投诉人' } },
    { caller: PROCURATORATE, input: { action: 'add_supervision_opinion', text: '建议加快办理进度' } },
    { caller: handler('mediation'), input: { action: 'record_consent', consented: true } },
  ]);
  const c = driven.case;
  const asAnswered = (caller: Caller): TimelineItem[] => historyOf(c).map((e) => answerEvent(e, eventShownAs(caller, e, c)));

  it('has the note and the opinion as stubs with seq, at, type "internal", prevHash and hash only', () => {
    const items = asAnswered(OWNER);
    const stubs = items.filter((e) => e.type === 'internal');
    expect(stubs).toHaveLength(2);
    for (const stub of stubs) expect(Object.keys(stub).sort()).toEqual(['at', 'hash', 'prevHash', 'seq', 'type']);
    expect(JSON.stringify(items)).not.toContain('已电话联系被投诉人');
    expect(JSON.stringify(items)).not.toContain('建议加快办理进度');
  });

  it('lets the party verify every link, and every full event’s hash, across the stubs', () => {
    expect(verifyAnsweredTimeline(c.caseId, asAnswered(OWNER))).toEqual({ valid: true, head: c.timelineHead.hash });
  });

  it('shows the party an edited full event, and a stub whose hash was changed, as breaks', () => {
    const items = asAnswered(OWNER);
    const full = items.findIndex((e) => e.type === 'record_consent');
    const editedFull = items.map((e, i) => (i === full ? { ...e, at: '2026-03-04T00:00:00.000Z' } : e));
    expect(verifyAnsweredTimeline(c.caseId, editedFull)).toEqual({ valid: false, brokenAt: items[full]!.seq });
    const stub = items.findIndex((e) => e.type === 'internal');
    const editedStub = items.map((e, i) => (i === stub ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(verifyAnsweredTimeline(c.caseId, editedStub)).toEqual({ valid: false, brokenAt: items[stub + 1]!.seq });
  });

  it('is the whole timeline, in full, for the handler and the agencies', () => {
    for (const caller of [handler('mediation'), COURT, PROCURATORATE, SUPERVISOR]) {
      expect(
        asAnswered(caller).some((e) => e.type === 'internal'),
        caller.role,
      ).toBe(false);
    }
  });
});
