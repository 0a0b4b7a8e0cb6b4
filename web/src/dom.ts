// A tiny element builder: pages are built from DOM nodes, never from HTML strings, so nothing a
// user or the server wrote can become markup (and the CSP needs no inline script or style).

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A notice box; `role=alert` for errors so screen readers announce them. */
export function notice(kind: 'info' | 'ok' | 'warn' | 'error', ...children: (Child | Child[])[]): HTMLElement {
  return h('div', { class: `notice ${kind === 'error' ? 'error-box' : kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

/**
 * A table in its scrolling wrapper: `div.table-wrap > table`, one header row of `th[scope=col]`
 * (one per label in `columns`) and `rows` as its body. `id` and `label` (the table's aria-label) are
 * left off when not given.
 */
export function dataTable(table: { id?: string; label?: string; columns: readonly string[]; rows: HTMLElement[] }): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: table.id, 'aria-label': table.label },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          table.columns.map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h('tbody', {}, table.rows),
    ),
  );
}
