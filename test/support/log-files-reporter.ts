// A vitest reporter that ends a run with failures by saying where their logs are: every line the
// functions, the local runtime and spawned runtimes wrote went to test-artifacts/logs/ (see
// test-log.ts), not to the terminal. Silent when everything passed.

import type { Reporter, TestModule } from 'vitest/node';
import { logFileOf } from './test-log.ts';

export default class LogFilesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const out: string[] = [];
    for (const module of modules) {
      if (module.state() !== 'failed') continue;
      const failed = [...module.children.allTests('failed')];
      const starts = failed.map((test) => `    ${test.name} — from line ${test.meta().log?.line ?? '?'}`);
      out.push(`  ${logFileOf(module.moduleId)}`, ...starts);
    }
    if (out.length === 0) return;
    process.stdout.write(`\nLogs of the failed test files (what the code under test wrote):\n${out.join('\n')}\n`);
  }
}
