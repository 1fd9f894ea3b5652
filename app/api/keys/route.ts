import { createKey, listKeys } from '@/lib/api/contracts/auth';
import { route } from '@/lib/api/route';
import { createApiKey, listApiKeys } from '@/lib/auth/api-keys';

export const dynamic = 'force-dynamic';

// GET /api/keys – list API keys
export const GET = route(listKeys, async () => ({ keys: await listApiKeys() }));

// POST /api/keys – create an API key (shown once)
export const POST = route(createKey, async ({ body }) => {
  const expiresAt = body.expires_in_days ? new Date(Date.now() + body.expires_in_days * 86_400_000) : null;
  const { key, record } = await createApiKey(body.name, expiresAt);
  return { key, api_key: record };
});
