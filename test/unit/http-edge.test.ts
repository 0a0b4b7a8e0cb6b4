import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ApiError } from '#lib/errors.ts';
import { languageOf } from '#lib/http.ts';
import { callerOf, caseIdParam, formatPath, groupsOf, jsonBody, validate } from '#lib/request.ts';
import { handler as health } from '../../functions/health/handler.ts';
import { as, httpEvent } from '../support/events.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : 'NOT_AN_API_ERROR';
  }
  return 'NO_ERROR';
};

describe('claims as the JWT authorizer passes them', () => {
  it('reads cognito:groups as an array, a bracketed string or a plain string', () => {
    expect(groupsOf(['mediator', 'court'])).toEqual(['mediator', 'court']);
    expect(groupsOf('[mediator court]')).toEqual(['mediator', 'court']);
    expect(groupsOf('officer')).toEqual(['officer']);
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('takes the first recognised role and the sub', () => {
    expect(callerOf(as(httpEvent('http-get-case'), 'unknown_group court', 'u-1'))).toEqual({ role: 'court', sub: 'u-1' });
  });

  it('refuses a caller without a recognised role with 403 and one without claims with 401', () => {
    expect(codeOf(() => callerOf(as(httpEvent('http-get-case'), 'visitors', 'u-1')))).toBe('FORBIDDEN');
    expect(codeOf(() => callerOf(httpEvent('http-health')))).toBe('UNAUTHENTICATED');
  });
});

describe('request bodies', () => {
  it('answers a non-JSON content type with 415, an unparsable body with 400 MALFORMED_JSON', () => {
    const event = httpEvent('http-post-complaints');
    event.headers['content-type'] = 'text/plain';
    expect(codeOf(() => jsonBody(event))).toBe('UNSUPPORTED_MEDIA_TYPE');
    event.headers['content-type'] = 'application/json; charset=utf-8';
    event.body = '{"a":';
    expect(codeOf(() => jsonBody(event))).toBe('MALFORMED_JSON');
  });

  it('answers a body over 256 KiB with 413', () => {
    const event = httpEvent('http-post-complaints');
    event.body = JSON.stringify({ description: 'x'.repeat(256 * 1024) });
    expect(codeOf(() => jsonBody(event))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reads a base64-encoded body', () => {
    const event = httpEvent('http-post-complaints');
    event.body = Buffer.from('{"a":1}').toString('base64');
    event.isBase64Encoded = true;
    expect(jsonBody(event)).toEqual({ a: 1 });
  });

  it('names every rejected field, unknown ones included, in the caller language', () => {
    const schema = z.strictObject({ items: z.array(z.strictObject({ n: z.number() })) });
    const event = httpEvent('http-post-complaints');
    event.headers['accept-language'] = 'en-GB,en;q=0.9';
    try {
      validate(schema, { items: [{ n: 1 }, { n: 'x' }], extra: true }, event);
      expect.unreachable('validation should fail');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      const details = (error as ApiError).details;
      expect(details.map((d) => d.path).sort()).toEqual(['extra', 'items[1].n']);
      expect(details.find((d) => d.path === 'items[1].n')?.message).toMatch(/expected number/i);
    }
  });
});

describe('language and paths', () => {
  it('answers in zh-CN unless English is preferred', () => {
    const event = httpEvent('http-health');
    expect(languageOf(event)).toBe('zh-CN');
    event.headers['accept-language'] = 'en';
    expect(languageOf(event)).toBe('en');
    event.headers['accept-language'] = 'zh-CN;q=0.5, en-US;q=0.8';
    expect(languageOf(event)).toBe('en');
    event.headers['accept-language'] = 'zh-CN, en;q=0.8';
    expect(languageOf(event)).toBe('zh-CN');
  });

  it('formats field paths with dots and array indexes', () => {
    expect(formatPath(['respondent', 'creditCode'])).toBe('respondent.creditCode');
    expect(formatPath(['evidence', 3, 'sha256'])).toBe('evidence[3].sha256');
  });

  it('treats a malformed case id as an unknown case', () => {
    const event = httpEvent('http-get-case');
    event.pathParameters = { caseId: "1' OR '1'='1" };
    expect(codeOf(() => caseIdParam(event))).toBe('NOT_FOUND');
  });
});

describe('GET /health', () => {
  it('answers ok with the request id header', async () => {
    const result = await health(httpEvent('http-health'), {} as never);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({ status: 'ok' });
    expect(result.headers?.['x-request-id']).toBe('req-health');
  });
});
