import { UploadFieldsSchema } from '@/lib/api/contracts/media';
import { validate } from '@/lib/api/route';
import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import type { AssetRow } from '@/lib/media/assets';
import { ingestFile } from '@/lib/media/ingest';
import { receiveUpload, unreadableUpload } from '@/lib/media/upload';
import { withWorkDir } from '@/lib/media/workdir';

/** The title an upload gets when its form names none: the file name without its extension. */
export const titleFromFilename = (filename: string) => filename.replace(/\.[^.]*$/, '').slice(0, 200);

/**
 * An uploaded file becomes an asset: streamed to disk, sniffed, its fields (title, tags) validated
 * like any request, probed, stored, thumbnail queued. A refusal leaves nothing behind.
 */
export async function ingestUpload(request: Request): Promise<AssetRow> {
  const asset = await withWorkDir(async (dir) => {
    const upload = await receiveUpload(request, dir);
    const fields = validate(UploadFieldsSchema, upload.fields, 'form fields');
    const title = fields.title ?? titleFromFilename(upload.filename);
    return ingestFile({ file: upload.file, type: upload.type, sourceType: 'uploaded', title, tags: fields.tags }).catch(unreadableUpload);
  });
  await thumbnailJob(asset.id);
  return asset;
}
