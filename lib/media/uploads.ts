import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import type { AssetRow } from '@/lib/media/assets';
import { ingestFile } from '@/lib/media/ingest';
import { receiveUpload, unreadableUpload } from '@/lib/media/upload';
import { withWorkDir } from '@/lib/media/workdir';

/** An uploaded file becomes an asset: streamed to disk, sniffed, probed, stored, thumbnail queued. */
export async function ingestUpload(request: Request): Promise<AssetRow> {
  const asset = await withWorkDir(async (dir) => {
    const upload = await receiveUpload(request, dir);
    const title = (upload.fields.title ?? upload.filename.replace(/\.[^.]*$/, '')).slice(0, 200);
    return ingestFile({ file: upload.file, type: upload.type, sourceType: 'uploaded', title }).catch(unreadableUpload);
  });
  await thumbnailJob(asset.id);
  return asset;
}
