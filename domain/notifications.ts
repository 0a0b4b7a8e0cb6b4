// Who is told what when something happens to a case (SPEC §11). Every notice is a consequence of one
// timeline event: the rules below say, per event type, who hears of it and whether it is statutory
// (sent whatever the recipient turned off: schedules, decisions, deadlines) or not (receipts and
// progress). Addresses come from the caller — the parties' from the complaint and their own
// settings, a handler's from its own settings — or from the deployment's directory of shared inboxes
// (agencies, and each staff role's inbox for a handler who set none).

import { HANDLER_ROLE_OF_PATH, PATHS, type Case, type CasePath } from './model.ts';
import { MESSAGE_CHANNELS, MESSAGE_EVENT, type MessageChannel } from './access.ts';
import { CODE_PLACEHOLDER, TAKEOVER_CODE_EVENT } from './invitations.ts';
import { renderNotice, type Channel, type Language, type NoticeFacts, type NoticeTopic } from './notice-templates.ts';
import type { TimelineEvent } from './timeline.ts';

export type { Channel, Language } from './notice-templates.ts';

/** `credit_respondent`: the respondent told of a credit-list review (SPEC §12), recorded under the case the review rests on. */
export type RecipientKind =
  | 'complainant'
  | 'respondent'
  | 'assignee'
  | 'supervisor'
  | 'court'
  | 'police'
  | 'procuratorate'
  | 'credit_respondent';

/** How to reach one recipient, and what it opted out of (non-statutory notices only). */
export interface Contact {
  email?: string;
  phone?: string;
  language?: Language;
  optOut?: { email?: boolean; sms?: boolean };
}

export type InboxName = 'court' | 'police' | 'procuratorate' | 'supervisor' | 'mediator' | 'arbitrator' | 'notary' | 'officer';

/** Shared inboxes configured as data per deployment: agencies and the staff roles (a mediation committee's inbox…). */
export interface Directory {
  inboxes: Partial<Record<InboxName, Contact>>;
}

export interface NoticeInput {
  /** The event that happened: `{caseId, seq, at, type, actor, data, prevHash, hash}`. */
  event: TimelineEvent;
  /** The case after the event (its number, path and assignee). */
  case: Case;
  /**
   * Contacts the caller resolved: the complainant's from the complaint merged with its own settings;
   * the respondent's once invited or joined (may be absent); the assignee's own settings (may be
   * absent: then the inbox of the assignee's role from the directory is used).
   */
  contacts: { complainant?: Contact; respondent?: Contact; assignee?: Contact };
  directory: Directory;
  /** Base URL of the web pages; the case link is `${siteUrl}/#/cases/${caseId}`. */
  siteUrl: string;
}

export interface Notice {
  /** `${caseId}#${seq}#${recipient}#${channel}`: the same input, the same id. */
  noticeId: string;
  caseId: string;
  caseNumber: string;
  seq: number;
  eventType: string;
  recipient: RecipientKind;
  channel: Channel;
  address: string;
  language: Language;
  statutory: boolean;
  /** E-mail subject; '' for SMS. */
  subject: string;
  /** Plain-text body (e-mail) or the SMS text. */
  text: string;
}

/** One row of the SPEC §11 table. */
export interface NoticeRule {
  /** Who is told, in this order: fixed, or read from the event (a message's channel). */
  to: readonly RecipientKind[] | ((event: TimelineEvent) => readonly RecipientKind[]);
  /** Whether the event notifies at all (default: always). */
  when?: (event: TimelineEvent) => boolean;
  /** Who gets a copy (marked as such in the text). */
  copy?: readonly RecipientKind[];
  /** Statutory notices ignore opt-outs. */
  statutory: boolean;
  topic: NoticeTopic;
}

const PARTIES = ['complainant', 'respondent'] as const satisfies readonly RecipientKind[];
const progress = (topic: NoticeTopic): NoticeRule => ({ to: ['complainant'], statutory: false, topic });
const toParties = (topic: NoticeTopic): NoticeRule => ({ to: PARTIES, statutory: true, topic });

