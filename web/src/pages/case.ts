// One case as every reader sees it: status, path, stage, deadline, flags, the complaint, evidence,
// outcome, whether the respondent is online, the agreement and its signatures, the timeline with
// its integrity badge; then what the signed-in user may do now — claim it, or the actions the
// current stage allows, as forms generated from the action schemas — and the case's messages.
// A 409 (someone else changed the case, or the stage moved on) reloads the case and says why.

import { isHandlerOfPath, mayCall } from '#domain/access.ts';
import { ApiFailure } from '../api.ts';
import type { ActionName } from '#domain/actions.schema.ts';
import { allowedActions, buildActionForm, type CaseView } from '../action-form.ts';
import { explain, type App } from '../app.ts';
import type { Session } from '../auth.ts';
import { clear, dataTable, h, notice } from '../dom.ts';
import { formatBytes } from '../evidence.ts';
import { countryName } from '../countries.ts';
import { COMPLAINANT_TYPES, type ComplainantType } from '#domain/model.ts';
import { colon, cstTime, fieldName, language, matterName, nameOf, t, type TextKey } from '../i18n.ts';
import { partiesOf, sideOf, type Channel, type Side } from '../parties.ts';
import { renderAgreement } from './case-agreement.ts';
import { renderMessages } from './case-messages.ts';

/** An event, or (`type` "internal", no actor) a stub of one the reader may not see (SPEC §2.1). */
interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  actor?: { role: string; sub: string };
  data?: Record<string, unknown>;
}

type Integrity = { valid: true; events: number; head: string } | { valid: false; events: number; brokenAt: number };

const MAX_TIMELINE_PAGES = 20;

export interface CaseViewOptions {
  /** Shown above the case after a reload, e.g. why an action was refused. */
  message?: { kind: 'ok' | 'warn' | 'error'; text: string };
  /** Polls while the case is still `submitted` (just filed, not yet routed). */
  followRouting?: boolean;
  /** The message channel shown, kept across reloads. */
  channel?: Channel;
}

