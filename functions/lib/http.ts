// The middy stack every HTTP function shares: request id and language, structured log context,
// one error handler that turns every failure into the SPEC §9 error shape (expose < 500,
// generic 500 otherwise), JSON answers with the request id header.

import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer as HttpEvent,
  APIGatewayProxyStructuredResultV2 as HttpResult,
  Context,
} from 'aws-lambda';
import type { Language } from '#domain/messages.ts';
import { ApiError, defaultMessage, type ErrorCode } from './errors.ts';
import { errorFields, log, withLogContext } from './log.ts';
// Loaded for its init-time configuration check in a deployed function (see config.ts).
import './config.ts';

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

/** An HTTP function: `route` answers `{status, body}`; everything else is shared. */
export function httpFunction(name: string, route: HttpRouteHandler) {
  const inner = middy<HttpEvent, HttpResult>(async (event: HttpEvent, context: Context) => {
    const answer = await route(event, context);
    return json(answer.status, answer.body, requestIdOf(event), answer.headers);
  }).use(errorHandler());
  return (event: HttpEvent, context: Context): Promise<HttpResult> =>
    withLogContext({ function: name, requestId: requestIdOf(event) }, () => inner(event, context));
}
