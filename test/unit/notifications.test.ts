// SPEC §11 as rules: who is told of which event, through which channel, in which language; what a
// notice may never contain; SMS within two segments; and the reminder a working day before a clock
// falls due, once.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import { residentIdCheckCharacter } from '#domain/identifiers/resident-id.ts';
import { remindDueSoon } from '#domain/lifecycle.ts';
import { PATHS, type Case } from '#domain/model.ts';
import { placeForNotice, SMS_LIMIT, smsLength } from '#domain/notice-templates.ts';
import {
  NOTIFYING_EVENTS,
  noticesFor,
  type Contact,
  type Directory,
  type Language,
  type Notice,
  type NoticeInput,
  type RecipientKind,
} from '#domain/notifications.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { CODE_PLACEHOLDER } from '#domain/invitations.ts';
import { claimedCase, drive, historyOf, queuedCase, SCRIPTS } from '../support/cases.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures

const SITE = 'https://ip.ankang.example.cn';
const ID_NUMBER = `61090219800101123${residentIdCheckCharacter('61090219800101123')}`;
const COMPLAINANT: Contact = { email: 'ip@qinba-tea.example.cn', phone: '13891500123' };
const RESPONDENT: Contact = { email: 'legal@respondent.example.cn', phone: '13700000002' };
const ASSIGNEE: Contact = { email: 'wang.wu@mediation.example.cn', phone: '13600000003' };
const DIRECTORY: Directory = {
  inboxes: {
    court: { email: 'ip-court@court.example.cn' },
    police: { email: 'economic-crime@police.example.cn' },
    procuratorate: { email: 'ip@procuratorate.example.cn' },
    supervisor: { email: 'ip-office@amr.example.cn', phone: '13800000001' },
    mediator: { email: 'committee@mediation.example.cn' },
    arbitrator: { email: 'secretariat@arbitration.example.cn' },
    notary: { email: 'office@notary.example.cn' },
    officer: { email: 'enforcement@amr.example.cn' },
  },
};
/** Every address above: none of them may appear in what a notice says. */
const ADDRESSES = [COMPLAINANT, RESPONDENT, ASSIGNEE, ...Object.values(DIRECTORY.inboxes)].flatMap((c) =>
  [c.email, c.phone].filter((a): a is string => a !== undefined),
);
const EVERYONE: NoticeInput['contacts'] = { complainant: COMPLAINANT, respondent: RESPONDENT, assignee: ASSIGNEE };

/** A case whose complaint carries an ID number and contact details, claimed by mediator m-1. */
const CASE = claimedCase('mediation', 'm-1', {
  patch: (x) => {
    x.complainant = {
      type: 'individual',
      name: '张三',
      idNumber: ID_NUMBER,
      contact: { phone: COMPLAINANT.phone, email: COMPLAINANT.email },
    };
  },
});
const LINK = `${SITE}/#/cases/${CASE.caseId}`;
/** Where a notice of `type` links: the case page, or for an invitation the page where the respondent joins. */
const linkOf = (type: string) =>
  type === 'invite_respondent'
    ? `${SITE}/#/join/${CASE.caseNumber}`
    : type === 'takeover_code_issued'
      ? `${SITE}/#/takeover/${CASE.caseNumber}` // offline intake: the page where the complainant takes the case over
      : LINK;

function eventOf(c: Case, type: string, data: Record<string, unknown> = {}, seq = 7): TimelineEvent {
  return {
    caseId: c.caseId,
    seq,
    at: '2026-03-03T02:00:00.000Z',
    type,
    actor: { role: 'system', sub: 'test' },
    data,
    prevHash: '0',
    hash: '1',
  };
}

/** What the events carry that their notices depend on (SPEC §10): a request that reaches the court, a message's channel and author, an invitation. */
const EVENT_DATA: Record<string, Record<string, unknown>> = {
  request_judicial_confirmation: { to: { status: 'awaiting_confirmation', path: 'mediation', stage: 'judicial_confirmation_requested' } },
  message_posted: { channel: 'open', side: 'complainant', text: '我方希望尽快调解结案，请被投诉人回复' },
  invite_respondent: { invitation: { expiresAt: '2026-03-18T02:00:00.000Z', channels: ['email', 'sms'] } },
  takeover_code_issued: { expiresAt: '2026-03-18T02:00:00.000Z' },
  issue_supervision_order: { text: '请于期限内办结并报告督办内容', dueAt: '2026-03-10T09:00:00.000Z' },
  add_supervision_opinion: { text: '监督意见正文', replyRequired: true, replyDueAt: '2026-03-18T15:59:59.999Z' },
  supervision_overdue: {
    supervision: { seq: 5, kind: 'order' },
    deadline: { kind: 'supervision_order', dueAt: '2026-03-10T09:00:00.000Z' },
  },
};

