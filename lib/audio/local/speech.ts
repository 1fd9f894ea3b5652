import fs from 'node:fs/promises';
import { AudioEngineError, type SpeechEngine, type SpeechRequest } from '@/lib/audio/types';
import { runEspeak } from './espeak';
import { DEFAULT_FLITE_VOICE, FLITE_VOICES, FliteSpeechEngine, isFliteVoice } from './flite';

/**
 * Text to speech on this machine, no binary, no key, no network, two voice families:
 * - CMU Flite compiled to WASI (./flite.ts, `flite-*` voices): English only, the default for
 *   English — synthetic, but with natural pacing and intonation.
 * - espeak-ng compiled to WebAssembly (npm `espeak-ng`): robotic but intelligible, fast, and the
 *   only one for other languages.
 * Both write 22 050 Hz mono WAV.
 */

/**
 * espeak-ng voices, checked against the data bundled in the wasm build. `+f3`, `+m3` … are
 * espeak-ng voice variants (pitch and formant changes) on top of a language; `+f*` sound female-ish.
 */
export const LOCAL_VOICES = [
  'en-us',
  'en-us+f3',
  'en-us+m3',
  'en-us+f2',
  'en-us+m7',
  'en-gb',
  'en-gb+f3',
  'en-gb-x-rp',
  'en-gb-scotland',
  'en-029',
  'fr',
  'fr+f3',
  'de',
  'de+f3',
  'es',
  'es+f3',
  'es-419',
  'it',
  'it+f3',
  'pt',
  'pt-br',
  'nl',
  'sv',
  'pl',
  'ru',
  'tr',
  'hi',
  'ar',
  'ja',
  'ko',
  'cmn',
] as const;

export const DEFAULT_WPM = 160;
export const MIN_WPM = 80;
export const MAX_WPM = 450;
export const MAX_TEXT_LENGTH = 5000;

// espeak-ng ignores a variant on `en-gb` (it is an alias of `en`), but honours it on `en`.
const ESPEAK_NAME: Record<string, string> = { 'en-gb+f3': 'en+f3' };

const OUTPUT = '/speech.wav';

/** Every local voice: Flite's first (the English default among them), then espeak-ng's. */
export const ALL_LOCAL_VOICES: readonly string[] = [...FLITE_VOICES.map((v) => v.id), ...LOCAL_VOICES];

/**
 * The voice for a request: the one asked for (either family), else for English — or no language
 * — the default Flite voice, else the first espeak-ng voice for the language.
 */
export function pickVoice(request: Pick<SpeechRequest, 'voice' | 'language'>): string {
  const voices: readonly string[] = LOCAL_VOICES;
  if (request.voice !== undefined && request.voice.trim() !== '') {
    const voice = request.voice.trim().toLowerCase();
    if (!ALL_LOCAL_VOICES.includes(voice)) throw new AudioEngineError(`the local speech engine has no voice "${request.voice}"; choose one of ${ALL_LOCAL_VOICES.join(', ')}`);
    return voice;
  }
  if (!request.language?.trim()) return DEFAULT_FLITE_VOICE;
  const language = request.language.trim().toLowerCase().replace(/_/g, '-');
  const primary = language.split('-')[0];
  if (primary === 'en') return DEFAULT_FLITE_VOICE;
  if (voices.includes(language)) return language;
  if (primary === 'zh') return 'cmn';
  const match = voices.find((v) => v === primary || v.startsWith(`${primary}-`));
  if (!match) throw new AudioEngineError(`the local speech engine has no voice for language "${request.language}"`);
  return match;
}

/** espeak-ng's rate for a speed factor: 1 = 160 words per minute, kept within 80–450. */
export function wordsPerMinute(speed: number | undefined): number {
  if (speed === undefined) return DEFAULT_WPM;
  if (!Number.isFinite(speed) || speed <= 0) throw new AudioEngineError('speed must be a positive number (1 = normal pace)');
  return Math.round(Math.min(MAX_WPM, Math.max(MIN_WPM, DEFAULT_WPM * speed)));
}

function canceled(signal?: AbortSignal) {
  if (signal?.aborted) throw new AudioEngineError('speech synthesis was canceled', 'transient');
}

export class LocalSpeechEngine implements SpeechEngine {
  readonly name = 'local';
  readonly local = true;
  readonly note = 'on this server, free: Flite for English (the default), espeak-ng for other languages (robotic)';
  private readonly flite = new FliteSpeechEngine();

  voices(): string[] {
    return [...ALL_LOCAL_VOICES];
  }

  async synthesize(request: SpeechRequest, outputFile: string, signal?: AbortSignal): Promise<{ extension: string }> {
    const text = (request.text ?? '').trim();
    if (!text) throw new AudioEngineError('there is no text to speak');
    if (text.length > MAX_TEXT_LENGTH) throw new AudioEngineError(`the text is too long for local speech (${text.length} characters, at most ${MAX_TEXT_LENGTH})`);
    const voice = pickVoice(request);
    if (isFliteVoice(voice)) return this.flite.synthesize({ ...request, text, voice }, outputFile, signal);
    const wpm = wordsPerMinute(request.speed);
    canceled(signal);

    // `--` ends the options, so text that starts with "-" is spoken rather than parsed as a flag.
    const run = await runEspeak(['-v', ESPEAK_NAME[voice] ?? voice, '-s', String(wpm), '-b', '1', '-w', OUTPUT, '--', text], { readFile: OUTPUT });
    if (run.status !== 0 || !run.output || run.output.length <= 44) {
      const reason = run.stderr.join(' ').trim();
      throw new AudioEngineError(`espeak-ng produced no speech${reason ? `: ${reason}` : ''}`);
    }
    canceled(signal);
    await fs.writeFile(outputFile, run.output);
    return { extension: 'wav' };
  }
}
