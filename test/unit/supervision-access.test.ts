// SPEC §2.1 for the version 2 supervision events (SPEC §4): orders (督办), the replies to orders and
// opinions, and the sweep's overdue event are internal — a party gets them as stubs, every agency
// reader in full — and the case's supervision clocks are shown to staff only.

import { describe, expect, it } from 'vitest';
import { eventShownAs, PARTY_ROLES, seesSupervision } from '#domain/access.ts';
import { caseView } from '#lib/case-view.ts';
import { ROLES, type Case } from '#domain/model.ts';
import { drive, OWNER, PROCURATORATE, RESPONDENT, SUPERVISOR, caseAt, handler, joined, SAMPLE_BODIES } from '../support/cases.ts';

const SUPERVISION_EVENTS = [
  { type: 'issue_supervision_order', data: { text: '请于期限内办结', dueAt: '2026-03-10T09:00:00.000Z' } },
  { type: 'reply_supervision_order', data: { text: '已办结', orderSeq: 7, late: false } },
  { type: 'reply_supervision_opinion', data: { text: '已整改', opinionSeq: 8, late: true } },
  {
    type: 'supervision_overdue',
    data: { supervision: { seq: 7, kind: 'order' }, deadline: { kind: 'supervision_order', dueAt: '2026-03-10T09:00:00.000Z' } },
  },
];

const M = handler('mediation');

/** A mediation case with the respondent online, an order and an opinion that requires a reply. */
function supervised(): Case {
  const c = joined(caseAt('mediation', []));
  return drive(c, [
    { caller: SUPERVISOR, input: SAMPLE_BODIES.issue_supervision_order },
    { caller: PROCURATORATE, input: { ...SAMPLE_BODIES.add_supervision_opinion, replyRequired: true } },
  ]).case;
}

describe('supervision events by reader (SPEC §2.1)', () => {
  it('are stubs for both parties', () => {
    const c = supervised();
    for (const party of [OWNER, RESPONDENT]) {
      for (const event of SUPERVISION_EVENTS) expect(eventShownAs(party, event, c), `${party.role} ${event.type}`).toBe('stub');
    }
  });

  it('are shown in full to every agency reader', () => {
    const c = supervised();
    for (const role of ROLES.filter((r) => !PARTY_ROLES.includes(r))) {
      for (const event of SUPERVISION_EVENTS) expect(eventShownAs({ role, sub: 'x' }, event, c), `${role} ${event.type}`).toBe('full');
    }
  });
});

describe('supervision clocks in the case view', () => {
  it('are shown to staff with their due times; the parties get none, nor the flag', () => {
    const c = supervised();
    const overdue = { ...c, flags: { ...c.flags, supervisionOverdue: true } };
    expect(caseView(overdue, M).supervision.map((s) => s.kind)).toEqual(['order', 'opinion']);
    expect(caseView(overdue, SUPERVISOR).flags.supervisionOverdue).toBe(true);
    for (const party of [OWNER, RESPONDENT]) {
      expect(seesSupervision(party)).toBe(false);
      const view = caseView(overdue, party);
      expect(view.supervision).toEqual([]);
      expect(view.flags.supervisionOverdue).toBe(false);
      expect(view.extensionRequest).toBeNull();
    }
  });
});
