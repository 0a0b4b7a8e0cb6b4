// The case's messages (SPEC §10): one tab per channel the reader may open — a party sees the open
// channel and its own caucus with the handler, the handler and the agencies all three — the
// channel's messages oldest first with "load more", and, for those who may post, a form with the
// text and evidence files (hashed here, as everywhere: only digests leave the machine).

import { isFinal } from '#domain/model.ts';
import { ApiFailure } from '../api.ts';
import { explain, type App } from '../app.ts';
import type { Session } from '../auth.ts';
import { clear, h, notice } from '../dom.ts';
import { describeFiles, formatBytes } from '../evidence.ts';
import { FieldSet } from '../form.ts';
import { colon, cstTime, language, nameOf, t } from '../i18n.ts';
import type { CaseView } from '../action-form.ts';
import { channelAccess, sideOf, type Channel } from '../parties.ts';

export interface Message {
  seq: number;
  at: string;
  channel: Channel;
  author: { role: string; side: 'complainant' | 'respondent' | 'handler' };
  text: string;
  evidence: { title: string; sha256: string; sizeBytes: number; mediaType: string }[];
}

/** The API's default page: a long conversation opens quickly and loads on. */
const PAGE_SIZE = 20;
const MAX_TEXT = 5000;
const MAX_FILES = 20;

/** Draws the messages section into `area`; nothing for a reader of the case who reads no channel. */
export interface MessagesOptions {
  /** The channel shown first (kept across reloads of the case). */
  initial?: Channel | undefined;
  onSelect: (channel: Channel) => void;
  onPosted: (message: Message) => void;
}

export function renderMessages(app: App, area: HTMLElement, session: Session, view: CaseView, options: MessagesOptions): void {
  const access = channelAccess(session, view);
  if (access.channels.length === 0) return;
  const side = sideOf(session);
  const base = `/cases/${encodeURIComponent(view.caseId)}/messages`;
  const tablist = h('div', { role: 'tablist', class: 'actions', id: 'message-channels', 'aria-labelledby': 'messages-heading' });
  const panel = h('div', { role: 'tabpanel', id: 'message-panel', tabindex: 0 });
  area.append(h('h3', { id: 'messages-heading' }, t('messages')), h('p', { class: 'hint' }, t('messagesIntro')), tablist, panel);

  const label = (channel: Channel): string => nameOf(side && channel === `caucus_${side}` ? 'own_caucus' : channel);
  const tabs = access.channels.map((channel) => {
    const tab = h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${channel}`, 'data-channel': channel, 'aria-controls': 'message-panel' },
      label(channel),
    );
    tab.addEventListener('click', () => select(channel));
    tab.addEventListener('keydown', (event) => {
      // Arrow keys move between tabs, as a tab list does.
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length]!;
      next.focus();
      next.click();
    });
    return tab;
  });
  tablist.append(...tabs);

  function select(channel: Channel): void {
    for (const tab of tabs) {
      const selected = tab.dataset['channel'] === channel;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      tab.className = selected ? 'primary' : 'secondary';
    }
    panel.setAttribute('aria-labelledby', `tab-${channel}`);
    panel.dataset['channel'] = channel;
    options.onSelect(channel);
    void showChannel(channel);
  }

  async function showChannel(channel: Channel): Promise<void> {
    clear(panel);
    const list = h('ol', { class: 'timeline', id: 'messages-list', 'data-channel': channel });
    const empty = h('p', { id: 'messages-empty' }, t('noMessages'));
    const moreArea = h('div', { class: 'actions' });
    const status = h('p', { role: 'status' }, t('loading'));
    panel.append(status, list, moreArea);
    let cursor: string | null = null;
    let loaded = 0;

    const loadPage = async (): Promise<void> => {
      const query = `?channel=${channel}&limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      try {
        const page = await app.api.get<{ items: Message[]; nextCursor?: string | null }>(`${base}${query}`);
        if (panel.dataset['channel'] !== channel) return;
        status.remove();
        list.append(...page.items.map((m) => messageItem(m, side)));
        loaded += page.items.length;
        cursor = page.nextCursor ?? null;
        if (loaded === 0) list.before(empty);
        clear(moreArea);
        if (cursor) {
          const more = h('button', { type: 'button', class: 'secondary', id: 'messages-more' }, t('more'));
          more.addEventListener('click', () => {
            more.disabled = true;
            void loadPage();
          });
          moreArea.append(more);
        }
      } catch (error) {
        status.remove();
        clear(moreArea);
        moreArea.append(notice('error', explain(error)));
      }
    };
    await loadPage();

    if (!access.mayPost) {
      panel.append(h('p', { class: 'hint' }, isFinal(view.status) ? t('messagesClosed') : t('readOnlyChannel')));
      return;
    }
    panel.append(
      postForm(app, base, channel, (posted) => {
        options.onPosted(posted);
        // Oldest first: the new message belongs at the end once every earlier page is shown;
        // with pages still to load it arrives with them.
        if (cursor) return;
        empty.remove();
        list.append(messageItem(posted, side));
      }),
    );
  }

  select(options.initial && access.channels.includes(options.initial) ? options.initial : access.channels[0]!);
}

