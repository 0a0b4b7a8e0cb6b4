// One random-inspection round for the agencies (SPEC §13, `#/inspections/<id>`, GET /inspections/{id}):
// its plan hash and frozen time, the plan as frozen, the draw form while it is not drawn (the
// supervisor and the agency's lead officers: POST /inspections/{id}/draw; the value typed as
// published, as many numbers as the plan announced, checked here first), the public value as stored
// (written the one way) and the seed once drawn, each drawn target with its inspectors and its
// result — or, for the supervisor and the inspectors drawn for it, the form to record it
// (inspection-result.ts) — and the round's hash-chained record. A refusal because someone else got there first reloads the round.

import { canonicalPublicValue } from '#domain/inspection-draw.ts';
import { inspectionDrawSchema } from '#domain/inspections.schema.ts';
import { domainMessage } from '#domain/messages.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, showRefusal, type App } from '../app.ts';
import type { Session } from '../auth.ts';
import { clear, h, notice } from '../dom.ts';
import { FieldSet, input } from '../form.ts';
import { colon, cstTime, language, nameOf, t, type TextKey } from '../i18n.ts';
import { check } from '../validation.ts';
import { resultForm } from './inspection-result.ts';
import {
  drawFacts,
  factRow,
  mayLead,
  planTextBlock,
  RESULT_LABELS,
  STATUS_LABELS,
  type DrawnTarget,
  type RoundEvent,
  type RoundView,
} from './inspection-parts.ts';

const EVENT_LABELS: Record<string, TextKey> = {
  inspection_planned: 'inspectionEventPlanned',
  inspection_drawn: 'inspectionEventDrawn',
  inspection_result: 'inspectionEventResult',
};

const list = (items: readonly string[]): string => items.join(language() === 'en' ? ', ' : '、');

export async function roundView(app: App, main: HTMLElement, session: Session, inspectionId: string): Promise<void> {
  const flash = h('div', { id: 'inspection-flash' });
  const area = h('div', { id: 'inspection-round', 'aria-live': 'polite' }, h('p', { role: 'status' }, t('loading')));
  main.append(pageTitle(t('inspectionsTitle')), h('p', {}, h('a', { href: '#/inspections' }, `← ${t('back')}`)), flash, area);

  const say = (kind: 'ok' | 'warn', ...text: (string | Node)[]): void => {
    clear(flash);
    const box = notice(kind, ...text);
    box.tabIndex = -1;
    flash.append(box);
    box.focus();
  };

  /** Reads the round and draws it; the round, or undefined when it could not be read. */
  const load = async (): Promise<RoundView | undefined> => {
    try {
      const round = await app.api.get<RoundView>(`/inspections/${encodeURIComponent(inspectionId)}`);
      draw(round);
      return round;
    } catch (error) {
      clear(area);
      area.append(notice('error', explain(error)));
      return undefined;
    }
  };

  /** After a refusal: the round as it is now, and why. */
  const reloadAfter = async (error: unknown): Promise<boolean> => {
    if (!(error instanceof ApiFailure && error.status === 409)) return false;
    if (await load()) say('warn', `${t('conflictReloaded')}${explain(error)}`);
    return true;
  };

  const draw = (round: RoundView): void => {
    clear(area);
    area.dataset['version'] = String(round.version);
    area.dataset['status'] = round.status;
    area.append(h('h2', { id: 'inspection-name' }, round.name), facts(round), planTextBlock(round.planText));
    area.append(h('h3', {}, t('inspectionDraw')), drawFacts(round.plan.publicValueSource, round.draw));
    if (round.status === 'planned' && mayLead(session, round.agency)) area.append(drawForm(round));
    if (round.draw) {
      area.append(h('h3', {}, t('inspectionDrawnTargets')), ...round.draw.selected.map((target, at) => targetSection(round, target, at)));
    }
    area.append(h('h3', {}, t('inspectionEvents')), eventList(round.events ?? []));
  };

  const drawForm = (round: RoundView): HTMLElement => {
    const fs = new FieldSet();
    const summary = h('div', { class: 'form-summary' });
    const publicValue = input({ name: 'publicValue', maxlength: 200, autocomplete: 'off', spellcheck: 'false' });
    const reference = input({ name: 'publicValueReference', maxlength: 500 });
    const submit = h('button', { type: 'submit', class: 'primary' }, t('inspectionDrawSubmit'));
    const form = h(
      'form',
      { novalidate: true, id: 'inspection-draw', class: 'panel', 'aria-labelledby': 'inspection-draw-title' },
      h('h4', { id: 'inspection-draw-title' }, t('inspectionDrawForm')),
      h('p', {}, t('inspectionDrawIntro')),
      summary,
      fs.field({
        path: 'publicValue',
        label: t('inspectionPublicValue'),
        hint: t('inspectionPublicValueHint', { n: round.plan.publicValueNumbers }),
        required: true,
        control: publicValue,
      }),
      fs.field({ path: 'publicValueReference', label: t('inspectionPublicValueReference'), required: true, control: reference }),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void send();
    });
    async function send(): Promise<void> {
      const body = { publicValue: publicValue.value, publicValueReference: reference.value };
      const checked = check(inspectionDrawSchema, body);
      const details = checked.ok ? [] : [...checked.details];
      // The server's own rule: exactly as many numbers as the plan announced.
      if (!details.some((d) => d.path === 'publicValue') && canonicalPublicValue(body.publicValue, round.plan.publicValueNumbers) === null)
        details.unshift({ path: 'publicValue', message: domainMessage('inspection.public_value_numbers', language()) ?? '' });
      if (details.length > 0) {
        fs.show(details, summary);
        return;
      }
      fs.reset(summary);
      submit.disabled = true;
      try {
        const drawn = await app.api.post<RoundView>(`/inspections/${encodeURIComponent(round.inspectionId)}/draw`, body);
        if (await load()) say('ok', t('inspectionDrawn', { n: drawn.draw?.selected.length ?? 0 }));
      } catch (error) {
        if (!(await reloadAfter(error))) showRefusal(error, fs, summary);
      } finally {
        submit.disabled = false;
      }
    }
    return form;
  };

  const targetSection = (round: RoundView, target: DrawnTarget, at: number): HTMLElement => {
    const result = round.results.find((r) => r.creditCode === target.creditCode);
    const mayRecord = session.role === 'supervisor' || (session.role === 'officer' && target.inspectors.includes(session.sub));
    const section = h(
      'section',
      { class: 'panel inspection-target', 'data-credit-code': target.creditCode, 'data-result': result?.result ?? '' },
      h('h4', {}, `${at + 1}. ${target.name} · `, h('span', { class: 'mono' }, target.creditCode)),
      h(
        'p',
        { 'data-col': 'inspectors' },
        `${t('inspectionInspectorsOf')}${colon()}`,
        h('span', { class: 'mono' }, list(target.inspectors)),
      ),
    );
    if (result) {
      section.append(
        h(
          'dl',
          { class: 'facts' },
          factRow(t('inspectionResult'), null, t(RESULT_LABELS[result.result]), { 'data-col': 'result' }),
          factRow(t('inspectionInspectedOn'), null, result.inspectedOn, { 'data-col': 'inspectedOn' }),
          factRow(t('inspectionSummary'), null, result.summary, { 'data-col': 'summary' }),
          factRow(
            t('inspectionRecordedBy'),
            null,
            `${nameOf(result.recordedBy.role)} ${result.recordedBy.sub} · ${cstTime(result.recordedAt)}`,
          ),
          result.caseId && result.caseNumber
            ? factRow(t('inspectionCase'), null, h('a', { href: `#/cases/${encodeURIComponent(result.caseId)}` }, result.caseNumber), {
                'data-col': 'case',
              })
            : null,
        ),
      );
    } else if (mayRecord && round.status !== 'planned') {
      section.append(
        resultForm(app, round, target, {
          recorded: async (caseOpened) => {
            if (!(await load())) return;
            if (caseOpened)
              say(
                'ok',
                `${t('inspectionCaseOpened', { name: target.name })} `,
                h('a', { href: `#/cases/${encodeURIComponent(caseOpened.caseId)}` }, caseOpened.caseNumber),
              );
            else say('ok', t('inspectionResultRecorded', { name: target.name }));
          },
          refused: reloadAfter,
        }),
      );
    } else {
      section.append(h('p', { 'data-col': 'result' }, t('inspectionAwaitingResult')));
    }
    return section;
  };

  await load();
}