export async function renderCase(
  app: App,
  container: HTMLElement,
  session: Session,
  caseId: string,
  options: CaseViewOptions = {},
  attempt = 0,
): Promise<void> {
  clear(container);
  container.append(h('p', { role: 'status' }, t('loading')));
  let view: CaseView;
  let timeline: TimelineEvent[];
  try {
    [view, timeline] = await Promise.all([app.api.get<CaseView>(`/cases/${encodeURIComponent(caseId)}`), loadTimeline(app, caseId)]);
  } catch (error) {
    clear(container);
    container.append(notice('error', explain(error)));
    return;
  }
  clear(container);
  if (options.message) container.append(notice(options.message.kind, options.message.text));
  const reload = (message?: CaseViewOptions['message']) => renderCase(app, container, session, caseId, { ...options, message });

  const complaint = view as unknown as {
    // Null on a case an officer opened on its own lead (SPEC §12).
    complainant: {
      name: string;
      type: string;
      contact: { phone?: string; email?: string };
      // v2 (SPEC §3): as answered — the passport number masked for readers other than the owner and the assigned handler.
      creditCode?: string;
      idNumber?: string;
      registrationNumber?: string;
      passportNumber?: string;
      country?: string;
    } | null;
    zone?: string | null;
    claims: { stopInfringement: boolean; damagesCny?: number };
    respondent: { name: string; creditCode?: string; onlineStoreUrl?: string };
    right: { kind: string; number: string; title: string; holder: string };
    countyCode: string;
    description: string;
    evidence: { title: string; sha256: string; sizeBytes: number; mediaType: string }[];
    deadline: {
      kind: string;
      dueAt: string;
      overdue: boolean;
      extended: boolean;
      calendarIncomplete?: boolean;
      paused?: { since: string; reason: string } | null;
    } | null;
    flags: {
      repeatRespondent: boolean;
      possibleDuplicate: boolean;
      possibleDuplicateOf: string | null;
      overdue: boolean;
      supervisionOverdue?: boolean;
    };
    createdAt: string;
    // Version 2 (SPEC §4): staff only; the parties get none.
    supervision?: { seq: number; kind: 'order' | 'opinion'; dueAt: string; overdue: boolean; repliedAt: string | null }[];
    extensionRequest?: { days: number; status: 'pending' | 'approved' | 'denied'; decidedBy: string | null } | null;
    // v2 (SPEC §12): agency and matter for every reader; lead, investigators and inspections for the agencies.
    enforcement?: CaseEnforcement;
  };
  const deadline = complaint.deadline;
  const flags = [
    complaint.flags.repeatRespondent ? h('span', { class: 'badge bad' }, t('repeatRespondent')) : null,
    complaint.flags.possibleDuplicate
      ? complaint.flags.possibleDuplicateOf
        ? h(
            'a',
            { class: 'badge warn', href: `#/cases/${encodeURIComponent(complaint.flags.possibleDuplicateOf)}` },
            t('possibleDuplicate'),
          )
        : h('span', { class: 'badge warn' }, t('possibleDuplicate'))
      : null,
    complaint.flags.overdue ? h('span', { class: 'badge bad' }, t('overdue')) : null,
    complaint.flags.supervisionOverdue ? h('span', { class: 'badge bad' }, t('supervisionOverdue')) : null,
  ].filter(Boolean) as HTMLElement[];
  const allowed = allowedActions(session, view);
  // Supervision orders and opinions awaiting a reply, each with its clock; the handler answers an
  // open one with the reply button beside it (the form knows which one: no seq to type).
  const supervision = (complaint.supervision ?? []).map((s) => {
    const item = h(
      'li',
      { 'data-seq': String(s.seq) },
      `#${s.seq} ${nameOf(s.kind === 'order' ? 'supervision_order' : 'supervision_opinion_reply')} · ${cstTime(s.dueAt)} `,
      s.repliedAt
        ? h('span', { class: 'badge' }, `${t('replied')} ${cstTime(s.repliedAt)}`)
        : h('span', { class: s.overdue ? 'badge bad' : 'badge warn' }, s.overdue ? t('overdue') : t('awaitingReply')),
    );
    const reply = s.kind === 'order' ? 'reply_supervision_order' : 'reply_supervision_opinion';
    if (s.repliedAt === null && allowed.includes(reply)) {
      const fixed = s.kind === 'order' ? { orderSeq: s.seq } : { opinionSeq: s.seq };
      item.append(
        ' ',
        replyButton(() => actionForm(app, view, reply, reload, fixed), s.seq),
      );
    }
    return item;
  });
  const extension = complaint.extensionRequest;
  const extensionStatus = { pending: 'extensionPending', approved: 'extensionApproved', denied: 'extensionDenied' } as const;

  const integrityBadge = h('span', { class: 'badge', id: 'integrity', 'aria-live': 'polite' }, t('integrityChecking'));
  container.append(
    h('h2', { id: 'case-heading' }, `${t('caseNumber')} ${view.caseNumber}`),
    h(
      'dl',
      { class: 'facts', id: 'case-facts' },
      h('dt', {}, t('status')),
      h('dd', { id: 'case-status', 'data-status': view.status }, nameOf(view.status)),
      h('dt', {}, t('path')),
      h('dd', { id: 'case-path' }, nameOf(view.path)),
      h('dt', {}, t('stage')),
      h('dd', { id: 'case-stage', 'data-stage': view.stage ?? '' }, nameOf(view.stage)),
      h('dt', {}, t('deadline')),
      h(
        'dd',
        { id: 'case-deadline' },
        deadline
          ? [
              `${nameOf(deadline.kind === 'filing_review' ? 'filing_review_deadline' : deadline.kind)} · ${cstTime(deadline.dueAt)}`,
              deadline.overdue ? h('span', { class: 'badge bad' }, ' ', t('overdue')) : null,
              deadline.extended ? h('span', { class: 'badge warn' }, t('extended')) : null,
              // SPEC §6: counted without the year's holidays; recounted when the supervisor adds them.
              deadline.calendarIncomplete
                ? h(
                    'span',
                    { class: 'badge warn', id: 'case-calendar-incomplete', title: t('calendarIncompleteHint') },
                    t('calendarIncomplete'),
                  )
                : null,
              // SPEC §12: testing, appraisal, a hearing or public notice do not count.
              deadline.paused
                ? h(
                    'span',
                    { class: 'badge warn', id: 'case-clock-paused' },
                    t('clockPaused', { since: deadline.paused.since, reason: deadline.paused.reason }),
                  )
                : null,
            ]
          : t('none'),
      ),
      supervision.length > 0
        ? [h('dt', {}, t('supervisionClocks')), h('dd', { id: 'case-supervision' }, h('ul', {}, ...supervision))]
        : null,
      extension
        ? [
            h('dt', {}, t('extensionRequest')),
            h(
              'dd',
              { id: 'case-extension-request', 'data-status': extension.status },
              `${extension.days} · ${t(extensionStatus[extension.status])}${extension.decidedBy ? ` · ${extension.decidedBy}` : ''}`,
            ),
          ]
        : null,
      h('dt', {}, t('assignee')),
      h('dd', { id: 'case-assignee' }, view.assignee ?? t('none')),
      h('dt', {}, t('createdAt')),
      h('dd', {}, cstTime(complaint.createdAt)),
      flags.length > 0 ? [h('dt', {}, t('flags')), h('dd', {}, flags)] : null,
      h('dt', {}, t('complainant')),
      h('dd', { id: 'case-complainant' }, complaint.complainant?.name ?? t('noComplainant')),
      complaint.complainant
        ? [
            // v2: the complainant's type and identifiers (a foreign party's registration or passport number and country).
            h('dt', {}, t('complainantIdentifiers')),
            h('dd', { id: 'case-complainant-ids', 'data-type': complaint.complainant.type }, complainantIdentifiers(complaint.complainant)),
            // As answered: in full to the complainant, the assigned handler and the supervisor, masked to everyone else.
            h('dt', {}, t('complainantContact')),
            h(
              'dd',
              { id: 'case-complainant-contact' },
              [complaint.complainant.contact?.phone, complaint.complainant.contact?.email].filter(Boolean).join(' · ') || t('none'),
            ),
          ]
        : null,
      complaint.enforcement ? enforcementFacts(complaint.enforcement) : null,
      h('dt', {}, t('respondent')),
      h(
        'dd',
        { id: 'case-respondent' },
        complaint.respondent.name,
        complaint.respondent.creditCode ? ` (${complaint.respondent.creditCode})` : '',
      ),
      h('dt', {}, t('respondentParty')),
      participation(view),
      h('dt', {}, t('right')),
      h('dd', {}, `${nameOf(complaint.right.kind)} ${complaint.right.number} · ${complaint.right.title}`),
      complaint.zone ? [h('dt', {}, t('zone')), h('dd', { id: 'case-zone' }, nameOf(complaint.zone))] : null,
      h('dt', {}, t('description')),
      h('dd', { id: 'case-description' }, complaint.description),
      complaint.claims
        ? [
            h('dt', {}, t('claims')),
            h(
              'dd',
              { id: 'case-claims' },
              [
                complaint.claims.stopInfringement ? t('stopInfringement') : null,
                complaint.claims.damagesCny !== undefined ? `${t('damagesCny')}${colon()}${complaint.claims.damagesCny}` : null,
              ]
                .filter(Boolean)
                .join(language() === 'en' ? '; ' : '；') || t('none'),
            ),
          ]
        : null,
      view.outcome
        ? [
            h('dt', {}, t('outcome')),
            h(
              'dd',
              { id: 'case-outcome' },
              nameOf(String(view.outcome['kind'] ?? '')),
              // A penalty is known by its decision's number (the public register's key).
              typeof view.outcome['decisionNumber'] === 'string' ? ` · ${t('decisionOf', { number: view.outcome['decisionNumber'] })}` : '',
            ),
          ]
        : null,
    ),
  );
  if (complaint.evidence.length > 0) {
    container.append(
      h('h3', {}, t('evidence')),
      h(
        'ul',
        { id: 'case-evidence' },
        complaint.evidence.map((e) => h('li', {}, `${e.title} · ${formatBytes(e.sizeBytes)} · `, h('span', { class: 'mono' }, e.sha256))),
      ),
    );
  }

  const { agreement } = partiesOf(view);
  if (agreement) {
    const recorded = timeline.findLast((event) => event.type === 'record_agreement')?.data;
    renderAgreement({
      area: container,
      session,
      agreement,
      recorded,
      maySign: allowed.includes('sign_agreement'),
      sign: async (termsSha256) => {
        try {
          await app.api.post(`/cases/${view.caseId}/actions`, { action: 'sign_agreement', expectedVersion: view.version, termsSha256 });
          await reload({ kind: 'ok', text: t('signed') });
        } catch (error) {
          await reload(conflictMessage(error));
        }
      },
    });
  }

  const actionsArea = h('section', { 'aria-labelledby': 'actions-heading', id: 'case-actions' });
  container.append(actionsArea);
  renderActions(app, actionsArea, session, view, offered(session, view, allowed), reload);

  const messagesArea = h('section', { id: 'case-messages', 'aria-labelledby': 'messages-heading' });
  container.append(messagesArea);
  renderMessages(app, messagesArea, session, view, {
    initial: options.channel,
    onSelect: (channel) => (options.channel = channel),
    // A message is an event of the case: it moves the version on by one. The forms on this page
    // send the version they last saw, so they follow their own user's messages; anyone else's
    // change in between still makes the next action a 409, as it should.
    onPosted: () => (view.version += 1),
  });

  if (complaint.respondent.creditCode && mayCall('GET /respondents/{creditCode}', session.role)) {
    const historyArea = h('div', { id: 'respondent-history' });
    const button = h('button', { type: 'button', class: 'secondary' }, t('showHistory'));
    button.addEventListener('click', () => void showHistory(app, historyArea, complaint.respondent.creditCode!));
    container.append(h('div', { class: 'actions' }, button), historyArea);
  }

  container.append(
    h('h3', {}, t('timeline'), ' ', integrityBadge),
    h(
      'ol',
      { class: 'timeline', id: 'case-timeline' },
      timeline.map((event) =>
        h(
          'li',
          { 'data-type': event.type, 'data-seq': event.seq },
          h('strong', {}, nameOf(event.type)),
          ` · ${cstTime(event.at)}`,
          event.actor ? ` · ${nameOf(event.actor.role)} ${event.actor.sub}` : '',
          eventDetail(event, sideOf(session)),
        ),
      ),
    ),
  );
  void app.api.get<Integrity>(`/cases/${encodeURIComponent(caseId)}/integrity`).then(
    (integrity) => {
      integrityBadge.className = `badge ${integrity.valid ? 'ok' : 'bad'}`;
      integrityBadge.dataset['valid'] = String(integrity.valid);
      integrityBadge.textContent = integrity.valid ? t('integrityOk') : t('integrityBroken', { n: integrity.brokenAt });
    },
    (error: unknown) => {
      integrityBadge.className = 'badge warn';
      integrityBadge.textContent = explain(error);
    },
  );

  // Just filed: routing takes about a second; follow it for a while rather than show a stale state.
  if (options.followRouting && view.status === 'submitted' && attempt < 20) {
    setTimeout(() => {
      if (container.isConnected) void renderCase(app, container, session, caseId, options, attempt + 1);
    }, 1000);
  }
}

