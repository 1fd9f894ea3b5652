import { cancelVideoJob as contract } from '@/lib/api/contracts/video';
import { route } from '@/lib/api/route';
import { cancelVideoJob } from '@/lib/video/jobs';

export const dynamic = 'force-dynamic';

// POST /api/video/jobs/{id}/cancel – stop a pending or running job
export const POST = route(contract, async ({ params }) => ({ job: await cancelVideoJob(params.id) }));
