import type { AudioJobRow } from '@/lib/audio/views';
import { requestTransition, transition, type JobFieldsOf } from '@/lib/lifecycle/transitions';
import { log } from '@/lib/log';
import { audioGenerateQueue, audioTranscribeQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';

/** Every change of an audio job's row, in one place; each a guarded transition (lib/lifecycle). */

export const audioQueueFor = (generationType: AudioJobRow['generationType']) => (generationType === 'transcription' ? audioTranscribeQueue : audioGenerateQueue);

/** A failed send leaves the row pending; the sweeper finds it and sends it again. */
export async function queueAudioJob(row: Pick<AudioJobRow, 'id' | 'generationType'>, key: string): Promise<void> {
  try {
    await sendJob(audioQueueFor(row.generationType), { jobId: row.id }, { singletonKey: `${row.id}:${key}` });
  } catch (err) {
    log.error('could not queue an audio job; the sweeper will queue it', { jobId: row.id, err });
  }
}

export const claimAudioJob = (jobId: string) => transition('audio', jobId, 'claim');

export async function updateAudioJob(jobId: string, fields: JobFieldsOf<'audio'>): Promise<boolean> {
  return (await transition('audio', jobId, 'update', fields)) !== null;
}

export async function completeAudioJob(jobId: string, fields: JobFieldsOf<'audio'>): Promise<boolean> {
  return (await transition('audio', jobId, 'complete', fields)) !== null;
}

export async function failAudioJob(jobId: string, code: string, message: string): Promise<boolean> {
  return (await transition('audio', jobId, 'fail', { errorCode: code, errorMessage: message })) !== null;
}

/** A failed or canceled job runs again from the start; its earlier outputs, if any, are kept (one per role). */
export async function retryAudioJob(id: string): Promise<AudioJobRow> {
  const row = await requestTransition('audio', id, 'retry');
  await queueAudioJob(row, `retry-${Date.now()}`);
  return row;
}

/** Stops a job; a running engine notices within a second (the worker watches the row) and is aborted. */
export async function cancelAudioJob(id: string): Promise<AudioJobRow> {
  return requestTransition('audio', id, 'cancel');
}
