// Random inspection rounds (SPEC §13, 双随机、一公开), pure: freezing a plan in canonical form with its
// hash, refusing plans that cannot be drawn or stored (with field paths), drawing once from the public
// value written its one way, recording one result per drawn target by whom the rules allow, completing
// the round, and what the public may read.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import { drawInspection } from '#domain/inspection-draw.ts';
import {
  canonicalPublicValue,
  drawRound,
  freezePlan,
  frozenPlanOf,
  inspectionChainId,
  inspectionDrawSchema,
  inspectionPlanSchema,
  inspectionResultSchema,
  inspectionSummary,
  MAX_DRAWN_TARGETS,
  MAX_PLAN_BYTES,
  MAX_PUBLIC_VALUE_NUMBERS,
  MAX_TARGETS,
  mayRecordResult,
  publicInspection,
  recordResult,
  verifyDraw,
  type Inspection,
  type InspectionChange,
  type InspectionError,
  type InspectionPlanInput,
  type InspectionTarget,
} from '#domain/inspections.ts';
import type { Agency } from '#domain/model.ts';
import { canonicalJson, GENESIS_HASH, verifyChain } from '#domain/timeline.ts';

const TODAY = '2026-03-10';
const FROZEN_AT = new Date('2026-03-02T01:00:00Z');
const DRAWN_AT = new Date('2026-03-03T02:00:00Z');
const RECORDED_AT = new Date('2026-03-10T03:00:00Z');
const SUPERVISOR = { role: 'supervisor' as const, sub: 'supervisor-1' };
const officer = (sub: string, agency: Agency = 'market_regulation') => ({ role: 'officer' as const, sub, agency });

/** A valid unified social credit code built from 17 characters (check character computed). */
const withCheck = (first17: string) => first17 + creditCodeCheckCharacter(first17);
const CODES = [
  '91350100M000100Y43',
  '91110108551385082Q',
  '91440300708461136T',
  withCheck('91610900MA0000001'),
  withCheck('91610900MA0000002'),
  withCheck('91610902MA7000003'),
];
/** A code whose check character is wrong. */
const BAD_CODE = '91350100M000100Y44';

const PLAN_BODY = {
  name: '2026 年第一批商标专用权双随机抽查',
  agency: 'market_regulation',
  targets: CODES.map((creditCode, i) => ({ creditCode, name: `安康市某某商贸有限公司 ${i + 1}` })),
  targetCount: 3,
  inspectors: ['e-4', 'e-1', 'e-3', 'e-2'],
  inspectorsPerTarget: 2,
  recusals: [
    { inspector: 'e-2', creditCode: CODES[0]! },
    { inspector: 'e-1', creditCode: CODES[3]! },
  ],
  publicValueSource: '福利彩票双色球 2026 年第 25 期开奖号码',
  publicValueNumbers: 7,
};
/** The public value as typed in: six red balls and the blue one. */
const DRAW_BODY = { publicValue: '03 07 15 22 28 31 + 09', publicValueReference: '中国福利彩票 2026025 期开奖公告' };
/** The same value written the one way: what is stored, published and hashed into the seed. */
const CANONICAL_VALUE = '3-7-15-22-28-31-9';

const VIOLATION_CASE = {
  matter: 'trademark_counterfeiting',
  right: { kind: 'trademark', number: '12345678', title: '秦巴富硒', holder: '安康市某茶业有限公司' },
  countyCode: '610902',
  description: '现场查获标注涉案注册商标的茶叶 120 盒，经营者无法提供合法来源证明',
};
const COPYRIGHT_CASE = {
  ...VIOLATION_CASE,
  matter: 'copyright',
  right: { kind: 'copyright', number: '陕作登字-2025-F-00012345', title: '安康富硒茶包装设计', holder: '安康市某设计有限公司' },
};

const planInput = (overrides: Record<string, unknown> = {}): InspectionPlanInput =>
  inspectionPlanSchema.parse({ ...PLAN_BODY, ...overrides });

function freeze(
  body: InspectionPlanInput = planInput(),
  targets: readonly InspectionTarget[] = body.targets ?? [],
  inspectionId = 'insp-1',
) {
  return freezePlan({ inspectionId, body, targets, actor: SUPERVISOR, now: FROZEN_AT });
}

function changed(result: InspectionChange | InspectionError): InspectionChange {
  if ('kind' in result) throw new Error(`expected a change, got ${JSON.stringify(result)}`);
  return result;
}

const planned = () => changed(freeze()).inspection;
const drawn = () => changed(drawRound(planned(), DRAW_BODY, SUPERVISOR, DRAWN_AT)).inspection;

