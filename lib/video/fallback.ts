import { and, eq, sql } from 'drizzle-orm';
import { videoGenerate } from '@/jobs/video-generate';
import { getDb } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { videoProvider } from '@/lib/providers/video';
import { sendJob } from '@/lib/queue/send';
import type { VideoJobRow } from '@/lib/video/views';

export const jobDeadline = () => new Date(Date.now() + Number(process.env.VIDEO_JOB_DEADLINE_SECONDS ?? 1800) * 1000);

export interface JobFailure {
  code: string;
  message: string;
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
  let next: string | undefined;
  while ((next = remaining.shift()) && !videoProvider(next)) {
    log.warn('skipping a fallback provider that is not configured', { jobId: job.id, provider: next });
  }
  const history = sql`${videoJobs.providerHistory} || ${JSON.stringify([tried])}::jsonb`;
  const stillProcessing = and(eq(videoJobs.id, job.id), eq(videoJobs.status, 'processing'));
  if (!next) {
    await getDb()
      .update(videoJobs)
      .set({ status: 'failed', errorCode: failure.code, errorMessage: failure.message, providerHistory: history, completedAt: new Date(), etaSeconds: null, updatedAt: new Date() })
      .where(stillProcessing);
    return { failed: failure.message };
  }
  const moved = await getDb()
    .update(videoJobs)
    .set({
      status: 'pending',
      provider: next,
      fallbackProviders: remaining,
      providerJobId: null,
      providerStatus: null,
      webhookToken: null,
      cost: null,
      params: sql`${videoJobs.params} - 'submission_key'`,
      progress: 0,
      errorCode: 'fell_back',
      errorMessage: `${job.provider} failed (${failure.message}); trying ${next}`,
      providerHistory: history,
      deadlineAt: jobDeadline(),
      updatedAt: new Date(),
    })
    .where(stillProcessing)
    .returning({ history: videoJobs.providerHistory });
  if (moved.length > 0) {
    log.info('video job falls back to the next provider', { jobId: job.id, from: job.provider, to: next, reason: failure.code });
    await sendJob(videoGenerate, { jobId: job.id }, { singletonKey: `${job.id}:${moved[0].history.length}` });
  }
  return { fellBackTo: next };
}