/** Who takes part in each channel (SPEC §10): the other participants hear of a message. */
const CHANNEL_PARTICIPANTS: Record<MessageChannel, readonly RecipientKind[]> = {
  open: ['complainant', 'respondent', 'assignee'],
  caucus_complainant: ['complainant', 'assignee'],
  caucus_respondent: ['respondent', 'assignee'],
};

const isChannel = (value: unknown): value is MessageChannel => (MESSAGE_CHANNELS as readonly unknown[]).includes(value);

/** A message's recipients: its channel's participants but its author's side. */
function messageRecipients(event: TimelineEvent): readonly RecipientKind[] {
  const { channel, side } = event.data;
  if (!isChannel(channel)) return [];
  const author: RecipientKind = side === 'complainant' || side === 'respondent' ? side : 'assignee';
  return CHANNEL_PARTICIPANTS[channel].filter((r) => r !== author);
}

/**
 * The SPEC §11 table by timeline event type. The respondent is told once it was invited (the
 * invitation's contact) or joined (its own settings over that).
 */
export const NOTICE_RULES: ReadonlyMap<string, NoticeRule> = new Map<string, NoticeRule>([
  // Receipts and progress: the complainant only, and only on the channels it kept.
  ['submitted', progress('receipt')],
  ['routed', progress('routed')],
  ['claimed', progress('claimed')],
  // Schedules and decisions: both parties, always.
  ['schedule_session', toParties('session')],
  ['schedule_hearing', toParties('hearing')],
  ['record_agreement', toParties('agreement')],
  ['record_failure', toParties('mediation_failed')],
  ['record_judicial_confirmation', toParties('judicial_confirmation')],
  ['close', toParties('closed')],
  ['issue_award', toParties('award')],
  ['issue_decision', toParties('decision')],
  ['issue_certificate', toParties('certificate')],
  ['reject', toParties('rejected')],
  ['reject_filing', toParties('filing_rejected')],
  ['withdraw', toParties('withdrawn')],
  ['transfer_to_litigation', toParties('to_litigation')],
  // 行刑衔接: a transfer to the police is copied to the procuratorate.
  ['transfer_to_police', { to: [...PARTIES, 'police'], copy: ['procuratorate'], statutory: true, topic: 'to_police' }],
  // Only the request that reaches the court: one party's half of a joint application does not.
  [
    'request_judicial_confirmation',
    { to: ['court'], when: (e) => e.data['to'] !== undefined, statutory: true, topic: 'confirmation_requested' },
  ],
  // Both parties online (SPEC §10): the invitation with its code, to the address the handler gave.
  ['invite_respondent', { to: ['respondent'], statutory: true, topic: 'invitation' }],
  // Offline intake (线上线下): the complainant's takeover code, to the complaint's contact (always sent).
  [TAKEOVER_CODE_EVENT, { to: ['complainant'], statutory: true, topic: 'takeover_code' }],
  // Messages: the channel's other participants; non-statutory (they may turn them off).
  [MESSAGE_EVENT, { to: messageRecipients, statutory: false, topic: 'message' }],
  // The deadline sweep's reminder a working day ahead, and its overdue flag.
  ['deadline_due_soon', { to: ['assignee'], statutory: true, topic: 'due_soon' }],
  ['deadline_overdue', { to: ['assignee', 'supervisor'], statutory: true, topic: 'overdue' }],
  // Version 2 (SPEC §4, §11): supervision orders (督办) and opinions that require a reply reach the
  // handler; one that ran out is told to the assignee and the supervisor, as an overdue clock is.
  ['issue_supervision_order', { to: ['assignee'], statutory: true, topic: 'supervision_order' }],
  [
    'add_supervision_opinion',
    { to: ['assignee'], when: (e) => e.data['replyRequired'] === true, statutory: true, topic: 'opinion_reply_required' },
  ],
  ['supervision_overdue', { to: ['assignee', 'supervisor'], statutory: true, topic: 'supervision_overdue' }],
  // An extension of the decision clock: the supervisor decides it, the officer hears the decision.
  ['request_extension', { to: ['supervisor'], statutory: true, topic: 'extension_requested' }],
  ['approve_extension', { to: ['assignee'], statutory: true, topic: 'extension_approved' }],
  ['deny_extension', { to: ['assignee'], statutory: true, topic: 'extension_denied' }],
  // Administrative enforcement (SPEC §12): the penalty decision or the closing without one, to both parties.
  ['issue_penalty', toParties('penalty')],
  ['close_no_violation', toParties('no_violation')],
]);

