import { baseUrl, setting } from '@/lib/config';
import type { AspectRatio } from '@/lib/strategy';
import { createFalVerifier, type FalVerifier } from '@/lib/providers/webhooks/fal-signature';
import { providerRequest, ProviderError } from '@/lib/providers/http';
import {
  WebhookVerificationError,
  type ProviderState,
  type ProviderStatus,
  type VideoCapabilities,
  type VideoProvider,
  type VideoSubmission,
  type WebhookDelivery,
  type WebhookRequest,
} from './types';

// Pika through fal.ai's queue API (docs/providers.md §4): Pika has no self-serve API of its own and
// sends developers to fal. Auth is `Key`, not Bearer; the input JSON is posted unwrapped to the model
// path; status, result and cancel live under `owner/alias/requests/{id}` WITHOUT the model subpath;
// COMPLETED also covers failures; webhooks are signed with Ed25519 against fal's JWKS.

/** Model ids change; FAL_TEXT_MODEL / FAL_IMAGE_MODEL override (any fal model taking Pika's inputs). */
export const FAL_MODELS = {
  text: { default: 'fal-ai/pika/v2.2/text-to-video' },
  image: { default: 'fal-ai/pika/v2.2/image-to-video' },
};

/** Pika v2.2 text-to-video also offers 5:4, 3:2 and 2:3, which Cinemood does not plan; it has no 21:9. */
const RATIOS: AspectRatio[] = ['16:9', '9:16', '1:1', '4:5'];
const DURATIONS = [5, 10];

/** The three documented states; FAILED/CANCELED come from a third-party listing only (UNCONFIRMED). */
const STATES: Record<string, ProviderState> = {
  IN_QUEUE: 'pending',
  IN_PROGRESS: 'running',
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  CANCELED: 'canceled',
  CANCELLED: 'canceled',
};

/** A provider job id: the queue path below the base, e.g. `fal-ai/pika/requests/<uuid>`. */
const JOB_ID = /^[^/]+\/[^/]+\/requests\/[^/]+$/;

interface QueueStatus {
  status: string;
  queue_position?: number;
  metrics?: { inference_time?: number };
  error?: string | null;
  error_type?: string | null;
}

interface PikaResult {
  /** The key `video` is likely but UNCONFIRMED; `videos[]` is accepted in case. */
  video?: { url?: string } | null;
  videos?: Array<{ url?: string }> | null;
}

export interface FalConfig {
  apiKey: string;
  queueBaseUrl: string;
  jwksUrl: string;
  textModel: string;
  imageModel: string;
  backoffMs?: number;
}

export function falConfigFromEnv(): FalConfig | null {
  const apiKey = setting('FAL_KEY');
  if (!apiKey) return null;
  return {
    apiKey,
    queueBaseUrl: baseUrl('FAL_QUEUE_BASE_URL'),
    jwksUrl: setting('FAL_JWKS_URL'),
    textModel: setting('FAL_TEXT_MODEL') ?? FAL_MODELS.text.default,
    imageModel: setting('FAL_IMAGE_MODEL') ?? FAL_MODELS.image.default,
  };
}

/** fal's 422 detail is a string or a list of `{loc, msg, type}`. */
function detailMessage(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map((d: { msg?: unknown; loc?: unknown }) => [Array.isArray(d?.loc) ? d.loc.join('.') : '', d?.msg].filter(Boolean).join(': ')).join('; ');
  return JSON.stringify(detail).slice(0, 300);
}

/**
 * Providers are built per request from the environment, so the verifier (and its 24 h JWKS cache)
 * lives here, one per JWKS URL, or every webhook would fetch the key set again.
 */
const verifiers = new Map<string, FalVerifier>();
function sharedVerifier(jwksUrl: string): FalVerifier {
  const known = verifiers.get(jwksUrl);
  if (known) return known;
  const verifier = createFalVerifier({ jwksUrl });
  verifiers.set(jwksUrl, verifier);
  return verifier;
}

export class FalProvider implements VideoProvider {
  readonly name = 'fal';
  /** One per provider instance, so its JWKS cache lives as long as the provider. */
  private readonly verifier: FalVerifier;

  constructor(private readonly config: FalConfig) {
    this.verifier = sharedVerifier(config.jwksUrl);
  }

  capabilities(): VideoCapabilities {
    return {
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: RATIOS,
      durations: DURATIONS,
      models: [...new Set([this.config.textModel, this.config.imageModel])],
      defaultModel: this.config.textModel,
      webhooks: true,
      webhookAuth: 'fal-ed25519',
      // No documented pace; status reads are cheap queue lookups, and 2 s is plenty for a video.
      minPollSeconds: 2,
    };
  }

