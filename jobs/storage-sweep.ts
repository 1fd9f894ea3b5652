import { log } from '@/lib/log';
import { storageSweepQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';
import { getStorage } from '@/lib/storage';

export const storageSweep = handleQueue(storageSweepQueue, {
  async handler({ olderThanSeconds }) {
    const storage = getStorage();
    const cutoff = Date.now() - olderThanSeconds * 1000;
    const stale = (await storage.list('tmp/')).filter((o) => o.modifiedAt.getTime() < cutoff);
    for (const object of stale) await storage.delete(object.key);
    if (stale.length > 0) log.info('swept temporary objects', { count: stale.length });
    return { deleted: stale.length };
  },
});
