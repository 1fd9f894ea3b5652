import { transcriptVtt } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { captionsResponse } from '@/lib/audio/captions';

export const dynamic = 'force-dynamic';

// GET /api/audio/jobs/{id}/transcript.vtt – WebVTT captions
export const GET = route(transcriptVtt, ({ params }) => captionsResponse(params.id, 'vtt'));
