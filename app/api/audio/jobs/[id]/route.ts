import { getAudioJob } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { findAudioJob } from '@/lib/audio/jobs';
import { toAudioJobView } from '@/lib/audio/views';

export const dynamic = 'force-dynamic';

// GET /api/audio/jobs/{id} – one audio job
export const GET = route(getAudioJob, async ({ params }) => ({ job: await toAudioJobView(await findAudioJob(params.id)) }));
