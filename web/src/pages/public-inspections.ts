// The public record of random inspections (一公开, SPEC §13, `#/public-inspections`): for anyone,
// signed in or not, read without a token (GET /public/inspections). One round at
// `#/public-inspections/<id>`: its plan as frozen and its hash, the public value with its source and
// reference, the seed, the targets and inspectors drawn and the results. Its Verify button reruns the
// draw in the browser from that record alone (domain/inspection-draw.ts, the server's own code) and
// shows each check; the page says how to rerun it elsewhere, the seed by hand from the public value
// as stored: written the one way (`3-7-12-9`), whatever way it was typed.

import { DRAW_PROCEDURE, verifyDraw, type DrawCheck } from '#domain/inspection-draw.ts';
import { explain, pageTitle, type App, type Page } from '../app.ts';
import { clear, dataTable, h, notice } from '../dom.ts';
import { cstTime, nameOf, t, type TextKey } from '../i18n.ts';
import {
  drawFacts,
  drawnTable,
  factRow,
  PAGE_SIZE,
  planTextBlock,
  RESULT_LABELS,
  roundTable,
  STATUS_LABELS,
  type PublicRound,
  type RoundPage,
  type RoundSummary,
} from './inspection-parts.ts';

const CHECK_LABELS: Record<DrawCheck['checks'][number]['name'], TextKey> = {
  plan_hash: 'inspectionCheckPlanHash',
  public_value: 'inspectionCheckPublicValue',
  seed: 'inspectionCheckSeed',
  draw: 'inspectionCheckDraw',
  recusals: 'inspectionCheckRecusals',
};

export const publicInspectionsPage: Page = async (app, main, params) => {
  clear(main);
  const inspectionId = params[0];
  if (inspectionId) await recordView(app, main, inspectionId);
  else await listView(app, main);
};

