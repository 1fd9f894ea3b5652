import { generateVideo } from '@/lib/api/contracts/video';
import { route } from '@/lib/api/route';
import { createVideoJob } from '@/lib/video/jobs';

export const dynamic = 'force-dynamic';

// POST /api/video/generate – create a video job; the work happens in the worker
export const POST = route(generateVideo, async ({ body }) => ({ job: await createVideoJob(body) }));
