// Random inspections for the agencies (双随机、一公开, SPEC §13, `#/inspections`): the rounds
// (GET /inspections; an officer reads its own agency's), and for the supervisor and lead officers a
// form to plan one (POST /inspections) — targets listed one a line or chosen by a filter (a matter,
// decided since a day) over the parties to the agency's published penalty decisions, how many to
// draw, the inspectors, how many per target, recusals, where the draw's public value will come from
// and how many numbers it has. The body is checked in the browser with the server's own schema
// first; the server's field errors land on their fields too, a line's with its number. A retry of a
// plan lost on the network reuses its Idempotency-Key, so a plan is never frozen twice. Once frozen
// the page goes to the round (`#/inspections/<id>`, inspection-round.ts).

import { ROUTE_ROLES } from '#domain/access.ts';
import { AGENCIES, DEFAULT_OFFICER_AGENCY, type Agency } from '#domain/agencies.ts';
import { inspectionPlanSchema, MAX_DRAWN_TARGETS, MAX_PUBLIC_VALUE_NUMBERS } from '#domain/inspections.schema.ts';
import { explain, pageTitle, requireRole, showRefusal, type App, type Page } from '../app.ts';
import type { Session } from '../auth.ts';
import { clear, h, notice } from '../dom.ts';
import { FieldSet, fieldValue, input, prune, select } from '../form.ts';
import { matterName, nameOf, t } from '../i18n.ts';
import { mattersOf } from '../right-fields.ts';
import { check } from '../validation.ts';
import { roundView } from './inspection-round.ts';
import {
  linesOf,
  mayLead,
  PAGE_SIZE,
  roundTable,
  withLines,
  type LineNumbers,
  type RoundPage,
  type RoundSummary,
  type RoundView,
} from './inspection-parts.ts';

export const inspectionsPage: Page = async (app, main, params) => {
  const session = requireRole(app, main, ROUTE_ROLES['GET /inspections']);
  if (!session) return;
  clear(main);
  const inspectionId = params[0];
  if (inspectionId) await roundView(app, main, session, inspectionId);
  else await listView(app, main, session);
};

async function listView(app: App, main: HTMLElement, session: Session): Promise<void> {
  const rounds = h('div', { id: 'inspection-rounds', 'aria-live': 'polite' });
  main.append(pageTitle(t('inspectionsTitle')), h('p', { id: 'inspections-intro' }, t('inspectionsIntro')));
  // The supervisor reads every agency's rounds; an officer its own agency's whatever it asks.
  const filter =
    session.role === 'supervisor'
      ? select([{ value: '', label: t('any') }, ...AGENCIES.map((a) => ({ value: a, label: nameOf(a) }))], {
          id: 'inspection-agency-filter',
          name: 'agency',
        })
      : undefined;
  main.append(h('h2', {}, t('inspectionRounds')));
  if (filter) main.append(h('div', { class: 'field' }, h('label', { for: 'inspection-agency-filter' }, t('inspectionAgency')), filter));
  main.append(rounds);
  if (mayLead(session)) main.append(planForm(app, session));

  let asked = 0;
  const items: RoundSummary[] = [];
  const load = async (cursor: string | null): Promise<void> => {
    const mine = ++asked;
    if (!cursor) {
      items.length = 0;
      clear(rounds);
      rounds.append(h('p', { role: 'status' }, t('loading')));
    }
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (filter?.value) query.set('agency', filter.value);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await app.api.get<RoundPage>(`/inspections?${query}`);
      // A later choice of the filter answers for itself.
      if (mine !== asked) return;
      items.push(...page.items);
      clear(rounds);
      rounds.append(roundTable(items, (id) => `#/inspections/${encodeURIComponent(id)}`, 'inspection-rounds-table'));
      if (page.nextCursor) {
        const next = page.nextCursor;
        const more = h('button', { type: 'button', class: 'secondary', id: 'inspection-rounds-more' }, t('more'));
        more.addEventListener('click', () => {
          more.disabled = true;
          void load(next);
        });
        rounds.append(h('div', { class: 'actions' }, more));
      }
    } catch (error) {
      if (mine !== asked) return;
      clear(rounds);
      rounds.append(notice('error', explain(error)));
    }
  };
  filter?.addEventListener('change', () => void load(null));
  await load(null);
}

