import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';

export const providerCallback = {
  method: 'POST',
  path: '/api/webhooks/{provider}',
  summary: 'Provider callbacks. Luma callbacks carry a per-job token in the URL and only trigger a re-fetch from the provider; a wrong token is a 401',
  tags: ['webhooks'],
  auth: 'public',
  rateLimit: 'none',
  status: 202,
  params: z.object({ provider: z.enum(['luma']) }),
  // Optional here so that a missing token is answered 401, like a wrong one.
  query: z.object({ job: z.string().max(100).optional(), token: z.string().max(200).optional() }),
  response: z.object({ received: z.literal(true) }),
} satisfies Contract;
