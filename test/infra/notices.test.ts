// The notices pipeline in the template (SPEC §11): the table's stream read by planNotices through a
// filtered event source mapping that gives up into the notifications DLQ, the notifications queue
// and its DLQ consumed by notify, and the narrow grants — SES from the sender's domain only, SNS
// Publish for SMS, nothing of either for the functions that do not send.

import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#infra/topology.ts';
import { CREDIT_REVIEW_EVENT, NOTIFYING_EVENTS } from '#domain/notifications.ts';
import { arnOf, logicalId, ref, resourcesOfType, statementsOfRole, actionsOf, synthesize, type Synthesized } from './synth.ts';

let synth: Synthesized;
let withRelay: Synthesized;

beforeAll(() => {
  synth = synthesize({ mailFrom: 'notices@ip.ankang.example.cn' }, { validate: false });
  withRelay = synthesize(
    { mailFrom: 'notices@ip.ankang.example.cn', smtpUrl: 'smtps://relay.example.cn:465', smsGatewayDomain: 'sms.example.cn' },
    { validate: false },
  );
}, 120_000);

const fnId = (s: Synthesized, name: string) => logicalId(s.stack, s.stack.functions.get(name)!);
const envOf = (s: Synthesized, name: string) => s.resources[fnId(s, name)]!.Properties?.Environment?.Variables as Record<string, unknown>;
const actionsOfFunction = (s: Synthesized, name: string) => statementsOfRole(s, s.stack.functions.get(name)!.role!).flatMap(actionsOf);