const resultBody = (creditCode: string, result = 'no_issue', extra: Record<string, unknown> = {}) =>
  inspectionResultSchema(TODAY).parse({ creditCode, result, inspectedOn: '2026-03-09', summary: '现场检查未发现侵权商品', ...extra });

/** The drawn targets of a round, and for the first one an inspector of the plan that was not drawn for it. */
function drawnFacts(i: Inspection) {
  const selected = i.draw!.selected;
  const first = selected[0]!;
  const notDrawnForFirst = frozenPlanOf(i).inspectors.find((sub) => !first.inspectors.includes(sub))!;
  const undrawn = CODES.find((c) => !selected.some((t) => t.creditCode === c))!;
  return { selected, first, notDrawnForFirst, undrawn };
}

describe('freezePlan', () => {
  it('writes the plan as canonical text: targets by credit code, inspectors and recusals sorted', () => {
    const i = planned();
    const plan = frozenPlanOf(i);
    expect(plan.targets.map((t) => t.creditCode)).toEqual([...CODES].sort());
    expect(plan.inspectors).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    expect(plan.recusals).toEqual([
      { creditCode: CODES[0], inspector: 'e-2' },
      { creditCode: CODES[3], inspector: 'e-1' },
    ]);
    expect(plan).toMatchObject({
      inspectionId: 'insp-1',
      targetCount: 3,
      inspectorsPerTarget: 2,
      frozenAt: FROZEN_AT.toISOString(),
      publicValueSource: PLAN_BODY.publicValueSource,
      publicValueNumbers: 7,
    });
    expect(i.planText).toBe(canonicalJson(plan));
  });

  it('hashes the count of public value numbers with the plan: another count is another plan', () => {
    const a = planned();
    const b = changed(freeze(planInput({ publicValueNumbers: 6 }))).inspection;
    expect(frozenPlanOf(b).publicValueNumbers).toBe(6);
    expect(b.planHash).not.toBe(a.planHash);
  });

  it('freezes the same plan given in another order to the same text and hash', () => {
    const reordered = planInput({
      targets: [...PLAN_BODY.targets].reverse(),
      inspectors: [...PLAN_BODY.inspectors].reverse(),
      recusals: [...PLAN_BODY.recusals].reverse(),
    });
    const a = planned();
    const b = changed(freeze(reordered)).inspection;
    expect(b.planText).toBe(a.planText);
    expect(b.planHash).toBe(a.planHash);
  });

  it('gives a different text to another round with the same plan', () => {
    const a = planned();
    const b = changed(freeze(planInput(), PLAN_BODY.targets, 'insp-2')).inspection;
    expect(b.planHash).not.toBe(a.planHash);
  });

  it('stores the SHA-256 of exactly the plan text as the plan hash', () => {
    const i = planned();
    expect(i.planHash).toBe(createHash('sha256').update(i.planText, 'utf8').digest('hex'));
  });

  it('starts the round planned, with its first event chained from the genesis hash', () => {
    const { inspection, event } = changed(freeze());
    expect(inspection).toMatchObject({ status: 'planned', draw: null, results: [], version: 1, createdBy: SUPERVISOR });
    expect(event).toMatchObject({ caseId: inspectionChainId('insp-1'), seq: 1, type: 'inspection_planned', prevHash: GENESIS_HASH });
    expect(event.data).toEqual({ planHash: inspection.planHash, targets: 6, targetCount: 3 });
    expect(inspection.head).toEqual({ seq: 1, hash: event.hash });
  });

  it('refuses a target listed twice, at its path (codes compared after upper-casing)', () => {
    const targets = [...PLAN_BODY.targets, { creditCode: CODES[1]!.toLowerCase(), name: '重复' }];
    expect(freeze(planInput({ targets }))).toEqual({
      kind: 'invalid',
      path: 'targets[6].creditCode',
      message: 'inspection.duplicate_target',
    });
  });

  it('refuses a target count above the number of targets', () => {
    expect(freeze(planInput({ targetCount: 7 }))).toEqual({
      kind: 'invalid',
      path: 'targetCount',
      message: 'inspection.more_than_targets',
    });
    expect(freeze(planInput({ targetCount: 6 }))).not.toHaveProperty('kind');
  });

  it('refuses an inspector listed twice, at its path', () => {
    expect(freeze(planInput({ inspectors: ['e-1', 'e-2', 'e-3', 'e-2'] }))).toEqual({
      kind: 'invalid',
      path: 'inspectors[3]',
      message: 'inspection.duplicate_inspector',
    });
  });

  it('refuses a recusal of an inspector who is not in the plan', () => {
    const recusals = [...PLAN_BODY.recusals, { inspector: 'e-9', creditCode: CODES[1]! }];
    expect(freeze(planInput({ recusals }))).toEqual({
      kind: 'invalid',
      path: 'recusals[2].inspector',
      message: 'inspection.recusal_unknown_inspector',
    });
  });

  it('refuses a recusal from a target that is not in the plan', () => {
    const recusals = [{ inspector: 'e-1', creditCode: withCheck('91610900MA0000099') }];
    expect(freeze(planInput({ recusals }))).toEqual({
      kind: 'invalid',
      path: 'recusals[0].creditCode',
      message: 'inspection.recusal_unknown_target',
    });
  });

  it('refuses a plan in which some target has fewer eligible inspectors than inspectorsPerTarget', () => {
    const recusals = [
      { inspector: 'e-1', creditCode: CODES[2]! },
      { inspector: 'e-2', creditCode: CODES[2]! },
      { inspector: 'e-3', creditCode: CODES[2]! },
    ];
    expect(freeze(planInput({ recusals }))).toEqual({
      kind: 'invalid',
      path: 'inspectorsPerTarget',
      message: 'inspection.too_few_inspectors',
    });
    // Two recusals leave exactly two: enough.
    expect(freeze(planInput({ recusals: recusals.slice(0, 2) }))).not.toHaveProperty('kind');
  });

  it('refuses a plan whose filter finds no decision in the public register', () => {
    const body = planInput({
      targets: undefined,
      recusals: [],
      targetFilter: { matter: 'trademark_counterfeiting', decidedSince: '2026-01-01' },
    });
    expect(freeze(body, [])).toEqual({ kind: 'invalid', path: 'targetFilter', message: 'inspection.no_targets' });
  });

  it('refuses a plan whose filter finds fewer respondents than the target count, at targetCount', () => {
    const body = planInput({ targets: undefined, recusals: [], targetFilter: { matter: 'trademark_counterfeiting' } });
    expect(freeze(body, PLAN_BODY.targets.slice(0, 2))).toEqual({
      kind: 'invalid',
      path: 'targetCount',
      message: 'inspection.more_than_targets',
    });
  });

  it('freezes the respondents a filter found, by credit code; the filter itself is not in the plan', () => {
    const body = planInput({ targets: undefined, targetFilter: { matter: 'trademark_counterfeiting', decidedSince: '2026-01-01' } });
    const found = PLAN_BODY.targets.slice(0, 4);
    const i = changed(freeze(body, found)).inspection;
    const plan = frozenPlanOf(i);
    expect(plan.targets).toEqual([...found].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)));
    expect(i.planText).not.toContain('targetFilter');
    expect(i.planText).not.toContain('decidedSince');
  });

  it('refuses a plan whose text, escaped as stored and answered, exceeds MAX_PLAN_BYTES, at targets', () => {
    // Names of double quotes: two bytes each in the plan's text, four once that text is escaped inside JSON.
    const quotes = (n: number) => ({ creditCode: withCheck(`91610900MA${String(n).padStart(7, '0')}`), name: '"'.repeat(25) });
    const targets = Array.from({ length: 1000 }, (_, n) => quotes(n + 1));
    expect(targets.length).toBeLessThanOrEqual(MAX_TARGETS);
    const body = planInput({ targets, recusals: [] });
    // The text freezePlan would write: the frozen plan of the same round with these targets.
    const plan = { ...frozenPlanOf(planned()), targets: [...targets].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)), recusals: [] };
    const text = canonicalJson(plan);
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    expect(bytes(text)).toBeLessThanOrEqual(MAX_PLAN_BYTES);
    expect(bytes(JSON.stringify(text))).toBeGreaterThan(MAX_PLAN_BYTES);
    expect(freeze(body)).toEqual({ kind: 'invalid', path: 'targets', message: 'inspection.plan_too_large' });
    // Half as many fit.
    const half = changed(freeze(planInput({ targets: targets.slice(0, 500), recusals: [] }))).inspection;
    expect(bytes(JSON.stringify(half.planText))).toBeLessThanOrEqual(MAX_PLAN_BYTES);
  });

  it('refuses, at targetCount, a plan whose largest possible draw would not fit the round', () => {
    // Short names but one, of 200 characters: any draw may take it, so each drawn target is bounded by it.
    const targets = Array.from({ length: MAX_DRAWN_TARGETS }, (_, n) => ({
      creditCode: withCheck(`91610900MA${String(n + 1).padStart(7, '0')}`),
      name: n === 0 ? '富'.repeat(200) : `商户${n}`,
    }));
    const body = (targetCount: number) => planInput({ targets, targetCount, recusals: [] });
    expect(freeze(body(MAX_DRAWN_TARGETS))).toEqual({ kind: 'invalid', path: 'targetCount', message: 'inspection.draw_too_large' });
    expect(changed(freeze(body(100))).inspection.status).toBe('planned');
  });
});

