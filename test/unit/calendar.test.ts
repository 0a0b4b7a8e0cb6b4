import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SHIPPED_CALENDAR,
  addCalendarDays,
  addMonths,
  addWorkingDays,
  calendarSchema,
  calendarYearProblems,
  coversYear,
  cstDate,
  endOfCstDay,
  isCalendarDate,
  isWorkingDay,
  mergeCalendars,
  rollOverToWorkingDay,
  type Calendar,
} from '#domain/calendar.ts';

const cal = SHIPPED_CALENDAR;

// A made-up 2027 entry, only to show that adding a year as data changes the counting.
const extra2027: Calendar = {
  years: { '2027': { source: 'test data', holidays: ['2027-01-01'], workdays: ['2027-01-02'] } },
};

describe('the shipped 2026 calendar', () => {
  it('lists every official 2026 holiday day and the six make-up working days', () => {
    const y = cal.years['2026']!;
    expect(y.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(y.holidays).toContain('2026-02-23');
    expect(y.holidays).toContain('2026-10-07');
    expect(y.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(y.source).toMatch(/2025-11-04/);
  });

  it('covers 2026 and not 2025 or 2027', () => {
    expect(coversYear(2026, cal)).toBe(true);
    expect(coversYear(2025, cal)).toBe(false);
    expect(coversYear(2027, cal)).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it('treats an ordinary weekday as working and an ordinary weekend day as not', () => {
    expect(isWorkingDay('2026-03-05', cal)).toBe(true); // Thu
    expect(isWorkingDay('2026-03-07', cal)).toBe(false); // Sat
    expect(isWorkingDay('2026-03-08', cal)).toBe(false); // Sun
  });

  it('treats a holiday on a weekday as non-working', () => {
    expect(isWorkingDay('2026-10-05', cal)).toBe(false); // Mon, National Day
    expect(isWorkingDay('2026-02-23', cal)).toBe(false); // Mon, Spring Festival
  });

  it('treats a make-up Saturday or Sunday as working', () => {
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Sat
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sun
    expect(isWorkingDay('2026-01-04', cal)).toBe(true); // Sun
  });

  it('treats a holiday falling on a weekend as non-working', () => {
    expect(isWorkingDay('2026-01-03', cal)).toBe(false); // Sat
  });

  it('judges a year the data does not cover by weekends alone', () => {
    expect(isWorkingDay('2027-01-01', cal)).toBe(true); // Fri (in reality a holiday, but no data yet)
    expect(isWorkingDay('2027-01-02', cal)).toBe(false); // Sat
  });

  it('uses a year added by merging extra data', () => {
    const merged = mergeCalendars(cal, extra2027);
    expect(isWorkingDay('2027-01-01', merged)).toBe(false);
    expect(isWorkingDay('2027-01-02', merged)).toBe(true);
  });

  it('rejects a malformed date', () => {
    expect(() => isWorkingDay('2026-2-3', cal)).toThrow(RangeError);
  });
});

describe('calendarSchema', () => {
  const year = (holidays: string[], workdays: string[]) => ({
    years: { '2026': { source: 's', holidays, workdays } },
  });

  it('accepts the shipped data', () => {
    expect(calendarSchema.safeParse(cal).success).toBe(true);
  });

  it('rejects an impossible date', () => {
    expect(calendarSchema.safeParse(year(['2026-02-30'], [])).success).toBe(false);
  });

  it('rejects a date filed under the wrong year', () => {
    expect(calendarSchema.safeParse(year(['2027-01-01'], [])).success).toBe(false);
  });

  it('rejects a day listed as both holiday and workday', () => {
    expect(calendarSchema.safeParse(year(['2026-02-14'], ['2026-02-14'])).success).toBe(false);
  });

  it('rejects a make-up working day that is a weekday (a typo)', () => {
    expect(calendarSchema.safeParse(year([], ['2026-02-13'])).success).toBe(false);
  });

  it('rejects a misspelt field and a malformed year key', () => {
    expect(calendarSchema.safeParse({ years: { '2026': { source: 's', holiday: [], workdays: [] } } }).success).toBe(false);
    expect(calendarSchema.safeParse({ years: { '26': { source: 's', holidays: [], workdays: [] } } }).success).toBe(false);
  });
});

describe('mergeCalendars', () => {
  it('adds years from the second calendar without changing either input', () => {
    const merged = mergeCalendars(cal, extra2027);
    expect(coversYear(2026, merged)).toBe(true);
    expect(coversYear(2027, merged)).toBe(true);
    expect(coversYear(2027, cal)).toBe(false);
  });

  it('lets the second calendar replace a year both have (a correction)', () => {
    const fix: Calendar = { years: { '2026': { source: 'corrected', holidays: [], workdays: [] } } };
    const merged = mergeCalendars(cal, fix);
    expect(merged.years['2026']!.source).toBe('corrected');
    expect(isWorkingDay('2026-10-05', merged)).toBe(true);
  });
});

describe('addCalendarDays and addMonths', () => {
  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-01-30', 5)).toBe('2026-02-04');
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-05', 0)).toBe('2026-03-05');
  });

  it('clamps to the end of a shorter month: Jan 31 + 1 month is the last day of February', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
  });

  it('keeps the day of month when it exists and rolls over the year', () => {
    expect(addMonths('2026-03-10', 3)).toBe('2026-06-10');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-05-20', 12)).toBe('2027-05-20');
  });
});

describe('China Standard Time dates', () => {
  it('gives the CST date of an instant, which is the next day after 16:00 UTC', () => {
    expect(cstDate(new Date('2026-04-30T15:59:59.999Z'))).toBe('2026-04-30');
    expect(cstDate(new Date('2026-04-30T16:00:00.000Z'))).toBe('2026-05-01');
    expect(cstDate(new Date('2026-04-30T17:30:00Z'))).toBe('2026-05-01');
    expect(cstDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('gives the end of a CST day as a UTC timestamp', () => {
    expect(endOfCstDay('2026-03-05')).toBe('2026-03-05T15:59:59.999Z');
    expect(endOfCstDay('2026-12-31')).toBe('2026-12-31T15:59:59.999Z');
  });

  it('rejects an invalid Date', () => {
    expect(() => cstDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('counts from a Friday before the mid-autumn and National Day holidays', () => {
    // From Fri 2026-09-18, counting starts on Sat Sep 19 (not working):
    //  1 Sun Sep 20 (make-up), 2 Mon 21, 3 Tue 22, 4 Wed 23, 5 Thu 24,
    //  Fri 25–Sun 27 holidays, 6 Mon 28, 7 Tue 29, 8 Wed 30, Oct 1–7 holidays,
    //  9 Thu Oct 8, 10 Fri 9, 11 Sat 10 (make-up), Sun 11 not working, 12 Mon 12, 13 Tue 13, 14 Wed 14, 15 Thu 15.
    const expected = [
      '2026-09-20',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
      '2026-10-13',
      '2026-10-14',
      '2026-10-15',
    ];
    expected.forEach((date, i) => {
      expect(addWorkingDays('2026-09-18', i + 1, cal)).toEqual({ date, calendarIncomplete: false });
    });
  });

  it('counts across the Spring Festival', () => {
    // From Fri 2026-02-13: 1 Sat Feb 14 (make-up), Sun 15–Mon 23 holidays,
    // 2 Tue 24, 3 Wed 25, 4 Thu 26, 5 Fri 27, 6 Sat 28 (make-up), Sun Mar 1 not working, 7 Mon Mar 2.
    expect(addWorkingDays('2026-02-13', 1, cal).date).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2, cal).date).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-13', 5, cal).date).toBe('2026-02-27');
    expect(addWorkingDays('2026-02-13', 6, cal).date).toBe('2026-02-28');
    expect(addWorkingDays('2026-02-13', 7, cal).date).toBe('2026-03-02');
  });

  it('never counts the start date itself, and zero days gives the start date', () => {
    expect(addWorkingDays('2026-03-05', 1, cal).date).toBe('2026-03-06'); // Thu → Fri
    expect(addWorkingDays('2026-03-07', 1, cal).date).toBe('2026-03-09'); // Sat → Mon
    expect(addWorkingDays('2026-03-05', 0, cal)).toEqual({ date: '2026-03-05', calendarIncomplete: false });
  });

  it('counts weekends only in a year without data and says the calendar was incomplete', () => {
    // From Fri 2027-01-01: Sat 2, Sun 3 skipped; 1 Mon 4, 2 Tue 5, 3 Wed 6, 4 Thu 7, 5 Fri 8.
    expect(addWorkingDays('2027-01-01', 5, cal)).toEqual({ date: '2027-01-08', calendarIncomplete: true });
  });

  it('marks the count incomplete as soon as it crosses into an uncovered year', () => {
    // From Wed 2026-12-30: 1 Thu Dec 31, 2 Fri 2027-01-01 (no data), 3 Mon 4, 4 Tue 5, 5 Wed 6.
    expect(addWorkingDays('2026-12-30', 5, cal)).toEqual({ date: '2027-01-06', calendarIncomplete: true });
    expect(addWorkingDays('2026-12-30', 1, cal)).toEqual({ date: '2026-12-31', calendarIncomplete: false });
  });

  it('stops marking the count incomplete once the year is added as data', () => {
    // With 2027-01-01 a holiday and Sat 2027-01-02 a make-up day: 1 Sat Jan 2, 2 Mon 4, …, 5 Thu 7.
    expect(addWorkingDays('2027-01-01', 5, mergeCalendars(cal, extra2027))).toEqual({
      date: '2027-01-07',
      calendarIncomplete: false,
    });
  });

  it('rejects a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-03-05', -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-05', 1.5, cal)).toThrow(RangeError);
  });
});

describe('addWorkingDays properties', () => {
  // Dates from mid-2025 to 2028: covered and uncovered years and both year boundaries of 2026.
  const dateArb = fc
    .integer({ min: Date.UTC(2025, 5, 1), max: Date.UTC(2028, 11, 31) })
    .map((ms) => new Date(ms).toISOString().slice(0, 10));
  const countArb = fc.integer({ min: 1, max: 60 });

  const workingDaysBetween = (from: string, to: string): number => {
    let count = 0;
    for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
      if (isWorkingDay(d, cal)) count++;
    }
    return count;
  };

  it('lands on a working day strictly after the start, with exactly n working days in (start, result]', () => {
    fc.assert(
      fc.property(dateArb, countArb, (start, n) => {
        const { date } = addWorkingDays(start, n, cal);
        expect(isCalendarDate(date)).toBe(true);
        expect(date > start).toBe(true);
        expect(isWorkingDay(date, cal)).toBe(true);
        expect(workingDaysBetween(start, date)).toBe(n);
      }),
    );
  });

  it('moves strictly later as n grows', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (start, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(addWorkingDays(start, lo, cal).date < addWorkingDays(start, hi, cal).date).toBe(true);
      }),
    );
  });

  it('reports an incomplete calendar exactly when a counted-over day lies outside 2026', () => {
    fc.assert(
      fc.property(dateArb, countArb, (start, n) => {
        const { date, calendarIncomplete } = addWorkingDays(start, n, cal);
        const firstCounted = addCalendarDays(start, 1);
        const within2026 = firstCounted >= '2026-01-01' && date <= '2026-12-31';
        expect(calendarIncomplete).toBe(!within2026);
      }),
    );
  });
});

