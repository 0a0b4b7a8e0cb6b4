// The working-day calendar (SPEC §6 v2 "Calendar operations"), the supervisor's page: pick a year,
// read its public holidays and make-up working days and where they come from, replace them with the
// State Council notice's dates. Saving answers how many running clocks were recounted; a refusal
// names its fields (`holidays[2]`: the third line), a stale version reloads the year.

import { mayCall } from '#domain/access.ts';
import { ApiFailure } from '../api.ts';
import { explain, pageTitle, requireRole, type Page } from '../app.ts';
import { clear, h, notice } from '../dom.ts';
import { FieldSet, input } from '../form.ts';
import { cstTime, nameOf, t } from '../i18n.ts';
import { CALENDAR_ROLES } from '../nav.ts';

interface CalendarEvent {
  seq: number;
  at: string;
  actor: { role: string; sub: string };
  data: { source?: string; addedHolidays?: string[]; removedHolidays?: string[]; addedWorkdays?: string[]; removedWorkdays?: string[] };
}

interface CalendarYearView {
  year: number;
  source: string | null;
  holidays: string[];
  workdays: string[];
  origin: 'shipped' | 'stored' | 'none';
  version: number;
  events?: CalendarEvent[];
  recomputed?: number;
  complete?: boolean;
}

const lines = (text: string): string[] =>
  text
    .split(/[\s,，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export const calendarPage: Page = async (app, main, params) => {
  const session = requireRole(app, main, CALENDAR_ROLES);
  if (!session || !mayCall('GET /calendar/{year}', session.role)) return;
  const thisYear = new Date().getFullYear();
  const year = /^\d{4}$/.test(params[0] ?? '') ? params[0]! : String(thisYear + 1);

  const fs = new FieldSet();
  const summary = h('div', { id: 'calendar-summary' });
  const yearInput = input({ name: 'year', inputmode: 'numeric', maxlength: 4, value: year, id: 'calendar-year' });
  const show = h('button', { type: 'button' }, t('calendarLoad'));
  const source = input({ name: 'source', maxlength: 500 });
  const holidays = h('textarea', { name: 'holidays', rows: 12, spellcheck: 'false' });
  const workdays = h('textarea', { name: 'workdays', rows: 4, spellcheck: 'false' });
  const facts = h('p', { id: 'calendar-facts' });
  const history = h('div', { id: 'calendar-history' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('calendarSave'));
  let version = 0;

  const fill = (view: CalendarYearView) => {
    source.value = view.source ?? '';
    holidays.value = view.holidays.join('\n');
    workdays.value = view.workdays.join('\n');
    version = view.version;
    clear(facts);
    facts.append(
      `${t('calendarOrigin')}: ${view.origin === 'none' ? t('none') : nameOf(view.origin)} · ${t('calendarVersion')}: ${view.version}`,
    );
    clear(history);
    if (view.events && view.events.length > 0) history.append(h('h2', {}, t('calendarChanges')), eventList(view.events));
  };

  const load = async (): Promise<CalendarYearView | undefined> => {
    fs.reset(summary);
    try {
      const view = await app.api.get<CalendarYearView>(`/calendar/${encodeURIComponent(yearInput.value.trim())}`);
      fill(view);
      return view;
    } catch (error) {
      summary.append(notice('error', explain(error)));
      return undefined;
    }
  };

  show.addEventListener('click', () => {
    if (/^\d{4}$/.test(yearInput.value.trim())) app.navigate(`#/calendar/${yearInput.value.trim()}`);
  });

  const form = h(
    'form',
    { novalidate: true, id: 'calendar-form', class: 'panel' },
    h('p', {}, t('calendarIntro')),
    summary,
    fs.field({ path: 'year', label: t('calendarYear'), required: true, control: yearInput }),
    h('div', { class: 'actions' }, show),
    facts,
    fs.field({ path: 'source', label: t('calendarSource'), required: true, control: source }),
    fs.field({ path: 'holidays', label: t('calendarHolidays'), control: holidays }),
    fs.field({ path: 'workdays', label: t('calendarWorkdays'), control: workdays }),
    h('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fs.reset(summary);
    submit.disabled = true;
    const body = { expectedVersion: version, source: source.value, holidays: lines(holidays.value), workdays: lines(workdays.value) };
    try {
      const saved = await app.api.put<CalendarYearView>(`/calendar/${encodeURIComponent(yearInput.value.trim())}`, body);
      fill(saved);
      const ok = notice('ok', t('calendarSaved', { version: saved.version, n: saved.recomputed ?? 0 }));
      ok.id = 'calendar-saved';
      ok.dataset['recomputed'] = String(saved.recomputed ?? 0);
      summary.append(ok);
      if (saved.complete === false) summary.append(notice('warn', t('calendarMore')));
    } catch (error) {
      await refused(error, fs, summary, load);
    } finally {
      submit.disabled = false;
    }
  });

  main.append(pageTitle(t('calendarTitle')), form, history);
  await load();
};

async function refused(
  error: unknown,
  fs: FieldSet,
  summary: HTMLElement,
  load: () => Promise<CalendarYearView | undefined>,
): Promise<void> {
  if (error instanceof ApiFailure && error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
    // `holidays[2]` lands on the holidays field; the summary says which line.
    fs.show(error.details, summary);
    return;
  }
  if (error instanceof ApiFailure && error.status === 409) {
    await load();
    summary.append(notice('warn', t('calendarStale')));
    return;
  }
  summary.append(notice('error', explain(error)));
}

function eventList(events: CalendarEvent[]): HTMLElement {
  const change = (label: string, dates: string[] | undefined) => (dates && dates.length > 0 ? `${label} ${dates.join(', ')}` : null);
  return h(
    'ol',
    { class: 'timeline', id: 'calendar-events' },
    events.map((e) =>
      h(
        'li',
        { 'data-seq': e.seq },
        h('strong', {}, nameOf('calendar_changed')),
        ` · ${cstTime(e.at)} · ${nameOf(e.actor.role)} ${e.actor.sub}`,
        h(
          'div',
          { class: 'event-detail' },
          [
            e.data.source ?? null,
            change(t('calendarAddedHolidays'), e.data.addedHolidays),
            change(t('calendarRemovedHolidays'), e.data.removedHolidays),
            change(t('calendarAddedWorkdays'), e.data.addedWorkdays),
            change(t('calendarRemovedWorkdays'), e.data.removedWorkdays),
          ]
            .filter((line): line is string => line !== null)
            .map((line) => h('p', {}, line)),
        ),
      ),
    ),
  );
}
