import { isNull, sql } from 'drizzle-orm';
import { setting } from '@/lib/config';
import { videoJobs } from '@/lib/db/schema';
import { requestTransition, transition, type JobFieldsOf } from '@/lib/lifecycle/transitions';
import { log } from '@/lib/log';
import { externalVideoProvider, videoProvider } from '@/lib/providers/video';
import { videoGenerateQueue, videoPollQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';
import type { VideoJobRow } from '@/lib/video/views';

/**
 * Every change of a video job's row, in one place: claim, progress, what the provider said,
 * complete, fail or fall back, retry, cancel. Each is a guarded transition (lib/lifecycle), so a
 * late worker, callback or sweep cannot move a settled job.
 */

export const jobDeadline = () => new Date(Date.now() + setting('VIDEO_JOB_DEADLINE_SECONDS') * 1000);

export interface JobFailure {
  code: string;
  message: string;
}

/**
 * Puts the job on video.generate. A failed send leaves the row pending; the sweeper
 * (lib/lifecycle/sweeper.ts) finds pending rows without a queue job and sends them again.
 */
export async function queueGeneration(jobId: string, key: string): Promise<void> {
  try {
    await sendJob(videoGenerateQueue, { jobId }, { singletonKey: `${jobId}:${key}` });
  } catch (err) {
    log.error('could not queue a video job; the sweeper will queue it', { jobId, err });
  }
}

export async function schedulePoll(jobId: string, afterSeconds: number): Promise<void> {
  await sendJob(videoPollQueue, { jobId }, { startAfter: afterSeconds });
}

export const claimVideoJob = (jobId: string) => transition('video', jobId, 'claim');

/** Fields of a job that is processing: progress, provider status and cost, tokens, notes. False when it no longer is. */
export async function updateVideoJob(jobId: string, fields: JobFieldsOf<'video'>): Promise<boolean> {
  return (await transition('video', jobId, 'update', fields)) !== null;
}

/** The provider's id, saved once before any waiting, so a restart resumes polling instead of paying twice. */
export async function recordSubmission(jobId: string, providerJobId: string): Promise<void> {
  await transition('video', jobId, 'update', { providerJobId, providerStatus: 'submitted' }, isNull(videoJobs.providerJobId));
}

export async function completeVideoJob(jobId: string, assetId: string): Promise<boolean> {
  return (await transition('video', jobId, 'complete', { assetId, etaSeconds: null })) !== null;
}

/** The provider itself reported the generation canceled. */
export async function markCanceledByProvider(jobId: string): Promise<void> {
  await transition('video', jobId, 'cancel', { etaSeconds: null });
}

/**
 * A provider failed the job for good. With a `fallback` list the job moves to the next provider
 * that is configured (fresh deadline, no provider id, the try recorded in `provider_history`);
 * otherwise it fails with the reason. Only a job still `processing` moves, so a late duplicate
 * failure cannot act twice.
 */
export async function failOrFallBack(job: VideoJobRow, failure: JobFailure): Promise<{ failed: string } | { fellBackTo: string }> {
  const tried = {
    provider: job.provider,
    provider_job_id: job.providerJobId,
    provider_status: job.providerStatus,
    error_code: failure.code,
    error_message: failure.message,
    cost: job.cost,
    at: new Date().toISOString(),
  };
  const remaining = [...job.fallbackProviders];
  let next = remaining.shift();
  while (next && !videoProvider(next)) {
    log.warn('skipping a fallback provider that is not configured', { jobId: job.id, provider: next });
    next = remaining.shift();
  }
  const providerHistory = sql`${videoJobs.providerHistory} || ${JSON.stringify([tried])}::jsonb`;
  if (!next) {
    await transition('video', job.id, 'fail', { errorCode: failure.code, errorMessage: failure.message, providerHistory, etaSeconds: null } as never);
    return { failed: failure.message };
  }
  const moved = await transition('video', job.id, 'requeue', {
    provider: next,
    fallbackProviders: remaining,
    ...freshGeneration(),
    errorCode: 'fell_back',
    errorMessage: `${job.provider} failed (${failure.message}); trying ${next}`,
    providerHistory,
  } as never);
  if (moved) {
    log.info('video job falls back to the next provider', { jobId: job.id, from: job.provider, to: next, reason: failure.code });
    await queueGeneration(job.id, `fallback-${moved.providerHistory.length}`);
  }
  return { fellBackTo: next };
}

/** What a new generation starts without: the last try's provider id, status, token, cost and submission key. */
function freshGeneration() {
  return {
    providerJobId: null,
    providerStatus: null,
    webhookToken: null,
    cost: null,
    etaSeconds: null,
    params: sql`${videoJobs.params} - 'submission_key'`,
    deadlineAt: jobDeadline(),
  };
}

/** The creator asks again: from the provider and fallbacks they chose, not the last one tried. */
export async function retryVideoJob(id: string): Promise<VideoJobRow> {
  const row = await requestTransition('video', id, 'retry', {
    ...freshGeneration(),
    provider: sql`coalesce(${videoJobs.requestedProvider}, ${videoJobs.provider})`,
    fallbackProviders: sql`coalesce(${videoJobs.requestedFallback}, ${videoJobs.fallbackProviders})`,
  } as never);
  await queueGeneration(row.id, `retry-${Date.now()}`);
  return row;
}

/** Stops a job; a render in progress notices at its next progress report and is killed. */
export async function cancelVideoJob(id: string): Promise<VideoJobRow> {
  const row = await requestTransition('video', id, 'cancel', { etaSeconds: null });
  if (row.providerJobId) {
    // Stop the provider spending on it too; the job is canceled here whatever the provider says.
    await externalVideoProvider(row.provider)?.cancel(row.providerJobId).catch((err) => log.warn('provider cancel failed', { jobId: id, err }));
  }
  return row;
}
