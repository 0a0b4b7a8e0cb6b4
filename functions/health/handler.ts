// GET /health — liveness for load balancers and the local runtime; touches nothing.

import { httpFunction } from '#lib/http.ts';

export const handler = httpFunction('health', async () => ({ status: 200, body: { status: 'ok' } }));
