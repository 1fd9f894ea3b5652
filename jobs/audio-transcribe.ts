import { runAudioJob } from '@/lib/audio/pipeline';
import { audioTranscribeQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const audioTranscribe = handleQueue(audioTranscribeQueue, {
  // The aligner and the splitter each use a whole core for minutes on long files: one at a time.
  work: { localConcurrency: 1 },
  handler: ({ jobId }, ctx) => runAudioJob(jobId, ctx),
});
