import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageSweep } from '@/jobs/storage-sweep';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { discardAsset } from '@/lib/media/assets';
import { cleanUpMedia } from '@/lib/media/cleanup';
import { newStorageKey, storageFor } from '@/lib/storage';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { freshBucket, S3_SKIP, s3Server, useS3Settings } from '@/lib/testing/s3';

// Trash, purge, discard and the temp sweep delete from the bucket what they delete from disk:
// an asset's object and its derived files, found through the asset's backend.

describe.skipIf(!s3Server)(`cleanup on S3${s3Server ? '' : ` (skipped: ${S3_SKIP})`}`, () => {
  let env: TestEnvironment;
  const DAY = 86_400_000;

  beforeAll(async () => {
    env = await createTestEnvironment();
    useS3Settings(s3Server!, await freshBucket(s3Server!));
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  async function assetOnS3(over: Partial<typeof mediaAssets.$inferInsert> = {}) {
    const s3 = storageFor('s3');
    const key = newStorageKey('videos', 'mp4');
    const poster = newStorageKey('derived', 'jpg');
    await s3.put(key, [Buffer.from('video bytes')]);
    await s3.put(poster, [Buffer.from('poster')]);
    const [row] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'generated', storageBackend: 's3', storageKey: key, mimeType: 'video/mp4', sizeBytes: 11, ...over })
      .returning();
    await getDb().insert(assetFiles).values({ assetId: row.id, kind: 'thumbnail', storageKey: poster, mimeType: 'image/jpeg', sizeBytes: 6 });
    return { id: row.id, keys: [key, poster] };
  }

  it('trashes old media, then purges it from the bucket with its derived files', async () => {
    const old = await assetOnS3({ createdAt: new Date(Date.now() - 40 * DAY) });
    const expired = await assetOnS3({ deletedAt: new Date(Date.now() - 8 * DAY) });
    const kept = await assetOnS3();
    expect(await cleanUpMedia()).toEqual({ trashed: 1, purged: 1 });
    const s3 = storageFor('s3');
    for (const key of expired.keys) expect(await s3.stat(key)).toBeNull();
    for (const key of [...old.keys, ...kept.keys]) expect(await s3.stat(key)).not.toBeNull();
    expect((await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, old.id)))[0].deletedAt).not.toBeNull();
  });

  it('discards an asset from the bucket at once', async () => {
    const asset = await assetOnS3();
    await discardAsset(asset.id);
    for (const key of asset.keys) expect(await storageFor('s3').stat(key)).toBeNull();
  });

  it('sweeps stale temporary objects from the bucket and from disk', async () => {
    await storageFor('s3').put('tmp/stale.bin', [Buffer.from('x')]);
    await storageFor('local').put('tmp/stale.bin', [Buffer.from('x')]);
    await storageFor('s3').put('videos/kept.bin', [Buffer.from('x')]);
    await new Promise((r) => setTimeout(r, 1100));
    const ctx = { jobId: 'sweep', retryCount: 0, isFinalAttempt: true, signal: new AbortController().signal };
    expect(await storageSweep.handler({ olderThanSeconds: 1 }, ctx)).toEqual({ deleted: 2 });
    expect(await storageFor('s3').list('tmp/')).toEqual([]);
    expect(await storageFor('local').list('tmp/')).toEqual([]);
    expect(await storageFor('s3').stat('videos/kept.bin')).not.toBeNull();
  });
});
