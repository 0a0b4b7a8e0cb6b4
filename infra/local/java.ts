// DynamoDB Local is a Java program (Amazon's own engine); version 3.x needs Java 17 or newer.

import { execFile } from 'node:child_process';
import { LocalRuntimeError } from './errors.ts';

export const MIN_JAVA_VERSION = 17;

const INSTALL_HINT = 'install a Java 17+ runtime (Debian: apt-get install -y openjdk-17-jre-headless)';

/** The major version from `java -version` output: `"17.0.15"` → 17, legacy `"1.8.0_402"` → 8. */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** Resolves with the major version, or rejects with a LocalRuntimeError('JAVA_MISSING') saying what to do. */
export function checkJava(command = 'java'): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(command, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new LocalRuntimeError(
            'JAVA_MISSING',
            `DynamoDB Local needs Java ${MIN_JAVA_VERSION}+, but "${command}" is not on PATH: ${INSTALL_HINT}`,
          ),
        );
        return;
      }
      const major = parseJavaMajor(`${stderr}\n${stdout}`);
      if (error || major === undefined) {
        reject(
          new LocalRuntimeError(
            'JAVA_MISSING',
            `DynamoDB Local needs Java ${MIN_JAVA_VERSION}+, but "${command} -version" failed: ${(error?.message ?? stderr).trim().split('\n')[0]}`,
          ),
        );
        return;
      }
      if (major < MIN_JAVA_VERSION) {
        reject(
          new LocalRuntimeError('JAVA_MISSING', `DynamoDB Local needs Java ${MIN_JAVA_VERSION}+, found Java ${major}: ${INSTALL_HINT}`),
        );
        return;
      }
      resolve(major);
    });
  });
}
