import { baseUrl, setting } from '@/lib/config';
import { providerFetch } from '@/lib/providers/http';
import type { SpeechEngine, SpeechRequest } from '../types';
import { AudioEngineError } from '../types';
import { guarded, saveAudioResponse, withSignal } from './shared';

// ElevenLabs text to speech (docs/providers.md §7): POST /v1/text-to-speech/{voice_id} with
// `xi-api-key`, JSON {text, model_id, voice_settings}, `output_format` in the query; the answer is
// the audio bytes. 429 (too_many_concurrent_requests / system_busy) is retried by lib/providers/http.ts,
// honouring Retry-After.

export interface ElevenLabsConfig {
  apiKey: string;
  baseUrl: string;
  ttsModel: string;
  voiceId: string;
  backoffMs?: number;
}

/**
 * Premade voices, by id. UNCONFIRMED first-hand: these ids appear in ElevenLabs' SDK examples and
 * in many public clients (George is the elevenlabs-python README's example voice), not in §7.
 */
export const ELEVENLABS_VOICES: Record<string, string> = {
  JBFqnCBsd6RMkjVDRZzb: 'George',
  EXAVITQu4vr4xnSDxMaL: 'Sarah',
  FGY2WhTYpPnrIDTdsKH5: 'Laura',
  IKne3meq5aSn9XLyUdCD: 'Charlie',
  N2lVS1w4EtoT3dr4eOWO: 'Callum',
  SAz9YHcvj6GT2YYXdXww: 'River',
};

/** `output_format` we ask for: mp3 at 44.1 kHz/128 kbps is available on every tier (§7). */
export const ELEVENLABS_OUTPUT_FORMAT = 'mp3_44100_128';

export function elevenLabsConfigFromEnv(): ElevenLabsConfig | null {
  const apiKey = setting('ELEVENLABS_API_KEY');
  if (!apiKey) return null;
  return {
    apiKey,
    baseUrl: baseUrl('ELEVENLABS_BASE_URL'),
    ttsModel: setting('ELEVENLABS_TTS_MODEL'),
    // The default is George (JBFqnCBsd6RMkjVDRZzb above).
    voiceId: setting('ELEVENLABS_VOICE_ID'),
  };
}

/**
 * voice_settings.speed: ElevenLabs documents 0.7–1.2 on its site (UNCONFIRMED here; §7 names the
 * field only), so the request is clamped rather than refused.
 */
const clampSpeed = (speed: number | undefined) => Math.min(1.2, Math.max(0.7, speed ?? 1));

/** language_code is honoured by the newer models only (UNCONFIRMED); others detect the language. */
const TAKES_LANGUAGE = /(v2_5|v3)$/;

export class ElevenLabsSpeechEngine implements SpeechEngine {
  readonly name = 'elevenlabs';
  readonly local = false;
  constructor(private readonly config: ElevenLabsConfig) {}

  voices(): string[] {
    const premade = Object.keys(ELEVENLABS_VOICES);
    return premade.includes(this.config.voiceId) ? premade : [this.config.voiceId, ...premade];
  }

  async synthesize(request: SpeechRequest, outputFile: string, signal?: AbortSignal) {
    return guarded('ElevenLabs', async () => {
      const text = request.text?.trim();
      if (!text) throw new AudioEngineError('ElevenLabs: there is no text to speak', 'permanent');
      const voice = request.voice || this.config.voiceId;
      if (!/^[A-Za-z0-9]+$/.test(voice)) throw new AudioEngineError(`ElevenLabs: "${voice}" is not a voice id`, 'permanent');
      const model = request.model || this.config.ttsModel;
      const body = {
        text,
        model_id: model,
        voice_settings: { speed: clampSpeed(request.speed) },
        ...(request.language && TAKES_LANGUAGE.test(model) ? { language_code: request.language.slice(0, 2).toLowerCase() } : {}),
      };
      const res = await withSignal(
        providerFetch({
          method: 'POST',
          url: `${this.config.baseUrl}/v1/text-to-speech/${encodeURIComponent(voice)}?output_format=${ELEVENLABS_OUTPUT_FORMAT}`,
          headers: { 'xi-api-key': this.config.apiKey, accept: 'audio/mpeg' },
          body,
          timeoutMs: 180_000,
          backoffMs: this.config.backoffMs,
        }),
        signal,
        'ElevenLabs',
      );
      await saveAudioResponse(res, outputFile, 'ElevenLabs', signal);
      return { extension: 'mp3', cost: { characters: text.length, model } };
    });
  }
}
