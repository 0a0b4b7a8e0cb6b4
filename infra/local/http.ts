// The HTTP edge: what API Gateway's HTTP API does in front of the functions, on a node `http`
// server. Routes come from the topology; authorized routes need a bearer token the local key
// signed (401 otherwise); bodies over 256 KiB are refused (413) before any handler sees them;
// each request becomes a payload-2.0 event and the function's answer becomes the response.
// Before any of that, each source address is limited (429 with Retry-After; see rate-limit.ts):
// floods that no function ever sees — 401s, 404s, long request lines — cost a token too, as they
// count against API Gateway's stage throttle in AWS. Limits per caller are the functions' own
// (functions/lib/rate-limit.ts), the same code in both runtimes.
// What is logged of a request line is cut to its first 256 characters before redaction, so
// neither the redaction nor the log grows with what a caller sends.
// When the runtime serves the browser pages (site.ts), a request no route matches may be one of
// their files, /config.json, or (dev mode only) POST /dev/sign-in; routes always win over them.
// In dev mode those are answered only to this machine under its own names (site.ts, DNS rebinding).
// Errors the edge itself answers use the SPEC §9 shape (API Gateway would answer
// `{"message":"Unauthorized"}`/`{"message":"Not Found"}`; we keep its status codes, not its bodies).

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { defaultMessage, type ErrorCode } from '#lib/errors.ts';
import { languageOf, type HttpEvent as LibHttpEvent } from '#lib/http.ts';
import { clipForLog, redactValue } from '#lib/log.ts';
import { LocalRuntimeError } from './errors.ts';
import { lambdaContext, TimeoutError, withTimeout, type HandlerLoader } from './handlers.ts';
import { buildHttpEvent, collectHeaders, newRequestId, splitUrl } from './http-event.ts';
import type { LocalJwt } from './jwt.ts';
import { errorFields, type Logger } from './log.ts';
import { urlOf } from './net.ts';
import { DEFAULT_ADDRESS_RATE_LIMIT, effectiveRateLimit, rateLimiter, type RateLimit } from './rate-limit.ts';
import { matchRoute, type Route } from './routes.ts';
import { DEV_SIGN_IN_PATH, PAGE_SECURITY_HEADERS, devRequestRefusal, devSignIn, sendSiteFile, type LocalSite } from './site.ts';

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SPEC §9: bodies over 256 KiB are refused. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpServerOptions {
  host: string;
  port: number;
  routes: Route[];
  jwt: LocalJwt;
  loadHandler: HandlerLoader;
  log: Logger;
  /** Requests wait for this before they are served (the server binds its port first, to fail fast). */
  ready?: Promise<void>;
  /** API Gateway's integration timeout: 30 s. */
  requestTimeoutMs?: number;
  /** Per source address, before anything else; default `DEFAULT_ADDRESS_RATE_LIMIT`; `false` (or a zero) turns it off. */
  addressRateLimit?: RateLimit | false;
  /** The browser pages, once built (undefined: none served). */
  site?: () => LocalSite | undefined;
  /** What the local mailbox holds, for GET /dev/outbox (JSON) and /dev/outbox.html; only on a loopback host. */
  outbox?: () => { json(): unknown; html(): string } | undefined;
}

export const OUTBOX_PATHS = { json: '/dev/outbox', html: '/dev/outbox.html' } as const;

export interface HttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Language = 'zh-CN' | 'en';

