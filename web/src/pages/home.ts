// The landing page: what the platform is, the way in for the signed-in role, and for everyone the
// public register of penalty decisions and the credit list (SPEC §12), and the record of random
// inspections (SPEC §13).

import { pageTitle, type Page } from '../app.ts';
import { h } from '../dom.ts';
import { nameOf, t } from '../i18n.ts';
import { navOf } from '../nav.ts';

export const homePage: Page = (app, main) => {
  const session = app.session();
  main.append(pageTitle(t('appName')), h('p', {}, t('homeIntro')));
  if (!session) {
    main.append(
      h('p', {}, h('a', { class: 'button', href: '#/sign-in' }, t('signIn'))),
      h('p', {}, h('a', { href: '#/decisions', id: 'home-decisions' }, t('decisionsLink'))),
      h('p', {}, h('a', { href: '#/credit-list', id: 'home-credit-list' }, t('creditListLink'))),
      h('p', {}, h('a', { href: '#/public-inspections', id: 'home-inspections' }, t('inspectionsLink'))),
    );
    return;
  }
  main.append(
    h('p', {}, `${t('yourRole')}${nameOf(session.role)}`),
    h(
      'div',
      { class: 'cards' },
      navOf(session.role)
        .slice(1)
        .map((item) => h('a', { class: 'card', href: item.hash }, t(item.label))),
    ),
  );
};
