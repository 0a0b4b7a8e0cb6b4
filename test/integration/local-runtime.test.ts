// The local runtime against a fixture topology: the HTTP edge builds the events API Gateway would,
// refuses what its JWT authorizer would refuse, pollers deliver SQS batches with partial failures
// and redrive, and nothing (no JVM) is left behind.

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeTableCommand, DescribeTimeToLiveCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableFromTopology } from '#infra/local/dynamodb.ts';
import { checkJava, parseJavaMajor } from '#infra/local/java.ts';
import { startHttpServer, type HttpServer } from '#infra/local/http.ts';
import { localJwt, signingKeyPath, type LocalJwt } from '#infra/local/jwt.ts';
import type { LogLevel } from '#infra/local/log.ts';
import { freePort } from '#infra/local/net.ts';
import { compileRoutes, matchRoute } from '#infra/local/routes.ts';
import { startInfrastructure, startLocalRuntime, type LocalRuntime, type RuntimeFile } from '#infra/local/runtime.ts';
import { prepareLocalSite, type LocalSite } from '#infra/local/site.ts';
import { queues as realQueues, table as realTable, visibilityTimeoutSeconds } from '#infra/topology.ts';
import { fixtureTopology } from '../fixtures/local-runtime/topology.ts';
import { seen } from '../fixtures/local-runtime/seen.ts';
import { eventually, startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { nodeTs } from '../support/node-ts.ts';
import { logChildOutput } from '../support/test-log.ts';

const JVM_START = 90_000;
const repoRoot = new URL('../../', import.meta.url).pathname;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

/** A raw HTTP call (node:http, so duplicate headers and chunked bodies are possible). */
function call(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer | string; chunks?: Buffer[] } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

function expectErrorShape(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.json).toEqual({
    error: { code, message: expect.any(String), details: [], requestId: answer.headers['x-request-id'] },
  });
  expect(answer.json.error.requestId).toMatch(/\S{8,}/);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('the local runtime on a fixture topology', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  const logs: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];
  let url: string;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-runtime-'));
    runtime = await startLocalRuntime({
      dataDir,
      inMemory: true,
      port: 0,
      topology: fixtureTopology,
      visibilityTimeoutSeconds: 1,
      runSchedulesAtStart: true,
      requestTimeoutMs: 1500,
      log: (level, message, fields = {}) => logs.push({ level, message, fields }),
    });
    url = runtime.httpUrl;
    token = await runtime.jwt.signToken({ role: 'mediator', sub: 'mediator-7' });
  }, JVM_START);

  afterAll(async () => {
    const pid = runtime?.dynamodbPid;
    await runtime?.stop();
    if (pid) expect(isRunning(pid)).toBe(false);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  describe('HTTP events', () => {
    it('hands an authorized route the API Gateway v2 event: route key, decoded path and query parameters, joined headers, string claims', async () => {
      const answer = await call(url, '/echo/case%201%2Fx?status=queued&path=a&path=b&empty=&q=%E5%AE%89%E5%BA%B7', {
        headers: {
          Authorization: `Bearer ${token}`,
          'X-Custom': ['one', 'two'],
          Cookie: 'a=1; b=2',
          'User-Agent': 'local-runtime-test',
        },
      });
      expect(answer.status).toBe(200);
      const { event, context } = answer.json;
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'GET /echo/{id}',
        rawPath: '/echo/case%201%2Fx',
        rawQueryString: 'status=queued&path=a&path=b&empty=&q=%E5%AE%89%E5%BA%B7',
        cookies: ['a=1', 'b=2'],
        queryStringParameters: { status: 'queued', path: 'a,b', empty: '', q: '安康' },
        pathParameters: { id: 'case 1/x' },
        isBase64Encoded: false,
      });
      expect(event.body).toBeUndefined();
      expect(event.headers['x-custom']).toBe('one,two');
      expect(event.headers.authorization).toBe(`Bearer ${token}`);
      expect(event.headers.cookie).toBeUndefined();
      expect(Object.keys(event.headers).every((name: string) => name === name.toLowerCase())).toBe(true);
      expect(event.requestContext).toMatchObject({
        accountId: expect.any(String),
        apiId: expect.any(String),
        domainName: '127.0.0.1',
        http: { method: 'GET', path: '/echo/case%201%2Fx', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'local-runtime-test' },
        routeKey: 'GET /echo/{id}',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      });
      expect(event.requestContext.requestId).toBe(answer.headers['x-request-id']);
      const { claims, scopes } = event.requestContext.authorizer.jwt;
      expect(scopes).toBeNull();
      expect(claims).toMatchObject({
        sub: 'mediator-7',
        'cognito:groups': '[mediator]',
        iss: 'urn:ankang-ip:local',
        aud: 'ankang-ip-cases',
        token_use: 'access',
        client_id: expect.any(String),
      });
      for (const name of ['exp', 'iat', 'nbf']) expect(claims[name]).toMatch(/^\d+$/);
      expect(context).toMatchObject({ functionName: 'echo' });
      expect(context.remainingMs).toBeGreaterThan(0);
      expect(context.remainingMs).toBeLessThanOrEqual(5000);
    });

    it('gives every request its own request id and answers with it', async () => {
      const [a, b] = await Promise.all([call(url, '/public'), call(url, '/public')]);
      expect(a.json.event.requestContext.requestId).not.toBe(b.json.event.requestContext.requestId);
      expect(a.headers['x-request-id']).toBe(a.json.event.requestContext.requestId);
      expect(a.headers['x-echo']).toBe('yes');
      expect(a.headers['set-cookie']).toEqual(['echo=1; Path=/']);
    });

    it('passes several groups as one bracketed string', async () => {
      const both = await runtime.jwt.signToken({ role: 'court', sub: 'c-1', groups: ['court', 'procuratorate'] });
      const answer = await call(url, '/echo/x', { headers: { authorization: `Bearer ${both}` } });
      expect(answer.json.event.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[court procuratorate]');
    });

    it('gives a public route no authorizer block', async () => {
      const answer = await call(url, '/public');
      expect(answer.status).toBe(200);
      expect(answer.json.event.routeKey).toBe('GET /public');
      expect(answer.json.event.requestContext.authorizer).toBeUndefined();
      expect(answer.json.event.pathParameters).toBeUndefined();
      expect(answer.json.event.queryStringParameters).toBeUndefined();
    });

    it('captures the rest of the path for a greedy parameter', async () => {
      const answer = await call(url, '/files/a/b%20c.pdf', { headers: { authorization: `Bearer ${token}` } });
      expect(answer.json.event.pathParameters).toEqual({ path: 'a/b c.pdf' });
    });

    it('passes a text body as is and a binary body base64-encoded', async () => {
      const text = JSON.stringify({ 说明: '专利侵权' });
      const asText = await call(url, '/echo', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: text,
      });
      expect(asText.json.event).toMatchObject({ routeKey: 'POST /echo', body: text, isBase64Encoded: false });

      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]);
      const asBinary = await call(url, '/echo', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      expect(asBinary.json.event.isBase64Encoded).toBe(true);
      expect(Buffer.from(asBinary.json.event.body, 'base64').equals(bytes)).toBe(true);
    });
  });

  describe('the JWT authorizer', () => {
    const refusals: [string, () => Promise<string | undefined>][] = [
      ['no token', async () => undefined],
      ['a token that has expired', () => runtime.jwt.signToken({ role: 'mediator', sub: 'm', ttlSeconds: -60 })],
      ['a token not valid yet', () => runtime.jwt.signToken({ role: 'mediator', sub: 'm', notBeforeSeconds: 300 })],
      ['a token from another issuer', () => runtime.jwt.signToken({ role: 'mediator', sub: 'm', issuer: 'urn:someone-else' })],
      ['a token for another audience', () => runtime.jwt.signToken({ role: 'mediator', sub: 'm', audience: 'another-app' })],
      [
        'a token signed with another key',
        async () => {
          const otherDir = mkdtempSync(join(tmpdir(), 'other-key-'));
          try {
            return await (await localJwt(otherDir)).signToken({ role: 'mediator', sub: 'm' });
          } finally {
            rmSync(otherDir, { recursive: true, force: true });
          }
        },
      ],
      [
        'an unsigned token (alg none)',
        async () => {
          const now = Math.floor(Date.now() / 1000);
          const claims = {
            sub: 'm',
            'cognito:groups': ['supervisor'],
            iss: 'urn:ankang-ip:local',
            aud: 'ankang-ip-cases',
            iat: now,
            nbf: now,
            exp: now + 600,
          };
          return `${base64url({ alg: 'none', typ: 'JWT', kid: runtime.jwt.kid })}.${base64url(claims)}.`;
        },
      ],
      [
        'a token whose payload was changed after signing',
        async () => {
          const [header, , signature] = (await runtime.jwt.signToken({ role: 'mediator', sub: 'm' })).split('.');
          const now = Math.floor(Date.now() / 1000);
          const forged = {
            sub: 'm',
            'cognito:groups': ['supervisor'],
            iss: 'urn:ankang-ip:local',
            aud: 'ankang-ip-cases',
            iat: now,
            exp: now + 600,
          };
          return `${header}.${base64url(forged)}.${signature}`;
        },
      ],
      ['something that is not a JWT', async () => 'not-a-jwt'],
    ];

    for (const [what, make] of refusals) {
      it(`refuses ${what} with 401 UNAUTHENTICATED and never calls the function`, async () => {
        const bearer = await make();
        const before = seen().httpCalls;
        const answer = await call(url, '/echo/x', { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
        expectErrorShape(answer, 401, 'UNAUTHENTICATED');
        expect(answer.json.error.message).toMatch(/[\u4e00-\u9fff]/);
        expect(seen().httpCalls).toBe(before);
      });
    }

    it('refuses a non-Bearer scheme and answers in English when asked', async () => {
      const answer = await call(url, '/echo/x', {
        headers: { authorization: `Basic ${token}`, 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' },
      });
      expectErrorShape(answer, 401, 'UNAUTHENTICATED');
      expect(answer.json.error.message).toMatch(/^[\x20-\x7e]+$/);
    });

    it('accepts a token made by `npm run token` with the same data dir', async () => {
      const { stdout } = await promisify(execFile)(...nodeTs('tools/token.ts', ['--role', 'notary', '--sub', 'n-9']), {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: dataDir },
      });
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const answer = await call(url, '/echo/x', { headers: { authorization: `Bearer ${lines[0]}` } });
      expect(answer.status).toBe(200);
      expect(answer.json.event.requestContext.authorizer.jwt.claims).toMatchObject({ sub: 'n-9', 'cognito:groups': '[notary]' });
    }, 30_000);

    it('keeps the signing key private to its owner', () => {
      expect(statSync(signingKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    });
  });

  describe('what the edge answers itself', () => {
    it('answers an unknown route 404 NOT_FOUND', async () => {
      expectErrorShape(await call(url, '/nope'), 404, 'NOT_FOUND');
      expectErrorShape(await call(url, '/echo/a/b', { headers: { authorization: `Bearer ${token}` } }), 404, 'NOT_FOUND');
    });

    it('answers a known path with the wrong method 404, like API Gateway', async () => {
      expectErrorShape(await call(url, '/public', { method: 'POST', body: '{}' }), 404, 'NOT_FOUND');
      expectErrorShape(await call(url, '/public', { method: 'DELETE' }), 404, 'NOT_FOUND');
    });

    it('refuses a body over 256 KiB with 413 without calling the function, and accepts exactly 256 KiB', async () => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const before = seen().httpCalls;
      expectErrorShape(
        await call(url, '/echo', { method: 'POST', headers, body: Buffer.alloc(256 * 1024 + 1, 0x61) }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      // Without a Content-Length the edge counts as it reads.
      const chunks = Array.from({ length: 40 }, () => Buffer.alloc(8 * 1024, 0x62));
      expectErrorShape(await call(url, '/echo', { method: 'POST', headers, chunks }), 413, 'PAYLOAD_TOO_LARGE');
      expect(seen().httpCalls).toBe(before);

      const exact = await call(url, '/echo', { method: 'POST', headers, body: Buffer.alloc(256 * 1024, 0x63) });
      expect(exact.status).toBe(200);
      expect(exact.json.event.body).toHaveLength(256 * 1024);
    });

    it('turns a function that throws into 500 INTERNAL without its details, and logs it as JSON fields', async () => {
      const answer = await call(url, '/boom');
      expectErrorShape(answer, 500, 'INTERNAL');
      expect(answer.text).not.toContain('secret internal detail');
      expect(answer.text).not.toContain('boom-handler');
      const logged = logs.find((entry) => entry.level === 'error' && entry.fields.requestId === answer.json.error.requestId);
      expect(logged?.fields).toMatchObject({ routeKey: 'GET /boom', errorMessage: 'boom: secret internal detail' });
    });
  });

  describe('the integration timeout', () => {
    it('answers 504 in the error shape when the function takes longer than the edge waits', async () => {
      expect((await call(url, '/slow?ms=10')).status).toBe(200);
      const answer = await call(url, '/slow?ms=2500', { headers: { 'accept-language': 'en' } });
      expectErrorShape(answer, 504, 'INTERNAL');
      expect(answer.json.error.message).toBe('The request timed out');
    });
  });

  describe('queue pollers', () => {
    it('delivers batches, deletes what succeeded, and moves a poison message to the DLQ after maxReceiveCount', async () => {
      const intake = runtime.queues.intake!;
      const sqs = runtime.infrastructure.sqs;
      const batchesBefore = seen().batches.length;
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: intake,
          Entries: [
            { Id: 'a', MessageBody: '{"n":1}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } } },
            { Id: 'b', MessageBody: '{"n":2}' },
            { Id: 'c', MessageBody: '{"n":3,"poison":true}' },
            { Id: 'd', MessageBody: '{"n":4}' },
          ],
        }),
      );
      // Visibility timeout 1 s, maxReceiveCount 2: received twice, then moved on the third receive.
      const dead = await eventually(async () => {
        const messages = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: runtime.dlqs.intake!, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
        );
        if (!messages.Messages?.length) throw new Error('nothing in the DLQ yet');
        return messages.Messages;
      }, 20_000);
      expect(dead.map((m) => m.Body)).toEqual(['{"n":3,"poison":true}']);

      const records = seen().batches.slice(batchesBefore).flat();
      const bodies = records.map((r) => r.body);
      for (const n of [1, 2, 4]) expect(bodies.filter((b) => b === `{"n":${n}}`)).toHaveLength(1);
      expect(bodies.filter((b) => b.includes('poison'))).toHaveLength(2);
      const poison = records.filter((r) => r.body.includes('poison')).map((r) => r.attributes.ApproximateReceiveCount);
      expect(poison).toEqual(['1', '2']);
      expect(
        seen()
          .batches.slice(batchesBefore)
          .every((batch) => batch.length >= 1 && batch.length <= 5),
      ).toBe(true);
      expect(seen().batches[batchesBefore]!.length).toBeGreaterThan(1);

      const first = records.find((r) => r.body === '{"n":1}')!;
      expect(first).toMatchObject({
        eventSource: 'aws:sqs',
        eventSourceARN: expect.stringMatching(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:intake$/),
        awsRegion: expect.any(String),
        md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
        receiptHandle: expect.any(String),
        messageAttributes: { kind: { dataType: 'String', stringValue: 'test' } },
      });
      expect(first.attributes).toMatchObject({
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d+$/),
        SenderId: expect.any(String),
      });

      const left = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: intake,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(left.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    }, 30_000);

    it('keeps the whole batch when the function throws, and keeps polling', async () => {
      const sqs = runtime.infrastructure.sqs;
      const batchesBefore = seen().batches.length;
      await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.intake!, MessageBody: 'crash' }));
      await eventually(
        () =>
          expect(
            seen()
              .batches.slice(batchesBefore)
              .flat()
              .filter((r) => r.body === 'crash'),
          ).toHaveLength(2),
        15_000,
      );
      const failure = await eventually(() => {
        const entry = logs.find(
          (e) => e.level === 'error' && e.fields.function === 'consume' && e.fields.errorMessage === 'crash: the whole batch fails',
        );
        if (!entry) throw new Error('not logged yet');
        return entry;
      });
      expect(failure.message).toMatch(/whole batch/);
      // Still alive: a good message afterwards is processed.
      await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.intake!, MessageBody: 'after-crash' }));
      await eventually(
        () =>
          expect(
            seen()
              .batches.flat()
              .some((r) => r.body === 'after-crash'),
          ).toBe(true),
        10_000,
      );
    }, 30_000);
  });

  describe('schedules and bookkeeping', () => {
    it('runs a scheduled function with an EventBridge scheduled event (at start and on demand)', async () => {
      await eventually(() => expect(seen().scheduled.length).toBeGreaterThanOrEqual(1));
      await runtime.runSchedule('sweep');
      const last = seen().scheduled.at(-1)!;
      expect(last).toMatchObject({
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        detail: {},
        resources: [expect.stringContaining('sweep')],
      });
    });

    it('writes runtime.json with the endpoints and queue URLs', () => {
      const file = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
      expect(file).toMatchObject({
        http: runtime.httpUrl,
        dynamodbEndpoint: runtime.dynamodbEndpoint,
        sqsEndpoint: runtime.sqsEndpoint,
        tableName: 'ankang-ip-cases',
        queues: { intake: runtime.queues.intake },
      });
    });

    it('sets the environment the handlers read', () => {
      expect(process.env).toMatchObject({
        TABLE_NAME: 'ankang-ip-cases',
        INTAKE_QUEUE_URL: runtime.queues.intake,
        AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamodbEndpoint,
        AWS_ENDPOINT_URL_SQS: runtime.sqsEndpoint,
        AWS_REGION: expect.any(String),
      });
    });

    it('refuses to start a second runtime on a port in use', async () => {
      const port = Number(new URL(url).port);
      await expect(
        startLocalRuntime({ dataDir, inMemory: true, port, topology: fixtureTopology, log: () => undefined }),
      ).rejects.toMatchObject({
        code: 'PORT_IN_USE',
      });
    });
  });
});

