import { createHmac } from 'node:crypto';
import { baseUrl, setting } from '@/lib/config';
import type { AspectRatio } from '@/lib/strategy';
import { providerRequest, ProviderError } from '@/lib/providers/http';
import type { ProviderState, ProviderStatus, VideoCapabilities, VideoProvider, VideoSubmission } from './types';

// Kling AI (docs/providers.md §2): a fresh HS256 JWT per request, every answer wrapped in
// {code, message, request_id, data}, `duration` as a string, the status spelled `succeed`.
// Callbacks carry no documented signature, so the webhook route checks a per-job token in the
// callback URL and re-fetches through status(); this adapter therefore has no parseWebhook.

/**
 * Model lists change; KLING_VIDEO_MODEL overrides the default. Durations follow docs/providers.md §2's summary
 * of Kling's "Capability Map" (v1/v2.x: 5|10 s, v3: 3–15 s); the map itself was not read, so finer
 * limits (e.g. which models accept `mode: 'std'`) are UNCONFIRMED. The default is UNCONFIRMED too:
 * the API's own default is kling-v1, the oldest, so a newer model that both endpoints list is used.
 */
export const KLING_MODELS = {
  default: 'kling-v2-1-master',
  text: ['kling-v1', 'kling-v1-6', 'kling-v2-master', 'kling-v2-1-master', 'kling-v2-5-turbo', 'kling-v2-6', 'kling-v3'],
  /** image2video accepts these on top of the text models. */
  imageOnly: ['kling-v1-5', 'kling-v2-1'],
  durations: { 'kling-v3': [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] } as Record<string, number[]>,
  defaultDurations: [5, 10],
};

const ASPECTS: AspectRatio[] = ['16:9', '9:16', '1:1'];
const STATES: Record<string, ProviderState> = { submitted: 'pending', processing: 'running', succeed: 'succeeded', failed: 'failed' };

/** Envelope codes (docs/providers.md §2, error table). 1004 = token expired: the next call signs a fresh token. */
const TRANSIENT_CODES = new Set([1004, 1302, 1303, 5000, 5001, 5002]);
const PERMANENT_CODES = new Set([1000, 1001, 1002, 1003, 1100, 1101, 1102, 1103, 1200, 1201, 1202, 1203, 1300, 1301, 1304]);
/** 429 also means "out of credit": account problem, arrears, resource pack used up. */
const BILLING_CODES = new Set([1100, 1101, 1102]);

/** Kling's codes decide, since 429 covers both billing (permanent) and concurrency (transient); unknown codes fall back to HTTP. */
function classify(_status: number, body: unknown): 'transient' | 'permanent' | undefined {
  const code = Number((body as { code?: unknown } | null)?.code);
  if (TRANSIENT_CODES.has(code)) return 'transient';
  if (PERMANENT_CODES.has(code)) return 'permanent';
  return undefined;
}

