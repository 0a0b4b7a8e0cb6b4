// Which pages each role gets in the navigation, and where a role lands after signing in. The role
// lists are the API's own (domain/access.ts): a page is offered to exactly the roles it can serve.

import { PARTY_ROLES, SEARCHING_ROLES, mayCall } from '#domain/access.ts';
import type { Role } from '#domain/model.ts';
import type { TextKey } from './i18n.ts';

export function navOf(role: Role | undefined): { hash: string; label: TextKey }[] {
  const items: { hash: string; label: TextKey }[] = [{ hash: '#/', label: 'home' }];
  if (!role) return items;
  if (mayCall('POST /complaints', role)) items.push({ hash: '#/file', label: 'file' });
  if (PARTY_ROLES.includes(role)) items.push({ hash: '#/my-cases', label: 'myCases' });
  if (mayCall('GET /work-queues/{path}', role)) items.push({ hash: '#/queue', label: 'queue' });
  if (SEARCHING_ROLES.includes(role)) items.push({ hash: '#/search', label: 'search' });
  if (mayCall('GET /stats', role)) items.push({ hash: '#/stats', label: 'stats' });
  return items;
}

export function homeOf(role: Role): string {
  return navOf(role)[1]?.hash ?? '#/';
}
