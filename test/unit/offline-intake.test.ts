import { describe, expect, it } from 'vitest';
import { canReadCase, isOwner, partySide, readScope, scopeValue } from '#domain/access.ts';
import { noticesFor } from '#domain/notifications.ts';
import { CODE_PLACEHOLDER } from '#domain/invitations.ts';
import {
  awaitsTakeover,
  linkedToTakeOver,
  newOfflineCase,
  offlineIntakeSchema,
  offlineOwnerSub,
  TAKEN_OVER_EVENT,
  TAKEOVER_CODE_EVENT,
  TAKEOVER_VALID_DAYS,
  takeOver,
  takeOverSchema,
} from '#domain/offline-intake.ts';
import { verifyChain } from '#domain/timeline.ts';
import { newCase } from '#domain/case.ts';
import { parsedComplaint, validComplaint } from '../support/complaints.ts';

const complaint = parsedComplaint();
const mediator = { role: 'mediator', sub: 'm-1' } as const;
const holder = { role: 'rights_holder', sub: 'holder-1' } as const;
const T0 = new Date('2026-03-02T01:00:00.000Z');
const TODAY = '2026-03-02';
const intake = { channel: 'paper', reference: '安知保收字〔2026〕第 17 号' } as const;

const entered = () =>
  newOfflineCase({ caseId: 'c1', caseNumber: 'AKIP-2026-000001', complaint, intake, enteredBy: mediator, now: T0, today: TODAY });

describe('offline intake: the request', () => {
  it('takes the complaint as the online form submits it and how it came in', () => {
    const parsed = offlineIntakeSchema(TODAY).safeParse({
      complaint: validComplaint(),
      intake: { channel: 'workstation', reference: ' W-17 ' },
    });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.intake).toEqual({ channel: 'workstation', reference: 'W-17' });
  });

  it('names the complaint field a bad complaint breaks, under `complaint`', () => {
    const parsed = offlineIntakeSchema(TODAY).safeParse({
      complaint: validComplaint((c) => (c.complainant.creditCode = '91350100M000100Y44')),
      intake,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('complaint.complainant.creditCode');
  });

  it('refuses an unknown channel, an empty or over-long reference, a day after today and unknown fields', () => {
    const schema = offlineIntakeSchema(TODAY);
    const paths = (body: unknown) => (schema.safeParse(body).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ complaint: validComplaint(), intake: { channel: 'fax', reference: 'x' } })).toEqual(['intake.channel']);
    expect(paths({ complaint: validComplaint(), intake: { channel: 'paper', reference: '  ' } })).toEqual(['intake.reference']);
    expect(paths({ complaint: validComplaint(), intake: { channel: 'paper', reference: 'x'.repeat(101) } })).toEqual(['intake.reference']);
    expect(paths({ complaint: validComplaint(), intake: { channel: 'paper', reference: 'x', receivedAt: '2026-03-03' } })).toEqual([
      'intake.receivedAt',
    ]);
    expect(paths({ complaint: validComplaint(), intake: { channel: 'paper', reference: 'x', enteredBy: 'me' } })).toEqual(['intake']);
    expect(paths({ complaint: validComplaint(), intake, owner: 'holder-1' })).toEqual(['']);
  });

  it('reads a typed takeover code as an invitation code is read', () => {
    expect(takeOverSchema.parse({ caseNumber: 'akip-2026-000001', code: 'abcd-efgh' })).toEqual({
      caseNumber: 'AKIP-2026-000001',
      code: 'ABCDEFGH',
    });
    expect(takeOverSchema.safeParse({ caseNumber: 'AKIP-2026-000001', code: 'ABCDEFG0' }).success).toBe(false);
  });
});

describe('offline intake: the case', () => {
  it('is stored submitted, owned by the placeholder, not assigned to the handler who entered it', () => {
    const { case: c } = entered();
    expect(c).toMatchObject({ status: 'submitted', path: null, assignee: null, version: 1, ownerSub: offlineOwnerSub('c1') });
    expect(awaitsTakeover(c)).toBe(true);
  });

  it('records who entered it, the paper record and the day it came in (default: the day it was entered)', () => {
    const { case: c } = entered();
    expect(c.intake).toEqual({
      channel: 'paper',
      reference: intake.reference,
      receivedAt: TODAY,
      enteredBy: mediator,
      enteredAt: T0.toISOString(),
      takeover: { codeSeq: 2, expiresAt: new Date(T0.getTime() + TAKEOVER_VALID_DAYS * 86_400_000).toISOString(), takenOverAt: null },
    });
  });

  it('says on its timeline that staff entered it offline, then issues the code — chained, no code in it', () => {
    const { case: c, events } = entered();
    expect(events.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'submitted', mediator],
      [2, TAKEOVER_CODE_EVENT, mediator],
    ]);
    expect(events[0]!.data).toMatchObject({ offline: true, intake: { channel: 'paper', reference: intake.reference, receivedAt: TODAY } });
    expect(c.timelineHead).toEqual({ seq: 2, hash: events[1]!.hash });
    expect(verifyChain(events).valid).toBe(true);
    expect(JSON.stringify(events[1]!.data)).not.toMatch(/code/i);
  });
});

