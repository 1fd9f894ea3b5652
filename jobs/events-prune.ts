import { pruneEvents } from '@/lib/events/prune';
import { eventsPruneQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const eventsPrune = handleQueue(eventsPruneQueue, {
  handler: async () => ({ deleted: await pruneEvents() }),
});
