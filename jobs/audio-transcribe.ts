import { z } from 'zod';
import { runAudioJob } from '@/lib/audio/pipeline';
import { defineJob } from '@/lib/queue/define';

/** Transcription of an audio or video asset, with word and segment timestamps. */
export const audioTranscribe = defineJob({
  name: 'audio.transcribe',
  schema: z.object({ jobId: z.uuid() }),
  queue: { retryLimit: 2, retryDelay: 10, retryBackoff: true, heartbeatSeconds: 15, expireInSeconds: 3600 },
  work: { localConcurrency: 1 },
  handler: ({ jobId }, ctx) => runAudioJob(jobId, ctx),
});