function input(type: string, opts: { case?: Case; contacts?: NoticeInput['contacts']; data?: Record<string, unknown> } = {}): NoticeInput {
  const c = opts.case ?? CASE;
  const data = { ...EVENT_DATA[type], ...opts.data };
  return { event: eventOf(c, type, data), case: c, contacts: opts.contacts ?? EVERYONE, directory: DIRECTORY, siteUrl: SITE };
}

/** `recipient/channel` of each notice, sorted. */
const sent = (notices: Notice[]) => notices.map((n) => `${n.recipient}/${n.channel}`).sort();
const recipients = (notices: Notice[]) => [...new Set(notices.map((n) => n.recipient))].sort();

const SCHEDULE = { at: '2027-03-01T02:00:00.000Z', mode: 'offline', location: '安康市知识产权纠纷人民调解委员会第一调解室' };

/** SPEC §11, written out again here rather than read from the rules under test. */
const WHO: Record<string, RecipientKind[]> = {
  submitted: ['complainant'],
  routed: ['complainant'],
  claimed: ['complainant'],
  schedule_session: ['complainant', 'respondent'],
  schedule_hearing: ['complainant', 'respondent'],
  record_agreement: ['complainant', 'respondent'],
  record_failure: ['complainant', 'respondent'],
  record_judicial_confirmation: ['complainant', 'respondent'],
  close: ['complainant', 'respondent'],
  issue_award: ['complainant', 'respondent'],
  issue_decision: ['complainant', 'respondent'],
  issue_certificate: ['complainant', 'respondent'],
  reject: ['complainant', 'respondent'],
  reject_filing: ['complainant', 'respondent'],
  withdraw: ['complainant', 'respondent'],
  transfer_to_litigation: ['complainant', 'respondent'],
  transfer_to_police: ['complainant', 'police', 'procuratorate', 'respondent'],
  request_judicial_confirmation: ['court'],
  deadline_due_soon: ['assignee'],
  deadline_overdue: ['assignee', 'supervisor'],
  // SPEC §10: the invitation to the respondent's contact; a message to the channel's other participants.
  invite_respondent: ['respondent'],
  message_posted: ['assignee', 'respondent'],
  // Offline intake (线上线下): the takeover code to the complaint's contact.
  takeover_code_issued: ['complainant'],
  // SPEC §4 v2, §11: supervision orders and opinions requiring a reply reach the handler; one unanswered
  // past its time, the assignee and the supervisor; an extension request goes to the supervisor, its decision back.
  issue_supervision_order: ['assignee'],
  add_supervision_opinion: ['assignee'],
  supervision_overdue: ['assignee', 'supervisor'],
  request_extension: ['supervisor'],
  approve_extension: ['assignee'],
  deny_extension: ['assignee'],
  // SPEC §11, §12: an enforcement case's decision — a penalty, or no violation found — to both parties.
  issue_penalty: ['complainant', 'respondent'],
  close_no_violation: ['complainant', 'respondent'],
};
const PROGRESS = ['submitted', 'routed', 'claimed', 'message_posted'];
const STATUTORY = Object.keys(WHO).filter((type) => !PROGRESS.includes(type));

// ---------------------------------------------------------------------------------------------

