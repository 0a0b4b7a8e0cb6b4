// The shared search of the court, the procuratorate and the city IP administration: filters over
// GET /cases, a case view (via #/cases/<id>), respondent histories there, and statistics with a
// bar chart (SVG drawn from DOM nodes, so the CSP needs no inline style or script).

import { queryOf } from '../query.ts';
import { ROUTE_ROLES, SEARCHING_ROLES, mayCall } from '#domain/access.ts';
import { AGENCIES, COMPLAINANT_TYPES, COUNTY_CODES, PATHS, RIGHT_KINDS, STATUSES, ZONES, type CountyCode } from '#domain/model.ts';
import { OFFICER_PATHS, type CaseStats } from '#domain/stats.ts';
import { explain, pageTitle, requireRole, type Page } from '../app.ts';
import { clear, dataTable, h, notice, svg } from '../dom.ts';
import { FieldSet, input, select } from '../form.ts';
import { colon, language, nameOf, t } from '../i18n.ts';
import { caseTable } from './case.ts';

interface CasePage {
  items: {
    caseId: string;
    caseNumber: string;
    status: string;
    path: string | null;
    stage: string | null;
    createdAt: string;
    deadline: { dueAt: string; overdue: boolean } | null;
  }[];
  nextCursor: string | null;
}

