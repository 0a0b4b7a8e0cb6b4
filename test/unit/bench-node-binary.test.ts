// Which node the bench's cold starts run on (bench/node-binary.ts): Lambda's Node 24 wherever this
// machine has one, and otherwise the bench's own node, labelled as not Lambda's.

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coldStartNode } from '../../bench/node-binary.ts';

const onLambdaLine = process.versions.node.split('.')[0] === '24';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository root whose `relative` holds a `node` that prints `version`. */
function rootWithNode(relative: string, version: string): string {
  const root = mkdtempSync(join(tmpdir(), 'akip-node-bin-'));
  dirs.push(root);
  const bin = join(root, relative);
  mkdirSync(join(bin, '..'), { recursive: true });
  writeFileSync(bin, `#!/bin/sh\necho ${version}\n`);
  chmodSync(bin, 0o755);
  return root;
}

/** Where `npm i --no-save node-<os>-<cpu>@24` puts the binary, and where .ci/run does. */
const inNodeModules = join('node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
const inDotNode = join('.node', inNodeModules);

describe('the node of the cold starts', () => {
  it('is the one BENCH_COLD_START_NODE names, and refuses one that does not run', () => {
    const root = rootWithNode('custom/node', 'v24.9.0');
    expect(coldStartNode(root, { BENCH_COLD_START_NODE: join(root, 'custom/node') })).toEqual({
      path: join(root, 'custom/node'),
      version: 'v24.9.0',
      source: 'BENCH_COLD_START_NODE',
      lambdaLine: true,
    });
    expect(() => coldStartNode(root, { BENCH_COLD_START_NODE: join(root, 'missing') })).toThrow(/does not run/);
  });

  it.runIf(!onLambdaLine)('is the Node 24 that .ci/run put in .node/', () => {
    const root = rootWithNode(inDotNode, 'v24.22.3');
    expect(coldStartNode(root, {})).toMatchObject({ path: join(root, inDotNode), version: 'v24.22.3', lambdaLine: true });
  });

  it.runIf(!onLambdaLine)('passes over a binary there that is not 24, and then says the bench runs its own, not Lambda’s', () => {
    const root = rootWithNode(inNodeModules, 'v22.23.0');
    const chosen = coldStartNode(root, {});
    expect(chosen).toMatchObject({ path: process.execPath, version: process.version, lambdaLine: false });
    expect(chosen.source).toMatch(/no Node 24 found/);
  });

  it.runIf(onLambdaLine)('is the node running the bench when that one is 24', () => {
    const root = rootWithNode(inDotNode, 'v24.0.0');
    expect(coldStartNode(root, {})).toMatchObject({ path: process.execPath, version: process.version, lambdaLine: true });
  });
});
