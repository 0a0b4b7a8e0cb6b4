// Signing in. Locally in dev mode: pick a role and a user id, and the local runtime mints a token
// with its signing key (a party's "sign-up" is a new user id). A local runtime not in dev mode: paste a token (`npm run token`).
// In the cloud: the OIDC provider's hosted page (authorization code + PKCE), and for parties
// without an account the way to the sign-up page (pages/sign-up.ts) when the Cognito pool signs in.

import { AGENCIES, type Agency } from '#domain/agencies.ts';
import { ROLES, type Role } from '#domain/model.ts';
import { pageTitle, type Page } from '../app.ts';
import { devSignIn, startOidcSignIn, tokenSignIn } from '../auth.ts';
import { clear, h, notice } from '../dom.ts';
import { FieldSet, input, select } from '../form.ts';
import { colon, nameOf, t } from '../i18n.ts';
import { homeOf } from '../nav.ts';

const SUB = /^[A-Za-z0-9._-]{1,64}$/;

export const signInPage: Page = (app, main) => {
  clear(main);
  const config = app.config.signIn;
  main.append(pageTitle(t('signIn')));
  const summary = h('div', {});
  const fs = new FieldSet();

  if (config.kind === 'oidc') {
    const go = h('button', { type: 'button', class: 'primary', id: 'oidc-sign-in' }, t('oidcSignIn'));
    go.addEventListener('click', () => void startOidcSignIn(config));
    main.append(h('div', { class: 'actions' }, go));
    if (app.config.signUp) {
      main.append(h('p', { id: 'sign-up-link' }, t('noAccountYet'), ' ', h('a', { href: '#/sign-up' }, t('signUpLink'))));
    }
    return;
  }

  if (config.kind === 'token') {
    const token = h('textarea', { rows: 4, spellcheck: 'false', autocomplete: 'off' });
    const form = h(
      'form',
      { novalidate: true },
      h('h2', {}, t('tokenSignInTitle')),
      h('p', {}, t('tokenSignInHint')),
      summary,
      fs.field({ path: 'token', label: t('token'), required: true, control: token }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('signIn'))),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      try {
        const session = tokenSignIn(token.value);
        app.navigate(homeOf(session.role));
      } catch (error) {
        fs.show([{ path: 'token', message: `${t('signInFailed')}${colon()}${(error as Error).message}` }], summary);
      }
    });
    main.append(form);
    return;
  }

  // The parties first: in production they are the ones who sign up themselves (SPEC §10), so a
  // local "sign-up" is this form with a party role and a new user id.
  const parties: readonly Role[] = ['rights_holder', 'respondent'];
  const ordered = [...parties.filter((r) => ROLES.includes(r)), ...ROLES.filter((r) => !parties.includes(r))];
  const role = select(
    ordered.map((r) => ({ value: r, label: `${nameOf(r)} (${r})` })),
    { name: 'role' },
  );
  const sub = input({ name: 'sub', autocomplete: 'username', maxlength: 64, spellcheck: 'false' });
  // An officer belongs to one enforcement agency (SPEC §12); the field shows for officers only.
  const agency = select(
    AGENCIES.map((a) => ({ value: a, label: nameOf(a) })),
    { name: 'agency' },
  );
  const agencyField = fs.field({ path: 'agency', label: t('agency'), control: agency });
  // A lead officer plans and draws its agency's random inspections (SPEC §13).
  const lead = h('input', { type: 'checkbox', name: 'lead' });
  const leadField = fs.field({
    path: 'lead',
    label: t('leadOfficer'),
    control: h('label', { class: 'choice' }, lead, t('leadOfficerHint')),
  });
  const showAgency = () => {
    agencyField.hidden = role.value !== 'officer';
    leadField.hidden = role.value !== 'officer';
  };
  role.addEventListener('change', showAgency);
  showAgency();
  const form = h(
    'form',
    { novalidate: true, id: 'dev-sign-in' },
    h('h2', {}, t('devSignInTitle')),
    notice('warn', t('devSignInHint')),
    h('p', { id: 'self-sign-up-hint' }, t('selfSignUpHint')),
    summary,
    fs.field({ path: 'role', label: t('role'), required: true, control: role }),
    fs.field({ path: 'sub', label: t('userId'), hint: t('userIdHint'), required: true, control: sub }),
    agencyField,
    leadField,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('signIn'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!SUB.test(sub.value.trim())) {
      fs.show([{ path: 'sub', message: t('userIdHint') }], summary);
      return;
    }
    try {
      const chosen = role.value as Role;
      const session = await devSignIn(
        app.config.apiBase,
        chosen,
        sub.value.trim(),
        chosen === 'officer' ? (agency.value as Agency) : undefined,
        chosen === 'officer' && lead.checked,
      );
      app.navigate(homeOf(session.role));
    } catch (error) {
      fs.show([{ path: '', message: `${t('signInFailed')}${colon()}${(error as Error).message}` }], summary);
    }
  });
  main.append(form);
};
