import { listAudioJobs as listContract } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { listAudioJobs } from '@/lib/audio/jobs';

export const dynamic = 'force-dynamic';

// GET /api/audio/jobs – audio jobs, newest first
export const GET = route(listContract, async ({ query }) => listAudioJobs(query));
