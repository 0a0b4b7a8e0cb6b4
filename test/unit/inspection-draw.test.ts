// The random-inspection draw (SPEC §13, 双随机): deterministic from the published plan and public value,
// sensitive to every input, never drawing a recused inspector, fair across targets and eligible
// inspectors; and its verifier, which names the part of a published record that does not hold.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import {
  DRAW_PROCEDURE,
  drawInspection,
  eligibleInspectors,
  planHashOf,
  seedOf,
  verifyDraw,
  type DrawCheck,
  type DrawRecord,
  type FrozenPlan,
} from '#domain/inspection-draw.ts';
import { toHex } from '#domain/sha256.ts';
import { canonicalJson } from '#domain/timeline.ts';

/** The n-th valid unified social credit code of the fixtures (check character computed). */
function code(n: number): string {
  const first17 = `91610900MA${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const INSPECTORS = ['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6'];

/** A frozen plan as freezePlan writes it: targets by credit code, inspectors sorted. */
function planOf(overrides: Partial<FrozenPlan> = {}): FrozenPlan {
  return {
    procedure: DRAW_PROCEDURE,
    inspectionId: 'insp-2026-01',
    name: '2026 年第一批商标专用权双随机抽查',
    agency: 'market_regulation',
    frozenAt: '2026-03-02T01:00:00.000Z',
    targets: Array.from({ length: 10 }, (_, i) => ({ creditCode: code(i + 1), name: `安康市某某商贸有限公司 ${i + 1}` })),
    targetCount: 3,
    inspectors: INSPECTORS,
    inspectorsPerTarget: 2,
    recusals: [],
    publicValueSource: '福利彩票双色球 2026 年第 25 期开奖号码',
    ...overrides,
  };
}

const PUBLIC_VALUE = '03 07 15 22 28 31 + 09';

/** The published record of a plan drawn with a public value. */
function recordOf(plan: FrozenPlan, publicValue = PUBLIC_VALUE): DrawRecord & { draw: NonNullable<DrawRecord['draw']> } {
  const planText = canonicalJson(plan);
  const planHash = planHashOf(planText);
  return { planText, planHash, draw: { publicValue, ...drawInspection(plan, planHash, publicValue) } };
}

const failing = (check: DrawCheck) => check.checks.filter((c) => !c.ok).map((c) => c.name);

describe('drawInspection: determinism and sensitivity', () => {
  it('draws the same targets and inspectors every time from the same plan and public value', () => {
    const first = recordOf(planOf());
    const again = recordOf(planOf());
    expect(again).toEqual(first);
    expect(first.draw.selected).toHaveLength(3);
  });

  it.each([
    ['one target more', (p: FrozenPlan) => ({ ...p, targets: [...p.targets, { creditCode: code(11), name: '新增商户' }] })],
    ['an inspector renamed', (p: FrozenPlan) => ({ ...p, inspectors: p.inspectors.map((s) => (s === 'e-6' ? 'e-7' : s)) })],
    ['a different target count', (p: FrozenPlan) => ({ ...p, targetCount: 4 })],
    ['a recusal added', (p: FrozenPlan) => ({ ...p, recusals: [{ creditCode: code(5), inspector: 'e-2' }] })],
    ['another round name', (p: FrozenPlan) => ({ ...p, name: `${p.name}（补）` })],
  ])('changes the plan hash and the draw when the plan has %s', (_, change) => {
    const before = recordOf(planOf());
    const after = recordOf(change(planOf()));
    expect(after.planHash).not.toBe(before.planHash);
    expect(after.draw.seed).not.toBe(before.draw.seed);
    expect(after.draw.selected).not.toEqual(before.draw.selected);
  });

  it('changes the seed and the draw when the public value changes', () => {
    const before = recordOf(planOf(), PUBLIC_VALUE);
    const after = recordOf(planOf(), '03 07 15 22 28 31 + 10');
    expect(after.planHash).toBe(before.planHash);
    expect(after.draw.seed).not.toBe(before.draw.seed);
    expect(after.draw.selected).not.toEqual(before.draw.selected);
  });

  it('takes as seed the SHA-256 of the UTF-8 text plan hash ‖ public value (printf "%s%s" | sha256sum)', () => {
    const record = recordOf(planOf(), '双色球 2026025：03 07 15 22 28 31 + 09');
    const expected = createHash('sha256').update(`${record.planHash}${record.draw.publicValue}`, 'utf8').digest('hex');
    expect(record.draw.seed).toBe(expected);
    expect(toHex(seedOf(record.planHash, record.draw.publicValue))).toBe(expected);
    expect(record.planHash).toBe(createHash('sha256').update(record.planText, 'utf8').digest('hex'));
  });
});

/** A feasible random plan: every target keeps at least inspectorsPerTarget eligible inspectors. */
const randomPlanArb = fc
  .record({
    targets: fc.integer({ min: 1, max: 8 }),
    targetCount: fc.integer({ min: 1, max: 8 }),
    inspectors: fc.integer({ min: 2, max: 7 }),
    perTarget: fc.integer({ min: 2, max: 7 }),
    recused: fc.array(fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), { minLength: 8, maxLength: 8 }),
    publicValue: fc.string({ maxLength: 40 }),
  })
  .map(({ targets, targetCount, inspectors, perTarget, recused, publicValue }) => {
    const subs = Array.from({ length: inspectors }, (_, i) => `officer-${i + 1}`);
    const inspectorsPerTarget = Math.min(perTarget, inspectors);
    const listed = Array.from({ length: targets }, (_, i) => ({ creditCode: code(100 + i), name: `商户 ${i}` }));
    const recusals = listed.flatMap((t, ti) =>
      subs
        .filter((_, si) => recused[ti]![si])
        .slice(0, inspectors - inspectorsPerTarget)
        .map((inspector) => ({ creditCode: t.creditCode, inspector })),
    );
    const plan = planOf({ targets: listed, targetCount: Math.min(targetCount, targets), inspectors: subs, inspectorsPerTarget, recusals });
    return { plan, publicValue };
  });

describe('drawInspection: properties over random plans and public values', () => {
  it('never draws an inspector for a target the inspector is recused from', () => {
    fc.assert(
      fc.property(randomPlanArb, ({ plan, publicValue }) => {
        const { draw } = recordOf(plan, publicValue);
        for (const t of draw.selected) {
          for (const sub of t.inspectors) {
            expect(plan.recusals).not.toContainEqual({ creditCode: t.creditCode, inspector: sub });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('draws targetCount distinct targets of the plan, each with inspectorsPerTarget distinct eligible inspectors', () => {
    fc.assert(
      fc.property(randomPlanArb, ({ plan, publicValue }) => {
        const { draw } = recordOf(plan, publicValue);
        const codes = draw.selected.map((t) => t.creditCode);
        expect(codes).toHaveLength(plan.targetCount);
        expect(new Set(codes).size).toBe(plan.targetCount);
        for (const t of draw.selected) {
          expect(plan.targets).toContainEqual({ creditCode: t.creditCode, name: t.name });
          expect(t.inspectors).toHaveLength(plan.inspectorsPerTarget);
          expect(new Set(t.inspectors).size).toBe(plan.inspectorsPerTarget);
          for (const sub of t.inspectors) expect(eligibleInspectors(plan, t.creditCode)).toContain(sub);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('verifies every honest record it draws', () => {
    fc.assert(
      fc.property(randomPlanArb, ({ plan, publicValue }) => {
        expect(verifyDraw(recordOf(plan, publicValue)).matches).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('drawInspection: fairness over many public values', () => {
  // 10 targets, 3 drawn, 2 of 6 inspectors each; the first target excludes two inspectors, the second one.
  const plan = planOf({
    recusals: [
      { creditCode: code(1), inspector: 'e-1' },
      { creditCode: code(1), inspector: 'e-2' },
      { creditCode: code(2), inspector: 'e-3' },
    ],
  });
  const DRAWS = 4000;

  /** Pearson's chi-square statistic of observed counts against equal expected counts. */
  function chiSquare(counts: number[]): number {
    const total = counts.reduce((a, b) => a + b, 0);
    const expected = total / counts.length;
    return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  }
  /** Chi-square critical values at p = 0.001, by degrees of freedom. */
  const CRITICAL_P001: Record<number, number> = { 3: 16.27, 4: 18.47, 5: 20.52, 9: 27.88 };

  let tallies: { targets: Map<string, number>; inspectors: Map<string, Map<string, number>> } | undefined;
  /** One pass of DRAWS draws, shared by the tests below. */
  function tally() {
    if (tallies) return tallies;
    const planText = canonicalJson(plan);
    const planHash = planHashOf(planText);
    const targets = new Map(plan.targets.map((t) => [t.creditCode, 0]));
    const inspectors = new Map(plan.targets.map((t) => [t.creditCode, new Map(eligibleInspectors(plan, t.creditCode).map((s) => [s, 0]))]));
    for (let i = 0; i < DRAWS; i++) {
      for (const t of drawInspection(plan, planHash, `public value ${i}`).selected) {
        targets.set(t.creditCode, targets.get(t.creditCode)! + 1);
        const perTarget = inspectors.get(t.creditCode)!;
        for (const sub of t.inspectors) perTarget.set(sub, perTarget.get(sub)! + 1);
      }
    }
    tallies = { targets, inspectors };
    return tallies;
  }

  it('selects every target about equally often (chi-square against uniform, p = 0.001)', () => {
    const counts = [...tally().targets.values()];
    expect(counts).toHaveLength(10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(DRAWS * 3);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(chiSquare(counts)).toBeLessThan(CRITICAL_P001[9]!);
  });

  it('selects each eligible inspector of a target about equally often, recusals included (chi-square, p = 0.001)', () => {
    const { inspectors } = tally();
    expect([...inspectors.get(code(1))!.keys()]).toEqual(['e-3', 'e-4', 'e-5', 'e-6']);
    expect([...inspectors.get(code(2))!.keys()]).toEqual(['e-1', 'e-2', 'e-4', 'e-5', 'e-6']);
    for (const [creditCode, perInspector] of inspectors) {
      const counts = [...perInspector.values()];
      expect(Math.min(...counts), creditCode).toBeGreaterThan(0);
      expect(chiSquare(counts), creditCode).toBeLessThan(CRITICAL_P001[counts.length - 1]!);
    }
  });

  it('would notice a biased draw: the statistic of a skewed tally is far above the threshold', () => {
    // The check itself can fail: a tally in which one target is picked a quarter more often.
    const skewed = [1500, ...Array.from({ length: 9 }, () => 1167)];
    expect(chiSquare(skewed)).toBeGreaterThan(CRITICAL_P001[9]!);
  });
});

describe('verifyDraw', () => {
  // Every target excludes one inspector, so any drawn target has one to put in.
  const plan = planOf({
    recusals: Array.from({ length: 10 }, (_, i) => ({ creditCode: code(i + 1), inspector: INSPECTORS[i % INSPECTORS.length]! })),
  });

  it('matches an honest record, every check passed', () => {
    const check = verifyDraw(recordOf(plan));
    expect(check.matches).toBe(true);
    expect(check.checks.map((c) => [c.name, c.ok])).toEqual([
      ['plan_hash', true],
      ['seed', true],
      ['draw', true],
      ['recusals', true],
    ]);
  });

  it('names plan_hash when the published plan text was edited', () => {
    const record = recordOf(plan);
    const edited = { ...record, planText: record.planText.replace('第一批', '第二批') };
    expect(edited.planText).not.toBe(record.planText);
    const check = verifyDraw(edited);
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['plan_hash']);
  });

  it('reports, rather than fails, a plan text edited so that it cannot be drawn', () => {
    const record = recordOf(plan);
    const edited = { ...record, planText: record.planText.replace('"inspectorsPerTarget":2', '"inspectorsPerTarget":9') };
    expect(edited.planText).not.toBe(record.planText);
    const check = verifyDraw(edited);
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['plan_hash', 'draw']);
  });

  it('names seed when the published seed was edited', () => {
    const record = recordOf(plan);
    const edited = {
      ...record,
      draw: { ...record.draw, seed: `${record.draw.seed.slice(0, -1)}${record.draw.seed.endsWith('0') ? '1' : '0'}` },
    };
    const check = verifyDraw(edited);
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['seed']);
  });

  it('names seed and draw when the public value was edited', () => {
    const record = recordOf(plan);
    const check = verifyDraw({ ...record, draw: { ...record.draw, publicValue: `${record.draw.publicValue} ` } });
    expect(failing(check)).toEqual(['seed', 'draw']);
  });

  it('names draw when a drawn target is swapped for one not drawn', () => {
    const record = recordOf(plan);
    const drawn = new Set(record.draw.selected.map((t) => t.creditCode));
    const first = record.draw.selected[0]!;
    // A target not drawn from which neither of the first target's inspectors is recused.
    const other = plan.targets.find(
      (t) => !drawn.has(t.creditCode) && first.inspectors.every((sub) => eligibleInspectors(plan, t.creditCode).includes(sub)),
    )!;
    const selected = [{ ...first, creditCode: other.creditCode, name: other.name }, ...record.draw.selected.slice(1)];
    const check = verifyDraw({ ...record, draw: { ...record.draw, selected } });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['draw']);
    expect(check.checks.find((c) => c.name === 'draw')!.detail).toContain(other.creditCode);
  });

  it('names draw when a drawn inspector is swapped for another eligible one', () => {
    const record = recordOf(plan);
    const first = record.draw.selected[0]!;
    const substitute = eligibleInspectors(plan, first.creditCode).find((sub) => !first.inspectors.includes(sub))!;
    const selected = [{ ...first, inspectors: [substitute, first.inspectors[1]!] }, ...record.draw.selected.slice(1)];
    const check = verifyDraw({ ...record, draw: { ...record.draw, selected } });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['draw']);
  });

  it('names draw and recusals when a recused inspector is put in', () => {
    const record = recordOf(plan);
    const first = record.draw.selected[0]!;
    const recused = plan.recusals.find((r) => r.creditCode === first.creditCode)!.inspector;
    const selected = [{ ...first, inspectors: [recused, first.inspectors[1]!] }, ...record.draw.selected.slice(1)];
    const check = verifyDraw({ ...record, draw: { ...record.draw, selected } });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['draw', 'recusals']);
    expect(check.checks.find((c) => c.name === 'recusals')!.detail).toContain(`${recused} → ${first.creditCode}`);
  });

  it('does not match a record that has not been drawn yet', () => {
    const record = recordOf(plan);
    const check = verifyDraw({ ...record, draw: null });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['draw']);
  });
});
