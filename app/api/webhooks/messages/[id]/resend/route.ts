import { resendWebhookMessage } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { resendMessage } from '@/lib/webhooks/messages';

export const dynamic = 'force-dynamic';

// POST /api/webhooks/messages/{id}/resend – one more attempt now, same webhook-id
export const POST = route(resendWebhookMessage, async ({ params }) => ({ message: await resendMessage(params.id) }));