describe('offline intake: nobody owns the case until it is taken over', () => {
  it('is no rights holder’s own, not even one whose token carries the placeholder as its sub', () => {
    const { case: c } = entered();
    const impostor = { role: 'rights_holder', sub: offlineOwnerSub('c1') } as const;
    expect(isOwner(impostor, c)).toBe(false);
    expect(partySide(impostor, c)).toBeNull();
    expect(canReadCase(impostor, c)).toBe(false);
    expect(scopeValue(c, 'owner')).toBeUndefined();
  });

  it('is read by the supervisor as any case, and by no handler before it is routed', () => {
    const { case: c } = entered();
    expect(canReadCase({ role: 'supervisor', sub: 's-1' }, c)).toBe(true);
    expect(canReadCase(mediator, c)).toBe(false);
    expect(canReadCase(mediator, { ...c, path: 'mediation' })).toBe(true);
  });

  it('keeps an online filing owned by its filer', () => {
    const { case: c } = newCase({ caseId: 'c2', caseNumber: 'AKIP-2026-000002', owner: holder, complaint, now: T0.toISOString() });
    expect(awaitsTakeover(c)).toBe(false);
    expect(isOwner(holder, c)).toBe(true);
    expect(readScope(holder)).toEqual([{ field: 'owner', value: 'holder-1' }]);
  });
});

describe('the takeover', () => {
  const later = new Date(T0.getTime() + 86_400_000);

  it('makes the rights holder the owner, with one taken_over event, version +1', () => {
    const { case: c, events } = entered();
    const taken = takeOver(c, { caller: holder, now: later });
    if (!taken.ok) throw new Error('refused');
    expect(taken.case).toMatchObject({ ownerSub: 'holder-1', version: 2 });
    expect(taken.case.intake?.takeover.takenOverAt).toBe(later.toISOString());
    expect(taken.event).toMatchObject({ seq: 3, type: TAKEN_OVER_EVENT, actor: holder });
    expect(isOwner(holder, taken.case)).toBe(true);
    expect(canReadCase(holder, taken.case)).toBe(true);
    expect(verifyChain([...events, taken.event]).valid).toBe(true);
  });

  it('takes no one once taken over (409), and only rights holders (403)', () => {
    const { case: c } = entered();
    const taken = takeOver(c, { caller: holder, now: later });
    if (!taken.ok) throw new Error('refused');
    const again = takeOver(taken.case, { caller: { role: 'rights_holder', sub: 'holder-2' }, now: later });
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict', reason: 'takeover.already_taken' } });
    expect(takeOver(c, { caller: { role: 'respondent', sub: 'r-1' }, now: later })).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(takeOver(c, { caller: mediator, now: later })).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('refuses a case filed online: it has an owner', () => {
    const { case: c } = newCase({ caseId: 'c2', caseNumber: 'AKIP-2026-000002', owner: holder, complaint, now: T0.toISOString() });
    expect(takeOver(c, { caller: { role: 'rights_holder', sub: 'holder-2' }, now: later }).ok).toBe(false);
  });

  it('takes over the linked cases that carry the same placeholder, and no other', () => {
    const { case: parent } = entered();
    const linked = newCase({
      caseId: 'c3',
      caseNumber: 'AKIP-2026-000003',
      owner: { role: 'rights_holder', sub: parent.ownerSub },
      complaint,
      now: T0.toISOString(),
      parentCaseId: 'c1',
    }).case;
    const other = newCase({
      caseId: 'c4',
      caseNumber: 'AKIP-2026-000004',
      owner: { role: 'rights_holder', sub: offlineOwnerSub('c9') },
      complaint,
      now: T0.toISOString(),
    }).case;
    const owned = newCase({ caseId: 'c5', caseNumber: 'AKIP-2026-000005', owner: holder, complaint, now: T0.toISOString() }).case;
    expect(linkedToTakeOver(parent, [linked, other, owned]).map((c) => c.caseId)).toEqual(['c3']);
  });
});

describe('the takeover code notice', () => {
  it('goes to the complaint’s contact with the placeholder, never the code, and links to the takeover page', () => {
    const { case: c, events } = entered();
    const notices = noticesFor({
      event: events[1]!,
      case: c,
      contacts: { complainant: { email: 'ip@qinba-tea.example.cn', phone: '13891500123', optOut: { email: true, sms: true } } },
      directory: { inboxes: {} },
      siteUrl: 'https://ip.ankang.example.cn/',
    });
    expect(notices.map((n) => [n.recipient, n.channel, n.statutory])).toEqual([
      ['complainant', 'email', true],
      ['complainant', 'sms', true],
    ]);
    for (const n of notices) {
      expect(n.text).toContain(CODE_PLACEHOLDER);
      expect(n.text).toContain('https://ip.ankang.example.cn/#/takeover/AKIP-2026-000001');
      expect(n.subject).not.toContain(CODE_PLACEHOLDER);
    }
  });
});
