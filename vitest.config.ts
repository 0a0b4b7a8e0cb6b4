import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Integration and e2e files each start DynamoDB Local (a JVM); two cores run two at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // What the code under test writes (functions' and runtimes' JSON lines) goes to
    // test-artifacts/logs/<test file>.log, and console output shows for failing tests only: a
    // passing run prints test names and counts. A failing test prints its last log lines.
    setupFiles: ['./test/support/capture-output.ts'],
    silent: 'passed-only',
    // The reliability tests (test/reliability) attach figures to their results; the second
    // reporter adds them up in one table at the end (silent when none ran). The third says where
    // the logs of failed test files are (silent when none failed).
    reporters: ['default', './test/reliability/support/summary-reporter.ts', './test/support/log-files-reporter.ts'],
  },
});
