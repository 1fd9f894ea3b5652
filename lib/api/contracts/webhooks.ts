import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { WEBHOOK_PROVIDERS } from '@/lib/providers/video/names';

export const providerCallback = {
  method: 'POST',
  path: '/api/webhooks/{provider}',
  summary:
    'Provider callbacks. Every callback URL carries the job id and a per-job token; Replicate deliveries must also pass Standard Webhooks verification and fal deliveries ED25519 verification (±5 min). A callback only triggers a re-fetch from the provider; refused ones are a 401 with no side effect, redeliveries are acknowledged as duplicates',
  tags: ['webhooks'],
  auth: 'public',
  rateLimit: 'none',
  status: 202,
  params: z.object({ provider: z.enum(WEBHOOK_PROVIDERS) }),
  // Optional here so that a missing token is answered 401, like a wrong one.
  query: z.object({ job: z.string().max(100).optional(), token: z.string().max(200).optional() }),
  response: z.object({ received: z.literal(true), duplicate: z.boolean() }),
} satisfies Contract;