/** "first rest of the line" → [first, rest]; the rest empty when the line is one word. */
function splitLine(line: string): [string, string] {
  const at = line.search(/\s/);
  return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at).trim()];
}

/** POST /inspections: the plan, frozen when it is accepted. */
function planForm(app: App, session: Session): HTMLElement {
  const fs = new FieldSet();
  const summary = h('div', { id: 'inspection-plan-summary' });
  const name = input({ name: 'name', maxlength: 200 });
  // A lead officer plans its own agency's rounds only.
  const agencies: readonly Agency[] = session.role === 'supervisor' ? AGENCIES : [session.agency ?? DEFAULT_OFFICER_AGENCY];
  const agency = select(
    agencies.map((a) => ({ value: a, label: nameOf(a) })),
    { name: 'agency' },
  );

  const listed = h('input', { type: 'radio', name: 'targetsSource', value: 'listed', checked: true });
  const byFilter = h('input', { type: 'radio', name: 'targetsSource', value: 'filter' });
  const source = h(
    'div',
    { class: 'choices' },
    h('label', { class: 'choice' }, listed, t('inspectionTargetsListed')),
    h('label', { class: 'choice' }, byFilter, t('inspectionTargetsByFilter')),
  );
  const targets = h('textarea', { name: 'targets', rows: 5, spellcheck: 'false' });
  // The register is the agency's: its matters only, following the agency chosen.
  const matter = select([], { name: 'matter' });
  const showMatters = () => {
    const chosen = matter.value;
    const matters = mattersOf(agency.value as Agency);
    clear(matter);
    matter.append(h('option', { value: '' }, t('any')), ...matters.map((m) => h('option', { value: m }, matterName(m))));
    matter.value = (matters as string[]).includes(chosen) ? chosen : '';
  };
  agency.addEventListener('change', showMatters);
  showMatters();
  const decidedSince = input({ name: 'decidedSince', type: 'date' });
  const targetsField = fs.field({
    path: 'targets',
    label: t('inspectionTargetsLines'),
    hint: t('inspectionTargetsHint'),
    control: targets,
  });
  const filterFields = h(
    'div',
    { class: 'grid' },
    fs.field({ path: 'targetFilter.matter', label: t('inspectionFilterMatter'), control: matter }),
    fs.field({ path: 'targetFilter.decidedSince', label: t('inspectionFilterDecidedSince'), control: decidedSince }),
  );
  // The filter's own refusals (no respondent matches, too many do) name `targetFilter`.
  const filterField = fs.field({
    path: 'targetFilter',
    label: t('inspectionTargetsByFilter'),
    hint: t('inspectionTargetsByFilterHint'),
    control: filterFields,
  });
  const showSource = () => {
    targetsField.hidden = !listed.checked;
    filterField.hidden = listed.checked;
  };
  listed.addEventListener('change', showSource);
  byFilter.addEventListener('change', showSource);
  showSource();

  const targetCount = input({ name: 'targetCount', type: 'number', min: 1, max: MAX_DRAWN_TARGETS, step: 1, inputmode: 'numeric' });
  const inspectors = h('textarea', { name: 'inspectors', rows: 4, spellcheck: 'false' });
  const perTarget = input({ name: 'inspectorsPerTarget', type: 'number', min: 2, max: 10, step: 1, value: 2 });
  const recusals = h('textarea', { name: 'recusals', rows: 3, spellcheck: 'false' });
  const publicValueSource = input({ name: 'publicValueSource', maxlength: 500 });
  const publicValueNumbers = input({
    name: 'publicValueNumbers',
    type: 'number',
    min: 1,
    max: MAX_PUBLIC_VALUE_NUMBERS,
    step: 1,
    inputmode: 'numeric',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('inspectionPlanSubmit'));

  const form = h(
    'form',
    { novalidate: true, id: 'inspection-plan', class: 'panel', 'aria-labelledby': 'inspection-plan-title' },
    h('h2', { id: 'inspection-plan-title' }, t('inspectionPlan')),
    h('p', {}, t('inspectionPlanIntro')),
    summary,
    h(
      'div',
      { class: 'grid' },
      fs.field({ path: 'name', label: t('inspectionName'), required: true, control: name }),
      fs.field({ path: 'agency', label: t('inspectionAgency'), required: true, control: agency }),
    ),
    fs.field({ path: 'targetsSource', label: t('inspectionTargetsSource'), control: source }),
    targetsField,
    filterField,
    h(
      'div',
      { class: 'grid' },
      fs.field({ path: 'targetCount', label: t('inspectionTargetCount'), required: true, control: targetCount }),
      fs.field({
        path: 'inspectorsPerTarget',
        label: t('inspectionInspectorsPerTarget'),
        hint: t('inspectionInspectorsPerTargetHint'),
        required: true,
        control: perTarget,
      }),
    ),
    fs.field({
      path: 'inspectors',
      label: t('inspectionInspectors'),
      hint: t('inspectionInspectorsHint'),
      required: true,
      control: inspectors,
    }),
    fs.field({ path: 'recusals', label: t('inspectionRecusals'), hint: t('inspectionRecusalsHint'), control: recusals }),
    h(
      'div',
      { class: 'grid' },
      fs.field({
        path: 'publicValueSource',
        label: t('inspectionPublicValueSource'),
        hint: t('inspectionPublicValueSourceHint'),
        required: true,
        control: publicValueSource,
      }),
      fs.field({
        path: 'publicValueNumbers',
        label: t('inspectionPublicValueNumbers'),
        hint: t('inspectionPublicValueNumbersHint'),
        required: true,
        control: publicValueNumbers,
      }),
    ),
    h('div', { class: 'actions' }, submit),
  );

  const number = (control: HTMLInputElement): number | undefined => (control.value.trim() === '' ? undefined : Number(control.value));
  /** The body, and the line of each item of the lists written one a line (a detail on an item names it). */
  const bodyOf = (): { body: Record<string, unknown>; numbers: LineNumbers } => {
    const targetLines = linesOf(targets.value);
    const inspectorLines = linesOf(inspectors.value);
    const recusalLines = linesOf(recusals.value);
    const body = prune({
      name: name.value,
      agency: agency.value,
      targets: listed.checked
        ? targetLines.lines.map((line) => {
            const [creditCode, targetName] = splitLine(line);
            return { creditCode, name: targetName };
          })
        : undefined,
      targetFilter: listed.checked ? undefined : { matter: matter.value || undefined, decidedSince: fieldValue(decidedSince) },
      targetCount: number(targetCount),
      inspectors: inspectorLines.lines,
      inspectorsPerTarget: number(perTarget),
      recusals: recusalLines.lines.map((line) => {
        const [inspector, creditCode] = splitLine(line);
        return { inspector, creditCode };
      }),
      publicValueSource: publicValueSource.value,
      publicValueNumbers: number(publicValueNumbers),
    });
    return { body, numbers: { targets: targetLines.numbers, inspectors: inspectorLines.numbers, recusals: recusalLines.numbers } };
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  // One key per plan as filled in: sent again unchanged (after a lost answer) it freezes nothing twice.
  let pending: { key: string; body: string } | undefined;
  async function send(): Promise<void> {
    const { body, numbers } = bodyOf();
    const checked = check(inspectionPlanSchema, body);
    if (!checked.ok) {
      fs.show(withLines(checked.details, numbers), summary);
      return;
    }
    fs.reset(summary);
    const json = JSON.stringify(body);
    if (!pending || pending.body !== json) pending = { key: crypto.randomUUID(), body: json };
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const round = await app.api.post<RoundView>('/inspections', body, { 'idempotency-key': pending.key });
      pending = undefined;
      app.navigate(`#/inspections/${encodeURIComponent(round.inspectionId)}`, {
        kind: 'ok',
        text: t('inspectionPlanned', { hash: round.planHash }),
      });
    } catch (error) {
      showRefusal(error, fs, summary, (d) => withLines(d, numbers));
    } finally {
      submit.disabled = false;
      submit.textContent = t('inspectionPlanSubmit');
    }
  }
  return form;
}
