import { baseUrl, setting } from '@/lib/config';
import type { AspectRatio } from '@/lib/strategy';
import { verifyStandardWebhook } from '@/lib/providers/webhooks/standard-webhooks';
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

// Replicate predictions (docs/providers.md §5): one lifecycle for every model, but each model has
// its own input schema and `output` shape. Callbacks are signed with Standard Webhooks (§10), so
// they are only requested when REPLICATE_WEBHOOK_SECRET is set and we can verify them.

/**
 * Official models (no version hash needed); REPLICATE_TEXT_MODEL / REPLICATE_IMAGE_MODEL override,
 * and `owner/name:versionhash` pins a community model. Wan 2.2 fast takes `prompt`, `aspect_ratio`
 * (16:9 | 9:16), `seed`, and (i2v) `image`, per the version schema on replicate.com; it makes 81
 * frames at 16 fps ≈ 5 s by default. Other models' input names are UNCONFIRMED: an override must
 * accept `prompt` (+ `image` for image-to-video), or Replicate answers 422.
 */
export const REPLICATE_MODELS = {
  text: { default: 'wan-video/wan-2.2-t2v-fast', all: ['wan-video/wan-2.2-t2v-fast'] },
  image: { default: 'wan-video/wan-2.2-i2v-fast', all: ['wan-video/wan-2.2-i2v-fast'] },
};

/** What the default text model documents; 1:1 is not in its aspect_ratio enum. */
const RATIOS: AspectRatio[] = ['16:9', '9:16'];

const STATES: Record<string, ProviderState> = {
  starting: 'pending',
  processing: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
  // aborted: a Cancel-After deadline passed before it started; mapped to failed below.
  aborted: 'failed',
};

interface Prediction {
  id: string;
  status: string;
  output?: unknown;
  error?: unknown;
  metrics?: { predict_time?: number } | null;
  input?: { prompt?: unknown } | null;
  webhook?: unknown;
}

/** Pages of `GET /predictions` (the SDK's `predictions.list`, newest first) looked through for a lost create. */
const LOOKUP_PAGES = 3;

export interface ReplicateConfig {
  apiToken: string;
  baseUrl: string;
  /** `whsec_…` from GET /v1/webhooks/default/secret; without it we poll only. */
  webhookSecret?: string;
  backoffMs?: number;
}

export function replicateConfigFromEnv(): ReplicateConfig | null {
  const apiToken = setting('REPLICATE_API_TOKEN');
  if (!apiToken) return null;
  return {
    apiToken,
    baseUrl: baseUrl('REPLICATE_BASE_URL'),
    webhookSecret: setting('REPLICATE_WEBHOOK_SECRET'),
  };
}

/** `output` has no fixed shape: a URL, a list of URLs, or objects holding one; collect the http(s) URLs. */
export function outputUrls(output: unknown): string[] {
  if (typeof output === 'string') return /^https?:\/\//.test(output) ? [output] : [];
  if (Array.isArray(output)) return output.flatMap(outputUrls);
  if (output && typeof output === 'object') {
    const o = output as { video?: unknown; url?: unknown };
    return outputUrls(o.video ?? o.url);
  }
  return [];
}

/** `owner/name` → the official-model route; `owner/name:version` → POST /predictions with the version. */
function route(model: string): { path: string; version?: string } {
  const match = /^([\w.-]+)\/([\w.-]+)(?::(\w+))?$/.exec(model);
  if (!match) throw new ProviderError(`"${model}" is not a Replicate model (owner/name or owner/name:version)`, 'permanent');
  const [, owner, name, version] = match;
  return version ? { path: '/predictions', version } : { path: `/models/${owner}/${name}/predictions` };
}

export class ReplicateProvider implements VideoProvider {
  readonly name = 'replicate';
  constructor(private readonly config: ReplicateConfig) {}

  capabilities(): VideoCapabilities {
    return {
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: RATIOS,
      // The default models' length (81 frames at 16 fps); duration is not sent. UNCONFIRMED for overrides.
      durations: [5],
      models: [...new Set([...REPLICATE_MODELS.text.all, ...REPLICATE_MODELS.image.all])],
      defaultModel: REPLICATE_MODELS.text.default,
      webhooks: !!this.config.webhookSecret,
      webhookAuth: 'standard-webhooks',
      // Reads are limited to 3000/min, so a short interval is safe.
      minPollSeconds: 2,
    };
  }

