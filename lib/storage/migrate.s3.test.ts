import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as content } from '@/app/api/media/assets/[id]/content/route';
import { signMediaPath } from '@/lib/auth/signed-url';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { localDiskStorage, newStorageKey, s3Storage } from '@/lib/storage';
import { migrateLocalToS3 } from '@/lib/storage/migrate';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { freshBucket, S3_SKIP, s3Server, useS3Settings } from '@/lib/testing/s3';

// storage:migrate end to end: assets and their derived files on local disk move into the bucket,
// verified by sha256, rows switched; the app serves every asset during and after; reruns are no-ops;
// an interrupted run (copied, not switched) and a bad copy are picked up by the next run.

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const run = promisify(execFile);

describe.skipIf(!s3Server)(`storage:migrate${s3Server ? '' : ` (skipped: ${S3_SKIP})`}`, () => {
  let env: TestEnvironment;
  const assets: Array<{ id: string; key: string; bytes: Buffer; poster: { key: string; bytes: Buffer } }> = [];

  async function localAsset(size: number) {
    const bytes = randomBytes(size);
    const key = newStorageKey('videos', 'mp4');
    await localDiskStorage().put(key, [bytes]);
    const [row] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'uploaded', storageBackend: 'local', storageKey: key, mimeType: 'video/mp4', sizeBytes: size })
      .returning();
    const poster = { key: newStorageKey('derived', 'jpg'), bytes: randomBytes(3000) };
    await localDiskStorage().put(poster.key, [poster.bytes]);
    await getDb().insert(assetFiles).values({ assetId: row.id, kind: 'thumbnail', storageKey: poster.key, mimeType: 'image/jpeg', sizeBytes: poster.bytes.length });
    const asset = { id: row.id, key, bytes, poster };
    assets.push(asset);
    return asset;
  }

  const served = async (id: string) => {
    const res = await content(new Request(`http://test${await signMediaPath(`/api/media/assets/${id}/content`)}`), { params: Promise.resolve({ id }) });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const backendOf = async (id: string) => (await getDb().select({ b: mediaAssets.storageBackend }).from(mediaAssets).where(eq(mediaAssets.id, id)))[0]?.b;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // New media still goes to disk: the bucket is configured only as the migration's target.
    useS3Settings(s3Server!, await freshBucket(s3Server!), { STORAGE_BACKEND: 'local' });
    await localAsset(9 * 1024 * 1024 + 17);
    await localAsset(1000);
    await localAsset(50_000);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('changes nothing on a dry run', async () => {
    const summary = await migrateLocalToS3({ dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, assets: 3, objects: 6, copied: 0, switched: 0, failed: [] });
    expect(summary.bytes).toBe(assets.reduce((n, a) => n + a.bytes.length + a.poster.bytes.length, 0));
    expect(await s3Storage().list('')).toEqual([]);
    for (const a of assets) expect(await backendOf(a.id)).toBe('local');
  });

  it('moves assets with their files, verified, serving all along; picks up an interrupted run; refuses a bad copy', async () => {
    const [interrupted, corrupted, plain] = assets;
    for (const a of assets) expect((await served(a.id)).equals(a.bytes)).toBe(true);
    // As if a run had copied this one and stopped before switching its row.
    await s3Storage().put(interrupted.key, [interrupted.bytes]);
    // Same size, other bytes: must not pass for the original.
    await s3Storage().put(corrupted.poster.key, [randomBytes(corrupted.poster.bytes.length)]);

    const lines: string[] = [];
    const first = await migrateLocalToS3({ progress: (l) => lines.push(l) });
    expect(first).toMatchObject({ assets: 3, switched: 2, alreadyThere: 1, copied: 4, deletedLocal: 0 });
    expect(first.failed).toEqual([{ assetId: corrupted.id, reason: expect.stringMatching(/does not match/) }]);
    expect(lines.some((l) => l.startsWith(`FAILED asset ${corrupted.id}`))).toBe(true);
    expect(await backendOf(interrupted.id)).toBe('s3');
    expect(await backendOf(plain.id)).toBe('s3');
    expect(await backendOf(corrupted.id)).toBe('local');
    // The mixed period: moved rows read from the bucket, the one left behind from disk.
    for (const a of assets) expect((await served(a.id)).equals(a.bytes)).toBe(true);
    for (const a of [interrupted, plain]) {
      for (const o of [{ key: a.key, bytes: a.bytes }, a.poster]) expect(sha(await buffer(await s3Storage().read(o.key)))).toBe(sha(o.bytes));
    }
    // Kept on disk unless asked: a way back, and no reader of an old row is cut off.
    expect(await localDiskStorage().stat(plain.key)).not.toBeNull();

    const second = await migrateLocalToS3();
    expect(second).toMatchObject({ assets: 1, switched: 1, alreadyThere: 1, copied: 1, failed: [] });
    expect(sha(await buffer(await s3Storage().read(corrupted.poster.key)))).toBe(sha(corrupted.poster.bytes));
    expect(await migrateLocalToS3()).toMatchObject({ assets: 0, switched: 0, copied: 0, failed: [] });
    for (const a of assets) expect((await served(a.id)).equals(a.bytes)).toBe(true);
  });

  it('runs as npm run storage:migrate -- --to s3, and removes disk copies with --delete-local', async () => {
    const leftBehind = await localAsset(4096);
    const missing = await localAsset(10);
    await localDiskStorage().delete(missing.key);
    const script = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/storage-migrate.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'error' } }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    expect((await script('--to', 'gcs')).code).toBe(2);
    const dry = await script('--to', 's3', '--dry-run');
    expect(dry.out).toMatch(/Dry run: 2 assets on local disk/);
    const real = await script('--to', 's3', '--delete-local');
    expect(real.code).toBe(1);
    expect(real.out).toMatch(/2 assets on local disk: 1 moved to S3 \(2 objects copied, 0 already there, .* MiB verified by sha256\), 2 local copies removed, 1 failed\./);
    expect(real.out).toContain(`failed: asset ${missing.id}: ${missing.key} is missing on local disk`);
    expect(await backendOf(leftBehind.id)).toBe('s3');
    expect(await localDiskStorage().stat(leftBehind.key)).toBeNull();
    expect((await served(leftBehind.id)).equals(leftBehind.bytes)).toBe(true);
  });
});
