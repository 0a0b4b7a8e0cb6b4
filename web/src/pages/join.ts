// "Join a case" (SPEC §10), the respondent's way in: the case number and the invitation code the
// handler's invitation sent by SMS or e-mail. A wrong, expired or used code is answered on the code
// field; after five wrong codes the case's invitation is locked for an hour, which the page says
// in words a respondent can act on. Joined, the page opens the case.

import { acceptInvitationSchema } from '#domain/invitations.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, type Page } from '../app.ts';
import { h, notice } from '../dom.ts';
import { FieldSet, input } from '../form.ts';
import { t } from '../i18n.ts';
import { JOINING_ROLES } from '../nav.ts';
import { check } from '../validation.ts';

export const joinPage: Page = (app, main, params) => {
  const session = requireRole(app, main, JOINING_ROLES);
  if (!session) return;
  const fs = new FieldSet();
  const summary = h('div', { id: 'join-summary' });
  const caseNumber = input({ name: 'caseNumber', autocomplete: 'off', spellcheck: 'false', maxlength: 20, value: params[0] ?? '' });
  const code = input({ name: 'code', autocomplete: 'one-time-code', spellcheck: 'false', maxlength: 40, autocapitalize: 'characters' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('join'));
  const form = h(
    'form',
    { novalidate: true, id: 'join-form', class: 'panel' },
    h('p', {}, t('joinIntro')),
    summary,
    fs.field({ path: 'caseNumber', label: t('caseNumber'), hint: t('caseNumberHint'), required: true, control: caseNumber }),
    fs.field({ path: 'code', label: t('invitationCode'), hint: t('invitationCodeHint'), required: true, control: code }),
    h('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // The server's own schema: a code copied from an SMS or a mail may have spaces, a dash or lower case.
    const checked = check(acceptInvitationSchema, { caseNumber: caseNumber.value, code: code.value });
    if (!checked.ok) {
      fs.show(checked.details, summary);
      return;
    }
    const body = checked.value;
    fs.reset(summary);
    submit.disabled = true;
    try {
      const joined = await app.api.post<{ caseId: string; caseNumber: string; joinedAt: string }>('/invitations/accept', body);
      app.navigate(`#/my-cases/${encodeURIComponent(joined.caseId)}`, { kind: 'ok', text: t('joined', { caseNumber: joined.caseNumber }) });
    } catch (error) {
      submit.disabled = false;
      if (error instanceof ApiFailure && error.details.some((d) => d.reason === 'invitation.locked')) {
        fs.show([{ path: 'code', message: t('invitationLocked') }], summary);
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

  main.append(pageTitle(t('joinTitle')), form);
  (caseNumber.value ? code : caseNumber).focus();
};
