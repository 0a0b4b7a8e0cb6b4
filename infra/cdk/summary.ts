// `npm run synth [-- -c env=prod -c alarmEmail=…]`: runs `cdk synth` (bundling every function with
// esbuild) and then prints what it made, from the cloud assembly in cdk.out: per function its memory,
// timeout and bundle size; the queues; the alarms; and the cdk-nag findings left and acknowledged.
// `summarize` only reads files, so a test can run it on a small assembly of its own.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Resource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON, read by path
  Properties?: Record<string, any>;
}

interface ValidationReport {
  pluginReports?: { pluginName: string; violations?: unknown[] }[];
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** The bundle of a Lambda function in the assembly (its code asset's directory), or undefined. */
function bundleBytes(outDir: string, fn: Resource): number | undefined {
  const key: unknown = fn.Properties?.Code?.S3Key;
  if (typeof key !== 'string') return undefined;
  const dir = join(outDir, `asset.${key.replace(/\.zip$/, '')}`);
  for (const file of ['index.mjs', 'index.js']) {
    const path = join(dir, file);
    if (existsSync(path)) return statSync(path).size;
  }
  return undefined;
}

export function summarize(outDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; properties?: { templateFile?: string }; additionalMetadataFile?: string }>;
  };
  const lines: string[] = [];
  let acknowledged = 0;
  for (const [stackName, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.additionalMetadataFile && existsSync(join(outDir, artifact.additionalMetadataFile))) {
      acknowledged += acknowledgedNagRules(join(outDir, artifact.additionalMetadataFile));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const template = JSON.parse(readFileSync(join(outDir, artifact.properties.templateFile), 'utf8')) as {
      Resources: Record<string, Resource>;
    };
    const resources = Object.entries(template.Resources);
    const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
    lines.push(`Stack ${stackName}: ${resources.length} resources`);

    lines.push('  functions                                  memory  timeout  bundle');
    let total = 0;
    // The topology's functions (their description names their handler module); CDK's deploy-time
    // providers of the pages are counted apart.
    const lambdas = ofType('AWS::Lambda::Function');
    const ours = lambdas.filter(([, fn]) => /^\S+ \(functions\//.test(String(fn.Properties?.Description ?? '')));
    for (const [id, fn] of ours) {
      const name = String(fn.Properties?.Description ?? id).split(' ')[0]!;
      const bytes = bundleBytes(outDir, fn);
      total += bytes ?? 0;
      lines.push(
        `    ${name.padEnd(38)} ${String(fn.Properties?.MemorySize).padStart(4)} MB ${String(fn.Properties?.Timeout).padStart(5)} s  ${bytes === undefined ? 'not bundled' : kib(bytes)}`,
      );
    }
    lines.push(`    ${ours.length} functions, ${kib(total)} of bundles`);
    if (lambdas.length > ours.length)
      lines.push(`    + ${lambdas.length - ours.length} deploy-time provider functions of CDK (pages upload, bucket clean-up)`);
    const site = resources.find(([, r]) => r.Type === 'AWS::CloudFront::Distribution');
    if (site) lines.push(`  pages: CloudFront ${site[0]} in front of a private S3 bucket (output SiteUrl)`);

    lines.push('  queues (visibility timeout, redrive after, consumer concurrency cap)');
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    for (const [id, queue] of ofType('AWS::SQS::Queue')) {
      const redrive = queue.Properties?.RedrivePolicy as { maxReceiveCount?: number } | undefined;
      if (!redrive) continue; // a dead-letter queue: shown with its source
      const mapping = mappings.find(([, m]) => JSON.stringify(m.Properties?.EventSourceArn).includes(`"${id}"`));
      lines.push(
        `    ${id.replace(/[0-9A-F]{8}$/, '').padEnd(38)} ${queue.Properties?.VisibilityTimeout} s, DLQ after ${redrive.maxReceiveCount}, max ${mapping?.[1].Properties?.ScalingConfig?.MaximumConcurrency ?? '-'} concurrent`,
      );
    }
    const topics = ofType('AWS::SNS::Topic').length;
    lines.push(
      `  alarms: ${ofType('AWS::CloudWatch::Alarm').length} (notifying ${topics} SNS topic${topics === 1 ? '' : 's'}), dashboards: ${ofType('AWS::CloudWatch::Dashboard').length}`,
    );
  }

  // The report CDK writes when validation plugins ran (older CDK versions used the second name).
  const reportFile = ['validation-report.json', 'policy-validation-report.json'].map((f) => join(outDir, f)).find((f) => existsSync(f));
  const report: ValidationReport = reportFile ? JSON.parse(readFileSync(reportFile, 'utf8')) : {};
  const nag = report.pluginReports?.find((r) => r.pluginName === 'AwsSolutions');
  const findings = (nag?.violations as { violatingConstructs?: unknown[] }[] | undefined)?.reduce(
    (sum, v) => sum + (v.violatingConstructs?.length ?? 1),
    0,
  );
  lines.push(`cdk-nag AwsSolutions: ${reportFile ? (findings ?? 0) : 'not run,'} findings, ${acknowledged} acknowledged with a reason`);
  return lines;
}

/** Acknowledged AwsSolutions rules, one per rule and construct, from a stack's construct metadata. */
function acknowledgedNagRules(metadataFile: string): number {
  const metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, { type: string; data?: unknown }[]>;
  return Object.values(metadata)
    .flat()
    .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules' && entry.data && typeof entry.data === 'object')
    .flatMap((entry) => Object.keys(entry.data as object))
    .filter((rule) => rule.replace(/^annotation::/i, '').startsWith('AwsSolutions-')).length;
}

function main(args: string[]): void {
  const started = Date.now();
  const cdk = spawnSync('node_modules/.bin/cdk', ['synth', '--quiet', ...args], {
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (cdk.status !== 0) process.exit(cdk.status ?? 1);
  process.stdout.write(`${summarize('cdk.out').join('\n')}\nsynth took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
