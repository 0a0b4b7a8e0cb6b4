// The browser pages on the local HTTP edge: the files web/build.ts wrote (held in memory, served
// by exact name — no path from a request ever reaches the file system), /config.json for this
// runtime, and — in dev mode only — POST /dev/sign-in, which mints a token with the local signing
// key for a chosen role and user. API routes always win: the edge asks here only when no route
// matched, and anything not served here still gets the API's 404.
// Dev mode hands any role to anyone who asks, so it stays on this machine: the runtime refuses to
// start with it on a non-loopback address, and answers its extras (sign-in, pages, config.json)
// only to requests that name this server by a loopback name. A web page the developer visits can
// rebind its own DNS name to 127.0.0.1 and call us "same-origin", but its requests still carry
// its name in Host (and Origin): that is what `devRequestRefusal` looks at.

import { AGENCIES, AGENCY_GROUP_PREFIX, isAgency, LEAD_GROUP, type Agency } from '#domain/agencies.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, type Role } from '#domain/model.ts';
import { buildSite, SITE_FILES } from '../../web/build.ts';
import type { LocalJwt } from './jwt.ts';
import { urlOf } from './net.ts';

export const DEV_SIGN_IN_PATH = '/dev/sign-in';
/** A development session lasts a working day. */
const DEV_TOKEN_TTL_SECONDS = 8 * 3600;
const SUB = /^[A-Za-z0-9._-]{1,64}$/;

/** What the pages may load: their own origin only; no inline script or style; never framed. */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface SiteFile {
  body: Buffer;
  type: string;
}

export interface LocalSite {
  devSignIn: boolean;
  /** The file for a GET/HEAD path, or undefined. */
  file(path: string): SiteFile | undefined;
  /** `agency`: an officer's agency group is added (SPEC §12); `lead`: the lead officers' group (SPEC §13). */
  mintDevToken(role: Role, sub: string, agency?: Agency, lead?: boolean): Promise<string>;
}

export interface LocalSiteOptions {
  jwt: LocalJwt;
  devSignIn: boolean;
}

