import { getSession } from '@/lib/api/contracts/auth';
import { route } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// GET /api/auth/session – whether the caller is authenticated, and how
export const GET = route(getSession, async ({ principal }) => ({ authenticated: principal.kind !== 'anonymous', kind: principal.kind }));