function facts(round: RoundView): HTMLElement {
  const plan = round.plan;
  return h(
    'dl',
    { class: 'facts', id: 'inspection-facts' },
    factRow(t('inspectionAgency'), 'inspection-agency', nameOf(round.agency), { 'data-agency': round.agency }),
    factRow(t('inspectionStatus'), 'inspection-status', t(STATUS_LABELS[round.status]), { 'data-status': round.status }),
    factRow(t('inspectionFrozenAt'), 'inspection-frozen-at', cstTime(round.frozenAt)),
    factRow(t('inspectionPlanHash'), 'inspection-plan-hash', h('span', { class: 'mono' }, round.planHash)),
    factRow(t('inspectionTargetsCount'), 'inspection-target-count', `${plan.targetCount} / ${plan.targets.length}`),
    factRow(t('inspectionPlanInspectors'), 'inspection-inspectors', h('span', { class: 'mono' }, list(plan.inspectors))),
    factRow(t('inspectionInspectorsPerTarget'), 'inspection-per-target', String(plan.inspectorsPerTarget)),
    factRow(
      t('inspectionRecusals'),
      'inspection-recusals',
      plan.recusals.length === 0 ? '—' : h('span', { class: 'mono' }, list(plan.recusals.map((r) => `${r.inspector} → ${r.creditCode}`))),
    ),
    factRow(t('inspectionPublicValueNumbers'), 'inspection-public-value-numbers', String(plan.publicValueNumbers)),
    factRow(t('inspectionCreatedBy'), 'inspection-created-by', `${nameOf(round.createdBy.role)} ${round.createdBy.sub}`),
    factRow(
      t('inspectionPublicLink'),
      'inspection-public-link',
      h('a', { href: `#/public-inspections/${encodeURIComponent(round.inspectionId)}` }, t('publicInspectionsTitle')),
    ),
  );
}

function eventList(events: readonly RoundEvent[]): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', id: 'inspection-events' },
    events.map((e) => {
      const label = EVENT_LABELS[e.type];
      const data = e.data;
      const result = RESULT_LABELS[data['result'] as keyof typeof RESULT_LABELS];
      const detail = [data['creditCode'], result ? t(result) : null, data['caseNumber']]
        .filter((part): part is string => typeof part === 'string')
        .join(' · ');
      return h(
        'li',
        { 'data-seq': e.seq, 'data-type': e.type },
        h('strong', {}, label ? t(label) : e.type),
        ` · ${cstTime(e.at)} · ${nameOf(e.actor.role)} ${e.actor.sub}`,
        h(
          'div',
          { class: 'event-detail' },
          detail ? h('p', {}, detail) : null,
          h('small', { class: 'mono', title: e.hash, 'data-hash': e.hash }, `SHA-256 ${e.hash.slice(0, 16)}…`),
        ),
      );
    }),
  );
}
