// The complaint form (SPEC §3): every field, checked in the browser with the server's own schema
// before it is sent, evidence hashed locally, the server's field errors put back on their fields,
// the case number shown on success. A lost network keeps everything entered; the retry reuses
// the Idempotency-Key, so a request that did reach the server is not filed twice.

import { ROUTE_ROLES } from '#domain/access.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { COUNTY_CODES, PATENT_TYPES, PATHS, RIGHT_KINDS, type Evidence } from '#domain/model.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, type Page } from '../app.ts';
import { clear, h, notice } from '../dom.ts';
import { describeFiles, formatBytes } from '../evidence.ts';
import { FieldSet, input, select, fieldValue, type Control } from '../form.ts';
import { cstToday, language, nameOf, t } from '../i18n.ts';
import { check } from '../validation.ts';

const countyLabel = (code: string, name: string): string => (language() === 'en' ? `${code} ${name}` : `${name}（${code}）`);

export const complaintPage: Page = (app, main) => {
  if (!requireRole(app, main, ROUTE_ROLES['POST /complaints'])) return;
  clear(main);
  const fs = new FieldSet();
  const summary = h('div', { id: 'form-summary' });
  let evidence: Evidence[] = [];
  let pending: { key: string; body: string } | undefined;

  // Complainant
  const typeRadios = (['enterprise', 'individual'] as const).map((value) =>
    h('input', { type: 'radio', name: 'complainant-type', value, checked: value === 'enterprise' }),
  );
  const typeGroup = h(
    'div',
    { class: 'choices' },
    typeRadios.map((radio) => h('label', { class: 'choice' }, radio, t(radio.value as 'enterprise' | 'individual'))),
  );
  const name = input({ autocomplete: 'organization', maxlength: 200 });
  const creditCode = input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false' });
  const idNumber = input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false' });
  const phone = input({ type: 'tel', autocomplete: 'tel', inputmode: 'tel' });
  const email = input({ type: 'email', autocomplete: 'email' });
  const idWrap = fs.field({ path: 'complainant.idNumber', label: t('idNumber'), hint: t('idNumberHint'), control: idNumber });
  idWrap.hidden = true;
  const complainantType = (): 'enterprise' | 'individual' => (typeRadios[1]!.checked ? 'individual' : 'enterprise');
  for (const radio of typeRadios) radio.addEventListener('change', () => (idWrap.hidden = complainantType() !== 'individual'));

  // Right
  const kind = select(RIGHT_KINDS.map((k) => ({ value: k, label: nameOf(k) })));
  const number = input({ autocomplete: 'off', spellcheck: 'false' });
  const title = input({ maxlength: 200 });
  const holder = input({ maxlength: 200 });
  const patentType = select([{ value: '', label: t('choose') }, ...PATENT_TYPES.map((p) => ({ value: p, label: nameOf(p) }))]);
  const validUntil = input({ type: 'date' });
  const patentTypeWrap = fs.field({ path: 'right.patentType', label: t('patentType'), required: true, control: patentType });
  kind.addEventListener('change', () => (patentTypeWrap.hidden = kind.value !== 'patent'));

  // Respondent
  const respondentName = input({ maxlength: 200 });
  const respondentCreditCode = input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false' });
  const address = input({ maxlength: 500, autocomplete: 'off' });
  const storeUrl = input({ type: 'url', placeholder: 'https://', autocomplete: 'off' });

  const county = select([
    { value: '', label: t('choose') },
    ...Object.entries(COUNTY_CODES).map(([code, n]) => ({ value: code, label: countyLabel(code, n) })),
  ]);
  const description = h('textarea', { rows: 6, maxlength: 5000 });
  const stop = h('input', { type: 'checkbox', checked: true });
  const damages = input({ inputmode: 'numeric', autocomplete: 'off' });

  // Evidence
  const files = h('input', { type: 'file', multiple: true });
  const evidenceList = h('div', { 'aria-live': 'polite' }, t('noEvidence'));
  files.addEventListener('change', () => void hashChosen());
  async function hashChosen(): Promise<void> {
    const chosen = Array.from(files.files ?? []);
    clear(evidenceList);
    evidenceList.append(t('hashing'));
    submit.disabled = true;
    try {
      evidence = await describeFiles(chosen);
    } finally {
      submit.disabled = false;
    }
    clear(evidenceList);
    if (evidence.length === 0) evidenceList.append(t('noEvidence'));
    else
      evidenceList.append(
        h(
          'ul',
          { id: 'evidence-list' },
          evidence.map((e) =>
            h(
              'li',
              {},
              `${e.title} · ${formatBytes(e.sizeBytes)} · ${e.mediaType} · `,
              h('span', { class: 'mono', 'data-sha256': e.sha256 }, `SHA-256 ${e.sha256}`),
            ),
          ),
        ),
      );
  }

  const preferred = select([{ value: '', label: t('noPreference') }, ...PATHS.map((p) => ({ value: p, label: nameOf(p) }))]);
  const arbitrationRef = input({ maxlength: 200 });
  const arbitrationSigned = input({ type: 'date' });
  const preservation = h('input', { type: 'checkbox' });

  const submit = h('button', { type: 'submit', class: 'primary' }, t('submit'));
  const form = h(
    'form',
    { novalidate: true, 'aria-describedby': 'form-intro' },
    h('p', { id: 'form-intro' }, t('fileIntro')),
    summary,
    h(
      'fieldset',
      {},
      h('legend', {}, t('complainant')),
      fs.field({ path: 'complainant.type', label: t('complainantType'), required: true, control: typeGroup, focusTarget: typeRadios[0] }),
      h(
        'div',
        { class: 'grid' },
        fs.field({ path: 'complainant.name', label: t('name'), required: true, control: name }),
        fs.field({ path: 'complainant.creditCode', label: t('creditCode'), hint: t('creditCodeHint'), control: creditCode }),
        idWrap,
        fs.field({ path: 'complainant.contact.phone', label: t('phone'), hint: t('contactHint'), control: phone }),
        fs.field({ path: 'complainant.contact.email', label: t('email'), control: email }),
      ),
      // A contact error (neither given) is reported at `complainant.contact`: the phone field takes it.
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('right')),
      h(
        'div',
        { class: 'grid' },
        fs.field({ path: 'right.kind', label: t('rightKind'), required: true, control: kind }),
        patentTypeWrap,
        fs.field({ path: 'right.number', label: t('rightNumber'), hint: t('rightNumberHint'), required: true, control: number }),
        fs.field({ path: 'right.title', label: t('rightTitle'), required: true, control: title }),
        fs.field({ path: 'right.holder', label: t('rightHolder'), required: true, control: holder }),
        fs.field({ path: 'right.validUntil', label: t('validUntil'), control: validUntil }),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('respondent')),
      h(
        'div',
        { class: 'grid' },
        fs.field({ path: 'respondent.name', label: t('respondentName'), required: true, control: respondentName }),
        fs.field({ path: 'respondent.creditCode', label: t('respondentCreditCode'), control: respondentCreditCode }),
        fs.field({ path: 'respondent.address', label: t('address'), control: address }),
        fs.field({ path: 'respondent.onlineStoreUrl', label: t('onlineStoreUrl'), hint: t('onlineStoreUrlHint'), control: storeUrl }),
      ),
      fs.field({ path: 'countyCode', label: t('countyCode'), required: true, control: county }),
      fs.field({ path: 'description', label: t('description'), hint: t('descriptionHint'), required: true, control: description }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('claims')),
      fs.field({
        path: 'claims.stopInfringement',
        label: t('stopInfringement'),
        control: h('label', { class: 'choice' }, stop, t('stopInfringement')),
        focusTarget: stop,
      }),
      fs.field({ path: 'claims.damagesCny', label: t('damagesCny'), control: damages }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('evidence')),
      fs.field({ path: 'evidence', label: t('evidenceFiles'), hint: t('evidenceHint'), control: files }),
      evidenceList,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('options')),
      fs.field({ path: 'preferredPath', label: t('preferredPath'), control: preferred }),
      h(
        'div',
        { class: 'grid' },
        fs.field({
          path: 'arbitrationAgreement.reference',
          label: t('arbitrationReference'),
          hint: t('arbitrationHint'),
          control: arbitrationRef,
        }),
        fs.field({ path: 'arbitrationAgreement.signedOn', label: t('arbitrationSignedOn'), control: arbitrationSigned }),
      ),
      fs.field({
        path: 'requestEvidencePreservation',
        label: t('requestEvidencePreservation'),
        control: h('label', { class: 'choice' }, preservation, t('requestEvidencePreservation')),
        focusTarget: preservation,
      }),
    ),
    h('div', { class: 'actions' }, submit),
  );

  const opt = (control: Control): string | undefined => fieldValue(control);
  const collect = (): Record<string, unknown> => {
    const type = complainantType();
    const damagesText = damages.value.trim();
    const agreement =
      opt(arbitrationRef) || opt(arbitrationSigned) ? { reference: arbitrationRef.value, signedOn: arbitrationSigned.value } : undefined;
    return prune({
      complainant: {
        type,
        name: name.value,
        creditCode: opt(creditCode),
        idNumber: type === 'individual' ? opt(idNumber) : undefined,
        contact: { phone: opt(phone), email: opt(email) },
      },
      right: {
        kind: kind.value,
        number: number.value,
        title: title.value,
        holder: holder.value,
        patentType: kind.value === 'patent' ? opt(patentType) : undefined,
        validUntil: opt(validUntil),
      },
      respondent: {
        name: respondentName.value,
        creditCode: opt(respondentCreditCode),
        address: opt(address),
        onlineStoreUrl: opt(storeUrl),
      },
      countyCode: county.value || undefined,
      description: description.value,
      // Digits become a number; anything else is sent as typed, so the schema names the problem.
      claims: {
        stopInfringement: stop.checked,
        damagesCny: damagesText === '' ? undefined : /^\d+$/.test(damagesText) ? Number(damagesText) : damagesText,
      },
      evidence,
      preferredPath: preferred.value || undefined,
      arbitrationAgreement: agreement,
      requestEvidencePreservation: preservation.checked ? true : undefined,
    });
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const body = collect();
    const checked = check(complaintSchema(cstToday()), body);
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
      const answer = await app.api.post<{ caseId: string; caseNumber: string }>('/complaints', body, { 'idempotency-key': pending.key });
      pending = undefined;
      showFiled(answer);
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
      submit.textContent = t('submit');
    }
  }

  function showFiled(answer: { caseId: string; caseNumber: string }): void {
    clear(main);
    const heading = pageTitle(t('filed'));
    heading.tabIndex = -1;
    main.append(
      heading,
      notice('ok', h('p', {}, t('filedCaseNumber'), h('strong', { id: 'case-number' }, answer.caseNumber)), h('p', {}, t('filedNext'))),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button', href: `#/my-cases/${answer.caseId}` }, t('viewCase')),
        h('a', { class: 'button', href: '#/file', id: 'file-another' }, t('fileAnother')),
      ),
    );
    heading.focus();
  }

  main.append(pageTitle(t('fileTitle')), form);
};

/** Drops undefined members (optional fields left empty), recursively through plain objects. */
function prune<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = prune(item);
  return out as T;
}
