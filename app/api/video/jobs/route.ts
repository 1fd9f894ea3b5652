import { listVideoJobs as contract } from '@/lib/api/contracts/video';
import { route } from '@/lib/api/route';
import { listVideoJobs } from '@/lib/video/jobs';

export const dynamic = 'force-dynamic';

// GET /api/video/jobs – video jobs, newest first
export const GET = route(contract, async ({ query }) => listVideoJobs(query));
