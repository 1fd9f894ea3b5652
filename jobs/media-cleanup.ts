import { cleanUpMedia } from '@/lib/media/cleanup';
import { mediaCleanupQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const mediaCleanup = handleQueue(mediaCleanupQueue, {
  handler: () => cleanUpMedia(),
});