describe('who is told of what', () => {
  it('notifies on exactly the events of SPEC §11', () => {
    expect([...NOTIFYING_EVENTS].sort()).toEqual(Object.keys(WHO).sort());
  });

  it('tells a message to the other participants of its channel, never to the other side of a caucus (SPEC §10)', () => {
    const told = (channel: string, side: string) =>
      recipients(noticesFor(input('message_posted', { data: { channel, side, text: '背对背沟通内容' } })));
    expect(told('open', 'complainant')).toEqual(['assignee', 'respondent']);
    expect(told('open', 'respondent')).toEqual(['assignee', 'complainant']);
    expect(told('open', 'handler')).toEqual(['complainant', 'respondent']);
    expect(told('caucus_complainant', 'handler')).toEqual(['complainant']);
    expect(told('caucus_complainant', 'complainant')).toEqual(['assignee']);
    expect(told('caucus_respondent', 'handler')).toEqual(['respondent']);
    expect(told('caucus_respondent', 'respondent')).toEqual(['assignee']);
    for (const notice of noticesFor(
      input('message_posted', { data: { channel: 'caucus_respondent', side: 'handler', text: '背对背沟通内容' } }),
    ))
      expect(notice.text).not.toContain('背对背沟通内容');
  });

  it('tells the handler of an opinion only when it requires a reply, with the reply’s due date and never its words', () => {
    expect(noticesFor(input('add_supervision_opinion', { data: { replyRequired: undefined, replyDueAt: undefined } }))).toEqual([]);
    for (const notice of noticesFor(input('add_supervision_opinion'))) {
      expect(notice.text).not.toContain('监督意见正文');
      expect(notice.text).toContain(notice.language === 'en' ? '18 Mar 2026' : '2026年3月18日');
    }
  });

  it('tells the supervisor and the assignee of an overdue supervision order as such, with its due date; never the order’s text', () => {
    for (const notice of noticesFor(input('supervision_overdue'))) {
      expect(notice.statutory).toBe(true);
      if (notice.language === 'zh-CN') expect(notice.text).toContain('督办事项办理期限已于2026年3月10日届满');
    }
    for (const notice of noticesFor(input('issue_supervision_order'))) expect(notice.text).not.toContain('督办内容');
  });

  it('tells the court of a joint application only when it is complete (one party’s half is no request yet)', () => {
    expect(
      noticesFor(input('request_judicial_confirmation', { data: { to: undefined, side: 'complainant', awaiting: 'respondent' } })),
    ).toEqual([]);
    expect(recipients(noticesFor(input('request_judicial_confirmation')))).toEqual(['court']);
  });

  it('sends the invitation with a place for its code (filled in only when sent) and a link to join, not to the case', () => {
    const notices = noticesFor(input('invite_respondent'));
    expect(sent(notices)).toEqual(['respondent/email', 'respondent/sms']);
    for (const notice of notices) {
      expect(notice.statutory).toBe(true);
      expect(notice.text).toContain(CODE_PLACEHOLDER);
      expect(notice.text).toContain(`${SITE}/#/join/${CASE.caseNumber}`);
      expect(notice.text).not.toContain(`#/cases/${CASE.caseId}`);
    }
  });

  it('tells each event to its recipients and no one else', () => {
    for (const [type, who] of Object.entries(WHO)) {
      expect(recipients(noticesFor(input(type, { data: SCHEDULE }))), type).toEqual(who);
    }
  });

  it('tells the respondent only once a contact for it is known', () => {
    expect(sent(noticesFor(input('issue_decision', { contacts: { complainant: COMPLAINANT } })))).toEqual([
      'complainant/email',
      'complainant/sms',
    ]);
    expect(
      sent(noticesFor(input('issue_decision', { contacts: { complainant: COMPLAINANT, respondent: { email: RESPONDENT.email } } }))),
    ).toEqual(['complainant/email', 'complainant/sms', 'respondent/email']);
  });

  it('copies a transfer to the police to the procuratorate, and says it is a copy', () => {
    const notices = noticesFor(input('transfer_to_police'));
    const [copy] = notices.filter((n) => n.recipient === 'procuratorate');
    const [police] = notices.filter((n) => n.recipient === 'police');
    expect(copy!.text).toContain('（抄送）案件已移送公安机关');
    expect(police!.text).not.toContain('抄送');
  });

  it('sends one notice per address a recipient has: e-mail to its e-mail address, SMS to its mobile', () => {
    const notices = noticesFor(input('submitted'));
    expect(notices.map((n) => [n.channel, n.address])).toEqual([
      ['email', COMPLAINANT.email],
      ['sms', COMPLAINANT.phone],
    ]);
    expect(sent(noticesFor(input('submitted', { contacts: { complainant: { phone: COMPLAINANT.phone } } })))).toEqual(['complainant/sms']);
  });

  it('sends SMS to an international number, as to a mainland mobile (equal protection)', () => {
    const abroad = { email: COMPLAINANT.email, phone: '+49301234567' };
    const notices = noticesFor(input('schedule_session', { contacts: { complainant: abroad } }));
    expect(sent(notices)).toEqual(['complainant/email', 'complainant/sms']);
    expect(notices.find((n) => n.channel === 'sms')?.address).toBe('+49301234567');
  });

  it('sends no SMS to a landline', () => {
    const landline = { email: COMPLAINANT.email, phone: '0915-3212345' };
    expect(sent(noticesFor(input('schedule_session', { contacts: { complainant: landline } })))).toEqual(['complainant/email']);
  });

  it('gives nothing to a recipient without a contact', () => {
    expect(noticesFor(input('submitted', { contacts: {} }))).toEqual([]);
    expect(noticesFor({ ...input('request_judicial_confirmation'), directory: { inboxes: {} } })).toEqual([]);
    expect(noticesFor(input('schedule_hearing', { contacts: { complainant: {}, respondent: { language: 'en' } } }))).toEqual([]);
  });

  it('tells no one of an event outside the rules, even one named like an object property', () => {
    const others = [
      'add_note',
      'add_evidence',
      'queued',
      'respondent_joined',
      'respondent_invited',
      'unknown',
      '',
      'constructor',
      '__proto__',
      'toString',
    ];
    for (const type of others) expect(noticesFor(input(type)), type).toEqual([]);
  });
});

