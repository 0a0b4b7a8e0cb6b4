import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENCIES } from '#domain/agencies.ts';
import { PATHS, STATUSES, type CasePath } from '#domain/model.ts';
import {
  caseStats,
  clockRuns,
  histogramMedian,
  median,
  resolvedAt,
  statsDelta,
  statsFromCounters,
  type CaseSummary,
} from '#domain/stats.ts';

const ASOF = '2026-04-01T00:00:00.000Z';

function summary(patch: Partial<CaseSummary> = {}): CaseSummary {
  return {
    status: 'queued',
    path: 'mediation',
    rightKind: 'patent',
    countyCode: '610902',
    zone: null,
    complainantType: 'enterprise',
    agency: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    outcomeAt: null,
    transferredTo: null,
    overdueFlag: false,
    dueAt: null,
    ...patch,
  };
}

const resolved = (path: CaseSummary['path'], days: number, via: 'outcome' | 'updatedAt' = 'outcome') => {
  const end = new Date(Date.parse('2026-03-01T00:00:00.000Z') + days * 86_400_000).toISOString();
  return summary({
    status: 'resolved',
    path,
    ...(via === 'outcome' ? { outcomeAt: end, updatedAt: '2026-03-31T00:00:00.000Z' } : { updatedAt: end }),
  });
};

