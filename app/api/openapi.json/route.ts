import { getOpenApi } from '@/lib/api/contracts/system';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { route } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// GET /api/openapi.json – the API contract, generated from the routes' zod schemas
export const GET = route(getOpenApi, async () => buildOpenApiDocument());
