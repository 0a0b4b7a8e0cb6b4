// The credit list's review for the agencies (信用监管、联合惩戒, SPEC §12, `#/credit-review`): the
// entries by status (GET /credit-list), and one entry at `#/credit-review/<creditCode>` — the cases its
// findings rest on, its facts and the hash-chained audit record of its steps (GET /credit-list/{code}).
// The supervisor takes the steps its status allows (start the review, record the respondent's
// statement, list or drop with reasons, record and decide a credit repair application), each sent at
// the entry's current version; a refusal (the statement period still running, say) is worded by the
// server and shown on the form, a stale version reloads the entry. Officers nominate a respondent.
// The export for joint punishment is offered to the roles allowed it.

import type { CreditAction, CreditEntryView as DomainEntryView, CreditStatusNow } from '#domain/credit-list.schema.ts';
import * as z from 'zod/mini';
import { mayCall, ROUTE_ROLES } from '#domain/access.ts';
import { textSchema } from '#domain/fields.schema.ts';
import { creditCodeSchema } from '#domain/identifiers.schema.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, showRefusal, type App, type Page } from '../app.ts';
import type { Session } from '../auth.ts';
import { creditExport } from '../credit-export.ts';
import { clear, dataTable, h, notice } from '../dom.ts';
import { FieldSet, input, select } from '../form.ts';
import { colon, cstTime, language, nameOf, t, type TextKey } from '../i18n.ts';
import { check } from '../validation.ts';
import { cstDay } from './credit-list.ts';

/** An entry's status as read at the request's time (a listing whose period is over reads `expired`). */
// The vocabulary is the domain's own (Node-free: domain/credit-list.schema.ts).
type CreditEntryView = DomainEntryView;