  private request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, classify?: (status: number, body: unknown) => 'transient' | 'permanent' | undefined) {
    return providerRequest<T>({ method, url: `${this.config.queueBaseUrl}/${path}`, headers: { Authorization: `Key ${this.config.apiKey}` }, body, backoffMs: this.config.backoffMs, classify });
  }

  async submit(s: VideoSubmission): Promise<{ providerJobId: string }> {
    const image = s.generationType === 'image_to_video';
    if (image && !s.imageUrl) throw new ProviderError('image-to-video needs an image URL fal can fetch', 'permanent');
    // Image-to-video takes no aspect_ratio (the image decides), so the ratio only limits text.
    if (!image && !RATIOS.includes(s.aspectRatio)) throw new ProviderError(`Pika on fal has no ${s.aspectRatio} output`, 'permanent');
    const model = s.model ?? (image ? this.config.imageModel : this.config.textModel);
    const [owner, alias] = model.split('/');
    if (!owner || !alias) throw new ProviderError(`"${model}" is not a fal model id (owner/alias[/subpath])`, 'permanent');
    // Pika renders 5 s or 10 s, an integer: the nearer one is asked for.
    const duration = DURATIONS.reduce((best, d) => (Math.abs(d - s.durationSeconds) < Math.abs(best - s.durationSeconds) ? d : best));
    const input = {
      prompt: s.prompt,
      ...(s.negativePrompt ? { negative_prompt: s.negativePrompt } : {}),
      ...(image ? { image_url: s.imageUrl } : { aspect_ratio: s.aspectRatio }),
      // 1080p costs more and the pipeline targets 720p masters.
      resolution: '720p',
      duration,
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
    };
    const query = s.callbackUrl ? `?fal_webhook=${encodeURIComponent(s.callbackUrl)}` : '';
    const queued = await this.request<{ request_id?: string }>('POST', `${model}${query}`, input);
    if (typeof queued?.request_id !== 'string' || !queued.request_id) throw new ProviderError('fal accepted the request but returned no request_id', 'transient');
    // Status, result and cancel use only owner/alias. The returned status_url/response_url say the
    // same; building them from the configured base keeps tests and proxies pointing at one place.
    return { providerJobId: `${owner}/${alias}/requests/${queued.request_id}` };
  }

  private jobPath(id: string): string {
    if (!JOB_ID.test(id)) throw new ProviderError(`"${id}" is not a fal job id (owner/alias/requests/id)`, 'permanent');
    return id;
  }

  async status(id: string): Promise<ProviderStatus> {
    const queue = await this.request<QueueStatus>('GET', `${this.jobPath(id)}/status?logs=1`);
    if (!queue || typeof queue !== 'object' || typeof queue.status !== 'string') throw new ProviderError('fal answered about the request without a status', 'transient', 200);
    const rawStatus = queue.status;
    const state = STATES[rawStatus] ?? 'unknown';
    const cost = typeof queue.metrics?.inference_time === 'number' ? { inference_time: queue.metrics.inference_time } : undefined;
    // fal reports a queue position and logs, never a percentage: no progress.
    const failed = (message: string, code?: string): ProviderStatus => ({ state: 'failed', rawStatus, error: { message, code }, cost });
    if (state === 'canceled') return { state, rawStatus };
    if (queue.error || queue.error_type || state === 'failed') return failed(queue.error || queue.error_type || 'fal reported a failure', queue.error_type ?? undefined);
    if (state !== 'succeeded') return { state, rawStatus };
    return this.result(id, rawStatus, cost, failed);
  }

  /** COMPLETED also covers failures: only the result says which. */
  private async result(id: string, rawStatus: string, cost: ProviderStatus['cost'], failed: (message: string, code?: string) => ProviderStatus): Promise<ProviderStatus> {
    let detail: unknown;
    // An error answer with `detail` (e.g. the model's 422) is the job's outcome, final. 401/403 are
    // about our key and 429 about our concurrency, so those keep the usual handling.
    const classify = (status: number, body: unknown) => {
      if ([401, 403, 429].includes(status) || !body || typeof body !== 'object' || !('detail' in body)) return undefined;
      detail = (body as { detail: unknown }).detail;
      return 'permanent' as const;
    };
    try {
      const result = await this.request<PikaResult>('GET', this.jobPath(id), undefined, classify);
      // Not an object at all is a garbled answer, not a result without a video: looked at again.
      if (!result || typeof result !== 'object' || Array.isArray(result)) throw new ProviderError('fal answered the result with something that is not a result object', 'transient', 200);
      const found = result.video?.url ?? result.videos?.[0]?.url;
      const url = typeof found === 'string' ? found : undefined;
      // A completed result without a video is not going to grow one: fail it so someone looks.
      if (!url) return failed('fal completed without a video URL in the result', 'no_output');
      return { state: 'succeeded', rawStatus, outputs: [url], cost };
    } catch (err) {
      if (err instanceof ProviderError && detail !== undefined) return failed(detailMessage(detail), err.status ? String(err.status) : undefined);
      throw err;
    }
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.request('PUT', `${this.jobPath(id)}/cancel`);
    } catch (err) {
      // fal cancels only before processing starts; afterwards (or for a finished or unknown request)
      // it refuses with a 4xx. Nothing more can be done then, so that is not an error for the caller.
      // A refused key (401/403) still is.
      if (err instanceof ProviderError && err.kind === 'permanent' && err.status !== 401 && err.status !== 403) return;
      throw err;
    }
  }

  async parseWebhook(req: WebhookRequest): Promise<WebhookDelivery> {
    const signed = await this.verifier.verify(req);
    let body: { request_id?: unknown; status?: unknown };
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      throw new WebhookVerificationError('the fal webhook body is not JSON');
    }
    // Both the header and the body are covered by the signature; the body's id is the queue's own.
    const requestId = typeof body?.request_id === 'string' ? body.request_id : signed.requestId;
    // fal re-sends a delivery it thinks failed, freshly signed (a new timestamp): keying on the request
    // and its outcome makes those retries collapse into one, where a timestamp-based id would not.
    return { providerJobId: requestId, deliveryId: `${requestId}:${String(body?.status ?? 'unknown')}` };
  }
}
