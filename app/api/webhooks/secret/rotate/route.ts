import { rotateWebhookSecret } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { appSecretView, rotateAppWebhookSecret } from '@/lib/webhooks/app-secret';

export const dynamic = 'force-dynamic';

// POST /api/webhooks/secret/rotate – a new app-wide webhook secret; the old one signs for 24 h more
export const POST = route(rotateWebhookSecret, async () => appSecretView(await rotateAppWebhookSecret()));
