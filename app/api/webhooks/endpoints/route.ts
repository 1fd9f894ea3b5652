import { createWebhookEndpoint, listWebhookEndpoints } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { createEndpoint, listEndpoints } from '@/lib/webhooks/endpoints';

export const dynamic = 'force-dynamic';

// GET /api/webhooks/endpoints – webhook endpoints, newest first, without secrets
export const GET = route(listWebhookEndpoints, async ({ query }) => listEndpoints(query));

// POST /api/webhooks/endpoints – add an endpoint; its secret is in this answer only
export const POST = route(createWebhookEndpoint, async ({ body }) => createEndpoint(body));
