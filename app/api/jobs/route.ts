import { listAllJobs as contract } from '@/lib/api/contracts/activity';
import { route } from '@/lib/api/route';
import { listActivity } from '@/lib/activity/list';

export const dynamic = 'force-dynamic';

// GET /api/jobs – video jobs, audio jobs and productions together, newest first
export const GET = route(contract, async ({ query }) =>
  listActivity({ kinds: query.kind ?? ['video', 'audio', 'production'], status: query.status, provider: query.provider, limit: query.limit, cursor: query.cursor }),
);
