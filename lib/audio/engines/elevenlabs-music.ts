import { providerFetch } from '@/lib/providers/http';
import type { MusicEngine, MusicRequest } from '../types';
import { AudioEngineError } from '../types';
import { ELEVENLABS_OUTPUT_FORMAT, type ElevenLabsConfig } from './elevenlabs-speech';
import { guarded, saveAudioResponse, withSignal } from './shared';

// ElevenLabs Music (docs/providers.md §7, §9): POST /v1/music?output_format=…, `xi-api-key`,
// JSON {prompt, music_length_ms 3000–600000, model_id music_v1|music_v2, force_instrumental};
// synchronous, the answer is the audio bytes.

export const ELEVENLABS_MUSIC_MODELS = ['music_v1', 'music_v2'];
const MIN_MS = 3_000;
const MAX_MS = 600_000;

export class ElevenLabsMusicEngine implements MusicEngine {
  readonly name = 'elevenlabs';
  readonly local = false;
  constructor(private readonly config: Pick<ElevenLabsConfig, 'apiKey' | 'baseUrl' | 'backoffMs'>) {}

  async compose(request: MusicRequest, outputFile: string, signal?: AbortSignal) {
    return guarded('ElevenLabs', async () => {
      const prompt = request.prompt?.trim();
      if (!prompt) throw new AudioEngineError('ElevenLabs: the music prompt is empty', 'permanent');
      if (!(request.durationSeconds > 0)) throw new AudioEngineError('ElevenLabs: the music duration must be positive', 'permanent');
      const model = request.model || 'music_v1';
      if (!ELEVENLABS_MUSIC_MODELS.includes(model)) throw new AudioEngineError(`ElevenLabs: "${model}" is not a music model (${ELEVENLABS_MUSIC_MODELS.join(', ')})`, 'permanent');
      // Clamped into the documented 3 s–10 min; `details` says what was asked and what was sent.
      const requestedMs = Math.round(request.durationSeconds * 1000);
      const lengthMs = Math.min(MAX_MS, Math.max(MIN_MS, requestedMs));
      // Score under picture: instrumental unless the caller explicitly allows vocals. The request's
      // seed is not sent: §7 lists `seed` but not whether it combines with `prompt` (UNCONFIRMED).
      const instrumental = request.instrumental !== false;
      const res = await withSignal(
        providerFetch({
          method: 'POST',
          url: `${this.config.baseUrl}/v1/music?output_format=${ELEVENLABS_OUTPUT_FORMAT}`,
          headers: { 'xi-api-key': this.config.apiKey, accept: 'audio/mpeg' },
          body: { prompt, music_length_ms: lengthMs, model_id: model, force_instrumental: instrumental },
          // Generation is synchronous and can take minutes for long pieces.
          timeoutMs: 600_000,
          backoffMs: this.config.backoffMs,
        }),
        signal,
        'ElevenLabs',
      );
      await saveAudioResponse(res, outputFile, 'ElevenLabs', signal);
      return {
        extension: 'mp3',
        cost: { music_length_ms: lengthMs, model },
        details: { requestedDurationSeconds: request.durationSeconds, sentLengthMs: lengthMs, clamped: lengthMs !== requestedMs, forceInstrumental: instrumental },
      };
    });
  }
}
