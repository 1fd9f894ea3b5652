'use client';

import { useId, useState, type FormEvent } from 'react';
import { audioApi, type AudioJobView } from '@/components/media-api';
import { engineLabel } from './audio-labels';
import { CARD, CONTROL, EngineSelect, LABEL, pickEngine, RANGE, SubmitBar, TextAreaField } from './form-parts';
import { useAudioEngines } from './use-audio-engines';
import { useSubmitAudio } from './use-submit-audio';

const TEXT_MAX = 5000;
const INITIAL_TEXT = 'The city never sleeps. Tonight, neither do we.';

export function SpeechForm({ onQueued }: { onQueued: (job: AudioJobView) => void }) {
  const voiceId = useId();
  const speedId = useId();
  const engines = useAudioEngines();
  const [text, setText] = useState(INITIAL_TEXT);
  const [chosenEngine, setChosenEngine] = useState('local');
  const [voice, setVoice] = useState('');
  const [speed, setSpeed] = useState(1);

  const engine = pickEngine(engines.speech, chosenEngine, 'local');
  const voices = engines.speech.find((e) => e.name === engine)?.voices ?? [];
  // A voice from another engine (or one no longer offered) falls back to the engine's default.
  const chosenVoice = voices.includes(voice) ? voice : '';

  const submit = useSubmitAudio(audioApi.generate, onQueued);
  const blank = text.trim() === '';

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (blank) return;
    submit.mutate({
      generation_type: 'text_to_speech',
      text,
      speed,
      provider: engine,
      ...(chosenVoice ? { voice: chosenVoice } : {}),
    });
  };

  return (
    <form data-testid="speech-form" aria-label="Speech" onSubmit={send}>
      <div className={`${CARD} grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]`}>
        <TextAreaField
          label="Script"
          value={text}
          maxLength={TEXT_MAX}
          rows={7}
          required
          placeholder="e.g. Welcome back. Tonight's story starts in the rain."
          hint={blank ? 'Write what the voice should say.' : 'Punctuation shapes the pauses.'}
          onChange={setText}
        />
        <div className="min-w-0 space-y-5">
          <EngineSelect
            engines={engines.speech}
            value={engine}
            onChange={(name) => {
              setChosenEngine(name);
              setVoice('');
            }}
            hint={engines.isError ? `The engine list could not be loaded: ${engines.error.message}` : undefined}
          />
          <div>
            <label htmlFor={voiceId} className={LABEL}>
              Voice
            </label>
            <select
              id={voiceId}
              data-testid="speech-voice"
              value={chosenVoice}
              disabled={voices.length === 0}
              onChange={(event) => setVoice(event.currentTarget.value)}
              className={CONTROL}
            >
              <option value="">{engines.isPending ? 'Loading voices…' : `${engineLabel(engine)} default`}</option>
              {voices.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <div className="flex items-baseline justify-between gap-3">
              <label htmlFor={speedId} className={LABEL}>
                Speed
              </label>
              <output htmlFor={speedId} className="text-sm tabular-nums text-zinc-100">
                {speed.toFixed(1)}×
              </output>
            </div>
            <input
              id={speedId}
              type="range"
              min={0.5}
              max={3}
              step={0.1}
              value={speed}
              aria-valuetext={`${speed.toFixed(1)} times normal pace`}
              onChange={(event) => setSpeed(Math.round(event.currentTarget.valueAsNumber * 10) / 10)}
              className={RANGE}
            />
            <p className="mt-1 flex justify-between text-xs tabular-nums text-ink-500">
              <span>0.5× slower</span>
              <span>3× faster</span>
            </p>
          </div>
        </div>
      </div>

      <SubmitBar
        action="Generate speech"
        idle={blank ? 'Write a script to voice it.' : `${text.length.toLocaleString('en')} characters, voiced by ${engineLabel(engine)}.`}
        pending={submit.isPending}
        pendingText="Queuing the speech…"
        disabled={blank}
        queuedId={submit.data?.job.id ?? null}
        queuedText="The speech is queued; it appears in Audio jobs below."
        error={submit.error}
      />
    </form>
  );
}