/** One step of the entry's hash-chained audit record. */
interface CreditEvent {
  seq: number;
  at: string;
  type: string;
  actor: { role: string; sub: string };
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

type CreditEntryDetail = CreditEntryView & { events: CreditEvent[] };

const STATUSES: readonly CreditStatusNow[] = ['candidate', 'under_review', 'listed', 'dropped', 'removed', 'expired', 'none'];

const STATUS_LABELS: Record<CreditStatusNow, TextKey> = {
  none: 'creditStatusNone',
  candidate: 'creditStatusCandidate',
  under_review: 'creditStatusUnderReview',
  listed: 'creditStatusListed',
  dropped: 'creditStatusDropped',
  removed: 'creditStatusRemoved',
  expired: 'creditStatusExpired',
};

const SOURCE_LABELS: Record<CreditEntryView['source'], TextKey> = {
  automatic: 'creditSourceAutomatic',
  nomination: 'creditSourceNomination',
};

const EVENT_LABELS: Record<string, TextKey> = {
  finding_recorded: 'creditEventFinding',
  candidate: 'creditEventCandidate',
  nominated: 'creditEventNominated',
  start_review: 'creditEventStartReview',
  record_statement: 'creditEventStatement',
  list: 'creditEventListed',
  drop: 'creditEventDropped',
  record_repair_application: 'creditEventRepairApplied',
  approve_repair: 'creditEventRepairApproved',
  deny_repair: 'creditEventRepairDenied',
};

// The rules of the bodies, from the field schemas the server's own (domain/credit-list.ts) is made of:
// that module reaches node:crypto through the timeline, so the pages do not bundle it.
const reasonRule = textSchema(1, 2000, { multiline: true });
const textRule = textSchema(1, 5000, { multiline: true });
const nominationRules = z.strictObject({ creditCode: creditCodeSchema, name: textSchema(1, 200), reason: reasonRule });

type ActionName = CreditAction['action'];
type ActionField = 'reason' | 'text' | 'years';

interface ActionSpec {
  label: TextKey;
  fields: readonly ActionField[];
  /** The label of the `text` field. */
  textLabel?: TextKey;
}

const ACTIONS: Record<ActionName, ActionSpec> = {
  start_review: { label: 'creditStartReview', fields: [] },
  record_statement: { label: 'creditRecordStatement', fields: ['text'], textLabel: 'creditStatementText' },
  list: { label: 'creditDoList', fields: ['reason', 'years'] },
  drop: { label: 'creditDrop', fields: ['reason'] },
  record_repair_application: { label: 'creditRecordRepair', fields: ['text'], textLabel: 'creditRepairText' },
  approve_repair: { label: 'creditApproveRepair', fields: ['reason'] },
  deny_repair: { label: 'creditDenyRepair', fields: ['reason'] },
};

/** A listing's default length in years and the choices (SPEC §12; the server's `list` takes 1–5). */
const DEFAULT_YEARS = 3;
const YEAR_CHOICES = [1, 2, 3, 4, 5];

/**
 * The steps offered in a status. Listing and dropping are offered throughout the review: while the
 * statement period runs and nothing was recorded the server refuses them, and the page says why.
 */
function actionsFor(entry: CreditEntryView): ActionName[] {
  switch (entry.status) {
    case 'candidate':
      return ['start_review'];
    case 'under_review':
      return [...(entry.statementReceivedAt ? [] : (['record_statement'] as const)), 'list', 'drop'];
    case 'listed':
      return entry.repairAppliedAt ? ['approve_repair', 'deny_repair'] : ['record_repair_application'];
    default:
      return [];
  }
}

export const creditReviewPage: Page = async (app, main, params) => {
  const session = requireRole(app, main, ROUTE_ROLES['GET /credit-list']);
  if (!session) return;
  clear(main);
  const creditCode = params[0];
  if (creditCode) await entryView(app, main, session, creditCode);
  else await listView(app, main, session);
};

// ---------------------------------------------------------------------------------------------
// The entries

async function listView(app: App, main: HTMLElement, session: Session): Promise<void> {
  const filter = select([{ value: '', label: t('any') }, ...STATUSES.map((s) => ({ value: s, label: t(STATUS_LABELS[s]) }))], {
    id: 'credit-status-filter',
    name: 'status',
  });
  const entries = h('div', { id: 'credit-entries', 'aria-live': 'polite' });
  main.append(
    pageTitle(t('creditReview')),
    h('p', { id: 'credit-review-intro' }, t('creditReviewIntro')),
    h('h2', {}, t('creditEntries')),
    h('div', { class: 'field' }, h('label', { for: 'credit-status-filter' }, t('creditStatusFilter')), filter),
    entries,
  );
  if (mayCall('POST /credit-list/nominations', session.role)) main.append(nominationForm(app));
  const exporting = creditExport(app, session.role);
  if (exporting) main.append(exporting);

  let asked = 0;
  const load = async (): Promise<void> => {
    const mine = ++asked;
    clear(entries);
    entries.append(h('p', { role: 'status' }, t('loading')));
    try {
      const { items } = await app.api.get<{ items: CreditEntryView[] }>(
        `/credit-list${filter.value ? `?status=${encodeURIComponent(filter.value)}` : ''}`,
      );
      // A later choice of the filter answers for itself.
      if (mine !== asked) return;
      clear(entries);
      entries.append(entryTable(items));
    } catch (error) {
      if (mine !== asked) return;
      clear(entries);
      entries.append(notice('error', explain(error)));
    }
  };
  filter.addEventListener('change', () => void load());
  await load();
}

function entryTable(items: readonly CreditEntryView[]): HTMLElement {
  if (items.length === 0) return h('p', { id: 'no-credit-entries' }, t('noCreditEntries'));
  const columns = [
    t('listedName'),
    t('listedCreditCode'),
    t('creditStatusFilter'),
    t('creditSource'),
    t('creditFindingsCount'),
    t('creditStatementDue'),
    t('listedUntil'),
    t('creditUpdatedAt'),
  ];
  return dataTable({
    id: 'credit-entries-table',
    label: t('creditEntries'),
    columns,
    rows: items.map((e) =>
      h(
        'tr',
        { 'data-credit-code': e.creditCode, 'data-status': e.status },
        h('th', { scope: 'row', 'data-col': 'name' }, h('a', { href: `#/credit-review/${encodeURIComponent(e.creditCode)}` }, e.name)),
        h('td', { 'data-col': 'creditCode', class: 'mono' }, e.creditCode),
        h('td', { 'data-col': 'status' }, t(STATUS_LABELS[e.status])),
        h('td', { 'data-col': 'source' }, t(SOURCE_LABELS[e.source])),
        h('td', { 'data-col': 'findings' }, e.findings.length),
        h('td', { 'data-col': 'statementDueAt' }, e.statementDueAt ? cstTime(e.statementDueAt) : '—'),
        h('td', { 'data-col': 'listedUntil' }, cstDay(e.listedUntil)),
        h('td', { 'data-col': 'updatedAt' }, cstTime(e.updatedAt)),
      ),
    ),
  });
}

/** An officer's nomination (POST /credit-list/nominations); once made, the page goes to the entry. */
function nominationForm(app: App): HTMLElement {
  const fs = new FieldSet();
  const summary = h('div', { id: 'credit-nominate-summary' });
  const creditCode = input({ name: 'creditCode', maxlength: 18, autocomplete: 'off', spellcheck: 'false' });
  const name = input({ name: 'name', maxlength: 200 });
  const reason = h('textarea', { name: 'reason', rows: 4, maxlength: 2000 });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('creditNominateSubmit'));
  const form = h(
    'form',
    { novalidate: true, id: 'credit-nominate', class: 'panel', 'aria-labelledby': 'credit-nominate-title' },
    h('h2', { id: 'credit-nominate-title' }, t('creditNominate')),
    h('p', {}, t('creditNominateIntro')),
    summary,
    h(
      'div',
      { class: 'grid' },
      fs.field({ path: 'creditCode', label: t('creditCode'), required: true, control: creditCode }),
      fs.field({ path: 'name', label: t('listedName'), required: true, control: name }),
    ),
    fs.field({ path: 'reason', label: t('creditReason'), required: true, control: reason }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const body = { creditCode: creditCode.value, name: name.value, reason: reason.value };
    const checked = check(nominationRules, body);
    if (!checked.ok) {
      fs.show(checked.details, summary);
      return;
    }
    fs.reset(summary);
    submit.disabled = true;
    try {
      const entry = await app.api.post<CreditEntryView>('/credit-list/nominations', body);
      app.navigate(`#/credit-review/${encodeURIComponent(entry.creditCode)}`, {
        kind: 'ok',
        text: t('creditNominated', { name: entry.name }),
      });
    } catch (error) {
      showRefusal(error, fs, summary);
    } finally {
      submit.disabled = false;
    }
  }
  return form;
}

// ---------------------------------------------------------------------------------------------
// One entry

async function entryView(app: App, main: HTMLElement, session: Session, creditCode: string): Promise<void> {
  const flash = h('div', { id: 'credit-flash' });
  const area = h('div', { id: 'credit-entry', 'aria-live': 'polite' }, h('p', { role: 'status' }, t('loading')));
  main.append(pageTitle(t('creditReview')), h('p', {}, h('a', { href: '#/credit-review' }, `← ${t('back')}`)), flash, area);

  const say = (kind: 'ok' | 'warn', text: string): void => {
    clear(flash);
    const box = notice(kind, text);
    box.tabIndex = -1;
    flash.append(box);
    box.focus();
  };

  /** Reads the entry and draws it; the entry, or undefined when it could not be read. */
  const load = async (): Promise<CreditEntryDetail | undefined> => {
    try {
      const entry = await app.api.get<CreditEntryDetail>(`/credit-list/${encodeURIComponent(creditCode)}`);
      draw(entry);
      return entry;
    } catch (error) {
      clear(area);
      area.append(notice('error', explain(error)));
      return undefined;
    }
  };

  const draw = (entry: CreditEntryDetail): void => {
    clear(area);
    area.dataset['version'] = String(entry.version);
    area.append(h('h2', { id: 'credit-entry-name' }, `${entry.name} · `, h('span', { class: 'mono' }, entry.creditCode)), facts(entry));
    area.append(h('h3', {}, t('creditFindings')), findingTable(entry.findings));
    if (mayCall('POST /credit-list/{creditCode}/actions', session.role)) area.append(actionArea(entry));
    area.append(h('h3', {}, t('creditEvents')), eventList(entry.events));
  };

  const actionArea = (entry: CreditEntryDetail): HTMLElement => {
    const names = actionsFor(entry);
    return h(
      'section',
      { id: 'credit-actions', 'aria-labelledby': 'credit-actions-title' },
      h('h3', { id: 'credit-actions-title' }, t('creditActions')),
      entry.status === 'under_review' && entry.statementDueAt
        ? h('p', { id: 'credit-statement-hint' }, t('creditStatementDueHint', { at: cstTime(entry.statementDueAt) }))
        : null,
      names.length === 0 ? h('p', { id: 'credit-no-actions' }, t('creditNoActions')) : names.map((name) => actionForm(entry, name)),
    );
  };

  const actionForm = (entry: CreditEntryDetail, action: ActionName): HTMLElement => {
    const spec = ACTIONS[action];
    const fs = new FieldSet();
    const summary = h('div', { class: 'form-summary' });
    const controls: Partial<Record<ActionField, HTMLTextAreaElement | HTMLSelectElement>> = {};
    const fields: HTMLElement[] = [];
    for (const field of spec.fields) {
      if (field === 'years') {
        const years = select(
          YEAR_CHOICES.map((n) => ({ value: String(n), label: n === DEFAULT_YEARS ? t('creditYearsDefault', { n }) : String(n) })),
          { name: 'years' },
        );
        years.value = String(DEFAULT_YEARS);
        controls.years = years;
        fields.push(fs.field({ path: 'years', label: t('creditYears'), control: years }));
      } else {
        const control = h('textarea', { name: field, rows: 3, maxlength: field === 'reason' ? 2000 : 5000 });
        controls[field] = control;
        const label = field === 'text' ? t(spec.textLabel ?? 'creditReason') : t('creditReason');
        fields.push(fs.field({ path: field, label, required: true, control }));
      }
    }
    const submit = h(
      'button',
      { type: 'submit', class: action === 'start_review' || action === 'list' ? 'primary' : 'secondary' },
      t(spec.label),
    );
    const form = h(
      'form',
      { novalidate: true, class: 'panel', 'data-action': action, 'aria-labelledby': `credit-action-${action}` },
      h('h4', { id: `credit-action-${action}` }, t(spec.label)),
      summary,
      fields,
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void send();
    });

    async function send(): Promise<void> {
      const values: Record<string, unknown> = {};
      const rules: Record<string, z.core.$ZodType> = {};
      if (controls.reason) {
        values['reason'] = controls.reason.value;
        rules['reason'] = reasonRule;
      }
      if (controls.text) {
        values['text'] = controls.text.value;
        rules['text'] = textRule;
      }
      const checked = check(z.object(rules), values);
      if (!checked.ok) {
        fs.show(checked.details, summary);
        return;
      }
      if (controls.years) values['years'] = Number(controls.years.value);
      fs.reset(summary);
      submit.disabled = true;
      try {
        await app.api.post<CreditEntryView>(`/credit-list/${encodeURIComponent(entry.creditCode)}/actions`, {
          action,
          expectedVersion: entry.version,
          ...values,
        });
        if (await load()) say('ok', t('creditActionDone', { step: t(spec.label) }));
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 409 && error.details[0]?.reason === 'version.stale') {
          if (await load()) say('warn', t('creditStale'));
          return;
        }
        showRefusal(error, fs, summary);
      } finally {
        submit.disabled = false;
      }
    }
    return form;
  };

  await load();
}

