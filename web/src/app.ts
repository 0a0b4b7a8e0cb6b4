// What every page gets: the configuration, the API client, the signed-in session, navigation,
// the status banner, and the role gate (a page for other roles says so instead of showing itself).

import type { Role } from '#domain/model.ts';
import { ApiFailure, NetworkFailure, type ApiClient, type ErrorDetail } from './api.ts';
import type { Session } from './auth.ts';
import type { SiteConfig } from './config.ts';
import { clear, h, notice } from './dom.ts';
import type { FieldSet } from './form.ts';
import { nameOf, t } from './i18n.ts';

export interface App {
  config: SiteConfig;
  api: ApiClient;
  session(): Session | undefined;
  /** Goes to the page; `then` is shown in the banner once it is drawn (navigation clears the banner). */
  navigate(hash: string, then?: { kind: 'info' | 'ok' | 'warn' | 'error'; text: string }): void;
  /** Shows a message in the banner under the header (cleared on the next navigation). */
  banner(kind: 'info' | 'ok' | 'warn' | 'error', text: string): void;
}

export type Page = (app: App, main: HTMLElement, params: string[]) => void | Promise<void>;

/** The session if its role is one of `roles`; otherwise explains and returns undefined. */
export function requireRole(app: App, main: HTMLElement, roles: readonly Role[]): Session | undefined {
  const session = app.session();
  if (!session) {
    clear(main);
    main.append(notice('warn', t('signInFirst'), ' ', h('a', { href: '#/sign-in' }, t('signIn'))));
    return undefined;
  }
  if (!roles.includes(session.role)) {
    clear(main);
    main.append(notice('error', h('p', {}, t('wrongRole'), roles.map(nameOf).join('、')), h('p', {}, t('yourRole'), nameOf(session.role))));
    return undefined;
  }
  return session;
}

/** A sentence for a failed call: the server's own message, or what a lost network means. */
export function explain(error: unknown): string {
  if (error instanceof NetworkFailure) return t('networkLost');
  if (error instanceof ApiFailure) {
    if (error.status === 401) return t('sessionExpired');
    if (error.status === 429) return t('rateLimited');
    if (error.status >= 500) return t('serverError');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A refused request on its form: field errors on their fields (`details` may reword them, e.g. with
 * a line number), anything else explained in the summary — a 409 says the page was reloaded — with
 * its reason code kept on the box, which takes the focus.
 */
export function showRefusal(
  error: unknown,
  fs: FieldSet,
  summary: HTMLElement,
  details: (d: readonly ErrorDetail[]) => ErrorDetail[] = (d) => [...d],
): void {
  if (error instanceof ApiFailure && error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
    fs.show(details(error.details), summary);
    return;
  }
  const refused = error instanceof ApiFailure && error.status === 409;
  const box = notice('error', refused ? `${t('conflictReloaded')}${explain(error)}` : explain(error));
  const reason = error instanceof ApiFailure ? error.details[0]?.reason : undefined;
  if (reason) box.dataset['reason'] = reason;
  box.tabIndex = -1;
  summary.append(box);
  box.focus();
}

export function pageTitle(text: string): HTMLElement {
  document.title = `${text} · ${t('appName')}`;
  return h('h1', {}, text);
}
