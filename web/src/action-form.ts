// Forms for case actions, generated from the shared action schemas (domain/actions.schema.ts):
// each variant's fields, their kinds (yes/no, choice, date, time, text, number, lists, evidence
// files) and limits are read from the schema, and the input is checked with the same schema
// before it is sent. Which actions are offered comes from the SPEC §4 table in
// domain/action-rules.ts, read for the signed-in user and the case as it stands.

import * as z from 'zod/mini';
import { ACTION_RULES, allowedFrom, isParty } from '#domain/action-rules.ts';
import { ACTION_NAMES, actionSchema, type ActionName } from '#domain/actions.schema.ts';
import type { Case } from '#domain/model.ts';
import type { Session } from './auth.ts';
import { h } from './dom.ts';
import { describeFiles } from './evidence.ts';
import { FieldSet, input, select, type Control } from './form.ts';
import { cstToday, fieldName, nameOf, t } from './i18n.ts';
import { check } from './validation.ts';

/** The case as the API answers it: enough of it for the action table. */
export type CaseView = Pick<Case, 'caseId' | 'caseNumber' | 'status' | 'path' | 'stage' | 'outcome' | 'assignee' | 'version'> &
  Record<string, unknown>;

/**
 * The case as the shared rules need it, for this user. A rights holder reads only their own cases,
 * so the case they see is theirs; a respondent reads only the cases it joined, so it is the joined
 * respondent of the case it sees (the answer says when the respondent joined, not who).
 */
export function asCaseFor(session: Session, view: CaseView): Case {
  const joined = view['respondentParty'] as { joinedAt: string } | null | undefined;
  return {
    ...view,
    ownerSub: session.role === 'rights_holder' ? session.sub : '',
    respondentParty: joined ? { sub: session.role === 'respondent' ? session.sub : '', joinedAt: joined.joinedAt } : null,
  } as unknown as Case;
}

/** Actions the table lets this user take on this case now (claiming is separate: POST /claim). */
export function allowedActions(session: Session, view: CaseView): ActionName[] {
  // An officer's agency decides whether it handles the case (SPEC §12).
  const caller = { role: session.role, sub: session.sub, ...(session.agency ? { agency: session.agency } : {}) };
  const asCase = asCaseFor(session, view);
  return ACTION_NAMES.filter((name) => {
    const rule = ACTION_RULES[name];
    return rule.who.some((party) => isParty(party, caller, asCase)) && allowedFrom(rule.from, asCase);
  });
}

interface JsonSchema {
  type?: string;
  /** A field that takes one value only (a consent stated as `true`). */
  const?: unknown;
  enum?: string[];
  format?: string;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

function variantSchema(action: ActionName): JsonSchema {
  const variant = actionSchema(cstToday()).options.find((o) => o.shape.action.value === action)!;
  return z.toJSONSchema(variant, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

type Reader = () => Promise<unknown> | unknown;

export interface ActionForm {
  form: HTMLFormElement;
  fields: FieldSet;
  summary: HTMLElement;
  /** The body to send, already checked with the shared schema; or the field errors. */
  read(): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; details: { path: string; message: string }[] }>;
}

/**
 * `version`: the case version the page last saw, read when the form is sent (the page's own messages move it on).
 * `fixed`: top-level fields the page already knows (the supervision order a reply answers): sent as given, not shown.
 */
export function buildActionForm(action: ActionName, version: () => number, fixed: Record<string, unknown> = {}): ActionForm {
  const schema = variantSchema(action);
  const fields = new FieldSet();
  const summary = h('div', {});
  const readers = new Map<string, Reader>();
  const shown = { ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([key]) => !(key in fixed))) };
  const nodes = fieldsOf(action, shown, '', fields, readers);
  const form = h('form', { novalidate: true, class: 'panel', 'data-action': action }, h('h3', {}, nameOf(action)), summary, ...nodes);
  const read: ActionForm['read'] = async () => {
    const body: Record<string, unknown> = { action, expectedVersion: version(), ...fixed };
    for (const [path, reader] of readers) {
      const value = await reader();
      if (value !== undefined) setPath(body, path, value);
    }
    const checked = check(actionSchema(cstToday()), body);
    return checked.ok ? { ok: true, body } : { ok: false, details: checked.details };
  };
  return { form, fields, summary, read };
}

