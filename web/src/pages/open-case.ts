// An officer opens an administrative enforcement case on a lead of its own (依职权立案, SPEC §12,
// `#/open-case`, POST /cases): the lead (where it came from, its reference, the day it came in), the
// matter — only those of the officer's agency are offered —, the right, the party investigated, the
// county, the facts and any evidence (hashed here, only digests sent). The body is checked in the
// browser with the server's rules first; the server's field errors land on their fields as well (a
// matter that does not fit the right, or belongs to another agency). The retry of a request lost on
// the network reuses its Idempotency-Key, so a case is never opened twice. Once opened, the page
// goes to the case in the work queue, where the officer files it.

import { ROUTE_ROLES } from '#domain/access.ts';
import { DEFAULT_OFFICER_AGENCY, LEAD_SOURCES, type LeadSource } from '#domain/agencies.ts';
import { COUNTY_CODES, ZONES, type Evidence } from '#domain/model.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, type Page } from '../app.ts';
import { clear, h, notice } from '../dom.ts';
import { describeFiles, formatBytes } from '../evidence.ts';
import { FieldSet, fieldValue, input, prune, select } from '../form.ts';
import { cstToday, language, nameOf, t, type TextKey } from '../i18n.ts';
import { officerCaseSchema } from '#domain/officer-cases.schema.ts';
import { matterSelect, rightFields } from '../right-fields.ts';
import { check } from '../validation.ts';

const LEAD_LABELS: Record<LeadSource, TextKey> = { inspection: 'leadInspection', referral: 'leadReferral', report: 'leadReport' };
const countyLabel = (code: string, name: string): string => (language() === 'en' ? `${code} ${name}` : `${name}（${code}）`);

interface Opened {
  caseId: string;
  caseNumber: string;
}

