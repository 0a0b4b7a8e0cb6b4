// The secret list cursors are sealed with, on this machine (in AWS: a Secrets Manager secret the
// stack generates). Kept under <DATA_DIR>/cursor-secret (mode 0600) so cursors handed out before a
// restart still open after it, as the data they point into is still there; in memory when the data is.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const cursorSecretPath = (dataDir: string): string => join(dataDir, 'cursor-secret');

const fresh = (): string => randomBytes(32).toString('base64url');

/** The data directory's cursor secret, created on first use (one writer wins if two start at once). */
export function localCursorSecret(dataDir: string, inMemory: boolean | undefined): string {
  if (inMemory) return fresh();
  const path = cursorSecretPath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, `${fresh()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${path} holds no usable cursor secret; delete it to have a new one made`);
  return secret;
}
