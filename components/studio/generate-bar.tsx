'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { Platform, StrategyVariation } from '@/lib/strategy';
import { queryKeys, videoApi } from '@/components/media-api';
import { DEFAULT_SHORT_OPTIONS, ShortOptionsDisclosure, shortBrief, useMakeShort, type ShortOptions } from './make-short';

/** What the studio form holds; the selected variation supplies the rest of the shot. */
export interface GenerateInputs {
  prompt: string;
  mood: number;
  platform: Platform;
  provider: string;
  model: string;
  fallBackToLocal: boolean;
}

interface GenerateBarProps {
  inputs: GenerateInputs;
  variation: StrategyVariation | null;
  selectedNumber: number | null;
  /** The plan's seed, so the render is as reproducible as the plan it came from. */
  seed: string | undefined;
  /** While the plan catches up with the form, the selected card may no longer match the inputs. */
  planUpdating: boolean;
}

function statusText(selectedNumber: number | null, planUpdating: boolean): string {
  if (selectedNumber === null) return 'Select the variation you want to render.';
  if (planUpdating) return 'Updating the shot plan…';
  return `Variation ${selectedNumber} is selected.`;
}

export function GenerateBar({ inputs, variation, selectedNumber, seed, planUpdating }: GenerateBarProps) {
  const client = useQueryClient();
  const generate = useMutation({
    mutationFn: (chosen: StrategyVariation) =>
      videoApi.generate({
        generation_type: 'text_to_video',
        prompt: inputs.prompt,
        mood: inputs.mood,
        platform: inputs.platform,
        camera_movement: chosen.camera_movement,
        lighting: chosen.lighting,
        aspect_ratio: chosen.aspect_ratio,
        duration: chosen.duration,
        seed,
        provider: inputs.provider,
        ...(inputs.model ? { model: inputs.model } : {}),
        ...(inputs.fallBackToLocal && inputs.provider !== 'local' ? { fallback: ['local'] } : {}),
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.jobs() }),
  });
  const ready = variation !== null && !planUpdating && !generate.isPending;
  // A short plans its own shots from the brief, so it needs a prompt, not a selected variation.
  const [shortOptions, setShortOptions] = useState<ShortOptions>(DEFAULT_SHORT_OPTIONS);
  const makeShort = useMakeShort();
  const canMakeShort = inputs.prompt.trim() !== '' && !makeShort.isPending && !makeShort.isSuccess;

  return (
    <div data-testid="generate-bar" className="mt-8 rounded-xl border border-ink-800 bg-ink-900 p-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-ink-300">{statusText(selectedNumber, planUpdating)}</p>
        <div className="grid grid-cols-2 gap-2 sm:flex">
          <button
            type="button"
            disabled={!canMakeShort}
            aria-busy={makeShort.isPending}
            onClick={() => makeShort.mutate(shortBrief(inputs, shortOptions))}
            className="inline-flex items-center justify-center gap-2 rounded-md border border-glow-400/60 px-5 py-2.5 font-medium text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent"
          >
            {makeShort.isPending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-glow-400 border-t-transparent" />}
            Make a short
          </button>
          <button
            type="button"
            disabled={!ready}
            aria-busy={generate.isPending}
            onClick={() => variation && generate.mutate(variation)}
            className="inline-flex items-center justify-center gap-2 rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 transition hover:bg-glow-500 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-glow-400"
          >
            {generate.isPending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-ink-950 border-t-transparent" />}
            Generate
          </button>
        </div>
      </div>

      <ShortOptionsDisclosure value={shortOptions} onChange={setShortOptions} />

      <div role="status" aria-live="polite" className="text-sm">
        {generate.isPending && <p className="mt-3 text-ink-300">Queuing the render…</p>}
        {(makeShort.isPending || makeShort.isSuccess) && <p className="mt-3 text-ink-300">Planning the short…</p>}
        {generate.isSuccess && (
          <p className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-zinc-100">
            <span>The render is queued.</span>
            <Link
              href={`/jobs?highlight=${generate.data.job.id}`}
              className="rounded-md border border-glow-400/60 px-3 py-1 text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10"
            >
              View job
            </Link>
          </p>
        )}
      </div>
      {(generate.error ?? makeShort.error) && (
        <p role="alert" className="mt-3 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm text-intimate">
          {(generate.error ?? makeShort.error)?.message}
        </p>
      )}
    </div>
  );
}
