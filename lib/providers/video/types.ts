import type { AspectRatio, CameraMovement, Lighting } from '@/lib/strategy';

/** What every video provider is asked to make: the planned shot, in Cinemood's own terms. */
export interface VideoSubmission {
  generationType: 'text_to_video' | 'image_to_video';
  prompt: string;
  negativePrompt?: string;
  aspectRatio: AspectRatio;
  durationSeconds: number;
  cameraMovement?: CameraMovement;
  lighting?: Lighting;
  /** A URL the provider can fetch, for image-to-video (needs PUBLIC_BASE_URL). */
  imageUrl?: string;
  /** The same image as a local file, for providers that take the bytes (Stability's multipart upload). */
  imagePath?: string;
  model?: string;
  seed?: number;
  /** Where the provider may call back; absent for poll-only providers or without PUBLIC_BASE_URL. */
  callbackUrl?: string;
  /**
   * Stable across repeated submits of one try: providers with a client-side task id (Kling's
   * `external_task_id`) use it to find a task an earlier, interrupted submit already created.
   */
  idempotencyKey?: string;
}

/** Provider states mapped onto one vocabulary; anything not on the allow-list is `unknown` and polled again. */
export type ProviderState = 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'unknown';

export interface ProviderStatus {
  state: ProviderState;
  /** The provider's own word for it, kept for the dashboard. */
  rawStatus: string;
  progress?: number;
  outputs?: string[];
  /** Headers the outputs must be fetched with (Stability serves results behind its key). */
  outputHeaders?: Record<string, string>;
  error?: { message: string; code?: string };
  cost?: Record<string, unknown>;
}

export interface VideoCapabilities {
  textToVideo: boolean;
  imageToVideo: boolean;
  aspectRatios: AspectRatio[];
  /** Durations the provider offers; adapters snap a request to the nearest one. */
  durations: number[];
  /** Set when any whole number of seconds in the range works (the local renderer). */
  durationRange?: { min: number; max: number };
  models: string[];
  defaultModel: string;
  webhooks: boolean;
  /** The provider's guidance on polling, in seconds. */
  minPollSeconds: number;
  /**
   * How its callbacks are authenticated: `token` = no documented signature, so a per-job secret in
   * the callback URL (Luma, Kling); `standard-webhooks` (Replicate); `fal-ed25519` (fal JWKS).
   */
  webhookAuth?: 'token' | 'standard-webhooks' | 'fal-ed25519';
}

/** What a verified webhook tells: which provider job changed, and the delivery's own id for de-duplication. */
export interface WebhookDelivery {
  /** The job's provider id, or its last path segment (fal and Kling ids carry the model route in front). */
  providerJobId: string;
  deliveryId: string;
}

/** The raw request as received; signatures are computed over these exact bytes. */
export interface WebhookRequest {
  rawBody: Buffer;
  headers: Headers;
}

/** A provider behind an API: submit once, then poll (or get told) until it settles. */
export interface VideoProvider {
  readonly kind?: 'remote';
  readonly name: string;
  capabilities(): VideoCapabilities;
  submit(submission: VideoSubmission): Promise<{ providerJobId: string }>;
  status(providerJobId: string): Promise<ProviderStatus>;
  cancel(providerJobId: string): Promise<void>;
  /**
   * Verifies a signed callback (throws `WebhookVerificationError` on a bad or stale signature) and
   * says which job it is about. Providers with `webhookAuth: 'token'` do not implement it: their
   * callbacks are checked against the per-job token instead.
   */
  parseWebhook?(request: WebhookRequest): Promise<WebhookDelivery>;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface RenderOptions {
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** Where to also write the poster and hover strip, when the renderer can make them in the same pass. */
  previews?: { posterFile: string; spriteFile: string };
}

/**
 * A provider that renders inside the worker (the built-in `local` ffmpeg renderer): there is no
 * remote job to submit or poll, so it renders straight into a file, reporting progress and honouring cancel.
 */
export interface InProcessVideoProvider {
  readonly kind: 'in-process';
  readonly name: string;
  capabilities(): VideoCapabilities;
  render(submission: Omit<VideoSubmission, 'seed'> & { seed?: string }, outputFile: string, options: RenderOptions): Promise<void>;
}

export type AnyVideoProvider = VideoProvider | InProcessVideoProvider;
