import { downloadVideoJob } from '@/lib/api/contracts/video';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/api/route';
import { findAsset } from '@/lib/media/assets';
import { extensionForMime } from '@/lib/media/sniff';
import { storageFor } from '@/lib/storage';
import { serveStoredObject } from '@/lib/storage/serve';
import { findVideoJob } from '@/lib/video/jobs';

export const dynamic = 'force-dynamic';

const safeName = (prompt: string) => prompt.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'cinemood';

/** The extension of what is really stored (providers deliver MP4, WebM or MOV), never a fixed ".mp4". */
const extensionOf = (asset: { mimeType: string; storageKey: string }) => extensionForMime(asset.mimeType) ?? /\.([a-z0-9]{2,5})$/i.exec(asset.storageKey)?.[1] ?? 'bin';

// GET /api/video/jobs/{id}/download – the finished video as a download
export const GET = route(downloadVideoJob, async ({ request, params }) => {
  const job = await findVideoJob(params.id);
  if (job.status !== 'completed' || !job.assetId) throw new AppError('conflict', `The video is not ready; the job is ${job.status}`);
  const asset = await findAsset(job.assetId);
  return serveStoredObject(request, {
    storage: storageFor(asset.storageBackend),
    key: asset.storageKey,
    contentType: asset.mimeType,
    downloadName: `${safeName(job.prompt)}.${extensionOf(asset)}`,
  });
});
export const HEAD = GET;
