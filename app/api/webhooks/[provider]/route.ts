import { providerCallback } from '@/lib/api/contracts/webhooks';
import { route } from '@/lib/api/route';
import { acceptProviderCallback } from '@/lib/video/callbacks';

export const dynamic = 'force-dynamic';

// POST /api/webhooks/{provider} – a provider says a job changed; answered fast, verified by token
export const POST = route(providerCallback, async ({ params, query }) => {
  await acceptProviderCallback(params.provider, query.job, query.token);
  return { received: true as const };
});
