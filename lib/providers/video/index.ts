import { FalProvider, falConfigFromEnv } from './fal';
import { KlingProvider, klingConfigFromEnv } from './kling';
import { LocalVideoProvider } from './local/provider';
import { LumaProvider, lumaConfigFromEnv } from './luma';
import { ReplicateProvider, replicateConfigFromEnv } from './replicate';
import { RunwayProvider, runwayConfigFromEnv } from './runway';
import { StabilityProvider, stabilityConfigFromEnv } from './stability';
import { VIDEO_PROVIDERS, type VideoProviderName } from './names';
import type { AnyVideoProvider, VideoCapabilities, VideoProvider } from './types';

export type { AnyVideoProvider, InProcessVideoProvider, ProviderStatus, VideoCapabilities, VideoProvider, VideoSubmission, WebhookDelivery } from './types';
export { ProviderError } from '@/lib/providers/http';
export { WebhookVerificationError } from './types';

export { VIDEO_PROVIDERS, WEBHOOK_PROVIDERS, type VideoProviderName } from './names';

const FACTORIES: Record<Exclude<VideoProviderName, 'local'>, () => VideoProvider | null> = {
  runway: () => ((c) => (c ? new RunwayProvider(c) : null))(runwayConfigFromEnv()),
  kling: () => ((c) => (c ? new KlingProvider(c) : null))(klingConfigFromEnv()),
  luma: () => ((c) => (c ? new LumaProvider(c) : null))(lumaConfigFromEnv()),
  replicate: () => ((c) => (c ? new ReplicateProvider(c) : null))(replicateConfigFromEnv()),
  fal: () => ((c) => (c ? new FalProvider(c) : null))(falConfigFromEnv()),
  stability: () => ((c) => (c ? new StabilityProvider(c) : null))(stabilityConfigFromEnv()),
};

const local = new LocalVideoProvider();

/** An external provider by name, built from the environment; null when unknown or not configured. */
export function externalVideoProvider(name: string): VideoProvider | null {
  return name in FACTORIES ? FACTORIES[name as keyof typeof FACTORIES]() : null;
}

/** Any provider by name, `local` included; null when unknown or not configured. */
export function videoProvider(name: string): AnyVideoProvider | null {
  return name === 'local' ? local : externalVideoProvider(name);
}

/** Which providers can take a job right now, for health. */
export function videoProviderAvailability(): Record<string, boolean> {
  return Object.fromEntries(VIDEO_PROVIDERS.filter((n) => n !== 'local').map((name) => [name, externalVideoProvider(name) !== null]));
}

/** Every provider with whether it is configured and, when it is, what it offers: for the studio and the API. */
export function describeVideoProviders(): Array<{ name: VideoProviderName; configured: boolean; capabilities: VideoCapabilities | null }> {
  return VIDEO_PROVIDERS.map((name) => {
    const provider = videoProvider(name);
    return { name, configured: provider !== null, capabilities: provider?.capabilities() ?? null };
  });
}
