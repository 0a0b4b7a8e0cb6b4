// What a Lambda operator joins log lines by (functions/lib/log.ts, invocation.ts): every line an
// invocation writes — HTTP, queue or scheduled — carries Lambda's request id, the X-Ray trace id and
// whether it was the function's cold start; the level comes from the function's Lambda logging
// configuration (AWS_LAMBDA_LOG_LEVEL), locally from LOG_LEVEL; and the rest of the configuration
// the functions read (EXTRA_CALENDAR, DEADLINE_RULES) is validated in config.ts with it.

import type { Context, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calendar, deadlineRules } from '#lib/calendar.ts';
import { config, logLevel, resetConfig, traceId } from '#lib/config.ts';
import { httpFunction } from '#lib/http.ts';
import { log } from '#lib/log.ts';
import { queueFunction } from '#lib/queue-function.ts';
import { scheduledFunction } from '#lib/scheduled-function.ts';
import { DEFAULT_DEADLINE_RULES } from '#domain/deadlines.ts';
import { SHIPPED_CALENDAR } from '#domain/calendar.ts';
import { httpEvent, sqsEvent } from '../support/events.ts';

const TRACE_1 = 'Root=1-6752a1f0-3c9b1e5d7a2f4e6b8c0d1a2b;Parent=53995c3f42cd8ad8;Sampled=1';
const TRACE_2 = 'Root=1-6752a1f1-0a1b2c3d4e5f60718293a4b5;Parent=7fa8c0e1d2b3a495;Sampled=0;Lineage=a87bd80c:0';

const saved = { ...process.env };
let lines: Record<string, unknown>[] = [];
let nameCounter = 0;
/** A function name not used before in this process, so its first invocation is its cold start. */
const freshName = (kind: string) => `${kind}Probe${++nameCounter}`;
const context = (awsRequestId: string) => ({ awsRequestId }) as Context;

beforeEach(() => {
  process.env = { ...saved };
  delete process.env.AWS_LAMBDA_LOG_LEVEL;
  delete process.env.LOG_LEVEL;
  delete process.env._X_AMZN_TRACE_ID;
  resetConfig();
  lines = [];
  const take = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(take);
  vi.spyOn(process.stderr, 'write').mockImplementation(take);
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  resetConfig();
});