export const openCasePage: Page = (app, main) => {
  const session = requireRole(app, main, ROUTE_ROLES['POST /cases']);
  if (!session) return;
  clear(main);
  const agency = session.agency ?? DEFAULT_OFFICER_AGENCY;
  const fs = new FieldSet();
  const summary = h('div', { id: 'form-summary' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('openCaseSubmit'));
  let evidence: Evidence[] = [];
  let pending: { key: string; body: string } | undefined;

  // The lead
  const source = select([{ value: '', label: t('choose') }, ...LEAD_SOURCES.map((s) => ({ value: s, label: t(LEAD_LABELS[s]) }))]);
  const reference = input({ maxlength: 100, autocomplete: 'off', spellcheck: 'false' });
  // Never later than today (the server refuses a day in the future); today unless changed.
  const receivedOn = input({ type: 'date', max: cstToday(), value: cstToday() });

  // The matter: only this agency's.
  const matter = matterSelect(agency);

  // The right
  const right = rightFields({ fs, matter, agency, domainHint: t('plantVarietyDomainHint') });

  // The party investigated
  const respondentName = input({ maxlength: 200 });
  const respondentCreditCode = input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false' });
  const address = input({ maxlength: 500, autocomplete: 'off' });
  const county = select([
    { value: '', label: t('choose') },
    ...Object.entries(COUNTY_CODES).map(([code, n]) => ({ value: code, label: countyLabel(code, n) })),
  ]);
  const zone = select([{ value: '', label: t('noZone') }, ...ZONES.map((z) => ({ value: z, label: nameOf(z) }))]);
  const description = h('textarea', { rows: 6, maxlength: 5000 });

  // Evidence: hashed here, only the digests and details are sent.
  const files = h('input', { type: 'file', multiple: true });
  const evidenceList = h('div', { 'aria-live': 'polite' }, t('noEvidence'));
  files.addEventListener('change', () => void hashChosen());
  async function hashChosen(): Promise<void> {
    clear(evidenceList);
    evidenceList.append(t('hashing'));
    submit.disabled = true;
    try {
      evidence = await describeFiles(Array.from(files.files ?? []));
    } finally {
      submit.disabled = false;
    }
    clear(evidenceList);
    evidenceList.append(
      evidence.length === 0
        ? t('noEvidence')
        : h(
            'ul',
            { id: 'evidence-list' },
            evidence.map((e) =>
              h('li', {}, `${e.title} · ${formatBytes(e.sizeBytes)} · `, h('span', { class: 'mono', 'data-sha256': e.sha256 }, e.sha256)),
            ),
          ),
    );
  }

  const form = h(
    'form',
    { novalidate: true, id: 'open-case-form', 'aria-describedby': 'form-intro' },
    h('p', { id: 'form-intro' }, t('openCaseIntro')),
    h('p', { id: 'open-case-agency', 'data-agency': agency }, t('openCaseAgency', { agency: nameOf(agency) })),
    summary,
    h(
      'fieldset',
      {},
      h('legend', {}, t('leadLegend')),
      h(
        'div',
        { class: 'grid' },
        fs.field({ path: 'lead.source', label: t('leadSource'), required: true, control: source }),
        fs.field({ path: 'lead.reference', label: t('leadReference'), hint: t('leadReferenceHint'), required: true, control: reference }),
        fs.field({
          path: 'lead.receivedOn',
          label: t('leadReceivedOn'),
          hint: t('leadReceivedOnHint'),
          required: true,
          control: receivedOn,
        }),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('matterLegend')),
      fs.field({ path: 'matter', label: t('matter'), hint: t('matterHint'), required: true, control: matter }),
    ),
    h('fieldset', {}, h('legend', {}, t('right')), h('div', { class: 'grid' }, right.fields)),
    h(
      'fieldset',
      {},
      h('legend', {}, t('partyInvestigated')),
      h(
        'div',
        { class: 'grid' },
        fs.field({ path: 'respondent.name', label: t('name'), required: true, control: respondentName }),
        fs.field({ path: 'respondent.creditCode', label: t('creditCode'), control: respondentCreditCode }),
        fs.field({ path: 'respondent.address', label: t('address'), control: address }),
      ),
      fs.field({ path: 'countyCode', label: t('countyCode'), required: true, control: county }),
      fs.field({ path: 'zone', label: t('zone'), hint: t('zoneHint'), control: zone }),
      fs.field({ path: 'description', label: t('description'), hint: t('descriptionHint'), required: true, control: description }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('evidence')),
      fs.field({ path: 'evidence', label: t('evidenceFiles'), hint: t('evidenceHint'), control: files }),
      evidenceList,
    ),
    h('div', { class: 'actions' }, submit),
  );

  const bodyOf = (): Record<string, unknown> =>
    prune({
      lead: { source: source.value || undefined, reference: reference.value, receivedOn: fieldValue(receivedOn) },
      matter: matter.value || undefined,
      plantVarietyDomain: right.plantVarietyDomain(),
      right: right.right(),
      respondent: { name: respondentName.value, creditCode: fieldValue(respondentCreditCode), address: fieldValue(address) },
      countyCode: county.value || undefined,
      zone: zone.value || undefined,
      description: description.value,
      evidence,
    });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const body = bodyOf();
    const checked = check(officerCaseSchema(cstToday()), body);
    if (!checked.ok) {
      fs.show(checked.details, summary);
      return;
    }
    fs.reset(summary);
    const json = JSON.stringify(body);
    if (!pending || pending.body !== json) pending = { key: crypto.randomUUID(), body: json };
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const opened = await app.api.post<Opened>('/cases', body, { 'idempotency-key': pending.key });
      pending = undefined;
      app.navigate(`#/queue/${encodeURIComponent(opened.caseId)}`, {
        kind: 'ok',
        text: t('caseOpened', { caseNumber: opened.caseNumber }),
      });
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'VALIDATION_FAILED' && error.details.length > 0) fs.show(error.details, summary);
      else {
        const box = notice('error', explain(error));
        box.tabIndex = -1;
        summary.append(box);
        box.focus();
      }
    } finally {
      submit.disabled = false;
      submit.textContent = t('openCaseSubmit');
    }
  }

  main.append(pageTitle(t('openCaseTitle')), form);
};
