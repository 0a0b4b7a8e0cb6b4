// The random-inspection draw (SPEC §13, 双随机): deterministic from the published plan and public value,
// sensitive to every input, never drawing a recused inspector, fair across targets and eligible
// inspectors; the public value written one way only, so that one result gives one draw; and its
// verifier, which names the part of a published record that does not hold, and never throws.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '#domain/identifiers/credit-code.ts';
import {
  canonicalPublicValue,
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
    publicValueNumbers: 7,
    ...overrides,
  };
}

/** The result 03 07 15 22 28 31 + 09 (seven numbers), written the one way. */
const PUBLIC_VALUE = '3-7-15-22-28-31-9';

/** The published record of a plan drawn with a public value (as given: canonical unless a test says otherwise). */
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
    ['another count of public value numbers', (p: FrozenPlan) => ({ ...p, publicValueNumbers: 6 })],
  ])('changes the plan hash and the draw when the plan has %s', (_, change) => {
    const before = recordOf(planOf());
    const after = recordOf(change(planOf()));
    expect(after.planHash).not.toBe(before.planHash);
    expect(after.draw.seed).not.toBe(before.draw.seed);
    expect(after.draw.selected).not.toEqual(before.draw.selected);
  });

  it('changes the seed and the draw when the public value changes', () => {
    const before = recordOf(planOf(), PUBLIC_VALUE);
    const after = recordOf(planOf(), '3-7-15-22-28-31-10');
    expect(after.planHash).toBe(before.planHash);
    expect(after.draw.seed).not.toBe(before.draw.seed);
    expect(after.draw.selected).not.toEqual(before.draw.selected);
  });

  it('takes as seed the SHA-256 of the UTF-8 text plan hash ‖ public value (printf "%s%s" | sha256sum)', () => {
    const record = recordOf(planOf(), canonicalPublicValue('双色球：03 07 15 22 28 31 + 09', 7)!);
    expect(record.draw.publicValue).toBe(PUBLIC_VALUE);
    const expected = createHash('sha256').update(`${record.planHash}3-7-15-22-28-31-9`, 'utf8').digest('hex');
    expect(record.draw.seed).toBe(expected);
    expect(toHex(seedOf(record.planHash, record.draw.publicValue))).toBe(expected);
    expect(record.planHash).toBe(createHash('sha256').update(record.planText, 'utf8').digest('hex'));
  });
});

