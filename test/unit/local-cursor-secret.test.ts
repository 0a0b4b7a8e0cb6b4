// The local runtime's cursor secret: one per data directory, kept across restarts (cursors handed out
// before a restart still open after it), private to the user, and fresh each time when in memory.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cursorSecretPath, localCursorSecret } from '#infra/local/cursor-secret.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cursor-secret-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the local cursor secret', () => {
  it('is made once per data directory and read back on the next start, readable by its owner only', () => {
    const dir = tempDir();
    const first = localCursorSecret(dir, false);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(localCursorSecret(dir, false)).toBe(first);
    expect(statSync(cursorSecretPath(dir)).mode & 0o777).toBe(0o600);
    expect(localCursorSecret(tempDir(), false)).not.toBe(first);
  });

  it('creates the data directory if it is not there yet', () => {
    const dir = join(tempDir(), 'nested', 'data');
    expect(localCursorSecret(dir, false).length).toBeGreaterThanOrEqual(32);
  });

  it('is new at every start in memory, and touches no file', () => {
    const dir = tempDir();
    expect(localCursorSecret(dir, true)).not.toBe(localCursorSecret(dir, true));
    expect(() => statSync(cursorSecretPath(dir))).toThrow();
  });

  it('refuses a damaged secret file rather than seal with a weak key', () => {
    const dir = tempDir();
    writeFileSync(cursorSecretPath(dir), 'short\n');
    expect(() => localCursorSecret(dir, false)).toThrow(/cursor secret/);
  });
});