describe('the real topology on a local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  }, JVM_START);
  afterAll(async () => {
    await stack?.stop();
    if (stack) expect(isRunning(stack.dynamodbPid)).toBe(false);
  });

  it('creates the table with every index and TTL, and reuses it on a second call', async () => {
    const { Table } = await stack.dynamodb.send(new DescribeTableCommand({ TableName: stack.tableName }));
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
      realTable.indexes.map((index) => index.name).sort(),
    );
    const ttl = await stack.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: stack.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    expect(await createTableFromTopology(stack.dynamodb, stack.tableName)).toEqual({ created: false, addedIndexes: [] });
  });

  it('adds an index the topology gained to an existing table', async () => {
    const grown = {
      ...realTable,
      indexes: [
        ...realTable.indexes,
        { name: 'byColour', partitionKey: 'colourPk', sortKey: 'createdAt', projection: 'KEYS_ONLY' as const },
      ],
    };
    expect(await createTableFromTopology(stack.dynamodb, 'growing-table', realTable)).toMatchObject({ created: true });
    expect(await createTableFromTopology(stack.dynamodb, 'growing-table', grown)).toEqual({ created: false, addedIndexes: ['byColour'] });
    const { Table } = await stack.dynamodb.send(new DescribeTableCommand({ TableName: 'growing-table' }));
    expect(Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'byColour')?.IndexStatus).toBe('ACTIVE');
  });

  it('creates every queue with its DLQ, redrive policy and the topology visibility timeout', async () => {
    expect(Object.keys(stack.queues).sort()).toEqual(realQueues.map((q) => q.id).sort());
    for (const spec of realQueues) {
      const { Attributes } = await stack.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: stack.queues[spec.id]!, AttributeNames: ['All'] }),
      );
      expect(Number(Attributes?.VisibilityTimeout)).toBe(visibilityTimeoutSeconds(spec.id));
      expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
        deadLetterTargetArn: expect.stringMatching(new RegExp(`:${spec.id}-dlq$`)),
        maxReceiveCount: spec.maxReceiveCount,
      });
    }
  });

  it('reads queues for tests with receiveAll', async () => {
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.mediation!, MessageBody: 'hello' }));
    expect((await stack.receiveAll(stack.queues.mediation!)).map((m) => m.Body)).toEqual(['hello']);
    expect(await stack.receiveAll(stack.queues.mediation!)).toEqual([]);
  });
});