describe('rollOverToWorkingDay (SPEC §6 v2: a last day that is not a working day moves to the next one)', () => {
  it('keeps a working day, a make-up Saturday included', () => {
    expect(rollOverToWorkingDay('2026-03-04', cal)).toEqual({ date: '2026-03-04', calendarIncomplete: false });
    expect(rollOverToWorkingDay('2026-10-10', cal)).toEqual({ date: '2026-10-10', calendarIncomplete: false });
  });

  it('moves each day of every 2026 holiday to the first working day after it', () => {
    const runs: [string, string, string][] = [
      ['2026-01-01', '2026-01-03', '2026-01-04'],
      ['2026-02-15', '2026-02-23', '2026-02-24'],
      ['2026-04-04', '2026-04-06', '2026-04-07'],
      ['2026-05-01', '2026-05-05', '2026-05-06'],
      ['2026-06-19', '2026-06-21', '2026-06-22'],
      ['2026-09-25', '2026-09-27', '2026-09-28'],
      ['2026-10-01', '2026-10-07', '2026-10-08'],
    ];
    for (const [first, last, next] of runs) {
      for (let day = first; day <= last; day = addCalendarDays(day, 1)) {
        expect(rollOverToWorkingDay(day, cal), day).toEqual({ date: next, calendarIncomplete: false });
      }
    }
  });

  it('moves an ordinary weekend to Monday', () => {
    expect(rollOverToWorkingDay('2026-03-07', cal).date).toBe('2026-03-09');
  });

  it('marks a day judged in a year the data does not cover, moved or not', () => {
    expect(rollOverToWorkingDay('2027-01-01', cal)).toEqual({ date: '2027-01-01', calendarIncomplete: true });
    expect(rollOverToWorkingDay('2027-01-02', cal)).toEqual({ date: '2027-01-04', calendarIncomplete: true });
    // With 2027 as data (made-up: Jan 1 a holiday, Sat Jan 2 a make-up day) the answer is certain.
    expect(rollOverToWorkingDay('2027-01-01', mergeCalendars(cal, extra2027))).toEqual({ date: '2027-01-02', calendarIncomplete: false });
  });
});

describe('calendarYearProblems (one year, as PUT /calendar/{year} sends it)', () => {
  it('finds nothing wrong with a well-formed year', () => {
    expect(calendarYearProblems('2027', { holidays: ['2027-01-01'], workdays: ['2027-01-09'] })).toEqual([]);
  });

  it('names each problem by its path in the entry', () => {
    expect(
      calendarYearProblems('2027', {
        holidays: ['2026-12-31', '2027-01-01', '2027-01-01', '2027-01-09'],
        workdays: ['2027-01-09', '2027-01-06'],
      }),
    ).toEqual([
      { message: '2026-12-31 is not in 2027', path: ['holidays', 0] },
      { message: '2027-01-01 is listed twice', path: ['holidays', 2] },
      { message: '2027-01-09 is both a holiday and a workday', path: ['workdays', 0] },
      { message: '2027-01-06 is a weekday, not a make-up working day', path: ['workdays', 1] },
    ]);
  });
});