describe('canonicalPublicValue: one result, one way of writing it', () => {
  it('keeps the numbers, without leading zeros, joined by -', () => {
    expect(canonicalPublicValue('03 07 12 + 09', 4)).toBe('3-7-12-9');
    expect(canonicalPublicValue('03 07 15 22 28 31 + 09', 7)).toBe(PUBLIC_VALUE);
  });

  it.each(['03 07 12 + 09', '3 7 12 9', '03,07,12,09', '3-7-12-9', '红球 03 07 12 蓝球 09', ' 003\t7\n012+0009 ', '3、7、12；9'])(
    'reads %j as 3-7-12-9',
    (text) => {
      expect(canonicalPublicValue(text, 4)).toBe('3-7-12-9');
    },
  );

  it('keeps a zero a zero, and a long number whole (no rounding through floating point)', () => {
    expect(canonicalPublicValue('00 0 07', 3)).toBe('0-0-7');
    expect(canonicalPublicValue('12345678901234567890123 + 000000000000000000001', 2)).toBe('12345678901234567890123-1');
  });

  it.each([
    ['03 07 12', 4],
    ['03 07 12 + 09 + 11', 4],
    ['', 1],
    ['蓝球', 1],
    // The issue number is a number too: the value must be the result alone.
    ['2026025 期：03 07 12 + 09', 4],
  ])('refuses %j when the plan announced %d numbers', (text, numbers) => {
    expect(canonicalPublicValue(text, numbers)).toBeNull();
  });

  it('gives every spelling of a result its canonical form, which is canonical itself', () => {
    const spelling = fc.record({
      numbers: fc.array(fc.nat({ max: 99_999 }), { minLength: 1, maxLength: 20 }),
      zeros: fc.array(fc.nat({ max: 3 }), { minLength: 20, maxLength: 20 }),
      separators: fc.array(fc.stringMatching(/^[^0-9]{1,4}$/), { minLength: 21, maxLength: 21 }),
    });
    fc.assert(
      fc.property(spelling, ({ numbers, zeros, separators }) => {
        const text = numbers.map((n, i) => `${separators[i]!}${'0'.repeat(zeros[i]!)}${n}`).join('') + separators[20]!;
        const canonical = canonicalPublicValue(text, numbers.length);
        expect(canonical).toBe(numbers.join('-'));
        expect(canonicalPublicValue(canonical!, numbers.length)).toBe(canonical);
        expect(canonicalPublicValue(text, numbers.length + 1)).toBeNull();
      }),
      { numRuns: 300 },
    );
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
    numbers: fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 20 }),
  })
  .map(({ targets, targetCount, inspectors, perTarget, recused, numbers }) => {
    const subs = Array.from({ length: inspectors }, (_, i) => `officer-${i + 1}`);
    const inspectorsPerTarget = Math.min(perTarget, inspectors);
    const listed = Array.from({ length: targets }, (_, i) => ({ creditCode: code(100 + i), name: `商户 ${i}` }));
    const recusals = listed.flatMap((t, ti) =>
      subs
        .filter((_, si) => recused[ti]![si])
        .slice(0, inspectors - inspectorsPerTarget)
        .map((inspector) => ({ creditCode: t.creditCode, inspector })),
    );
    const plan = planOf({
      targets: listed,
      targetCount: Math.min(targetCount, targets),
      inspectors: subs,
      inspectorsPerTarget,
      recusals,
      publicValueNumbers: numbers.length,
    });
    return { plan, publicValue: numbers.join('-') };
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
      ['public_value', true],
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

  it('names seed and draw when the public value was edited to another result', () => {
    const record = recordOf(plan);
    const check = verifyDraw({ ...record, draw: { ...record.draw, publicValue: '3-7-15-22-28-31-10' } });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['seed', 'draw']);
  });

  it('names public_value, seed and draw when the public value was respelled after the draw', () => {
    const record = recordOf(plan);
    const check = verifyDraw({ ...record, draw: { ...record.draw, publicValue: `${record.draw.publicValue} ` } });
    expect(failing(check)).toEqual(['public_value', 'seed', 'draw']);
  });

  it.each([
    ['another spelling of the result', '03 07 15 22 28 31 + 09', '3-7-15-22-28-31-9'],
    ['leading zeros', '03-07-15-22-28-31-09', '3-7-15-22-28-31-9'],
    ['fewer numbers than the plan announced', '3-7-15-22-28-31', 'none'],
    ['more numbers than the plan announced', '3-7-15-22-28-31-9-1', 'none'],
  ])('names public_value alone when the draw was made, seed and all, from %s', (_, publicValue, canonical) => {
    // A drawer trying several spellings of one result for a draw it likes: seed and draw agree with the
    // value stated, but the value is not the one way the plan's result is written.
    const record = recordOf(plan, publicValue);
    const check = verifyDraw(record);
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['public_value']);
    const detail = check.checks.find((c) => c.name === 'public_value')!.detail;
    expect(detail).toContain(publicValue);
    expect(detail).toContain(`(${canonical})`);
  });

  it('gives another seed and draw to each spelling of one result: only the canonical one verifies', () => {
    const canonical = recordOf(plan, PUBLIC_VALUE);
    const respelled = recordOf(plan, '03 07 15 22 28 31 + 09');
    expect(respelled.draw.seed).not.toBe(canonical.draw.seed);
    expect(verifyDraw(canonical).matches).toBe(true);
    expect(verifyDraw(respelled).matches).toBe(false);
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

  it('names draw when a drawn target is renamed', () => {
    const record = recordOf(plan);
    const [first, ...rest] = record.draw.selected;
    const selected = [{ ...first!, name: '另一家公司' }, ...rest];
    const check = verifyDraw({ ...record, draw: { ...record.draw, selected } });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['draw']);
    const detail = check.checks.find((c) => c.name === 'draw')!.detail;
    expect(detail).toContain(first!.name);
    expect(detail).toContain('另一家公司');
  });

  it('names draw when a drawn target or inspector is left out, or one is added', () => {
    const record = recordOf(plan);
    const first = record.draw.selected[0]!;
    const other = plan.targets.find((t) => !record.draw.selected.some((s) => s.creditCode === t.creditCode))!;
    for (const selected of [
      record.draw.selected.slice(1),
      [...record.draw.selected, { ...other, inspectors: eligibleInspectors(plan, other.creditCode).slice(0, 2) }],
      [{ ...first, inspectors: first.inspectors.slice(0, 1) }, ...record.draw.selected.slice(1)],
      [
        {
          ...first,
          inspectors: [...first.inspectors, eligibleInspectors(plan, first.creditCode).find((s) => !first.inspectors.includes(s))!],
        },
        ...record.draw.selected.slice(1),
      ],
    ]) {
      const check = verifyDraw({ ...record, draw: { ...record.draw, selected } });
      expect(check.matches, JSON.stringify(selected)).toBe(false);
      expect(failing(check)).toEqual(['draw']);
    }
  });

  it('names draw when the two inspectors drawn for a target are stated as one whose name joins theirs', () => {
    // An inspector is any officer's sub, commas included: the record must state each one on its own.
    const record = recordOf(plan);
    const first = record.draw.selected[0]!;
    const selected = [{ ...first, inspectors: [first.inspectors.join(',')] }, ...record.draw.selected.slice(1)];
    const check = verifyDraw({ ...record, draw: { ...record.draw, selected } });
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['draw']);
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

  it('names plan_hash and public_value when the count of numbers was taken out of the plan text', () => {
    const record = recordOf(plan);
    const edited = { ...record, planText: record.planText.replace('"publicValueNumbers":7,', '') };
    expect(edited.planText).not.toBe(record.planText);
    const check = verifyDraw(edited);
    expect(check.matches).toBe(false);
    expect(failing(check)).toEqual(['plan_hash', 'public_value']);
  });

  it.each<[string, (r: ReturnType<typeof recordOf>) => unknown]>([
    ['a plan text that is not JSON', (r) => ({ ...r, planText: `${r.planText.slice(0, -1)},` })],
    ['a plan text that is JSON null', (r) => ({ ...r, planText: 'null' })],
    ['a plan text that is a number', (r) => ({ ...r, planText: 42 })],
    ['a plan without targets', (r) => ({ ...r, planText: r.planText.replace('"targets":', '"targetz":') })],
    ['a plan with no recusals list', (r) => ({ ...r, planText: r.planText.replace('"recusals":', '"recusalz":') })],
    ['a draw that is an empty object', (r) => ({ ...r, draw: {} })],
    ['a draw that is a string', (r) => ({ ...r, draw: 'drawn' })],
    ['a public value that is a number', (r) => ({ ...r, draw: { ...r.draw, publicValue: 3715222831 } })],
    ['no selected targets list', (r) => ({ ...r, draw: { ...r.draw, selected: undefined } })],
    ['a selected target that is null', (r) => ({ ...r, draw: { ...r.draw, selected: [null, ...r.draw.selected.slice(1)] } })],
    ['inspectors that are not a list', (r) => ({ ...r, draw: { ...r.draw, selected: [{ ...r.draw.selected[0]!, inspectors: 'e-1' }] } })],
  ])('reports, rather than throws, a malformed record: %s', (_, malform) => {
    const record = malform(recordOf(plan)) as DrawRecord;
    let check: DrawCheck | undefined;
    expect(() => {
      check = verifyDraw(record);
    }).not.toThrow();
    expect(check!.matches).toBe(false);
    expect(failing(check!)).toContain('draw');
    for (const c of check!.checks) expect(typeof c.detail).toBe('string');
  });

  it('never throws on a record with any field replaced by anything, and matches only the honest one', () => {
    const honest = recordOf(plan);
    const paths: (string | number)[][] = [
      ['planText'],
      ['planHash'],
      ['draw'],
      ['draw', 'publicValue'],
      ['draw', 'seed'],
      ['draw', 'selected'],
      ['draw', 'selected', 0],
      ['draw', 'selected', 0, 'creditCode'],
      ['draw', 'selected', 0, 'name'],
      ['draw', 'selected', 0, 'inspectors'],
      ['draw', 'selected', 0, 'inspectors', 0],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const record = structuredClone(honest) as unknown as Record<string | number, any>;
        let parent = record;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path.at(-1)!] = value;
        const check = verifyDraw(record as unknown as DrawRecord);
        const unchanged = JSON.stringify(record) === JSON.stringify(honest);
        if (!unchanged) expect(check.matches, `${path.join('.')} = ${JSON.stringify(value)}`).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the plan a record states is the round’s own', () => {
  it('names plan_hash when a record carries another round’s plan (text and hash consistent), or another freezing time', () => {
    const plan = frozenPlanFor('round-a');
    const planText = JSON.stringify(plan);
    const planHash = planHashOf(planText);
    const drawn = drawInspection(plan, planHash, '1-2-3');
    const honest = { inspectionId: 'round-a', frozenAt: plan.frozenAt, planText, planHash, draw: { publicValue: '1-2-3', ...drawn } };
    expect(verifyDraw(honest).matches).toBe(true);
    const borrowed = verifyDraw({ ...honest, inspectionId: 'round-b' });
    expect(borrowed.matches).toBe(false);
    expect(borrowed.checks.find((c) => c.name === 'plan_hash')).toMatchObject({ ok: false });
    expect(verifyDraw({ ...honest, frozenAt: '2026-12-01T00:00:00.000Z' }).checks[0]).toMatchObject({ name: 'plan_hash', ok: false });
    const otherProcedure = JSON.stringify({ ...plan, procedure: 'some-other-draw/1' });
    expect(verifyDraw({ ...honest, planText: otherProcedure, planHash: planHashOf(otherProcedure) }).checks[0]).toMatchObject({
      name: 'plan_hash',
      ok: false,
    });
  });
});

function frozenPlanFor(inspectionId: string): FrozenPlan {
  return {
    procedure: DRAW_PROCEDURE,
    inspectionId,
    name: '核对计划归属',
    agency: 'market_regulation',
    frozenAt: '2026-12-06T02:00:00.000Z',
    targets: [
      { creditCode: '91110108551385082Q', name: '乙公司' },
      { creditCode: '91350100M000100Y43', name: '甲公司' },
      { creditCode: '91440300708461136T', name: '丙公司' },
    ],
    targetCount: 2,
    inspectors: ['i-1', 'i-2', 'i-3'],
    inspectorsPerTarget: 2,
    recusals: [],
    publicValueSource: '下一期 3D 开奖号码',
    publicValueNumbers: 3,
  };
}
