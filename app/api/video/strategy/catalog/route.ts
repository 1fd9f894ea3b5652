import { getStrategyCatalog } from '@/lib/api/contracts/strategy';
import { route } from '@/lib/api/route';
import { listCatalog } from '@/lib/strategy';

export const dynamic = 'force-dynamic';

// GET /api/video/strategy/catalog – mood categories, cameras, lighting and platforms with their labels
export const GET = route(getStrategyCatalog, async () => listCatalog());
