// The browser pages in AWS: a private S3 bucket (no public access, TLS only, S3-managed
// encryption, versioned) read only by one CloudFront distribution through origin access control;
// HTTPS only, with a response-headers policy that sets the CSP (no inline script), HSTS, nosniff,
// frame denial and referrer policy. The pages are built with web/build.ts at synth time into a
// directory under the cloud assembly and uploaded with BucketDeployment. config.json is published
// separately (`publishConfig`), because the API URL and the Cognito client id are tokens that
// only exist inside the stack; it is never cached, so a new value shows at once.
//
// Why S3 + CloudFront and not the HTTP API: static files belong on a CDN with edge caching and
// TLS, cost nothing per request on Lambda, and keep pages and API on separate origins (the API
// keeps answering JSON only). The HTTP API cannot serve files without a Lambda in front of them.

import { Aspects, Duration, RemovalPolicy, Stack, Stage, Validations, type IAspect } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { rules } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import { join } from 'node:path';
import { buildSiteSync } from '../../web/build.ts';

/** What the pages read at /config.json in the cloud (web/src/config.ts). */
export interface CloudSiteConfig {
  apiBase: string;
  signIn: { kind: 'oidc'; authorizeUrl: string; tokenUrl: string; logoutUrl: string; clientId: string; scopes: string[] };
  /** The parties' own sign-up (SPEC §10): the pages call Cognito's SignUp API in this region, on this app client. */
  signUp?: { region: string; clientId: string };
}

export interface SiteProps {
  /**
   * Origins the pages call besides their own: the HTTP API, the sign-in (Cognito) domain and, for
   * the parties' sign-up, Cognito's API endpoint.
   * Tokens are fine (`https://${api.apiId}.execute-api…`); they end up in the CSP's connect-src.
   */
  connectSources?: string[];
  /** A custom domain with its ACM certificate (us-east-1): then viewers need TLS 1.2 or newer. */
  domain?: { names: string[]; certificate: ICertificate };
  /** Keep the buckets when the stack is deleted (default: destroy; they hold only rebuildable files and logs). */
  retain?: boolean;
  /** How long the deploy-time provider's logs are kept (default: a week). */
  logRetention?: RetentionDays;
}

export class Site extends Construct {
  readonly bucket: Bucket;
  readonly logs: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>` (or the first custom domain). */
  readonly url: string;
  private readonly pages: BucketDeployment;
  private readonly deployLogs: LogGroup;

  constructor(scope: Construct, id: string, props: SiteProps = {}) {
    super(scope, id);
    const removal = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const autoDelete = !props.retain;
    // The deploy-time provider's own logs, instead of the default group CDK would keep for two years.
    this.deployLogs = new LogGroup(this, 'DeployLogs', { retention: props.logRetention ?? RetentionDays.ONE_WEEK, removalPolicy: removal });

    // Server access logs of the page bucket and CloudFront's standard logs. CloudFront's legacy
    // logging writes with an ACL, hence object ownership "bucket owner preferred".
    this.logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: removal,
      autoDeleteObjects: autoDelete,
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself: logging its own writes into itself would loop; it is private, TLS-only and expires logs after a year.',
    });

    this.bucket = new Bucket(this, 'Pages', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'pages-bucket/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: removal,
      autoDeleteObjects: autoDelete,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Ankang IP pages: CSP without inline script, HSTS, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            ['connect-src', "'self'", ...(props.connectSources ?? [])].join(' '),
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    // The pages are a handful of small files rebuilt on every deploy: cache briefly, revalidate.
    const cachePolicy = new CachePolicy(this, 'PagesCache', {
      comment: 'Ankang IP pages: short TTL, no cookies, headers or query strings in the key',
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.hours(1),
      cookieBehavior: CacheCookieBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Ankang IP protection: browser pages',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy: headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Only a custom certificate lets the TLS policy be chosen (see acknowledgeDistribution).
      ...(props.domain ? { minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(props.domain ? { domainNames: props.domain.names, certificate: props.domain.certificate } : {}),
    });
    this.acknowledgeDistribution(Boolean(props.domain));
    this.url = props.domain ? `https://${props.domain.names[0]}` : `https://${this.distribution.distributionDomainName}`;