function fieldsOf(action: ActionName, schema: JsonSchema, prefix: string, fields: FieldSet, readers: Map<string, Reader>): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (key === 'action' || key === 'expectedVersion') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const required = schema.required?.includes(key) ?? false;
    if (prop.type === 'object') {
      // A nested object (an arbitration agreement, a contact): its own labelled group, which also
      // takes the object's own errors (a contact needs a phone or an e-mail); an optional one is
      // left out when all its fields are empty.
      const inner = new Map<string, Reader>();
      const control = h('div', { class: 'panel' }, ...fieldsOf(action, prop, path, fields, inner));
      const group = fields.field({ path, label: fieldName(key, action), required, control });
      readers.set(path, async () => {
        const values: Record<string, unknown> = {};
        for (const [innerPath, reader] of inner) {
          const value = await reader();
          if (value !== undefined) values[innerPath.slice(path.length + 1)] = value;
        }
        return Object.keys(values).length > 0 || required ? values : undefined;
      });
      nodes.push(group);
      continue;
    }
    const { node, reader } = controlFor(action, key, path, prop, required, fields);
    readers.set(path, reader);
    nodes.push(node);
  }
  return nodes;
}

function controlFor(
  action: ActionName,
  key: string,
  path: string,
  prop: JsonSchema,
  required: boolean,
  fields: FieldSet,
): { node: HTMLElement; reader: Reader } {
  const label = fieldName(key, action);
  const text =
    (control: Control): (() => string | undefined) =>
    () =>
      control.value.trim() === '' ? undefined : control.value;
  if (prop.type === 'boolean') {
    const box = h('input', { type: 'checkbox', name: path });
    const node = fields.field({ path, label, control: h('label', { class: 'choice' }, box, label), focusTarget: box });
    // An optional statement that can only be true (a consent) is left out unticked, not sent as false.
    return { node, reader: () => (box.checked || required || prop.const !== true ? box.checked : undefined) };
  }
  if (prop.enum) {
    const control = select([{ value: '', label: t('choose') }, ...prop.enum.map((v) => ({ value: v, label: nameOf(v) }))], { name: path });
    return { node: fields.field({ path, label, required, control }), reader: text(control) };
  }
  if (prop.type === 'integer') {
    const control = input({ name: path, inputmode: 'numeric' });
    const reader = (): unknown => {
      const value = control.value.trim();
      return value === '' ? undefined : /^\d+$/.test(value) ? Number(value) : value;
    };
    return { node: fields.field({ path, label, required, control }), reader };
  }
  if (prop.type === 'array' && prop.items?.type === 'object') {
    // Evidence: files hashed here, only digests and details sent.
    const control = h('input', { type: 'file', multiple: true, name: path });
    const node = fields.field({ path, label, required, control, hint: t('evidenceHint') });
    return { node, reader: async () => describeFiles(Array.from(control.files ?? [])) };
  }
  if (prop.type === 'array') {
    const control = h('textarea', { name: path, rows: 3 });
    const reader = (): unknown => {
      const lines = control.value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      return lines.length > 0 || required ? lines : undefined;
    };
    return { node: fields.field({ path, label, required, control }), reader };
  }
  if (prop.format === 'date-time') {
    // Entered as China Standard Time wall-clock time, sent with its +08:00 offset.
    const control = input({ type: 'datetime-local', name: path });
    const reader = (): unknown =>
      control.value ? `${control.value.length === 16 ? `${control.value}:00` : control.value}+08:00` : undefined;
    return { node: fields.field({ path, label, required, control, hint: 'UTC+8' }), reader };
  }
  if (prop.format === 'date') {
    const control = input({ type: 'date', name: path });
    return { node: fields.field({ path, label, required, control }), reader: text(control) };
  }
  const long = (prop.maxLength ?? 0) > 500;
  // Phones and e-mail addresses get the keyboards and autofill made for them.
  const kind = prop.format === 'email' || key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text';
  const control = long
    ? h('textarea', { name: path, rows: 3, maxlength: prop.maxLength })
    : input({ name: path, maxlength: prop.maxLength, type: kind, ...(kind === 'text' ? {} : { autocomplete: 'off' }) });
  return { node: fields.field({ path, label, required, control }), reader: text(control) };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}
