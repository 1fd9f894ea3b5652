import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { MediaError } from '@/lib/media/ffmpeg';
import { storageFor } from '@/lib/storage';
import { localFileFor } from '@/lib/storage/materialize';

/** The image-to-video source as a local file inside `dir` (copied out of S3-style storage when needed). */
export async function imageFileFor(assetId: string, dir: string): Promise<string> {
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, assetId));
  if (!asset) throw new MediaError('the source image no longer exists');
  return localFileFor(storageFor(asset.storageBackend), asset.storageKey, dir);
}
