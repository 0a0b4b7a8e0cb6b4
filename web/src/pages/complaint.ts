// The complaint form (SPEC §3), in two modes built from the same fields: a rights holder filing
// online (`#/file`, POST /complaints), and staff registering a complaint brought in on paper or at
// a protection workstation (offline intake, 线上线下: `#/intake`, POST /complaints/offline), which
// adds how it came in and answers with a receipt carrying the complainant's takeover code.
// Every field is checked in the browser with the server's own schema before it is sent, evidence
// hashed locally, the server's field errors put back on their fields. A lost network keeps
// everything entered; the retry reuses the Idempotency-Key, so a request that did reach the server
// is not filed twice.

import { ROUTE_ROLES } from '#domain/access.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import {
  COMPLAINANT_TYPES,
  COUNTY_CODES,
  PATENT_TYPES,
  PATHS,
  RIGHT_KINDS,
  ZONES,
  type ComplainantType,
  type Evidence,
  type IntakeChannel,
  type Role,
} from '#domain/model.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, type App, type Page } from '../app.ts';
import { countryOptions } from '../countries.ts';
import { clear, h, notice } from '../dom.ts';
import { describeFiles, formatBytes } from '../evidence.ts';
import { FieldSet, input, select, fieldValue, prune, type Control } from '../form.ts';
import { cstTime, cstToday, language, nameOf, t, type TextKey } from '../i18n.ts';
import { check } from '../validation.ts';

const countyLabel = (code: string, name: string): string => (language() === 'en' ? `${code} ${name}` : `${name}（${code}）`);

/** How a complaint brought in offline reached the office (the server's `intake.channel`). */
const INTAKE_CHANNELS = ['paper', 'workstation'] as const satisfies readonly IntakeChannel[];

/** The complaint's fields: their nodes, and the body they make (`collect`), for either mode. */
interface ComplaintFields {
  nodes: HTMLElement[];
  collect(): Record<string, unknown>;
}

/**
 * Every SPEC §3 field, each registered in `fs` under `prefix` + its path in the complaint (the
 * offline body nests the complaint under `complaint`, so the server's error paths land as they are).
 * `busy` is told while evidence files are being hashed (the form is not sent meanwhile).
 */
