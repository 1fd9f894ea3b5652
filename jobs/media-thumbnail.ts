import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { deriveAssetFiles } from '@/lib/media/derive';
import { withWorkDir } from '@/lib/media/workdir';
import { mediaThumbnailQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const mediaThumbnail = handleQueue(mediaThumbnailQueue, {
  // ffmpeg seeks and scales: cheap, but it should not crowd out a render.
  work: { localConcurrency: 1 },
  async handler({ assetId }) {
    const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, assetId));
    if (!asset || asset.deletedAt) return { skipped: 'asset is gone or in the trash' };
    await withWorkDir((dir) => deriveAssetFiles(asset, dir));
    return { assetId };
  },
});
