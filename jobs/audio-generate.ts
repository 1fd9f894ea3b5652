import { z } from 'zod';
import { runAudioJob } from '@/lib/audio/pipeline';
import { defineJob } from '@/lib/queue/define';

/** Text-to-speech, text-to-music and stem separation: one audio job each. */
export const audioGenerate = defineJob({
  name: 'audio.generate',
  schema: z.object({ jobId: z.uuid() }),
  queue: { retryLimit: 2, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 15, expireInSeconds: 1800 },
  work: { localConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 2) },
  handler: ({ jobId }, ctx) => runAudioJob(jobId, ctx),
});