    // Built now, at synth time, into the cloud assembly (cdk.out), and uploaded from there.
    const outDir = join(Stage.of(this)?.outdir ?? 'cdk.out', `site-${Stack.of(this).stackName}-${this.node.addr.slice(0, 12)}`);
    buildSiteSync(outDir);
    this.pages = new BucketDeployment(this, 'Deploy', {
      logGroup: this.deployLogs,
      sources: [Source.asset(outDir)],
      destinationBucket: this.bucket,
      // config.json is published by publishConfig: a deploy of the pages must not delete it.
      prune: true,
      exclude: ['config.json'],
      // No CloudFront invalidation: every object says `no-cache`, and with the cache policy's
      // minimum TTL of 0 CloudFront revalidates with S3 (ETag) on each request, so a deploy shows at
      // once. An invalidation would need cloudfront:CreateInvalidation on "*" (BucketDeployment
      // cannot scope it to the distribution), and no policy of this stack names "*" but X-Ray's.
      cacheControl: [CacheControl.noCache()],
    });
    this.acknowledgeDeployment();
  }

  /** Publishes /config.json (API base, OIDC settings); values may be tokens resolved at deploy time. */
  publishConfig(config: CloudSiteConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Config', {
      logGroup: this.deployLogs,
      sources: [Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [CacheControl.noStore()],
    });
    deployment.node.addDependency(this.pages);
    return deployment;
  }

  private acknowledgeDistribution(customDomain: boolean): void {
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction on purpose: rights holders and their agents file from anywhere, including abroad (SPEC §1, equal protection); the API enforces who may do what.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Only static, public, cacheable files are served here (no forms post to CloudFront, GET/HEAD only); the API behind the pages has its own throttling. A WAF web ACL can be attached by the operator.',
    });
    if (!customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be chosen; pass `domain` (with an ACM certificate) to require TLS 1.2+ (TLSv1.2_2021).',
      });
    }
  }

  /** BucketDeployment's provider function is CDK's own singleton Lambda, created once per stack. */
  private acknowledgeDeployment(): void {
    const stack = Stack.of(this);
    const provider = stack.node.children.find((child: IConstruct) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!provider) return;
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "CDK's BucketDeployment provider function pins its own Python runtime (it runs the AWS CLI layer); it runs only during deployments, never on a request path.",
    });
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's BucketDeployment provider uses the AWS managed basic execution policy only to write its own CloudWatch logs during deployments.",
    });
    // Its policy's wildcard findings name the stack's asset bucket and the page buckets, whose
    // names are known only once the stack is prepared: acknowledge them then, one by one, and only
    // those that are the grants BucketDeployment makes (anything else stays a finding).
    const pagesBucket = this.bucket.node.defaultChild as CfnBucket;
    Aspects.of(this).add(new AcknowledgeDeploymentGrants(provider, () => stack.resolve(stack.getLogicalId(pagesBucket)) as string));
  }
}

/** BucketDeployment's grants: read the asset bucket, write and prune the page bucket. */
const DEPLOYMENT_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];

class AcknowledgeDeploymentGrants implements IAspect {
  private done = false;
  constructor(
    private readonly provider: IConstruct,
    private readonly pagesLogicalId: () => string,
  ) {}

  visit(): void {
    if (this.done) return;
    this.done = true;
    const policy = this.provider.node.findAll().find((c): c is CfnPolicy => c instanceof CfnPolicy);
    if (!policy) return;
    const findings = rules.iam.IAMNoWildcardPermissions(policy);
    if (!Array.isArray(findings)) return;
    const allowed = (finding: string): boolean =>
      DEPLOYMENT_ACTIONS.some((action) => finding === `Action::${action}`) ||
      /^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/.test(finding) ||
      finding === `Resource::<${this.pagesLogicalId()}.Arn>/*`;
    for (const finding of findings.filter(allowed)) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "Granted by CDK's BucketDeployment to its deploy-time provider: read the CDK asset bucket, write and prune the pages bucket (objects under it); it never runs on a request path.",
      });
    }
  }
}
