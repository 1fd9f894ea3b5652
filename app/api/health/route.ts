import { route } from '@/lib/api/route';
import { checkHealth, HealthSchema } from '@/lib/health';

export const dynamic = 'force-dynamic';

// GET /api/health – liveness of the database, queues, ffmpeg, storage and providers
export const GET = route({}, async () => {
  const health = HealthSchema.parse(await checkHealth());
  return Response.json(health, { status: health.database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
});
