// The parties' sign-up in the cloud (SPEC §10 "Accounts"). Cognito's hosted sign-up form cannot ask
// for the side a person takes (`custom:party_role`), so this page asks for it, with the e-mail
// address and a password, and calls Cognito's SignUp on the parties' app client; then it takes the
// code Cognito e-mails (ConfirmSignUp, or a new code). Only the parties' roles are offered: the
// pre-sign-up trigger refuses any other, and staff accounts come from an administrator.
// Confirmed, the person signs in through the hosted UI like everyone else, where the authenticator
// app is set up. Errors Cognito answers land on the field they are about, in the page's language.

import type { Role } from '#domain/model.ts';
import { PARTY_ROLE_ATTRIBUTE, SELF_SIGN_UP_ROLES } from '#domain/party-sign-up.ts';
import type { ErrorDetail } from '../api.ts';
import { pageTitle, type App, type Page } from '../app.ts';
import { startOidcSignIn } from '../auth.ts';
import { CognitoFailure, CognitoUnreachable, confirmSignUp, resendConfirmationCode, signUp } from '../cognito.ts';
import type { SignUpConfig } from '../config.ts';
import { clear, h, notice } from '../dom.ts';
import { FieldSet, input } from '../form.ts';
import { colon, language, t, type TextKey } from '../i18n.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The pool's password policy (infra/cdk/identity.ts), checked here so a weak password never leaves
// the browser; Cognito stays the judge (InvalidPasswordException). Its symbols are these, and a
// space inside the password; leading and trailing whitespace are refused.
const PASSWORD_RULES: [TextKey, (password: string) => boolean][] = [
  ['passwordRuleLength', (p) => p.length >= 12],
  ['passwordRuleUpper', (p) => /[A-Z]/.test(p)],
  ['passwordRuleLower', (p) => /[a-z]/.test(p)],
  ['passwordRuleDigit', (p) => /[0-9]/.test(p)],
  ['passwordRuleSymbol', (p) => /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(p)],
];

const SIDE_LABEL: Partial<Record<Role, TextKey>> = { rights_holder: 'sideRightsHolder', respondent: 'sideRespondent' };

function passwordProblem(password: string): string | undefined {
  if (password !== password.trim()) return t('passwordSpaces');
  const missing = PASSWORD_RULES.filter(([, ok]) => !ok(password)).map(([key]) => t(key));
  if (missing.length === 0) return undefined;
  return `${t('passwordMissing')}${colon()}${missing.join(language() === 'en' ? ', ' : '、')}`;
}

export const signUpPage: Page = (app, main) => {
  clear(main);
  main.append(pageTitle(t('signUpTitle')));
  const config = app.config.signUp;
  if (!config) {
    main.append(notice('info', t('signUpUnavailable'), ' ', h('a', { href: '#/sign-in' }, t('signIn'))));
    return;
  }
  detailsStep(app, main, config);
};

