import { listVideoProviders } from '@/lib/api/contracts/video';
import { route } from '@/lib/api/route';
import { describeVideoProviders } from '@/lib/providers/video';

export const dynamic = 'force-dynamic';

// GET /api/video/providers – which providers are configured and their real options
export const GET = route(listVideoProviders, async () => ({ providers: describeVideoProviders() }));
