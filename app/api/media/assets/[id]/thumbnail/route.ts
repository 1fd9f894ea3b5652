import { assetThumbnail } from '@/lib/api/contracts/media';
import { route } from '@/lib/api/route';
import { serveDerivedFile } from '@/lib/media/derived-files';

export const dynamic = 'force-dynamic';

// GET /api/media/assets/{id}/thumbnail – the poster image (or waveform for audio)
export const GET = route(assetThumbnail, async ({ request, params }) => serveDerivedFile(request, params.id, 'thumbnail'));
