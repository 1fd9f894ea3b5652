import type { VideoJobView } from '@/lib/api/contracts/video';
import { signMediaPath } from '@/lib/auth/signed-url';
import type { videoJobs } from '@/lib/db/schema';

export type VideoJobRow = typeof videoJobs.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Remaining time from the pace so far: elapsed / progress × what is left. */
export function etaSeconds(row: Pick<VideoJobRow, 'status' | 'progress' | 'startedAt'>, now = Date.now()): number | null {
  if (row.status !== 'processing' || !row.startedAt || row.progress <= 0 || row.progress >= 100) return null;
  const elapsed = (now - row.startedAt.getTime()) / 1000;
  return Math.max(0, Math.round((elapsed / row.progress) * (100 - row.progress)));
}

export async function toVideoJobView(row: VideoJobRow, hasThumbnail: boolean): Promise<VideoJobView> {
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
    video_url: done ? await signMediaPath(`/api/media/assets/${row.assetId}/content`) : null,
    thumbnail_url: done && hasThumbnail ? await signMediaPath(`/api/media/assets/${row.assetId}/thumbnail`) : null,
    download_url: done ? await signMediaPath(`/api/video/jobs/${row.id}/download`) : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
  };
}
