// The public register of IP administrative penalty decisions (一公开, SPEC §12, `#/decisions`): for
// anyone, signed in or not, read without a token (GET /public/decisions). Each decision: its number
// and day, the agency, the party penalised (a natural person's name comes masked from the server; no
// contact details or address exist in the register), the violation and the penalty. Newest first,
// twenty at a time, more on request.

import type { PublicDecision } from '#domain/public-register.ts';
import { explain, pageTitle, type Page } from '../app.ts';
import { clear, dataTable, h, notice } from '../dom.ts';
import { language, matterName, nameOf, t } from '../i18n.ts';

interface DecisionPage {
  items: PublicDecision[];
  nextCursor: string | null;
}

const PAGE_SIZE = 20;

export const decisionsPage: Page = async (app, main) => {
  clear(main);
  const area = h('div', { id: 'decisions', 'aria-live': 'polite' }, h('p', { role: 'status' }, t('loading')));
  main.append(pageTitle(t('decisionsTitle')), h('p', { id: 'decisions-intro' }, t('decisionsIntro')), area);
  const items: PublicDecision[] = [];

  const draw = (cursor: string | null): void => {
    clear(area);
    area.append(decisionTable(items));
    if (cursor) {
      const more = h('button', { type: 'button', class: 'secondary', id: 'decisions-more' }, t('more'));
      more.addEventListener('click', () => {
        more.disabled = true;
        void next(cursor);
      });
      area.append(h('div', { class: 'actions' }, more));
    }
  };
  const next = async (cursor: string | null): Promise<void> => {
    try {
      const page = await app.api.publicGet<DecisionPage>(
        `/public/decisions?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      draw(page.nextCursor);
    } catch (error) {
      clear(area);
      area.append(notice('error', explain(error)));
    }
  };
  await next(null);
};

function decisionTable(items: readonly PublicDecision[]): HTMLElement {
  if (items.length === 0) return h('p', { id: 'no-decisions' }, t('noDecisions'));
  const columns = [
    t('decisionNumber'),
    t('decidedOn'),
    t('decisionAgency'),
    t('matter'),
    t('decisionRespondent'),
    t('decisionCreditCode'),
    t('decisionViolation'),
    t('decisionFine'),
    t('decisionConfiscation'),
    t('decisionOrders'),
  ];
  return dataTable({
    id: 'decisions-table',
    label: t('decisionsTitle'),
    columns,
    rows: items.map((d) =>
      h(
        'tr',
        { 'data-decision-number': d.decisionNumber },
        h('th', { scope: 'row', 'data-col': 'decisionNumber' }, d.decisionNumber),
        h('td', { 'data-col': 'decidedOn' }, d.decidedOn),
        h('td', { 'data-col': 'agency', 'data-agency': d.agency }, nameOf(d.agency)),
        h('td', { 'data-col': 'matter' }, matterName(d.matter)),
        h(
          'td',
          { 'data-col': 'respondent', 'data-natural-person': String(d.respondent.naturalPerson) },
          d.respondent.name,
          d.respondent.naturalPerson ? [h('br'), h('small', {}, t('naturalPersonMasked'))] : null,
        ),
        h('td', { 'data-col': 'creditCode', class: 'mono' }, d.respondent.creditCode ?? '—'),
        h('td', { 'data-col': 'violation' }, d.violation),
        h('td', { 'data-col': 'fine' }, d.penalty.fineCny === null ? '—' : t('fineAmount', { amount: amount(d.penalty.fineCny) })),
        h('td', { 'data-col': 'confiscation' }, d.penalty.confiscation ?? '—'),
        h(
          'td',
          { 'data-col': 'orders' },
          d.penalty.orders.length === 0
            ? '—'
            : h(
                'ul',
                {},
                d.penalty.orders.map((o) => h('li', {}, o)),
              ),
        ),
      ),
    ),
  });
}

/** 15,000 — grouped as the page's language groups digits. */
function amount(cny: number): string {
  return new Intl.NumberFormat(language() === 'en' ? 'en' : 'zh-CN').format(cny);
}
