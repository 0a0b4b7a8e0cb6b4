// Table stream → notices (SPEC §11). Every notice is a consequence of a timeline event: this reads
// the events the stream brings (the mapping's filter lets through only new EVENT# items of the types
// that notify anyone), decides who is told what (domain/notifications.ts), records each notice as
// queued and puts it on the notifications queue. Deciding from the stream adds nothing to the
// transaction of the change itself, and the stream holds every committed event for 24 hours, in
// order per case: a batch that fails is retried whole, and what it did twice changes nothing (the
// queued record is written once; notify sends a notice once).

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { CREDIT_CHAIN_PREFIX } from '#domain/credit-list.ts';
import {
  CREDIT_REVIEW_EVENT,
  creditReviewNotices,
  noticesFor,
  NOTIFYING_EVENTS,
  type Contact,
  type Notice,
} from '#domain/notifications.ts';
import type { Case } from '#domain/model.ts';
import type { TimelineEvent } from '#domain/timeline.ts';
import { getCases } from '#lib/case-store.ts';
import { now } from '#lib/clock.ts';
import { noticeSettings } from '#lib/config.ts';
import { getContacts, type ContactSettings } from '#lib/contacts.ts';
import { CreditStore } from '#lib/credit-store.ts';
import { getInvitations, type Invitation } from '#lib/invitations.ts';
import { CREDIT_PK, EVENT_PREFIX, fromEventItem } from '#lib/items.ts';
import { log } from '#lib/log.ts';
import { recordQueued } from '#lib/notices.ts';
import { publishAll } from '#lib/publisher.ts';
import { streamFunction } from '#lib/stream-function.ts';

function eventsOf(stream: DynamoDBStreamEvent): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const record of stream.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    const type = String(item['type']);
    if (!String(item['sk']).startsWith(EVENT_PREFIX)) continue;
    // A credit-list review is an event of the entry's own chain (`credit:<code>`), not of a case.
    const credit = String(item['pk']).startsWith(CREDIT_PK);
    if (credit ? type !== CREDIT_REVIEW_EVENT : !NOTIFYING_EVENTS.includes(type)) continue;
    events.push(fromEventItem(item));
  }
  return events;
}

/** The complainant's contact: the complaint's, overridden by what the owner set for themself. */
function complainantContact(c: Case, own: ContactSettings | undefined): Contact {
  const filed = c.complaint.complainant?.contact ?? {};
  // v2: the language chosen on the complaint (SPEC §3) applies until the owner sets one of its own.
  return {
    email: own?.email ?? filed.email,
    phone: own?.phone ?? filed.phone,
    language: own?.language ?? filed.language,
    optOut: own?.optOut,
  };
}

/**
 * The respondent's contact: where its invitation went, overridden by what the respondent set for
 * itself once it joined. None before it was invited.
 */
function respondentContact(invitation: Invitation | undefined, own: ContactSettings | undefined): Contact | undefined {
  if (!invitation && !own) return undefined;
  const invited = invitation?.contact ?? {};
  return {
    email: own?.email ?? invited.email,
    phone: own?.phone ?? invited.phone,
    language: own?.language ?? invited.language,
    optOut: own?.optOut,
  };
}

/** An invitation replaced before its notice was planned is not sent: its code is void. */
const supersededInvitation = (event: TimelineEvent, invitation: Invitation | undefined): boolean =>
  event.type === 'invite_respondent' && invitation?.seq !== event.seq;

/**
 * A credit-list review (SPEC §12) is told to the respondent at the address it is known by on the
 * latest case the review rests on where it was invited or joined. A respondent known by no address
 * (a nomination without cases, or none reachable online) is told on paper; the log says so.
 */
async function creditReviewNoticesOf(events: readonly TimelineEvent[], siteUrl: string): Promise<Notice[]> {
  const store = new CreditStore();
  const notices: Notice[] = [];
  for (const event of events) {
    const creditCode = event.caseId.slice(CREDIT_CHAIN_PREFIX.length);
    const entry = await store.getEntry(creditCode);
    const ids = [...(entry?.findings ?? [])].sort((a, b) => b.at.localeCompare(a.at)).map((f) => f.caseId);
    const cases = await getCases(ids);
    const [invitations, people] = await Promise.all([
      getInvitations(ids),
      getContacts([...cases.values()].flatMap((c) => (c.respondentParty ? [c.respondentParty.sub] : []))),
    ]);
    const found = ids
      .map((id) => cases.get(id))
      .filter((c): c is Case => c !== undefined)
      .map((c) => {
        const contact = respondentContact(invitations.get(c.caseId), c.respondentParty ? people.get(c.respondentParty.sub) : undefined);
        return creditReviewNotices({ event, case: c, contact, siteUrl });
      })
      .find((list) => list.length > 0);
    if (found) notices.push(...found);
    else log.info('credit review of a respondent with no address online; to be told on paper', { creditCode, seq: event.seq });
  }
  return notices;
}

export const handler = streamFunction('planNotices', async (stream) => {
  const all = eventsOf(stream);
  if (all.length === 0) return;
  const settings = noticeSettings();
  const credit = all.filter((e) => e.caseId.startsWith(CREDIT_CHAIN_PREFIX));
  const events = all.filter((e) => !e.caseId.startsWith(CREDIT_CHAIN_PREFIX));
  const cases = await getCases(events.map((e) => e.caseId));
  const [people, invitations] = await Promise.all([
    getContacts(
      [...cases.values()].flatMap((c) => [
        c.ownerSub,
        ...(c.assignee ? [c.assignee] : []),
        ...(c.respondentParty ? [c.respondentParty.sub] : []),
      ]),
    ),
    getInvitations([...cases.values()].filter((c) => c.invitation).map((c) => c.caseId)),
  ]);
  const notices: Notice[] = credit.length > 0 ? await creditReviewNoticesOf(credit, settings.siteUrl) : [];
  for (const event of events) {
    const c = cases.get(event.caseId);
    if (!c) {
      log.warn('event of a case that is not there; no notices', { caseId: event.caseId, seq: event.seq });
      continue;
    }
    const assignee = c.assignee ? people.get(c.assignee) : undefined;
    const invitation = invitations.get(c.caseId);
    if (supersededInvitation(event, invitation)) {
      log.info('invitation replaced before it was sent; not sent', { caseId: c.caseId, seq: event.seq });
      continue;
    }
    const respondent = respondentContact(invitation, c.respondentParty ? people.get(c.respondentParty.sub) : undefined);
    notices.push(
      ...noticesFor({
        event,
        case: c,
        contacts: {
          complainant: complainantContact(c, people.get(c.ownerSub)),
          ...(respondent ? { respondent } : {}),
          ...(assignee ? { assignee } : {}),
        },
        directory: settings.directory,
        siteUrl: settings.siteUrl,
      }),
    );
  }
  if (notices.length === 0) return;
  const at = now().toISOString();
  await Promise.all(notices.map((n) => recordQueued(n, at)));
  const sent = await publishAll(notices.map((n) => ({ id: n.noticeId, queue: 'notifications', message: n })));
  const unsent = notices.filter((n) => !sent.has(n.noticeId));
  if (unsent.length > 0) throw new Error(`${unsent.length} of ${notices.length} notice(s) not accepted by the queue`);
  log.info('notices queued', { events: events.length, notices: notices.length });
});
