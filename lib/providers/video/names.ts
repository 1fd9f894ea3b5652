/** Every video provider Cinemood can drive (a dependency-free list, so contracts can import it). */
export const VIDEO_PROVIDERS = ['local', 'runway', 'kling', 'luma', 'replicate', 'fal', 'stability'] as const;
export type VideoProviderName = (typeof VIDEO_PROVIDERS)[number];

/** Providers that can call back. */
export const WEBHOOK_PROVIDERS = ['kling', 'luma', 'replicate', 'fal'] as const;
