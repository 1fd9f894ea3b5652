import { listAssets as listContract, uploadAsset } from '@/lib/api/contracts/media';
import { route } from '@/lib/api/route';
import { listAssets, toAssetView } from '@/lib/media/assets';
import { ingestUpload } from '@/lib/media/uploads';

export const dynamic = 'force-dynamic';

// GET /api/media/assets – media assets, newest first
export const GET = route(listContract, async ({ query }) => listAssets(query));

// POST /api/media/assets – upload a file (multipart/form-data, field "file")
export const POST = route(uploadAsset, async ({ request }) => ({ asset: await toAssetView(await ingestUpload(request)) }));
