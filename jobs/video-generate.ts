import { z } from 'zod';
import { defineJob } from '@/lib/queue/define';
import { runVideoJob } from '@/lib/video/pipeline';

/** Renders (local provider) or submits (external providers) one video job. */
export const videoGenerate = defineJob({
  name: 'video.generate',
  schema: z.object({ jobId: z.uuid() }),
  queue: {
    retryLimit: 2,
    retryDelay: 5,
    retryBackoff: true,
    // A worker that dies mid-render stops its heartbeat; the job is then retried within ~30 s
    // instead of waiting out the 15-minute expiry.
    heartbeatSeconds: 15,
    expireInSeconds: 1800,
  },
  // Renders are CPU-bound: by default one per core.
  work: { localConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 2) },
  handler: ({ jobId }, ctx) => runVideoJob(jobId, ctx),
});
