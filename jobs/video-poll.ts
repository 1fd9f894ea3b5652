import { z } from 'zod';
import { defineJob } from '@/lib/queue/define';
import { pollExternal } from '@/lib/video/external';

/** One status check of an external provider's job; each check schedules the next until the job settles. */
export const videoPoll = defineJob({
  name: 'video.poll',
  // `hint`: a provider callback asked for this look; it never schedules the next one, the regular chain does.
  schema: z.object({ jobId: z.uuid(), hint: z.boolean().default(false) }),
  // Retries cover transient errors of one check (the seed's max_retries=5), not the whole wait.
  queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 900 },
  work: { localConcurrency: 2 },
  handler: ({ jobId, hint }, ctx) => pollExternal(jobId, ctx, hint),
});