describe('drawRound', () => {
  it('draws once from the frozen plan and the public value written its one way, and marks the round drawn', () => {
    const before = planned();
    const { inspection, event } = changed(drawRound(before, DRAW_BODY, SUPERVISOR, DRAWN_AT));
    const expected = drawInspection(frozenPlanOf(before), before.planHash, CANONICAL_VALUE);
    expect(expected.seed).toBe(createHash('sha256').update(`${before.planHash}${CANONICAL_VALUE}`, 'utf8').digest('hex'));
    expect(inspection.status).toBe('drawn');
    expect(inspection.draw).toEqual({
      publicValue: CANONICAL_VALUE,
      publicValueReference: DRAW_BODY.publicValueReference,
      ...expected,
      drawnAt: DRAWN_AT.toISOString(),
      drawnBy: SUPERVISOR,
    });
    expect(event.data).toEqual({ seed: expected.seed, publicValue: CANONICAL_VALUE, publicValueReference: DRAW_BODY.publicValueReference });
  });

  it.each(['3 7 15 22 28 31 9', '03,07,15,22,28,31,09', '红球 03 07 15 22 28 31 蓝球 09', CANONICAL_VALUE])(
    'gives %j the same seed and draw as any other spelling of the result',
    (publicValue) => {
      const reference = changed(drawRound(planned(), DRAW_BODY, SUPERVISOR, DRAWN_AT)).inspection;
      const respelled = changed(drawRound(planned(), { ...DRAW_BODY, publicValue }, SUPERVISOR, DRAWN_AT)).inspection;
      expect(canonicalPublicValue(publicValue, 7)).toBe(CANONICAL_VALUE);
      expect(respelled.draw).toEqual(reference.draw);
    },
  );

  it.each([
    ['fewer numbers than announced', '03 07 15 22 28 31'],
    ['more numbers than announced', '03 07 15 22 28 31 + 09 + 11'],
    ['the issue number with the result', '2026025 期：03 07 15 22 28 31 + 09'],
    ['no number at all', '双色球开奖结果'],
  ])('refuses a public value with %s, at publicValue, and leaves the round planned', (_, publicValue) => {
    const i = planned();
    expect(drawRound(i, { ...DRAW_BODY, publicValue }, SUPERVISOR, DRAWN_AT)).toEqual({
      kind: 'invalid',
      path: 'publicValue',
      message: 'inspection.public_value_numbers',
    });
    expect(i).toMatchObject({ status: 'planned', draw: null, version: 1 });
  });

  it('takes as many numbers as the plan announced, whatever it is', () => {
    const three = changed(freeze(planInput({ publicValueNumbers: 3, publicValueSource: '中国福利彩票 3D 游戏下一期开奖号码' }))).inspection;
    expect(drawRound(three, DRAW_BODY, SUPERVISOR, DRAWN_AT)).toMatchObject({ kind: 'invalid', path: 'publicValue' });
    const drawnThree = changed(drawRound(three, { ...DRAW_BODY, publicValue: '3 8 1' }, SUPERVISOR, DRAWN_AT)).inspection;
    expect(drawnThree.draw!.publicValue).toBe('3-8-1');
    expect(verifyDraw(publicInspection(drawnThree)).matches).toBe(true);
  });

  it('chains the draw event after the plan event', () => {
    const first = changed(freeze());
    const second = changed(drawRound(first.inspection, DRAW_BODY, SUPERVISOR, DRAWN_AT));
    expect(second.event).toMatchObject({ seq: 2, type: 'inspection_drawn', prevHash: first.event.hash });
    expect(second.inspection).toMatchObject({ version: 2, head: { seq: 2, hash: second.event.hash } });
    expect(verifyChain([first.event, second.event]).valid).toBe(true);
  });

  it('refuses a second draw, whatever the public value', () => {
    const i = drawn();
    expect(drawRound(i, { ...DRAW_BODY, publicValue: 'another value' }, SUPERVISOR, DRAWN_AT)).toEqual({
      kind: 'conflict',
      reason: 'inspection.already_drawn',
      status: 'drawn',
      version: 2,
    });
  });
});

