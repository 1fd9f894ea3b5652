'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useRef } from 'react';
import { productionApi, productionKeys, type CreateProductionRequest } from '@/components/productions/production-api';
import type { GenerateInputs } from './generate-bar';

/** The sound of the short: an optional voice-over, music on or off, and how captions follow the voice. */
export interface ShortOptions {
  narration: string;
  music: boolean;
  /** Empty: the server's default (word highlight with a voice-over, none without). */
  captions: '' | NonNullable<CreateProductionRequest['captions']>;
}

export const DEFAULT_SHORT_OPTIONS: ShortOptions = { narration: '', music: true, captions: '' };

/** Matches the API's limit on a voice-over script. */
const NARRATION_MAX = 3000;

const CAPTION_CHOICES: { value: ShortOptions['captions']; label: string }[] = [
  { value: '', label: 'Automatic' },
  { value: 'word_highlight', label: 'Word highlight' },
  { value: 'line', label: 'Line by line' },
  { value: 'none', label: 'None' },
];

export function shortBrief(inputs: GenerateInputs, options: ShortOptions): CreateProductionRequest {
  const narration = options.narration.trim();
  return {
    prompt: inputs.prompt,
    mood: inputs.mood,
    platform: inputs.platform,
    provider: inputs.provider as CreateProductionRequest['provider'],
    ...(inputs.fallBackToLocal && inputs.provider !== 'local' ? { fallback: ['local'] } : {}),
    ...(narration ? { narration } : {}),
    music: options.music,
    ...(options.captions ? { captions: options.captions } : {}),
  };
}

/** getRandomValues, unlike randomUUID, also works on plain-http self-hosted installs. */
function idempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('-');
}

/** Posts the studio's brief as a production and opens its storyboard. */
export function useMakeShort() {
  const router = useRouter();
  const client = useQueryClient();
  // One key per brief: a retried click on the same brief cannot start a second production.
  const key = useRef<{ body: string; key: string } | null>(null);
  return useMutation({
    mutationFn: (brief: CreateProductionRequest) => {
      const body = JSON.stringify(brief);
      if (key.current?.body !== body) key.current = { body, key: idempotencyKey() };
      return productionApi.create(brief, key.current.key);
    },
    onSuccess: ({ production }) => {
      client.setQueryData(productionKeys.one(production.id), { production });
      void client.invalidateQueries({ queryKey: productionKeys.all() });
      router.push(`/productions/${production.id}`);
    },
  });
}

interface ShortOptionsProps {
  value: ShortOptions;
  onChange: (options: ShortOptions) => void;
}

/** A disclosure, so the studio stays about the shot until the creator wants a whole short. */
export function ShortOptionsDisclosure({ value, onChange }: ShortOptionsProps) {
  const scriptId = useId();
  const captionsId = useId();
  return (
    <details data-testid="short-options" className="group mt-4 rounded-lg border border-ink-800 bg-ink-950">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-3 px-3 py-2 text-sm text-ink-300 hover:text-zinc-50 [&::-webkit-details-marker]:hidden">
        <span>
          Voice-over for the short
          <span className="block text-xs text-ink-500 sm:ml-2 sm:inline">{value.narration.trim() ? 'script written' : 'none'} · music {value.music ? 'on' : 'off'}</span>
        </span>
        <span aria-hidden className="text-ink-500 transition group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="grid gap-4 border-t border-ink-800 p-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          <label htmlFor={scriptId} className="text-xs uppercase tracking-[0.2em] text-ink-300">
            Voice-over script
          </label>
          <textarea
            id={scriptId}
            rows={3}
            maxLength={NARRATION_MAX}
            value={value.narration}
            placeholder="Optional. e.g. Every evening the city exhales, and the bridge carries it home."
            onChange={(event) => onChange({ ...value, narration: event.currentTarget.value })}
            className="mt-2 w-full resize-y rounded-md border border-ink-700 bg-ink-900 px-3 py-2 text-sm leading-relaxed text-zinc-50 placeholder:text-ink-500 focus:border-glow-400"
          />
        </div>
        <div className="space-y-4">
          <label className="flex items-center gap-2 text-sm text-zinc-100">
            <input type="checkbox" checked={value.music} onChange={(event) => onChange({ ...value, music: event.currentTarget.checked })} className="accent-glow-400" />
            Music
          </label>
          <div>
            <label htmlFor={captionsId} className="text-xs uppercase tracking-[0.2em] text-ink-300">
              Captions
            </label>
            <select
              id={captionsId}
              value={value.captions}
              onChange={(event) => onChange({ ...value, captions: event.currentTarget.value as ShortOptions['captions'] })}
              className="mt-2 w-full rounded-md border border-ink-700 bg-ink-900 px-2 py-1.5 text-sm text-zinc-100"
            >
              {CAPTION_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
    </details>
  );
}
