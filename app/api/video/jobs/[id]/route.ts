import { getVideoJob } from '@/lib/api/contracts/video';
import { route } from '@/lib/api/route';
import { findVideoJobView } from '@/lib/video/jobs';

export const dynamic = 'force-dynamic';

// GET /api/video/jobs/{id} – one job with progress, ETA and media URLs
export const GET = route(getVideoJob, async ({ params }) => ({ job: await findVideoJobView(params.id) }));
