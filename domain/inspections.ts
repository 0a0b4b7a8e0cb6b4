// Random inspection rounds (双随机、一公开, SPEC §13): a plan is frozen and its hash published before
// the draw; the draw's seed comes from that hash and a public value nobody knew when it was frozen;
// each drawn target gets its result, published as it is recorded; a violation opens an
// officer-initiated enforcement case (SPEC §12). Every step is an event in the round's own hash chain.
//
//   planned ──draw (public value, once)──▶ drawn ──a result for every drawn target──▶ completed
//
// Pure: ids, "now" and the resolved targets are parameters. The draw itself: inspection-draw.ts.

import { agencyOfMatter } from './agencies.ts';
import type { Actor, Agency } from './model.ts';
import { canonicalJson, GENESIS_HASH, appendEvents, type NewEvent, type TimelineEvent } from './timeline.ts';
import {
  canonicalPublicValue,
  DRAW_PROCEDURE,
  drawInspection,
  eligibleInspectors,
  planHashOf,
  type DrawnTarget,
  type FrozenPlan,
} from './inspection-draw.ts';
import type {
  Inspection,
  InspectionDrawInput,
  InspectionPlanInput,
  InspectionResult,
  InspectionResultInput,
  InspectionTarget,
} from './inspections.schema.ts';

export * from './inspections.schema.ts';
export { canonicalPublicValue, DRAW_PROCEDURE, verifyDraw, type DrawCheck, type DrawnTarget, type FrozenPlan } from './inspection-draw.ts';

/** A change of a round: the round after it, its audit event, and the result it records (if any). */
export type InspectionChange = { inspection: Inspection; event: TimelineEvent; result?: InspectionResult };
export type InspectionError =
  | { kind: 'invalid'; path: string; message: string }
  | { kind: 'conflict'; reason: string; status: Inspection['status']; version: number }
  | { kind: 'forbidden' };

/** The chain id of a round's events (the timeline's `caseId` field). */
export const inspectionChainId = (inspectionId: string): string => `inspection:${inspectionId}`;

const invalid = (path: string, message: string): InspectionError => ({ kind: 'invalid', path, message });
const conflict = (i: Inspection, reason: string): InspectionError => ({ kind: 'conflict', reason, status: i.status, version: i.version });

function commit(i: Inspection, changes: Partial<Inspection>, event: NewEvent, now: Date): InspectionChange {
  const at = now.toISOString();
  const chained = appendEvents(inspectionChainId(i.inspectionId), i.head, at, [event]);
  return { inspection: { ...i, ...changes, version: i.version + 1, updatedAt: at, head: chained.head }, event: chained.events[0]! };
}

/** Whether the plan can be drawn at all; the first problem, with its field path, or null. */
function planProblem(input: InspectionPlanInput, targets: readonly InspectionTarget[]): InspectionError | null {
  const targetsPath = input.targets ? 'targets' : 'targetFilter';
  if (targets.length === 0) return invalid(targetsPath, 'inspection.no_targets');
  const seen = new Set<string>();
  for (const [n, t] of targets.entries()) {
    if (seen.has(t.creditCode)) return invalid(`targets[${n}].creditCode`, 'inspection.duplicate_target');
    seen.add(t.creditCode);
  }
  if (input.targetCount > targets.length) return invalid('targetCount', 'inspection.more_than_targets');
  const inspectors = new Set<string>();
  for (const [n, sub] of input.inspectors.entries()) {
    if (inspectors.has(sub)) return invalid(`inspectors[${n}]`, 'inspection.duplicate_inspector');
    inspectors.add(sub);
  }
  for (const [n, r] of input.recusals.entries()) {
    if (!inspectors.has(r.inspector)) return invalid(`recusals[${n}].inspector`, 'inspection.recusal_unknown_inspector');
    if (!seen.has(r.creditCode)) return invalid(`recusals[${n}].creditCode`, 'inspection.recusal_unknown_target');
  }
  const plan = { inspectors: [...inspectors], recusals: input.recusals };
  if (targets.some((t) => eligibleInspectors(plan, t.creditCode).length < input.inspectorsPerTarget))
    return invalid('inspectorsPerTarget', 'inspection.too_few_inspectors');
  return null;
}

/** A round is one item (at most 400 KB in DynamoDB): its plan's text and its draw are bounded so that it always fits. */
export const MAX_PLAN_BYTES = 100_000;
export const MAX_DRAW_BYTES = 100_000;