function complaintFields(fs: FieldSet, prefix: string, busy: (hashing: boolean) => void): ComplaintFields {
  const field = (options: Parameters<FieldSet['field']>[0]) => fs.field({ ...options, path: `${prefix}${options.path}` });
  let evidence: Evidence[] = [];

  // Complainant: domestic, or v2 foreign (equal protection, SPEC §3) with its own identifiers.
  const typeRadios = COMPLAINANT_TYPES.map((value) =>
    h('input', { type: 'radio', name: `${prefix}complainant-type`, value, checked: value === 'enterprise' }),
  );
  const typeGroup = h(
    'div',
    { class: 'choices' },
    typeRadios.map((radio) => h('label', { class: 'choice' }, radio, t(radio.value as ComplainantType))),
  );
  const name = input({ autocomplete: 'organization', maxlength: 200 });
  const creditCode = input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false' });
  const idNumber = input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false' });
  const registrationNumber = input({ autocomplete: 'off', maxlength: 50, spellcheck: 'false' });
  const passportNumber = input({ autocomplete: 'off', maxlength: 20, spellcheck: 'false' });
  const country = select([{ value: '', label: t('choose') }, ...countryOptions()]);
  const phone = input({ type: 'tel', autocomplete: 'tel', inputmode: 'tel' });
  const email = input({ type: 'email', autocomplete: 'email' });
  // Notices follow the page's language unless the person chooses otherwise.
  const noticeLanguage = select([
    { value: 'zh-CN', label: t('noticeLanguageZh') },
    { value: 'en', label: t('noticeLanguageEn') },
  ]);
  noticeLanguage.value = language();
  const creditWrap = field({ path: 'complainant.creditCode', label: t('creditCode'), hint: t('creditCodeHint'), control: creditCode });
  const idWrap = field({ path: 'complainant.idNumber', label: t('idNumber'), hint: t('idNumberHint'), control: idNumber });
  const registrationWrap = field({
    path: 'complainant.registrationNumber',
    label: t('registrationNumber'),
    hint: t('registrationNumberHint'),
    required: true,
    control: registrationNumber,
  });
  const passportWrap = field({
    path: 'complainant.passportNumber',
    label: t('passportNumber'),
    hint: t('passportNumberHint'),
    required: true,
    control: passportNumber,
  });
  const countryWrap = field({ path: 'complainant.country', label: t('country'), required: true, control: country });
  const complainantType = (): ComplainantType => (typeRadios.find((r) => r.checked)?.value ?? 'enterprise') as ComplainantType;
  const isForeign = (type: ComplainantType) => type === 'foreign_enterprise' || type === 'foreign_individual';
  // Only the identifiers of the chosen type are shown (and sent).
  const showIdentifiers = () => {
    const type = complainantType();
    creditWrap.hidden = isForeign(type);
    idWrap.hidden = type !== 'individual';
    registrationWrap.hidden = type !== 'foreign_enterprise';
    passportWrap.hidden = type !== 'foreign_individual';
    countryWrap.hidden = !isForeign(type);
  };
  showIdentifiers();
  for (const radio of typeRadios) radio.addEventListener('change', showIdentifiers);

  // Right
  const kind = select(RIGHT_KINDS.map((k) => ({ value: k, label: nameOf(k) })));
  const number = input({ autocomplete: 'off', spellcheck: 'false' });
  const title = input({ maxlength: 200 });
  const holder = input({ maxlength: 200 });
  const patentType = select([{ value: '', label: t('choose') }, ...PATENT_TYPES.map((p) => ({ value: p, label: nameOf(p) }))]);
  const validUntil = input({ type: 'date' });
  const patentTypeWrap = field({ path: 'right.patentType', label: t('patentType'), required: true, control: patentType });
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
  const zone = select([{ value: '', label: t('noZone') }, ...ZONES.map((z) => ({ value: z, label: nameOf(z) }))]);
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
    busy(true);
    try {
      evidence = await describeFiles(chosen);
    } finally {
      busy(false);
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

  const nodes = [
    h(
      'fieldset',
      {},
      h('legend', {}, t('complainant')),
      field({ path: 'complainant.type', label: t('complainantType'), required: true, control: typeGroup, focusTarget: typeRadios[0] }),
      h(
        'div',
        { class: 'grid' },
        field({ path: 'complainant.name', label: t('name'), required: true, control: name }),
        creditWrap,
        idWrap,
        registrationWrap,
        passportWrap,
        countryWrap,
        field({ path: 'complainant.contact.phone', label: t('phone'), hint: t('phoneHint'), control: phone }),
        field({ path: 'complainant.contact.email', label: t('email'), control: email }),
        field({ path: 'complainant.contact.language', label: t('noticeLanguage'), control: noticeLanguage }),
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
        field({ path: 'right.kind', label: t('rightKind'), required: true, control: kind }),
        patentTypeWrap,
        field({ path: 'right.number', label: t('rightNumber'), hint: t('rightNumberHint'), required: true, control: number }),
        field({ path: 'right.title', label: t('rightTitle'), required: true, control: title }),
        field({ path: 'right.holder', label: t('rightHolder'), required: true, control: holder }),
        field({ path: 'right.validUntil', label: t('validUntil'), control: validUntil }),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('respondent')),
      h(
        'div',
        { class: 'grid' },
        field({ path: 'respondent.name', label: t('respondentName'), required: true, control: respondentName }),
        field({ path: 'respondent.creditCode', label: t('respondentCreditCode'), control: respondentCreditCode }),
        field({ path: 'respondent.address', label: t('address'), control: address }),
        field({ path: 'respondent.onlineStoreUrl', label: t('onlineStoreUrl'), hint: t('onlineStoreUrlHint'), control: storeUrl }),
      ),
      field({ path: 'countyCode', label: t('countyCode'), required: true, control: county }),
      field({ path: 'zone', label: t('zone'), hint: t('zoneHint'), control: zone }),
      field({ path: 'description', label: t('description'), hint: t('descriptionHint'), required: true, control: description }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('claims')),
      field({
        path: 'claims.stopInfringement',
        label: t('stopInfringement'),
        control: h('label', { class: 'choice' }, stop, t('stopInfringement')),
        focusTarget: stop,
      }),
      field({ path: 'claims.damagesCny', label: t('damagesCny'), control: damages }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('evidence')),
      field({ path: 'evidence', label: t('evidenceFiles'), hint: t('evidenceHint'), control: files }),
      evidenceList,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('options')),
      field({ path: 'preferredPath', label: t('preferredPath'), control: preferred }),
      h(
        'div',
        { class: 'grid' },
        field({
          path: 'arbitrationAgreement.reference',
          label: t('arbitrationReference'),
          hint: t('arbitrationHint'),
          control: arbitrationRef,
        }),
        field({ path: 'arbitrationAgreement.signedOn', label: t('arbitrationSignedOn'), control: arbitrationSigned }),
      ),
      field({
        path: 'requestEvidencePreservation',
        label: t('requestEvidencePreservation'),
        control: h('label', { class: 'choice' }, preservation, t('requestEvidencePreservation')),
        focusTarget: preservation,
      }),
    ),
  ];

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
        creditCode: isForeign(type) ? undefined : opt(creditCode),
        idNumber: type === 'individual' ? opt(idNumber) : undefined,
        registrationNumber: type === 'foreign_enterprise' ? opt(registrationNumber) : undefined,
        passportNumber: type === 'foreign_individual' ? opt(passportNumber) : undefined,
        country: isForeign(type) ? opt(country) : undefined,
        contact: { phone: opt(phone), email: opt(email), language: noticeLanguage.value },
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
      zone: zone.value || undefined,
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
  return { nodes, collect };
}

