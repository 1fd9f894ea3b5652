import { z } from 'zod';
import { log } from '@/lib/log';
import { defineJob } from '@/lib/queue/define';
import { getStorage } from '@/lib/storage';

/** Removes abandoned temporary objects (interrupted uploads and renders) from the `tmp/` area. */
export const storageSweep = defineJob({
  name: 'storage.sweep',
  schema: z.object({ olderThanSeconds: z.number().int().min(60).default(3600) }),
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 },
  schedule: { cron: '17 * * * *', data: { olderThanSeconds: 3600 } },
  async handler({ olderThanSeconds }) {
    const storage = getStorage();
    const cutoff = Date.now() - olderThanSeconds * 1000;
    const stale = (await storage.list('tmp/')).filter((o) => o.modifiedAt.getTime() < cutoff);
    for (const object of stale) await storage.delete(object.key);
    if (stale.length > 0) log.info('swept temporary objects', { count: stale.length });
    return { deleted: stale.length };
  },
});