  private request<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
    // 429s ({"detail": …}) are retried by providerRequest, honouring Retry-After.
    return providerRequest<T>({ method, url: `${this.config.baseUrl}${path}`, headers: { Authorization: `Bearer ${this.config.apiToken}` }, body, backoffMs: this.config.backoffMs });
  }

  async submit(s: VideoSubmission): Promise<{ providerJobId: string }> {
    const image = s.generationType === 'image_to_video';
    if (image && !s.imageUrl) throw new ProviderError('image-to-video needs an image URL Replicate can fetch', 'permanent');
    if (!image && !RATIOS.includes(s.aspectRatio)) throw new ProviderError(`Replicate's text model has no ${s.aspectRatio} output`, 'permanent');
    const model = s.model ?? (image ? setting('REPLICATE_IMAGE_MODEL') ?? REPLICATE_MODELS.image.default : setting('REPLICATE_TEXT_MODEL') ?? REPLICATE_MODELS.text.default);
    const { path, version } = route(model);
    const input = {
      prompt: s.prompt,
      // Image-to-video takes its framing from the image (Wan i2v has no aspect_ratio input, UNCONFIRMED).
      ...(image ? { image: s.imageUrl } : { aspect_ratio: s.aspectRatio }),
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
    };
    // Only `completed`: one delivery at the end. `start`/`output`/`logs` carry nothing we act on,
    // and the handler re-reads the prediction anyway.
    const webhook = s.callbackUrl && this.config.webhookSecret ? { webhook: s.callbackUrl, webhook_events_filter: ['completed'] } : {};
    if (webhook.webhook) {
      // A create whose answer was lost may have started the prediction (and the bill). Replicate takes
      // no client id, but a prediction keeps its webhook, and ours carries this try's own job id and
      // token: a listed prediction with the same webhook is ours. Without a webhook nothing marks it.
      const existing = await this.findByWebhook(webhook.webhook, s.prompt);
      if (existing) return { providerJobId: existing };
    }
    const prediction = await this.request<{ id?: string }>('POST', path, { ...(version ? { version } : {}), input, ...webhook });
    if (typeof prediction?.id !== 'string' || !prediction.id) throw new ProviderError('Replicate accepted the prediction but returned no id', 'transient');
    return { providerJobId: prediction.id };
  }

  /** A recent prediction made with this webhook and prompt that did not end badly (a failed try is no one's to resume). */
  private async findByWebhook(webhookUrl: string, prompt: string): Promise<string | null> {
    let path = '/predictions';
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      let list: { results?: unknown; next?: unknown };
      try {
        list = await this.request('GET', path);
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'permanent' && (err.status === 404 || err.status === 405)) return null;
        throw err;
      }
      const results = Array.isArray(list?.results) ? (list.results as Prediction[]) : [];
      const ours = results.find((p) => p && typeof p.id === 'string' && p.webhook === webhookUrl && p.input?.prompt === prompt && !['failed', 'canceled', 'aborted'].includes(p.status));
      if (ours) return ours.id;
      // `next` is a full URL; our token goes only to our own API base.
      const next = typeof list?.next === 'string' ? list.next : '';
      if (!next.startsWith(`${this.config.baseUrl}/`)) return null;
      path = next.slice(this.config.baseUrl.length);
    }
    return null;
  }

  async status(id: string): Promise<ProviderStatus> {
    const p = await this.request<Prediction>('GET', `/predictions/${encodeURIComponent(id)}`);
    if (!p || typeof p !== 'object' || typeof p.status !== 'string') throw new ProviderError('Replicate answered about the prediction without a status', 'transient', 200);
    const state = STATES[p.status] ?? 'unknown';
    const predictTime = p.metrics?.predict_time;
    let error: ProviderStatus['error'];
    if (p.status === 'aborted') error = { message: 'Replicate aborted the prediction before it started (its deadline passed)', code: 'aborted' };
    else if (state === 'failed') error = { message: p.error ? String(p.error) : 'Replicate reported a failure' };
    return {
      state,
      rawStatus: p.status,
      outputs: state === 'succeeded' ? outputUrls(p.output) : undefined,
      error,
      cost: typeof predictTime === 'number' ? { predict_time: predictTime } : undefined,
    };
  }

  async cancel(id: string): Promise<void> {
    await this.request('POST', `/predictions/${encodeURIComponent(id)}/cancel`);
  }

  async parseWebhook({ rawBody, headers }: WebhookRequest): Promise<WebhookDelivery> {
    const secret = this.config.webhookSecret;
    if (!secret) throw new WebhookVerificationError('REPLICATE_WEBHOOK_SECRET is not set, so Replicate webhooks cannot be verified');
    const { id: deliveryId } = verifyStandardWebhook({ secret, headers, rawBody });
    let body: { id?: unknown };
    try {
      body = JSON.parse(rawBody.toString('utf8')) as { id?: unknown };
    } catch {
      throw new WebhookVerificationError('the webhook body is not JSON');
    }
    if (typeof body?.id !== 'string' || !body.id) throw new WebhookVerificationError('the webhook body carries no prediction id');
    return { providerJobId: body.id, deliveryId };
  }
}
