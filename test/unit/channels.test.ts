// The AWS channel adapters (SPEC §11): what the SES v2 and SNS requests say — sender, destination,
// UTF-8 subject and body; E.164 phone number and the transactional SMS type.
//
// There is no local engine for SES or for SMS (the SMTP adapters have one: the runtime's mailbox,
// test/integration/mailbox.test.ts). As a stand-in, the real SDK clients are given a request handler
// that records the signed HTTP request they would send and answers what the service answers on
// success; everything above the wire (serialisation, signing, parsing the answer) is the SDK's own.

import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { channels, e164, type EmailChannel, type SmsChannel } from '#lib/channels.ts';

interface RecordedRequest {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A request handler in place of the network: records each request, answers a canned success. */
function cannedAws(answer: { contentType: string; body: string }) {
  const requests: RecordedRequest[] = [];
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: RecordedRequest & { body?: unknown }) {
      requests.push({
        method: request.method,
        hostname: request.hostname,
        path: request.path,
        headers: request.headers,
        body:
          typeof request.body === 'string' ? request.body : Buffer.from((request.body as Uint8Array | undefined) ?? []).toString('utf8'),
      });
      return {
        response: {
          statusCode: 200,
          reason: 'OK',
          headers: { 'content-type': answer.contentType, 'x-amzn-requestid': 'req-1' },
          body: Buffer.from(answer.body, 'utf8'),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  return { requests, handler };
}

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

function sesClient() {
  const aws = cannedAws({ contentType: 'application/json', body: JSON.stringify({ MessageId: 'ses-message-1' }) });
  const client = new SESv2Client({
    region: 'ap-southeast-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: aws.handler as unknown as SESv2ClientConfig['requestHandler'],
  });
  return { client, requests: aws.requests };
}

function snsClient() {
  const aws = cannedAws({
    contentType: 'text/xml',
    body:
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-message-1</MessageId></PublishResult>' +
      '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>',
  });
  const client = new SNSClient({
    region: 'ap-southeast-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: aws.handler as unknown as SNSClientConfig['requestHandler'],
  });
  return { client, requests: aws.requests };
}

const SES: EmailChannel = { kind: 'ses', from: 'notices@ip.ankang.example.cn' };
const SNS: SmsChannel = { kind: 'sns' };
// Never contacted: the SES and SNS adapters are under test here.
const SMTP: EmailChannel = { kind: 'smtp', url: 'smtp://127.0.0.1:9', from: 'notices@ip.ankang.example.cn' };
const GATEWAY: SmsChannel = {
  kind: 'smtp-gateway',
  url: 'smtp://127.0.0.1:9',
  from: 'notices@ip.ankang.example.cn',
  domain: 'sms.example.cn',
};

describe('the SES e-mail adapter', () => {
  it('sends one SendEmail request with the sender, the one recipient, and a UTF-8 subject and text body', async () => {
    const { client, requests } = sesClient();
    const out = channels({ email: SES, sms: SNS }, { ses: client });

    const sent = await out.sendEmail({
      messageId: '<n1@notices.ankang-ip>',
      to: 'ip@qinba-tea.example.cn',
      subject: '投诉已受理：AK-2026-000123',
      text: '您的投诉已受理。\n案件页面：https://ip.ankang.example.cn/cases/c-1',
    });

    expect(sent).toEqual({ providerId: 'ses-message-1' });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.hostname).toBe('email.ap-southeast-1.amazonaws.com');
    expect(request.path).toBe('/v2/email/outbound-emails');
    expect(request.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/ses\/aws4_request/);
    expect(JSON.parse(request.body)).toEqual({
      FromEmailAddress: 'notices@ip.ankang.example.cn',
      Destination: { ToAddresses: ['ip@qinba-tea.example.cn'] },
      Content: {
        Simple: {
          Subject: { Data: '投诉已受理：AK-2026-000123', Charset: 'UTF-8' },
          Body: { Text: { Data: '您的投诉已受理。\n案件页面：https://ip.ankang.example.cn/cases/c-1', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('names the configuration set when the deployment gives one', async () => {
    const { client, requests } = sesClient();
    const out = channels({ email: { ...SES, configurationSet: 'notices' }, sms: SNS }, { ses: client });

    await out.sendEmail({ messageId: '<n2@notices.ankang-ip>', to: 'court@court.example.cn', subject: 'S', text: 'T' });

    expect(JSON.parse(requests[0]!.body)).toMatchObject({ ConfigurationSetName: 'notices' });
  });

  it('passes the service error on to the caller, who records it', async () => {
    const requests: unknown[] = [];
    const client = new SESv2Client({
      region: 'ap-southeast-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestHandler: {
        async handle(request: unknown) {
          requests.push(request);
          return {
            response: {
              statusCode: 400,
              headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' },
              body: Buffer.from(JSON.stringify({ message: 'Email address is not verified.' })),
            },
          };
        },
        updateHttpClientConfig() {},
        httpHandlerConfigs: () => ({}),
      } as unknown as SESv2ClientConfig['requestHandler'],
    });
    const out = channels({ email: SES, sms: SNS }, { ses: client });

    await expect(out.sendEmail({ messageId: '<n3@notices.ankang-ip>', to: 'a@example.cn', subject: 'S', text: 'T' })).rejects.toMatchObject(
      {
        name: 'MessageRejected',
      },
    );
    expect(requests).toHaveLength(1);
  });
});

describe('the SNS SMS adapter', () => {
  it('publishes to a mainland mobile in E.164 form as a transactional SMS', async () => {
    const { client, requests } = snsClient();
    const out = channels({ email: SES, sms: SNS }, { sns: client });

    const sent = await out.sendSms({ messageId: '<n4@notices.ankang-ip>', to: '13912345678', text: '【安康知识产权】您的案件已受理。' });

    expect(sent).toEqual({ providerId: 'sns-message-1' });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.hostname).toBe('sns.ap-southeast-1.amazonaws.com');
    const form = new URLSearchParams(request.body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('PhoneNumber')).toBe('+8613912345678');
    expect(form.get('Message')).toBe('【安康知识产权】您的案件已受理。');
    expect(form.get('TopicArn')).toBeNull();
    const attributes = messageAttributes(form);
    expect(attributes).toEqual({ 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } });
  });

  it('adds the sender ID when the deployment gives one', async () => {
    const { client, requests } = snsClient();
    const out = channels({ email: SES, sms: { kind: 'sns', senderId: 'AnkangIP' } }, { sns: client });

    await out.sendSms({ messageId: '<n5@notices.ankang-ip>', to: '+86 139-1234-5678', text: 'x' });

    const form = new URLSearchParams(requests[0]!.body);
    expect(form.get('PhoneNumber')).toBe('+8613912345678');
    expect(messageAttributes(form)).toEqual({
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'AnkangIP' },
    });
  });

  it('sends nothing for a number it cannot put in E.164 form', async () => {
    const { client, requests } = snsClient();
    const out = channels({ email: SES, sms: SNS }, { sns: client });

    await expect(out.sendSms({ messageId: '<n6@notices.ankang-ip>', to: '0915-3212345', text: 'x' })).rejects.toThrow(/E\.164/);
    expect(requests).toHaveLength(0);
  });
});

describe('phone numbers in E.164 form', () => {
  it.each([
    ['13912345678', '+8613912345678'],
    ['139 1234 5678', '+8613912345678'],
    ['8613912345678', '+8613912345678'],
    ['+8613912345678', '+8613912345678'],
    ['008613912345678', '+8613912345678'],
    ['+852 9123 4567', '+85291234567'],
  ])('writes %s as %s', (input, expected) => {
    expect(e164(input)).toBe(expected);
  });

  it.each([['12345678901'], ['0915-3212345'], ['not a number'], ['']])('refuses %j', (input) => {
    expect(() => e164(input)).toThrow();
  });
});

describe('the SMTP adapters refuse a recipient that is not one address, before connecting', () => {
  it('refuses an e-mail recipient list', async () => {
    const out = channels({ email: SMTP, sms: GATEWAY });
    await expect(
      out.sendEmail({ messageId: '<n7@notices.ankang-ip>', to: 'a@example.cn, b@example.cn', subject: 'S', text: 'T' }),
    ).rejects.toThrow(/not one e-mail address/);
  });

  it('refuses an SMS recipient that is not a number', async () => {
    const out = channels({ email: SMTP, sms: GATEWAY });
    await expect(out.sendSms({ messageId: '<n8@notices.ankang-ip>', to: 'someone@example.cn', text: 'T' })).rejects.toThrow(
      /not a phone number/,
    );
  });
});

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` back into a map. */
function messageAttributes(form: URLSearchParams): Record<string, { DataType: string | null; StringValue: string | null }> {
  const out: Record<string, { DataType: string | null; StringValue: string | null }> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    out[form.get(`MessageAttributes.entry.${n}.Name`)!] = {
      DataType: form.get(`MessageAttributes.entry.${n}.Value.DataType`),
      StringValue: form.get(`MessageAttributes.entry.${n}.Value.StringValue`),
    };
  }
  return out;
}
