import { setting } from '@/lib/config';
import { videoGenerateQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';
import { runVideoJob } from '@/lib/video/pipeline';

export const videoGenerate = handleQueue(videoGenerateQueue, {
  // Renders are CPU-bound: WORKER_CONCURRENCY (default 2, one per core of a small machine).
  work: { localConcurrency: setting('WORKER_CONCURRENCY') },
  handler: ({ jobId }, ctx) => runVideoJob(jobId, ctx),
});
