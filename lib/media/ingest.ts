import { createReadStream } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { withEvents } from '@/lib/events/append';
import { assetEvent, type AssetRow } from '@/lib/media/assets';
import { probe, type ProbeResult } from '@/lib/media/ffmpeg';
import { faststart } from '@/lib/media/faststart';
import type { SniffedType } from '@/lib/media/sniff';
import { getStorage, newStorageKey } from '@/lib/storage';

export interface IngestInput {
  file: string;
  type: SniffedType;
  sourceType: 'generated' | 'uploaded' | 'derived';
  sourceJobId?: string;
  sourceRole?: string;
  universeId?: string | null;
  title?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  /** The file's probe when the caller already ran one (to check it before storing anything). */
  probe?: ProbeResult;
}

const AREA = { video: 'videos', image: 'images', audio: 'audio' } as const;

/**
 * Stores a finished local file and records it as an asset. For a job's output this happens
 * exactly once: a retried or twice-delivered job finds the existing asset and keeps no extra file.
 */
export async function ingestFile(input: IngestInput): Promise<AssetRow> {
  const role = input.sourceRole ?? 'output';
  const db = getDb();
  if (input.sourceJobId) {
    const [existing] = await db.select().from(mediaAssets).where(and(eq(mediaAssets.sourceJobId, input.sourceJobId), eq(mediaAssets.sourceRole, role)));
    if (existing) return existing;
  }
  // Every upload, provider output and render passes here, so this is where MP4s get faststart.
  const ready = await faststart(input.file, input.type, input.probe ?? (await probe(input.file)));
  const info = ready.info;
  const storage = getStorage();
  const key = newStorageKey(AREA[input.type.assetType], input.type.extension);
  const stored = await storage.put(key, createReadStream(ready.file)).finally(ready.cleanup);
  const row = await withEvents(async (tx, emit) => {
    const [inserted] = await tx
      .insert(mediaAssets)
      .values({
        universeId: input.universeId ?? null,
        assetType: input.type.assetType,
        sourceType: input.sourceType,
        sourceJobId: input.sourceJobId ?? null,
        sourceRole: role,
        storageBackend: storage.backend,
        storageKey: key,
        mimeType: input.type.mime,
        sizeBytes: stored.size,
        durationSeconds: input.type.assetType === 'image' ? null : info.durationSeconds,
        width: info.width,
        height: info.height,
        title: input.title ?? '',
        tags: [...new Set(input.tags ?? [])],
        metadata: { ...input.metadata, probe: info },
      })
      .onConflictDoNothing()
      .returning();
    if (inserted) emit(await assetEvent(tx, 'asset.created', inserted));
    return inserted;
  });
  if (row) return row;
  // Another delivery of the same job won the race: keep its asset, drop our copy of the bytes.
  await storage.delete(key);
  const jobId = input.sourceJobId;
  const [winner] = jobId ? await db.select().from(mediaAssets).where(and(eq(mediaAssets.sourceJobId, jobId), eq(mediaAssets.sourceRole, role))) : [];
  if (!winner) throw new Error('storing the asset conflicted, yet no asset holds its job and role');
  return winner;
}