/** Step 1: the side, the address and the password; SignUp. */
function detailsStep(app: App, main: HTMLElement, config: SignUpConfig): void {
  const fs = new FieldSet();
  const summary = h('div', { id: 'sign-up-summary' });
  const sides = SELF_SIGN_UP_ROLES.map((role) => h('input', { type: 'radio', name: 'side', value: role }));
  const sideGroup = h(
    'div',
    { class: 'choices' },
    sides.map((radio) => h('label', { class: 'choice' }, radio, t(SIDE_LABEL[radio.value as Role] ?? 'side'))),
  );
  const email = input({ type: 'email', name: 'email', autocomplete: 'email', maxlength: 254, spellcheck: 'false' });
  const password = input({ type: 'password', name: 'password', autocomplete: 'new-password', maxlength: 256 });
  const repeat = input({ type: 'password', name: 'passwordRepeat', autocomplete: 'new-password', maxlength: 256 });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('createAccount'));
  const haveCode = h('button', { type: 'button', class: 'secondary', id: 'have-code' }, t('haveCode'));
  const form = h(
    'form',
    { novalidate: true, id: 'sign-up-form', class: 'panel' },
    h('p', {}, t('signUpIntro')),
    summary,
    fs.field({ path: 'side', label: t('side'), hint: t('sideHint'), required: true, control: sideGroup, focusTarget: sides[0] }),
    fs.field({ path: 'email', label: t('email'), hint: t('emailHint'), required: true, control: email }),
    fs.field({ path: 'password', label: t('password'), hint: t('passwordHint'), required: true, control: password }),
    fs.field({ path: 'passwordRepeat', label: t('passwordRepeat'), required: true, control: repeat }),
    h('div', { class: 'actions' }, submit, haveCode),
  );
  const side = (): Role | undefined => sides.find((radio) => radio.checked)?.value as Role | undefined;
  const address = (): string => email.value.trim();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems: ErrorDetail[] = [];
    const chosen = side();
    if (!chosen) problems.push({ path: 'side', message: t('sideMissing') });
    if (!EMAIL.test(address())) problems.push({ path: 'email', message: t('emailInvalid') });
    const weak = passwordProblem(password.value);
    if (weak) problems.push({ path: 'password', message: weak });
    else if (repeat.value !== password.value) problems.push({ path: 'passwordRepeat', message: t('passwordsDiffer') });
    if (problems.length > 0 || !chosen) {
      fs.show(problems, summary);
      return;
    }
    fs.reset(summary);
    submit.disabled = true;
    try {
      const answer = await signUp(config, { email: address(), password: password.value, attributes: { [PARTY_ROLE_ATTRIBUTE]: chosen } });
      codeStep(app, main, config, { email: address(), side: chosen, destination: answer.CodeDeliveryDetails?.Destination });
    } catch (error) {
      submit.disabled = false;
      fs.show([signUpError(error)], summary);
    }
  });

  // Back after closing the tab, or after "the address exists": the code for an unconfirmed sign-up.
  haveCode.addEventListener('click', () => {
    if (!EMAIL.test(address())) {
      fs.show([{ path: 'email', message: t('emailInvalid') }], summary);
      return;
    }
    codeStep(app, main, config, { email: address(), side: side() });
  });

  main.append(form);
  sides[0]?.focus();
}

/** Where an error of SignUp belongs: the field it is about, else the summary. */
function signUpError(error: unknown): ErrorDetail {
  if (error instanceof CognitoUnreachable) return { path: '', message: t('networkLost') };
  if (!(error instanceof CognitoFailure)) return { path: '', message: error instanceof Error ? error.message : String(error) };
  switch (error.type) {
    case 'UsernameExistsException':
    case 'AliasExistsException':
      return { path: 'email', message: t('emailTaken') };
    case 'InvalidPasswordException':
      return { path: 'password', message: t('passwordRefused') };
    // The pre-sign-up trigger's refusal (functions/pre-sign-up): the side chosen is not a party's.
    case 'UserLambdaValidationException':
      return { path: 'side', message: t('sideRefused') };
    case 'CodeDeliveryFailureException':
      return { path: 'email', message: t('codeNotDelivered') };
    case 'InvalidParameterException':
      if (/password/i.test(error.message)) return { path: 'password', message: t('passwordRefused') };
      if (/email|username/i.test(error.message)) return { path: 'email', message: t('emailInvalid') };
      break;
    case 'LimitExceededException':
    case 'TooManyRequestsException':
      return { path: '', message: t('tooManyAttempts') };
  }
  return { path: '', message: error.status >= 500 ? t('serverError') : error.message || error.type };
}

