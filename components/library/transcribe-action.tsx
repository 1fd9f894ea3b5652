'use client';

import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { audioApi, queryKeys } from '@/components/media-api';
import { useStreamLive } from '@/components/live/live-status';

const BUTTON = 'inline-flex items-center gap-1.5 rounded-md border border-glow-400/60 px-3 py-2 text-sm text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10 disabled:cursor-not-allowed disabled:opacity-50';

/**
 * Transcribes this audio or video asset and attaches the result, so the transcript appears beside
 * the player (and as captions on video). A known script makes the local aligner exact.
 */
export function TranscribeAction({ assetId }: { assetId: string }) {
  const client = useQueryClient();
  const scriptId = useId();
  const [script, setScript] = useState('');
  const start = useMutation({ mutationFn: () => audioApi.transcribe({ asset_id: assetId, ...(script.trim() ? { expected_text: script.trim() } : {}) }) });
  const jobId = start.data?.job.id;
  const live = useStreamLive();
  const job = useQuery({
    queryKey: queryKeys.audioJob(jobId ?? 'none'),
    queryFn: jobId ? ({ signal }) => audioApi.getJob(jobId, signal).then((r) => r.job) : skipToken,
    refetchInterval: (q) => (live || (q.state.data && !['pending', 'processing'].includes(q.state.data.status)) ? false : 1000),
  });
  const status = job.data?.status;
  useEffect(() => {
    if (status === 'completed') void client.invalidateQueries({ queryKey: queryKeys.asset(assetId) });
  }, [status, assetId, client]);
  const running = start.isPending || status === 'pending' || status === 'processing';

  return (
    <section aria-labelledby={`${scriptId}-heading`} data-testid="transcribe-action" className="space-y-3 rounded-2xl border border-ink-800 bg-ink-900 p-5">
      <h2 id={`${scriptId}-heading`} className="text-xs uppercase tracking-[0.2em] text-ink-300">
        Transcript
      </h2>
      <label htmlFor={scriptId} className="block text-sm text-ink-300">
        Known script <span className="text-ink-500">(optional: exact word timings for narration or lyrics)</span>
      </label>
      <textarea
        id={scriptId}
        value={script}
        rows={3}
        maxLength={20_000}
        onChange={(e) => setScript(e.target.value)}
        className="block w-full resize-y rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-sm text-zinc-100 focus:border-glow-400"
      />
      <button type="button" disabled={running} onClick={() => start.mutate()} className={BUTTON}>
        {running ? 'Transcribing…' : 'Transcribe'}
      </button>
      {(start.error || status === 'failed') && (
        <p role="alert" className="text-sm text-intimate">
          {start.error?.message ?? job.data?.error_message}
        </p>
      )}
    </section>
  );
}