describe('the assignee', () => {
  it('is reached at its own address when it set one', () => {
    expect(noticesFor(input('deadline_due_soon')).map((n) => n.address)).toEqual([ASSIGNEE.email, ASSIGNEE.phone]);
  });

  it('is reached through the shared inbox of its path’s handler role when it set none', () => {
    const inbox = {
      mediation: 'mediator',
      arbitration: 'arbitrator',
      notarization: 'notary',
      administrative_adjudication: 'officer',
      administrative_enforcement: 'officer',
    } as const;
    for (const path of PATHS) {
      const notices = noticesFor(input('deadline_due_soon', { case: claimedCase(path), contacts: {} }));
      expect(
        notices.map((n) => [n.recipient, n.address]),
        path,
      ).toEqual([['assignee', DIRECTORY.inboxes[inbox[path]]!.email]]);
    }
  });

  it('falls back to the role’s inbox, in the inbox’s language, when its settings hold no address', () => {
    const directory = { inboxes: { ...DIRECTORY.inboxes, mediator: { email: 'committee@mediation.example.cn', language: 'en' as const } } };
    const [notice] = noticesFor({ ...input('deadline_overdue', { contacts: { assignee: { language: 'zh-CN' } } }), directory });
    expect([notice!.address, notice!.language]).toEqual(['committee@mediation.example.cn', 'en']);
  });

  it('tells the supervisor’s inbox too when a clock is overdue', () => {
    expect(sent(noticesFor(input('deadline_overdue', { contacts: {} })))).toEqual(['assignee/email', 'supervisor/email', 'supervisor/sms']);
  });

  it('reaches no one for a case that has no path and an assignee without an address', () => {
    expect(noticesFor(input('deadline_due_soon', { case: { ...CASE, path: null }, contacts: {} }))).toEqual([]);
  });
});

describe('opting out', () => {
  const off = (optOut: Contact['optOut']): NoticeInput['contacts'] => ({
    complainant: { ...COMPLAINANT, optOut },
    respondent: { ...RESPONDENT, optOut },
  });

  it('leaves out the channels a recipient turned off for receipts and progress', () => {
    // A message (SPEC §10) is told to the respondent and the assignee here; the respondent turns its off too.
    const quietRespondent = { ...EVERYONE, respondent: { ...RESPONDENT, optOut: { email: true } } };
    expect(sent(noticesFor(input('message_posted', { contacts: quietRespondent })))).toEqual([
      'assignee/email',
      'assignee/sms',
      'respondent/sms',
    ]);
    for (const type of PROGRESS.filter((t) => t !== 'message_posted')) {
      expect(sent(noticesFor(input(type, { contacts: off({ email: true }) }))), type).toEqual(['complainant/sms']);
      expect(sent(noticesFor(input(type, { contacts: off({ sms: true }) }))), type).toEqual(['complainant/email']);
      expect(noticesFor(input(type, { contacts: off({ email: true, sms: true }) })), type).toEqual([]);
      expect(noticesFor(input(type)).every((n) => !n.statutory)).toBe(true);
    }
  });

  it('sends statutory notices — schedules, decisions, transfers, deadlines — whatever was turned off', () => {
    const everythingOff = { email: true, sms: true };
    for (const type of STATUTORY) {
      const quiet = noticesFor({
        ...input(type, { contacts: { ...off(everythingOff), assignee: { ...ASSIGNEE, optOut: everythingOff } } }),
        directory: { inboxes: Object.fromEntries(Object.entries(DIRECTORY.inboxes).map(([k, c]) => [k, { ...c, optOut: everythingOff }])) },
      });
      expect(sent(quiet), type).toEqual(sent(noticesFor(input(type))));
      expect(quiet.length, type).toBeGreaterThan(0);
      expect(quiet.every((n) => n.statutory)).toBe(true);
    }
  });
});

