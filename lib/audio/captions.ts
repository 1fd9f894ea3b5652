import { AppError } from '@/lib/errors';
import { findAudioJob } from '@/lib/audio/jobs';
import { toSrt, toWebVtt } from '@/lib/audio/transcript';
import type { Transcription } from '@/lib/audio/types';

/** A finished transcription as a caption file; anything else is a 409 saying why. */
export async function captionsResponse(jobId: string, format: 'vtt' | 'srt'): Promise<Response> {
  const job = await findAudioJob(jobId);
  if (job.generationType !== 'transcription') throw new AppError('conflict', 'This job is not a transcription');
  if (job.status !== 'completed' || !job.transcription) throw new AppError('conflict', `The transcript is not ready; the job is ${job.status}`);
  const transcript = job.transcription as unknown as Transcription;
  const body = format === 'vtt' ? toWebVtt(transcript) : toSrt(transcript);
  return new Response(body, {
    headers: {
      'content-type': format === 'vtt' ? 'text/vtt; charset=utf-8' : 'application/x-subrip; charset=utf-8',
      'content-disposition': `inline; filename="transcript-${job.id}.${format}"`,
      'cache-control': 'private, max-age=300',
    },
  });
}
