import { eq } from 'drizzle-orm';
import { videoPoll } from '@/jobs/video-poll';
import { AppError } from '@/lib/api/errors';
import { safeEqual } from '@/lib/auth/crypto';
import { getDb } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';
import { sendJob } from '@/lib/queue/send';

/**
 * A provider callback for a job. The body is never trusted: a valid per-job token only makes the
 * worker look at the provider now, through the same path as polling. Repeated deliveries within a
 * few seconds collapse into one look; late ones find the job settled and change nothing.
 */
export async function acceptProviderCallback(provider: string, jobId: string | undefined, token: string | undefined): Promise<void> {
  const refused = new AppError('unauthorized', 'Unknown job or wrong callback token');
  if (!jobId || !token || !/^[0-9a-f-]{36}$/.test(jobId)) throw refused;
  const [job] = await getDb().select({ provider: videoJobs.provider, token: videoJobs.webhookToken }).from(videoJobs).where(eq(videoJobs.id, jobId));
  if (!job?.token || job.provider !== provider || !safeEqual(token, job.token)) throw refused;
  await sendJob(videoPoll, { jobId, hint: true }, { singletonKey: `callback:${jobId}`, singletonSeconds: 5 });
}
