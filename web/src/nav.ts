// Which pages each role gets in the navigation, and where a role lands after signing in. The role
// lists are the API's own (domain/access.ts): a page is offered to exactly the roles it can serve.

import { PARTY_ROLES, SEARCHING_ROLES, mayCall } from '#domain/access.ts';
import type { Role } from '#domain/model.ts';
import type { TextKey } from './i18n.ts';

/** Who joins a case with an invitation code (POST /invitations/accept, SPEC §10). */
export const JOINING_ROLES: readonly Role[] = ['respondent'];

/** Whose "my cases" are the cases they are a party to: the complainant's own, the respondent's joined. */
export const MY_CASES_ROLES: readonly Role[] = [...new Set([...PARTY_ROLES, ...JOINING_ROLES])];

export function navOf(role: Role | undefined): { hash: string; label: TextKey }[] {
  const items: { hash: string; label: TextKey }[] = [{ hash: '#/', label: 'home' }];
  if (!role) return items;
  if (mayCall('POST /complaints', role)) items.push({ hash: '#/file', label: 'file' });
  // A respondent starts with its code: joining is its way in.
  if (JOINING_ROLES.includes(role)) items.push({ hash: '#/join', label: 'joinCase' });
  if (MY_CASES_ROLES.includes(role)) items.push({ hash: '#/my-cases', label: 'myCases' });
  if (mayCall('GET /work-queues/{path}', role)) items.push({ hash: '#/queue', label: 'queue' });
  if (SEARCHING_ROLES.includes(role)) items.push({ hash: '#/search', label: 'search' });
  if (mayCall('GET /stats', role)) items.push({ hash: '#/stats', label: 'stats' });
  return items;
}

export function homeOf(role: Role): string {
  return navOf(role)[1]?.hash ?? '#/';
}
