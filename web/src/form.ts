// Form fields that know their JSON path: each has a label, an optional hint, and an error line
// tied to it with aria-describedby. Errors — from the shared schema in the browser or from the
// server's `details[].path` — land on the field with that path; a path with no field of its own
// (`evidence[2].sha256`, `complainant`) lands on the nearest field above it, else in the summary.

import type { ErrorDetail } from './api.ts';
import { clear, h, notice } from './dom.ts';
import { colon, t } from './i18n.ts';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldOptions {
  path: string;
  label: string;
  hint?: string;
  required?: boolean;
  control: Control | HTMLElement;
  /** The element focused when the field has an error (default: the control). */
  focusTarget?: HTMLElement;
}

let counter = 0;
const idFor = (path: string): string => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}-${++counter}`;

export class FieldSet {
  private readonly fields = new Map<string, { wrap: HTMLElement; error: HTMLElement; focus: HTMLElement; label: string }>();

  field(options: FieldOptions): HTMLElement {
    const id = idFor(options.path);
    const errorId = `${id}-error`;
    const hintId = options.hint ? `${id}-hint` : undefined;
    const control = options.control;
    const isGroup = !(
      control instanceof HTMLInputElement ||
      control instanceof HTMLSelectElement ||
      control instanceof HTMLTextAreaElement
    );
    const focus = options.focusTarget ?? control;
    if (!isGroup) {
      control.id = id;
      if (options.required) control.setAttribute('aria-required', 'true');
    }
    focus.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
    control.setAttribute('data-path', options.path);
    const labelChildren = [options.label, options.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null];
    const error = h('div', { class: 'error', id: errorId, 'data-error-for': options.path });
    const wrap = h(
      'div',
      { class: 'field' },
      isGroup ? h('span', { class: 'label', id: `${id}-label` }, ...labelChildren) : h('label', { for: id }, ...labelChildren),
      hintId ? h('span', { class: 'hint', id: hintId }, options.hint) : null,
      control,
      error,
    );
    if (isGroup) {
      control.setAttribute('role', control.getAttribute('role') ?? 'group');
      control.setAttribute('aria-labelledby', `${id}-label`);
    }
    this.fields.set(options.path, { wrap, error, focus, label: options.label });
    return wrap;
  }

  /** Clears every error mark. */
  reset(summary?: HTMLElement): void {
    for (const { error, focus } of this.fields.values()) {
      clear(error);
      focus.removeAttribute('aria-invalid');
    }
    if (summary) clear(summary);
  }

  /** Puts each detail on its field (or the nearest one above it), lists them all in the summary, and focuses the summary. */
  show(details: ErrorDetail[], summary: HTMLElement): void {
    this.reset(summary);
    const items: HTMLElement[] = [];
    for (const detail of details) {
      const target = this.nearest(detail.path);
      if (target) {
        const line = target.error.textContent ? `${target.error.textContent}；${detail.message}` : detail.message;
        target.error.textContent = line;
        target.focus.setAttribute('aria-invalid', 'true');
        const link = h('a', { href: '#', 'data-error-link': detail.path }, `${target.label}${colon()}${detail.message}`);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          target.focus.focus();
        });
        items.push(h('li', {}, link));
      } else {
        items.push(h('li', {}, detail.path ? `${detail.path}${colon()}${detail.message}` : detail.message));
      }
    }
    if (items.length === 0) return;
    const box = notice('error', h('strong', {}, t('fixErrors')), h('ul', {}, items));
    box.tabIndex = -1;
    summary.appendChild(box);
    box.focus();
  }

  private nearest(path: string) {
    let current = path;
    for (;;) {
      const found = this.fields.get(current);
      if (found) return found;
      const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      if (cut <= 0) return undefined;
      current = current.slice(0, cut);
    }
  }
}

export function input(attrs: Record<string, string | number | boolean | undefined> = {}): HTMLInputElement {
  return h('input', { type: 'text', ...attrs });
}

export function select(
  options: { value: string; label: string }[],
  attrs: Record<string, string | boolean | undefined> = {},
): HTMLSelectElement {
  return h('select', attrs, ...options.map((o) => h('option', { value: o.value }, o.label)));
}

/** The trimmed value, or undefined when empty (optional fields are then left out of the body). */
export function fieldValue(control: Control): string | undefined {
  const value = control.value.trim();
  return value === '' ? undefined : control.value;
}

/** Drops undefined members (optional fields left empty), recursively through plain objects. */
export function prune<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = prune(item);
  return out as T;
}
