// Deployment choices read from CDK context (`-c key=value` or cdk.json), validated in one place.

import type { Construct } from 'constructs';
import { ROLES, type Role } from '#domain/model.ts';
import { AGENCY_GROUPS, LEAD_GROUP, type AgencyGroup } from '#domain/agencies.ts';

export interface DeploymentContext {
  /** Another OIDC provider's issuer URL, replacing the Cognito pool as the API's token issuer. */
  jwtIssuer?: string;
  /** Accepted token audiences (client ids) when `jwtIssuer` is set, or extra ones for the pool. */
  jwtAudience?: string[];
  /** Browser origins allowed by CORS. */
  corsOrigins?: string[];
  /** Where alarm notifications are e-mailed (required for production environments). */
  alarmEmail?: string;
  /** Prefix of the hosted sign-in domain `<prefix>.auth.<region>.amazoncognito.com` (default: derived from the stack). */
  authDomainPrefix?: string;
  /** Where the hosted sign-in may return a browser to after sign-in / sign-out (the site's URL). */
  authCallbackUrls?: string[];
  authLogoutUrls?: string[];
  /** With `jwtIssuer`: the provider's authorization and token endpoints, for the pages' sign-in (code + PKCE). */
  oidcAuthorizeUrl?: string;
  oidcTokenUrl?: string;
  /** With `jwtIssuer`: where the pages send a browser to sign out (optional). */
  oidcLogoutUrl?: string;
  /**
   * With `jwtIssuer` (and required then): that provider's group names → roles. The only way its
   * groups become roles; Cognito's groups are named as the roles and need no map. A group may also
   * map to an officer's agency group (`agency:<id>`) or to the lead officers' group (`agency_lead`).
   */
  groupRoles?: Record<string, Role | AgencyGroup | typeof LEAD_GROUP>;
}

