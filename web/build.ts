// Builds the browser pages into a directory of static files: index.html, styles.css, favicon.svg,
// app.js (one esbuild bundle of web/src/main.ts with the shared zod schemas from domain/). Used by the
// local runtime (served at `/`) and by the CDK site construct (uploaded to S3 at synth time).
// config.json is not built: each host writes its own (API base, sign-in kind).

import { build, buildSync, type BuildOptions } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));

/** The files a build writes (besides source maps): what a host may serve. */
export const SITE_FILES = ['index.html', 'styles.css', 'favicon.svg', 'app.js'] as const;

export interface BuildSiteOptions {
  /** Minify the bundle (default true). */
  minify?: boolean;
}

export async function buildSite(outDir: string, options: BuildSiteOptions = {}): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build(bundleOptions(outDir, options));
  copyStatic(outDir);
}

function bundleOptions(outDir: string, options: BuildSiteOptions): BuildOptions {
  return {
    entryPoints: [join(webDir, 'src', 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    // The browser platform: a domain module that reached for a Node built-in fails the build.
    platform: 'browser',
    target: ['es2022', 'chrome110', 'safari16', 'firefox115'],
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
}

function copyStatic(outDir: string): void {
  // favicon.svg: index.html names it, so a first visit does not ask for /favicon.ico and log a 404.
  for (const file of ['index.html', 'styles.css', 'favicon.svg']) copyFileSync(join(webDir, 'public', file), join(outDir, file));
}

/** The same build, synchronously: a CDK construct builds while the app is synthesised. */
export function buildSiteSync(outDir: string, options: BuildSiteOptions = {}): void {
  mkdirSync(outDir, { recursive: true });
  buildSync({ ...bundleOptions(outDir, options), logLevel: 'silent' });
  copyStatic(outDir);
}

// `npm run build:web [-- <dir>]`: the static files for any host (default cdk.out/web-pages, ignored by git).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? join('cdk.out', 'web-pages');
  await buildSite(outDir);
  process.stdout.write(`pages built into ${outDir} (add a config.json for the host)\n`);
}
