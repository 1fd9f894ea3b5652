import { and, eq } from 'drizzle-orm';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { withEvents } from '@/lib/events/append';
import { assetEvent, type AssetRow } from '@/lib/media/assets';
import { extractPoster, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { SPRITE_FRAMES, SPRITE_WIDTH } from '@/lib/media/sprite';
import { getStorage, newStorageKey } from '@/lib/storage';
import { localFileFor } from '@/lib/storage/materialize';


/** Stores a derived file and upserts its row: re-running replaces, never duplicates. */
export async function saveDerived(asset: AssetRow, kind: 'thumbnail' | 'sprite' | 'waveform', file: string, metadata: Record<string, unknown> = {}) {
  const storage = getStorage();
  const key = newStorageKey('derived', 'jpg').replace(/\.jpg$/, kind === 'waveform' ? '.png' : '.jpg');
  const stored = await storage.put(key, createReadStream(file));
  const [previous] = await getDb()
    .select({ key: assetFiles.storageKey })
    .from(assetFiles)
    .where(and(eq(assetFiles.assetId, asset.id), eq(assetFiles.kind, kind)));
  // The asset's view gains its poster, strip or waveform: asset.updated tells the pages showing it.
  await withEvents(async (tx, emit) => {
    await tx
      .insert(assetFiles)
      .values({ assetId: asset.id, kind, storageKey: key, mimeType: kind === 'waveform' ? 'image/png' : 'image/jpeg', sizeBytes: stored.size, metadata })
      .onConflictDoUpdate({ target: [assetFiles.assetId, assetFiles.kind], set: { storageKey: key, sizeBytes: stored.size, metadata } });
    const [current] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, asset.id));
    if (current) emit(await assetEvent(tx, 'asset.updated', current));
  });
  if (previous) await storage.delete(previous.key);
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
  const source = await localFileFor(getStorage(), asset.storageKey, dir);
  await fs.access(source);
  if (asset.assetType === 'video') await videoDerivatives(asset, source, dir);
  else if (asset.assetType === 'image') await imageThumbnail(asset, source, dir);
  else await waveform(asset, source, dir);
}