const bytes = (text: string): number => new TextEncoder().encode(text).length;

/** A plan whose text, or whose largest possible draw, would not fit the round's item. */
function sizeProblem(plan: FrozenPlan, planText: string): InspectionError | null {
  // As stored and answered: the text escaped inside JSON (a name of quotes doubles), and parsed beside it.
  if (bytes(JSON.stringify(planText)) > MAX_PLAN_BYTES) return invalid('targets', 'inspection.plan_too_large');
  const largestTarget = Math.max(...plan.targets.map((t) => bytes(JSON.stringify(t))));
  const largestSub = Math.max(...plan.inspectors.map((sub) => bytes(JSON.stringify(sub))));
  const drawBound = plan.targetCount * (largestTarget + plan.inspectorsPerTarget * (largestSub + 1) + 20);
  return drawBound > MAX_DRAW_BYTES ? invalid('targetCount', 'inspection.draw_too_large') : null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Freezes a plan: its targets (listed, or resolved from the filter by the caller), inspectors and
 * recusals in a canonical order, as canonical JSON; the round stores that text and its SHA-256.
 */
export function freezePlan(input: {
  inspectionId: string;
  body: InspectionPlanInput;
  /** The listed targets, or the filter's respondents. */
  targets: readonly InspectionTarget[];
  actor: Actor;
  now: Date;
}): InspectionChange | InspectionError {
  const { body } = input;
  const problem = planProblem(body, input.targets);
  if (problem) return problem;
  const frozenAt = input.now.toISOString();
  const plan: FrozenPlan = {
    procedure: DRAW_PROCEDURE,
    inspectionId: input.inspectionId,
    name: body.name,
    agency: body.agency,
    frozenAt,
    targets: [...input.targets].map((t) => ({ creditCode: t.creditCode, name: t.name })).sort((a, b) => byText(a.creditCode, b.creditCode)),
    targetCount: body.targetCount,
    inspectors: [...body.inspectors].sort(byText),
    inspectorsPerTarget: body.inspectorsPerTarget,
    recusals: [...body.recusals]
      .map((r) => ({ creditCode: r.creditCode, inspector: r.inspector }))
      .sort((a, b) => byText(a.creditCode, b.creditCode) || byText(a.inspector, b.inspector)),
    publicValueSource: body.publicValueSource,
    publicValueNumbers: body.publicValueNumbers,
  };
  const planText = canonicalJson(plan);
  const tooLarge = sizeProblem(plan, planText);
  if (tooLarge) return tooLarge;
  const planHash = planHashOf(planText);
  const blank: Inspection = {
    inspectionId: input.inspectionId,
    name: body.name,
    agency: body.agency,
    status: 'planned',
    planText,
    planHash,
    frozenAt,
    createdBy: input.actor,
    draw: null,
    results: [],
    version: 0,
    updatedAt: frozenAt,
    head: { seq: 0, hash: GENESIS_HASH },
  };
  return commit(
    blank,
    {},
    { type: 'inspection_planned', actor: input.actor, data: { planHash, targets: plan.targets.length, targetCount: plan.targetCount } },
    input.now,
  );
}

export const frozenPlanOf = (i: Pick<Inspection, 'planText'>): FrozenPlan => JSON.parse(i.planText) as FrozenPlan;

/** The draw, once: the seed from the plan's hash and the public value entered now. */
export function drawRound(i: Inspection, input: InspectionDrawInput, actor: Actor, now: Date): InspectionChange | InspectionError {
  if (i.status !== 'planned') return conflict(i, 'inspection.already_drawn');
  const plan = frozenPlanOf(i);
  const publicValue = canonicalPublicValue(input.publicValue, plan.publicValueNumbers);
  if (publicValue === null) return invalid('publicValue', 'inspection.public_value_numbers');
  const { seed, selected } = drawInspection(plan, i.planHash, publicValue);
  const drawnAt = now.toISOString();
  const drawnBy: Actor = { role: actor.role, sub: actor.sub };
  return commit(
    i,
    { status: 'drawn', draw: { publicValue, publicValueReference: input.publicValueReference, seed, drawnAt, drawnBy, selected } },
    { type: 'inspection_drawn', actor: drawnBy, data: { seed, publicValue, publicValueReference: input.publicValueReference } },
    now,
  );
}

/** Who may record a drawn target's result: the supervisor, or an officer of the round's agency drawn for that target. */
export function mayRecordResult(actor: Actor & { agency?: Agency }, i: Inspection, target: DrawnTarget): boolean {
  if (actor.role === 'supervisor') return true;
  return actor.role === 'officer' && (actor.agency ?? 'market_regulation') === i.agency && target.inspectors.includes(actor.sub);
}

/** The officer an opened case is assigned to: the recorder if it inspected the target, else the target's first inspector. */
export const caseAssigneeOf = (actor: Actor, target: DrawnTarget): string =>
  target.inspectors.includes(actor.sub) ? actor.sub : target.inspectors[0]!;

/**
 * A drawn target's result, once. With `violation_found` the caller opens the enforcement case
 * (`case` of the input, the target as respondent) and passes its id and number, to be written together.
 */
export function recordResult(
  i: Inspection,
  input: InspectionResultInput,
  actor: Actor & { agency?: Agency },
  now: Date,
  opened: { caseId: string; caseNumber: string } | null,
): InspectionChange | InspectionError {
  if (i.status === 'planned') return conflict(i, 'inspection.not_drawn');
  const target = i.draw?.selected.find((t) => t.creditCode === input.creditCode);
  if (!target) return invalid('creditCode', 'inspection.target_not_drawn');
  if (!mayRecordResult(actor, i, target)) return { kind: 'forbidden' };
  if (i.results.some((r) => r.creditCode === input.creditCode)) return conflict(i, 'inspection.result_recorded');
  if (input.case && agencyOfMatter(input.case.matter, input.case.plantVarietyDomain) !== i.agency)
    return invalid('case.matter', 'enforcement.other_agency');
  const result: InspectionResult = {
    creditCode: input.creditCode,
    result: input.result,
    inspectedOn: input.inspectedOn,
    summary: input.summary,
    evidenceSha256: input.evidenceSha256,
    recordedAt: now.toISOString(),
    recordedBy: { role: actor.role, sub: actor.sub },
    caseId: opened?.caseId ?? null,
    caseNumber: opened?.caseNumber ?? null,
  };
  const results = [...i.results, result];
  const complete = i.draw!.selected.every((t) => results.some((r) => r.creditCode === t.creditCode));
  const change = commit(
    i,
    { results, status: complete ? 'completed' : 'drawn' },
    {
      type: 'inspection_result',
      actor: { role: actor.role, sub: actor.sub },
      data: { creditCode: input.creditCode, result: input.result, ...(opened ? { caseNumber: opened.caseNumber } : {}) },
    },
    now,
  );
  return { ...change, result };
}

/** The lead of the case a violation opens (SPEC §12 依职权立案, source `inspection`). */
export function inspectionLead(i: Pick<Inspection, 'inspectionId' | 'name'>, inspectedOn: string) {
  const reference = `${i.name}`.slice(0, 60);
  return { source: 'inspection' as const, reference: `${reference} #${i.inspectionId.slice(0, 8)}`, receivedOn: inspectedOn };
}

/**
 * What anyone reads (SPEC §13 一公开): the plan's text and hash (before the draw too), the public
 * value and its source, the seed, the draw and the results — never who recorded a result or the case
 * a violation opened.
 */
export function publicInspection(i: Inspection) {
  return {
    inspectionId: i.inspectionId,
    name: i.name,
    agency: i.agency,
    status: i.status,
    frozenAt: i.frozenAt,
    planText: i.planText,
    planHash: i.planHash,
    publicValueSource: frozenPlanOf(i).publicValueSource,
    draw: i.draw
      ? {
          publicValue: i.draw.publicValue,
          publicValueReference: i.draw.publicValueReference,
          seed: i.draw.seed,
          drawnAt: i.draw.drawnAt,
          selected: i.draw.selected,
        }
      : null,
    results: i.results.map((r) => ({
      creditCode: r.creditCode,
      result: r.result,
      inspectedOn: r.inspectedOn,
      summary: r.summary,
      publishedAt: r.recordedAt,
    })),
  };
}
export type PublicInspection = ReturnType<typeof publicInspection>;

/** A round in a list: no plan text, no draw. */
export function inspectionSummary(i: Inspection) {
  const plan = frozenPlanOf(i);
  return {
    inspectionId: i.inspectionId,
    name: i.name,
    agency: i.agency,
    status: i.status,
    frozenAt: i.frozenAt,
    planHash: i.planHash,
    targets: plan.targets.length,
    targetCount: plan.targetCount,
    drawnAt: i.draw?.drawnAt ?? null,
    results: i.results.length,
  };
}
export type InspectionSummary = ReturnType<typeof inspectionSummary>;