async function loadTimeline(app: App, caseId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_TIMELINE_PAGES; page++) {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const answer: { items: TimelineEvent[]; nextCursor: string | null } = await app.api.get(
      `/cases/${encodeURIComponent(caseId)}/timeline${query}`,
    );
    events.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return events;
}

/**
 * The actions shown as forms: signing has its own place by the agreement's terms; a party is
 * offered to apply for judicial confirmation, and the handler to invite the respondent, only when
 * it can go through.
 */
function offered(session: Session, view: CaseView, allowed: readonly ActionName[]): ActionName[] {
  const side = sideOf(session);
  const { respondentParty, agreement } = partiesOf(view);
  // With the respondent online the application is joint: each party applies once, for an agreement both have signed.
  const waiting =
    side !== null && respondentParty !== null && agreement !== null && (!agreement.signedByBoth || agreement.applications[side] !== null);
  const extension = view['extensionRequest'] as { status: string } | null | undefined;
  return allowed.filter(
    (name) =>
      name !== 'sign_agreement' &&
      // Supervision replies are offered beside each open order or opinion, with its seq filled in.
      name !== 'reply_supervision_order' &&
      name !== 'reply_supervision_opinion' &&
      // The supervisor decides a pending extension request; a decision needs a request, and a case gets one.
      !((name === 'approve_extension' || name === 'deny_extension') && extension?.status !== 'pending') &&
      !(name === 'request_extension' && extension) &&
      !(name === 'request_judicial_confirmation' && waiting) &&
      // Once the respondent has joined, there is no one left to invite.
      !(name === 'invite_respondent' && respondentParty !== null),
  );
}

