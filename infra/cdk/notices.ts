// What the notice functions (SPEC §11) are given in AWS: the site's URL for links, the inbox
// directory (agencies and staff roles, data per deployment), and the channels. E-mail goes by
// Amazon SES v2 from a verified identity, or — where SES is not offered, as in the China regions —
// by an SMTP relay (context `smtpUrl`); SMS by Amazon SNS, or an SMS gateway that takes mail
// (context `smsGatewayDomain`, with `smtpUrl`). Context keys:
//
//   mailFrom           the sender address (its domain verified in SES); default notices@<site host>
//   noticeDirectory    JSON: {"inboxes": {"court": {"email": "…"}, "police": {…}, "mediator": {…}, …}}
//   smtpUrl            smtp:// or smtps:// URL of a relay that needs no password (replaces SES)
//   smtpSecretArn      instead, the full ARN of a Secrets Manager secret whose value is the relay's
//                      URL with its user and password (smtps://user:password@relay:465): only the
//                      notifier may read it, and the password never sits in its configuration
//   smsGatewayDomain   mail to <number>@<domain> is an SMS (replaces SNS; needs smtpUrl)
//   smsSenderId        the SNS sender id, where the destination country supports one

import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { NOTICE_ENV, SECRET_ARN } from '#lib/config.ts';
import type { FunctionSpec } from '#infra/topology.ts';
import { contextString } from './context.ts';

export interface NoticeDeployment {
  siteUrl: string;
  mailFrom: string;
  directory: string;
  smtpUrl?: string;
  smtpSecretArn?: string;
  smsGatewayDomain?: string;
  smsSenderId?: string;
}

export function noticeDeployment(scope: Construct, siteUrl: string, siteHost: string): NoticeDeployment {
  const mailFrom = contextString(scope, 'mailFrom') ?? `notices@${siteHost}`;
  const directory = contextString(scope, 'noticeDirectory') ?? '{"inboxes":{}}';
  try {
    const parsed = JSON.parse(directory) as { inboxes?: unknown };
    if (typeof parsed.inboxes !== 'object' || parsed.inboxes === null) throw new Error('no inboxes');
  } catch {
    throw new Error('Context "noticeDirectory" must be JSON like {"inboxes": {"court": {"email": "…"}}}');
  }
  const smtpUrl = contextString(scope, 'smtpUrl');
  if (smtpUrl !== undefined && !/^smtps?:\/\/\S+$/.test(smtpUrl)) throw new Error(`Context "smtpUrl" must be an smtp:// or smtps:// URL`);
  if (smtpUrl !== undefined && /^smtps?:\/\/[^/]*@/.test(smtpUrl)) {
    throw new Error(
      'Context "smtpUrl" carries a user or password: keep the URL in a Secrets Manager secret and give its ARN as "smtpSecretArn"',
    );
  }
  const smtpSecretArn = contextString(scope, 'smtpSecretArn');
  if (smtpSecretArn !== undefined && !SECRET_ARN.test(smtpSecretArn)) {
    throw new Error('Context "smtpSecretArn" must be the full ARN of a Secrets Manager secret');
  }
  if (smtpUrl !== undefined && smtpSecretArn !== undefined) throw new Error('Context: give "smtpUrl" or "smtpSecretArn", not both');
  const smsGatewayDomain = contextString(scope, 'smsGatewayDomain');
  if (smsGatewayDomain !== undefined && smtpUrl === undefined && smtpSecretArn === undefined) {
    throw new Error('Context "smsGatewayDomain" needs "smtpUrl" or "smtpSecretArn" (the relay the gateway takes mail from)');
  }
  const smsSenderId = contextString(scope, 'smsSenderId');
  return {
    siteUrl,
    mailFrom,
    directory,
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(smtpSecretArn ? { smtpSecretArn } : {}),
    ...(smsGatewayDomain ? { smsGatewayDomain } : {}),
    ...(smsSenderId ? { smsSenderId } : {}),
  };
}

/**
 * `uses.notices`: `plan` gets the site URL and the directory; `send` also the channels, and may send
 * through SES from the sender's domain only and publish SMS through SNS.
 */
export function bindNotices(fn: NodejsFunction, access: FunctionSpec['uses']['notices'], d: NoticeDeployment): void {
  if (!access) return;
  fn.addEnvironment(NOTICE_ENV.siteUrl, d.siteUrl);
  fn.addEnvironment(NOTICE_ENV.directory, d.directory);
  fn.addEnvironment(NOTICE_ENV.mailFrom, d.mailFrom);
  const relay = d.smtpUrl ?? d.smtpSecretArn;
  fn.addEnvironment(NOTICE_ENV.emailChannel, relay ? 'smtp' : 'ses');
  fn.addEnvironment(NOTICE_ENV.smsChannel, d.smsGatewayDomain ? 'smtp-gateway' : 'sns');
  if (d.smtpUrl) fn.addEnvironment(NOTICE_ENV.smtpUrl, d.smtpUrl);
  if (d.smtpSecretArn) fn.addEnvironment(NOTICE_ENV.smtpSecretArn, d.smtpSecretArn);
  if (d.smsGatewayDomain) fn.addEnvironment(NOTICE_ENV.smsGatewayDomain, d.smsGatewayDomain);
  if (d.smsSenderId) fn.addEnvironment(NOTICE_ENV.smsSenderId, d.smsSenderId);
  if (access !== 'send') return;
  const stack = Stack.of(fn);
  if (d.smtpSecretArn) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [d.smtpSecretArn] }));
  }
  if (!relay) {
    const domain = d.mailFrom.slice(d.mailFrom.lastIndexOf('@') + 1);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain })],
        conditions: { StringEquals: { 'ses:FromAddress': d.mailFrom } },
      }),
    );
  }
  if (!d.smsGatewayDomain) {
    // SMS straight to a phone number has no resource to name: IAM accepts only "*" for it (the
    // role's acknowledgement of "*" says so, functions.ts).
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  }
}
