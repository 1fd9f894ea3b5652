import { and, eq, sql } from 'drizzle-orm';
import { mediaSigner } from '@/lib/auth/signed-url';
import { baseUrl, setting } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { events, webhookEndpoints, webhookMessages, webhookSubscriptions } from '@/lib/db/schema';
import { envelopeOf } from '@/lib/events/frames';
import { log } from '@/lib/log';
import { OutboundError, postOutbound } from '@/lib/net/outbound';
import { webhookDeliverQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';
import { appWebhookSecret, liveSecrets } from './app-secret';
import { type AttemptOutcome, decide } from './schedule';
import { signatureHeader, webhookIdOf } from './signature';

export type DeliveryResult =
  | { skipped: 'gone' | 'not pending' | 'not due' }
  | { status: 'succeeded' | 'failed' | 'retry'; attempts: number; responseStatus: number | null };

// While an attempt runs its message is leased (next_attempt_at pushed past the attempt's
// timeout), so a second run of the same queue job — pg-boss retrying a worker that stalled, or a
// sweeper re-send — finds it not due and does nothing instead of sending twice in parallel.
const LEASE_MARGIN_SECONDS = 60;
// pg-boss and the row both schedule from the database clock; this only absorbs rounding.
const DUE_SLACK_SECONDS = 2;

/** Media URLs in a body are absolute when PUBLIC_BASE_URL is known: the receiver is elsewhere. */
async function bodySigner(): Promise<(path: string) => string> {
  const sign = await mediaSigner();
  const origin = setting('PUBLIC_BASE_URL') ? baseUrl('PUBLIC_BASE_URL') : '';
  return (path) => origin + sign(path);
}

function outcomeOf(err: unknown): AttemptOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof OutboundError && err.code === 'timeout') return { kind: 'timeout', message: `timed out: ${message}` };
  if (err instanceof OutboundError && (err.code === 'blocked_address' || err.code === 'bad_url')) return { kind: 'refused', message: `refused: ${message}` };
  return { kind: 'network', message: `network error: ${message}` };
}

/**
 * One attempt of one message (the webhook.deliver queue). The outcome is written only if this run
 * still owns the attempt it claimed (same attempt count, still pending), so an overlapping run or
 * a resend never has its result overwritten by a stale one.
 */
export async function deliverMessage(messageId: string): Promise<DeliveryResult> {
  const db = getDb();
  const [found] = await db
    .select({ message: webhookMessages, endpoint: webhookEndpoints, subscription: webhookSubscriptions })
    .from(webhookMessages)
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookMessages.subscriptionId))
    .where(eq(webhookMessages.id, messageId));
  if (!found) return { skipped: 'gone' };
  const { message, endpoint, subscription } = found;
  if (message.status !== 'pending') return { skipped: 'not pending' };

  const pending = and(eq(webhookMessages.id, messageId), eq(webhookMessages.status, 'pending'));
  if (endpoint && !endpoint.enabled) {
    await db.update(webhookMessages).set({ status: 'failed', lastError: 'endpoint disabled', nextAttemptAt: null, updatedAt: new Date() }).where(pending);
    return { status: 'failed', attempts: message.attempts, responseStatus: null };
  }
  const url = endpoint?.url ?? subscription?.url ?? message.url;

  const timeoutSeconds = setting('WEBHOOK_TIMEOUT_SECONDS');
  const [claimed] = await db
    .update(webhookMessages)
    .set({ attempts: sql`${webhookMessages.attempts} + 1`, nextAttemptAt: sql`now() + make_interval(secs => ${timeoutSeconds + LEASE_MARGIN_SECONDS})`, url, updatedAt: new Date() })
    .where(and(pending, sql`(${webhookMessages.nextAttemptAt} is null or ${webhookMessages.nextAttemptAt} <= now() + make_interval(secs => ${DUE_SLACK_SECONDS}))`))
    .returning({ attempts: webhookMessages.attempts });
  if (!claimed) return { skipped: 'not due' };
  const attempts = claimed.attempts;

  const [event] = await db.select().from(events).where(eq(events.id, message.eventId));
  if (!event) return { skipped: 'gone' };
  const body = JSON.stringify(envelopeOf(event, await bodySigner()));
  const secrets = endpoint
    ? liveSecrets({ secret: endpoint.secret, previous: endpoint.previousSecret && endpoint.previousSecretUntil ? { secret: endpoint.previousSecret, until: endpoint.previousSecretUntil } : null })
    : liveSecrets(await appWebhookSecret());
  const webhookId = webhookIdOf(message.id);
  const timestamp = Math.floor(Date.now() / 1000);

  let outcome: AttemptOutcome;
  let latencyMs: number | null = null;
  const attemptedAt = new Date();
  const started = performance.now();
  try {
    const res = await postOutbound(url, body, {
      timeoutMs: timeoutSeconds * 1000,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Cinemood-Webhooks/1',
        'webhook-id': webhookId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, webhookId, timestamp, body),
      },
    });
    latencyMs = res.latencyMs;
    outcome = { kind: 'answered', status: res.status, retryAfterMs: res.retryAfterMs, location: res.location };
  } catch (err) {
    if (!(err instanceof OutboundError && err.code === 'blocked_address')) latencyMs = Math.round(performance.now() - started);
    outcome = outcomeOf(err);
  }

  const decision = decide(outcome, attempts, setting('WEBHOOK_RETRY_SCHEDULE_SECONDS'));
  const responseStatus = outcome.kind === 'answered' ? outcome.status : null;
  const [written] = await db
    .update(webhookMessages)
    .set({
      status: decision.kind === 'retry' ? 'pending' : decision.kind,
      nextAttemptAt: decision.kind === 'retry' ? sql`now() + make_interval(secs => ${decision.delaySeconds})` : null,
      lastAttemptAt: attemptedAt,
      responseStatus,
      latencyMs,
      lastError: decision.kind === 'succeeded' ? null : decision.reason.slice(0, 1000),
      updatedAt: new Date(),
    })
    .where(and(pending, eq(webhookMessages.attempts, attempts)))
    .returning({ id: webhookMessages.id });

  if (decision.kind === 'failed' && decision.disable && endpoint) {
    await db
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: `the endpoint answered 410 Gone at ${new Date().toISOString()}`, updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)));
  }
  if (decision.kind === 'failed' && decision.disable && subscription) {
    // A per-request webhook has no switch to turn off: the receiver said the URL is gone, so the
    // subscription ends (its messages go with it) and the resource's later events make none.
    await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscription.id));
  }
  if (written && decision.kind === 'retry') {
    try {
      await sendJob(webhookDeliverQueue, { messageId }, { startAfter: decision.delaySeconds });
    } catch (err) {
      // The row says when the next attempt is due; the jobs sweeper sends it when overdue.
      log.warn('webhook retry not queued', { messageId, err });
    }
  }
  log.info('webhook attempt', { messageId, eventType: message.eventType, attempts, outcome: decision.kind, responseStatus, latencyMs });
  return { status: decision.kind, attempts, responseStatus };
}
