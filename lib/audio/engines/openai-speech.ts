import { baseUrl, setting } from '@/lib/config';
import { providerFetch } from '@/lib/providers/http';
import type { SpeechEngine, SpeechRequest } from '../types';
import { AudioEngineError } from '../types';
import { guarded, saveAudioResponse, withSignal } from './shared';

// OpenAI speech (docs/providers.md §8): POST {base}/audio/speech, Bearer auth, JSON {model,
// input ≤ 4096 chars, voice, response_format, speed 0.25–4}; the answer is the audio bytes.
// Errors are {"error": {message, type, param, code}}.

export interface OpenAISpeechConfig {
  apiKey: string;
  /** Includes /v1, like the SDK's base URL. */
  baseUrl: string;
  model: string;
  backoffMs?: number;
}

/** The documented built-in voices (§8; the SDK's type literal omits fable, onyx and nova, its docstring lists them). */
export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
export const OPENAI_MAX_INPUT = 4096;

export function openAISpeechConfigFromEnv(): OpenAISpeechConfig | null {
  const apiKey = setting('OPENAI_API_KEY');
  if (!apiKey) return null;
  return {
    apiKey,
    baseUrl: baseUrl('OPENAI_BASE_URL'),
    model: setting('OPENAI_TTS_MODEL'),
  };
}

export class OpenAISpeechEngine implements SpeechEngine {
  readonly name = 'openai';
  readonly local = false;
  constructor(private readonly config: OpenAISpeechConfig) {}

  voices(): string[] {
    return [...OPENAI_VOICES];
  }

  async synthesize(request: SpeechRequest, outputFile: string, signal?: AbortSignal) {
    return guarded('OpenAI', async () => {
      const input = request.text?.trim() ?? '';
      if (!input) throw new AudioEngineError('OpenAI: there is no text to speak', 'permanent');
      if (input.length > OPENAI_MAX_INPUT) {
        throw new AudioEngineError(`OpenAI: the text is ${input.length} characters; OpenAI speech takes at most ${OPENAI_MAX_INPUT} per request`, 'permanent');
      }
      const voice = request.voice || 'alloy';
      if (!OPENAI_VOICES.includes(voice)) throw new AudioEngineError(`OpenAI: "${voice}" is not one of the voices (${OPENAI_VOICES.join(', ')})`, 'permanent');
      const model = request.model || this.config.model;
      // Out-of-range speeds are clamped to the documented 0.25–4.
      const speed = Math.min(4, Math.max(0.25, request.speed ?? 1));
      const res = await withSignal(
        providerFetch({
          method: 'POST',
          url: `${this.config.baseUrl}/audio/speech`,
          headers: { Authorization: `Bearer ${this.config.apiKey}`, accept: 'audio/mpeg' },
          body: { model, input, voice, response_format: 'mp3', speed },
          timeoutMs: 180_000,
          backoffMs: this.config.backoffMs,
        }),
        signal,
        'OpenAI',
      );
      await saveAudioResponse(res, outputFile, 'OpenAI', signal);
      return { extension: 'mp3', cost: { characters: input.length, model } };
    });
  }
}
