// Who may read a case (SPEC §2). A case a user may not read does not exist for that user:
// the edge answers 404, never 403, so existence never leaks.

import { HANDLER_ROLE_OF_PATH, type Case, type Role } from './model.ts';

export interface Caller {
  role: Role;
  sub: string;
}

const READ_ALL: readonly Role[] = ['court', 'procuratorate', 'supervisor'];

export function canReadCase(caller: Caller, c: Pick<Case, 'ownerSub' | 'path' | 'status' | 'outcome'>): boolean {
  if (READ_ALL.includes(caller.role)) return true;
  if (caller.role === 'rights_holder') return c.ownerSub === caller.sub;
  if (caller.role === 'police') return c.status === 'transferred' && c.outcome?.['transferredTo'] === 'police';
  return c.path !== null && HANDLER_ROLE_OF_PATH[c.path] === caller.role;
}

/**
 * Whether the caller sees personal ID numbers unmasked: the owner, and the handler assigned to the
 * case on its current path — by role as well as sub, since a supervisor may name any sub as assignee.
 */
export function seesPersonalIds(caller: Caller, c: Pick<Case, 'ownerSub' | 'assignee' | 'path'>): boolean {
  if (caller.role === 'rights_holder') return c.ownerSub === caller.sub;
  return c.path !== null && HANDLER_ROLE_OF_PATH[c.path] === caller.role && c.assignee === caller.sub;
}
