import { assetContent } from '@/lib/api/contracts/media';
import { route } from '@/lib/api/route';
import { findAsset } from '@/lib/media/assets';
import { storageFor } from '@/lib/storage';
import { serveStoredObject } from '@/lib/storage/serve';

export const dynamic = 'force-dynamic';

// GET /api/media/assets/{id}/content – the media bytes, range-served
export const GET = route(assetContent, async ({ request, params }) => {
  const asset = await findAsset(params.id);
  return serveStoredObject(request, { storage: storageFor(asset.storageBackend), key: asset.storageKey, contentType: asset.mimeType });
});
export const HEAD = GET;
