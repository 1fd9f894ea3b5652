import { and, eq } from 'drizzle-orm';
import { toAudioJobView, type AudioJobRow } from '@/lib/audio/views';
import type { Transaction } from '@/lib/db/client';
import { assetFiles } from '@/lib/db/schema';
import type { ProductionRow } from '@/lib/productions/lifecycle';
import { toProductionView } from '@/lib/productions/views';
import { toVideoJobView, type VideoJobRow } from '@/lib/video/views';
import type { NewEvent } from './append';
import type { EventType } from './types';

// Each builder answers the event with the resource as its GET endpoint shows it, read in the
// event's own transaction (a second connection per event could exhaust the pool under load).

type JobEventType = Extract<EventType, `job.${string}`>;

export async function videoJobEvent(tx: Transaction, type: JobEventType, row: VideoJobRow): Promise<NewEvent> {
  const thumbnail = row.assetId
    ? await tx.select({ id: assetFiles.id }).from(assetFiles).where(and(eq(assetFiles.assetId, row.assetId), eq(assetFiles.kind, 'thumbnail')))
    : [];
  const payload = await toVideoJobView(row, thumbnail.length > 0);
  return { type, subjectKind: 'video_job', subjectId: row.id, jobId: row.id, productionId: row.productionId, universeId: row.universeId, payload: payload as unknown as Record<string, unknown> };
}

export async function audioJobEvent(tx: Transaction, type: JobEventType, row: AudioJobRow): Promise<NewEvent> {
  const payload = await toAudioJobView(row, tx);
  return { type, subjectKind: 'audio_job', subjectId: row.id, jobId: row.id, productionId: row.productionId, universeId: row.universeId, payload: payload as unknown as Record<string, unknown> };
}

export async function productionEvent(tx: Transaction, type: Extract<EventType, `production.${string}`>, row: ProductionRow): Promise<NewEvent> {
  const payload = await toProductionView(row, tx);
  return { type, subjectKind: 'production', subjectId: row.id, productionId: row.id, payload: payload as unknown as Record<string, unknown> };
}