describe('case statistics', () => {
  it('answers zeros for every status, path, right kind and county, and no medians, when there are no cases', () => {
    const stats = caseStats([], ASOF);
    expect(stats.total).toBe(0);
    expect(stats.overdue).toBe(0);
    expect(stats.asOf).toBe(ASOF);
    expect(Object.keys(stats.byStatus)).toHaveLength(8);
    expect(Object.values(stats.byStatus).every((n) => n === 0)).toBe(true);
    expect(stats.byPath).toEqual({
      mediation: 0,
      arbitration: 0,
      notarization: 0,
      administrative_adjudication: 0,
      administrative_enforcement: 0,
    });
    expect(Object.keys(stats.byRightKind).sort()).toEqual(['copyright', 'geographical_indication', 'patent', 'plant_variety', 'trademark']);
    expect(Object.keys(stats.byCounty)).toHaveLength(10);
    expect(stats.medianDaysToResolution).toEqual({
      mediation: null,
      arbitration: null,
      notarization: null,
      administrative_adjudication: null,
      administrative_enforcement: null,
    });
  });

  it('counts cases by status, path, right kind and county', () => {
    const stats = caseStats(
      [
        summary(),
        summary({ status: 'in_progress', rightKind: 'trademark', countyCode: '610981' }),
        summary({ status: 'submitted', path: null, countyCode: '610921' }),
        summary({ path: 'arbitration', rightKind: 'copyright', countyCode: '610981' }),
        summary({ status: 'in_progress', path: 'administrative_enforcement', rightKind: 'plant_variety', countyCode: '610922' }),
      ],
      ASOF,
    );
    expect(stats.total).toBe(5);
    expect(stats.byStatus).toMatchObject({ queued: 2, in_progress: 2, submitted: 1, resolved: 0 });
    // An unrouted case has no path yet: counted in the total, not under a path.
    expect(stats.byPath).toEqual({
      mediation: 2,
      arbitration: 1,
      notarization: 0,
      administrative_adjudication: 0,
      administrative_enforcement: 1,
    });
    expect(stats.byRightKind).toMatchObject({ patent: 2, trademark: 1, copyright: 1, plant_variety: 1, geographical_indication: 0 });
    expect(stats.byCounty).toMatchObject({ '610902': 1, '610981': 2, '610921': 1, '610922': 1, '610923': 0 });
  });

  it('counts cases by protection pilot zone, and a case without a zone under none (SPEC §3 v2)', () => {
    const stats = caseStats(
      [
        summary({ zone: 'ankang_high_tech_zone' }),
        summary({ zone: 'ankang_high_tech_zone', countyCode: '610921' }),
        summary({ zone: 'hengkou_demonstration_zone' }),
        summary(),
      ],
      ASOF,
    );
    expect(stats.byZone).toEqual({ ankang_high_tech_zone: 2, hengkou_demonstration_zone: 1 });
    expect(caseStats([summary()], ASOF).byZone).toEqual({ ankang_high_tech_zone: 0, hengkou_demonstration_zone: 0 });
  });

  it('counts cases by complainant type, foreign parties included', () => {
    const stats = caseStats(
      [
        summary(),
        summary({ complainantType: 'individual' }),
        summary({ complainantType: 'foreign_enterprise' }),
        summary({ complainantType: 'foreign_enterprise' }),
        summary({ complainantType: 'foreign_individual' }),
      ],
      ASOF,
    );
    expect(stats.byComplainantType).toEqual({ enterprise: 1, individual: 1, foreign_enterprise: 2, foreign_individual: 1 });
  });

  it('counts the officers’ cases per agency: adjudication under market regulation, enforcement under the case’s agency (SPEC §12)', () => {
    // Prepare
    const cases = [
      summary({ path: 'administrative_adjudication', agency: 'market_regulation' }),
      summary({ path: 'administrative_enforcement', agency: 'market_regulation', rightKind: 'trademark' }),
      summary({ path: 'administrative_enforcement', agency: 'culture_tourism', rightKind: 'copyright' }),
      summary({ path: 'administrative_enforcement', agency: 'culture_tourism', rightKind: 'copyright', status: 'resolved' }),
      summary({ path: 'administrative_enforcement', agency: 'forestry', rightKind: 'plant_variety' }),
      summary({ path: 'mediation', agency: null }),
    ];

    // Act
    const stats = caseStats(cases, ASOF);

    // Assess
    expect(stats.byAgency).toEqual({
      market_regulation: { administrative_adjudication: 1, administrative_enforcement: 1 },
      culture_tourism: { administrative_adjudication: 0, administrative_enforcement: 2 },
      agriculture_rural: { administrative_adjudication: 0, administrative_enforcement: 0 },
      forestry: { administrative_adjudication: 0, administrative_enforcement: 1 },
    });
  });

  it('counts a case an officer opened without a complainant in the total and its path, under no complainant type (SPEC §12)', () => {
    // Prepare
    const cases = [summary(), summary({ complainantType: null, path: 'administrative_enforcement', rightKind: 'trademark' })];

    // Act
    const stats = caseStats(cases, ASOF);

    // Assess
    expect(stats.total).toBe(2);
    expect(stats.byPath.administrative_enforcement).toBe(1);
    expect(stats.byComplainantType).toEqual({ enterprise: 1, individual: 0, foreign_enterprise: 0, foreign_individual: 0 });
  });

  it('takes the median of days to resolution per path, averaging the middle two of an even count', () => {
    const stats = caseStats(
      [
        resolved('mediation', 10),
        resolved('mediation', 2),
        resolved('mediation', 30),
        resolved('arbitration', 4),
        resolved('arbitration', 7),
        resolved('administrative_enforcement', 40),
        resolved('administrative_enforcement', 90),
      ],
      ASOF,
    );
    expect(stats.medianDaysToResolution).toEqual({
      mediation: 10,
      arbitration: 5.5,
      notarization: null,
      administrative_adjudication: null,
      administrative_enforcement: 65,
    });
  });

  it('measures resolution to the outcome time when recorded, else to the last update', () => {
    expect(resolvedAt({ outcomeAt: '2026-03-05T00:00:00.000Z', updatedAt: '2026-03-09T00:00:00.000Z' })).toBe('2026-03-05T00:00:00.000Z');
    expect(resolvedAt({ outcomeAt: null, updatedAt: '2026-03-09T00:00:00.000Z' })).toBe('2026-03-09T00:00:00.000Z');
    const stats = caseStats([resolved('notarization', 3, 'updatedAt')], ASOF);
    expect(stats.medianDaysToResolution.notarization).toBe(3);
  });

  it('counts only resolved cases in the medians, not rejected, withdrawn or transferred ones', () => {
    const stats = caseStats(
      [
        resolved('mediation', 6),
        summary({ status: 'rejected', path: 'arbitration', updatedAt: '2026-03-20T00:00:00.000Z' }),
        summary({ status: 'withdrawn', updatedAt: '2026-03-02T00:00:00.000Z' }),
        summary({ status: 'transferred', path: 'administrative_adjudication', updatedAt: '2026-03-03T00:00:00.000Z' }),
        summary({ status: 'transferred', path: 'administrative_enforcement', updatedAt: '2026-03-04T00:00:00.000Z' }),
        summary({ status: 'rejected', path: 'administrative_enforcement', updatedAt: '2026-03-05T00:00:00.000Z' }),
      ],
      ASOF,
    );
    expect(stats.medianDaysToResolution).toEqual({
      mediation: 6,
      arbitration: null,
      notarization: null,
      administrative_adjudication: null,
      administrative_enforcement: null,
    });
  });

  it('rounds fractional days to two decimals', () => {
    const stats = caseStats([summary({ status: 'resolved', outcomeAt: '2026-03-01T08:00:00.000Z' })], ASOF);
    expect(stats.medianDaysToResolution.mediation).toBe(0.33);
  });

  it('counts running clocks flagged overdue or already past due', () => {
    const stats = caseStats(
      [
        summary({ overdueFlag: true, dueAt: '2026-03-20T15:59:59.999Z' }),
        summary({ dueAt: '2026-03-31T15:59:59.999Z' }), // due before asOf, not swept yet
        summary({ dueAt: '2026-04-02T15:59:59.999Z' }), // still running
        summary({ overdueFlag: true, dueAt: null }), // the clock has stopped (e.g. mediation failed)
      ],
      ASOF,
    );
    expect(stats.overdue).toBe(2);
  });

  it('counts a case transferred to police past its decision clock, but no other final case', () => {
    const pastDue = { dueAt: '2026-03-02T15:59:59.999Z', overdueFlag: true };
    const stats = caseStats(
      [
        summary({ status: 'transferred', transferredTo: 'police', ...pastDue }),
        summary({ status: 'transferred', transferredTo: 'litigation', ...pastDue }),
        summary({ status: 'resolved', ...pastDue }),
        summary({ status: 'withdrawn', ...pastDue }),
      ],
      ASOF,
    );
    expect(stats.overdue).toBe(1);
  });

  it('finds the median of odd and even lists whatever their order', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('statistics kept as counters', () => {
  /** Applies every case's history (a list of summaries, oldest first) as the store does: delta by delta. */
  function keep(histories: CaseSummary[][]) {
    const totals: Record<string, number> = {};
    const histograms = Object.fromEntries(PATHS.map((p) => [p, new Map<number, number>()])) as Record<CasePath, Map<number, number>>;
    for (const history of histories) {
      let before: CaseSummary | null = null;
      for (const after of history) {
        const delta = statsDelta(before, after);
        for (const [name, n] of Object.entries(delta.counters)) totals[name] = (totals[name] ?? 0) + n;
        for (const r of delta.resolutions) histograms[r.path].set(r.hundredths, (histograms[r.path].get(r.hundredths) ?? 0) + r.delta);
        before = after;
      }
    }
    return { totals, histograms };
  }

  const arbitrarySummary = fc.record({
    status: fc.constantFrom(...STATUSES),
    path: fc.option(fc.constantFrom(...PATHS), { nil: null }),
    rightKind: fc.constantFrom('patent', 'trademark', 'copyright'),
    countyCode: fc.constantFrom('610902', '610921', '610981'),
    zone: fc.constantFrom(null, 'ankang_high_tech_zone', 'hengkou_demonstration_zone'),
    complainantType: fc.constantFrom('enterprise', 'individual', 'foreign_enterprise', 'foreign_individual', null),
    agency: fc.constantFrom(null, ...AGENCIES),
    createdAt: fc.constant('2026-03-01T00:00:00.000Z'),
    updatedAt: fc
      .integer({ min: 0, max: 60 * 24 * 40 })
      .map((m) => new Date(Date.parse('2026-03-01T00:00:00.000Z') + m * 60_000).toISOString()),
    outcomeAt: fc.constant(null),
    transferredTo: fc.constantFrom(null, 'police', 'litigation'),
    overdueFlag: fc.boolean(),
    dueAt: fc.constantFrom(null, '2026-03-02T15:59:59.999Z', '2026-05-02T15:59:59.999Z'),
  }) as fc.Arbitrary<CaseSummary>;

  it('answers what counting every case answers, medians within a hundredth of a day', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbitrarySummary, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), (histories) => {
        const { totals, histograms } = keep(histories);
        const current = histories.map((h) => h.at(-1)!);
        const unswept = current.filter(
          (c) => c.dueAt !== null && !c.overdueFlag && clockRuns(c.status, c.transferredTo) && Date.parse(c.dueAt) < Date.parse(ASOF),
        ).length;
        const kept = statsFromCounters(totals, histograms, unswept, ASOF);
        const counted = caseStats(current, ASOF);
        expect({ ...kept, medianDaysToResolution: null }).toEqual({ ...counted, medianDaysToResolution: null });
        for (const p of PATHS) {
          const a = kept.medianDaysToResolution[p];
          const b = counted.medianDaysToResolution[p];
          expect(a === null).toBe(b === null);
          if (a !== null && b !== null) expect(Math.abs(a - b)).toBeLessThanOrEqual(0.011);
        }
      }),
    );
  });

  it('changes nothing when a case changes in ways the statistics do not show', () => {
    const queued = summary();
    expect(statsDelta(queued, { ...queued, updatedAt: '2026-03-05T00:00:00.000Z' })).toEqual({ counters: {}, resolutions: [] });
  });

  it('moves a resolved case between histogram buckets when its resolution time changes', () => {
    const a = resolved('mediation', 7);
    const b = resolved('mediation', 8);
    expect(statsDelta(a, b).resolutions).toEqual([
      { path: 'mediation', hundredths: 700, delta: -1 },
      { path: 'mediation', hundredths: 800, delta: 1 },
    ]);
  });

  it('finds the median of a histogram, averaging the two middle values of an even count', () => {
    expect(histogramMedian(new Map())).toBeNull();
    expect(
      histogramMedian(
        new Map([
          [700, 1],
          [1000, 1],
        ]),
      ),
    ).toBe(850);
    expect(
      histogramMedian(
        new Map([
          [100, 3],
          [900, 1],
        ]),
      ),
    ).toBe(100);
    expect(
      histogramMedian(
        new Map([
          [100, 0],
          [900, 1],
        ]),
      ),
    ).toBe(900);
  });
});