describe('every line of an invocation carries its request id, trace id and cold-start flag', () => {
  it('HTTP functions: Lambda request id and API Gateway request id both, the trace of each invocation, cold start on the first only', async () => {
    const name = freshName('http');
    const handler = httpFunction(name, async () => {
      log.info('probe says hello');
      return { status: 200, body: {} };
    });
    const event = httpEvent('http-health');
    process.env._X_AMZN_TRACE_ID = TRACE_1;
    expect((await handler(event, context('lambda-req-1'))).statusCode).toBe(200);
    // Lambda sets the trace header anew for every invocation.
    process.env._X_AMZN_TRACE_ID = TRACE_2;
    await handler(event, context('lambda-req-2'));

    const probes = lines.filter((line) => line['message'] === 'probe says hello');
    expect(probes).toEqual([
      expect.objectContaining({
        function: name,
        awsRequestId: 'lambda-req-1',
        traceId: '1-6752a1f0-3c9b1e5d7a2f4e6b8c0d1a2b',
        coldStart: true,
        requestId: event.requestContext.requestId,
      }),
      expect.objectContaining({
        function: name,
        awsRequestId: 'lambda-req-2',
        traceId: '1-6752a1f1-0a1b2c3d4e5f60718293a4b5',
        coldStart: false,
      }),
    ]);
  });

  it("HTTP functions: the error handler's own line is joined to the invocation too", async () => {
    const name = freshName('http');
    const handler = httpFunction(name, async () => {
      throw new Error('the store is down');
    });
    process.env._X_AMZN_TRACE_ID = TRACE_1;
    expect((await handler(httpEvent('http-health'), context('lambda-req-err'))).statusCode).toBe(500);
    expect(lines.find((line) => line['message'] === 'request failed')).toMatchObject({
      level: 'error',
      awsRequestId: 'lambda-req-err',
      traceId: '1-6752a1f0-3c9b1e5d7a2f4e6b8c0d1a2b',
      coldStart: true,
    });
  });

  it("queue functions: each record's lines carry its message id and the invocation's fields", async () => {
    const name = freshName('queue');
    const handler = queueFunction(name, async (record: SQSRecord) => {
      log.info('record handled', { body: record.body });
    });
    const template = sqsEvent('sqs-intake').Records[0]!;
    const batch = {
      Records: [
        { ...template, messageId: 'msg-a', body: 'a' },
        { ...template, messageId: 'msg-b', body: 'b' },
      ],
    };
    process.env._X_AMZN_TRACE_ID = TRACE_1;
    expect(await handler(batch, context('lambda-batch-1'))).toEqual({ batchItemFailures: [] });
    await handler({ Records: [batch.Records[0]!] }, context('lambda-batch-2'));

    const handled = lines.filter((line) => line['message'] === 'record handled');
    expect(handled.map((line) => [line['messageId'], line['awsRequestId'], line['coldStart'], line['traceId']])).toEqual([
      ['msg-a', 'lambda-batch-1', true, '1-6752a1f0-3c9b1e5d7a2f4e6b8c0d1a2b'],
      ['msg-b', 'lambda-batch-1', true, '1-6752a1f0-3c9b1e5d7a2f4e6b8c0d1a2b'],
      ['msg-a', 'lambda-batch-2', false, '1-6752a1f0-3c9b1e5d7a2f4e6b8c0d1a2b'],
    ]);
  });

  it("scheduled functions: the run's lines, and a failed run logged with them before it propagates", async () => {
    const name = freshName('scheduled');
    let fail = false;
    const handler = scheduledFunction(name, async () => {
      log.info('sweeping');
      if (fail) throw new RangeError('index unavailable');
      return 'done';
    });
    expect(await handler({}, context('lambda-run-1'))).toBe('done');
    fail = true;
    await expect(handler({}, context('lambda-run-2'))).rejects.toThrow('index unavailable');

    expect(lines.map((line) => [line['message'], line['awsRequestId'], line['coldStart']])).toEqual([
      ['sweeping', 'lambda-run-1', true],
      ['sweeping', 'lambda-run-2', false],
      ['scheduled run failed; the next run retries', 'lambda-run-2', false],
    ]);
    expect(lines[2]).toMatchObject({ level: 'error', error: 'RangeError', errorMessage: 'index unavailable' });
  });

  it('cold start is per function: another function in the same process (the local runtime) has its own first invocation', async () => {
    const first = scheduledFunction(freshName('scheduled'), async () => log.info('run'));
    const second = scheduledFunction(freshName('scheduled'), async () => log.info('run'));
    await first(undefined, context('r1'));
    await first(undefined, context('r2'));
    await second(undefined, context('r3'));
    expect(lines.map((line) => [line['awsRequestId'], line['coldStart']])).toEqual([
      ['r1', true],
      ['r2', false],
      ['r3', true],
    ]);
  });

  it('leaves out what it does not have (no context, no trace header) rather than writing empty fields', async () => {
    await scheduledFunction(freshName('scheduled'), async () => log.info('run'))();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty('awsRequestId');
    expect(lines[0]).not.toHaveProperty('traceId');
    expect(lines[0]).toHaveProperty('coldStart', true);
  });

  it('reads the trace id from the Root of the header, wherever it stands', () => {
    process.env._X_AMZN_TRACE_ID = 'Sampled=1;Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047';
    expect(traceId()).toBe('1-5759e988-bd862e3fe1be46a994272793');
    process.env._X_AMZN_TRACE_ID = 'Parent=557abcec3ee5a047;Sampled=1';
    expect(traceId()).toBeUndefined();
    delete process.env._X_AMZN_TRACE_ID;
    expect(traceId()).toBeUndefined();
  });

  it('still redacts personal data on lines with the invocation fields', async () => {
    await scheduledFunction(freshName('scheduled'), async () => log.warn('could not reach 13891500123 or wang@example.com'))(
      undefined,
      context('r'),
    );
    expect(lines[0]).toMatchObject({ message: 'could not reach [redacted-phone] or [redacted-email]', awsRequestId: 'r' });
  });
});

