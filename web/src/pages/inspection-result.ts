// The form for one drawn target's result (SPEC §13, POST /inspections/{id}/results): the result, the
// day of the inspection, what was found (published as written) and any evidence digests; with a
// violation, the enforcement case it opens against the target (SPEC §12 依职权立案): the matter —
// only those of the round's agency are offered —, the right, the county and the facts. Checked in the
// browser with the server's own schema first; the server's field errors land on their fields.

import { INSPECTION_RESULTS, inspectionResultSchema } from '#domain/inspections.schema.ts';
import { COUNTY_CODES } from '#domain/model.ts';
import { showRefusal, type App } from '../app.ts';
import { h } from '../dom.ts';
import { FieldSet, fieldValue, input, prune, select } from '../form.ts';
import { cstToday, language, t } from '../i18n.ts';
import { matterSelect, rightFields } from '../right-fields.ts';
import { check } from '../validation.ts';
import { linesOf, RESULT_LABELS, withLines, type DrawnTarget, type RoundView } from './inspection-parts.ts';

const countyLabel = (code: string, name: string): string => (language() === 'en' ? `${code} ${name}` : `${name}（${code}）`);

export interface ResultCallbacks {
  /** The result is recorded; with the case it opened, if any. */
  recorded(caseOpened: { caseId: string; caseNumber: string } | null): Promise<void>;
  /** A refusal the round answers for (someone else recorded it first): reloads it; false when it was another kind. */
  refused(error: unknown): Promise<boolean>;
}

export function resultForm(app: App, round: RoundView, target: DrawnTarget, done: ResultCallbacks): HTMLElement {
  const fs = new FieldSet();
  const summaryBox = h('div', { class: 'form-summary' });
  const result = select([{ value: '', label: t('choose') }, ...INSPECTION_RESULTS.map((r) => ({ value: r, label: t(RESULT_LABELS[r]) }))], {
    name: 'result',
  });
  // Never later than today (the server refuses a day in the future); today unless changed.
  const inspectedOn = input({ name: 'inspectedOn', type: 'date', max: cstToday(), value: cstToday() });
  const summary = h('textarea', { name: 'summary', rows: 3, maxlength: 2000 });
  const evidence = h('textarea', { name: 'evidenceSha256', rows: 2, spellcheck: 'false' });

  // The case a violation opens: the round's agency's matters only.
  const matter = matterSelect(round.agency, { name: 'matter' });
  const right = rightFields({ fs, matter, agency: round.agency, pathPrefix: 'case.', named: true });
  const county = select(
    [{ value: '', label: t('choose') }, ...Object.entries(COUNTY_CODES).map(([code, n]) => ({ value: code, label: countyLabel(code, n) }))],
    { name: 'countyCode' },
  );
  const description = h('textarea', { name: 'description', rows: 4, maxlength: 5000 });

  const caseFields = h(
    'fieldset',
    { class: 'inspection-case' },
    h('legend', {}, t('inspectionCaseLegend')),
    h('p', {}, t('inspectionCaseHint')),
    fs.field({ path: 'case.matter', label: t('matter'), required: true, control: matter }),
    h('div', { class: 'grid' }, right.fields),
    fs.field({ path: 'case.countyCode', label: t('countyCode'), required: true, control: county }),
    fs.field({ path: 'case.description', label: t('description'), hint: t('descriptionHint'), required: true, control: description }),
  );

  const showCaseFields = () => {
    caseFields.hidden = result.value !== 'violation_found';
  };
  result.addEventListener('change', showCaseFields);
  showCaseFields();

  const submit = h('button', { type: 'submit', class: 'primary' }, t('inspectionResultSubmit'));
  const form = h(
    'form',
    { novalidate: true, class: 'inspection-result', 'data-credit-code': target.creditCode },
    summaryBox,
    h(
      'div',
      { class: 'grid' },
      fs.field({ path: 'result', label: t('inspectionResult'), required: true, control: result }),
      fs.field({ path: 'inspectedOn', label: t('inspectionInspectedOn'), required: true, control: inspectedOn }),
    ),
    fs.field({ path: 'summary', label: t('inspectionSummary'), required: true, control: summary }),
    fs.field({ path: 'evidenceSha256', label: t('inspectionEvidence'), hint: t('inspectionEvidenceHint'), control: evidence }),
    caseFields,
    h('div', { class: 'actions' }, submit),
  );

  const bodyOf = () => {
    const digests = linesOf(evidence.value);
    const violation = result.value === 'violation_found';
    const body = prune({
      creditCode: target.creditCode,
      result: result.value || undefined,
      inspectedOn: fieldValue(inspectedOn),
      summary: summary.value,
      evidenceSha256: digests.lines,
      case: violation
        ? {
            matter: matter.value || undefined,
            plantVarietyDomain: right.plantVarietyDomain(),
            right: right.right(),
            countyCode: county.value || undefined,
            description: description.value,
          }
        : undefined,
    });
    return { body, numbers: { evidenceSha256: digests.numbers } };
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const { body, numbers } = bodyOf();
    const checked = check(inspectionResultSchema(cstToday()), body);
    if (!checked.ok) {
      fs.show(withLines(checked.details, numbers), summaryBox);
      return;
    }
    fs.reset(summaryBox);
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const after = await app.api.post<RoundView>(`/inspections/${encodeURIComponent(round.inspectionId)}/results`, body);
      const recorded = after.results.find((r) => r.creditCode === target.creditCode);
      await done.recorded(recorded?.caseId && recorded.caseNumber ? { caseId: recorded.caseId, caseNumber: recorded.caseNumber } : null);
    } catch (error) {
      if (!(await done.refused(error))) showRefusal(error, fs, summaryBox, (d) => withLines(d, numbers));
    } finally {
      submit.disabled = false;
      submit.textContent = t('inspectionResultSubmit');
    }
  }
  return form;
}
