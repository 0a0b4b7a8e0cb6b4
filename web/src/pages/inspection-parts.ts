// What the random-inspection pages (SPEC §13) share: the answers' shapes, the names of statuses and
// results, the list of rounds, the plan text, the drawn targets, and line numbers on refused list items.
// The shapes come from the Node-free domain modules (inspections.schema.ts, inspection-draw.ts):
// domain/inspections.ts reaches node:crypto through the timeline, so the pages do not take it in.

import type { DrawnTarget, FrozenPlan } from '#domain/inspection-draw.ts';
import type { Inspection, InspectionResultKind, InspectionStatus } from '#domain/inspections.schema.ts';
import { DEFAULT_OFFICER_AGENCY, type Agency } from '#domain/agencies.ts';
import type { ErrorDetail } from '../api.ts';
import type { Session } from '../auth.ts';
import { dataTable, h } from '../dom.ts';
import { cstTime, language, nameOf, t, type TextKey } from '../i18n.ts';

export type { DrawnTarget, FrozenPlan };

/** One step of a round's hash-chained record. */
export interface RoundEvent {
  seq: number;
  at: string;
  type: string;
  actor: { role: string; sub: string };
  data: Record<string, unknown>;
  hash: string;
}

/** A round as the agencies read it (GET /inspections/{id}): the stored round, its plan parsed, its events. */
export type RoundView = Omit<Inspection, 'head'> & { plan: FrozenPlan; events?: RoundEvent[] };

/** A round as anyone reads it (GET /public/inspections/{id}): no recorder, no case. */
export interface PublicRound {
  inspectionId: string;
  name: string;
  agency: Agency;
  status: InspectionStatus;
  frozenAt: string;
  planText: string;
  planHash: string;
  publicValueSource: string;
  draw: { publicValue: string; publicValueReference: string; seed: string; drawnAt: string; selected: DrawnTarget[] } | null;
  results: { creditCode: string; result: InspectionResultKind; inspectedOn: string; summary: string; publishedAt: string }[];
}

/** A round in a list. */
export interface RoundSummary {
  inspectionId: string;
  name: string;
  agency: Agency;
  status: InspectionStatus;
  frozenAt: string;
  planHash: string;
  targets: number;
  targetCount: number;
  drawnAt: string | null;
  results: number;
}

export interface RoundPage {
  items: RoundSummary[];
  nextCursor: string | null;
}

export const STATUS_LABELS: Record<InspectionStatus, TextKey> = {
  planned: 'inspectionStatusPlanned',
  drawn: 'inspectionStatusDrawn',
  completed: 'inspectionStatusCompleted',
};

export const RESULT_LABELS: Record<InspectionResultKind, TextKey> = {
  no_issue: 'inspectionResultNoIssue',
  rectification_ordered: 'inspectionResultRectification',
  violation_found: 'inspectionResultViolation',
};

export const PAGE_SIZE = 20;

/** Whether the user plans and draws rounds (of `agency`, or of some agency): the supervisor, or a lead officer of its own. */
export function mayLead(session: Session, agency?: Agency): boolean {
  if (session.role === 'supervisor') return true;
  const own = session.agency ?? DEFAULT_OFFICER_AGENCY;
  return session.role === 'officer' && session.lead === true && (agency === undefined || agency === own);
}

const list = (items: readonly string[]): string => items.join(language() === 'en' ? ', ' : '、');

/** The rounds, each linking to `hrefOf` its id. */
export function roundTable(items: readonly RoundSummary[], hrefOf: (id: string) => string, id: string): HTMLElement {
  if (items.length === 0) return h('p', { id: `${id}-none` }, t('noInspections'));
  const columns = [
    t('inspectionName'),
    t('inspectionAgency'),
    t('inspectionStatus'),
    t('inspectionFrozenAt'),
    t('inspectionTargetsCount'),
    t('inspectionDrawnAt'),
    t('inspectionResultsCount'),
    t('inspectionPlanHash'),
  ];
  return dataTable({
    id,
    label: t('inspectionRounds'),
    columns,
    rows: items.map((r) =>
      h(
        'tr',
        { 'data-inspection-id': r.inspectionId, 'data-status': r.status },
        h('th', { scope: 'row', 'data-col': 'name' }, h('a', { href: hrefOf(r.inspectionId) }, r.name)),
        h('td', { 'data-col': 'agency' }, nameOf(r.agency)),
        h('td', { 'data-col': 'status' }, t(STATUS_LABELS[r.status])),
        h('td', { 'data-col': 'frozenAt' }, cstTime(r.frozenAt)),
        h('td', { 'data-col': 'targets' }, `${r.targetCount} / ${r.targets}`),
        h('td', { 'data-col': 'drawnAt' }, r.drawnAt ? cstTime(r.drawnAt) : '—'),
        h('td', { 'data-col': 'results' }, r.results),
        h('td', { 'data-col': 'planHash', class: 'mono', title: r.planHash }, `${r.planHash.slice(0, 16)}…`),
      ),
    ),
  });
}