/** Whether the respondent is online: joined, invited (when and how, never the code), or neither. */
function participation(view: CaseView): HTMLElement {
  const { respondentParty, invitation } = partiesOf(view);
  if (respondentParty)
    return h(
      'dd',
      { id: 'case-participation', 'data-state': 'joined' },
      t('respondentJoinedAt', { at: cstTime(respondentParty.joinedAt) }),
    );
  if (invitation)
    return h(
      'dd',
      { id: 'case-participation', 'data-state': 'invited' },
      t('respondentInvitedAt', {
        at: cstTime(invitation.invitedAt),
        until: cstTime(invitation.expiresAt),
        channels: invitation.channels.map(nameOf).join('、'),
      }),
    );
  return h('dd', { id: 'case-participation', 'data-state': 'none' }, t('respondentNotInvited'));
}

/** What a party said or agreed, under its event: statements, counter-notices, consents and signatures on paper. */
function eventDetail(event: TimelineEvent, side: Side | null): HTMLElement | null {
  const data = event.data ?? {};
  const text = (key: string): string | undefined => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const lines: (string | HTMLElement)[] = [];
  switch (event.type) {
    case 'submit_statement':
    case 'counter_notice':
      if (text('text')) lines.push(...text('text')!.split('\n'));
      break;
    case 'respond_consent':
    case 'record_consent':
      if (typeof data['consented'] === 'boolean') {
        const label = event.type === 'respond_consent' ? t('respondentConsents') : fieldName('consented');
        lines.push(`${label}${colon()}${data['consented'] ? t('yes') : t('no')}`);
      }
      if (text('reason')) lines.push(`${fieldName('reason')}${colon()}${text('reason')}`);
      break;
    case 'sign_agreement':
    case 'request_judicial_confirmation':
      // A party's signature or its half of a joint application: whose, and whose is awaited.
      if (text('side')) lines.push(t('bySide', { side: nameOf(text('side')) }));
      if (text('awaiting')) lines.push(t('awaitingSide', { side: nameOf(text('awaiting')) }));
      break;
    case 'consent_extension':
      if (text('reason')) lines.push(`${fieldName('reason')}${colon()}${text('reason')}`);
      break;
    case 'record_offline_signature':
      if (text('party')) lines.push(`${fieldName('party')}${colon()}${nameOf(text('party'))}`);
      if (text('reference')) lines.push(`${fieldName('reference', event.type)}${colon()}${text('reference')}`);
      break;
    case 'deadline_recomputed': {
      // SPEC §6 v2: the clock counted again when a year's holidays were added or corrected.
      const due = (key: string) => {
        const d = data[key] as { dueAt?: unknown } | undefined;
        return typeof d?.dueAt === 'string' ? cstTime(d.dueAt) : '?';
      };
      lines.push(t('deadlineMovedFrom', { from: due('previous'), to: due('deadline') }));
      if (typeof data['calendarYear'] === 'number') lines.push(t('recountedForYear', { year: data['calendarYear'] }));
      break;
    }
    // Administrative enforcement (SPEC §12): who files with whom, what an inspection found, the decision.
    case 'opened_by_officer': {
      const lead = data['lead'] as { source?: string; reference?: string; receivedOn?: string } | undefined;
      if (text('matter')) lines.push(`${t('matter')}${colon()}${matterName(text('matter')!)}`);
      if (lead?.reference) lines.push(`${t('leadFacts')}${colon()}${leadText(lead)}`);
      break;
    }
    case 'accept_filing':
      if (text('coInvestigator')) lines.push(`${fieldName('coInvestigator')}${colon()}${text('coInvestigator')}`);
      break;
    case 'record_inspection':
      if (text('location')) lines.push(`${fieldName('location')}${colon()}${text('location')}`);
      if (text('findings')) lines.push(...text('findings')!.split('\n'));
      if (Array.isArray(data['officers'])) lines.push(`${t('investigators')}${colon()}${(data['officers'] as string[]).join('、')}`);
      break;
    case 'issue_penalty':
      if (text('decisionNumber')) lines.push(`${fieldName('decisionNumber')}${colon()}${text('decisionNumber')}`);
      if (text('violation')) lines.push(`${fieldName('violation')}${colon()}${text('violation')}`);
      if (typeof data['fineCny'] === 'number') lines.push(`${fieldName('fineCny')}${colon()}${data['fineCny']}`);
      if (text('confiscation')) lines.push(`${fieldName('confiscation')}${colon()}${text('confiscation')}`);
      break;
    case 'close_no_violation':
    case 'pause_clock':
      if (text('reason')) lines.push(`${fieldName('reason')}${colon()}${text('reason')}`);
      break;
    case 'message_posted':
      // The channel's name; its text is in the messages, where the channel's readers read it.
      if (text('channel')) lines.push(nameOf(side && text('channel') === `caucus_${side}` ? 'own_caucus' : text('channel')));
      break;
    default:
      return null;
  }
  const evidence = Array.isArray(data['evidence']) ? (data['evidence'] as { title: string; sha256: string; sizeBytes: number }[]) : [];
  if (lines.length === 0 && evidence.length === 0) return null;
  return h(
    'div',
    { class: 'event-detail' },
    lines.map((line) => h('p', {}, line)),
    event.type === 'message_posted' || evidence.length === 0
      ? null
      : h(
          'ul',
          {},
          evidence.map((e) => h('li', {}, `${e.title} · ${formatBytes(e.sizeBytes)} · `, h('span', { class: 'mono' }, e.sha256))),
        ),
  );
}

