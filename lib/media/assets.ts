import { and, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AssetView } from '@/lib/api/contracts/media';
import { decodeCursor, keysetPage, olderThan } from '@/lib/db/cursor';
import { notFound } from '@/lib/errors';
import { mediaSigner } from '@/lib/auth/signed-url';
import { getDb, preparedQuery, type Transaction } from '@/lib/db/client';
import { type NewEvent, withEvents } from '@/lib/events/append';
import type { EventType } from '@/lib/events/types';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { storageFor } from '@/lib/storage';

export type AssetRow = typeof mediaAssets.$inferSelect;
export type AssetFileRow = typeof assetFiles.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function toAssetView(row: AssetRow, files: AssetFileRow[] = []): Promise<AssetView> {
  return assetView(row, files, await mediaSigner());
}

/** toAssetView with the media URLs signed by `sign` (one signer for a whole page). */
function assetView(row: AssetRow, files: AssetFileRow[], sign: (path: string) => string): AssetView {
  const base = `/api/media/assets/${row.id}`;
  const thumbnail = files.find((f) => f.kind === 'thumbnail' || f.kind === 'waveform');
  const sprite = files.find((f) => f.kind === 'sprite');
  const transcriptJobId = typeof row.metadata.transcript_job_id === 'string' ? row.metadata.transcript_job_id : null;
  const spriteMeta = sprite?.metadata as { columns?: number; frames?: number; frame_width?: number; frame_height?: number } | undefined;
  return {
    id: row.id,
    asset_type: row.assetType,
    source_type: row.sourceType,
    source_job_id: row.sourceJobId,
    universe_id: row.universeId,
    title: row.title,
    description: row.description,
    tags: row.tags,
    pinned: row.pinned,
    mime_type: row.mimeType,
    size_bytes: row.sizeBytes,
    duration_seconds: row.durationSeconds,
    width: row.width,
    height: row.height,
    strategy: (row.metadata.strategy as Record<string, unknown> | undefined) ?? null,
    content_url: sign(`${base}/content`),
    thumbnail_url: thumbnail ? sign(`${base}/thumbnail`) : null,
    sprite_url: sprite ? sign(`${base}/sprite`) : null,
    sprite:
      spriteMeta?.columns && spriteMeta.frames && spriteMeta.frame_width && spriteMeta.frame_height
        ? { columns: spriteMeta.columns, frames: spriteMeta.frames, frame_width: spriteMeta.frame_width, frame_height: spriteMeta.frame_height }
        : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    deleted_at: iso(row.deletedAt),
    has_audio: typeof (row.metadata.probe as { hasAudio?: unknown } | undefined)?.hasAudio === 'boolean' ? (row.metadata.probe as { hasAudio: boolean }).hasAudio : null,
    transcript_job_id: transcriptJobId,
    captions_url: transcriptJobId ? sign(`/api/audio/jobs/${transcriptJobId}/transcript.vtt`) : null,
  };
}

/** The asset's event, its payload as GET /api/media/assets/{id} shows it, read in the event's transaction. */
export async function assetEvent(tx: Transaction, type: Extract<EventType, `asset.${string}`>, row: AssetRow): Promise<NewEvent> {
  const payload = await toAssetView(row, await tx.select().from(assetFiles).where(eq(assetFiles.assetId, row.id)));
  return { type, subjectKind: 'asset', subjectId: row.id, jobId: row.sourceJobId, universeId: row.universeId, payload: payload as unknown as Record<string, unknown> };
}

export async function filesOf(assetIds: string[]): Promise<AssetFileRow[]> {
  if (assetIds.length === 0) return [];
  return preparedQuery('asset_files_of', (db) =>
    db
      .select()
      .from(assetFiles)
      .where(sql`${assetFiles.assetId} = any(${sql.placeholder('assetIds')}::uuid[])`)
      .prepare('asset_files_of'),
  ).execute({ assetIds });
}

export async function viewsOf(rows: AssetRow[]): Promise<AssetView[]> {
  const files = await filesOf(rows.map((r) => r.id));
  const byAsset = new Map<string, AssetFileRow[]>();
  for (const f of files) byAsset.set(f.assetId, [...(byAsset.get(f.assetId) ?? []), f]);
  const sign = await mediaSigner();
  return rows.map((r) => assetView(r, byAsset.get(r.id) ?? [], sign));
}

/** A live (not trashed) asset, or 404. With `includeTrash`, trashed ones too. */
export async function findAsset(id: string, opts: { includeTrash?: boolean } = {}): Promise<AssetRow> {
  // Prepared: every media request (each range a player asks for) starts here.
  const [row] = await preparedQuery('media_asset_by_id', (db) => db.select().from(mediaAssets).where(eq(mediaAssets.id, sql.placeholder('id'))).prepare('media_asset_by_id')).execute({ id });
  if (!row || (row.deletedAt && !opts.includeTrash)) throw notFound('asset');
  return row;
}

