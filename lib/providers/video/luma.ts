import type { AspectRatio } from '@/lib/strategy';
import { providerRequest, ProviderError } from '@/lib/providers/http';
import type { ProviderState, ProviderStatus, VideoCapabilities, VideoProvider, VideoSubmission } from './types';

// Luma Dream Machine (docs/providers.md §3): `POST /generations/video`, the `state` field,
// `assets.video`, duration as a string. Callbacks carry no signature; they are only a hint to
// re-fetch (the webhook route is still to come), so this adapter is used by polling.

/** Model lists change; LUMA_VIDEO_MODEL overrides. Newer models than the SDK read (Oct 2025) are UNCONFIRMED. */
export const LUMA_MODELS = { default: 'ray-2', all: ['ray-1-6', 'ray-2', 'ray-flash-2'] };

/** Luma takes ratio strings; 4:5 has no exact match, so the nearest (3:4) is sent. */
const RATIOS: Partial<Record<AspectRatio, string>> = { '16:9': '16:9', '9:16': '9:16', '1:1': '1:1', '4:5': '3:4', '21:9': '21:9' };
const DURATIONS = [5, 9];

const STATES: Record<string, ProviderState> = { queued: 'pending', dreaming: 'running', completed: 'succeeded', failed: 'failed' };

interface Generation {
  id: string;
  state: string;
  failure_reason?: string | null;
  assets?: { video?: string | null } | null;
}

export interface LumaConfig {
  apiKey: string;
  baseUrl: string;
  backoffMs?: number;
}

export function lumaConfigFromEnv(): LumaConfig | null {
  const apiKey = process.env.LUMAAI_API_KEY;
  if (!apiKey) return null;
  return { apiKey, baseUrl: (process.env.LUMAAI_BASE_URL ?? 'https://api.lumalabs.ai/dream-machine/v1').replace(/\/$/, '') };
}

export class LumaProvider implements VideoProvider {
  readonly name = 'luma';
  constructor(private readonly config: LumaConfig) {}

  capabilities(): VideoCapabilities {
    return {
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: Object.keys(RATIOS) as AspectRatio[],
      durations: DURATIONS,
      models: LUMA_MODELS.all,
      defaultModel: LUMA_MODELS.default,
      webhooks: true,
      // No documented pace; the SDK's own examples wait a few seconds between looks.
      minPollSeconds: 3,
    };
  }

  private request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    return providerRequest<T>({ method, url: `${this.config.baseUrl}${path}`, headers: { Authorization: `Bearer ${this.config.apiKey}` }, body, backoffMs: this.config.backoffMs });
  }

  async submit(s: VideoSubmission): Promise<{ providerJobId: string }> {
    const ratio = RATIOS[s.aspectRatio];
    if (!ratio) throw new ProviderError(`Luma has no ${s.aspectRatio} output`, 'permanent');
    if (s.generationType === 'image_to_video' && !s.imageUrl) throw new ProviderError('image-to-video needs an image URL Luma can fetch', 'permanent');
    // Luma offers 5 s and 9 s only: the nearer one is asked for.
    const duration = DURATIONS.reduce((best, d) => (Math.abs(d - s.durationSeconds) < Math.abs(best - s.durationSeconds) ? d : best));
    const generation = await this.request<Generation>('POST', '/generations/video', {
      model: s.model ?? process.env.LUMA_VIDEO_MODEL ?? LUMA_MODELS.default,
      prompt: s.prompt.slice(0, 2000),
      aspect_ratio: ratio,
      duration: `${duration}s`,
      generation_type: 'video',
      ...(s.imageUrl ? { keyframes: { frame0: { type: 'image', url: s.imageUrl } } } : {}),
      ...(s.callbackUrl ? { callback_url: s.callbackUrl } : {}),
    });
    if (!generation?.id) throw new ProviderError('Luma accepted the generation but returned no id', 'transient');
    return { providerJobId: generation.id };
  }

  async status(id: string): Promise<ProviderStatus> {
    const generation = await this.request<Generation>('GET', `/generations/${encodeURIComponent(id)}`);
    const state = STATES[generation.state] ?? 'unknown';
    const video = generation.assets?.video;
    return {
      state,
      rawStatus: generation.state,
      outputs: state === 'succeeded' && video ? [video] : undefined,
      error: state === 'failed' ? { message: generation.failure_reason ?? 'Luma reported a failure' } : undefined,
    };
  }

  async cancel(id: string): Promise<void> {
    // Luma has no cancel; deleting the generation is the documented way to stop caring about it.
    await this.request('DELETE', `/generations/${encodeURIComponent(id)}`);
  }
}
