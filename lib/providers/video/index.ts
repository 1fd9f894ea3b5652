import { LumaProvider, lumaConfigFromEnv } from './luma';
import { RunwayProvider, runwayConfigFromEnv } from './runway';
import type { VideoProvider } from './types';

export type { ProviderStatus, VideoProvider, VideoSubmission } from './types';
export { ProviderError } from './provider-http';
export { WebhookVerificationError } from './types';

/** External providers by name; a provider exists here only when its key is set. `local` renders in-process. */
export function externalVideoProvider(name: string): VideoProvider | null {
  if (name === 'runway') {
    const config = runwayConfigFromEnv();
    return config ? new RunwayProvider(config) : null;
  }
  if (name === 'luma') {
    const config = lumaConfigFromEnv();
    return config ? new LumaProvider(config) : null;
  }
  return null;
}

export const EXTERNAL_VIDEO_PROVIDERS = ['runway', 'luma'] as const;

/** Which providers can take a job right now, for health and the studio. */
export function videoProviderAvailability(): Record<string, boolean> {
  return Object.fromEntries(EXTERNAL_VIDEO_PROVIDERS.map((name) => [name, externalVideoProvider(name) !== null]));
}
