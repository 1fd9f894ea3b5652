import { eq, lt } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/api/uuid';
import { createHash } from 'node:crypto';
import { safeEqual } from '@/lib/auth/crypto';
import { setting } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { videoJobs, webhookDeliveries } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { externalVideoProvider, WebhookVerificationError } from '@/lib/providers/video';
import { videoPollQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';

const MAX_CALLBACK_BYTES = 1024 * 1024;

async function readCapped(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_CALLBACK_BYTES) throw new AppError('payload_too_large', `Callbacks are limited to ${MAX_CALLBACK_BYTES} bytes`);
  const body = Buffer.from(await request.arrayBuffer());
  if (body.length > MAX_CALLBACK_BYTES) throw new AppError('payload_too_large', `Callbacks are limited to ${MAX_CALLBACK_BYTES} bytes`);
  return body;
}

/** The webhook names the job by its provider id; fal and Kling ids carry the model route in front. */
const sameProviderJob = (stored: string | null, delivered: string) => stored === null || stored === delivered || stored.endsWith(`/${delivered}`);

export interface CallbackQuery {
  job?: string;
  token?: string;
}

/**
 * A provider callback for a job. Every callback URL carries the job id and a per-job secret; signed
 * providers (Replicate: Standard Webhooks, fal: ED25519) must also carry a valid, fresh signature.
 * The body is never trusted: an accepted callback only makes the worker look at the provider now,
 * through the same path as polling. A redelivery (same delivery id, or for unsigned providers the
 * same body) is acknowledged and changes nothing; late ones find the job settled.
 */
export async function acceptProviderCallback(providerName: string, query: CallbackQuery, request: Request): Promise<{ received: true; duplicate: boolean }> {
  const refused = (message = 'Unknown job or wrong callback token') => new AppError('unauthorized', message);
  const { job: jobId, token } = query;
  // Checked as a UUID before it reaches the uuid column: a malformed id is refused like an unknown one.
  if (!token || !isUuid(jobId)) throw refused();
  const [job] = await getDb()
    .select({ provider: videoJobs.provider, token: videoJobs.webhookToken, providerJobId: videoJobs.providerJobId })
    .from(videoJobs)
    .where(eq(videoJobs.id, jobId));
  if (!job?.token || job.provider !== providerName || !safeEqual(token, job.token)) throw refused();
  const provider = externalVideoProvider(providerName);
  if (!provider) throw refused(`The ${providerName} provider is not configured on this server`);

  const rawBody = await readCapped(request);
  let deliveryId: string;
  if (provider.parseWebhook) {
    try {
      const delivery = await provider.parseWebhook({ rawBody, headers: request.headers });
      if (!sameProviderJob(job.providerJobId, delivery.providerJobId)) throw new WebhookVerificationError('the delivery is about another provider job');
      deliveryId = delivery.deliveryId;
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      log.warn('provider callback refused', { provider: providerName, jobId, reason: err.message });
      throw refused(`Callback signature refused: ${err.message}`);
    }
  } else {
    deliveryId = `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
  }

  const fresh = await getDb()
    .insert(webhookDeliveries)
    .values({ provider: providerName, deliveryId, jobId })
    .onConflictDoNothing()
    .returning({ deliveryId: webhookDeliveries.deliveryId });
  if (fresh.length === 0) return { received: true, duplicate: true };
  // Bursts of callbacks (Kling posts on every status change) collapse into one look per window.
  const window = setting('VIDEO_CALLBACK_COALESCE_SECONDS');
  await sendJob(videoPollQueue, { jobId, hint: true }, window > 0 ? { singletonKey: `callback:${jobId}`, singletonSeconds: window } : {});
  return { received: true, duplicate: false };
}

/** Providers stop redelivering within hours (fal: ~2 h; Standard Webhooks: days); a week of ids is plenty. */
export async function pruneWebhookDeliveries(olderThanDays = 7): Promise<number> {
  const rows = await getDb()
    .delete(webhookDeliveries)
    .where(lt(webhookDeliveries.receivedAt, new Date(Date.now() - olderThanDays * 86_400_000)))
    .returning({ id: webhookDeliveries.deliveryId });
  return rows.length;
}