/** The frozen plan's text, folded: what its hash is of, byte for byte. */
export function planTextBlock(planText: string): HTMLElement {
  return h(
    'details',
    { id: 'inspection-plan-text' },
    h('summary', {}, t('inspectionPlanText')),
    h('pre', { class: 'mono plan-text' }, planText),
  );
}

/** Label and value rows of a `dl.facts`. */
export function factRow(label: string, id: string | null, value: string | Node, attrs: Record<string, string> = {}): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { id, ...attrs }, value)];
}

/** The public value, its source and reference, the seed and the time of the draw. */
export function drawFacts(publicValueSource: string, draw: PublicRound['draw']): HTMLElement {
  return h(
    'dl',
    { class: 'facts', id: 'inspection-draw-facts' },
    factRow(t('inspectionPublicValueSource'), 'inspection-public-value-source', publicValueSource),
    draw
      ? [
          ...factRow(t('inspectionPublicValue'), 'inspection-public-value', h('span', { class: 'mono' }, draw.publicValue)),
          ...factRow(t('inspectionPublicValueReference'), 'inspection-public-value-reference', draw.publicValueReference),
          ...factRow(t('inspectionSeed'), 'inspection-seed', h('span', { class: 'mono' }, draw.seed)),
          ...factRow(t('inspectionDrawnAt'), 'inspection-drawn-at', cstTime(draw.drawnAt)),
        ]
      : factRow(t('inspectionDrawnAt'), 'inspection-drawn-at', t('inspectionNotDrawn')),
  );
}

/** The drawn targets in draw order with their inspectors, and each one's result where there is one. */
export function drawnTable(selected: readonly DrawnTarget[], results: PublicRound['results']): HTMLElement {
  const columns = [t('inspectionTarget'), t('creditCode'), t('inspectionInspectorsOf'), t('inspectionResult'), t('inspectionInspectedOn')];
  return dataTable({
    id: 'inspection-drawn',
    label: t('inspectionDrawnTargets'),
    columns,
    rows: selected.map((target) => {
      const result = results.find((r) => r.creditCode === target.creditCode);
      return h(
        'tr',
        { 'data-credit-code': target.creditCode, 'data-result': result?.result ?? '' },
        h('th', { scope: 'row', 'data-col': 'name' }, target.name),
        h('td', { 'data-col': 'creditCode', class: 'mono' }, target.creditCode),
        h('td', { 'data-col': 'inspectors', class: 'mono' }, list(target.inspectors)),
        h('td', { 'data-col': 'result' }, result ? t(RESULT_LABELS[result.result]) : t('inspectionAwaitingResult')),
        h('td', { 'data-col': 'inspectedOn' }, result?.inspectedOn ?? '—'),
      );
    }),
  });
}

/** Of each list written one item a line, the line number (from 1) of each item: blank lines are skipped. */
export type LineNumbers = Readonly<Record<string, readonly number[]>>;

/** Words a detail on an item of a list written one a line (path `targets[2].creditCode`) with the item's line number. */
export function withLines(details: readonly ErrorDetail[], numbers: LineNumbers): ErrorDetail[] {
  return details.map((d) => {
    const match = /^([A-Za-z]+)\[(\d+)\]/.exec(d.path);
    const line = match ? numbers[match[1]!]?.[Number(match[2])] : undefined;
    return line === undefined ? d : { ...d, message: `${t('inspectionLine', { n: line })}${d.message}` };
  });
}

/** The non-blank lines of a text, trimmed, with their line numbers. */
export function linesOf(text: string): { lines: string[]; numbers: number[] } {
  const lines: string[] = [];
  const numbers: number[] = [];
  text.split('\n').forEach((line, at) => {
    if (line.trim() === '') return;
    lines.push(line.trim());
    numbers.push(at + 1);
  });
  return { lines, numbers };
}
