// The part of the HTTP stack that needs no AWS SDK: request id and language, structured log context,
// one error handler that turns every failure into the SPEC §9 error shape (expose < 500, generic 500
// otherwise), JSON answers with the request id header. http.ts adds the per-caller rate limit, which
// needs the table; the public routes of functions without a table (health, openapi) have no caller to
// count and nowhere to count one, so they use this directly and bundle no DynamoDB client.

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
// Loaded for its init-time configuration check in a deployed function (see config.ts).
import './config.ts';

export type { HttpEvent, HttpResult };

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A body that is not JSON (an export as CSV): sent as it is, with its content type. `body` is then ignored. */
  text?: { contentType: string; content: string };
}

export type HttpRouteHandler = (event: HttpEvent, context: Context) => Promise<HttpAnswer>;

export type HttpMiddleware = middy.MiddlewareObj<HttpEvent, HttpResult>;

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
    error?.headers,
  );
}

const errorHandler = (): HttpMiddleware => ({
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

/**
 * An HTTP function: `route` answers `{status, body}`; `before` runs ahead of it (and may answer
 * instead); the error handler comes last, so it answers for all of them.
 */
export function httpStack(name: string, route: HttpRouteHandler, before: HttpMiddleware[] = []) {
  const inner = middy<HttpEvent, HttpResult>(async (event: HttpEvent, context: Context) => {
    const answer = await route(event, context);
    if (answer.text) {
      return {
        statusCode: answer.status,
        headers: { 'content-type': answer.text.contentType, 'x-request-id': requestIdOf(event), ...answer.headers },
        body: answer.text.content,
      };
    }
    return json(answer.status, answer.body, requestIdOf(event), answer.headers);
  }).use([...before, errorHandler()]);
  return (event: HttpEvent, context: Context): Promise<HttpResult> =>
    withInvocation(name, context, { requestId: requestIdOf(event) }, () => inner(event, context));
}

/** A public route of a function without the table: nothing to rate-limit (see the top of this file). */
export function publicHttpFunction(name: string, route: HttpRouteHandler) {
  return httpStack(name, route);
}