export interface AssetListQuery {
  asset_type?: 'video' | 'image' | 'audio';
  universe_id?: string;
  tag?: string;
  trash: 'true' | 'false';
  limit: number;
  cursor?: string;
}

/** The page query for one combination of filters, built once with placeholders. */
function assetPageQuery(filters: { trash: boolean; type: boolean; universe: boolean; tag: boolean; after: boolean }) {
  const name = `media_assets_page_${Object.values(filters).map(Number).join('')}`;
  return preparedQuery(name, (db) => {
    const where: (SQL | undefined)[] = [filters.trash ? isNotNull(mediaAssets.deletedAt) : isNull(mediaAssets.deletedAt)];
    if (filters.type) where.push(eq(mediaAssets.assetType, sql.placeholder('assetType')));
    if (filters.universe) where.push(eq(mediaAssets.universeId, sql.placeholder('universeId')));
    if (filters.tag) where.push(sql`${sql.placeholder('tag')}::text = any(${mediaAssets.tags})`);
    if (filters.after) {
      where.push(olderThan(mediaAssets, sql.placeholder('afterCreatedAt'), sql.placeholder('afterId')));
    }
    return db
      .select()
      .from(mediaAssets)
      .where(and(...where))
      .orderBy(desc(mediaAssets.createdAt), desc(mediaAssets.id))
      .limit(sql.placeholder('limit'))
      .prepare(name);
  });
}

export async function listAssets(q: AssetListQuery): Promise<{ assets: AssetView[]; next_cursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const rows = await assetPageQuery({ trash: q.trash === 'true', type: Boolean(q.asset_type), universe: Boolean(q.universe_id), tag: Boolean(q.tag), after: Boolean(after) }).execute({
    assetType: q.asset_type,
    universeId: q.universe_id,
    tag: q.tag,
    // A prepared statement's values go to the driver as they are, and it takes strings for timestamps.
    afterCreatedAt: after?.createdAt.toISOString(),
    afterId: after?.id,
    limit: q.limit + 1,
  });
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { assets: await viewsOf(page), next_cursor: nextCursor };
}

export async function updateAsset(id: string, patch: { title?: string; description?: string; tags?: string[]; pinned?: boolean }): Promise<AssetRow> {
  await findAsset(id);
  return withEvents(async (tx, emit) => {
    const [row] = await tx
      .update(mediaAssets)
      .set({ ...patch, ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}), updatedAt: new Date() })
      .where(eq(mediaAssets.id, id))
      .returning();
    if (row) emit(await assetEvent(tx, 'asset.updated', row));
    return row;
  });
}

/** Soft delete: gone from lists and 404 to GET; the file stays until the trash period ends. */
export async function trashAsset(id: string): Promise<AssetRow> {
  const row = await withEvents(async (tx, emit) => {
    const [trashed] = await tx
      .update(mediaAssets)
      .set({ deletedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(mediaAssets.id, id), isNull(mediaAssets.deletedAt)))
      .returning();
    if (trashed) emit(await assetEvent(tx, 'asset.deleted', trashed));
    return trashed;
  });
  if (!row) throw notFound('asset');
  return row;
}

/** Back from the trash; `restored_at` restarts the cleanup period, so the next daily run keeps it. */
export async function restoreAsset(id: string): Promise<AssetRow> {
  const now = new Date();
  const row = await withEvents(async (tx, emit) => {
    const [restored] = await tx
      .update(mediaAssets)
      .set({ deletedAt: null, restoredAt: now, updatedAt: now })
      .where(and(eq(mediaAssets.id, id), isNotNull(mediaAssets.deletedAt)))
      .returning();
    if (restored) emit(await assetEvent(tx, 'asset.restored', restored));
    return restored;
  });
  if (!row) throw notFound('asset in the trash');
  return row;
}

/**
 * Deletes an asset for good, at once (row, stored file, derived files): only for one that was
 * never shown to anyone, such as the upload of a request that was then refused.
 */
export async function discardAsset(id: string): Promise<void> {
  const db = getDb();
  // Derived files first: their rows go with the asset's (on delete cascade).
  const derived = await db.select({ key: assetFiles.storageKey }).from(assetFiles).where(eq(assetFiles.assetId, id));
  const [row] = await db.delete(mediaAssets).where(eq(mediaAssets.id, id)).returning({ key: mediaAssets.storageKey, backend: mediaAssets.storageBackend });
  if (!row) return;
  const storage = storageFor(row.backend);
  for (const file of [...derived, row]) await storage.delete(file.key);
}
