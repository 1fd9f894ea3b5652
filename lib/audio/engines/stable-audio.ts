import { baseUrl, setting } from '@/lib/config';
import { providerFetch } from '@/lib/providers/http';
import type { MusicEngine, MusicRequest } from '../types';
import { AudioEngineError } from '../types';
import { guarded, numericSeed, saveAudioResponse, withSignal } from './shared';

// Stability Stable Audio 2.x (docs/providers.md §9): POST /v2beta/audio/stable-audio-2/text-to-audio,
// multipart, Bearer auth, `Accept: audio/*` for raw bytes; synchronous, no webhook. The field names
// come from public clients and the ranges (duration 1–190 s) are UNCONFIRMED against Stability's
// own reference. Errors look like Stability's other v2beta APIs: {id, name, errors[]}.

export interface StableAudioConfig {
  apiKey: string;
  baseUrl: string;
  backoffMs?: number;
}

export function stableAudioConfigFromEnv(): StableAudioConfig | null {
  const apiKey = setting('STABILITY_API_KEY');
  if (!apiKey) return null;
  return { apiKey, baseUrl: baseUrl('STABILITY_BASE_URL') };
}

const MIN_SECONDS = 1;
const MAX_SECONDS = 190;

export class StableAudioEngine implements MusicEngine {
  readonly name = 'stable-audio';
  readonly local = false;
  constructor(private readonly config: StableAudioConfig) {}

  async compose(request: MusicRequest, outputFile: string, signal?: AbortSignal) {
    return guarded('Stable Audio', async () => {
      const prompt = request.prompt?.trim();
      if (!prompt) throw new AudioEngineError('Stable Audio: the music prompt is empty', 'permanent');
      if (!(request.durationSeconds > 0)) throw new AudioEngineError('Stable Audio: the music duration must be positive', 'permanent');
      // Clamped into 1–190 s (UNCONFIRMED range); whole seconds, as public clients send it.
      const duration = Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, Math.round(request.durationSeconds)));
      const seed = numericSeed(request.seed, 4_294_967_294);
      const form = new FormData();
      // Instrumental is the model's nature (Stable Audio makes no sung lyrics); nothing to send for it.
      form.append('prompt', prompt);
      form.append('duration', String(duration));
      form.append('output_format', 'mp3');
      if (seed !== undefined) form.append('seed', String(seed));
      if (request.model) form.append('model', request.model);
      const res = await withSignal(
        providerFetch({
          method: 'POST',
          url: `${this.config.baseUrl}/v2beta/audio/stable-audio-2/text-to-audio`,
          headers: { Authorization: `Bearer ${this.config.apiKey}`, accept: 'audio/*' },
          body: form,
          timeoutMs: 300_000,
          backoffMs: this.config.backoffMs,
        }),
        signal,
        'Stable Audio',
      );
      // Stability's image APIs answer 200 with a `finish-reason: CONTENT_FILTERED` header and a
      // placeholder; assumed the same here (UNCONFIRMED for audio).
      if (res.headers.get('finish-reason') === 'CONTENT_FILTERED') {
        await res.body?.cancel();
        throw new AudioEngineError('Stable Audio: the prompt was blocked by content moderation (CONTENT_FILTERED)', 'permanent');
      }
      await saveAudioResponse(res, outputFile, 'Stable Audio', signal);
      const returnedSeed = res.headers.get('seed') ?? (seed !== undefined ? String(seed) : undefined);
      return {
        extension: 'mp3',
        cost: { duration_seconds: duration },
        details: { requestedDurationSeconds: request.durationSeconds, sentDurationSeconds: duration, ...(returnedSeed ? { seed: returnedSeed } : {}) },
      };
    });
  }
}
