'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { queryKeys, videoApi } from '@/components/media-api';
import { useVideoProviders } from '@/components/use-video-providers';
import { providerLabel } from '@/components/video-provider-labels';

const FIELD = 'mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-sm text-zinc-100 focus:border-glow-400';

/** Image-to-video from the library: the still is the first frame, the mood plans the camera and light. */
export function AnimateImage({ assetId, title }: { assetId: string; title: string }) {
  const id = useId();
  const client = useQueryClient();
  const { configured } = useVideoProviders();
  const providers = configured.filter((p) => p.capabilities?.imageToVideo);
  const [prompt, setPrompt] = useState(title);
  const [mood, setMood] = useState(60);
  const [provider, setProvider] = useState('local');
  const generate = useMutation({
    mutationFn: () => videoApi.generate({ generation_type: 'image_to_video', image_asset_id: assetId, prompt: prompt.trim(), mood, provider }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.jobs() }),
  });

  return (
    <section aria-labelledby={`${id}-heading`} data-testid="animate-image" className="space-y-3 rounded-2xl border border-ink-800 bg-ink-900 p-5">
      <h2 id={`${id}-heading`} className="text-xs uppercase tracking-[0.2em] text-ink-300">
        Animate
      </h2>
      <label className="block text-sm text-ink-300">
        What happens
        <textarea value={prompt} rows={2} maxLength={2000} onChange={(e) => setPrompt(e.target.value)} className={`${FIELD} resize-y`} />
      </label>
      <label className="block text-sm text-ink-300">
        Mood <span className="tabular-nums text-zinc-100">{mood}</span>
        <input type="range" min={0} max={100} value={mood} onChange={(e) => setMood(Number(e.target.value))} className="mt-2 block w-full accent-glow-400" />
      </label>
      <label className="block text-sm text-ink-300">
        Provider
        <select value={provider} onChange={(e) => setProvider(e.target.value)} className={FIELD}>
          {providers.map((p) => (
            <option key={p.name} value={p.name}>
              {providerLabel(p.name)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={generate.isPending || !prompt.trim()}
        onClick={() => generate.mutate()}
        className="rounded-md bg-glow-400 px-4 py-2 text-sm font-medium text-ink-950 transition hover:bg-glow-500 disabled:opacity-40"
      >
        Animate this image
      </button>
      {generate.isSuccess && (
        <p role="status" className="text-sm text-zinc-100">
          Queued.{' '}
          <Link href={`/jobs?highlight=${generate.data.job.id}`} className="text-glow-400 hover:underline">
            View job
          </Link>
        </p>
      )}
      {generate.isError && (
        <p role="alert" className="text-sm text-intimate">
          {generate.error.message}
        </p>
      )}
    </section>
  );
}
