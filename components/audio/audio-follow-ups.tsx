'use client';

import { audioApi, type AudioJobView } from '@/components/media-api';
import { useSubmitAudio } from './use-submit-audio';

const ACTION = 'shrink-0 rounded-md border border-glow-400/50 px-2.5 py-1 text-xs text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10 disabled:opacity-50';

/**
 * Cancel while it runs, retry once it failed; next steps on a finished track: narration can be aligned against its own script (exact word
 * timings from the local aligner), and any generated track can be split into stems.
 */
export function AudioFollowUps({ job, onQueued }: { job: AudioJobView; onQueued: (job: AudioJobView) => void }) {
  const output = job.assets.find((a) => a.role === 'output');
  // The buttons that send these render only once the track has its output.
  const outputId = () => {
    if (!output) throw new Error('This track has no output yet');
    return output.id;
  };
  const align = useSubmitAudio(() => audioApi.transcribe({ asset_id: outputId(), expected_text: job.text ?? undefined }), onQueued);
  const split = useSubmitAudio(() => audioApi.generate({ generation_type: 'stem_separation', audio_asset_id: outputId() }), onQueued);
  const retry = useSubmitAudio(() => audioApi.retryJob(job.id), () => {});
  const cancel = useSubmitAudio(() => audioApi.cancelJob(job.id), () => {});
  if (job.status === 'pending' || job.status === 'processing' || job.status === 'failed' || job.status === 'canceled') {
    const active = job.status === 'pending' || job.status === 'processing';
    const action = active ? cancel : retry;
    return (
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button type="button" disabled={action.isPending} onClick={() => action.mutate(undefined)} className={ACTION}>
          {active ? 'Cancel' : 'Retry'}
        </button>
        {action.error && (
          <p role="alert" className="w-full text-xs text-intimate">
            {action.error.message}
          </p>
        )}
      </div>
    );
  }
  if (!output || job.status !== 'completed' || (job.generation_type !== 'text_to_speech' && job.generation_type !== 'text_to_music')) return null;
  const error = align.error ?? split.error;

  return (
    <div className="mt-3 flex flex-wrap items-center gap-2">
      {job.generation_type === 'text_to_speech' && job.text && (
        <button type="button" disabled={align.isPending || align.isSuccess} onClick={() => align.mutate(undefined)} className={ACTION}>
          {align.isSuccess ? 'Alignment queued' : 'Align transcript'}
        </button>
      )}
      <button type="button" disabled={split.isPending || split.isSuccess} onClick={() => split.mutate(undefined)} className={ACTION}>
        {split.isSuccess ? 'Stems queued' : 'Separate stems'}
      </button>
      {error && (
        <p role="alert" className="w-full text-xs text-intimate">
          {error.message}
        </p>
      )}
    </div>
  );
}