function renderActions(
  app: App,
  area: HTMLElement,
  session: Session,
  view: CaseView,
  names: readonly ActionName[],
  reload: (message?: CaseViewOptions['message']) => Promise<void>,
): void {
  area.append(h('h3', { id: 'actions-heading' }, t('caseActions')));
  const canClaim = view.status === 'queued' && isHandlerOfPath(session, view);
  if (canClaim) {
    const claim = h('button', { type: 'button', class: 'primary', id: 'claim' }, t('claim'));
    claim.addEventListener('click', async () => {
      claim.disabled = true;
      try {
        await app.api.post(`/cases/${view.caseId}/claim`);
        await reload({ kind: 'ok', text: t('claimed') });
      } catch (error) {
        await reload(conflictMessage(error));
      }
    });
    area.append(h('div', { class: 'actions' }, claim));
  }
  if (names.length === 0 && !canClaim) {
    area.append(h('p', {}, t('noActions')));
    return;
  }
  for (const name of names) area.append(actionForm(app, view, name, reload));
}

/** An action's form, sent as the page's user; done or refused (409), the case reloads and says why. */
function actionForm(
  app: App,
  view: CaseView,
  name: ActionName,
  reload: (message?: CaseViewOptions['message']) => Promise<void>,
  fixed: Record<string, unknown> = {},
): HTMLFormElement {
  const built = buildActionForm(name, () => view.version, fixed);
  const submit = h(
    'button',
    { type: 'submit', class: name === 'withdraw' ? 'secondary' : 'primary' },
    `${t('doAction')}${colon()}${nameOf(name)}`,
  );
  built.form.append(h('div', { class: 'actions' }, submit));
  built.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const read = await built.read();
    if (!read.ok) {
      built.fields.show(read.details, built.summary);
      return;
    }
    submit.disabled = true;
    try {
      await app.api.post(`/cases/${view.caseId}/actions`, read.body);
      await reload({ kind: 'ok', text: `${nameOf(name)}${colon()}${t('actionDone')}` });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 409) {
        await reload(conflictMessage(error));
        return;
      }
      submit.disabled = false;
      if (error instanceof ApiFailure && error.code === 'VALIDATION_FAILED' && error.details.length > 0)
        built.fields.show(error.details, built.summary);
      else {
        built.fields.reset(built.summary);
        const box = notice('error', explain(error));
        box.tabIndex = -1;
        built.summary.append(box);
        box.focus();
      }
    }
  });
  return built.form;
}

