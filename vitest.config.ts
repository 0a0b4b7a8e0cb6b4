import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Integration and e2e files each start DynamoDB Local (a JVM); two cores run two at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The reliability tests (test/reliability) attach figures to their results; the second
    // reporter adds them up in one table at the end (silent when none ran).
    reporters: ['default', './test/reliability/support/summary-reporter.ts'],
  },
});