describe('recordResult', () => {
  it('refuses a result before the draw', () => {
    const i = planned();
    expect(recordResult(i, resultBody(CODES[0]!), SUPERVISOR, RECORDED_AT, null)).toEqual({
      kind: 'conflict',
      reason: 'inspection.not_drawn',
      status: 'planned',
      version: 1,
    });
  });

  it('refuses a result for a target that was not drawn, at creditCode', () => {
    const i = drawn();
    const { undrawn } = drawnFacts(i);
    expect(recordResult(i, resultBody(undrawn), SUPERVISOR, RECORDED_AT, null)).toEqual({
      kind: 'invalid',
      path: 'creditCode',
      message: 'inspection.target_not_drawn',
    });
  });

  it('forbids an officer who was not drawn for the target', () => {
    const i = drawn();
    const { first, notDrawnForFirst } = drawnFacts(i);
    expect(recordResult(i, resultBody(first.creditCode), officer(notDrawnForFirst), RECORDED_AT, null)).toEqual({ kind: 'forbidden' });
  });

  it("forbids a drawn officer's sub when it belongs to another agency", () => {
    const i = drawn();
    const { first } = drawnFacts(i);
    expect(recordResult(i, resultBody(first.creditCode), officer(first.inspectors[0]!, 'culture_tourism'), RECORDED_AT, null)).toEqual({
      kind: 'forbidden',
    });
  });

  it('lets an officer drawn for the target record its result, once', () => {
    const i = drawn();
    const { first } = drawnFacts(i);
    const recorder = officer(first.inspectors[1]!);
    const { inspection, event } = changed(recordResult(i, resultBody(first.creditCode), recorder, RECORDED_AT, null));
    expect(inspection.results).toEqual([
      {
        creditCode: first.creditCode,
        result: 'no_issue',
        inspectedOn: '2026-03-09',
        summary: '现场检查未发现侵权商品',
        evidenceSha256: [],
        recordedAt: RECORDED_AT.toISOString(),
        recordedBy: { role: 'officer', sub: recorder.sub },
        caseId: null,
        caseNumber: null,
      },
    ]);
    expect(event).toMatchObject({
      seq: 3,
      type: 'inspection_result',
      prevHash: i.head.hash,
      data: { creditCode: first.creditCode, result: 'no_issue' },
    });
    expect(recordResult(inspection, resultBody(first.creditCode, 'rectification_ordered'), SUPERVISOR, RECORDED_AT, null)).toEqual({
      kind: 'conflict',
      reason: 'inspection.result_recorded',
      status: 'drawn',
      version: 3,
    });
  });

  it('lets the supervisor record any drawn target', () => {
    const i = drawn();
    for (const t of i.draw!.selected) expect(mayRecordResult(SUPERVISOR, i, t)).toBe(true);
    const { first } = drawnFacts(i);
    expect(changed(recordResult(i, resultBody(first.creditCode), SUPERVISOR, RECORDED_AT, null)).inspection.results).toHaveLength(1);
  });

  it('takes an officer without a stated agency as one of market regulation', () => {
    const i = drawn();
    const { first } = drawnFacts(i);
    expect(mayRecordResult({ role: 'officer', sub: first.inspectors[0]! }, i, first)).toBe(true);
    const tourism = { ...i, agency: 'culture_tourism' as const };
    expect(mayRecordResult({ role: 'officer', sub: first.inspectors[0]! }, tourism, first)).toBe(false);
  });

  it('refuses a violation whose case belongs to another agency, at case.matter', () => {
    const i = drawn();
    const { first } = drawnFacts(i);
    const body = resultBody(first.creditCode, 'violation_found', { case: COPYRIGHT_CASE });
    expect(recordResult(i, body, SUPERVISOR, RECORDED_AT, { caseId: 'case-77', caseNumber: 'AKIP-2026-000077' })).toEqual({
      kind: 'invalid',
      path: 'case.matter',
      message: 'enforcement.other_agency',
    });
  });

  it('stores the id and number of the case a violation opened', () => {
    const i = drawn();
    const { first } = drawnFacts(i);
    const body = resultBody(first.creditCode, 'violation_found', { case: VIOLATION_CASE });
    const opened = { caseId: 'case-77', caseNumber: 'AKIP-2026-000077' };
    const { inspection, event } = changed(recordResult(i, body, SUPERVISOR, RECORDED_AT, opened));
    expect(inspection.results[0]).toMatchObject({ result: 'violation_found', ...opened });
    expect(event.data).toEqual({ creditCode: first.creditCode, result: 'violation_found', caseNumber: opened.caseNumber });
  });

  it('completes the round when every drawn target has its result, not before', () => {
    let i = drawn();
    const statuses: string[] = [];
    for (const t of i.draw!.selected) {
      i = changed(recordResult(i, resultBody(t.creditCode), officer(t.inspectors[0]!), RECORDED_AT, null)).inspection;
      statuses.push(i.status);
    }
    expect(statuses).toEqual(['drawn', 'drawn', 'completed']);
    expect(i.results.map((r) => r.creditCode)).toEqual(i.draw!.selected.map((t) => t.creditCode));
    expect(i.head.seq).toBe(5);
  });
});