describe('the notices pipeline', () => {
  it('gives the table a NEW_IMAGE stream', () => {
    expect(synth.resources[logicalId(synth.stack, synth.stack.table)]!.Properties?.StreamSpecification).toEqual({
      StreamViewType: 'NEW_IMAGE',
    });
  });

  it('feeds planNotices from the stream: new timeline events of the notifying types only, bisected, given up into the notifications DLQ', () => {
    const mappings = resourcesOfType(synth, 'AWS::Lambda::EventSourceMapping').filter(
      ([, r]) => JSON.stringify(r.Properties?.FunctionName) === JSON.stringify({ Ref: fnId(synth, 'planNotices') }),
    );
    expect(mappings).toHaveLength(1);
    const props = mappings[0]![1].Properties!;
    expect(props).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumRetryAttempts: 10,
      BisectBatchOnFunctionError: true,
    });
    expect(props['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
    expect(props['DestinationConfig']).toEqual({
      OnFailure: { Destination: arnOf(synth.stack, synth.stack.queues.get('notifications')!.dlq) },
    });
    const pattern = JSON.parse(props['FilterCriteria'].Filters[0].Pattern as string);
    expect(pattern.eventName).toEqual(['INSERT']);
    expect(pattern.dynamodb.NewImage.sk.S).toEqual([{ prefix: 'EVENT#' }]);
    // The cases' notifying events, and the credit list's review (SPEC §12: the respondent is told).
    expect(pattern.dynamodb.NewImage.type.S).toEqual([...NOTIFYING_EVENTS, CREDIT_REVIEW_EVENT]);
  });

  it('feeds creditFindings from the same stream: only the decisions that may establish an infringement (SPEC §12)', () => {
    const mappings = resourcesOfType(synth, 'AWS::Lambda::EventSourceMapping').filter(
      ([, r]) => JSON.stringify(r.Properties?.FunctionName) === JSON.stringify({ Ref: fnId(synth, 'creditFindings') }),
    );
    expect(mappings).toHaveLength(1);
    const pattern = JSON.parse(mappings[0]![1].Properties!['FilterCriteria'].Filters[0].Pattern as string);
    expect(pattern.dynamodb.NewImage.sk.S).toEqual([{ prefix: 'EVENT#' }]);
    expect(pattern.dynamodb.NewImage.type.S).toEqual(['issue_penalty', 'issue_decision', 'issue_award']);
    expect(mappings[0]![1].Properties!['DestinationConfig']).toEqual({
      OnFailure: { Destination: arnOf(synth.stack, synth.stack.queues.get('intake')!.dlq) },
    });
  });

  it('has a notifications queue with its DLQ, consumed by notify with partial batch failures', () => {
    const { queue } = synth.stack.queues.get('notifications')!;
    const mapping = resourcesOfType(synth, 'AWS::Lambda::EventSourceMapping').find(
      ([, r]) => JSON.stringify(r.Properties?.EventSourceArn) === JSON.stringify(arnOf(synth.stack, queue)),
    );
    expect(mapping?.[1].Properties).toMatchObject({ FunctionName: { Ref: fnId(synth, 'notify') }, BatchSize: 10 });
    const props = synth.resources[logicalId(synth.stack, queue)]!.Properties!;
    expect(props['RedrivePolicy']).toMatchObject({ maxReceiveCount: 5 });
  });

  it('lets notify send e-mail through SES from the sender’s domain only, and SMS through SNS; no other function may', () => {
    const statements = statementsOfRole(synth, synth.stack.functions.get('notify')!.role!);
    const ses = statements.find((s) => actionsOf(s).includes('ses:SendEmail')) as { Resource: unknown; Condition?: unknown } | undefined;
    expect(actionsOf(ses as never)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(ses?.Resource)).toContain(':identity/ip.ankang.example.cn');
    expect(ses?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'notices@ip.ankang.example.cn' } });
    expect(actionsOfFunction(synth, 'notify')).toContain('sns:Publish');
    for (const spec of functions.filter((f) => f.name !== 'notify')) {
      const actions = actionsOfFunction(synth, spec.name);
      expect(
        actions.filter((a) => a.startsWith('ses:') || a.startsWith('sns:Publish')),
        spec.name,
      ).toEqual([]);
    }
    expect(envOf(synth, 'notify')).toMatchObject({ EMAIL_CHANNEL: 'ses', SMS_CHANNEL: 'sns', MAIL_FROM: 'notices@ip.ankang.example.cn' });
    expect(envOf(synth, 'planNotices')['NOTICE_DIRECTORY']).toBe('{"inboxes":{}}');
  });

  it('with an SMTP relay and a mail-to-SMS gateway (regions without SES), grants neither SES nor SNS', () => {
    expect(actionsOfFunction(withRelay, 'notify').filter((a) => a.startsWith('ses:') || a.startsWith('sns:'))).toEqual([]);
    expect(envOf(withRelay, 'notify')).toMatchObject({
      EMAIL_CHANNEL: 'smtp',
      SMTP_URL: 'smtps://relay.example.cn:465',
      SMS_CHANNEL: 'smtp-gateway',
      SMS_GATEWAY_DOMAIN: 'sms.example.cn',
    });
  });

  it('keeps a relay’s password in Secrets Manager: only notify may read that one secret, and a URL with credentials in context is refused', () => {
    const arn = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp-relay-AbCdEf';
    const relay = synthesize(
      { mailFrom: 'notices@ip.ankang.example.cn', smtpSecretArn: arn, smsGatewayDomain: 'sms.example.cn' },
      { validate: false },
    );
    expect(envOf(relay, 'notify')).toMatchObject({ EMAIL_CHANNEL: 'smtp', SMS_CHANNEL: 'smtp-gateway', SMTP_SECRET_ARN: arn });
    expect(envOf(relay, 'notify')['SMTP_URL']).toBeUndefined();
    const reads = statementsOfRole(relay, relay.stack.functions.get('notify')!.role!).filter((st) =>
      actionsOf(st).includes('secretsmanager:GetSecretValue'),
    );
    // The relay's secret, and the environment's own (notify derives invitation codes from it).
    const resources = reads.flatMap((st) => [st.Resource].flat());
    expect(resources).toEqual(expect.arrayContaining([arn, ref(relay.stack, relay.stack.cursorSecret!)]));
    expect(resources).toHaveLength(2);
    for (const spec of functions.filter((f) => f.name !== 'notify' && !f.uses.secret)) {
      expect(
        actionsOfFunction(relay, spec.name).filter((a) => a.startsWith('secretsmanager:')),
        spec.name,
      ).toEqual([]);
    }
    expect(() => synthesize({ smtpUrl: 'smtps://user:secret@relay.example.cn:465' }, { validate: false })).toThrow(/smtpSecretArn/);
  });

  it('refuses a notice directory that is not the documented JSON', () => {
    expect(() => synthesize({ noticeDirectory: '{"court": "x"}' }, { validate: false })).toThrow(/noticeDirectory/);
  });
});