const TIMEOUT_MESSAGE: Record<Language, string> = { 'zh-CN': '请求处理超时', en: 'The request timed out' };

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { routes, jwt, loadHandler } = options;
  // What the edge logs includes what callers sent (a mistyped path may hold a phone number).
  const log: Logger = (level, message, fields) => options.log(level, message, fields && (redactValue(fields) as Record<string, unknown>));
  const addressLimit = effectiveRateLimit(options.addressRateLimit, DEFAULT_ADDRESS_RATE_LIMIT);
  const addressLimiter = addressLimit ? rateLimiter(addressLimit) : undefined;
  /** The port actually bound (port 0 picks one): dev-mode requests must name it. */
  let boundPort = options.port;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const ready = options.ready ?? Promise.resolve();
  ready.catch(() => undefined);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = new Date();
    const requestId = newRequestId();
    const headers = collectHeaders(req.rawHeaders);
    const language = languageOf({ headers } as unknown as LibHttpEvent);
    const method = req.method ?? 'GET';
    const { rawPath, rawQueryString } = splitUrl(req.url ?? '/');
    let status = 0;
    let routeKey: string | undefined;
    let caseId: string | undefined;
    const fail = (
      httpStatus: number,
      code: ErrorCode,
      message?: string,
      close = false,
      extraHeaders: Record<string, string> = {},
    ): void => {
      status = httpStatus;
      sendError(res, httpStatus, code, requestId, message ?? defaultMessage(code, language), close, extraHeaders);
    };

    try {
      if (addressLimiter) {
        // The socket's address, never X-Forwarded-For, which the caller writes.
        const decision = addressLimiter.take(`ip:${(req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')}`);
        if (!decision.allowed) {
          log('info', 'rate limited', { requestId, limitedBy: 'address', retryAfterSeconds: decision.retryAfterSeconds });
          return fail(429, 'RATE_LIMITED', undefined, !isBodyless(req), { 'retry-after': String(decision.retryAfterSeconds) });
        }
      }
      await ready;
      const match = matchRoute(routes, method, rawPath);
      if (!match) {
        const site = options.site?.();
        const file = site && (method === 'GET' || method === 'HEAD') ? site.file(rawPath) : undefined;
        const signIn = site?.devSignIn === true && method === 'POST' && rawPath === DEV_SIGN_IN_PATH;
        if (signIn) routeKey = `POST ${DEV_SIGN_IN_PATH}`;
        const outbox =
          method === 'GET' && (rawPath === OUTBOX_PATHS.json || rawPath === OUTBOX_PATHS.html) ? options.outbox?.() : undefined;
        if (outbox) {
          // Mail holds personal data: only for this machine, under its own names (as the dev pages).
          const refusal = devRequestRefusal(options.host, boundPort, headers);
          if (refusal) {
            log('warn', 'outbox refused', { requestId, reason: refusal });
            return fail(403, 'FORBIDDEN');
          }
          routeKey = `GET ${rawPath}`;
          status = 200;
          if (rawPath === OUTBOX_PATHS.html) {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-request-id': requestId, ...PAGE_SECURITY_HEADERS });
            res.end(outbox.html());
          } else {
            sendJson(res, 200, outbox.json(), requestId);
          }
          return;
        }
        if (site?.devSignIn && (file || signIn)) {
          const refusal = devRequestRefusal(options.host, boundPort, headers);
          if (refusal) {
            log('warn', signIn ? 'development sign-in refused' : 'dev-mode page refused', {
              requestId,
              path: clipForLog(rawPath),
              reason: refusal,
            });
            return fail(403, 'FORBIDDEN', undefined, !isBodyless(req));
          }
        }
        if (file) {
          status = sendSiteFile(res, file, method, requestId);
          return;
        }
        if (signIn && site) {
          const body = await readBody(req, 4096);
          if (body === 'too-large') return fail(413, 'PAYLOAD_TOO_LARGE', undefined, true);
          const result = await devSignIn(site, body, headers['content-type']);
          status = result.status;
          const payload =
            result.status === 200
              ? result.body
              : {
                  error: {
                    code: 'VALIDATION_FAILED',
                    message: defaultMessage('VALIDATION_FAILED', language),
                    details: result.details,
                    requestId,
                  },
                };
          sendJson(res, result.status, payload, requestId);
          if (result.status === 200) log('info', 'development sign-in', { requestId, role: result.body.role, sub: result.body.sub });
          return;
        }
        return fail(404, 'NOT_FOUND', undefined, !isBodyless(req));
      }
      routeKey = match.route.routeKey;
      // Lines about a case carry its id (SPEC §8); only a well-formed one, as the handlers do.
      caseId = CASE_ID.test(match.pathParameters['caseId'] ?? '') ? match.pathParameters['caseId']!.toLowerCase() : undefined;

      const declaredLength = Number(headers['content-length'] ?? 0);
      if (declaredLength > MAX_BODY_BYTES) return fail(413, 'PAYLOAD_TOO_LARGE', undefined, true);

      let claims: Record<string, unknown> | undefined;
      if (match.route.trigger.authorized) {
        const token = bearerToken(headers.authorization);
        if (!token) return fail(401, 'UNAUTHENTICATED', undefined, !isBodyless(req));
        try {
          claims = await jwt.verifyToken(token);
        } catch (error) {
          log('info', 'token refused', { requestId, routeKey, reason: clipForLog(String((error as Error).message)) });
          return fail(401, 'UNAUTHENTICATED', undefined, !isBodyless(req));
        }
      }

      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === 'too-large') return fail(413, 'PAYLOAD_TOO_LARGE', undefined, true);

      const event = buildHttpEvent({ req, match, rawPath, rawQueryString, headers, body, requestId, receivedAt, claims });
      const fn = match.route.fn;
      const handler = await loadHandler(fn);
      const startedAt = Date.now();
      const result = await withTimeout(
        Promise.resolve(handler(event, lambdaContext(fn, startedAt))),
        requestTimeoutMs,
        `function ${fn.name}`,
      );
      const tookMs = Date.now() - startedAt;
      if (tookMs > fn.timeoutSeconds * 1000) {
        log('warn', 'function ran longer than its timeout; in AWS it would have been stopped', {
          function: fn.name,
          requestId,
          tookMs,
          timeoutSeconds: fn.timeoutSeconds,
        });
      }
      status = sendResult(res, result, requestId);
    } catch (error) {
      if (error instanceof TimeoutError) {
        log('error', 'function timed out', { requestId, routeKey, ...errorFields(error) });
        return fail(504, 'INTERNAL', TIMEOUT_MESSAGE[language]);
      }
      log('error', 'function failed', { requestId, routeKey, ...errorFields(error) });
      if (!res.headersSent) fail(500, 'INTERNAL');
      else res.destroy();
    } finally {
      log('info', 'request', {
        requestId,
        ...(caseId ? { caseId } : {}),
        method: clipForLog(method),
        path: clipForLog(rawPath),
        routeKey,
        status,
        ms: Date.now() - receivedAt.getTime(),
      });
    }
  };

  const server: Server = createServer(
    {
      // Slow-loris guards: all headers within 10 s, the whole request within the integration timeout.
      headersTimeout: Math.min(10_000, requestTimeoutMs + 5_000),
      requestTimeout: requestTimeoutMs + 5_000,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      void handle(req, res);
    },
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalRuntimeError('PORT_IN_USE', `port ${options.port} on ${options.host} is already in use; set PORT to a free port`)
          : error.code === 'EACCES'
            ? new LocalRuntimeError(
                'PORT_IN_USE',
                `not allowed to listen on ${options.host}:${options.port}; set PORT to a port above 1023`,
              )
            : error,
      );
    };
    server.once('error', onError);
    server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => log('error', 'HTTP server error', errorFields(error)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  boundPort = port;

  return {
    url: urlOf(options.host, port),
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // In-flight requests get a moment to finish; idle keep-alive connections close now.
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 5_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

function isBodyless(req: IncomingMessage): boolean {
  return !req.headers['content-length'] && !req.headers['transfer-encoding'];
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** The body, or 'too-large' as soon as more than `limit` bytes arrive (at most limit + one chunk is held). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  requestId: string,
  message: string,
  close: boolean,
  extraHeaders: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ error: { code, message, details: [], requestId } });
  res.writeHead(status, {
    ...extraHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    'apigw-requestid': requestId,
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
  // The client may still be sending a body we will not read: let it finish (bounded) so it sees our answer.
  if (close) drain(res.req);
}

function sendJson(res: ServerResponse, status: number, payload: unknown, requestId: string): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': requestId,
    'apigw-requestid': requestId,
  });
  res.end(body);
}

function drain(req: IncomingMessage): void {
  let drained = 0;
  const limit = 16 * 1024 * 1024;
  const timer = setTimeout(() => req.socket.destroy(), 5_000);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limit) req.socket.destroy();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** The function's answer as API Gateway turns it into a response (payload 2.0 rules); returns the status. */
function sendResult(res: ServerResponse, result: unknown, requestId: string): number {
  let structured: APIGatewayProxyStructuredResultV2;
  if (result && typeof result === 'object' && 'statusCode' in result) {
    structured = result as APIGatewayProxyStructuredResultV2;
  } else {
    // No statusCode: API Gateway assumes 200 and a JSON body of whatever came back.
    structured = {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result),
    };
  }
  const status = structured.statusCode ?? 200;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  headers['x-request-id'] ??= requestId;
  headers['apigw-requestid'] = requestId;
  const body =
    structured.body === undefined ? Buffer.alloc(0) : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  delete headers['transfer-encoding'];
  res.writeHead(status, headers);
  res.end(body);
  return status;
}
