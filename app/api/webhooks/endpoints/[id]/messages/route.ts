import { listWebhookMessages } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { listEndpointMessages } from '@/lib/webhooks/messages';

export const dynamic = 'force-dynamic';

// GET /api/webhooks/endpoints/{id}/messages – the endpoint's delivery log, newest first
export const GET = route(listWebhookMessages, async ({ params, query }) => listEndpointMessages(params.id, query));
