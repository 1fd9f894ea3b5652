import { z } from 'zod';
import { cleanUpMedia } from '@/lib/media/cleanup';
import { defineJob } from '@/lib/queue/define';

/** Daily: old unpinned generated media to the trash (CLEANUP_DAYS), trash past TRASH_DAYS purged. */
export const mediaCleanup = defineJob({
  name: 'media.cleanup',
  schema: z.object({}).default({}),
  queue: { retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 },
  schedule: { cron: '30 3 * * *', data: {} },
  handler: () => cleanUpMedia(),
});
