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
  /** A URL the provider can fetch, for image-to-video. */
  imageUrl?: string;
  model?: string;
  seed?: number;
  /** Where the provider may call back; absent for poll-only providers or without PUBLIC_BASE_URL. */
  callbackUrl?: string;
}

/** Provider states mapped onto one vocabulary; anything not on the allow-list is `unknown` and polled again. */
export type ProviderState = 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'unknown';

export interface ProviderStatus {
  state: ProviderState;
  /** The provider's own word for it, kept for the dashboard. */
  rawStatus: string;
  progress?: number;
  outputs?: string[];
  error?: { message: string; code?: string };
  cost?: Record<string, unknown>;
}

export interface VideoCapabilities {
  textToVideo: boolean;
  imageToVideo: boolean;
  aspectRatios: AspectRatio[];
  durations: number[];
  models: string[];
  defaultModel: string;
  webhooks: boolean;
  /** The provider's guidance on polling, in seconds. */
  minPollSeconds: number;
}

export interface VideoProvider {
  readonly name: string;
  capabilities(): VideoCapabilities;
  submit(submission: VideoSubmission): Promise<{ providerJobId: string }>;
  status(providerJobId: string): Promise<ProviderStatus>;
  cancel(providerJobId: string): Promise<void>;
}