describe('publicInspection and inspectionSummary', () => {
  /** A round drawn and with one violation recorded by the supervisor, which opened a case. */
  function withViolation() {
    const i = drawn();
    const { first } = drawnFacts(i);
    const body = resultBody(first.creditCode, 'violation_found', { case: VIOLATION_CASE });
    return changed(recordResult(i, body, SUPERVISOR, RECORDED_AT, { caseId: 'case-77', caseNumber: 'AKIP-2026-000077' })).inspection;
  }

  it('shows the plan text and hash before the draw', () => {
    const i = planned();
    const shown = publicInspection(i);
    expect(shown).toMatchObject({ status: 'planned', planText: i.planText, planHash: i.planHash, draw: null, results: [] });
    expect(shown.publicValueSource).toBe(PLAN_BODY.publicValueSource);
  });

  it('shows the plan, the public value, the seed, the draw and the results', () => {
    const i = withViolation();
    const shown = publicInspection(i);
    expect(shown).toMatchObject({ planText: i.planText, planHash: i.planHash, status: 'drawn' });
    expect(shown.draw).toEqual({
      publicValue: CANONICAL_VALUE,
      publicValueReference: DRAW_BODY.publicValueReference,
      seed: i.draw!.seed,
      drawnAt: DRAWN_AT.toISOString(),
      selected: i.draw!.selected,
    });
    expect(shown.results).toEqual([
      {
        creditCode: i.results[0]!.creditCode,
        result: 'violation_found',
        inspectedOn: '2026-03-09',
        summary: '现场检查未发现侵权商品',
        publishedAt: RECORDED_AT.toISOString(),
      },
    ]);
  });

  it('never shows who recorded a result or drew the round, nor the case a violation opened', () => {
    const text = JSON.stringify(publicInspection(withViolation()));
    expect(text).not.toContain(SUPERVISOR.sub);
    expect(text).not.toContain('case-77');
    expect(text).not.toContain('AKIP-2026-000077');
    expect(text).not.toMatch(/recordedBy|drawnBy|createdBy|caseId|caseNumber/);
  });

  it('publishes everything the verifier needs: the public record verifies, every check passed', () => {
    const check = verifyDraw(publicInspection(withViolation()));
    expect(check.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check.checks.map((c) => c.name)).toEqual(['plan_hash', 'public_value', 'seed', 'draw', 'recusals']);
    expect(check.matches).toBe(true);
  });

  it('verifyDraw names public_value when the published value is not written the one way, though seed and draw agree with it', () => {
    const record = publicInspection(withViolation());
    const plan = frozenPlanOf({ planText: record.planText });
    const typed = drawInspection(plan, record.planHash, DRAW_BODY.publicValue);
    const check = verifyDraw({ ...record, draw: { ...record.draw!, publicValue: DRAW_BODY.publicValue, ...typed } });
    expect(check.matches).toBe(false);
    expect(check.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['public_value']);
  });

  it('verifyDraw names draw when a drawn target is renamed in the published record', () => {
    const record = publicInspection(withViolation());
    const [first, ...rest] = record.draw!.selected;
    const check = verifyDraw({ ...record, draw: { ...record.draw!, selected: [{ ...first!, name: '改名后的公司' }, ...rest] } });
    expect(check.matches).toBe(false);
    expect(check.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['draw']);
  });

  it('verifyDraw answers matches: false, without throwing, for a malformed record', () => {
    const record = publicInspection(withViolation());
    const malformed: unknown[] = [
      { ...record, planText: '{' },
      { ...record, planText: '[]' },
      { ...record, draw: { ...record.draw!, selected: 'all of them' } },
      { ...record, draw: { ...record.draw!, selected: [{}] } },
      { ...record, draw: { ...record.draw!, publicValue: null } },
      { ...record, draw: [] },
    ];
    for (const m of malformed) {
      let check: ReturnType<typeof verifyDraw> | undefined;
      expect(
        () => {
          check = verifyDraw(m as typeof record);
        },
        JSON.stringify(m).slice(0, 200),
      ).not.toThrow();
      expect(check!.matches).toBe(false);
      expect(check!.checks.find((c) => c.name === 'draw')?.ok).toBe(false);
    }
  });

  it('lists a round by its counts, without plan text or draw', () => {
    const summary = inspectionSummary(withViolation());
    expect(summary).toMatchObject({ status: 'drawn', targets: 6, targetCount: 3, drawnAt: DRAWN_AT.toISOString(), results: 1 });
    expect(summary).not.toHaveProperty('planText');
    expect(summary).not.toHaveProperty('draw');
  });
});

