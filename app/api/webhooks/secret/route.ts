import { getWebhookSecret } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { appSecretView, appWebhookSecret } from '@/lib/webhooks/app-secret';

export const dynamic = 'force-dynamic';

// GET /api/webhooks/secret – the app-wide secret signing per-request webhooks
export const GET = route(getWebhookSecret, async () => appSecretView(await appWebhookSecret()));
