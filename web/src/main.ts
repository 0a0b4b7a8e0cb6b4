// The pages' entry point: reads /config.json, finishes an OIDC sign-in if the provider just sent
// the user back, draws the header (navigation for the role, session, language switch) and routes
// `#/…` hashes to pages. Hash routes keep every page one static file (index.html), which any
// static host — the local runtime, S3 behind CloudFront — serves without rewrite rules.

import { apiClient } from './api.ts';
import type { App, Page } from './app.ts';
import { clearSession, currentSession, finishOidcSignIn, oidcLogoutUrl } from './auth.ts';
import { loadConfig, type SiteConfig } from './config.ts';
import { clear, h, notice } from './dom.ts';
import { colon, language, nameOf, setLanguage, t } from './i18n.ts';
import { homeOf, navOf } from './nav.ts';
import { casePage, myCasesPage, queuePage } from './pages/cases.ts';
import { complaintPage, offlineIntakePage } from './pages/complaint.ts';
import { creditListPage } from './pages/credit-list.ts';
import { creditReviewPage } from './pages/credit-review.ts';
import { decisionsPage } from './pages/decisions.ts';
import { homePage } from './pages/home.ts';
import { inspectionsPage } from './pages/inspections.ts';
import { joinPage } from './pages/join.ts';
import { openCasePage } from './pages/open-case.ts';
import { publicInspectionsPage } from './pages/public-inspections.ts';
import { takeOverPage } from './pages/takeover.ts';
import { calendarPage } from './pages/calendar.ts';
import { searchPage, statsPage } from './pages/search.ts';
import { signInPage } from './pages/sign-in.ts';
import { signUpPage } from './pages/sign-up.ts';

const ROUTES: Record<string, Page> = {
  '': homePage,
  'sign-in': signInPage,
  'sign-up': signUpPage,
  file: complaintPage,
  intake: offlineIntakePage,
  join: joinPage,
  takeover: takeOverPage,
  'my-cases': myCasesPage,
  queue: queuePage,
  cases: casePage,
  search: searchPage,
  stats: statsPage,
  calendar: calendarPage,
  'open-case': openCasePage,
  // The public register of penalty decisions: for everyone, signed in or not (SPEC §12).
  decisions: decisionsPage,
  // The credit list: public (the notices sent to respondents link here), and its review for the agencies.
  'credit-list': creditListPage,
  'credit-review': creditReviewPage,
  // Random inspections (SPEC §13): the agencies' rounds, and their public record for everyone.
  inspections: inspectionsPage,
  'public-inspections': publicInspectionsPage,
};

const byId = (id: string): HTMLElement => document.getElementById(id)!;

async function start(): Promise<void> {
  setLanguage(language());
  const main = byId('main');
  let config: SiteConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    clear(main);
    main.append(notice('error', t('serverError'), ` (${(error as Error).message})`));
    return;
  }

  let pendingBanner: Parameters<App['navigate']>[1];
  const app: App = {
    config,
    api: apiClient({
      base: config.apiBase,
      token: () => currentSession()?.token,
      onUnauthenticated: () => {
        clearSession();
        drawHeader();
      },
    }),
    session: currentSession,
    navigate(hash, then) {
      pendingBanner = then;
      if (location.hash === hash) void render();
      else location.hash = hash;
    },
    banner(kind, text) {
      const banner = byId('banner');
      clear(banner);
      banner.append(notice(kind, text));
    },
  };

  if (config.signIn.kind === 'oidc') {
    try {
      const returnTo = await finishOidcSignIn(config.signIn);
      const session = currentSession();
      // Back from the provider: where the user was, or the role's home if that was the sign-in page.
      if (returnTo && session) location.hash = returnTo === '#/sign-in' || returnTo === '#/' ? homeOf(session.role) : returnTo;
    } catch (error) {
      app.banner('error', `${t('signInFailed')}${colon()}${(error as Error).message}`);
    }
  }

  function drawHeader(): void {
    document.title = t('appName');
    byId('brand').textContent = t('appName');
    byId('skip-link').textContent = t('skip');
    byId('footer').textContent = t('footer');
    const session = currentSession();
    const current = `#/${routeOf(location.hash).name}`;
    const nav = byId('nav');
    nav.setAttribute('aria-label', t('mainNav'));
    clear(nav);
    nav.append(
      h(
        'ul',
        {},
        navOf(session?.role).map((item) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: item.hash, 'aria-current': item.hash === current || (item.hash === '#/' && current === '#/') ? 'page' : null },
              t(item.label),
            ),
          ),
        ),
      ),
    );
    const sessionArea = byId('session');
    clear(sessionArea);
    if (session) {
      const out = h('button', { type: 'button', id: 'sign-out' }, t('signOut'));
      out.addEventListener('click', () => {
        clearSession();
        if (config.signIn.kind === 'oidc') location.assign(oidcLogoutUrl(config.signIn));
        else app.navigate('#/sign-in');
      });
      sessionArea.append(h('span', { id: 'whoami' }, `${t('signedInAs')}${colon()}${nameOf(session.role)} · ${session.sub} `), out);
    } else {
      sessionArea.append(h('a', { href: '#/sign-in' }, t('signIn')));
    }
    const lang = byId('lang-switch');
    lang.textContent = t('switchTo');
    lang.setAttribute('lang', language() === 'en' ? 'zh-CN' : 'en');
  }

  /** Draws the page for the current hash; the banner is cleared on navigation, kept on the first draw (a sign-in error). */
  async function render(keepBanner = false): Promise<void> {
    const { name, params } = routeOf(location.hash);
    drawHeader();
    if (!keepBanner) clear(byId('banner'));
    if (pendingBanner) {
      app.banner(pendingBanner.kind, pendingBanner.text);
      pendingBanner = undefined;
    }
    clear(main);
    const page = ROUTES[name];
    if (!page) {
      main.append(notice('error', t('notFoundPage')));
      return;
    }
    await page(app, main, params);
  }

  byId('lang-switch').addEventListener('click', () => {
    setLanguage(language() === 'en' ? 'zh-CN' : 'en');
    void render();
  });
  // The skip link targets #main without changing the route.
  byId('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#/') || location.hash === '') void render().then(() => main.focus({ preventScroll: true }));
  });
  await render(true);
}

function routeOf(hash: string): { name: string; params: string[] } {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] ?? '', params: parts.slice(1) };
}

void start();
