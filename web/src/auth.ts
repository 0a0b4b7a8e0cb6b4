// Who is signed in: the bearer token, and the role and user it names (read from the token's
// `cognito:groups` and `sub`; the server verifies it, the pages only decide what to show).
// Kept in sessionStorage: closing the tab signs out.

import { agencyOfGroup, LEAD_GROUP, type Agency } from '#domain/agencies.ts';
import { ROLES, type Role } from '#domain/model.ts';
import type { SignInConfig } from './config.ts';

export interface Session {
  token: string;
  role: Role;
  sub: string;
  /** An officer's agency (SPEC §12), from its groups; absent: market regulation. */
  agency?: Agency;
  /** An officer who leads its agency's random inspections (SPEC §13), from the group `agency_lead`. */
  lead?: boolean;
  /** Seconds since the epoch. */
  exp: number;
}

const SESSION_KEY = 'akip.session';
const PKCE_KEY = 'akip.pkce';

export function decodeToken(token: string): Session | undefined {
  try {
    const payload = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
    const groups = payload['cognito:groups'];
    const list = Array.isArray(groups)
      ? groups.map(String)
      : typeof groups === 'string'
        ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/)
        : [];
    const role = list.find((g): g is Role => (ROLES as readonly string[]).includes(g));
    const sub = typeof payload['sub'] === 'string' ? payload['sub'] : undefined;
    const exp = typeof payload['exp'] === 'number' ? payload['exp'] : 0;
    if (!role || !sub) return undefined;
    const agency = role === 'officer' ? list.map(agencyOfGroup).find((a) => a !== undefined) : undefined;
    const lead = role === 'officer' && list.includes(LEAD_GROUP);
    return { token, role, sub, exp, ...(agency ? { agency } : {}), ...(lead ? { lead } : {}) };
  } catch {
    return undefined;
  }
}

function base64UrlDecode(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function currentSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const session = raw ? (JSON.parse(raw) as Session) : undefined;
    if (session && session.exp * 1000 > Date.now()) return session;
  } catch {
    // unreadable: treat as signed out
  }
  return undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * Development sign-in (local runtime in dev mode only): the server mints a token for the role and
 * user; an officer's with its agency's group, and a lead officer's with the lead group too.
 */
export async function devSignIn(apiBase: string, role: Role, sub: string, agency?: Agency, lead = false): Promise<Session> {
  const response = await fetch(`${apiBase}/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, sub, ...(agency ? { agency } : {}), ...(lead ? { lead } : {}) }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { message?: string } };
  if (!response.ok || !body.token) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  const session = decodeToken(body.token);
  if (!session) throw new Error('token without a recognised role');
  saveSession(session);
  return session;
}

export function tokenSignIn(token: string): Session {
  const session = decodeToken(token.trim());
  if (!session) throw new Error('not a token with a recognised role');
  saveSession(session);
  return session;
}

type Oidc = Extract<SignInConfig, { kind: 'oidc' }>;

const redirectUri = (): string => `${location.origin}/`;

/**
 * Starts authorization code + PKCE: remembers verifier and state, then leaves for the provider.
 * Back, the user lands on `returnTo` (default: where they are now).
 */
export async function startOidcSignIn(config: Oidc, returnTo: string = location.hash || '#/'): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On return from the provider (`?code=…&state=…`): exchanges the code; returns where to go next. */
export async function finishOidcSignIn(config: Oidc): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!saved || saved.state !== params.get('state')) throw new Error('sign-in state does not match; start again');
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  const tokens = (await response.json().catch(() => ({}))) as { access_token?: string };
  if (!response.ok || !tokens.access_token) throw new Error(`token endpoint answered ${response.status}`);
  tokenSignIn(tokens.access_token);
  return saved.returnTo;
}

export function oidcLogoutUrl(config: Oidc): string {
  const url = new URL(config.logoutUrl);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() }).toString();
  return url.toString();
}
