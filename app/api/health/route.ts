import { getHealth } from '@/lib/api/contracts/system';
import { route } from '@/lib/api/route';
import { checkHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

// GET /api/health – liveness of the database, queues, ffmpeg, storage and providers (503 without the database or the storage)
export const GET = route(getHealth, async ({ principal }) => {
  const health = await checkHealth();
  // Without credentials only the verdict is shown: paths and versions help an attacker.
  const body = principal.kind === 'anonymous' ? { status: health.status } : health;
  return Response.json(getHealth.response.parse(body), { status: health.status === 'error' ? 503 : 200, headers: { 'Cache-Control': 'no-store' } });
});
