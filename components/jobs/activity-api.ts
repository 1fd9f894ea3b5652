import type { AudioJobView } from '@/lib/api/contracts/audio';
import type { ProductionView } from '@/lib/api/contracts/productions';
import type { VideoJobView } from '@/lib/api/contracts/video';
import type { JobStatus } from '@/components/media-api';

// Types only from the contracts: their zod schemas stay out of the browser bundle.

export type ActivityKind = 'video' | 'audio' | 'production';
export type ActivityItem = { kind: 'video'; job: VideoJobView } | { kind: 'audio'; job: AudioJobView } | { kind: 'production'; production: ProductionView };

export interface ActivityFilters {
  kind?: ActivityKind[];
  status?: JobStatus;
  provider?: string;
}

export interface ActivityPage {
  jobs: ActivityItem[];
  next_cursor: string | null;
}

export const activityKey = (filters?: ActivityFilters) => (filters ? (['all-jobs', filters] as const) : (['all-jobs'] as const));
export const itemId = (item: ActivityItem) => (item.kind === 'production' ? item.production.id : item.job.id);
export const itemStatus = (item: ActivityItem) => (item.kind === 'production' ? item.production.status : item.job.status);
