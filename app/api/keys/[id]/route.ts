import { revokeKey } from '@/lib/api/contracts/auth';
import { route } from '@/lib/api/route';
import { revokeApiKey } from '@/lib/auth/api-keys';

export const dynamic = 'force-dynamic';

// DELETE /api/keys/{id} – revoke an API key
export const DELETE = route(revokeKey, async ({ params }) => ({ api_key: await revokeApiKey(params.id) }));