describe('language', () => {
  const HAN = /\p{Script=Han}/u;

  it('writes to each recipient in its own language, zh-CN unless it chose English', () => {
    const notices = noticesFor(
      input('issue_award', { contacts: { complainant: COMPLAINANT, respondent: { ...RESPONDENT, language: 'en' } } }),
    );
    for (const n of notices) {
      const expected = n.recipient === 'respondent' ? 'en' : 'zh-CN';
      expect(n.language).toBe(expected);
      expect(HAN.test(`${n.subject}${n.text}`), `${n.recipient} ${n.channel}`).toBe(expected === 'zh-CN');
    }
  });

  it('has words in both languages, for both channels, for every event', () => {
    for (const type of NOTIFYING_EVENTS) {
      for (const language of ['zh-CN', 'en'] as const) {
        const contacts = {
          complainant: { ...COMPLAINANT, language },
          respondent: { ...RESPONDENT, language },
          assignee: { ...ASSIGNEE, language },
        };
        const directory = {
          inboxes: Object.fromEntries(Object.entries(DIRECTORY.inboxes).map(([k, c]) => [k, { ...c, phone: '13900000009', language }])),
        };
        const notices = noticesFor({ ...input(type, { contacts, data: { ...SCHEDULE, location: 'Room 1' } }), directory });
        expect(new Set(notices.map((n) => n.channel)), `${type} ${language}`).toEqual(new Set(['email', 'sms']));
        for (const n of notices) {
          expect(n.language).toBe(language);
          expect(HAN.test(`${n.subject}${n.text}`), `${type} ${language} ${n.channel}: ${n.text}`).toBe(language === 'zh-CN');
          if (n.channel === 'email') expect(n.subject).not.toBe('');
          else expect(n.subject).toBe('');
        }
      }
    }
  });

  it('treats a language it does not write as zh-CN', () => {
    const [n] = noticesFor(input('submitted', { contacts: { complainant: { email: COMPLAINANT.email, language: 'fr' as Language } } }));
    expect(n!.language).toBe('zh-CN');
  });
});

describe('notice ids', () => {
  const contactArb: fc.Arbitrary<Contact | undefined> = fc.option(
    fc.record(
      {
        email: fc.constantFrom('a@example.cn', 'b@example.cn'),
        phone: fc.constantFrom('13912345678', '0915-3212345'),
        language: fc.constantFrom<Language>('zh-CN', 'en'),
        optOut: fc.record({ email: fc.boolean(), sms: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  );

  it('are `caseId#seq#recipient#channel`, the same each time, and never repeat a recipient and channel', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFYING_EVENTS),
        fc.nat(10_000),
        fc.record({ complainant: contactArb, respondent: contactArb, assignee: contactArb }),
        (type, seq, contacts) => {
          const given = { ...input(type, { contacts: contacts as NoticeInput['contacts'] }), event: eventOf(CASE, type, {}, seq) };
          const notices = noticesFor(given);
          expect(noticesFor(structuredClone(given))).toEqual(notices);
          for (const n of notices) expect(n.noticeId).toBe(`${CASE.caseId}#${seq}#${n.recipient}#${n.channel}`);
          expect(new Set(notices.map((n) => n.noticeId)).size).toBe(notices.length);
        },
      ),
    );
  });
});

