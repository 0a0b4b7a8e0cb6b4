// The API Gateway HTTP API payload (version 2.0) for one request, built as API Gateway builds it:
// lower-cased headers with duplicates comma-joined, cookies split out, query parameters decoded
// and comma-joined, decoded path parameters, the JWT claims as strings, a unique requestId.

import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { LOCAL_ACCOUNT_ID } from './handlers.ts';
import type { RouteMatch } from './routes.ts';

export const LOCAL_API_ID = 'local';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2;

/** API Gateway request ids look like `JJd4ahKnIAMEPQw=`: 14 base64 characters and a pad. */
export function newRequestId(): string {
  return `${randomBytes(10).toString('base64').slice(0, 14).replaceAll('+', 'A').replaceAll('/', 'B')}=`;
}

/** Request headers as API Gateway passes them: names lower-cased, repeated headers joined with commas. */
export function collectHeaders(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    appendJoined(headers, rawHeaders[i]!.toLowerCase(), rawHeaders[i + 1]!);
  }
  return headers;
}

/**
 * Sets `name` (comma-joining a repeat) as an own property, whatever the name: a plain assignment to
 * `__proto__` would be dropped, and `in` finds inherited names such as `constructor`. API Gateway's
 * JSON event has such names as ordinary keys, so the function sees (and refuses) them.
 */
function appendJoined(record: Record<string, string>, name: string, value: string): void {
  const joined = Object.hasOwn(record, name) ? `${record[name]},${value}` : value;
  Object.defineProperty(record, name, { value: joined, enumerable: true, writable: true, configurable: true });
}

export function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  // Absolute-form request targets (`GET http://host/path`) carry the path after the authority.
  const target = /^https?:\/\//i.test(url) ? url.replace(/^https?:\/\/[^/?#]*/i, '') || '/' : url;
  const hash = target.indexOf('#');
  const withoutHash = hash >= 0 ? target.slice(0, hash) : target;
  const question = withoutHash.indexOf('?');
  return question >= 0
    ? { rawPath: withoutHash.slice(0, question) || '/', rawQueryString: withoutHash.slice(question + 1) }
    : { rawPath: withoutHash || '/', rawQueryString: '' };
}

export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) appendJoined(out, name, value);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** What the JWT authorizer hands on: every claim as a string; arrays as `"[a b]"`. */
export function claimsAsStrings(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value)
      ? `[${value.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return out;
}

/** `12/Mar/2020:19:03:58 +0000`, the requestContext.time format. */
export function clfTime(at: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

export interface EventInput {
  req: IncomingMessage;
  match: RouteMatch;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  body: Buffer;
  requestId: string;
  receivedAt: Date;
  /** Verified claims for authorized routes; undefined for public ones (no authorizer block). */
  claims?: Record<string, unknown>;
}

export function buildHttpEvent(input: EventInput): HttpEvent {
  const { req, match, rawPath, rawQueryString, body, requestId, receivedAt } = input;
  const headers = { ...input.headers };
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

  // API Gateway moves cookies out of the headers into their own list.
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const cookies = cookieHeader
    ?.split(/[;,]/)
    .map((cookie) => cookie.trim())
    .filter(Boolean);

  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-amzn-trace-id'] = `Root=1-${Math.floor(receivedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const requestContext = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: req.method ?? 'GET',
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey: match.route.routeKey,
    stage: '$default',
    time: clfTime(receivedAt),
    timeEpoch: receivedAt.getTime(),
    ...(input.claims ? { authorizer: { jwt: { claims: claimsAsStrings(input.claims), scopes: null } } } : {}),
  };

  const text = body.length > 0 && isUtf8(body);
  const event: HttpEvent = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryParameters(rawQueryString) ? { queryStringParameters: queryParameters(rawQueryString) } : {}),
    requestContext,
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  } as HttpEvent;
  return event;
}
