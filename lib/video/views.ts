import type { VideoJobView } from '@/lib/api/contracts/video';
import { mediaSigner } from '@/lib/auth/signed-url';
import type { videoJobs } from '@/lib/db/schema';

export type VideoJobRow = typeof videoJobs.$inferSelect;
/** The columns a view shows (a list reads only these: fewer values to fetch and parse, and no webhook token). */
export type VideoJobViewRow = Omit<VideoJobRow, (typeof UNVIEWED_COLUMNS)[number]>;
export const UNVIEWED_COLUMNS = ['requestedProvider', 'requestedFallback', 'params', 'etaSeconds', 'webhookToken', 'deadlineAt'] as const;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Remaining time from the pace so far: elapsed / progress × what is left. */
export function etaSeconds(row: Pick<VideoJobRow, 'status' | 'progress' | 'startedAt'>, now = Date.now()): number | null {
  if (row.status !== 'processing' || !row.startedAt || row.progress <= 0 || row.progress >= 100) return null;
  const elapsed = (now - row.startedAt.getTime()) / 1000;
  return Math.max(0, Math.round((elapsed / row.progress) * (100 - row.progress)));
}

export async function toVideoJobView(row: VideoJobViewRow, hasThumbnail: boolean): Promise<VideoJobView> {
  return videoJobView(row, hasThumbnail, await mediaSigner());
}

/** toVideoJobView with the media URLs signed by `sign` (one signer for a whole page). */
export function videoJobView(row: VideoJobViewRow, hasThumbnail: boolean, sign: (path: string) => string): VideoJobView {
  const done = row.status === 'completed' && row.assetId;
  return {
    id: row.id,
    status: row.status,
    generation_type: row.generationType,
    provider: row.provider,
    provider_status: row.providerStatus,
    provider_job_id: row.providerJobId,
    fallback: row.fallbackProviders,
    provider_history: row.providerHistory,
    cost: row.cost ?? null,
    prompt: row.prompt,
    enriched_prompt: row.enrichedPrompt,
    negative_prompt: row.negativePrompt,
    mood: row.mood,
    mood_category: row.moodCategory,
    camera_movement: row.cameraMovement,
    lighting: row.lighting,
    platform: row.platform,
    aspect_ratio: row.aspectRatio,
    duration: row.durationSeconds,
    image_asset_id: row.imageAssetId,
    universe_id: row.universeId,
    progress: row.progress,
    eta_seconds: etaSeconds(row),
    attempts: row.attempts,
    error_code: row.errorCode,
    error_message: row.errorMessage,
    asset_id: row.assetId,
    production_id: row.productionId ?? null,
    video_url: done ? sign(`/api/media/assets/${row.assetId}/content`) : null,
    thumbnail_url: done && hasThumbnail ? sign(`/api/media/assets/${row.assetId}/thumbnail`) : null,
    download_url: done ? sign(`/api/video/jobs/${row.id}/download`) : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
  };
}
