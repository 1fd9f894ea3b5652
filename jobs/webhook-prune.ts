import { z } from 'zod';
import { defineJob } from '@/lib/queue/define';
import { pruneWebhookDeliveries } from '@/lib/video/callbacks';

/** Daily: forgets provider delivery ids older than a week (kept only to drop redeliveries). */
export const webhookPrune = defineJob({
  name: 'webhook.prune',
  schema: z.object({ olderThanDays: z.number().int().min(1).default(7) }),
  queue: { retryLimit: 2, retryDelay: 300, expireInSeconds: 600 },
  schedule: { cron: '45 3 * * *', data: { olderThanDays: 7 } },
  handler: async ({ olderThanDays }) => ({ deleted: await pruneWebhookDeliveries(olderThanDays) }),
});
