import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { randomToken } from '@/lib/auth/crypto';
import { setting } from '@/lib/config';
import { signMediaPath } from '@/lib/auth/signed-url';
import { getDb } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { ingestFile } from '@/lib/media/ingest';
import { sniffFile } from '@/lib/media/sniff';
import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import { withWorkDir } from '@/lib/media/workdir';
import { downloadToFileWithRetry } from '@/lib/net/download-retry';
import { OutboundError } from '@/lib/net/outbound';
import { externalVideoProvider, ProviderError, type ProviderStatus, type VideoProvider } from '@/lib/providers/video';
import { PermanentJobError, type JobContext } from '@/lib/queue/define';
import type { AspectRatio } from '@/lib/strategy';
import type { VideoSubmission } from '@/lib/providers/video';
import { completeVideoJob, failOrFallBack, markCanceledByProvider, recordSubmission, schedulePoll, updateVideoJob } from '@/lib/video/lifecycle';
import { imageFileFor } from '@/lib/video/source-image';
import type { VideoJobRow } from '@/lib/video/views';

const MAX_DOWNLOAD_BYTES = () => setting('MAX_PROVIDER_DOWNLOAD_BYTES');

const fail = (job: VideoJobRow, message: string, code: string) => failOrFallBack(job, { code, message });

/** Seconds to the next poll: the provider's floor at first, slower as the wait grows, with jitter. */
function nextPollSeconds(provider: VideoProvider, job: VideoJobRow): number {
  const floor = setting('VIDEO_POLL_MIN_SECONDS') ?? provider.capabilities().minPollSeconds;
  const waited = job.startedAt ? (Date.now() - job.startedAt.getTime()) / 1000 : 0;
  const base = Math.max(floor, Math.min(30, waited / 10));
  return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
}

/** A signed link the provider can fetch the source image from; only possible with PUBLIC_BASE_URL. */
async function imageUrlFor(job: VideoJobRow): Promise<string | undefined> {
  const publicBase = setting('PUBLIC_BASE_URL');
  if (!job.imageAssetId || !publicBase) return undefined;
  return new URL(await signMediaPath(`/api/media/assets/${job.imageAssetId}/content`), publicBase).toString();
}

/**
 * Providers whose callbacks carry no signature (Luma, Kling) get a per-job secret in the URL;
 * the token is stored before submitting, so an early callback already finds it.
 */
