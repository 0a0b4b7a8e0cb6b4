// The two sides of a dispute as the pages see them (SPEC §10): which side the signed-in user is on,
// what the case answers about the respondent's participation and the agreement, and which message
// channels a reader may open or post in. The server decides all of it again; the pages only choose
// what to offer.

import { MESSAGE_CHANNELS, mayPostToChannel, mayReadChannel, type MessageChannel } from '#domain/access.ts';
import { isFinal, type PartySide } from '#domain/model.ts';
import { asCaseFor, type CaseView } from './action-form.ts';
import type { Session } from './auth.ts';

export type Side = PartySide;
export type Channel = MessageChannel;

export interface Signature {
  at: string;
  mode: 'online' | 'offline';
  reference?: string;
}

export interface AgreementView {
  termsSha256: string;
  recordedAt: string;
  signatures: Record<Side, Signature | null>;
  signedByBoth: boolean;
  applications: Record<Side, string | null>;
}

export interface InvitationView {
  invitedAt: string;
  expiresAt: string;
  channels: ('email' | 'sms')[];
}

/** What GET /cases/{id} answers about the respondent being online (null or absent before v2). */
export function partiesOf(view: CaseView): {
  respondentParty: { joinedAt: string } | null;
  invitation: InvitationView | null;
  agreement: AgreementView | null;
} {
  const agreement = (view['agreement'] as (Omit<AgreementView, 'signedByBoth'> & { signedByBoth?: boolean }) | null | undefined) ?? null;
  return {
    respondentParty: (view['respondentParty'] as { joinedAt: string } | null | undefined) ?? null,
    invitation: (view['invitation'] as InvitationView | null | undefined) ?? null,
    // Signed by both is what the two signatures say, whether or not the answer spells it out.
    agreement: agreement && {
      ...agreement,
      signedByBoth: agreement.signedByBoth ?? (agreement.signatures.complainant !== null && agreement.signatures.respondent !== null),
    },
  };
}

/**
 * The side the signed-in user is on, for a case it reads: a rights holder reads only its own
 * cases and a respondent only the cases it joined, so the role says the side.
 */
export function sideOf(session: Session): Side | null {
  if (session.role === 'rights_holder') return 'complainant';
  if (session.role === 'respondent') return 'respondent';
  return null;
}

export interface ChannelAccess {
  /** The channels shown, in tab order. */
  channels: Channel[];
  mayPost: boolean;
}

/**
 * Message channels, by the API's own rules (domain/access.ts): a party reads and posts in the open
 * channel and its own caucus; the assigned handler in all three; the path's other handlers, the
 * court, the procuratorate and the supervisor read all three and post in none; everyone else reads
 * none. A final case takes no messages.
 */
export function channelAccess(session: Session, view: CaseView): ChannelAccess {
  const caller = { role: session.role, sub: session.sub };
  const asCase = asCaseFor(session, view);
  const channels = MESSAGE_CHANNELS.filter((channel) => mayReadChannel(caller, asCase, channel));
  const mayPost = !isFinal(view.status) && channels.some((channel) => mayPostToChannel(caller, asCase, channel));
  return { channels, mayPost };
}
