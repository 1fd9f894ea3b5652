import { webhookDeliverQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';
import { deliverMessage } from '@/lib/webhooks/deliver';

export const webhookDeliver = handleQueue(webhookDeliverQueue, {
  // Deliveries wait on other people's servers, not on this machine's CPU: several at once.
  work: { localConcurrency: 4 },
  handler: ({ messageId }) => deliverMessage(messageId),
});
