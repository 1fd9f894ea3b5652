import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AudioJobView } from '@/lib/api/contracts/audio';
import { signMediaPath } from '@/lib/auth/signed-url';
import { type Database, getDb, type Transaction } from '@/lib/db/client';
import { assetFiles, type audioJobs, mediaAssets } from '@/lib/db/schema';
import type { Transcription } from '@/lib/audio/types';

export type AudioJobRow = typeof audioJobs.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Views for many jobs at once: their assets and waveforms in two queries, not two per job. */
export async function toAudioJobViews(rows: AudioJobRow[], db: Database | Transaction = getDb()): Promise<AudioJobView[]> {
  const ids = rows.map((r) => r.id);
  const assets = ids.length
    ? await db.select().from(mediaAssets).where(and(inArray(mediaAssets.sourceJobId, ids), isNull(mediaAssets.deletedAt))).orderBy(mediaAssets.sourceRole)
    : [];
  const thumbs = assets.length
    ? new Set((await db.select({ assetId: assetFiles.assetId }).from(assetFiles).where(and(inArray(assetFiles.assetId, assets.map((a) => a.id)), eq(assetFiles.kind, 'waveform')))).map((f) => f.assetId))
    : new Set<string>();
  return Promise.all(
    rows.map(async (row) => {
      const done = row.status === 'completed';
      const transcript = done && row.generationType === 'transcription' && row.transcription ? (row.transcription as unknown as Transcription) : null;
      return {
        id: row.id,
        status: row.status,
        generation_type: row.generationType,
        provider: row.provider,
        text: row.text,
        prompt: row.prompt,
        voice: row.voice,
        language: row.language,
        mood: row.mood,
        mood_category: row.moodCategory,
        duration: row.durationSeconds,
        input_asset_id: row.inputAssetId,
        universe_id: row.universeId,
        production_id: row.productionId ?? null,
        progress: row.progress,
        attempts: row.attempts,
        error_code: row.errorCode,
        error_message: row.errorMessage,
        cost: row.cost ?? null,
        details: (row.params.details as Record<string, unknown> | undefined) ?? {},
        assets: await Promise.all(
          assets
            .filter((a) => a.sourceJobId === row.id)
            .map(async (a) => ({
              id: a.id,
              role: a.sourceRole,
              title: a.title,
              content_url: await signMediaPath(`/api/media/assets/${a.id}/content`),
              thumbnail_url: thumbs.has(a.id) ? await signMediaPath(`/api/media/assets/${a.id}/thumbnail`) : null,
              duration_seconds: a.durationSeconds,
            })),
        ),
        transcription: transcript,
        transcript_vtt_url: transcript ? await signMediaPath(`/api/audio/jobs/${row.id}/transcript.vtt`) : null,
        transcript_srt_url: transcript ? await signMediaPath(`/api/audio/jobs/${row.id}/transcript.srt`) : null,
        created_at: row.createdAt.toISOString(),
        updated_at: row.updatedAt.toISOString(),
        started_at: iso(row.startedAt),
        completed_at: iso(row.completedAt),
      };
    }),
  );
}

export const toAudioJobView = async (row: AudioJobRow, db: Database | Transaction = getDb()) => (await toAudioJobViews([row], db))[0];