export const searchPage: Page = (app, main) => {
  if (!requireRole(app, main, SEARCHING_ROLES)) return;
  clear(main);
  const fs = new FieldSet();
  const summary = h('div', {});
  const caseNumber = input({ name: 'caseNumber', placeholder: 'AKIP-2026-000001', autocomplete: 'off' });
  const status = select([{ value: '', label: t('any') }, ...STATUSES.map((s) => ({ value: s, label: nameOf(s) }))], { name: 'status' });
  const path = select([{ value: '', label: t('any') }, ...PATHS.map((p) => ({ value: p, label: nameOf(p) }))], { name: 'path' });
  const county = select(
    [
      { value: '', label: t('any') },
      ...Object.entries(COUNTY_CODES).map(([code, n]) => ({ value: code, label: language() === 'en' ? code : `${n}（${code}）` })),
    ],
    {
      name: 'countyCode',
    },
  );
  const respondent = input({ name: 'respondentCreditCode', autocomplete: 'off', maxlength: 18 });
  const results = h('div', { id: 'search-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true, role: 'search' },
    h('h2', {}, t('filters')),
    summary,
    h(
      'div',
      { class: 'grid' },
      fs.field({ path: 'caseNumber', label: t('caseNumber'), control: caseNumber }),
      fs.field({ path: 'status', label: t('status'), control: status }),
      fs.field({ path: 'path', label: t('path'), control: path }),
      fs.field({ path: 'countyCode', label: t('countyCode'), control: county }),
      fs.field({ path: 'respondentCreditCode', label: t('respondentCreditCode'), control: respondent }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('find'))),
  );
  let items: CasePage['items'] = [];
  const run = async (cursor: string | null): Promise<void> => {
    fs.reset(summary);
    const filters = queryOf({
      caseNumber: caseNumber.value.trim(),
      status: status.value,
      path: path.value,
      countyCode: county.value,
      respondentCreditCode: respondent.value.trim(),
    });
    try {
      const page = await app.api.get<CasePage>(`/cases?limit=20&${filters}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items = cursor ? [...items, ...page.items] : page.items;
      clear(results);
      results.append(
        h('h2', {}, `${t('results')}（${items.length}）`),
        caseTable(items, (c) => `#/cases/${c.caseId}`),
      );
      if (page.nextCursor) {
        const more = h('button', { type: 'button', class: 'secondary' }, t('more'));
        more.addEventListener('click', () => void run(page.nextCursor));
        results.append(h('div', { class: 'actions' }, more));
      }
    } catch (error) {
      const failure = error as { code?: string; details?: { path: string; message: string }[] };
      if (failure.code === 'VALIDATION_FAILED' && failure.details?.length) fs.show(failure.details, summary);
      else {
        clear(results);
        results.append(notice('error', explain(error)));
      }
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(null);
  });
  const statsLink = mayCall('GET /stats', app.session()!.role) ? h('p', {}, h('a', { href: '#/stats' }, t('stats'))) : null;
  main.append(pageTitle(t('search')), statsLink ?? '', form, results);
};

export const statsPage: Page = async (app, main) => {
  if (!requireRole(app, main, ROUTE_ROLES['GET /stats'])) return;
  clear(main);
  main.append(pageTitle(t('stats')));
  const area = h('div', { id: 'stats' }, h('p', { role: 'status' }, t('loading')));
  main.append(area);
  try {
    const stats = await app.api.get<CaseStats>('/stats');
    clear(area);
    area.append(
      h(
        'div',
        { class: 'cards' },
        h('div', { class: 'card' }, h('div', {}, t('total')), h('strong', { id: 'stats-total' }, String(stats.total))),
        h('div', { class: 'card' }, h('div', {}, t('overdueCount')), h('strong', {}, String(stats.overdue))),
      ),
      barChart(
        t('byStatus'),
        STATUSES.map((s) => [nameOf(s), stats.byStatus[s] ?? 0]),
      ),
      barChart(
        t('byPath'),
        PATHS.map((p) => [nameOf(p), stats.byPath[p] ?? 0]),
      ),
      barChart(
        t('byRightKind'),
        RIGHT_KINDS.map((k) => [nameOf(k), stats.byRightKind[k] ?? 0]),
      ),
      barChart(
        t('byCounty'),
        Object.entries(COUNTY_CODES).map(([code, n]) => [language() === 'en' ? code : n, stats.byCounty[code as CountyCode] ?? 0]),
      ),
      // v2 (SPEC §3): the protection pilot areas' own figures (a case in no area counts in none), and
      // how many complaints come from each kind of complainant, foreign parties included (同保护).
      barChart(
        t('byZone'),
        ZONES.map((z) => [nameOf(z), stats.byZone?.[z] ?? 0]),
        'stats-by-zone',
      ),
      barChart(
        t('byComplainantType'),
        COMPLAINANT_TYPES.map((type) => [t(type), stats.byComplainantType?.[type] ?? 0]),
        'stats-by-complainant-type',
      ),
      // v2 (SPEC §12): each enforcement agency's cases on the officers' two paths.
      agencyTable(stats),
      h('h2', {}, t('medianDays')),
      h(
        'ul',
        {},
        PATHS.map((p) => h('li', {}, `${nameOf(p)}${colon()}${stats.medianDaysToResolution[p] ?? '—'}`)),
      ),
    );
  } catch (error) {
    clear(area);
    area.append(notice('error', explain(error)));
  }
};

/** Agencies × the officers' paths (adjudication is the market regulator's alone), with each agency's total. */
function agencyTable(stats: CaseStats): HTMLElement {
  const count = (agency: (typeof AGENCIES)[number], path: (typeof OFFICER_PATHS)[number]): number => stats.byAgency?.[agency]?.[path] ?? 0;
  return h(
    'figure',
    { class: 'panel', id: 'stats-by-agency' },
    h('figcaption', {}, h('strong', {}, t('byAgency'))),
    dataTable({
      columns: [t('enforcementAgency'), ...OFFICER_PATHS.map((p) => nameOf(p)), t('total')],
      rows: AGENCIES.map((agency) =>
        h(
          'tr',
          { 'data-agency': agency },
          h('th', { scope: 'row' }, nameOf(agency)),
          OFFICER_PATHS.map((p) => h('td', { 'data-path': p }, String(count(agency, p)))),
          h('td', { 'data-total': '' }, String(OFFICER_PATHS.reduce((sum, p) => sum + count(agency, p), 0))),
        ),
      ),
    }),
  );
}

/** A horizontal bar chart with a table beside it for screen readers (the SVG is decorative). */
function barChart(title: string, rows: [string, number][], id?: string): HTMLElement {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const rowHeight = 26;
  // Room for the longest label (a pilot area's English name is long), taken from the bars so that
  // every chart keeps one scale: CJK characters are ~12 px wide at the 12 px font, others ~6.5.
  const labelWidth = Math.min(300, Math.max(150, ...rows.map(([label]) => Math.ceil(textWidth(label)) + 8)));
  const width = 520;
  const chart = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`,
    width: '100%',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  rows.forEach(([label, n], i) => {
    const y = i * rowHeight + 2;
    const barWidth = Math.round(((width - labelWidth - 40) * n) / max);
    chart.append(
      svg('text', { x: 0, y: y + 17 }, label),
      svg('rect', { x: labelWidth, y: y + 4, width: Math.max(n > 0 ? 2 : 0, barWidth), height: rowHeight - 8, rx: 2 }),
      svg('text', { x: labelWidth + barWidth + 6, y: y + 17 }, String(n)),
    );
  });
  return h(
    'figure',
    { class: 'panel', id },
    h('figcaption', {}, h('strong', {}, title)),
    chart,
    h(
      'table',
      { class: 'sr-table' },
      h('caption', {}, `${t('chartOf')}${title}`),
      h(
        'tbody',
        {},
        rows.map(([label, n]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, String(n)))),
      ),
    ),
  );
}

/** About how wide `text` is at the charts' 12 px font. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 12 : 6.5;
  return width;
}
