// A vitest reporter that adds up the figures reliability tests attach to their results
// (see figures.ts) and prints one table at the end of the run, with each test's note below it
// (a passing test's own console lines are not shown), also written to
// test-artifacts/reliability-summary.json. Silent when no reliability test ran.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { ReliabilityFigures } from './figures.ts';

interface Row extends ReliabilityFigures {
  file: string;
  test: string;
  state: string;
  durationMs: number;
}

const COLUMNS = ['faults', 'requests', 'accepted', 'lost', 'fiveXx', 'duplicateNumbers'] as const;
const HEADINGS: Record<(typeof COLUMNS)[number], string> = {
  faults: 'faults',
  requests: 'requests',
  accepted: 'accepted',
  lost: 'lost',
  fiveXx: '5xx',
  duplicateNumbers: 'dup. numbers',
};

export default class ReliabilitySummaryReporter implements Reporter {
  private readonly rows: Row[] = [];
  private startedAt = Date.now();

  onTestRunStart(): void {
    this.startedAt = Date.now();
    this.rows.length = 0;
  }

  onTestCaseResult(testCase: TestCase): void {
    const figures = testCase.meta().reliability;
    if (!figures) return;
    this.rows.push({
      ...figures,
      file: testCase.module.moduleId.replace(/^.*\/test\//, 'test/'),
      test: testCase.name,
      state: testCase.result().state,
      durationMs: Math.round(testCase.diagnostic()?.duration ?? 0),
    });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    if (this.rows.length === 0) return;
    const totals = Object.fromEntries(COLUMNS.map((c) => [c, this.rows.reduce((sum, row) => sum + row[c], 0)])) as Record<
      (typeof COLUMNS)[number],
      number
    >;
    const name = (row: Row) => (row.test.length > 78 ? `${row.test.slice(0, 77)}…` : row.test);
    const nameWidth = Math.max(5, ...this.rows.map((row) => name(row).length));
    const cell = (value: string | number, width: number) => String(value).padStart(width);
    const widths = COLUMNS.map((c) => Math.max(HEADINGS[c].length, String(totals[c]).length));
    const line = (label: string, values: (string | number)[], extra = '') =>
      `${label.padEnd(nameWidth)}  ${values.map((v, i) => cell(v, widths[i]!)).join('  ')}${extra}`;
    const out = [
      '',
      'Reliability: what was broken, what survived',
      line(
        'test',
        COLUMNS.map((c) => HEADINGS[c]),
        '  time',
      ),
      ...this.rows.map((row) =>
        line(
          name(row),
          COLUMNS.map((c) => row[c]),
          `  ${(row.durationMs / 1000).toFixed(1)} s${row.state === 'passed' ? '' : `  ${row.state.toUpperCase()}`}`,
        ),
      ),
      line(
        `TOTAL (${this.rows.length} tests)`,
        COLUMNS.map((c) => totals[c]),
        `  run ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s`,
      ),
      ...this.rows.filter((row) => row.note).map((row) => `  · ${name(row)}: ${row.note}`),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(
      'test-artifacts/reliability-summary.json',
      `${JSON.stringify({ at: new Date().toISOString(), totals, tests: this.rows }, null, 2)}\n`,
    );
  }
}