/** Builds the pages into a fresh temporary directory, loads them, and removes the directory. */
export async function prepareLocalSite(options: LocalSiteOptions): Promise<LocalSite> {
  const dir = mkdtempSync(join(tmpdir(), 'akip-web-'));
  const files = new Map<string, SiteFile>();
  try {
    await buildSite(dir);
    for (const name of SITE_FILES)
      files.set(`/${name}`, { body: readFileSync(join(dir, name)), type: TYPES[name.slice(name.lastIndexOf('.'))]! });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  files.set('/', files.get('/index.html')!);
  // Same origin as the API here; the sign-in kind says whether the dev endpoint exists.
  const config = { apiBase: '', signIn: options.devSignIn ? { kind: 'dev' } : { kind: 'token' } };
  files.set('/config.json', { body: Buffer.from(JSON.stringify(config)), type: TYPES['.json']! });
  return {
    devSignIn: options.devSignIn,
    file: (path) => files.get(path),
    mintDevToken: (role, sub, agency, lead) =>
      options.jwt.signToken({
        role,
        sub,
        ttlSeconds: DEV_TOKEN_TTL_SECONDS,
        groups: [role, ...(agency ? [`${AGENCY_GROUP_PREFIX}${agency}`] : []), ...(lead ? [LEAD_GROUP] : [])],
      }),
  };
}

export function sendSiteFile(res: ServerResponse, file: SiteFile, method: string, requestId: string): number {
  res.writeHead(200, {
    ...PAGE_SECURITY_HEADERS,
    'content-type': file.type,
    'content-length': file.body.length,
    // Rebuilt at every start: always revalidate.
    'cache-control': 'no-cache',
    'x-request-id': requestId,
  });
  res.end(method === 'HEAD' ? undefined : file.body);
  return 200;
}

export type DevSignInResult =
  | { status: 200; body: { token: string; role: Role; sub: string; agency?: Agency; lead?: true; expiresIn: number } }
  | { status: 400; details: { path: string; message: string }[] };

/** Checks a dev sign-in request body and mints the token. */
export async function devSignIn(site: LocalSite, body: Buffer, contentType: string | undefined): Promise<DevSignInResult> {
  // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which gets no allowance here.
  if (!/^application\/json\b/i.test(contentType ?? ''))
    return { status: 400, details: [{ path: '', message: 'Content-Type must be application/json' }] };
  let input: { role?: unknown; sub?: unknown; agency?: unknown; lead?: unknown };
  try {
    input = JSON.parse(body.toString('utf8')) as typeof input;
  } catch {
    return { status: 400, details: [{ path: '', message: 'not JSON' }] };
  }
  const details: { path: string; message: string }[] = [];
  const role = typeof input?.role === 'string' && (ROLES as readonly string[]).includes(input.role) ? (input.role as Role) : undefined;
  if (!role) details.push({ path: 'role', message: `one of ${ROLES.join(', ')}` });
  const sub = typeof input?.sub === 'string' && SUB.test(input.sub) ? input.sub : undefined;
  if (!sub) details.push({ path: 'sub', message: '1–64 letters, digits, dots, underscores or hyphens' });
  // An officer's agency (SPEC §12); none: market regulation. Other roles have none.
  const agency =
    input?.agency === undefined || input.agency === '' ? undefined : isAgency(input.agency) && role === 'officer' ? input.agency : null;
  if (agency === null) details.push({ path: 'agency', message: `for officers only: one of ${AGENCIES.join(', ')}` });
  // A lead officer of its agency (SPEC §13): `true` for officers only; absent or false: not a lead.
  const lead = input?.lead === undefined || input.lead === false ? false : input.lead === true && role === 'officer' ? true : null;
  if (lead === null) details.push({ path: 'lead', message: 'true for officers only' });
  if (!role || !sub || agency === null || lead === null) return { status: 400, details };
  return {
    status: 200,
    body: {
      token: await site.mintDevToken(role, sub, agency, lead),
      role,
      sub,
      ...(agency ? { agency } : {}),
      ...(lead ? { lead } : {}),
      expiresIn: DEV_TOKEN_TTL_SECONDS,
    },
  };
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a listen address or host name is this machine's loopback: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 6 ? 'ipv6' : 'ipv4');
}

/** Why dev mode cannot run on `host` (a non-loopback listen address), or undefined when it can. */
export function devSignInHostProblem(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return (
    `HOST=${host} is not a loopback address, and development sign-in (a token for any role, no password) is on: ` +
    'anyone who can reach this machine could sign in as any user. Listen on 127.0.0.1, or turn development sign-in off with DEV_SIGN_IN=0'
  );
}

/** The Host header values that name this server on loopback: 127.0.0.1, localhost, [::1] (and the listen address) with the port. */
function loopbackAuthorities(listenHost: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (isLoopbackHost(listenHost)) names.push(new URL(urlOf(listenHost.toLowerCase(), port)).hostname);
  // Without a port, a Host header means port 80.
  return new Set(names.flatMap((name) => (port === 80 ? [`${name}:${port}`, name] : [`${name}:${port}`])));
}

/**
 * Why a request may not use the dev-mode extras (sign-in, pages, config.json), or undefined when it
 * may: the server must listen on loopback, the Host header must be one of its loopback names with
 * its port, and an Origin, when the browser sends one, must be that same server.
 */
export function devRequestRefusal(listenHost: string, port: number, headers: Record<string, string | undefined>): string | undefined {
  if (!isLoopbackHost(listenHost))
    return `the server listens on ${listenHost}, not on a loopback address: development sign-in is for this machine only`;
  const allowed = loopbackAuthorities(listenHost, port);
  const host = (headers['host'] ?? '').trim().toLowerCase();
  if (!allowed.has(host)) {
    return `Host ${JSON.stringify(host.slice(0, 100))} is not a loopback name of this server (127.0.0.1:${port}, localhost:${port}, [::1]:${port}); a page elsewhere may have pointed its own name at this machine`;
  }
  const origin = headers['origin']?.trim().toLowerCase();
  if (origin !== undefined && ![...allowed].some((authority) => origin === `http://${authority}`)) {
    return `Origin ${JSON.stringify(origin.slice(0, 100))} is not this server`;
  }
  return undefined;
}
