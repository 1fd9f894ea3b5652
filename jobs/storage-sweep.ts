import { setting } from '@/lib/config';
import { log } from '@/lib/log';
import { storageSweepQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';
import { storageFor } from '@/lib/storage';

export const storageSweep = handleQueue(storageSweepQueue, {
  async handler({ olderThanSeconds }) {
    // Local disk always (it held everything before S3 was configured), and the bucket when new media goes there.
    const backends = [...new Set(['local', setting('STORAGE_BACKEND')])];
    const cutoff = Date.now() - olderThanSeconds * 1000;
    let deleted = 0;
    for (const backend of backends) {
      const storage = storageFor(backend);
      const stale = (await storage.list('tmp/')).filter((o) => o.modifiedAt.getTime() < cutoff);
      for (const object of stale) await storage.delete(object.key);
      if (stale.length > 0) log.info('swept temporary objects', { backend, count: stale.length });
      deleted += stale.length;
    }
    return { deleted };
  },
});