describe('what a notice says', () => {
  /** Free text people wrote, codes and tokens the event may carry: none may reach a notice. */
  const WRITTEN = {
    reason: '被投诉人拒绝调解',
    terms: '被投诉人停止销售并赔偿 5 万元',
    summary: 'The respondent infringed claim 1',
    text: '请尽快联系申请人',
    orders: ['立即停止侵权'],
    method: '网页取证',
    code: 'INVITE-CODE-4711',
    token: 'eyJhbGciOiJIUzI1NiJ9.e30.signature',
  };
  const FORBIDDEN = [ID_NUMBER, ...ADDRESSES, CASE.complaint.respondent.address!, ...Object.values(WRITTEN).flat()];

  it('names the case and links to its page, and never carries an ID number, contact details, free text or a token', () => {
    // Some of the place may be a contact someone typed into it: it is starred out.
    const placeArb = fc
      .tuple(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('', ID_NUMBER, COMPLAINANT.phone!, RESPONDENT.email!, '138 9150 0123'),
        fc.string({ maxLength: 40 }),
      )
      .map(([before, secret, after]) => `${before} ${secret} ${after}`);
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFYING_EVENTS), fc.constantFrom<Language>('zh-CN', 'en'), placeArb, (type, language, location) => {
        const contacts = {
          complainant: { ...COMPLAINANT, language },
          respondent: { ...RESPONDENT, language },
          assignee: { ...ASSIGNEE, language },
        };
        const notices = noticesFor(
          input(type, {
            contacts,
            data: { ...SCHEDULE, location, ...WRITTEN, deadline: { kind: 'mediation_outcome', dueAt: '2026-04-01T15:59:59.999Z' } },
          }),
        );
        expect(notices.length).toBeGreaterThan(0);
        for (const n of notices) {
          const words = `${n.subject}\n${n.text}`;
          expect(words).toContain(CASE.caseNumber);
          expect(n.text).toContain(linkOf(type));
          for (const secret of FORBIDDEN) expect(words, `${type} ${n.recipient} ${n.channel}`).not.toContain(secret);
          expect(words).not.toContain('138 9150 0123');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stars out a phone number, an e-mail address or an ID number typed into the place, and keeps the rest', () => {
    expect(placeForNotice('第一调解室（联系人 138 9150 0123，wang@example.cn）')).toBe('第一调解室（联系人 ***，***）');
    expect(placeForNotice(`汉滨区巴山东路 12 号\n2 楼 0915-3212345 ${ID_NUMBER}`)).toBe('汉滨区巴山东路 12 号 2 楼 *** ***');
    expect(placeForNotice('腾讯会议 123-456-789')).toBe('腾讯会议 123-456-789');
  });

  it('gives the receipt and the routing from the case’s own intake events', () => {
    const c = queuedCase('administrative_adjudication');
    const [submitted, routed] = historyOf(c).filter((e) => e.type === 'submitted' || e.type === 'routed');
    const receipt = noticesFor({ ...input('submitted', { case: c }), event: submitted! });
    expect(receipt[0]!.subject).toBe(`案件编号 ${c.caseNumber}：您的投诉已收到`);
    const sms = noticesFor({ ...input('routed', { case: c }), event: routed! }).find((n) => n.channel === 'sms')!;
    expect(sms.text).toBe(`【安康知识产权】案件编号 ${c.caseNumber}：案件已转由行政裁决途径办理。详情：${SITE}/#/cases/${c.caseId}`);
  });

  it('says when and where a session is, in China time', () => {
    const { case: c, events } = drive(claimedCase('mediation'), SCRIPTS.mediationSessionScheduled);
    const scheduled = events.at(-1)!;
    const contacts = { complainant: { email: COMPLAINANT.email }, respondent: { email: RESPONDENT.email, language: 'en' as const } };
    const [zh, en] = noticesFor({ ...input('schedule_session', { case: c, contacts }), event: scheduled });
    expect(zh!.text).toContain('调解定于2026年3月10日 09:00在线进行。');
    expect(en!.text).toContain('A mediation session is scheduled for 10 Mar 2026 09:00 (UTC+8), online.');

    const atNight = noticesFor(input('schedule_hearing', { contacts, data: { at: '2027-02-28T17:30:00Z', location: '第一仲裁庭' } }));
    expect(atNight[0]!.text).toContain('本案定于2027年3月1日 01:30开庭，地点：第一仲裁庭');
    expect(atNight[1]!.text).toContain('A hearing is scheduled for 1 Mar 2027 01:30 (UTC+8), at 第一仲裁庭');
  });

  it('names the clock and the day it falls due in a reminder', () => {
    const data = { deadline: { kind: 'filing_review', dueAt: '2026-03-09T15:59:59.999Z' } };
    const contacts = { assignee: { email: ASSIGNEE.email } };
    expect(noticesFor(input('deadline_due_soon', { contacts, data }))[0]!.subject).toBe(
      `案件编号 ${CASE.caseNumber}：立案审查期限将于2026年3月9日届满`,
    );
    const en = noticesFor(input('deadline_overdue', { contacts: { assignee: { ...contacts.assignee, language: 'en' } }, data }))[0]!;
    expect(en.text).toContain('The filing review time limit passed on 9 Mar 2026');
  });

  it('says an enforcement case was decided with a penalty, or closed with no violation found, and names the enforcement clocks (SPEC §12)', () => {
    // Prepare
    const enforcement = claimedCase('administrative_enforcement');
    const on = (type: string, data: Record<string, unknown> = {}) => noticesFor(input(type, { case: enforcement, data }));

    // Act
    const penalty = on('issue_penalty');
    const noViolation = on('close_no_violation');
    const rejected = on('reject_filing');
    const reminder = on('deadline_due_soon', { deadline: { kind: 'enforcement_decision', dueAt: '2026-06-01T15:59:59.999Z' } });

    // Assess
    expect(recipients(penalty)).toEqual(['complainant', 'respondent']);
    expect(penalty.every((n) => n.statutory)).toBe(true);
    expect(penalty.find((n) => n.language === 'zh-CN')!.text).toContain('行政处罚决定已作出');
    expect(noViolation.find((n) => n.language === 'zh-CN')!.text).toContain('未发现违法行为');
    expect(rejected.find((n) => n.language === 'zh-CN')!.text).toContain('行政执法投诉不予立案');
    expect(reminder[0]!.subject).toContain('行政处罚决定期限将于2026年6月1日届满');
  });

  it('says whether the court confirmed the agreement', () => {
    const say = (confirmed: boolean) => noticesFor(input('record_judicial_confirmation', { data: { confirmed } }))[0]!.text;
    expect(say(true)).toContain('法院已裁定确认调解协议有效');
    expect(say(false)).toContain('法院裁定不予确认调解协议');
  });
});

describe('SMS length', () => {
  const PLACES = {
    chinese: '安康市汉滨区'.repeat(80),
    latin: "Hearing room 12, Ankang Intermediate People's Court, ".repeat(10),
    brackets: '[Room]{1}~|^\\'.repeat(40),
    mixed: `Room 1 第一调解室 ${'x'.repeat(300)}`,
  };

  function smsFor(type: string, language: Language, location: string): Notice[] {
    const phone = (n: number) => ({ phone: `1390000000${n}`, language });
    const contacts = { complainant: phone(1), respondent: phone(2), assignee: phone(3) };
    const directory = { inboxes: { court: phone(4), police: phone(5), procuratorate: phone(6), supervisor: phone(7) } };
    return noticesFor({ ...input(type, { contacts, data: { ...SCHEDULE, location } }), directory }).filter((n) => n.channel === 'sms');
  }

  it('keeps every SMS within two segments however long the place, and keeps the case number and the link whole', () => {
    for (const [kind, place] of Object.entries(PLACES)) {
      for (const language of ['zh-CN', 'en'] as const) {
        for (const type of NOTIFYING_EVENTS) {
          for (const n of smsFor(type, language, place)) {
            const { units, limit } = smsLength(n.text);
            expect(units, `${kind} ${language} ${type}: ${n.text}`).toBeLessThanOrEqual(limit);
            expect(n.text.endsWith(linkOf(type))).toBe(true);
            expect(n.text).toContain(CASE.caseNumber);
            if (type === 'invite_respondent' || type === 'takeover_code_issued') expect(n.text).toContain(CODE_PLACEHOLDER);
            expect(n.text.startsWith(language === 'zh-CN' ? '【安康知识产权】' : '[Ankang IP] ')).toBe(true);
          }
        }
      }
    }
  });

  it('cuts only as much of a long place as it must, marking the cut', () => {
    const [zh] = smsFor('schedule_session', 'zh-CN', PLACES.chinese);
    expect(zh!.text).toMatch(/地点：(安康市汉滨区)+.*…。详情/u);
    expect(smsLength(zh!.text).units).toBeGreaterThan(SMS_LIMIT.ucs2 - 2);
    // An English SMS stays in GSM-7 (306 septets): its cut ends in '...', since '…' would halve the room.
    const [en] = smsFor('schedule_hearing', 'en', PLACES.latin);
    expect(en!.text).toMatch(/, at Hearing room 12, .*\.\.\. Details: /);
    expect(smsLength(en!.text)).toMatchObject({ encoding: 'gsm7' });
    expect(smsLength(en!.text).units).toBeGreaterThan(SMS_LIMIT.gsm7 - 4);
  });

  it('points to the case page for the place when no useful part of it fits', () => {
    // A Chinese place turns the English SMS into UCS-2, where its own words leave no room.
    const [en] = smsFor('schedule_session', 'en', PLACES.chinese);
    expect(en!.text).toContain('(UTC+8), place on the case page. Details: ');
  });

  it('keeps within two segments for any place, any language and any event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFYING_EVENTS),
        fc.constantFrom<Language>('zh-CN', 'en'),
        fc.string({ unit: fc.constantFrom('grapheme', 'binary', 'grapheme-ascii'), maxLength: 500 }),
        (type, language, location) => {
          for (const n of smsFor(type, language, location)) {
            const { units, limit } = smsLength(n.text);
            expect(units).toBeLessThanOrEqual(limit);
            expect(n.text.endsWith(linkOf(type))).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts GSM-7 extension characters as two septets and switches to UCS-2 for any other character', () => {
    expect(smsLength('Room 1')).toEqual({ encoding: 'gsm7', units: 6, limit: 306 });
    expect(smsLength('[Ankang IP]')).toEqual({ encoding: 'gsm7', units: 13, limit: 306 });
    expect(smsLength('Room 1…')).toEqual({ encoding: 'ucs2', units: 7, limit: 134 });
    expect(smsLength('安康')).toEqual({ encoding: 'ucs2', units: 2, limit: 134 });
    expect(smsLength('𠀀')).toMatchObject({ units: 2 }); // outside the BMP: a surrogate pair
  });
});

describe('the reminder a working day ahead', () => {
  // Filed on Mon 2 Mar 2026: the filing review is due at the end of Mon 9 Mar (five working days).
  const c = queuedCase('administrative_adjudication');
  const due = c.deadline!.dueAt;

  it('is due on the working day before the clock falls due, and not earlier', () => {
    expect(due).toBe('2026-03-09T15:59:59.999Z');
    expect(remindDueSoon(c, new Date('2026-03-05T02:00:00Z'), SHIPPED_CALENDAR)).toBeNull(); // Thursday
    const friday = remindDueSoon(c, new Date('2026-03-06T02:00:00Z'), SHIPPED_CALENDAR);
    expect(friday?.event).toMatchObject({ type: 'deadline_due_soon', data: { deadline: { kind: 'filing_review', dueAt: due } } });
    expect(friday?.case.deadline).toMatchObject({ reminded: true, overdue: false });
  });

  it('is given once, and not for a clock already overdue or a final case', () => {
    const reminded = remindDueSoon(c, new Date('2026-03-06T02:00:00Z'), SHIPPED_CALENDAR)!.case;
    expect(remindDueSoon(reminded, new Date('2026-03-09T02:00:00Z'), SHIPPED_CALENDAR)).toBeNull();
    expect(remindDueSoon(c, new Date('2026-03-10T02:00:00Z'), SHIPPED_CALENDAR)).toBeNull();
    expect(remindDueSoon({ ...c, status: 'withdrawn' }, new Date('2026-03-06T02:00:00Z'), SHIPPED_CALENDAR)).toBeNull();
  });

  it('becomes a notice to the assignee naming the clock and its day', () => {
    const { event, case: after } = remindDueSoon(
      claimedCase('administrative_adjudication'),
      new Date('2026-03-06T02:00:00Z'),
      SHIPPED_CALENDAR,
    )!;
    const notices = noticesFor({
      event,
      case: after,
      contacts: { assignee: { email: 'o-1@amr.example.cn' } },
      directory: DIRECTORY,
      siteUrl: SITE,
    });
    expect(notices.map((n) => [n.recipient, n.address, n.statutory])).toEqual([['assignee', 'o-1@amr.example.cn', true]]);
    expect(notices[0]!.text).toContain('立案审查期限将于2026年3月9日届满');
  });
});