/** The credit-list event that tells the respondent (SPEC §12; the stream filter lets it through with the case events). */
export const CREDIT_REVIEW_EVENT = 'start_review';

/** Case event types that notify anyone (for the stream filter and documentation); the credit list's review is `CREDIT_REVIEW_EVENT`. */
export const NOTIFYING_EVENTS: readonly string[] = [...NOTICE_RULES.keys()];

/**
 * SMS goes to mainland mobiles (phones are stored normalised: 11 digits, or `area-local` landlines)
 * and to international numbers (E.164, SPEC §3 v2: equal protection): abroad a number does not say
 * whether it is a mobile, so the text is sent and a landline simply does not receive it.
 */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const INTERNATIONAL = /^\+(?!86)[1-9]\d{7,14}$/;

function isMobile(phone: string): boolean {
  const compact = phone.replace(/[\s-]/g, '');
  return MOBILE.test(compact) || INTERNATIONAL.test(compact);
}

function hasAddress(contact: Contact | undefined): contact is Contact {
  return Boolean(contact?.email?.trim() || contact?.phone?.trim());
}

function contactOf(recipient: RecipientKind, input: NoticeInput): Contact | undefined {
  switch (recipient) {
    case 'complainant':
    case 'respondent':
      return input.contacts[recipient];
    // Told of a credit-list review only (creditReviewNotices), never by a case's own events.
    case 'credit_respondent':
      return undefined;
    case 'assignee': {
      // A handler who set no address of its own is reached through its role's shared inbox.
      const own = input.contacts.assignee;
      if (hasAddress(own)) return own;
      return input.case.path ? input.directory.inboxes[HANDLER_ROLE_OF_PATH[input.case.path] as InboxName] : undefined;
    }
    default:
      return input.directory.inboxes[recipient];
  }
}

const isPath = (value: unknown): value is CasePath => (PATHS as readonly unknown[]).includes(value);

/** The facts a template may state, picked from the event one by one (never its free text). */
function factsOf(input: NoticeInput, copy: boolean): NoticeFacts {
  const { data, type } = input.event;
  // The clock a notice names: the event's (reminders, overdue), or a supervision clock's due time.
  const dueAt = data['replyDueAt'] ?? (type === 'issue_supervision_order' ? data['dueAt'] : undefined);
  const deadline =
    typeof dueAt === 'string'
      ? { kind: type === 'issue_supervision_order' ? 'supervision_order' : 'supervision_opinion_reply', dueAt }
      : (data['deadline'] as { kind?: unknown; dueAt?: unknown } | null | undefined);
  const routedTo = type === 'routed' ? data['path'] : undefined;
  const invitation =
    type === 'invite_respondent'
      ? (data['invitation'] as { expiresAt?: unknown } | undefined)
      : type === TAKEOVER_CODE_EVENT
        ? { expiresAt: data['expiresAt'] }
        : undefined;
  return {
    caseNumber: input.case.caseNumber,
    // An invitee cannot read the case before it joins: its link opens the page where it joins.
    link:
      type === 'invite_respondent'
        ? `${input.siteUrl.replace(/\/+$/, '')}/#/join/${input.case.caseNumber}`
        : type === TAKEOVER_CODE_EVENT
          ? `${input.siteUrl.replace(/\/+$/, '')}/#/takeover/${input.case.caseNumber}`
          : `${input.siteUrl.replace(/\/+$/, '')}/#/cases/${input.case.caseId}`,
    path: isPath(routedTo) ? routedTo : input.case.path,
    ...(typeof data['at'] === 'string' ? { at: data['at'] } : {}),
    ...(typeof data['location'] === 'string' ? { location: data['location'] } : {}),
    ...(data['mode'] === 'online' || data['mode'] === 'offline' ? { mode: data['mode'] } : {}),
    ...(typeof deadline?.kind === 'string' && typeof deadline.dueAt === 'string'
      ? { deadline: { kind: deadline.kind, dueAt: deadline.dueAt } }
      : {}),
    ...(typeof data['confirmed'] === 'boolean' ? { confirmed: data['confirmed'] } : {}),
    ...(copy ? { copy } : {}),
    ...(invitation && typeof invitation.expiresAt === 'string'
      ? { invitation: { code: CODE_PLACEHOLDER, expiresAt: invitation.expiresAt } }
      : {}),
    ...(isChannel(data['channel']) ? { channel: data['channel'] } : {}),
  };
}

