import { baseUrl, setting } from '@/lib/config';
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
  /** The create request as Luma recorded it (callback_url included). */
  request?: { prompt?: unknown; callback_url?: unknown } | null;
}

/** `GET /generations?limit&offset` (the SDK's `generations.list`); newest first is assumed (UNCONFIRMED). */
const LOOKUP_PAGE = 100;
const LOOKUP_PAGES = 3;

export interface LumaConfig {
  apiKey: string;
  baseUrl: string;
  backoffMs?: number;
}

export function lumaConfigFromEnv(): LumaConfig | null {
  const apiKey = setting('LUMAAI_API_KEY');
  if (!apiKey) return null;
  return { apiKey, baseUrl: baseUrl('LUMAAI_BASE_URL') };
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
    const body = {
      model: s.model ?? setting('LUMA_VIDEO_MODEL') ?? LUMA_MODELS.default,
      prompt: s.prompt.slice(0, 2000),
      aspect_ratio: ratio,
      duration: `${duration}s`,
      generation_type: 'video',
      ...(s.imageUrl ? { keyframes: { frame0: { type: 'image', url: s.imageUrl } } } : {}),
      ...(s.callbackUrl ? { callback_url: s.callbackUrl } : {}),
    };
    if (s.callbackUrl) {
      // A submit whose answer was lost may have created the generation (and taken the credit). Luma
      // takes no client id, but it keeps the request, and our callback URL carries this try's own
      // job id and token: a listed generation with the same callback URL is ours.
      const existing = await this.findByCallback(s.callbackUrl, body.prompt);
      if (existing) return { providerJobId: existing };
    }
    const generation = await this.request<Generation>('POST', '/generations/video', body);
    if (typeof generation?.id !== 'string' || !generation.id) throw new ProviderError('Luma accepted the generation but returned no id', 'transient');
    return { providerJobId: generation.id };
  }

  /** The newest generations created with this callback URL and prompt, unless failed (a failed try is no one's to resume). */
  private async findByCallback(callbackUrl: string, prompt: string): Promise<string | null> {
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      let list: { generations?: unknown; has_more?: unknown };
      try {
        list = await this.request('GET', `/generations?limit=${LOOKUP_PAGE}&offset=${page * LOOKUP_PAGE}`);
      } catch (err) {
        // A host without the list (a proxy, an older API) cannot help: submit as before.
        if (err instanceof ProviderError && err.kind === 'permanent' && (err.status === 404 || err.status === 405)) return null;
        throw err;
      }
      const generations = Array.isArray(list?.generations) ? (list.generations as Generation[]) : [];
      const ours = generations.find((g) => g && typeof g.id === 'string' && g.request?.callback_url === callbackUrl && g.request?.prompt === prompt && g.state !== 'failed');
      if (ours) return ours.id;
      if (list?.has_more !== true || generations.length < LOOKUP_PAGE) return null;
    }
    return null;
  }

  async status(id: string): Promise<ProviderStatus> {
    const generation = await this.request<Generation>('GET', `/generations/${encodeURIComponent(id)}`);
    if (!generation || typeof generation !== 'object' || typeof generation.state !== 'string') throw new ProviderError('Luma answered about the generation without a state', 'transient', 200);
    const state = STATES[generation.state] ?? 'unknown';
    const video = generation.assets?.video;
    return {
      state,
      rawStatus: generation.state,
      outputs: state === 'succeeded' && typeof video === 'string' && video ? [video] : undefined,
      error: state === 'failed' ? { message: generation.failure_reason ?? 'Luma reported a failure' } : undefined,
    };
  }

  async cancel(id: string): Promise<void> {
    // Luma has no cancel; deleting the generation is the documented way to stop caring about it.
    await this.request('DELETE', `/generations/${encodeURIComponent(id)}`);
  }
}
