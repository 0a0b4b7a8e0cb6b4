// The middy stack every HTTP function behind the authorizer shares: http-core.ts (request id and
// language, structured log context, the one error handler, JSON answers) with the per-caller rate
// limit (429 with Retry-After) ahead of the route.

import type middy from '@middy/core';
import { rateLimited } from './errors.ts';
import { errorResult, httpStack, type HttpEvent, type HttpResult, type HttpRouteHandler } from './http-core.ts';
import { errorFields, log } from './log.ts';
import { config } from './config.ts';
import { dynamo } from './aws.ts';
import { takeCallerRequest, type CallerRateDecision } from './rate-limit.ts';

export {
  errorResult,
  languageOf,
  requestIdOf,
  type HttpAnswer,
  type HttpEvent,
  type HttpResult,
  type HttpRouteHandler,
} from './http-core.ts';

/** The caller's `sub` as the JWT authorizer verified it (locally, the edge); none on public routes. */
function verifiedSub(event: HttpEvent): string | undefined {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.['sub'];
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/** 429 `RATE_LIMITED` in the SPEC §9 shape, with the seconds to wait. */
export function rateLimitedResult(event: HttpEvent, retryAfterSeconds: number): HttpResult {
  return errorResult(event, 'RATE_LIMITED', rateLimited(retryAfterSeconds));
}

/** The address a public request came from, as API Gateway saw it (locally, the edge). */
function sourceAddress(event: HttpEvent): string | undefined {
  const ip = (event.requestContext as { http?: { sourceIp?: unknown } } | undefined)?.http?.sourceIp;
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

/**
 * Requests per caller (functions/lib/rate-limit.ts), before the route does any work: per verified
 * `sub`, and on a public route (SPEC §9 `/public/*`, no caller) per source address, at the same rate.
 * A function without the table (health, openapi) has nowhere to count.
 */
const callerRateLimit = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  before: async (request) => {
    const verified = verifiedSub(request.event);
    const address = verified ? undefined : sourceAddress(request.event);
    const sub = verified ?? (address && request.event.routeKey?.includes(' /public/') ? `ip:${address}` : undefined);
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
  return httpStack(name, route, [callerRateLimit()]);
}
