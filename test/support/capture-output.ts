// vitest setup file (vitest.config.ts `setupFiles`): runs in each test file's process before the
// file. Sends what the code under test writes to test-artifacts/logs/<file>.log (see test-log.ts);
// when a test fails, its last lines are printed with the failure, with where the rest is.

import { afterEach, beforeEach, expect } from 'vitest';
import { currentLogPath, currentTestLines, openTestLog, startTest, tellVitest } from './test-log.ts';

const TAIL_LINES = 40;
const LINE_WIDTH = 400;

declare module 'vitest' {
  interface TaskMeta {
    /** Where this test's output starts in its file's log (test-artifacts/logs/…). */
    log?: { path: string; line: number };
  }
}

const testFile = expect.getState().testPath;
if (testFile) openTestLog(testFile);

beforeEach((context) => {
  const line = startTest(context.task.fullTestName ?? context.task.name);
  context.task.meta.log = { path: currentLogPath(), line };
});

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  const lines = currentTestLines().slice(1); // without the test's own marker line
  const where = `${context.task.meta.log?.path ?? currentLogPath()} from line ${context.task.meta.log?.line ?? 1}`;
  if (lines.length === 0) {
    tellVitest(`(this test wrote no log lines; the file's log: ${where})`);
    return;
  }
  const tail = lines.slice(-TAIL_LINES).map((line) => (line.length > LINE_WIDTH ? `${line.slice(0, LINE_WIDTH)}…` : line));
  tellVitest([`── the last ${tail.length} of ${lines.length} log lines this test produced; all of them: ${where} ──`, ...tail].join('\n'));
});
