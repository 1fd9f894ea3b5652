import { retryAudioJob as contract } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { retryAudioJob } from '@/lib/audio/jobs';

export const dynamic = 'force-dynamic';

// POST /api/audio/jobs/{id}/retry – run a failed or canceled job again
export const POST = route(contract, async ({ params }) => ({ job: await retryAudioJob(params.id) }));
