// The public credit list of serious, repeat IP infringers (信用监管、联合惩戒, SPEC §12, `#/credit-list`):
// for anyone, signed in or not, read without a token (GET /public/credit-list). The notices sent to a
// respondent under review link here. Each listing: the name and credit code, its period, the reason
// and the decisions it rests on — no case ids, statements or contact details exist in the answer.
// A signed-in user of another authority (court, procuratorate, police) or the agencies also get the
// export for joint punishment.

import { explain, pageTitle, type Page } from '../app.ts';
import { creditExport } from '../credit-export.ts';
import { clear, dataTable, h, notice } from '../dom.ts';
import { cstTime, nameOf, t } from '../i18n.ts';

// The answers' shapes, as domain/credit-list.ts makes them (that module reaches node:crypto through
// the timeline, so neither the bundle nor the pages' type check take it in).

/** What a listing becomes: a case resolved with the infringement established, or a penalty. */
export type { Finding } from '#domain/credit-list.schema.ts';
import type { Finding } from '#domain/credit-list.schema.ts';

interface PublicCreditEntry {
  creditCode: string;
  name: string;
  listedAt: string | null;
  listedUntil: string | null;
  reason: string | null;
  decisions: Pick<Finding, 'kind' | 'documentNumber' | 'at'>[];
}

interface PublicCreditList {
  asOf: string;
  items: PublicCreditEntry[];
}

/** The day of an instant in China Standard Time, e.g. `2026-11-25`. */
export const cstDay = (iso: string | null | undefined): string => (iso ? cstTime(iso).slice(0, 10) : '—');

export const creditListPage: Page = async (app, main) => {
  clear(main);
  const area = h('div', { id: 'credit-list', 'aria-live': 'polite' }, h('p', { role: 'status' }, t('loading')));
  main.append(pageTitle(t('creditListTitle')), h('p', { id: 'credit-list-intro' }, t('creditListIntro')), area);
  const exporting = creditExport(app, app.session()?.role);
  if (exporting) main.append(exporting);
  try {
    const list = await app.api.publicGet<PublicCreditList>('/public/credit-list');
    clear(area);
    area.append(
      h('p', { id: 'credit-list-as-of', 'data-as-of': list.asOf }, t('creditListAsOf', { at: cstTime(list.asOf) })),
      listTable(list.items),
    );
  } catch (error) {
    clear(area);
    area.append(notice('error', explain(error)));
  }
};

function listTable(items: readonly PublicCreditEntry[]): HTMLElement {
  if (items.length === 0) return h('p', { id: 'no-listed' }, t('noListed'));
  const columns = [t('listedName'), t('listedCreditCode'), t('listedFrom'), t('listedUntil'), t('listedReason'), t('listedDecisions')];
  return dataTable({
    id: 'credit-list-table',
    label: t('creditListTitle'),
    columns,
    rows: items.map((e) =>
      h(
        'tr',
        { 'data-credit-code': e.creditCode },
        h('th', { scope: 'row', 'data-col': 'name' }, e.name),
        h('td', { 'data-col': 'creditCode', class: 'mono' }, e.creditCode),
        h('td', { 'data-col': 'listedAt' }, cstDay(e.listedAt)),
        h('td', { 'data-col': 'listedUntil' }, cstDay(e.listedUntil)),
        h('td', { 'data-col': 'reason' }, e.reason ?? '—'),
        h(
          'td',
          { 'data-col': 'decisions' },
          e.decisions.length === 0
            ? '—'
            : h(
                'ul',
                {},
                e.decisions.map((d) =>
                  h(
                    'li',
                    { 'data-kind': d.kind },
                    h('span', { class: 'mono' }, d.documentNumber),
                    ` · ${nameOf(d.kind)} · ${cstDay(d.at)}`,
                  ),
                ),
              ),
        ),
      ),
    ),
  });
}
