// The credit list's export for other authorities' joint punishment (SPEC §12, GET /credit-list/export):
// JSON or CSV, fetched with the signed-in user's token and handed to the browser as a download — a
// plain link would be followed without the token and refused.

import { mayCall } from '#domain/access.ts';
import type { Role } from '#domain/model.ts';
import { explain, type App } from './app.ts';
import { clear, h, notice } from './dom.ts';
import { cstToday, t } from './i18n.ts';

const FORMATS = [
  { format: 'json', accept: 'application/json', label: 'creditExportJson' },
  { format: 'csv', accept: 'text/csv', label: 'creditExportCsv' },
] as const;

/** The export buttons for a role allowed the export; null for any other role (or no one signed in). */
export function creditExport(app: App, role: Role | undefined): HTMLElement | null {
  if (!role || !mayCall('GET /credit-list/export', role)) return null;
  const status = h('div', { id: 'credit-export-status', 'aria-live': 'polite' });
  const buttons = FORMATS.map(({ format, accept, label }) => {
    const button = h('button', { type: 'button', class: 'secondary', id: `credit-export-${format}`, 'data-format': format }, t(label));
    button.addEventListener('click', () => {
      button.disabled = true;
      clear(status);
      void app.api
        .download(`/credit-list/export?format=${format}`, accept)
        .then((blob) => {
          const file = `credit-list-${cstToday()}.${format}`;
          save(blob, file);
          status.append(notice('ok', t('creditExportDone', { file })));
        })
        .catch((error: unknown) => status.append(notice('error', explain(error))))
        .finally(() => {
          button.disabled = false;
        });
    });
    return button;
  });
  return h(
    'section',
    { id: 'credit-export', class: 'panel', 'aria-labelledby': 'credit-export-title' },
    h('h2', { id: 'credit-export-title' }, t('creditExport')),
    h('p', {}, t('creditExportHint')),
    h('div', { class: 'actions' }, buttons),
    status,
  );
}

/** Hands the file to the browser's downloads (an object URL, released once the click has taken it). */
function save(blob: Blob, file: string): void {
  const href = URL.createObjectURL(blob);
  const link = h('a', { href, download: file, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
