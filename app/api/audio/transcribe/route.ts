import { transcribeAudio } from '@/lib/api/contracts/audio';
import { route } from '@/lib/api/route';
import { transcribeRequest } from '@/lib/audio/transcribe-request';

export const dynamic = 'force-dynamic';

// POST /api/audio/transcribe – multipart "file" or JSON { asset_id }; word and segment timestamps
export const POST = route(transcribeAudio, async ({ request }) => ({ job: await transcribeRequest(request) }));