/** The issues of a body a schema rejects, as dotted paths and messages. */
function issues(schema: z.ZodMiniType, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('inspectionPlanSchema', () => {
  it('accepts a plan with listed targets, defaulting recusals and two inspectors per target', () => {
    const { recusals: _, inspectorsPerTarget: __, ...body } = PLAN_BODY;
    expect(inspectionPlanSchema.parse(body)).toMatchObject({ recusals: [], inspectorsPerTarget: 2 });
  });

  it.each([
    {},
    { matter: 'copyright' },
    { decidedSince: '2026-01-01' },
    { matter: 'trademark_counterfeiting', decidedSince: '2025-12-31' },
  ])('accepts a plan with the target filter %j instead of targets', (targetFilter) => {
    const { targets: _, ...body } = PLAN_BODY;
    expect(inspectionPlanSchema.parse({ ...body, targetFilter }).targetFilter).toEqual(targetFilter);
  });

  it.each([
    ['a county (filters are over the public register only)', { countyCode: '610902' }, 'targetFilter'],
    ['a path', { path: 'administrative_enforcement' }, 'targetFilter'],
    ['a matter that is none', { matter: 'patent_dispute' }, 'targetFilter.matter'],
    ['a day that is no date', { decidedSince: '2026-02-30' }, 'targetFilter.decidedSince'],
    ['a day in another format', { decidedSince: '2026/01/01' }, 'targetFilter.decidedSince'],
  ])('refuses a target filter with %s, at its path', (_, targetFilter, path) => {
    const { targets: __, ...body } = PLAN_BODY;
    expect(issues(inspectionPlanSchema, { ...body, recusals: [], targetFilter }).map((i) => i.path)).toEqual([path]);
  });

  it('refuses a plan with both targets and a target filter, at targets', () => {
    expect(issues(inspectionPlanSchema, { ...PLAN_BODY, targetFilter: { matter: 'trademark_counterfeiting' } })).toEqual([
      { path: 'targets', message: 'inspection.targets_or_filter' },
    ]);
  });

  it('requires the count of public value numbers, an integer from 1 to MAX_PUBLIC_VALUE_NUMBERS', () => {
    expect(MAX_PUBLIC_VALUE_NUMBERS).toBe(20);
    const { publicValueNumbers: _, ...body } = PLAN_BODY;
    expect(issues(inspectionPlanSchema, body).map((i) => i.path)).toEqual(['publicValueNumbers']);
    for (const publicValueNumbers of [0, -1, 2.5, 21, '7', null])
      expect(
        issues(inspectionPlanSchema, { ...PLAN_BODY, publicValueNumbers }).map((i) => i.path),
        String(publicValueNumbers),
      ).toEqual(['publicValueNumbers']);
    for (const publicValueNumbers of [1, 3, 20])
      expect(inspectionPlanSchema.parse({ ...PLAN_BODY, publicValueNumbers }).publicValueNumbers).toBe(publicValueNumbers);
  });

  it('draws at most MAX_DRAWN_TARGETS targets in a round, of at most MAX_TARGETS', () => {
    expect(MAX_DRAWN_TARGETS).toBe(500);
    expect(inspectionPlanSchema.parse({ ...PLAN_BODY, targetCount: MAX_DRAWN_TARGETS }).targetCount).toBe(500);
    for (const targetCount of [0, MAX_DRAWN_TARGETS + 1, MAX_TARGETS, 1.5])
      expect(
        issues(inspectionPlanSchema, { ...PLAN_BODY, targetCount }).map((i) => i.path),
        String(targetCount),
      ).toEqual(['targetCount']);
  });

  it('refuses a plan with neither targets nor a target filter, at targets', () => {
    const { targets: _, ...body } = PLAN_BODY;
    expect(issues(inspectionPlanSchema, body)).toEqual([{ path: 'targets', message: 'inspection.targets_or_filter' }]);
  });

  it.each([1, 0, 2.5])('refuses %d inspectors per target', (inspectorsPerTarget) => {
    expect(issues(inspectionPlanSchema, { ...PLAN_BODY, inspectorsPerTarget }).map((i) => i.path)).toEqual(['inspectorsPerTarget']);
  });

  it('refuses a target or a recusal whose credit code has a wrong check character', () => {
    const targets = [{ creditCode: BAD_CODE, name: '某公司' }, ...PLAN_BODY.targets.slice(1)];
    expect(issues(inspectionPlanSchema, { ...PLAN_BODY, targets })).toEqual([
      { path: 'targets.0.creditCode', message: 'credit_code.check_character' },
    ]);
    const recusals = [{ inspector: 'e-1', creditCode: BAD_CODE }];
    expect(issues(inspectionPlanSchema, { ...PLAN_BODY, recusals })).toEqual([
      { path: 'recusals.0.creditCode', message: 'credit_code.check_character' },
    ]);
  });

  it('normalises lowercase credit codes to capitals', () => {
    const targets = [{ creditCode: CODES[1]!.toLowerCase(), name: '某公司' }];
    expect(inspectionPlanSchema.parse({ ...PLAN_BODY, targets, recusals: [] }).targets).toEqual([{ creditCode: CODES[1], name: '某公司' }]);
  });

  it('refuses a plan with a single inspector', () => {
    expect(issues(inspectionPlanSchema, { ...PLAN_BODY, inspectors: ['e-1'], recusals: [] }).map((i) => i.path)).toEqual(['inspectors']);
  });
});

describe('inspectionDrawSchema and inspectionResultSchema', () => {
  const schema = inspectionResultSchema(TODAY);
  const RESULT = { creditCode: CODES[0], result: 'no_issue', inspectedOn: '2026-03-09', summary: '现场检查未发现侵权商品' };

  it('accepts a result inspected today', () => {
    expect(schema.parse({ ...RESULT, inspectedOn: TODAY })).toMatchObject({ inspectedOn: TODAY, evidenceSha256: [] });
  });

  it('refuses a result inspected in the future', () => {
    expect(issues(schema, { ...RESULT, inspectedOn: '2026-03-11' })).toEqual([
      { path: 'inspectedOn', message: 'inspection.inspected_in_future' },
    ]);
  });

  it('requires the case with violation_found, at case', () => {
    expect(issues(schema, { ...RESULT, result: 'violation_found' })).toEqual([{ path: 'case', message: 'inspection.case_with_violation' }]);
    expect(schema.parse({ ...RESULT, result: 'violation_found', case: VIOLATION_CASE }).case).toMatchObject({
      matter: 'trademark_counterfeiting',
    });
  });

  it.each(['no_issue', 'rectification_ordered'])('refuses a case with %s, at case', (result) => {
    expect(issues(schema, { ...RESULT, result, case: VIOLATION_CASE })).toEqual([
      { path: 'case', message: 'inspection.case_with_violation' },
    ]);
  });

  it('refuses a matter that does not fit the right, at case.matter', () => {
    const mismatched = { ...VIOLATION_CASE, matter: 'copyright' };
    expect(issues(schema, { ...RESULT, result: 'violation_found', case: mismatched })).toEqual([
      { path: 'case.matter', message: 'enforcement.matter_right_mismatch' },
    ]);
  });

  it('bounds a summary at 1000 characters and the evidence at 20 hashes', () => {
    const hash = (n: number) => n.toString(16).padStart(64, '0');
    expect(
      schema.parse({ ...RESULT, summary: '查'.repeat(1000), evidenceSha256: Array.from({ length: 20 }, (_, n) => hash(n)) }),
    ).toMatchObject({
      summary: '查'.repeat(1000),
    });
    expect(issues(schema, { ...RESULT, summary: '查'.repeat(1001) }).map((i) => i.path)).toEqual(['summary']);
    expect(issues(schema, { ...RESULT, evidenceSha256: Array.from({ length: 21 }, (_, n) => hash(n)) }).map((i) => i.path)).toEqual([
      'evidenceSha256',
    ]);
  });

  it('refuses an empty public value', () => {
    expect(issues(inspectionDrawSchema, { ...DRAW_BODY, publicValue: '' }).map((i) => i.path)).toEqual(['publicValue']);
  });

  it('takes the public value as typed: its numbers are counted by the draw, against the plan', () => {
    expect(inspectionDrawSchema.parse({ ...DRAW_BODY, publicValue: ' 03 07 12 ' }).publicValue).toBe('03 07 12');
    expect(inspectionDrawSchema.parse({ ...DRAW_BODY, publicValue: '双色球开奖结果' }).publicValue).toBe('双色球开奖结果');
  });
});
