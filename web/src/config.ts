// What each host tells the pages at /config.json: where the API is and how people sign in.
// Locally: a development sign-in (dev mode) or a pasted token; in the cloud: the OIDC provider
// (Cognito hosted UI), authorization code + PKCE done in the browser, and — when the Cognito pool is
// the issuer — the parties' own sign-up on Cognito's API.

export type SignInConfig =
  | { kind: 'dev' }
  | { kind: 'token' }
  | { kind: 'oidc'; authorizeUrl: string; tokenUrl: string; logoutUrl: string; clientId: string; scopes: string[] };

export interface SiteConfig {
  /** Base URL of the HTTP API, without a trailing slash; '' for the pages' own origin. */
  apiBase: string;
  signIn: SignInConfig;
  /** The parties' sign-up (SPEC §10 "Accounts"): Cognito's region and the parties' app client. Cloud only. */
  signUp?: SignUpConfig;
}

export interface SignUpConfig {
  region: string;
  clientId: string;
}

export async function loadConfig(): Promise<SiteConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as SiteConfig;
  return { ...config, apiBase: (config.apiBase ?? '').replace(/\/+$/, '') };
}