describe('data on disk', () => {
  it(
    'keeps the table and its items across a restart on the same data dir, and leaves no JVM behind',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'local-data-'));
      const quiet = (): void => undefined;
      try {
        const first = await startInfrastructure({ dataDir, topology: fixtureTopology, log: quiet });
        expect(first.table.created).toBe(true);
        await first.dynamodb.send(
          new PutItemCommand({ TableName: first.tableName, Item: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' }, note: { S: '保留' } } }),
        );
        await first.stop();
        expect(isRunning(first.dynamodbPid)).toBe(false);
        expect(existsSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'))).toBe(true);

        const second = await startInfrastructure({ dataDir, topology: fixtureTopology, log: quiet });
        try {
          expect(second.table).toEqual({ created: false, addedIndexes: [] });
          const { Item } = await second.dynamodb.send(
            new GetItemCommand({ TableName: second.tableName, Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }),
          );
          expect(Item?.note).toEqual({ S: '保留' });
        } finally {
          await second.stop();
        }
        expect(isRunning(second.dynamodbPid)).toBe(false);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    2 * JVM_START,
  );
});

describe('npm start', () => {
  it('fails fast with exit code 1 and one line when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'local-main-'));
    try {
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          ...nodeTs('infra/local/main.ts', ['--in-memory']),
          { cwd: repoRoot, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir } },
          (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
      });
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').filter((line) => line.startsWith('local runtime:'));
      expect(lines).toEqual([expect.stringMatching(new RegExp(`port ${port} .*in use`))]);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it(
    'serves the real routes and stops everything on SIGTERM with exit code 0',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'local-main-'));
      const port = await freePort();
      const child = spawn(...nodeTs('infra/local/main.ts', ['--in-memory']), {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      logChildOutput(child, 'npm start');
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      try {
        await eventually(() => expect(stdout).toContain(`HTTP      http://127.0.0.1:${port}`), JVM_START);
        const file = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
        expect(isRunning(file.dynamodbPid)).toBe(true);
        expect(stdout).toMatch(/^queue +intake +http:\/\//m);
        const unknown = await call(`http://127.0.0.1:${port}`, '/no-such-route');
        expectErrorShape(unknown, 404, 'NOT_FOUND');
        const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exit).toBe(0);
        expect(isRunning(file.dynamodbPid)).toBe(false);
        expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    2 * JVM_START,
  );
});

describe('pieces without a JVM', () => {
  it('reads the Java major version from both version styles', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_402"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });

  it('says clearly that Java is missing', async () => {
    await expect(checkJava('no-such-java-anywhere')).rejects.toMatchObject({
      code: 'JAVA_MISSING',
      message: expect.stringMatching(/Java 17/),
    });
  });

  it('prefers a literal segment over a parameter and needs the method to match', () => {
    const fn = { name: 'f', entry: 'x.ts', timeoutSeconds: 1, memoryMb: 128, uses: { table: 'read' as const, sendsTo: [] } };
    const routes = compileRoutes({
      functions: [
        { ...fn, name: 'byId', triggers: [{ kind: 'http', method: 'GET', path: '/cases/{caseId}', authorized: true }] },
        { ...fn, name: 'stats', triggers: [{ kind: 'http', method: 'GET', path: '/cases/stats', authorized: true }] },
        { ...fn, name: 'timeline', triggers: [{ kind: 'http', method: 'GET', path: '/cases/{caseId}/timeline', authorized: true }] },
      ],
    });
    expect(matchRoute(routes, 'GET', '/cases/stats')?.route.fn.name).toBe('stats');
    expect(matchRoute(routes, 'GET', '/cases/abc')).toMatchObject({
      route: { routeKey: 'GET /cases/{caseId}' },
      pathParameters: { caseId: 'abc' },
    });
    expect(matchRoute(routes, 'GET', '/cases/a%2Fb/timeline')?.pathParameters).toEqual({ caseId: 'a/b' });
    expect(matchRoute(routes, 'POST', '/cases/abc')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/cases/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/cases/abc/other')).toBeUndefined();
  });

  it('refuses a topology that declares the same route twice', () => {
    const fn = { entry: 'x.ts', timeoutSeconds: 1, memoryMb: 128, uses: { table: 'read' as const, sendsTo: [] } };
    const trigger = { kind: 'http' as const, method: 'GET' as const, path: '/health', authorized: false };
    expect(() =>
      compileRoutes({
        functions: [
          { ...fn, name: 'a', triggers: [trigger] },
          { ...fn, name: 'b', triggers: [trigger] },
        ],
      }),
    ).toThrow(/GET \/health.*a and b/);
  });

  it('npm run token checks the role unless --any-role is given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-'));
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          ...nodeTs('tools/token.ts', args),
          { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } },
          (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
        );
      });
    try {
      const refused = await run(['--role', 'nobody', '--sub', 'x']);
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(/unknown role "nobody"/);
      const allowed = await run(['--role', 'nobody', '--sub', 'x', '--any-role', '--ttl', '-30']);
      expect(allowed.code).toBe(0);
      const [token, ...rest] = allowed.stdout.split('\n').filter(Boolean);
      expect(rest).toEqual([]);
      const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString());
      expect(claims).toMatchObject({ sub: 'x', 'cognito:groups': ['nobody'] });
      expect(claims.exp).toBeLessThan(Date.now() / 1000);
      await expect((await localJwt(dataDir)).verifyToken(token!)).rejects.toThrow(/exp/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it("npm run token puts an officer in its agency's group and, with --lead, in agency_lead; refuses both to other roles", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-'));
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          ...nodeTs('tools/token.ts', args),
          { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } },
          (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
        );
      });
    try {
      // One after another: the first run creates the signing key the others then use.
      const lead = await run(['--role', 'officer', '--sub', 'o-7', '--agency', 'culture_tourism', '--lead']);
      const officer = await run(['--role', 'officer', '--sub', 'o-8']);
      const court = await run(['--role', 'court', '--sub', 'c-1', '--lead']);
      const supervisor = await run(['--role', 'supervisor', '--sub', 's-1', '--agency', 'forestry']);
      const jwt = await localJwt(dataDir);
      expect(lead.code, lead.stderr).toBe(0);
      expect(await jwt.verifyToken(lead.stdout.trim())).toMatchObject({
        sub: 'o-7',
        'cognito:groups': ['officer', 'agency:culture_tourism', 'agency_lead'],
      });
      expect(await jwt.verifyToken(officer.stdout.trim())).toMatchObject({ 'cognito:groups': ['officer'] });
      expect(court).toMatchObject({ code: 1, stdout: '' });
      expect(court.stderr).toMatch(/--lead is for officers/);
      expect(court.stderr).toContain('[--lead]');
      expect(supervisor).toMatchObject({ code: 1, stdout: '' });
      expect(supervisor.stderr).toMatch(/--agency is for officers/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('npm start exits 1 with one line when Java is missing', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'no-java-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    try {
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          ...nodeTs('infra/local/main.ts', ['--in-memory']),
          { cwd: repoRoot, env: { ...process.env, PATH: bin, PORT: '0', DATA_DIR: bin } },
          (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
      });
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').filter((line) => line.startsWith('local runtime:'))).toEqual([
        expect.stringMatching(/needs Java 17\+/),
      ]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('development sign-in stays on this machine (DNS rebinding, HOST=0.0.0.0)', () => {
  let dataDir: string;
  let jwt: LocalJwt;
  let site: LocalSite;
  const servers: HttpServer[] = [];
  const logs: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];

  const serve = async (host = '127.0.0.1'): Promise<{ server: HttpServer; port: number }> => {
    const server = await startHttpServer({
      host,
      port: 0,
      routes: compileRoutes(fixtureTopology),
      jwt,
      loadHandler: async () => async () => ({ statusCode: 200, body: '{}' }),
      log: (level, message, fields = {}) => logs.push({ level, message, fields }),
      site: () => site,
    });
    servers.push(server);
    return { server, port: server.port };
  };
  /** A supervisor token asked for over plain node:http, so Host and Origin are whatever the caller writes. */
  const signIn = (port: number, host: string, extra: OutgoingHttpHeaders = {}) =>
    call(`http://127.0.0.1:${port}`, '/dev/sign-in', {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', ...extra },
      body: JSON.stringify({ role: 'supervisor', sub: 'intruder' }),
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dev-sign-in-'));
    jwt = await localJwt(dataDir);
    site = await prepareLocalSite({ jwt, devSignIn: true });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a token to a request whose Host is a foreign name (a rebound DNS name): 403 FORBIDDEN, and logs why', async () => {
    const { port } = await serve();
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil.example:${port}`,
      `localhost:${port + 1}`,
      '127.0.0.1',
    ]) {
      logs.length = 0;
      const answer = await signIn(port, host);
      expectErrorShape(answer, 403, 'FORBIDDEN');
      expect(answer.text, host).not.toMatch(/eyJ/);
      expect(logs.find((l) => l.message === 'development sign-in refused')?.fields, host).toMatchObject({
        requestId: answer.json.error.requestId,
        reason: expect.stringMatching(/Host .* is not a loopback name of this server/),
      });
    }
  });

  it('signs in for the loopback names of this server: 127.0.0.1, localhost and [::1] with its port', async () => {
    const { port } = await serve();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const answer = await signIn(port, host, { origin: `http://${host.toLowerCase()}` });
      expect(answer.status, host).toBe(200);
      expect(await jwt.verifyToken(answer.json.token)).toMatchObject({ sub: 'intruder', 'cognito:groups': ['supervisor'] });
    }
  });

  it('refuses a foreign Origin even when the Host is a loopback name', async () => {
    const { port } = await serve();
    const answer = await signIn(port, `127.0.0.1:${port}`, { origin: 'http://evil.example' });
    expectErrorShape(answer, 403, 'FORBIDDEN');
  });

  it('serves the dev-mode pages and config.json only to loopback Host names', async () => {
    const { port } = await serve();
    for (const path of ['/config.json', '/', '/app.js']) {
      expectErrorShape(await call(`http://127.0.0.1:${port}`, path, { headers: { host: `evil.example:${port}` } }), 403, 'FORBIDDEN');
      expect((await call(`http://127.0.0.1:${port}`, path, { headers: { host: `localhost:${port}` } })).status, path).toBe(200);
    }
  });

  it('refuses development sign-in on a server listening on a non-loopback address, whatever the Host', async () => {
    const { port } = await serve('0.0.0.0');
    logs.length = 0;
    const answer = await signIn(port, `127.0.0.1:${port}`);
    expectErrorShape(answer, 403, 'FORBIDDEN');
    expect(logs.find((l) => l.message === 'development sign-in refused')?.fields['reason']).toMatch(/listens on 0\.0\.0\.0/);
  });

  it(
    'startLocalRuntime refuses a non-loopback host while dev sign-in is on, before starting anything, naming DEV_SIGN_IN=0',
    async () => {
      for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
        const outcome = await startLocalRuntime({ dataDir, inMemory: true, host, port: 0, devSignIn: true, log: () => undefined }).then(
          async (runtime) => {
            await runtime.stop();
            return 'started';
          },
          (error: unknown) => error,
        );
        expect(outcome, host).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/DEV_SIGN_IN=0/) });
      }
    },
    3 * JVM_START,
  );

  it('npm start refuses HOST=0.0.0.0 while dev sign-in is on, and says how to turn it off', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '0.0.0.0', PORT: '0', DATA_DIR: dataDir };
    delete env.DEV_SIGN_IN; // the default: on
    const child = spawn(...nodeTs('infra/local/main.ts', ['--in-memory']), {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logChildOutput(child, 'npm start');
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null | 'still running'>((resolve) => {
      const timer = setTimeout(() => resolve('still running'), 20_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line.startsWith('local runtime:'))).toEqual([
      expect.stringMatching(/HOST=0\.0\.0\.0.*DEV_SIGN_IN=0/),
    ]);
  }, 60_000);
});