/** A button that opens (and closes) the reply form of one supervision order or opinion, right below it. */
function replyButton(form: () => HTMLFormElement, seq: number): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'secondary', 'data-reply-to': String(seq), 'aria-expanded': 'false' },
    `${t('replyTo')} #${seq}`,
  );
  let opened: HTMLFormElement | undefined;
  button.addEventListener('click', () => {
    if (!opened) {
      opened = form();
      button.after(opened);
    } else opened.hidden = !opened.hidden;
    button.setAttribute('aria-expanded', String(!opened.hidden));
    if (!opened.hidden) opened.querySelector<HTMLElement>('textarea, input')?.focus();
  });
  return button;
}

/** A refused claim or action, explained: the page shows the case as it now stands. */
function conflictMessage(error: unknown): CaseViewOptions['message'] {
  if (error instanceof ApiFailure && error.status === 409) {
    const current = error.details.find((d) => d.status !== undefined || d.version !== undefined);
    const state = current?.status ? ` (${nameOf(current.status)}${current.stage ? ` · ${nameOf(current.stage)}` : ''})` : '';
    return { kind: 'warn', text: `${t('staleReloaded')} ${t('conflictReloaded')}${error.message}${state}` };
  }
  return { kind: 'error', text: explain(error) };
}

/** The enforcement facts (SPEC §12): agency and matter for every reader; the lead, investigators and inspections for the agencies. */
function enforcementFacts(e: NonNullable<CaseEnforcement>): HTMLElement[] {
  return [
    h('dt', {}, t('enforcementAgency')),
    h('dd', { id: 'case-agency', 'data-agency': e.agency }, `${nameOf(e.agency)} · ${matterName(e.matter)}`),
    ...(e.lead ? [h('dt', {}, t('leadFacts')), h('dd', { id: 'case-lead', 'data-source': e.lead.source }, leadText(e.lead))] : []),
    ...(e.investigators?.length
      ? [h('dt', {}, t('investigators')), h('dd', { id: 'case-investigators' }, e.investigators.join('、'))]
      : []),
    ...(e.inspections?.length
      ? [
          h('dt', {}, t('inspections')),
          h(
            'dd',
            { id: 'case-inspections' },
            h(
              'ul',
              {},
              e.inspections.map((i) => h('li', { 'data-seq': String(i.seq) }, `#${i.seq} · ${cstTime(i.at)} · ${i.officers.join('、')}`)),
            ),
          ),
        ]
      : []),
  ];
}

