import { runAudioJob } from '@/lib/audio/pipeline';
import { setting } from '@/lib/config';
import { audioGenerateQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const audioGenerate = handleQueue(audioGenerateQueue, {
  work: { localConcurrency: setting('WORKER_CONCURRENCY') },
  handler: ({ jobId }, ctx) => runAudioJob(jobId, ctx),
});
