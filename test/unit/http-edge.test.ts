import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ApiError } from '#lib/errors.ts';
import { languageOf } from '#lib/http.ts';
import { clipForLog, redact } from '#lib/log.ts';
import { devRequestRefusal, devSignInHostProblem, isLoopbackHost } from '#infra/local/site.ts';
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

describe('log redaction cost (every request line goes through it)', () => {
  // Long runs of what an e-mail's local part or domain, an ID number or a phone number may be made
  // of: the inputs on which a pattern tried at every start position costs the square of the length.
  const SHAPES: [string, (n: number) => string][] = [
    ['a long local part, an @ and a domain with no top-level label', (n) => `${'a'.repeat(n / 2)}@${'b'.repeat(n / 2)}`],
    ['letters', (n) => `/${'a'.repeat(n)}`],
    ['digits', (n) => `/${'1'.repeat(n)}`],
    ['encoded spaces', (n) => '%20'.repeat(n / 3)],
    ['encoded @ signs', (n) => 'a%40'.repeat(n / 4)],
    ['@ signs', (n) => 'a@'.repeat(n / 2)],
    ['a dotted domain that never ends in letters', (n) => `a@${'a.'.repeat(n / 2)}1`],
    ['birth-date-like digit runs', (n) => '61092119880315'.repeat(n / 14)],
    ['phone-like groups', (n) => '+86 139 1234 '.repeat(n / 13)],
    ['landline-like area codes', (n) => '(029) '.repeat(n / 6)],
    ['e-mail-like words', (n) => 'ab.c+d%4'.repeat(n / 8)],
  ];

  /**
   * Milliseconds per call: the fastest of `runs` samples, each long enough for the timer to see. The
   * fastest, not the median: on a loaded machine a sample stretches when the process is descheduled,
   * never shrinks, while a quadratic scan is slow in every sample.
   */
  function msPerCall(text: string, runs: number, giveUpAfterMs = Infinity): number {
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      let calls = 0;
      const started = performance.now();
      let elapsed = 0;
      do {
        redact(text);
        calls++;
        elapsed = performance.now() - started;
      } while (elapsed < 20);
      samples.push(elapsed / calls);
      // Two samples far beyond the bound settle it: waiting for more would only take minutes.
      if (samples.length >= 2 && Math.min(...samples) * calls > giveUpAfterMs) break;
    }
    return Math.min(...samples);
  }

  it('grows in proportion to the input: ten times the text costs less than thirty times the time', () => {
    for (const [shape, make] of SHAPES) {
      const small = make(15_000);
      const large = make(150_000);
      msPerCall(small, 2); // warm-up: compiled patterns, optimised code
      const smallMs = msPerCall(small, 7);
      const largeMs = msPerCall(large, 7, 60 * smallMs);
      expect(largeMs / smallMs, `${shape}: ${smallMs.toFixed(3)} ms at 15 KB, ${largeMs.toFixed(3)} ms at 150 KB`).toBeLessThan(30);
    }
  }, 300_000);
});

describe('what of a request line is logged', () => {
  it('keeps a value of up to 256 characters as it is', () => {
    const path = `/cases/${'a'.repeat(249)}`;
    expect(path).toHaveLength(256);
    expect(clipForLog(path)).toBe(path);
  });

  it('cuts a longer one to its first 256 characters, marked with the full length', () => {
    const path = `/${'seg/'.repeat(100)}`;
    const logged = clipForLog(path);
    expect(logged).toBe(`${path.slice(0, 256)}…[cut: 401 characters]`); // the 257th is a `/`: "seg" is whole
  });

  it('never keeps part of a value: a cut inside one moves back to the separator before it', () => {
    const head = `/complainants/${'b'.repeat(235)}/`; // 250 characters
    expect(clipForLog(`${head}13912345678/rest`)).toBe(`${head}…[cut: 266 characters]`);
    expect(clipForLog(`${head}a@example.org${'x'.repeat(20)}`)).toBe(`${head}…[cut: 283 characters]`);
    expect(clipForLog('x'.repeat(1000))).toBe('…[cut: 1000 characters]');
  });
});

describe('development sign-in stays on this machine', () => {
  it('knows the loopback addresses and names', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', 'localhost.example.org', '::ffff:10.0.0.1', ''])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('will not run on a non-loopback address, and says how to turn it off', () => {
    expect(devSignInHostProblem('127.0.0.1')).toBeUndefined();
    expect(devSignInHostProblem('0.0.0.0')).toMatch(/HOST=0\.0\.0\.0 .*DEV_SIGN_IN=0/);
  });

  it("answers only the server's loopback names with its port, and only its own origin", () => {
    const ok = (host: string, origin?: string) => devRequestRefusal('127.0.0.1', 3000, { host, ...(origin ? { origin } : {}) });
    expect(ok('127.0.0.1:3000')).toBeUndefined();
    expect(ok('localhost:3000', 'http://localhost:3000')).toBeUndefined();
    expect(ok('[::1]:3000')).toBeUndefined();
    expect(ok('localhost:3001')).toMatch(/not a loopback name of this server/);
    expect(ok('127.0.0.1')).toMatch(/not a loopback name/); // port 80 only
    expect(ok('rebound.example:3000')).toMatch(/not a loopback name/);
    expect(ok('127.0.0.1:3000', 'http://rebound.example:3000')).toMatch(/Origin/);
    expect(ok('127.0.0.1:3000', 'null')).toMatch(/Origin/);
    expect(devRequestRefusal('127.0.0.1', 80, { host: 'localhost' })).toBeUndefined();
    expect(devRequestRefusal('0.0.0.0', 3000, { host: '127.0.0.1:3000' })).toMatch(/listens on 0\.0\.0\.0/);
  });
});
