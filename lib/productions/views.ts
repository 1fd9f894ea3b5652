import { inArray } from 'drizzle-orm';
import type { ProductionView } from '@/lib/api/contracts/productions';
import { mediaSigner } from '@/lib/auth/signed-url';
import { type Database, getDb, type Transaction } from '@/lib/db/client';
import { assetFiles, audioJobs, mediaAssets, videoJobs } from '@/lib/db/schema';
import type { ProductionRow } from './lifecycle';
import { type Timeline, TimelineSchema } from './timeline';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Which child job fills which part of a timeline, in timeline order. */
export function childRefs(timeline: Timeline): Array<{ kind: 'video' | 'audio'; role: string; jobId: string }> {
  const refs: Array<{ kind: 'video' | 'audio'; role: string; jobId: string }> = [];
  for (const shot of timeline.shots) if (shot.source.job_id) refs.push({ kind: 'video', role: `shot:${shot.id}`, jobId: shot.source.job_id });
  if (timeline.narration?.speech_job_id) refs.push({ kind: 'audio', role: 'narration', jobId: timeline.narration.speech_job_id });
  if (timeline.narration?.alignment_job_id) refs.push({ kind: 'audio', role: 'alignment', jobId: timeline.narration.alignment_job_id });
  if (timeline.music?.job_id) refs.push({ kind: 'audio', role: 'music', jobId: timeline.music.job_id });
  return refs;
}

export const timelineOf = (row: ProductionRow): Timeline => TimelineSchema.parse(row.timeline);

/** The API view of productions: children and media URLs looked up for the whole page at once. */
export async function toProductionViews(rows: ProductionRow[], db: Database | Transaction = getDb()): Promise<ProductionView[]> {
  const timelines = rows.map(timelineOf);
  const refs = timelines.map(childRefs);
  const videoIds = refs.flat().filter((r) => r.kind === 'video').map((r) => r.jobId);
  const audioIds = refs.flat().filter((r) => r.kind === 'audio').map((r) => r.jobId);
  const [videos, audios] = await Promise.all([
    videoIds.length ? db.select().from(videoJobs).where(inArray(videoJobs.id, videoIds)) : [],
    audioIds.length ? db.select().from(audioJobs).where(inArray(audioJobs.id, audioIds)) : [],
  ]);
  const jobs = new Map<string, { status: string; progress: number; errorMessage: string | null; assetId: string | null }>();
  for (const v of videos) jobs.set(v.id, v);
  for (const a of audios) jobs.set(a.id, { ...a, assetId: null });
  const assetIds = [...videos.map((v) => v.assetId), ...rows.map((r) => r.assetId)].filter((x): x is string => Boolean(x));
  const [thumbs, assets] = await Promise.all([
    assetIds.length ? db.select({ assetId: assetFiles.assetId, kind: assetFiles.kind }).from(assetFiles).where(inArray(assetFiles.assetId, assetIds)) : [],
    assetIds.length ? db.select({ id: mediaAssets.id, metadata: mediaAssets.metadata }).from(mediaAssets).where(inArray(mediaAssets.id, assetIds)) : [],
  ]);
  const withThumb = new Set(thumbs.filter((t) => t.kind === 'thumbnail').map((t) => t.assetId));
  const transcriptOf = new Map(assets.map((a) => [a.id, (a.metadata.transcriptJobId as string | undefined) ?? null]));
  const sign = await mediaSigner();
  const thumbnail = (assetId: string | null) => (assetId && withThumb.has(assetId) ? sign(`/api/media/assets/${assetId}/thumbnail`) : null);

  return rows.map((row, i) => {
    const done = row.status === 'completed' && row.assetId;
    const transcript = row.assetId ? transcriptOf.get(row.assetId) : null;
    return {
      id: row.id,
      status: row.status,
      progress: row.progress,
      brief: row.brief,
      timeline: timelines[i],
      children: refs[i].map((ref) => {
        const job = jobs.get(ref.jobId);
        return {
          kind: ref.kind,
          role: ref.role,
          job_id: ref.jobId,
          status: job?.status ?? 'missing',
          progress: job?.progress ?? 0,
          error_message: job?.errorMessage ?? null,
          asset_id: job?.assetId ?? null,
          thumbnail_url: thumbnail(job?.assetId ?? null),
        };
      }),
      renders: row.renders,
      asset_id: row.assetId,
      video_url: done ? sign(`/api/media/assets/${row.assetId}/content`) : null,
      thumbnail_url: done ? thumbnail(row.assetId) : null,
      captions_url: done && transcript ? sign(`/api/audio/jobs/${transcript}/transcript.vtt`) : null,
      error_code: row.errorCode,
      error_message: row.errorMessage,
      created_at: row.createdAt.toISOString(),
      updated_at: row.updatedAt.toISOString(),
      started_at: iso(row.startedAt),
      completed_at: iso(row.completedAt),
    };
  });
}

export const toProductionView = async (row: ProductionRow, db: Database | Transaction = getDb()): Promise<ProductionView> => (await toProductionViews([row], db))[0];