const aside = (text: string): string => (language() === 'en' ? ` (${text})` : `（${text}）`);

function authorOf(message: Message, side: string | null): string {
  const who = message.author.side === 'handler' ? `${nameOf('handler')}${aside(nameOf(message.author.role))}` : nameOf(message.author.side);
  return message.author.side === side ? `${who}${aside(t('you'))}` : who;
}

function messageItem(message: Message, side: string | null): HTMLElement {
  return h(
    'li',
    { 'data-seq': message.seq, 'data-side': message.author.side, 'data-channel': message.channel },
    h('strong', {}, authorOf(message, side)),
    ` · ${cstTime(message.at)}`,
    // Lines as the author broke them, without markup from the text.
    h(
      'div',
      { class: 'message-text' },
      message.text.split('\n').map((line) => h('p', {}, line)),
    ),
    message.evidence.length > 0
      ? h(
          'ul',
          { class: 'message-evidence' },
          message.evidence.map((e) => h('li', {}, `${e.title} · ${formatBytes(e.sizeBytes)} · `, h('span', { class: 'mono' }, e.sha256))),
        )
      : null,
  );
}

function postForm(app: App, base: string, channel: Channel, onPosted: (message: Message) => void): HTMLFormElement {
  const fields = new FieldSet();
  const summary = h('div', {});
  const text = h('textarea', { name: 'text', rows: 4, maxlength: MAX_TEXT });
  // Evidence errors name an item (`evidence[3].sizeBytes`); they land on the file field.
  const files = h('input', { type: 'file', multiple: true, name: 'evidence' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('send'));
  const form = h(
    'form',
    { novalidate: true, class: 'panel', id: 'message-form', 'data-channel': channel },
    summary,
    fields.field({ path: 'text', label: t('messageText'), hint: t('messageTextHint'), required: true, control: text }),
    fields.field({ path: 'evidence', label: t('evidenceFiles'), hint: t('messageEvidenceHint'), control: files }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // The plain mistakes are caught here; every other rule is the server's, its answer put on the fields.
    const chosen = Array.from(files.files ?? []);
    const problems = [
      ...(text.value.trim() === '' ? [{ path: 'text', message: t('messageEmpty') }] : []),
      ...(chosen.length > MAX_FILES ? [{ path: 'evidence', message: t('tooManyFiles') }] : []),
    ];
    if (problems.length > 0) {
      fields.show(problems, summary);
      return;
    }
    fields.reset(summary);
    submit.disabled = true;
    try {
      const evidence = await describeFiles(chosen);
      const posted = await app.api.post<Message>(base, { channel, text: text.value, ...(evidence.length > 0 ? { evidence } : {}) });
      text.value = '';
      files.value = '';
      summary.append(notice('ok', `${nameOf('message_posted')}${colon()}${t('sent')}`));
      onPosted(posted);
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'VALIDATION_FAILED' && error.details.length > 0)
        fields.show(error.details, summary);
      else {
        const box = notice('error', explain(error));
        box.tabIndex = -1;
        summary.append(box);
        box.focus();
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
