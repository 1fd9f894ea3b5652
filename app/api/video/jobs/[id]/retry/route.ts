import { retryVideoJob as contract } from '@/lib/api/contracts/video';
import { route } from '@/lib/api/route';
import { retryVideoJob } from '@/lib/video/jobs';

export const dynamic = 'force-dynamic';

// POST /api/video/jobs/{id}/retry – run a failed or canceled job again
export const POST = route(contract, async ({ params }) => ({ job: await retryVideoJob(params.id) }));
