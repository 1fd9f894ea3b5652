import { videoPollQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';
import { pollExternal } from '@/lib/video/external';

export const videoPoll = handleQueue(videoPollQueue, {
  // A look is one HTTP request and mostly waiting: two at once keep a worker responsive.
  work: { localConcurrency: 2 },
  handler: ({ jobId, hint }, ctx) => pollExternal(jobId, ctx, hint),
});
