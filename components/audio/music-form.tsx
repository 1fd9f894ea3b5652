'use client';

import { useId, useState, type FormEvent } from 'react';
import type { CategoryDescription } from '@/lib/strategy';
import { audioApi, type AudioJobView } from '@/components/media-api';
import { categoryForMood } from '@/components/studio/catalog-lookup';
import { MoodSlider } from '@/components/studio/mood-slider';
import { RadioChip } from '@/components/studio/radio-chip';
import { engineLabel } from './audio-labels';
import { CARD, EngineSelect, LABEL, pickEngine, RANGE, SubmitBar, TextAreaField } from './form-parts';
import { useAudioEngines } from './use-audio-engines';
import { useSubmitAudio } from './use-submit-audio';

const PROMPT_MAX = 2000;
const DURATION_MIN = 3;
const DURATION_MAX = 300;
const FORMATS = ['mp3', 'wav'] as const;
type Format = (typeof FORMATS)[number];

const clampDuration = (seconds: number) => Math.min(DURATION_MAX, Math.max(DURATION_MIN, Math.round(seconds)));

interface MusicFormProps {
  categories: readonly CategoryDescription[];
  onQueued: (job: AudioJobView) => void;
}

export function MusicForm({ categories, onQueued }: MusicFormProps) {
  const durationId = useId();
  const engines = useAudioEngines();
  const [prompt, setPrompt] = useState('Warm synths under a night drive through the city');
  const [mood, setMood] = useState(60);
  const [duration, setDuration] = useState(30);
  // What the number box shows while it is being typed in; the duration itself stays in range.
  const [durationText, setDurationText] = useState<string | null>(null);
  const [format, setFormat] = useState<Format>('mp3');
  const [chosenEngine, setChosenEngine] = useState('local');

  const engine = pickEngine(engines.music, chosenEngine, 'local');
  const submit = useSubmitAudio(audioApi.generate, onQueued);
  const blank = prompt.trim() === '';
  const category = categories.length > 0 ? categoryForMood(categories, mood) : null;

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (blank) return;
    setDurationText(null);
    submit.mutate({ generation_type: 'text_to_music', prompt, mood, duration, format, provider: engine });
  };

  return (
    <form data-testid="music-form" aria-label="Music" onSubmit={send}>
      <div className={`${CARD} grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]`}>
        <TextAreaField
          label="Prompt"
          value={prompt}
          maxLength={PROMPT_MAX}
          rows={5}
          required
          placeholder="e.g. Slow strings for a sunrise over the harbour"
          hint={blank ? 'Describe the music you want.' : 'Describe the scene; the mood sets tempo, key and instruments.'}
          onChange={setPrompt}
        />
        <div className="min-w-0 space-y-5">
          <div>
            <div className="flex items-center justify-between gap-3">
              <label htmlFor={durationId} className={LABEL}>
                Duration
              </label>
              <span className="flex items-center gap-1.5 text-sm text-ink-300">
                <input
                  type="number"
                  inputMode="numeric"
                  min={DURATION_MIN}
                  max={DURATION_MAX}
                  step={1}
                  value={durationText ?? String(duration)}
                  aria-label="Duration in seconds"
                  onChange={(event) => {
                    const text = event.currentTarget.value;
                    setDurationText(text);
                    const seconds = Number(text);
                    if (text !== '' && Number.isFinite(seconds)) setDuration(clampDuration(seconds));
                  }}
                  onBlur={() => setDurationText(null)}
                  className="w-20 rounded-md border border-ink-700 bg-ink-950 px-2 py-1 text-right text-sm tabular-nums text-zinc-100 focus:border-glow-400"
                />
                s
              </span>
            </div>
            <input
              id={durationId}
              type="range"
              min={DURATION_MIN}
              max={DURATION_MAX}
              step={1}
              value={duration}
              aria-valuetext={`${duration} seconds`}
              onChange={(event) => {
                setDurationText(null);
                setDuration(clampDuration(event.currentTarget.valueAsNumber));
              }}
              className={RANGE}
            />
            <p className="mt-1 flex justify-between text-xs tabular-nums text-ink-500">
              <span>{DURATION_MIN} s</span>
              <span>{DURATION_MAX / 60} min</span>
            </p>
          </div>

          <fieldset className="min-w-0">
            <legend className={LABEL}>Format</legend>
            <div className="mt-2 grid max-w-48 grid-cols-2 gap-2 text-center">
              {FORMATS.map((value) => (
                <RadioChip key={value} name="music-format" value={value} checked={format === value} onSelect={() => setFormat(value)}>
                  {value.toUpperCase()}
                </RadioChip>
              ))}
            </div>
          </fieldset>

          <EngineSelect
            engines={engines.music}
            value={engine}
            onChange={setChosenEngine}
            hint={engines.isError ? `The engine list could not be loaded: ${engines.error.message}` : undefined}
          />
        </div>
      </div>

      {categories.length > 0 && (
        <div className="mt-6">
          <MoodSlider categories={categories} value={mood} onChange={setMood} />
        </div>
      )}

      <SubmitBar
        action="Generate music"
        idle={
          blank
            ? 'Write a prompt to compose.'
            : `${duration} s of ${category ? category.label.toLowerCase() : `mood ${mood}`} as ${format.toUpperCase()}, by ${engineLabel(engine)}.`
        }
        pending={submit.isPending}
        pendingText="Queuing the music…"
        disabled={blank}
        queuedId={submit.data?.job.id ?? null}
        queuedText="The music is queued; it appears in Audio jobs below."
        error={submit.error}
      />
    </form>
  );
}