/** Step 2: the code Cognito e-mailed; ConfirmSignUp, or a new code. */
function codeStep(
  app: App,
  main: HTMLElement,
  config: SignUpConfig,
  who: { email: string; side?: Role | undefined; destination?: string | undefined },
): void {
  clear(main);
  const fs = new FieldSet();
  const summary = h('div', { id: 'code-summary' });
  const sent = h('p', { id: 'code-sent', role: 'status' }, t('codeSent', { destination: who.destination ?? who.email }));
  const code = input({ name: 'code', autocomplete: 'one-time-code', inputmode: 'numeric', spellcheck: 'false', maxlength: 20 });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('confirm'));
  const resend = h('button', { type: 'button', class: 'secondary', id: 'resend-code' }, t('resendCode'));
  const form = h(
    'form',
    { novalidate: true, id: 'confirm-form', class: 'panel' },
    sent,
    summary,
    fs.field({ path: 'code', label: t('confirmationCode'), hint: t('confirmationCodeHint'), required: true, control: code }),
    h('div', { class: 'actions' }, submit, resend),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // A code copied from the mail may carry spaces.
    const value = code.value.replace(/\s+/g, '');
    if (!value) {
      fs.show([{ path: 'code', message: t('codeMissing') }], summary);
      return;
    }
    fs.reset(summary);
    submit.disabled = true;
    try {
      await confirmSignUp(config, who.email, value);
      readyStep(app, main, who.side);
    } catch (error) {
      submit.disabled = false;
      fs.show([codeError(error)], summary);
    }
  });

  resend.addEventListener('click', async () => {
    fs.reset(summary);
    resend.disabled = true;
    try {
      const answer = await resendConfirmationCode(config, who.email);
      sent.textContent = t('codeResent', { destination: answer.CodeDeliveryDetails?.Destination ?? who.email });
      code.value = '';
      code.focus();
    } catch (error) {
      fs.show([codeError(error)], summary);
    } finally {
      resend.disabled = false;
    }
  });

  main.append(pageTitle(t('codeTitle')), form);
  code.focus();
}

/** Where an error of ConfirmSignUp or ResendConfirmationCode belongs: the code field, which is what they are about. */
function codeError(error: unknown): ErrorDetail {
  if (error instanceof CognitoUnreachable) return { path: '', message: t('networkLost') };
  if (!(error instanceof CognitoFailure)) return { path: '', message: error instanceof Error ? error.message : String(error) };
  switch (error.type) {
    case 'CodeMismatchException':
      return { path: 'code', message: t('codeMismatch') };
    case 'ExpiredCodeException':
      return { path: 'code', message: t('codeExpired') };
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
    case 'TooManyRequestsException':
      return { path: 'code', message: t('tooManyAttempts') };
    case 'CodeDeliveryFailureException':
      return { path: 'code', message: t('codeNotDelivered') };
    case 'UserNotFoundException':
      return { path: 'code', message: t('noSignUpWaiting') };
    // ConfirmSignUp: "Current status is CONFIRMED"; ResendConfirmationCode: "User is already confirmed."
    case 'NotAuthorizedException':
    case 'InvalidParameterException':
      if (/confirmed/i.test(error.message)) return { path: 'code', message: t('alreadyConfirmed') };
      break;
  }
  return { path: '', message: error.status >= 500 ? t('serverError') : error.message || error.type };
}

/** Step 3: confirmed. Signing in (and setting up the authenticator app) happens at the hosted UI. */
function readyStep(app: App, main: HTMLElement, side: Role | undefined): void {
  clear(main);
  const signIn = app.config.signIn;
  const go =
    signIn.kind === 'oidc'
      ? h('button', { type: 'button', class: 'primary', id: 'oidc-sign-in' }, t('oidcSignIn'))
      : h('a', { class: 'button', href: '#/sign-in' }, t('signIn'));
  // A respondent's first stop is its invitation code; anyone else lands on the home of its role.
  if (signIn.kind === 'oidc') go.addEventListener('click', () => void startOidcSignIn(signIn, side === 'respondent' ? '#/join' : '#/'));
  const [before, after] = t('respondentNext').split('{join}');
  const ready = notice('ok', h('strong', {}, t('accountReady')));
  ready.id = 'account-ready';
  main.append(pageTitle(t('signUpTitle')), ready, h('p', {}, t('signInNext')));
  if (side !== 'rights_holder') main.append(h('p', { id: 'respondent-next' }, before, h('a', { href: '#/join' }, t('joinCase')), after));
  main.append(h('div', { class: 'actions' }, go));
  ready.tabIndex = -1;
  ready.focus();
}