async function callbackUrlFor(job: VideoJobRow, provider: VideoProvider): Promise<string | undefined> {
  const publicBase = setting('PUBLIC_BASE_URL');
  if (!publicBase || !provider.capabilities().webhooks) return undefined;
  const token = job.webhookToken ?? randomToken(24);
  if (!job.webhookToken) await updateVideoJob(job.id, { webhookToken: token });
  const url = new URL(`/api/webhooks/${provider.name}`, publicBase);
  url.searchParams.set('job', job.id);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * One key per try at a provider, saved before the first submit: if that submit's answer is lost
 * and the job retries, providers with client-side ids find the task instead of starting a second.
 * A job-level retry or a fallback clears it, since those are new generations.
 */
async function submissionKeyFor(job: VideoJobRow): Promise<string> {
  if (typeof job.params.submission_key === 'string') return job.params.submission_key;
  const key = `cm-${job.id}-${randomToken(6)}`;
  await updateVideoJob(job.id, { params: sql`${videoJobs.params} || ${JSON.stringify({ submission_key: key })}::jsonb` } as never);
  return key;
}

/** Submits once and saves the provider's id before any waiting, so a restart resumes polling instead of paying twice. */
export async function submitExternal(job: VideoJobRow, ctx: JobContext): Promise<Record<string, unknown>> {
  const provider = externalVideoProvider(job.provider);
  if (!provider) return fail(job, `The ${job.provider} provider is not configured on this server`, 'provider_not_configured');
  let providerJobId = job.providerJobId;
  if (!providerJobId) {
    const callbackUrl = await callbackUrlFor(job, provider);
    const idempotencyKey = await submissionKeyFor(job);
    try {
      ({ providerJobId } = await withWorkDir(async (dir) =>
        provider.submit({
          generationType: job.generationType,
          prompt: job.enrichedPrompt || job.prompt,
          negativePrompt: job.negativePrompt || undefined,
          aspectRatio: job.aspectRatio as AspectRatio,
          durationSeconds: job.durationSeconds,
          cameraMovement: (job.cameraMovement ?? undefined) as VideoSubmission['cameraMovement'],
          lighting: (job.lighting ?? undefined) as VideoSubmission['lighting'],
          model: typeof job.params.model === 'string' ? job.params.model : undefined,
          seed: typeof job.params.seed === 'number' ? job.params.seed : undefined,
          imageUrl: await imageUrlFor(job),
          imagePath: job.imageAssetId ? await imageFileFor(job.imageAssetId, dir) : undefined,
          callbackUrl,
          idempotencyKey,
        }),
      ));
    } catch (err) {
      const refused = (err instanceof ProviderError && err.kind === 'permanent') || err instanceof PermanentJobError;
      if (refused) {
        const hint = job.imageAssetId && !setting('PUBLIC_BASE_URL') ? ' (image-to-video on most providers needs PUBLIC_BASE_URL, so they can fetch the image)' : '';
        return fail(job, `${provider.name} refused the job: ${(err as Error).message}${hint}`, 'provider_rejected');
      }
      if (ctx.isFinalAttempt) {
        return fail(job, `${provider.name} could not be reached to submit the job (attempt ${ctx.retryCount + 1}): ${(err as Error).message}`, 'provider_unreachable');
      }
      throw err;
    }
    await recordSubmission(job.id, providerJobId);
  }
  await schedulePoll(job.id, nextPollSeconds(provider, job));
  return { providerJobId };
}

async function completeFromOutput(job: VideoJobRow, url: string, headers?: Record<string, string>): Promise<string> {
  const asset = await withWorkDir(async (dir) => {
    const file = path.join(dir, 'output');
    // Providers delete outputs (Replicate after an hour): copy at once, through the outbound guard,
    // trying again through a flaky file host while the job's deadline allows.
    await downloadToFileWithRetry(url, file, {
      maxBytes: MAX_DOWNLOAD_BYTES(),
      timeoutMs: 10 * 60_000,
      headers,
      deadline: job.deadlineAt ?? new Date(Date.now() + 10 * 60_000),
      onRetry: (f) => log.warn('output download failed; trying again', { jobId: job.id, ...f }),
    });
    const type = await sniffFile(file);
    if (type?.assetType !== 'video') throw new PermanentJobError('the provider returned something that is not a video');
    return ingestFile({
      file,
      type,
      sourceType: 'generated',
      sourceJobId: job.id,
      universeId: job.universeId,
      title: job.prompt.slice(0, 120),
      metadata: {
        strategy: {
          mood: job.mood, mood_category: job.moodCategory, camera_movement: job.cameraMovement, lighting: job.lighting,
          platform: job.platform, aspect_ratio: job.aspectRatio, duration: job.durationSeconds, enriched_prompt: job.enrichedPrompt, provider: job.provider,
        },
      },
    });
  });
  await thumbnailJob(asset.id);
  return asset.id;
}

/** Keeps what the provider said: its own status word, progress, and any cost or units it reports. */
async function recordLook(job: VideoJobRow, status: ProviderStatus): Promise<void> {
  job.providerStatus = status.rawStatus;
  if (status.cost) job.cost = { ...status.cost, provider: job.provider };
  await updateVideoJob(job.id, {
    providerStatus: status.rawStatus,
    ...(status.progress !== undefined ? { progress: Math.min(99, status.progress) } : {}),
    ...(status.cost ? { cost: job.cost } : {}),
  });
}

/**
 * video.poll: one look at the provider; finishes the job or schedules the next look. A look asked
 * for by a callback (`hint`) never schedules and never fails the job on a fault of its own: the
 * regular chain is still running and decides.
 */
export async function pollExternal(jobId: string, ctx: JobContext, hint = false): Promise<Record<string, unknown>> {
  const [job] = await getDb().select().from(videoJobs).where(eq(videoJobs.id, jobId));
  if (job?.status !== 'processing' || !job.providerJobId) return { skipped: 'job is not waiting on a provider' };
  const provider = externalVideoProvider(job.provider);
  if (!provider) {
    await fail(job, `The ${job.provider} provider is no longer configured on this server`, 'provider_not_configured');
    return { failed: 'provider not configured' };
  }
  if (job.deadlineAt && job.deadlineAt.getTime() < Date.now()) return failPastDeadline(job, provider);
  // A transient fault of this look: the pg-boss retries of this look come first; once they are
  // spent, the chain goes on at the polling pace until the deadline, which alone gives up.
  const transientFault = async (what: string, err: unknown) => {
    if (hint) {
      log.warn('a callback-requested look failed; the regular poll goes on', { jobId, err });
      return { skipped: `${what}: ${(err as Error).message}` };
    }
    if (!ctx.isFinalAttempt) throw err;
    await updateVideoJob(jobId, { errorCode: 'retrying', errorMessage: `${what} (try ${ctx.retryCount + 1}): ${(err as Error).message} — asking again` });
    await schedulePoll(jobId, nextPollSeconds(provider, job));
    return { waiting: 'after a fault', error: (err as Error).message };
  };
  let status: ProviderStatus;
  try {
    status = await provider.status(job.providerJobId);
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'permanent' && !hint) {
      await fail(job, `${provider.name} could not be asked about the job: ${err.message}`, 'provider_unreachable');
      return { failed: 'provider refused the status request' };
    }
    return transientFault(`${provider.name} could not be asked about the job`, err);
  }
  await recordLook(job, status);

  switch (status.state) {
    case 'succeeded': {
      const url = status.outputs?.[0];
      if (!url) {
        await fail(job, `${provider.name} reported success without an output`, 'no_output');
        return { failed: 'no output' };
      }
      let assetId: string;
      try {
        assetId = await completeFromOutput(job, url, status.outputHeaders);
      } catch (err) {
        // A refused, oversized or non-video output will not get better; a host that kept failing
        // (each try is in the message) gets another chance at the next look, until the deadline.
        const final = err instanceof PermanentJobError || (err instanceof OutboundError && !err.retryable);
        if (final && !hint) {
          return fail(job, `${provider.name}'s output could not be copied: ${(err as Error).message}`, 'output_unavailable');
        }
        return transientFault(`${provider.name}'s output could not be copied`, err);
      }
      await completeVideoJob(job.id, assetId);
      return { assetId };
    }
    case 'failed':
      return fail(job, `${provider.name}: ${status.error?.message ?? 'the generation failed'}`, status.error?.code ?? 'provider_failed');
    case 'canceled':
      await markCanceledByProvider(job.id);
      return { canceled: true };
    default:
      // pending, running, or a status nobody documented: never success, just look again later.
      if (status.state === 'unknown') log.warn('unknown provider status; polling again', { jobId, provider: provider.name, status: status.rawStatus });
      if (!hint) await schedulePoll(jobId, nextPollSeconds(provider, job));
      return { waiting: status.rawStatus };
  }
}

/** Past VIDEO_JOB_DEADLINE_SECONDS: stop the provider spending, then fail or fall back. Also used by the sweeper. */
export async function failPastDeadline(job: VideoJobRow, provider = externalVideoProvider(job.provider)): Promise<Record<string, unknown>> {
  if (provider && job.providerJobId) await provider.cancel(job.providerJobId).catch((err) => log.warn('provider cancel failed', { jobId: job.id, err }));
  const name = provider?.name ?? job.provider;
  return fail(job, `${name} did not finish within the deadline (VIDEO_JOB_DEADLINE_SECONDS)`, 'deadline_exceeded');
}
