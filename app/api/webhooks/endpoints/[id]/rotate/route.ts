import { rotateWebhookEndpointSecret } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { rotateEndpointSecret } from '@/lib/webhooks/endpoints';

export const dynamic = 'force-dynamic';

// POST /api/webhooks/endpoints/{id}/rotate – a new secret, shown once; the old one signs for 24 h more
export const POST = route(rotateWebhookEndpointSecret, async ({ params }) => rotateEndpointSecret(params.id));