/** How the intake fields of offline mode came in: channel, the paper record's reference, the day received. */
function intakeFields(fs: FieldSet): ComplaintFields {
  const channelRadios = INTAKE_CHANNELS.map((value) =>
    h('input', { type: 'radio', name: 'intake-channel', value, checked: value === 'paper' }),
  );
  const channelGroup = h(
    'div',
    { class: 'choices' },
    channelRadios.map((radio) => h('label', { class: 'choice' }, radio, t(CHANNEL_LABELS[radio.value as IntakeChannel]))),
  );
  const reference = input({ maxlength: 100, autocomplete: 'off', spellcheck: 'false' });
  // Never later than today (the server refuses a day in the future); empty means today.
  const receivedAt = input({ type: 'date', max: cstToday() });
  const nodes = [
    h(
      'fieldset',
      { id: 'intake-fields' },
      h('legend', {}, t('intakeLegend')),
      fs.field({ path: 'intake.channel', label: t('intakeChannel'), required: true, control: channelGroup, focusTarget: channelRadios[0] }),
      h(
        'div',
        { class: 'grid' },
        fs.field({
          path: 'intake.reference',
          label: t('intakeReference'),
          hint: t('intakeReferenceHint'),
          required: true,
          control: reference,
        }),
        fs.field({ path: 'intake.receivedAt', label: t('intakeReceivedAt'), hint: t('intakeReceivedAtHint'), control: receivedAt }),
      ),
    ),
  ];
  const collect = () =>
    prune({
      channel: channelRadios.find((r) => r.checked)?.value ?? 'paper',
      reference: reference.value,
      receivedAt: fieldValue(receivedAt),
    });
  return { nodes, collect };
}

const CHANNEL_LABELS: Record<IntakeChannel, TextKey> = { paper: 'intakePaper', workstation: 'intakeWorkstation' };

/** What differs between filing online and registering a complaint brought in offline. */
interface Mode {
  roles: readonly Role[];
  title: TextKey;
  intro: TextKey;
  submit: TextKey;
  /** Where the complaint's fields sit in the body. */
  prefix: string;
  endpoint: string;
  /** The intake fields (offline mode). */
  extra?: (fs: FieldSet) => ComplaintFields;
  done: (app: App, main: HTMLElement, answer: Filed, sent: Record<string, unknown>) => void;
}

interface Filed {
  caseId: string;
  caseNumber: string;
  status: string;
  /** Offline intake: when the takeover code expires, and the code itself while it is still unused. */
  takeover?: { expiresAt: string; code?: string };
}

const ONLINE: Mode = {
  roles: ROUTE_ROLES['POST /complaints'],
  title: 'fileTitle',
  intro: 'fileIntro',
  submit: 'submit',
  prefix: '',
  endpoint: '/complaints',
  done: showFiled,
};

const OFFLINE: Mode = {
  roles: ROUTE_ROLES['POST /complaints/offline'],
  title: 'intakeTitle',
  intro: 'intakeIntro',
  submit: 'intakeSubmit',
  prefix: 'complaint.',
  endpoint: '/complaints/offline',
  extra: intakeFields,
  done: showReceipt,
};

export const complaintPage: Page = (app, main) => complaintForm(app, main, ONLINE);

/** Offline intake (线上线下): staff register a complaint brought in on paper or at a workstation. */
export const offlineIntakePage: Page = (app, main) => complaintForm(app, main, OFFLINE);