describe('the log level', () => {
  const levelsWritten = () => {
    lines = [];
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    return lines.map((line) => line['level']);
  };

  it('is info when nothing is set', () => {
    expect(levelsWritten()).toEqual(['info', 'warn', 'error']);
  });

  it("comes from the function's Lambda logging configuration (AWS_LAMBDA_LOG_LEVEL), before LOG_LEVEL", () => {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'WARN';
    process.env.LOG_LEVEL = 'debug';
    expect(levelsWritten()).toEqual(['warn', 'error']);
    process.env.AWS_LAMBDA_LOG_LEVEL = 'DEBUG';
    resetConfig();
    expect(levelsWritten()).toEqual(['debug', 'info', 'warn', 'error']);
    expect(config().logLevel).toBe('debug');
  });

  it("maps Lambda's TRACE and FATAL to the nearest level we write", () => {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'TRACE';
    expect(logLevel()).toBe('debug');
    process.env.AWS_LAMBDA_LOG_LEVEL = 'FATAL';
    resetConfig();
    expect(logLevel()).toBe('error');
  });

  it('falls back to LOG_LEVEL locally, where Lambda sets nothing', () => {
    process.env.LOG_LEVEL = 'error';
    expect(levelsWritten()).toEqual(['error']);
  });

  it('logs at info when the setting is not a level, while the configuration check names it', () => {
    process.env.LOG_LEVEL = 'loud';
    expect(levelsWritten()).toEqual(['info', 'warn', 'error']);
    expect(() => config()).toThrow(/Invalid function configuration[\s\S]*logLevel/);
  });
});

describe('calendar and deadline rules from the configuration', () => {
  it('merges EXTRA_CALENDAR into the shipped calendar and applies DEADLINE_RULES overrides', () => {
    const year2031 = { source: 'State Council notice for 2031 (test)', holidays: ['2031-01-01'], workdays: [] };
    process.env.EXTRA_CALENDAR = JSON.stringify({ years: { '2031': year2031 } });
    process.env.DEADLINE_RULES = JSON.stringify({ filing_review: { unit: 'working_days', amount: 7 } });
    expect(calendar().years['2031']).toEqual(year2031);
    expect(Object.keys(calendar().years)).toEqual(expect.arrayContaining(Object.keys(SHIPPED_CALENDAR.years)));
    expect(deadlineRules().filing_review).toEqual({ unit: 'working_days', amount: 7 });
    expect(deadlineRules().police_decision).toEqual(DEFAULT_DEADLINE_RULES.police_decision);
  });

  it('uses the shipped calendar and the SPEC periods when neither is set', () => {
    expect(calendar()).toBe(SHIPPED_CALENDAR);
    expect(deadlineRules()).toEqual(DEFAULT_DEADLINE_RULES);
  });

  it('refuses JSON that is not JSON, or not a calendar or rule set, naming the setting', () => {
    process.env.DEADLINE_RULES = '{filing_review: 5}';
    expect(() => config()).toThrow(/Invalid function configuration[\s\S]*is not JSON[\s\S]*deadlineRules/);
    process.env.DEADLINE_RULES = JSON.stringify({ filing_review: { unit: 'fortnights', amount: 1 } });
    resetConfig();
    expect(() => deadlineRules()).toThrow(/deadlineRules/);
    delete process.env.DEADLINE_RULES;
    process.env.EXTRA_CALENDAR = JSON.stringify({ years: { '2031': { source: 'a typo', holidays: ['2030-12-31'], workdays: [] } } });
    resetConfig();
    expect(() => calendar()).toThrow(/2030-12-31 is not in 2031/);
  });
});
