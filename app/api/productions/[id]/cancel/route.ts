import { cancelProduction as contract } from '@/lib/api/contracts/productions';
import { route } from '@/lib/api/route';
import { cancelProduction } from '@/lib/productions/productions';

export const dynamic = 'force-dynamic';

// POST /api/productions/{id}/cancel – stop the production and its unfinished children
export const POST = route(contract, async ({ params }) => ({ production: await cancelProduction(params.id) }));
