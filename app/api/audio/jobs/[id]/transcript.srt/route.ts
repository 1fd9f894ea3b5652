import { transcriptSrt } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { captionsResponse } from '@/lib/audio/captions';

export const dynamic = 'force-dynamic';

// GET /api/audio/jobs/{id}/transcript.srt – SubRip captions
export const GET = route(transcriptSrt, ({ params }) => captionsResponse(params.id, 'srt'));
