// Which pages each role gets in the navigation, and where a role lands after signing in.

import { HANDLER_ROLE_OF_PATH, type Role } from '#domain/model.ts';
import type { TextKey } from './i18n.ts';

const HANDLERS = Object.values(HANDLER_ROLE_OF_PATH) as Role[];

export function navOf(role: Role | undefined): { hash: string; label: TextKey }[] {
  const items: { hash: string; label: TextKey }[] = [{ hash: '#/', label: 'home' }];
  if (role === 'rights_holder') items.push({ hash: '#/file', label: 'file' }, { hash: '#/my-cases', label: 'myCases' });
  if (role && HANDLERS.includes(role)) items.push({ hash: '#/queue', label: 'queue' });
  if (role === 'court' || role === 'procuratorate' || role === 'supervisor') items.push({ hash: '#/search', label: 'search' }, { hash: '#/stats', label: 'stats' });
  if (role === 'police') items.push({ hash: '#/search', label: 'search' });
  return items;
}

export function homeOf(role: Role): string {
  return navOf(role)[1]?.hash ?? '#/';
}
