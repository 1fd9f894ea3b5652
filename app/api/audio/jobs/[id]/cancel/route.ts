import { cancelAudioJob as contract } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { cancelAudioJob } from '@/lib/audio/jobs';

export const dynamic = 'force-dynamic';

// POST /api/audio/jobs/{id}/cancel – stop a pending or running job
export const POST = route(contract, async ({ params }) => ({ job: await cancelAudioJob(params.id) }));
