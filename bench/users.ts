// Many users, as real traffic has: request i is made by user i mod USERS, so no single caller comes
// near the per-caller rate limit (20/s) and the limit stays on, as in `npm start`.

import type { BenchRuntime } from './runtime.ts';

export const USERS = 200;

export async function userTokens(rt: BenchRuntime, role: string, prefix: string, n = USERS): Promise<{ sub: string; token: string }[]> {
  const users = [];
  for (let k = 0; k < n; k++) {
    const sub = `${prefix}-${k}`;
    users.push({ sub, token: await rt.token(role, sub) });
  }
  return users;
}
