import { createProduction as createContract, listProductions as listContract } from '@/lib/api/contracts/productions';
import { route } from '@/lib/api/route';
import { createProduction, listProductions } from '@/lib/productions/productions';

export const dynamic = 'force-dynamic';

// POST /api/productions – plan a short from one brief and start its children
export const POST = route(createContract, async ({ body }) => ({ production: await createProduction(body) }));

// GET /api/productions – productions, newest first
export const GET = route(listContract, async ({ query }) => listProductions(query));
