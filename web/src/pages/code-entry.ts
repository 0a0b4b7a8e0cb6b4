// The form both single-use codes are entered on (SPEC §10): the respondent's invitation code (join
// page) and the complainant's takeover code for a case entered offline (takeover page). The case
// number and the code, checked with the server's own schema (a code copied from an SMS or a mail may
// have spaces, a dash or lower case); a wrong, expired or used code answered on the code field; five
// wrong codes lock the case's codes for an hour, said in words the party can act on. Accepted, the
// page opens the case.

import type { Role } from '#domain/model.ts';
import { acceptInvitationSchema } from '#domain/invitations.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, type App } from '../app.ts';
import { h, notice } from '../dom.ts';
import { FieldSet, input } from '../form.ts';
import { t, type TextKey } from '../i18n.ts';
import { check } from '../validation.ts';

export interface CodeEntry {
  /** Prefix of the form's and summary's ids. */
  id: string;
  roles: readonly Role[];
  route: '/invitations/accept' | '/cases/takeover';
  text: { title: TextKey; intro: TextKey; code: TextKey; submit: TextKey; done: TextKey; locked: TextKey };
  /** Refusals with a message of their own, put on the code field: reason → text. */
  reasons?: Readonly<Record<string, TextKey>>;
}

export function codeEntryPage(entry: CodeEntry, app: App, main: HTMLElement, params: string[]): void {
  if (!requireRole(app, main, entry.roles)) return;
  const fs = new FieldSet();
  const summary = h('div', { id: `${entry.id}-summary` });
  const caseNumber = input({ name: 'caseNumber', autocomplete: 'off', spellcheck: 'false', maxlength: 20, value: params[0] ?? '' });
  const code = input({ name: 'code', autocomplete: 'one-time-code', spellcheck: 'false', maxlength: 40, autocapitalize: 'characters' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t(entry.text.submit));
  const form = h(
    'form',
    { novalidate: true, id: `${entry.id}-form`, class: 'panel' },
    h('p', {}, t(entry.text.intro)),
    summary,
    fs.field({ path: 'caseNumber', label: t('caseNumber'), hint: t('caseNumberHint'), required: true, control: caseNumber }),
    fs.field({ path: 'code', label: t(entry.text.code), hint: t('invitationCodeHint'), required: true, control: code }),
    h('div', { class: 'actions' }, submit),
  );
  const reasons: Readonly<Record<string, TextKey>> = { 'invitation.locked': entry.text.locked, ...entry.reasons };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const checked = check(acceptInvitationSchema, { caseNumber: caseNumber.value, code: code.value });
    if (!checked.ok) {
      fs.show(checked.details, summary);
      return;
    }
    fs.reset(summary);
    submit.disabled = true;
    try {
      const done = await app.api.post<{ caseId: string; caseNumber: string }>(entry.route, checked.value);
      app.navigate(`#/my-cases/${encodeURIComponent(done.caseId)}`, {
        kind: 'ok',
        text: t(entry.text.done, { caseNumber: done.caseNumber }),
      });
    } catch (error) {
      submit.disabled = false;
      const own = error instanceof ApiFailure ? error.details.map((d) => d.reason && reasons[d.reason]).find(Boolean) : undefined;
      if (own) {
        fs.show([{ path: 'code', message: t(own) }], summary);
      } else if (error instanceof ApiFailure && error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
        fs.show(error.details, summary);
      } else {
        const box = notice('error', explain(error));
        box.tabIndex = -1;
        summary.append(box);
        box.focus();
      }
    }
  });

  main.append(pageTitle(t(entry.text.title)), form);
  (caseNumber.value ? code : caseNumber).focus();
}
