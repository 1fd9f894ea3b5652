'use client';

import { useMemo, useState } from 'react';
import type { Catalog, Platform } from '@/lib/strategy';
import { MoodSlider } from './mood-slider';
import { PlatformPicker } from './platform-picker';
import { ProviderPicker, type ProviderChoice } from './provider-picker';
import { PromptField } from './prompt-field';
import { useStrategyPreview } from './use-strategy-preview';
import { VariationCountPicker } from './variation-count-picker';
import { VariationPreview } from './variation-preview';

export interface StudioLimits {
  promptMax: number;
  maxVariations: number;
}

interface StudioProps {
  catalog: Catalog;
  limits: StudioLimits;
}

const INITIAL_PROMPT = 'A lone cyclist crossing a rain-soaked bridge at dusk';
const INITIAL_MOOD = 62;
const INITIAL_VARIATIONS = 3;
// Fixed so the server render and the first client render agree; Shuffle draws fresh seeds in the browser.
const INITIAL_SEED = 'cinemood';

/** getRandomValues, unlike randomUUID, also works on plain-http self-hosted installs. */
function randomSeed(): string {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return value.toString(36);
}

export function Studio({ catalog, limits }: StudioProps) {
  const [prompt, setPrompt] = useState(INITIAL_PROMPT);
  const [mood, setMood] = useState(INITIAL_MOOD);
  const [platform, setPlatform] = useState<Platform>('generic');
  const [variations, setVariations] = useState(INITIAL_VARIATIONS);
  const [seed, setSeed] = useState(INITIAL_SEED);
  const [providerChoice, setProviderChoice] = useState<ProviderChoice>({ provider: 'local', model: '', fallBackToLocal: true });

  const request = useMemo(() => ({ prompt, mood, platform, variations, seed }), [prompt, mood, platform, variations, seed]);
  const { plan, error, updating } = useStrategyPreview(request);

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <header className="py-10 sm:py-12">
        <p className="text-xs uppercase tracking-[0.3em] text-glow-400">Studio</p>
        <h1 className="mt-3 font-[family-name:var(--font-display)] text-4xl text-zinc-50 sm:text-5xl">Plan the shot</h1>
        <p className="mt-3 max-w-2xl text-ink-300">
          Describe the scene, slide the mood and pick where it will play. The shot plan below follows every change.
        </p>
      </header>

      <section
        aria-label="Scene"
        className="grid gap-6 rounded-2xl border border-ink-800 bg-ink-900 p-5 sm:p-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]"
      >
        <PromptField value={prompt} maxLength={limits.promptMax} onChange={setPrompt} />
        <div className="space-y-6">
          <PlatformPicker platforms={catalog.platforms} value={platform} onChange={setPlatform} />
          <VariationCountPicker max={limits.maxVariations} value={variations} onChange={setVariations} />
        </div>
      </section>

      <div className="mt-6">
        <MoodSlider categories={catalog.categories} value={mood} onChange={setMood} />
      </div>

      <div className="mt-6">
        <ProviderPicker value={providerChoice} onChange={setProviderChoice} aspectRatio={plan?.variations[0]?.aspect_ratio ?? null} />
      </div>

      <VariationPreview
        catalog={catalog}
        plan={plan}
        error={error}
        updating={updating}
        blank={prompt.trim() === ''}
        expectedCount={variations}
        seed={seed}
        onShuffle={() => setSeed(randomSeed())}
        generateInputs={{ prompt, mood, platform, ...providerChoice }}
      />
    </main>
  );
}
