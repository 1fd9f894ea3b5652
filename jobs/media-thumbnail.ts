import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { deriveAssetFiles } from '@/lib/media/derive';
import { withWorkDir } from '@/lib/media/workdir';
import { defineJob } from '@/lib/queue/define';

/** Poster frame (not black), hover-scrub sprite, image thumbnail or audio waveform for one asset. */
export const mediaThumbnail = defineJob({
  name: 'media.thumbnail',
  schema: z.object({ assetId: z.uuid() }),
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  work: { localConcurrency: 1 },
  async handler({ assetId }) {
    const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, assetId));
    if (!asset || asset.deletedAt) return { skipped: 'asset is gone or in the trash' };
    await withWorkDir((dir) => deriveAssetFiles(asset, dir));
    return { assetId };
  },
});