async function listView(app: App, main: HTMLElement): Promise<void> {
  const area = h('div', { id: 'public-inspections', 'aria-live': 'polite' }, h('p', { role: 'status' }, t('loading')));
  main.append(pageTitle(t('publicInspectionsTitle')), h('p', { id: 'public-inspections-intro' }, t('publicInspectionsIntro')), area);
  const items: RoundSummary[] = [];
  const next = async (cursor: string | null): Promise<void> => {
    try {
      const page = await app.api.publicGet<RoundPage>(
        `/public/inspections?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      clear(area);
      area.append(roundTable(items, (id) => `#/public-inspections/${encodeURIComponent(id)}`, 'public-inspections-table'));
      const more = page.nextCursor;
      if (more) {
        const button = h('button', { type: 'button', class: 'secondary', id: 'public-inspections-more' }, t('more'));
        button.addEventListener('click', () => {
          button.disabled = true;
          void next(more);
        });
        area.append(h('div', { class: 'actions' }, button));
      }
    } catch (error) {
      clear(area);
      area.append(notice('error', explain(error)));
    }
  };
  await next(null);
}

async function recordView(app: App, main: HTMLElement, inspectionId: string): Promise<void> {
  const area = h('div', { id: 'public-inspection', 'aria-live': 'polite' }, h('p', { role: 'status' }, t('loading')));
  main.append(pageTitle(t('publicInspectionsTitle')), h('p', {}, h('a', { href: '#/public-inspections' }, `← ${t('back')}`)), area);
  let round: PublicRound;
  try {
    round = await app.api.publicGet<PublicRound>(`/public/inspections/${encodeURIComponent(inspectionId)}`);
  } catch (error) {
    clear(area);
    area.append(notice('error', explain(error)));
    return;
  }
  clear(area);
  area.dataset['status'] = round.status;
  area.append(
    h('h2', { id: 'inspection-name' }, round.name),
    h(
      'dl',
      { class: 'facts', id: 'inspection-facts' },
      factRow(t('inspectionAgency'), 'inspection-agency', nameOf(round.agency), { 'data-agency': round.agency }),
      factRow(t('inspectionStatus'), 'inspection-status', t(STATUS_LABELS[round.status]), { 'data-status': round.status }),
      factRow(t('inspectionFrozenAt'), 'inspection-frozen-at', cstTime(round.frozenAt)),
      factRow(t('inspectionPlanHash'), 'inspection-plan-hash', h('span', { class: 'mono' }, round.planHash)),
    ),
    planTextBlock(round.planText),
    h('h3', {}, t('inspectionDraw')),
    drawFacts(round.publicValueSource, round.draw),
  );
  if (round.draw) area.append(h('h3', {}, t('inspectionDrawnTargets')), drawnTable(round.draw.selected, round.results));
  area.append(h('h3', {}, t('inspectionResults')), resultTable(round.results));
  // Before the draw there is nothing to rerun: the plan's hash is what is public.
  if (round.draw) area.append(verifySection(round, round.draw.publicValue));
}

function resultTable(results: PublicRound['results']): HTMLElement {
  if (results.length === 0) return h('p', { id: 'inspection-no-results' }, t('inspectionNoResults'));
  const columns = [t('creditCode'), t('inspectionResult'), t('inspectionInspectedOn'), t('inspectionSummary'), t('inspectionPublishedAt')];
  return dataTable({
    id: 'inspection-results',
    label: t('inspectionResults'),
    columns,
    rows: results.map((r) =>
      h(
        'tr',
        { 'data-credit-code': r.creditCode, 'data-result': r.result },
        h('th', { scope: 'row', class: 'mono' }, r.creditCode),
        h('td', { 'data-col': 'result' }, t(RESULT_LABELS[r.result])),
        h('td', { 'data-col': 'inspectedOn' }, r.inspectedOn),
        h('td', { 'data-col': 'summary' }, r.summary),
        h('td', { 'data-col': 'publishedAt' }, cstTime(r.publishedAt)),
      ),
    ),
  });
}

/** The Verify button, its checks once run, and how to rerun the draw elsewhere (`publicValue`: as stored, the one written form). */
function verifySection(round: PublicRound, publicValue: string): HTMLElement {
  const outcome = h('div', { id: 'inspection-verify-outcome', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary', id: 'inspection-verify' }, t('inspectionVerify'));
  button.addEventListener('click', () => {
    button.disabled = true;
    clear(outcome);
    outcome.append(h('p', { role: 'status' }, t('inspectionVerifying')));
    // A frame first, so "Checking…" shows while a large draw is recomputed.
    setTimeout(() => {
      const checked = verifyDraw(round);
      clear(outcome);
      outcome.dataset['matches'] = String(checked.matches);
      outcome.append(
        notice(checked.matches ? 'ok' : 'error', checked.matches ? t('inspectionVerifyPassed') : t('inspectionVerifyFailed')),
        h(
          'ul',
          { id: 'inspection-checks' },
          checked.checks.map((c) =>
            h(
              'li',
              { 'data-check': c.name, 'data-ok': String(c.ok) },
              h('span', { class: `badge ${c.ok ? 'ok' : 'bad'}` }, c.ok ? t('inspectionCheckPassed') : t('inspectionCheckFailed')),
              ` ${t(CHECK_LABELS[c.name])}`,
              h('br'),
              h('small', { class: 'mono' }, c.detail),
            ),
          ),
        ),
      );
      button.disabled = false;
    }, 0);
  });
  const seedByHand = `PLAN_HASH=${round.planHash}\nPUBLIC_VALUE='${publicValue.replace(/'/g, `'\\''`)}'\nprintf '%s%s' "$PLAN_HASH" "$PUBLIC_VALUE" | sha256sum`;
  return h(
    'section',
    { id: 'inspection-verify-section', class: 'panel', 'aria-labelledby': 'inspection-verify-title' },
    h('h3', { id: 'inspection-verify-title' }, t('inspectionVerify')),
    h('p', {}, t('inspectionVerifyIntro')),
    h('div', { class: 'actions' }, button),
    outcome,
    h('h4', {}, t('inspectionRerunTitle')),
    h('p', {}, t('inspectionRerunTool')),
    h('pre', { class: 'mono plan-text' }, `npm run verify-draw -- ${round.inspectionId}`),
    h('p', {}, t('inspectionRerunHand')),
    h('pre', { class: 'mono plan-text', id: 'inspection-seed-by-hand' }, seedByHand),
    h('p', {}, t('inspectionRerunDrbg', { procedure: DRAW_PROCEDURE })),
  );
}
