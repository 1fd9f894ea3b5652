import { renderProduction as contract } from '@/lib/api/contracts/productions';
import { route } from '@/lib/api/route';
import { renderProduction } from '@/lib/productions/productions';

export const dynamic = 'force-dynamic';

// POST /api/productions/{id}/render – compose the timeline again, reusing finished children
export const POST = route(contract, async ({ params }) => ({ production: await renderProduction(params.id) }));