/** Billing refusals get their own message prefix and code, so the dashboard tells "top up" from "bad request". */
function withBilling(err: ProviderError): ProviderError {
  if (!BILLING_CODES.has(Number(err.code))) return err;
  return new ProviderError(`Kling billing: ${err.message}`, 'permanent', err.status, `billing_${err.code}`);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The documented token: HS256, iss = access key, 30-min life, nbf 5 s back for clock skew. */
export function klingToken(accessKey: string, secretKey: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss: accessKey, exp: nowSeconds + 1800, nbf: nowSeconds - 5 })}`;
  return `${unsigned}.${createHmac('sha256', secretKey).update(unsigned).digest('base64url')}`;
}

type Envelope<T> = { code: number; message?: string; request_id?: string; data?: T };

interface KlingTask {
  task_id: string;
  task_status: string;
  task_status_msg?: string;
  task_result?: { videos?: Array<{ id?: string; url?: string; duration?: string }> };
  final_unit_deduction?: unknown;
}

export interface KlingConfig {
  accessKey: string;
  secretKey: string;
  baseUrl: string;
  model?: string;
  backoffMs?: number;
}

export function klingConfigFromEnv(): KlingConfig | null {
  const accessKey = setting('KLING_ACCESS_KEY');
  const secretKey = setting('KLING_SECRET_KEY');
  if (!accessKey || !secretKey) return null;
  // The Singapore host replaced api.klingai.com for servers outside China (the KLING_BASE_URL default).
  return { accessKey, secretKey, baseUrl: baseUrl('KLING_BASE_URL'), model: setting('KLING_VIDEO_MODEL') };
}

export class KlingProvider implements VideoProvider {
  readonly name = 'kling';
  constructor(private readonly config: KlingConfig) {}

  capabilities(): VideoCapabilities {
    return {
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: ASPECTS,
      durations: KLING_MODELS.defaultDurations,
      models: [...KLING_MODELS.text, ...KLING_MODELS.imageOnly],
      defaultModel: this.config.model ?? KLING_MODELS.default,
      webhooks: true,
      webhookAuth: 'token',
      // Queries cost no concurrency and have no QPS limit, but renders take minutes: 5 s is well
      // above the docs' ≥1 s backoff floor without making a finished clip wait noticeably.
      minPollSeconds: 5,
    };
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let envelope: Envelope<T>;
    try {
      envelope = await providerRequest<Envelope<T>>({
        method,
        url: `${this.config.baseUrl}${path}`,
        // A fresh token per call. providerRequest reuses these headers across its own retries; that
        // is fine because a token lives 30 min, far longer than any retry run (waits cap at 60 s).
        headers: { Authorization: `Bearer ${klingToken(this.config.accessKey, this.config.secretKey)}` },
        body,
        backoffMs: this.config.backoffMs,
        classify,
      });
    } catch (err) {
      throw err instanceof ProviderError ? withBilling(err) : err;
    }
    // Every answer is wrapped in {code, message, request_id, data}. One without a numeric code is not
    // Kling's envelope (a proxy's page, a garbled body): a fault on the way, tried again, never a refusal.
    if (!envelope || typeof envelope !== 'object' || typeof envelope.code !== 'number') {
      throw new ProviderError(`Kling answered without its {code, data} envelope: ${JSON.stringify(envelope)?.slice(0, 80)}`, 'transient', 200);
    }
    // A 200 is only a success when the envelope says code 0. Kling's refusals come with their own
    // HTTP status; a documented refusal code keeps its meaning, an undocumented one on a 200 is retried.
    if (envelope.code !== 0) {
      throw withBilling(new ProviderError(envelope.message || `Kling answered code ${envelope.code}`, classify(200, envelope) ?? 'transient', 200, String(envelope.code)));
    }
    if (!envelope.data || typeof envelope.data !== 'object') throw new ProviderError('Kling answered code 0 without data', 'transient', 200);
    return envelope.data;
  }

  async submit(s: VideoSubmission): Promise<{ providerJobId: string }> {
    const image = s.generationType === 'image_to_video';
    if (image && !s.imageUrl) throw new ProviderError('image-to-video needs an image URL Kling can fetch', 'permanent');
    // image2video has no aspect_ratio (the image decides it), so only text-to-video is refused here.
    if (!image && !ASPECTS.includes(s.aspectRatio)) throw new ProviderError(`Kling has no ${s.aspectRatio} output`, 'permanent');
    const model = s.model ?? this.config.model ?? KLING_MODELS.default;
    const allowed = KLING_MODELS.durations[model] ?? KLING_MODELS.defaultDurations;
    const duration = allowed.reduce((best, d) => (Math.abs(d - s.durationSeconds) < Math.abs(best - s.durationSeconds) ? d : best));
    // Not sent: `seed` (Kling has none) and `camera_control`: Cinemood's moves (whip pans, dolly zooms…)
    // have no trivially equal Kling preset, and which models accept it lives on the unread capability map.
    const body = {
      model_name: model,
      prompt: s.prompt.slice(0, 2500),
      ...(s.negativePrompt ? { negative_prompt: s.negativePrompt.slice(0, 2500) } : {}),
      ...(image ? { image: s.imageUrl } : { aspect_ratio: s.aspectRatio }),
      duration: String(duration),
      mode: 'std',
      ...(s.callbackUrl ? { callback_url: s.callbackUrl } : {}),
    };
    const route = image ? 'image2video' : 'text2video';
    if (s.idempotencyKey) {
      // A submit that failed midway may have created the task (and taken the credit): look it up
      // by our own id first. Queries cost no concurrency slot.
      const existing = await this.findByExternalId(route, s.idempotencyKey);
      if (existing) return { providerJobId: `${route}/${existing}` };
    }
    let task: { task_id?: string };
    try {
      task = await this.request<{ task_id?: string }>('POST', `/v1/videos/${route}`, { ...body, ...(s.idempotencyKey ? { external_task_id: s.idempotencyKey } : {}) });
    } catch (err) {
      // "external_task_id must be unique": a task with our id exists after all (the look-up raced a
      // create still being recorded), so it is looked up once more rather than refused.
      if (s.idempotencyKey && err instanceof ProviderError && err.code === '1201') {
        const existing = await this.findByExternalId(route, s.idempotencyKey);
        if (existing) return { providerJobId: `${route}/${existing}` };
      }
      throw err;
    }
    if (typeof task.task_id !== 'string' || !task.task_id) throw new ProviderError('Kling accepted the task but returned no task_id', 'transient');
    // The route is kept in the id: the status path depends on it.
    return { providerJobId: `${route}/${task.task_id}` };
  }

  private async findByExternalId(route: string, externalId: string): Promise<string | null> {
    try {
      const task = await this.request<{ task_id?: string }>('GET', `/v1/videos/${route}/${encodeURIComponent(externalId)}`);
      return task.task_id ?? null;
    } catch (err) {
      if (err instanceof ProviderError && err.status === 404) return null;
      throw err;
    }
  }

  async status(providerJobId: string): Promise<ProviderStatus> {
    const match = /^(text2video|image2video)\/([^/]+)$/.exec(providerJobId);
    if (!match) throw new ProviderError(`not a Kling job id: ${providerJobId}`, 'permanent');
    const task = await this.request<KlingTask>('GET', `/v1/videos/${match[1]}/${encodeURIComponent(match[2])}`);
    if (typeof task.task_status !== 'string') throw new ProviderError('Kling answered about the task without a task_status', 'transient', 200);
    const state = STATES[task.task_status] ?? 'unknown';
    return {
      state,
      rawStatus: task.task_status,
      outputs: state === 'succeeded' ? (Array.isArray(task.task_result?.videos) ? task.task_result.videos : []).flatMap((v) => (typeof v?.url === 'string' && v.url ? [v.url] : [])) : undefined,
      error: state === 'failed' ? { message: task.task_status_msg || 'Kling reported a failure' } : undefined,
      cost: task.final_unit_deduction != null ? { units: task.final_unit_deduction } : undefined,
    };
  }

  async cancel(): Promise<void> {
    // Kling documents no cancel endpoint: a task runs to the end and the job simply stops polling it.
  }
}