function complaintForm(app: App, main: HTMLElement, mode: Mode): void {
  if (!requireRole(app, main, mode.roles)) return;
  clear(main);
  const fs = new FieldSet();
  const summary = h('div', { id: 'form-summary' });
  let pending: { key: string; body: string } | undefined;
  const submit = h('button', { type: 'submit', class: 'primary' }, t(mode.submit));
  const extra = mode.extra?.(fs);
  const complaint = complaintFields(fs, mode.prefix, (hashing) => (submit.disabled = hashing));
  const form = h(
    'form',
    { novalidate: true, 'aria-describedby': 'form-intro' },
    h('p', { id: 'form-intro' }, t(mode.intro)),
    summary,
    ...(extra?.nodes ?? []),
    ...complaint.nodes,
    h('div', { class: 'actions' }, submit),
  );

  const bodyOf = (): Record<string, unknown> => (extra ? { complaint: complaint.collect(), intake: extra.collect() } : complaint.collect());

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const body = bodyOf();
    // The complaint is checked here with the server's own schema; the intake fields by the server,
    // whose field errors land on them as well.
    const checked = check(complaintSchema(cstToday()), extra ? body['complaint'] : body);
    if (!checked.ok) {
      fs.show(
        checked.details.map((d) => ({ ...d, path: prefixed(mode.prefix, d.path) })),
        summary,
      );
      return;
    }
    fs.reset(summary);
    const json = JSON.stringify(body);
    if (!pending || pending.body !== json) pending = { key: crypto.randomUUID(), body: json };
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const answer = await app.api.post<Filed>(mode.endpoint, body, { 'idempotency-key': pending.key });
      pending = undefined;
      mode.done(app, main, answer, body);
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
      submit.textContent = t(mode.submit);
    }
  }

  main.append(pageTitle(t(mode.title)), form);
}

/** A path of the complaint as the body nests it (`complaint.right.number` offline); the whole complaint is `complaint`. */
const prefixed = (prefix: string, path: string): string => (path ? `${prefix}${path}` : prefix.replace(/\.$/, ''));

function showFiled(_app: App, main: HTMLElement, answer: Filed): void {
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

/**
 * The receipt of a complaint registered offline, to print and hand over: the case number, the
 * takeover code (shown this once — the server keeps only its hash) and where the complainant uses it.
 */
function showReceipt(_app: App, main: HTMLElement, answer: Filed, sent: Record<string, unknown>): void {
  clear(main);
  const heading = pageTitle(t('intakeDone'));
  heading.tabIndex = -1;
  const intake = sent['intake'] as { channel: IntakeChannel; reference: string; receivedAt?: string };
  const complainant = (sent['complaint'] as { complainant: { name: string } }).complainant;
  const takeover = answer.takeover;
  const takeoverLink = `#/takeover/${encodeURIComponent(answer.caseNumber)}`;
  const print = h('button', { type: 'button', class: 'secondary', id: 'print-receipt' }, t('printReceipt'));
  print.addEventListener('click', () => window.print());
  main.append(
    heading,
    h(
      'section',
      { id: 'intake-receipt', class: 'panel receipt', 'aria-labelledby': 'receipt-heading' },
      h('h2', { id: 'receipt-heading' }, t('receiptTitle')),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('caseNumber')),
        h('dd', {}, h('strong', { id: 'case-number' }, answer.caseNumber)),
        h('dt', {}, t('complainant')),
        h('dd', { id: 'receipt-complainant' }, complainant.name),
        h('dt', {}, t('intakeChannel')),
        h('dd', {}, t(CHANNEL_LABELS[intake.channel])),
        h('dt', {}, t('intakeReference')),
        h('dd', { id: 'receipt-reference' }, intake.reference),
        h('dt', {}, t('intakeReceivedAt')),
        h('dd', {}, intake.receivedAt ?? cstToday()),
        h('dt', {}, t('takeoverCode')),
        h(
          'dd',
          {},
          takeover?.code
            ? h('strong', { id: 'takeover-code', class: 'mono code' }, takeover.code)
            : h('span', { id: 'takeover-code-gone' }, t('takeoverCodeGone')),
        ),
        takeover ? [h('dt', {}, t('takeoverValidUntil')), h('dd', { id: 'takeover-expires' }, cstTime(takeover.expiresAt))] : null,
      ),
      h(
        'p',
        { id: 'takeover-how' },
        t('takeoverHowBefore'),
        h('a', { href: takeoverLink }, t('takeOverCase')),
        ` (${location.origin}${location.pathname}${takeoverLink})`,
        t('takeoverHowAfter'),
      ),
    ),
    takeover?.code ? notice('warn', h('p', { id: 'takeover-once' }, t('takeoverShownOnce'))) : '',
    h('div', { class: 'actions no-print' }, print, h('a', { class: 'button', href: '#/intake', id: 'enter-another' }, t('intakeAnother'))),
  );
  heading.focus();
}