describe('hostile request lines at the edge', () => {
  let dataDir: string;
  let jwt: LocalJwt;
  const servers: HttpServer[] = [];
  const logs: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'request-lines-'));
    jwt = await localJwt(dataDir);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const serve = async () => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes: compileRoutes(fixtureTopology),
      jwt,
      loadHandler: async () => async () => ({ statusCode: 200, body: '{}' }),
      log: (level, message, fields = {}) => logs.push({ level, message, fields }),
    });
    servers.push(server);
    return server;
  };

  it('answers ten requests with 15 KB paths at once without stalling, and logs each path cut to 256 characters, marked as cut', async () => {
    const server = await serve();
    // What an e-mail's local part, a domain or a digit run may be made of: the shapes redaction scans.
    const shapes = ['a', '1', 'a%40', '%20', 'a.', 'x-', '9%2B', 'A_', 'q+', 'z%'];
    const paths = shapes.map((unit) => `/${unit.repeat(Math.ceil(15_000 / unit.length)).slice(0, 15_000)}`);
    const started = performance.now();
    const answers = await Promise.all(paths.map((path) => call(server.url, path)));
    const seconds = (performance.now() - started) / 1000;
    expect(answers.map((a) => a.status)).toEqual(paths.map(() => 404));
    // Before the cut, each line cost the redaction up to a second, one after the other on the event loop.
    expect(seconds).toBeLessThan(3);
    const logged = logs.filter((l) => l.message === 'request' && answers.some((a) => a.json?.error.requestId === l.fields['requestId']));
    expect(logged).toHaveLength(10);
    for (const line of logged) {
      const path = String(line.fields['path']);
      expect(path.length).toBeLessThanOrEqual(256 + 40);
      expect(path).toMatch(/…\[cut: 15001 characters\]$/);
    }
  });

  it('redacts what it keeps of a long path, and cuts no value in half', async () => {
    const server = await serve();
    logs.length = 0;
    const phone = '13912345678';
    const path = `/complainants/${phone}/${'b'.repeat(223)}/${phone}/${'c'.repeat(14_000)}`; // the second phone: characters 250–260
    const answer = await call(server.url, path);
    expect(answer.status).toBe(404);
    const logged = String(
      logs.find((l) => l.message === 'request' && l.fields['requestId'] === answer.json.error.requestId)?.fields['path'],
    );
    expect(logged.startsWith('/complainants/[redacted-phone]/bbbb')).toBe(true);
    expect(logged).toMatch(/…\[cut: \d+ characters\]$/);
    // The second phone number straddles the 256th character: dropped whole, not logged as a fragment.
    expect(logged).not.toMatch(/139|1234|5678/);
  });
});
