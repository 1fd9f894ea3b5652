import { baseUrl, setting } from '@/lib/config';
import type { AspectRatio } from '@/lib/strategy';
import { providerRequest, ProviderError } from '@/lib/providers/http';
import type { ProviderState, ProviderStatus, VideoCapabilities, VideoProvider, VideoSubmission } from './types';

// Runway API, X-Runway-Version 2024-11-06 (docs/providers.md §1): camelCase bodies, pixel
// ratios, poll-only (no webhooks), outputs that expire in 24–48 h.

const API_VERSION = '2024-11-06';

/** Model lists change often, so they are configuration: RUNWAY_TEXT_MODEL / RUNWAY_IMAGE_MODEL override. */
export const RUNWAY_MODELS = {
  text: { default: 'gen4.5', all: ['gen4.5', 'veo3.1', 'veo3.1_fast', 'veo3'] },
  image: { default: 'gen4_turbo', all: ['gen4.5', 'gen4_turbo', 'veo3.1', 'veo3.1_fast', 'veo3'] },
};

/** Cinemood aspect → Runway pixel ratio (gen4 family); text-to-video on gen4.5 offers only the first two. */
const RATIOS: Partial<Record<AspectRatio, string>> = {
  '16:9': '1280:720',
  '9:16': '720:1280',
  '1:1': '960:960',
  '4:5': '832:1104',
  '21:9': '1584:672',
};

const STATES: Record<string, ProviderState> = {
  PENDING: 'pending',
  THROTTLED: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'canceled',
};

interface RunwayTask {
  id: string;
  status: string;
  progress?: number;
  output?: string[];
  failure?: string;
  failureCode?: string;
}

export interface RunwayConfig {
  apiSecret: string;
  baseUrl: string;
  backoffMs?: number;
}

export function runwayConfigFromEnv(): RunwayConfig | null {
  const apiSecret = setting('RUNWAYML_API_SECRET');
  if (!apiSecret) return null;
  return { apiSecret, baseUrl: baseUrl('RUNWAYML_BASE_URL') };
}

export class RunwayProvider implements VideoProvider {
  readonly name = 'runway';
  constructor(private readonly config: RunwayConfig) {}

  capabilities(): VideoCapabilities {
    return {
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: Object.keys(RATIOS) as AspectRatio[],
      durations: [2, 3, 4, 5, 6, 7, 8, 9, 10],
      models: [...new Set([...RUNWAY_MODELS.text.all, ...RUNWAY_MODELS.image.all])],
      defaultModel: RUNWAY_MODELS.text.default,
      webhooks: false,
      // The API documents no faster updates than every 5 s.
      minPollSeconds: 5,
    };
  }

  private request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    return providerRequest<T>({
      method,
      url: `${this.config.baseUrl}${path}`,
      headers: { Authorization: `Bearer ${this.config.apiSecret}`, 'X-Runway-Version': API_VERSION },
      body,
      backoffMs: this.config.backoffMs,
    });
  }

  async submit(s: VideoSubmission): Promise<{ providerJobId: string }> {
    const ratio = RATIOS[s.aspectRatio];
    if (!ratio) throw new ProviderError(`Runway has no ${s.aspectRatio} output`, 'permanent');
    const duration = Math.min(10, Math.max(2, Math.round(s.durationSeconds)));
    const image = s.generationType === 'image_to_video';
    if (image && !s.imageUrl) throw new ProviderError('image-to-video needs an image URL Runway can fetch', 'permanent');
    const model = s.model ?? (image ? setting('RUNWAY_IMAGE_MODEL') ?? RUNWAY_MODELS.image.default : setting('RUNWAY_TEXT_MODEL') ?? RUNWAY_MODELS.text.default);
    const body = {
      model,
      promptText: s.prompt.slice(0, 1000),
      ratio,
      duration,
      ...(image ? { promptImage: s.imageUrl } : {}),
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
    };
    const task = await this.request<{ id?: string }>('POST', image ? '/v1/image_to_video' : '/v1/text_to_video', body);
    if (typeof task?.id !== 'string' || !task.id) throw new ProviderError('Runway accepted the task but returned no id', 'transient');
    return { providerJobId: task.id };
  }

  async status(id: string): Promise<ProviderStatus> {
    const task = await this.request<RunwayTask>('GET', `/v1/tasks/${encodeURIComponent(id)}`);
    // Not a task (garbled, or a proxy's JSON): a fault on the way, looked at again later.
    if (!task || typeof task !== 'object' || typeof task.status !== 'string') throw new ProviderError('Runway answered about the task without a status', 'transient', 200);
    const state = STATES[task.status] ?? 'unknown';
    return {
      state,
      rawStatus: task.status,
      // The SDK types progress as a plain number; a fraction of 1 is assumed, a percentage tolerated (UNCONFIRMED).
      progress: typeof task.progress === 'number' ? Math.round(task.progress <= 1 ? task.progress * 100 : task.progress) : undefined,
      outputs: state === 'succeeded' ? (Array.isArray(task.output) ? task.output.filter((u): u is string => typeof u === 'string') : []) : undefined,
      error: state === 'failed' ? { message: task.failure ?? 'Runway reported a failure', code: task.failureCode } : undefined,
    };
  }

  async cancel(id: string): Promise<void> {
    await this.request('DELETE', `/v1/tasks/${encodeURIComponent(id)}`);
  }
}
