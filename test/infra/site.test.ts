// The site construct on a small stack of its own: a private, TLS-only, encrypted bucket read by
// CloudFront through origin access control; HTTPS only with security headers; the pages built
// from web/ at synth time and uploaded; config.json published with the stack's tokens. Checked
// with CDK assertions and cdk-nag's AwsSolutions pack: no finding left, each acknowledgement on a
// resource of this construct, with a reason.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnParameter, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { Site } from '#infra/cdk/site.ts';
import { acknowledgements, findingsOf } from './nag-support.ts';

let app: App;
let stack: Stack;
let site: Site;
let template: Template;
let withDomain: Template;

beforeAll(() => {
  app = new App({ outdir: mkdtempSync(join(tmpdir(), 'akip-site-cdk-')), context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  stack = new Stack(app, 'SiteTest', { env: { account: '111111111111', region: 'ap-east-1' } });
  site = new Site(stack, 'Site', { connectSources: ['https://api.example.cn', 'https://auth.example.cn'] });
  // A token, as the Cognito client id is in the real stack: resolved only at deploy time.
  const clientId = new CfnParameter(stack, 'ClientId', { type: 'String' }).valueAsString;
  site.publishConfig({
    apiBase: 'https://api.example.cn',
    signIn: {
      kind: 'oidc',
      authorizeUrl: 'https://auth.example.cn/oauth2/authorize',
      tokenUrl: 'https://auth.example.cn/oauth2/token',
      logoutUrl: 'https://auth.example.cn/logout',
      clientId,
      scopes: ['openid', 'email'],
    },
  });
  const domainStack = new Stack(app, 'SiteDomainTest', { env: { account: '111111111111', region: 'us-east-1' } });
  new Site(domainStack, 'Site', {
    domain: {
      names: ['ip.ankang.example.cn'],
      certificate: Certificate.fromCertificateArn(domainStack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
    },
  });
  app.synth();
  template = Template.fromStack(stack);
  withDomain = Template.fromStack(domainStack);
}, 120_000);

describe('the site construct', () => {
  it('keeps the page bucket private, encrypted, TLS-only and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'pages-bucket/' }),
      VersioningConfiguration: { Status: 'Enabled' },
    });
    // Every bucket refuses plain HTTP.
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies.length).toBe(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      );
    }
  });

  it('lets only this distribution read the pages, through origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const pagesPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('cloudfront.amazonaws.com'),
    )!;
    const read = pagesPolicy.Properties.PolicyDocument.Statement.find((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read).toMatchObject({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
  });

  it('serves HTTPS only, GET and HEAD, with the security headers', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const security = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp: string = security.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://api.example.cn https://auth.example.cn");
    expect(security).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true },
    });
  });

  it('requires TLS 1.2 or newer from viewers on a custom domain', () => {
    withDomain.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['ip.ankang.example.cn'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
  });

  it('builds the pages at synth time into the cloud assembly and deploys them, config.json apart', () => {
    const builtDir = readdirBuilt(app.outdir);
    expect(builtDir).toBeDefined();
    for (const file of ['index.html', 'app.js', 'styles.css', 'favicon.svg']) expect(existsSync(join(builtDir!, file)), file).toBe(true);
    expect(readFileSync(join(builtDir!, 'index.html'), 'utf8')).toContain('src="/app.js"');
    // BucketDeployment sets each object's Content-Type from its extension (.svg: image/svg+xml).
    expect(readFileSync(join(builtDir!, 'index.html'), 'utf8')).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments.length).toBe(2);
    const pages = deployments.find((d) => d.Properties.Prune === true)!;
    expect(pages.Properties.Exclude).toEqual(['config.json']);
    const config = deployments.find((d) => d.Properties.Prune === false)!;
    // No invalidations: every object is revalidated (`no-cache`) or never cached (`no-store`).
    for (const deployment of deployments) expect(deployment.Properties.DistributionId).toBeUndefined();
    expect(pages.Properties.SystemMetadata).toMatchObject({ 'cache-control': 'no-cache' });
    expect(config.Properties.SystemMetadata).toMatchObject({ 'cache-control': 'no-store' });
    // Source.jsonData: the stack's tokens are filled in at deploy time (markers in the template).
    expect(JSON.stringify(config.Properties.SourceMarkers)).toContain('{"Ref":"ClientId"}');
  });

  it('exposes the site URL', () => {
    expect(stack.resolve(site.url)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^SiteCdn/), 'DomainName'] }]],
    });
  });

  it('leaves no cdk-nag AwsSolutions finding unacknowledged', () => {
    const findings = findingsOf(app);
    const listing = findings.map((f) => `${f.severity} ${f.rule} at ${f.path}`).join('\n');
    expect(findings, `cdk-nag findings:\n${listing}`).toEqual([]);
  });

  it('acknowledges each rule on a resource of the site, with a reason a reviewer can check', () => {
    // CloudFormation's own validator acknowledgements (added by CDK itself) are not ours to check.
    const acks = acknowledgements(app).filter((a) => a.rule.startsWith('AwsSolutions-'));
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.rule, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.onResource, `${ack.rule} at ${ack.path}`).toBe(true);
      expect(ack.reason.length, `${ack.rule} at ${ack.path}`).toBeGreaterThanOrEqual(60);
    }
    const where = acks
      .filter((a) => a.path.startsWith('SiteTest/'))
      .map((a) => `${a.rule} ${a.path.replace(/CDKBucketDeployment[0-9A-Fa-f]+/, 'CDKBucketDeployment')}`)
      .sort();
    const provider = 'SiteTest/Custom::CDKBucketDeployment';
    const policy = `${provider}/ServiceRole/DefaultPolicy/Resource`;
    // Exactly these: the distribution's three, the log bucket's own logging, and CDK's deploy-time provider.
    expect(where).toEqual(
      [
        'AwsSolutions-CFR1 SiteTest/Site/Cdn',
        'AwsSolutions-CFR2 SiteTest/Site/Cdn',
        'AwsSolutions-CFR4 SiteTest/Site/Cdn',
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] ${provider}`,
        ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(
          (a) => `AwsSolutions-IAM5[Action::${a}] ${policy}`,
        ),
        `AwsSolutions-IAM5[Resource::<SitePages600CC8A7.Arn>/*] ${policy}`,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-111111111111-ap-east-1/*] ${policy}`,
        `AwsSolutions-L1 ${provider}`,
        'AwsSolutions-S1 SiteTest/Site/Logs',
      ].sort(),
    );
    // No policy names the unscoped resource "*" (the deployment writes only objects of its buckets).
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.flatMap((st: any) => [st.Resource].flat()).filter((r: unknown) => r === '*')).toEqual([]);
    // With a custom domain the TLS rule holds by itself: no acknowledgement for it there.
    expect(acks.filter((a) => a.path.startsWith('SiteDomainTest/') && a.rule === 'AwsSolutions-CFR4')).toEqual([]);
  });
});

function readdirBuilt(outdir: string): string | undefined {
  const name = readdirSync(outdir).find((entry) => entry.startsWith('site-SiteTest-'));
  return name ? join(outdir, name) : undefined;
}