function facts(entry: CreditEntryView): HTMLElement {
  const row = (label: string, id: string, value: string | Node, attrs: Record<string, string> = {}) => [
    h('dt', {}, label),
    h('dd', { id, ...attrs }, value),
  ];
  return h(
    'dl',
    { class: 'facts', id: 'credit-facts' },
    row(t('creditStatusFilter'), 'credit-status', t(STATUS_LABELS[entry.status]), { 'data-status': entry.status }),
    row(t('creditSource'), 'credit-source', t(SOURCE_LABELS[entry.source]), { 'data-source': entry.source }),
    row(t('creditStatementDue'), 'credit-statement-due', entry.statementDueAt ? cstTime(entry.statementDueAt) : '—'),
    row(t('creditStatementReceived'), 'credit-statement-received', entry.statementReceivedAt ? cstTime(entry.statementReceivedAt) : '—'),
    row(t('listedFrom'), 'credit-listed-at', cstDay(entry.listedAt)),
    row(t('listedUntil'), 'credit-listed-until', cstDay(entry.listedUntil)),
    row(t('listedReason'), 'credit-reason', entry.reason ?? '—'),
    row(t('creditRepairApplied'), 'credit-repair-applied', entry.repairAppliedAt ? cstTime(entry.repairAppliedAt) : '—'),
    row(t('creditVersion'), 'credit-version', String(entry.version)),
  );
}

