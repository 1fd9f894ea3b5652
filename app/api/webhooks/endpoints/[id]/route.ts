import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { deleteEndpoint, endpointView, findEndpoint, updateEndpoint } from '@/lib/webhooks/endpoints';

export const dynamic = 'force-dynamic';

// GET /api/webhooks/endpoints/{id} – one endpoint
export const GET = route(getWebhookEndpoint, async ({ params }) => ({ endpoint: endpointView(await findEndpoint(params.id)) }));

// PATCH /api/webhooks/endpoints/{id} – url, events, description, enabled
export const PATCH = route(updateWebhookEndpoint, async ({ params, body }) => ({ endpoint: await updateEndpoint(params.id, body) }));

// DELETE /api/webhooks/endpoints/{id} – the endpoint and its delivery log
export const DELETE = route(deleteWebhookEndpoint, async ({ params }) => {
  await deleteEndpoint(params.id);
  return { deleted: true as const };
});
