// "My cases" (rights holder, respondent), the work queue (each handler role) and one case for any reader.

import { ROUTE_ROLES, pathsHandledBy } from '#domain/access.ts';
import { ROLES } from '#domain/model.ts';
import { explain, pageTitle, requireRole, type Page } from '../app.ts';
import { clear, h, notice } from '../dom.ts';
import { nameOf, t } from '../i18n.ts';
import { JOINING_ROLES, MY_CASES_ROLES } from '../nav.ts';
import { caseTable, renderCase } from './case.ts';

interface CaseSummary {
  caseId: string;
  caseNumber: string;
  status: string;
  path: string | null;
  stage: string | null;
  createdAt: string;
  assignee: string | null;
  deadline: { dueAt: string; overdue: boolean } | null;
}
interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
}

/** A list with "load more" for cursor pages. */
async function pagedList(
  container: HTMLElement,
  load: (cursor: string | null) => Promise<CasePage>,
  href: (c: { caseId: string }) => string,
): Promise<void> {
  const items: CaseSummary[] = [];
  const draw = (cursor: string | null): void => {
    clear(container);
    container.append(caseTable(items, href));
    if (cursor) {
      const more = h('button', { type: 'button', class: 'secondary' }, t('more'));
      more.addEventListener('click', () => void next(cursor));
      container.append(h('div', { class: 'actions' }, more));
    }
  };
  const next = async (cursor: string | null): Promise<void> => {
    try {
      const page = await load(cursor);
      items.push(...page.items);
      draw(page.nextCursor);
    } catch (error) {
      clear(container);
      container.append(notice('error', explain(error)));
    }
  };
  container.append(h('p', { role: 'status' }, t('loading')));
  await next(null);
}

export const myCasesPage: Page = async (app, main, params) => {
  const session = requireRole(app, main, MY_CASES_ROLES);
  if (!session) return;
  clear(main);
  const caseId = params[0];
  if (caseId) {
    const area = h('div', {});
    main.append(pageTitle(t('myCases')), h('p', {}, h('a', { href: '#/my-cases' }, `← ${t('back')}`)), area);
    await renderCase(app, area, session, caseId, { followRouting: true });
    return;
  }
  const list = h('div', { id: 'my-cases' });
  const next = JOINING_ROLES.includes(session.role)
    ? h('p', {}, `${t('myCasesRespondentHint')} `, h('a', { href: '#/join' }, t('joinCase')))
    : h('p', {}, h('a', { href: '#/file' }, t('file')));
  main.append(pageTitle(t('myCases')), next, list);
  await pagedList(
    list,
    (cursor) => app.api.get<CasePage>(`/cases?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    (c) => `#/my-cases/${c.caseId}`,
  );
};

export const queuePage: Page = async (app, main, params) => {
  const session = requireRole(app, main, ROUTE_ROLES['GET /work-queues/{path}']);
  if (!session) return;
  // An officer works two queues (adjudication and its agency's enforcement queue) or one (SPEC §12).
  const paths = pathsHandledBy(session);
  const title = `${t('queue')} · ${paths.map(nameOf).join(' / ')}${session.agency ? ` · ${nameOf(session.agency)}` : ''}`;
  clear(main);
  const caseId = params[0];
  if (caseId) {
    const area = h('div', {});
    main.append(pageTitle(title), h('p', {}, h('a', { href: '#/queue' }, `← ${t('back')}`)), area);
    await renderCase(app, area, session, caseId);
    return;
  }
  const mine = h('div', { id: 'my-work' });
  // The first queue keeps the id `work-queue`; each also has its path's own.
  const queues = paths.map((path, i) => ({
    path,
    area: h('div', { id: i === 0 ? 'work-queue' : `work-queue-${path}`, 'data-path': path }),
  }));
  main.append(
    pageTitle(title),
    ...queues.flatMap(({ path, area }) => [h('h2', {}, paths.length > 1 ? `${t('queued')} · ${nameOf(path)}` : t('queued')), area]),
    h('h2', {}, t('myWork')),
    mine,
  );
  const onePath = paths.length === 1 ? `path=${paths[0]}&` : '';
  await Promise.all([
    ...queues.map(({ path, area }) =>
      pagedList(
        area,
        (cursor) => app.api.get<CasePage>(`/work-queues/${path}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        (c) => `#/queue/${c.caseId}`,
      ),
    ),
    pagedList(
      mine,
      async (cursor) => {
        const page = await app.api.get<CasePage>(
          `/cases?${onePath}status=in_progress&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        return { ...page, items: page.items.filter((c) => c.assignee === session.sub) };
      },
      (c) => `#/queue/${c.caseId}`,
    ),
  ]);
};

/** Any reader's view of one case (links from search results and respondent histories). */
export const casePage: Page = async (app, main, params) => {
  const session = requireRole(app, main, ROLES);
  if (!session) return;
  clear(main);
  const area = h('div', {});
  main.append(pageTitle(t('caseDetails')), area);
  await renderCase(app, area, session, params[0] ?? '');
};
