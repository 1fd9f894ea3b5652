import { webhookPruneQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';
import { pruneWebhookDeliveries } from '@/lib/video/callbacks';

export const webhookPrune = handleQueue(webhookPruneQueue, {
  handler: async ({ olderThanDays }) => ({ deleted: await pruneWebhookDeliveries(olderThanDays) }),
});