type CaseEnforcement = {
  agency: string;
  matter: string;
  lead?: { source: string; reference: string; receivedOn: string };
  investigators?: string[];
  inspections?: { seq: number; at: string; officers: string[] }[];
} | null;

const LEAD_SOURCE_LABELS: Record<string, TextKey> = { inspection: 'leadInspection', referral: 'leadReferral', report: 'leadReport' };

/** `Found on inspection · 安市监执检〔2026〕第 88 号 · 2026-12-01`. */
function leadText(lead: { source?: string; reference?: string; receivedOn?: string }): string {
  const source = lead.source ? (LEAD_SOURCE_LABELS[lead.source] ? t(LEAD_SOURCE_LABELS[lead.source]!) : lead.source) : null;
  return [source, lead.reference, lead.receivedOn].filter(Boolean).join(' · ');
}

/** `Foreign enterprise · HRB 86891 · Germany (DE)`: the type, then whichever identifiers the case shows. */
function complainantIdentifiers(c: {
  type: string;
  creditCode?: string;
  idNumber?: string;
  registrationNumber?: string;
  passportNumber?: string;
  country?: string;
}): string {
  const type = (COMPLAINANT_TYPES as readonly string[]).includes(c.type) ? t(c.type as ComplainantType) : c.type;
  const ids = [c.creditCode, c.idNumber, c.registrationNumber, c.passportNumber].filter(Boolean) as string[];
  return [type, ...ids, c.country ? `${countryName(c.country)} (${c.country})` : null].filter(Boolean).join(' · ');
}

