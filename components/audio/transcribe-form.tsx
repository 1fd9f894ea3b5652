'use client';

import { useId, useState, type FormEvent } from 'react';
import { audioApi, type AudioEngineInfo, type AudioJobView } from '@/components/media-api';
import { engineLabel } from './audio-labels';
import { FileDrop } from './file-drop';
import { CARD, CONTROL, EngineSelect, LABEL, pickEngine, SubmitBar, TextAreaField } from './form-parts';
import { useAudioEngines } from './use-audio-engines';
import { useSubmitAudio } from './use-submit-audio';

const SCRIPT_MAX = 20_000;
const ALIGNER = 'pocketsphinx';
const CONFIGURE = 'Set OPENAI_API_KEY (OPENAI_BASE_URL for Groq or a whisper server) or ELEVENLABS_API_KEY on the server to transcribe free speech.';

/** Which engines can run, said before anything is sent, so a missing key is no surprise. */
function EngineHint({ engines, loading }: { engines: readonly AudioEngineInfo[]; loading: boolean }) {
  const recognisers = engines.filter((e) => e.name !== ALIGNER);
  const aligner = engines.some((e) => e.name === ALIGNER);
  let text: string;
  if (loading) text = 'Checking which transcription engines are configured…';
  else if (recognisers.length > 0)
    text = `Recognisers ready: ${recognisers.map((e) => engineLabel(e.name)).join(', ')}.${aligner ? ' With a known script, the local aligner times every word exactly.' : ''}`;
  else if (aligner) text = `No speech recogniser is configured, so only a known script can be timed (local aligner). ${CONFIGURE}`;
  else text = `No transcription engine is configured. ${CONFIGURE} Or run npm install on the server (the soundswallower package) to time known scripts.`;
  const short = !loading && recognisers.length === 0;
  return (
    <p
      data-testid="transcribe-engines-hint"
      className={`rounded-lg border px-3 py-2 text-xs leading-relaxed break-words ${short ? 'border-glow-400/40 bg-glow-400/5 text-glow-400' : 'border-ink-700 bg-ink-950 text-ink-300'}`}
    >
      {text}
    </p>
  );
}

export function TranscribeForm({ onQueued }: { onQueued: (job: AudioJobView) => void }) {
  const languageId = useId();
  const languageHintId = useId();
  const engines = useAudioEngines();
  const [file, setFile] = useState<File | null>(null);
  const [script, setScript] = useState('');
  const [language, setLanguage] = useState('');
  const [chosenEngine, setChosenEngine] = useState('auto');

  const engine = pickEngine(engines.transcription, chosenEngine, 'auto');
  const submit = useSubmitAudio(audioApi.transcribe, (job) => {
    setFile(null);
    onQueued(job);
  });
  const languageIncomplete = language.length === 1;

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!file || languageIncomplete) return;
    const form = new FormData();
    form.append('file', file);
    form.append('provider', engine);
    if (script.trim()) form.append('expected_text', script.trim());
    if (language.length === 2) form.append('language', language);
    submit.mutate(form);
  };

  let idle: string;
  if (!file) idle = 'Choose a recording to transcribe.';
  else if (languageIncomplete) idle = 'A language is two letters, such as "en".';
  else idle = script.trim() ? 'The known script will be timed word by word.' : 'Speech will be recognised with word and segment timings.';

  return (
    <form data-testid="transcribe-form" aria-label="Transcription" onSubmit={send}>
      <div className={CARD}>
        <EngineHint engines={engines.transcription} loading={engines.isPending} />
        <div className="mt-5 grid gap-6 lg:grid-cols-2">
          <FileDrop file={file} onChange={setFile} />
          <div className="min-w-0 space-y-5">
            <TextAreaField
              label="Known script (for exact word timings)"
              value={script}
              maxLength={SCRIPT_MAX}
              rows={4}
              placeholder="Optional: paste the narration or lyrics as spoken"
              hint="Optional. With a script, the words are timed rather than guessed."
              onChange={setScript}
            />
            <div className="grid gap-5 sm:grid-cols-2">
              <div className="min-w-0">
                <label htmlFor={languageId} className={LABEL}>
                  Language
                </label>
                <input
                  id={languageId}
                  type="text"
                  inputMode="text"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={2}
                  placeholder="en"
                  value={language}
                  aria-invalid={languageIncomplete || undefined}
                  aria-describedby={languageHintId}
                  onChange={(event) => setLanguage(event.currentTarget.value.toLowerCase().replace(/[^a-z]/g, '').slice(0, 2))}
                  className={`${CONTROL} lowercase`}
                />
                <p id={languageHintId} className="mt-1.5 text-xs text-ink-500">
                  Optional, two letters (ISO 639-1). Empty: detected.
                </p>
              </div>
              <EngineSelect
                engines={engines.transcription}
                value={engine}
                onChange={setChosenEngine}
                leading={[{ value: 'auto', label: 'Auto' }]}
                hint="Auto: the aligner when a script is given, otherwise a configured recogniser."
              />
            </div>
          </div>
        </div>
      </div>

      <SubmitBar
        action="Transcribe"
        idle={idle}
        pending={submit.isPending}
        pendingText="Uploading and queuing the transcription…"
        disabled={!file || languageIncomplete}
        queuedId={submit.data?.job.id ?? null}
        queuedText="The transcription is queued; it appears in Audio jobs below."
        error={submit.error}
      />
    </form>
  );
}
