// GET /health — liveness for load balancers and the local runtime; touches nothing. A public route
// of a function without the table: no rate limiter, so no DynamoDB client in its bundle.

import { publicHttpFunction } from '#lib/http-core.ts';

export const handler = publicHttpFunction('health', async () => ({ status: 200, body: { status: 'ok' } }));