/** The notices one timeline event causes: [] for an event no rule names. */
export function noticesFor(input: NoticeInput): Notice[] {
  const rule = NOTICE_RULES.get(input.event.type);
  if (!rule || rule.when?.(input.event) === false) return [];
  const { event } = input;
  const to = typeof rule.to === 'function' ? rule.to(event) : rule.to;
  const { caseId, caseNumber } = input.case;
  const recipients = [...to.map((r) => ({ recipient: r, copy: false })), ...(rule.copy ?? []).map((r) => ({ recipient: r, copy: true }))];
  const sent = new Set<string>();
  const notices: Notice[] = [];
  for (const { recipient, copy } of recipients) {
    const contact = contactOf(recipient, input);
    if (!contact) continue;
    const language: Language = contact.language === 'en' ? 'en' : 'zh-CN';
    const email = contact.email?.trim();
    const phone = contact.phone?.trim();
    const channels: [Channel, string | undefined][] = [
      ['email', email],
      ['sms', phone && isMobile(phone) ? phone : undefined],
    ];
    for (const [channel, address] of channels) {
      const key = `${recipient}#${channel}`;
      if (!address || sent.has(key)) continue;
      if (!rule.statutory && contact.optOut?.[channel] === true) continue;
      sent.add(key);
      const { subject, text } = renderNotice({ topic: rule.topic, channel, language, facts: factsOf(input, copy) });
      notices.push({
        noticeId: `${caseId}#${event.seq}#${recipient}#${channel}`,
        caseId,
        caseNumber,
        seq: event.seq,
        eventType: event.type,
        recipient,
        channel,
        address,
        language,
        statutory: rule.statutory,
        subject,
        text,
      });
    }
  }
  return notices;
}

// ---------------------------------------------------------------------------------------------
// The credit list (SPEC §12): the respondent told of its review

/**
 * The notices of a credit-list review: to the respondent, at the address it is known by on `c` — the
 * latest case the review rests on where it was invited or joined — with the end of its statement
 * period. Recorded under that case (its delivery is on the case's notices), as `credit_respondent`, so
 * it never meets a notice of the case's own events. Statutory: always sent. [] with no address.
 */
export function creditReviewNotices(input: {
  event: TimelineEvent;
  case: Pick<Case, 'caseId' | 'caseNumber' | 'path'>;
  contact: Contact | undefined;
  siteUrl: string;
}): Notice[] {
  const { event, contact } = input;
  if (event.type !== CREDIT_REVIEW_EVENT || !hasAddress(contact)) return [];
  const dueAt = event.data['statementDueAt'];
  const language: Language = contact.language === 'en' ? 'en' : 'zh-CN';
  const facts: NoticeFacts = {
    caseNumber: input.case.caseNumber,
    link: `${input.siteUrl.replace(/\/+$/, '')}/#/credit-list`,
    path: input.case.path,
    ...(typeof dueAt === 'string' ? { deadline: { kind: 'credit_statement', dueAt } } : {}),
  };
  const email = contact.email?.trim();
  const phone = contact.phone?.trim();
  const channels: [Channel, string | undefined][] = [
    ['email', email],
    ['sms', phone && isMobile(phone) ? phone : undefined],
  ];
  return channels.flatMap(([channel, address]) => {
    if (!address) return [];
    const { subject, text } = renderNotice({ topic: 'credit_review', channel, language, facts });
    return [
      {
        noticeId: `${input.case.caseId}#${event.seq}#credit_respondent#${channel}`,
        caseId: input.case.caseId,
        caseNumber: input.case.caseNumber,
        seq: event.seq,
        eventType: event.type,
        recipient: 'credit_respondent' as const,
        channel,
        address,
        language,
        statutory: true,
        subject,
        text,
      },
    ];
  });
}
