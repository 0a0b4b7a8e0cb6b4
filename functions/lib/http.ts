// The middy stack every HTTP function shares: request id and language, structured log context,
// the per-caller rate limit (429 with Retry-After), one error handler that turns every failure into
// the SPEC §9 error shape (expose < 500, generic 500 otherwise), JSON answers with the request id header.

import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer as HttpEvent,
  APIGatewayProxyStructuredResultV2 as HttpResult,
  Context,
} from 'aws-lambda';
import type { Language } from '#domain/messages.ts';
import { ApiError, defaultMessage, type ErrorCode } from './errors.ts';
import { withInvocation } from './invocation.ts';
import { errorFields, log } from './log.ts';
// Also loaded for its init-time configuration check in a deployed function (see config.ts).
import { config } from './config.ts';
import { dynamo } from './aws.ts';
import { takeCallerRequest, type CallerRateDecision } from './rate-limit.ts';

export type { HttpEvent, HttpResult };

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type HttpRouteHandler = (event: HttpEvent, context: Context) => Promise<HttpAnswer>;

export function requestIdOf(event: HttpEvent): string {
  return event.requestContext?.requestId || 'unknown';
}

/** zh-CN unless Accept-Language prefers English (the highest-q language tag starting with "en"). */
export function languageOf(event: HttpEvent): Language {
  const header = event.headers?.['accept-language'];
  if (!header) return 'zh-CN';
  let best: { tag: string; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (tag && Number.isFinite(q) && (!best || q > best.q)) best = { tag, q };
  }
  return best?.tag.startsWith('en') ? 'en' : 'zh-CN';
}

function json(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResult(event: HttpEvent, code: ErrorCode, error?: ApiError): HttpResult {
  const language = languageOf(event);
  const requestId = requestIdOf(event);
  const status = error?.status ?? 500;
  return json(
    status,
    {
      error: {
        code,
        message: error?.text ?? defaultMessage(code, language),
        details: error?.details ?? [],
        ...error?.extra,
        requestId,
      },
    },
    requestId,
  );
}

const errorHandler = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: async (request) => {
    const { error, event } = request;
    if (error instanceof ApiError) {
      log.info('request refused', { status: error.status, code: error.code });
      request.response = errorResult(event, error.code, error);
      return;
    }
    log.error('request failed', errorFields(error));
    request.response = errorResult(event, 'INTERNAL');
  },
});

/** The caller's `sub` as the JWT authorizer verified it (locally, the edge); none on public routes. */
function verifiedSub(event: HttpEvent): string | undefined {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.['sub'];
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/** 429 `RATE_LIMITED` in the SPEC §9 shape, with the seconds to wait. */
export function rateLimitedResult(event: HttpEvent, retryAfterSeconds: number): HttpResult {
  const result = errorResult(event, 'RATE_LIMITED', new ApiError('RATE_LIMITED'));
  return { ...result, headers: { ...result.headers, 'retry-after': String(retryAfterSeconds) } };
}

/**
 * Requests per caller (functions/lib/rate-limit.ts), before the route does any work. Public routes
 * have no caller to count, and a function without the table (health, openapi) nowhere to count it.
 */
const callerRateLimit = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  before: async (request) => {
    const sub = verifiedSub(request.event);
    if (!sub) return undefined;
    const { tableName, callerRateLimit: limit } = config();
    if (!tableName || !limit) return undefined;
    let decision: CallerRateDecision;
    try {
      decision = await takeCallerRequest({ db: dynamo(), tableName, sub, limit });
    } catch (error) {
      // Serve: a limiter that failed closed would turn a hiccup of its counter into an outage of every route.
      log.error('rate limit not checked; request served', errorFields(error));
      return undefined;
    }
    if (decision.allowed) return undefined;
    log.info('rate limited', { sub, retryAfterSeconds: decision.retryAfterSeconds });
    return rateLimitedResult(request.event, decision.retryAfterSeconds);
  },
});

/** An HTTP function: `route` answers `{status, body}`; everything else is shared. */
export function httpFunction(name: string, route: HttpRouteHandler) {
  const inner = middy<HttpEvent, HttpResult>(async (event: HttpEvent, context: Context) => {
    const answer = await route(event, context);
    return json(answer.status, answer.body, requestIdOf(event), answer.headers);
  })
    .use(callerRateLimit())
    .use(errorHandler());
  return (event: HttpEvent, context: Context): Promise<HttpResult> =>
    withInvocation(name, context, { requestId: requestIdOf(event) }, () => inner(event, context));
}
