import { generateAudio } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { createAudioJob } from '@/lib/audio/jobs';

export const dynamic = 'force-dynamic';

// POST /api/audio/generate – text-to-speech, text-to-music or stem separation
export const POST = route(generateAudio, async ({ body }) => ({ job: await createAudioJob(body) }));