export function deploymentContext(scope: Construct): DeploymentContext {
  const jwtIssuer = contextString(scope, 'jwtIssuer');
  const jwtAudience = contextList(scope, 'jwtAudience');
  const corsOrigins = contextList(scope, 'corsOrigins');
  const alarmEmail = contextString(scope, 'alarmEmail');
  const authDomainPrefix = contextString(scope, 'authDomainPrefix');
  const authCallbackUrls = contextList(scope, 'authCallbackUrls');
  const authLogoutUrls = contextList(scope, 'authLogoutUrls');
  const oidcAuthorizeUrl = contextString(scope, 'oidcAuthorizeUrl');
  const oidcTokenUrl = contextString(scope, 'oidcTokenUrl');
  const oidcLogoutUrl = contextString(scope, 'oidcLogoutUrl');
  const groupRoles = contextGroupRoles(scope);
  if (jwtIssuer !== undefined && !/^https:\/\/\S+$/.test(jwtIssuer)) {
    throw new Error(`Context "jwtIssuer" must be an https URL, got "${jwtIssuer}"`);
  }
  if (jwtIssuer !== undefined && jwtAudience === undefined) {
    // The pool's client id would never match another provider's tokens: every call would be 401.
    throw new Error('Context "jwtIssuer" is set: set "jwtAudience" too (comma-separated client ids)');
  }
  if (jwtIssuer !== undefined && (oidcAuthorizeUrl === undefined || oidcTokenUrl === undefined)) {
    // The pages sign in against the provider that issues the API's tokens, not the Cognito pool.
    throw new Error(
      'Context "jwtIssuer" is set: set "oidcAuthorizeUrl" and "oidcTokenUrl" too (the provider\'s endpoints, for the pages\' sign-in)',
    );
  }
  for (const [key, url] of [
    ['oidcAuthorizeUrl', oidcAuthorizeUrl],
    ['oidcTokenUrl', oidcTokenUrl],
    ['oidcLogoutUrl', oidcLogoutUrl],
  ] as const) {
    if (url !== undefined && !/^https:\/\/\S+$/.test(url)) throw new Error(`Context "${key}" must be an https URL, got "${url}"`);
  }
  if (jwtIssuer !== undefined && groupRoles === undefined) {
    // No default: a provider's group that merely looks like a role name must not become that role.
    throw new Error(
      'Context "jwtIssuer" is set: set "groupRoles" too, mapping the provider\'s group names to roles (JSON, e.g. {"IP Admins":"supervisor"})',
    );
  }
  if (jwtIssuer === undefined && groupRoles !== undefined) {
    throw new Error('Context "groupRoles" applies only with "jwtIssuer": Cognito\'s groups are named as the roles');
  }
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`Context "alarmEmail" must be an e-mail address, got "${alarmEmail}"`);
  }
  // Cognito's rule for a prefix domain; "aws", "amazon" and "cognito" are reserved words in it.
  if (
    authDomainPrefix !== undefined &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix) || /aws|amazon|cognito/.test(authDomainPrefix))
  ) {
    throw new Error(
      `Context "authDomainPrefix" must be lowercase letters, digits and hyphens without aws/amazon/cognito, got "${authDomainPrefix}"`,
    );
  }
  for (const [key, urls] of [
    ['authCallbackUrls', authCallbackUrls],
    ['authLogoutUrls', authLogoutUrls],
  ] as const) {
    // Cognito accepts http only for localhost; anything else must be https.
    const bad = urls?.find((url) => !/^https:\/\/\S+$/.test(url) && !/^http:\/\/localhost(?::\d+)?(?:\/\S*)?$/.test(url));
    if (bad) throw new Error(`Context "${key}" must list https URLs (http only for localhost), got "${bad}"`);
  }
  return {
    ...(jwtIssuer !== undefined ? { jwtIssuer } : {}),
    ...(jwtAudience !== undefined ? { jwtAudience } : {}),
    ...(corsOrigins !== undefined ? { corsOrigins } : {}),
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    ...(authDomainPrefix !== undefined ? { authDomainPrefix } : {}),
    ...(authCallbackUrls !== undefined ? { authCallbackUrls } : {}),
    ...(authLogoutUrls !== undefined ? { authLogoutUrls } : {}),
    ...(oidcAuthorizeUrl !== undefined ? { oidcAuthorizeUrl } : {}),
    ...(oidcTokenUrl !== undefined ? { oidcTokenUrl } : {}),
    ...(oidcLogoutUrl !== undefined ? { oidcLogoutUrl } : {}),
    ...(groupRoles !== undefined ? { groupRoles } : {}),
  };
}

/** `groupRoles`: an object in cdk.json, or its JSON on the command line (`-c groupRoles='{"IP Admins":"supervisor"}'`). */
function contextGroupRoles(scope: Construct): Record<string, Role | AgencyGroup | typeof LEAD_GROUP> | undefined {
  let value: unknown = scope.node.tryGetContext('groupRoles');
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error('Context "groupRoles" must be a JSON object of provider group name → role');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new Error('Context "groupRoles" must be a non-empty object of provider group name → role');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [group, role] of entries) {
    if (group.length === 0) throw new Error('Context "groupRoles" names an empty group');
    // A group maps to a role, to an officer's agency (SPEC §12): `agency:<id>`, or to the lead
    // officers' group (SPEC §13): `agency_lead`.
    if (typeof role !== 'string' || !([...ROLES, ...AGENCY_GROUPS, LEAD_GROUP] as string[]).includes(role)) {
      throw new Error(
        `Context "groupRoles" maps "${group}" to ${JSON.stringify(role)}, which is not a role (${ROLES.join(', ')}), an agency group (${AGENCY_GROUPS.join(', ')}) or the lead group (${LEAD_GROUP})`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, Role | AgencyGroup | typeof LEAD_GROUP>;
}

export function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value.trim();
}

/** A list from context: `-c key=a,b` on the command line, or an array in cdk.json. */
function contextList(scope: Construct, key: string): string[] | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const items: unknown[] | undefined = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items?.every((item): item is string => typeof item === 'string')) {
    throw new Error(`Context "${key}" must be a comma-separated string or a list of strings`);
  }
  const list = items.map((item) => item.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
}
