import { and, eq } from 'drizzle-orm';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { withEvents } from '@/lib/events/append';
import { assetEvent, type AssetRow } from '@/lib/media/assets';
import { extractPoster, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { SPRITE_FRAMES, SPRITE_WIDTH } from '@/lib/media/sprite';
import { newStorageKey, storageFor } from '@/lib/storage';
import { localFileFor } from '@/lib/storage/materialize';

/**
 * Stores a derived file and upserts its row: re-running replaces, never duplicates. A derived file
 * lives in the storage backend of its asset (asset_files has no backend of its own), so
 * storage:migrate moves an asset with its files; the asset row is locked while the file row is
 * written, and a file stored just before a migration switched the asset is stored again.
 */
export async function saveDerived(asset: AssetRow, kind: 'thumbnail' | 'sprite' | 'waveform', file: string, metadata: Record<string, unknown> = {}) {
  const key = newStorageKey('derived', 'jpg').replace(/\.jpg$/, kind === 'waveform' ? '.png' : '.jpg');
  const mimeType = kind === 'waveform' ? 'image/png' : 'image/jpeg';
  let backend = asset.storageBackend;
  for (let attempt = 0; attempt < 3; attempt++) {
    const storage = storageFor(backend);
    const stored = await storage.put(key, createReadStream(file));
    // The asset's view gains its poster, strip or waveform: asset.updated tells the pages showing it.
    const outcome = await withEvents(async (tx, emit) => {
      const [owner] = await tx.select({ backend: mediaAssets.storageBackend }).from(mediaAssets).where(eq(mediaAssets.id, asset.id)).for('share');
      if (!owner || owner.backend !== backend) return { moved: owner?.backend };
      const [previous] = await tx
        .select({ key: assetFiles.storageKey })
        .from(assetFiles)
        .where(and(eq(assetFiles.assetId, asset.id), eq(assetFiles.kind, kind)));
      await tx
        .insert(assetFiles)
        .values({ assetId: asset.id, kind, storageKey: key, mimeType, sizeBytes: stored.size, metadata })
        .onConflictDoUpdate({ target: [assetFiles.assetId, assetFiles.kind], set: { storageKey: key, sizeBytes: stored.size, metadata } });
      const [current] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, asset.id));
      if (current) emit(await assetEvent(tx, 'asset.updated', current));
      return { previous: previous?.key };
    });
    if ('previous' in outcome) {
      if (outcome.previous) await storage.delete(outcome.previous);
      return;
    }
    await storage.delete(key);
    // The asset is gone (nothing to attach to), or was moved to another backend meanwhile: follow it.
    if (!outcome.moved) return;
    backend = outcome.moved;
  }
  throw new Error('the asset kept moving between storage backends while its derived file was stored');
}

async function videoDerivatives(asset: AssetRow, source: string, dir: string) {
  const poster = path.join(dir, 'poster.jpg');
  const sprite = path.join(dir, 'sprite.jpg');
  const duration = asset.durationSeconds && asset.durationSeconds > 0 ? asset.durationSeconds : 1;
  // Two independent decodes: run side by side.
  await Promise.all([
    extractPoster(source, poster, { durationSeconds: asset.durationSeconds, width: 640 }),
    runFfmpeg(
      (c) =>
        c
          .input(source)
          .outputOptions(['-vf', `fps=${SPRITE_FRAMES}/${duration.toFixed(3)},scale=${SPRITE_WIDTH}:-2,tile=${SPRITE_FRAMES}x1`, '-frames:v', '1', '-q:v', '5', '-y'])
          .output(sprite),
      { failureMessage: 'the hover preview could not be made' },
    ),
  ]);
  await savePreviews(asset, poster, sprite);
}

/** Stores a poster and a one-row hover strip of SPRITE_FRAMES frames for a video asset. */
export async function savePreviews(asset: AssetRow, poster: string, sprite: string): Promise<void> {
  await saveDerived(asset, 'thumbnail', poster);
  const info = await probe(sprite);
  await saveDerived(asset, 'sprite', sprite, {
    columns: SPRITE_FRAMES,
    frames: SPRITE_FRAMES,
    frame_width: SPRITE_WIDTH,
    frame_height: info.height ?? Math.round((SPRITE_WIDTH * (asset.height ?? 9)) / (asset.width ?? 16)),
  });
}

async function imageThumbnail(asset: AssetRow, source: string, dir: string) {
  const out = path.join(dir, 'thumb.jpg');
  await runFfmpeg((c) => c.input(source).outputOptions(['-frames:v', '1', '-vf', 'scale=640:-2', '-q:v', '3', '-y']).output(out), {
    failureMessage: 'the thumbnail could not be made',
  });
  await saveDerived(asset, 'thumbnail', out);
}

async function waveform(asset: AssetRow, source: string, dir: string) {
  const out = path.join(dir, 'waveform.png');
  await runFfmpeg(
    (c) => c.input(source).outputOptions(['-filter_complex', 'aformat=channel_layouts=mono,showwavespic=s=640x160:colors=#f5b54a', '-frames:v', '1', '-y']).output(out),
    { failureMessage: 'the waveform could not be drawn' },
  );
  await saveDerived(asset, 'waveform', out);
}

/** Poster + hover sprite for video, a thumbnail for images, a waveform for audio. */
export async function deriveAssetFiles(asset: AssetRow, dir: string): Promise<void> {
  const source = await localFileFor(storageFor(asset.storageBackend), asset.storageKey, dir);
  await fs.access(source);
  if (asset.assetType === 'video') await videoDerivatives(asset, source, dir);
  else if (asset.assetType === 'image') await imageThumbnail(asset, source, dir);
  else await waveform(asset, source, dir);
}