function findingTable(findings: CreditEntryView['findings']): HTMLElement {
  if (findings.length === 0) return h('p', { id: 'credit-no-findings' }, t('noFindings'));
  const columns = [t('caseNumber'), t('findingKind'), t('findingDocument'), t('findingAt')];
  return dataTable({
    id: 'credit-findings',
    label: t('creditFindings'),
    columns,
    rows: findings.map((f) =>
      h(
        'tr',
        { 'data-case-id': f.caseId ?? '' },
        // The case page reads it as any reader of the case may (a case the reader may not read answers "not found").
        // Only a case the reader may read is named (SPEC §2): the others' findings show their decision alone.
        h(
          'th',
          { scope: 'row' },
          f.caseId && f.caseNumber ? h('a', { href: `#/cases/${encodeURIComponent(f.caseId)}` }, f.caseNumber) : '—',
        ),
        h('td', { 'data-kind': f.kind }, nameOf(f.kind)),
        h('td', { class: 'mono' }, f.documentNumber),
        h('td', {}, cstDay(f.at)),
      ),
    ),
  });
}

function eventList(events: readonly CreditEvent[]): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', id: 'credit-events' },
    events.map((e) => {
      const label = EVENT_LABELS[e.type];
      return h(
        'li',
        { 'data-seq': e.seq, 'data-type': e.type },
        h('strong', {}, label ? t(label) : nameOf(e.type)),
        ` · ${cstTime(e.at)} · ${nameOf(e.actor.role)} ${e.actor.sub}`,
        h(
          'div',
          { class: 'event-detail' },
          eventLines(e).map((line) => h('p', {}, line)),
          h('small', { class: 'mono', title: e.hash, 'data-hash': e.hash }, `SHA-256 ${e.hash.slice(0, 16)}…`),
        ),
      );
    }),
  );
}

/** What an event's data says, line by line. */
function eventLines(e: CreditEvent): string[] {
  const data = e.data;
  const text = (key: string): string | undefined => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const lines: string[] = [];
  const cases = Array.isArray(data['findings']) ? (data['findings'] as unknown[]).map(String) : [];
  if (cases.length > 0) lines.push(t('creditEventRule', { cases: cases.join(language() === 'en' ? ', ' : '、') }));
  else if (text('finding'))
    lines.push(`${t('creditEventCase', { caseNumber: text('finding')! })}${text('kind') ? ` · ${nameOf(text('kind'))}` : ''}`);
  if (text('statementDueAt')) lines.push(`${t('creditStatementDue')}${colon()}${cstTime(text('statementDueAt'))}`);
  if (text('text')) lines.push(text('text')!);
  if (data['late'] === true) lines.push(t('creditLate'));
  if (text('reason')) lines.push(`${t('creditReason')}${colon()}${text('reason')}`);
  if (text('listedUntil')) lines.push(`${t('listedUntil')}${colon()}${cstDay(text('listedUntil'))}`);
  return lines;
}
