import { providerCallback } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { acceptProviderCallback } from '@/lib/video/callbacks';

export const dynamic = 'force-dynamic';

// POST /api/webhooks/{provider} – a provider says a job changed; verified, de-duplicated, answered fast
export const POST = route(providerCallback, ({ params, query, request }) => acceptProviderCallback(params.provider, query, request));