async function showHistory(app: App, area: HTMLElement, creditCode: string): Promise<void> {
  clear(area);
  area.append(h('p', { role: 'status' }, t('loading')));
  try {
    const history = await app.api.get<{
      name: string;
      cases: { caseId: string; caseNumber: string; status: string; path: string | null; createdAt: string }[];
      counts: { total: number; open: number; resolvedAgainst: number };
      resolvedAgainst: number;
      repeatRespondent: boolean;
    }>(`/respondents/${encodeURIComponent(creditCode)}`);
    clear(area);
    area.append(
      h('h3', {}, `${t('respondentHistory')}${colon()}${history.name}`),
      h('p', { id: 'history-counts' }, t('historyCounts', { total: history.counts.total, open: history.counts.open })),
      h(
        'p',
        {},
        `${t('resolvedAgainst')}${colon()}${history.counts.resolvedAgainst}`,
        history.repeatRespondent ? [' ', h('span', { class: 'badge bad' }, t('repeatRespondent'))] : null,
      ),
      caseTable(history.cases, (c) => `#/cases/${c.caseId}`),
    );
  } catch (error) {
    clear(area);
    area.append(notice('error', explain(error)));
  }
}

export function caseTable(
  cases: {
    caseId: string;
    caseNumber: string;
    status: string;
    path: string | null;
    stage?: string | null;
    createdAt: string;
    deadline?: { dueAt: string; overdue: boolean } | null;
  }[],
  href: (c: { caseId: string }) => string,
  extra?: (c: { caseId: string }) => HTMLElement | null,
): HTMLElement {
  if (cases.length === 0) return h('p', {}, t('noCases'));
  return dataTable({
    columns: [t('caseNumber'), t('status'), t('path'), t('stage'), t('deadline'), t('createdAt'), ''],
    rows: cases.map((c) =>
      h(
        'tr',
        { 'data-case-id': c.caseId },
        h('td', {}, h('a', { href: href(c) }, c.caseNumber)),
        h('td', {}, nameOf(c.status)),
        h('td', {}, nameOf(c.path)),
        h('td', {}, c.stage === undefined ? '' : nameOf(c.stage)),
        h(
          'td',
          {},
          c.deadline ? cstTime(c.deadline.dueAt) : '',
          c.deadline?.overdue ? h('span', { class: 'badge bad' }, t('overdue')) : null,
        ),
        h('td', {}, cstTime(c.createdAt)),
        h('td', {}, extra?.(c) ?? null),
      ),
    ),
  });
}
