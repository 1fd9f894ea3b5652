import type { Transaction } from '@/lib/db/client';
import { webhookSubscriptions } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import type { WebhookRequest } from './schemas';
import { checkWebhookUrl } from './url';

export interface Subscription {
  url: string;
  events: string[];
}

/**
 * A creation request's webhook_url, checked (its host resolved) before the creating transaction
 * starts, so a refused URL leaves nothing behind; null when none was given.
 */
export async function requestedSubscription(input: WebhookRequest): Promise<Subscription | null> {
  if (!input.webhook_url) {
    if (input.webhook_events?.length) throw new AppError('unprocessable_entity', 'webhook_events needs a webhook_url', [{ path: 'webhook_events', message: 'no webhook_url' }]);
    return null;
  }
  return { url: await checkWebhookUrl(input.webhook_url, 'webhook_url'), events: input.webhook_events ?? [] };
}

/**
 * Inserted in the creating transaction before its first event is emitted: the event append then
 * finds the subscription and writes its message, so even `job.created` is delivered.
 */
export async function subscribe(tx: Transaction, subjectId: string, subscription: Subscription | null): Promise<void> {
  if (!subscription) return;
  await tx.insert(webhookSubscriptions).values({ subjectId, url: subscription.url, events: subscription.events });
}

/** The request without its webhook fields: what a production keeps as its brief. */
export function withoutWebhookFields<T extends WebhookRequest>(input: T): Omit<T, 'webhook_url' | 'webhook_events'> {
  const { webhook_url: _url, webhook_events: _events, ...rest } = input;
  return rest;
}
