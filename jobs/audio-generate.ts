import { runAudioJob } from '@/lib/audio/pipeline';
import { config } from '@/lib/config';
import { audioGenerateQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const audioGenerate = handleQueue(audioGenerateQueue, {
  work: { localConcurrency: config().WORKER_CONCURRENCY },
  handler: ({ jobId }, ctx) => runAudioJob(jobId, ctx),
});
