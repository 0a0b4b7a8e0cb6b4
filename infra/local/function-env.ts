// The environment the handlers read on this machine, from the endpoints of a local runtime: the
// runtime sets it in its own process (runtime.ts), and `npm run invoke` (tools/invoke.ts) builds the
// same from the runtime's runtime.json, so a function invoked alone finds the same table, queues and
// cursor secret. test/e2e/invoke.e2e.test.ts holds the two to the same variables.

import { CURSOR_SECRET_ENV, NOTICE_ENV, dlqUrlEnv } from '#lib/config.ts';
import noticeDirectory from './notice-directory.json' with { type: 'json' };
import { localCursorSecret } from './cursor-secret.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb.ts';
import type { Topology } from './topology.ts';

export interface LocalEndpoints {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  /** Queue URL by topology queue id. */
  queues: Record<string, string>;
  /** Dead-letter queue URL by topology queue id. */
  dlqs: Record<string, string>;
  /** The local mailbox (SMTP) that takes every notice, e-mail and SMS alike. */
  smtpUrl?: string;
  /** Where the pages are: notices link there. */
  siteUrl?: string;
}

/** Mail to <number>@ this domain is an SMS: the local mailbox keeps it apart, as an SMS gateway would send it. */
export const LOCAL_SMS_DOMAIN = 'sms.ankang.local';

/** `dataDir`: the runtime's, whose cursor secret file it shares (a runtime in memory keeps its secret to itself). */
export function functionEnvironment(
  endpoints: LocalEndpoints,
  topology: Pick<Topology, 'queues'>,
  dataDir: string,
  inMemory = false,
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint,
    TABLE_NAME: endpoints.tableName,
    // Every function sees it (one process), though in AWS only those with `uses.secret` may read it.
    [CURSOR_SECRET_ENV]: localCursorSecret(dataDir, inMemory),
  };
  // Notices leave through the local mailbox: e-mail by SMTP, SMS by mail to the SMS gateway domain.
  // The inboxes of agencies and staff roles are data (notice-directory.json), as in AWS (context).
  if (endpoints.smtpUrl) {
    Object.assign(env, {
      [NOTICE_ENV.siteUrl]: endpoints.siteUrl ?? 'http://127.0.0.1:3000',
      [NOTICE_ENV.directory]: JSON.stringify(noticeDirectory),
      [NOTICE_ENV.emailChannel]: 'smtp',
      [NOTICE_ENV.smtpUrl]: endpoints.smtpUrl,
      [NOTICE_ENV.mailFrom]: 'notices@ankang.local',
      [NOTICE_ENV.smsChannel]: 'smtp-gateway',
      [NOTICE_ENV.smsGatewayDomain]: LOCAL_SMS_DOMAIN,
    });
  }
  // One process runs every function, so every function sees every queue URL (in AWS each
  // function gets only the queues it `sendsTo`; the IAM grants enforce that there).
  for (const spec of topology.queues) {
    const url = endpoints.queues[spec.id];
    if (url) env[spec.urlEnv] = url;
    // Likewise every dead-letter queue URL (in AWS only functions with `uses.deadLetters` get them).
    const dlq = endpoints.dlqs[spec.id];
    if (dlq) env[dlqUrlEnv(spec.id)] = dlq;
  }
  return env;
}
