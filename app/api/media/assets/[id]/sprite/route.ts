import { assetSprite } from '@/lib/api/contracts/media';
import { route } from '@/lib/api/route';
import { serveDerivedFile } from '@/lib/media/derived-files';

export const dynamic = 'force-dynamic';

// GET /api/media/assets/{id}/sprite – the hover-scrub strip
export const GET = route(assetSprite, async ({ request, params }) => serveDerivedFile(request, params.id, 'sprite'));
