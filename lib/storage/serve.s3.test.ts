import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signMediaPath } from '@/lib/auth/signed-url';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets, videoJobs } from '@/lib/db/schema';
import type { AssetRow } from '@/lib/media/assets';
import { deriveAssetFiles } from '@/lib/media/derive';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { ingestFile } from '@/lib/media/ingest';
import { localDiskStorage, storageFor } from '@/lib/storage';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { freshBucket, S3_SKIP, s3Server, useS3Settings } from '@/lib/testing/s3';
import { handleMediaRequest } from '@/scripts/media';

// Media on S3 through the real serve path (scripts/media.ts → the route → serveStoredObject →
// sendResponse), with the conformance the local tests ask of disk: 200/206/416, If-Range, ETag,
// 304 and HEAD; then MEDIA_S3_REDIRECT's presigned 302 followed the way a player does.

describe.skipIf(!s3Server)(`media served from S3${s3Server ? '' : ` (skipped: ${S3_SKIP})`}`, () => {
  let env: TestEnvironment;
  let server: http.Server;
  let origin: string;
  let asset: AssetRow;
  let bytes: Buffer;

  beforeAll(async () => {
    env = await createTestEnvironment();
    useS3Settings(s3Server!, await freshBucket(s3Server!));
    const file = path.join(env.dataDir, 'clip.mp4');
    await runFfmpeg((c) => c.input('testsrc2=size=320x240:rate=25:duration=2').inputFormat('lavfi').outputOptions(['-pix_fmt', 'yuv420p', '-y']).output(file));
    // Stored the way every upload and render is, then its poster and sprite derived from the bucket's copy.
    asset = await ingestFile({ file, type: { assetType: 'video', mime: 'video/mp4', extension: 'mp4' }, sourceType: 'uploaded', title: 'clip' });
    const work = path.join(env.dataDir, 'derive');
    await fs.mkdir(work);
    await deriveAssetFiles(asset, work);
    bytes = await buffer(await storageFor('s3').read(asset.storageKey));
    server = http.createServer((req, res) => {
      if (!handleMediaRequest(req, res, origin)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    delete process.env.MEDIA_S3_REDIRECT;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await env?.cleanup();
  });

  const content = async (headers: Record<string, string> = {}, method = 'GET', redirect: RequestRedirect = 'manual') =>
    fetch(`${origin}${await signMediaPath(`/api/media/assets/${asset.id}/content`)}`, { method, headers, redirect });
  const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

  it('stores uploads, renders and derived files in the bucket', async () => {
    expect(asset.storageBackend).toBe('s3');
    expect(await localDiskStorage().stat(asset.storageKey)).toBeNull();
    const files = await getDb().select().from(assetFiles).where(eq(assetFiles.assetId, asset.id));
    expect(files.map((f) => f.kind).sort()).toEqual(['sprite', 'thumbnail']);
    for (const f of files) expect((await storageFor('s3').stat(f.storageKey))?.size).toBe(f.sizeBytes);
    const poster = await fetch(`${origin}${await signMediaPath(`/api/media/assets/${asset.id}/thumbnail`)}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect((await body(poster)).subarray(0, 2).toString('hex')).toBe('ffd8');
  });

  it('answers the whole object with the bucket ETag, ranges with 206, past the end with 416', async () => {
    const whole = await content();
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(bytes.length));
    const etag = whole.headers.get('etag') ?? '';
    expect(etag).toBe((await storageFor('s3').stat(asset.storageKey))?.etag);
    expect((await body(whole)).equals(bytes)).toBe(true);

    const range = await content({ range: 'bytes=100-1123' });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 100-1123/${bytes.length}`);
    expect((await body(range)).equals(bytes.subarray(100, 1124))).toBe(true);

    const suffix = await content({ range: 'bytes=-50' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${bytes.length - 50}-${bytes.length - 1}/${bytes.length}`);
    expect((await body(suffix)).equals(bytes.subarray(-50))).toBe(true);

    const open = await content({ range: `bytes=${bytes.length - 10}-` });
    expect((await body(open)).equals(bytes.subarray(-10))).toBe(true);

    const past = await content({ range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('honours If-Range, If-None-Match and HEAD', async () => {
    const etag = (await content({}, 'HEAD')).headers.get('etag') ?? '';
    const current = await content({ range: 'bytes=0-9', 'if-range': etag });
    expect(current.status).toBe(206);
    expect((await body(current)).equals(bytes.subarray(0, 10))).toBe(true);
    const stale = await content({ range: 'bytes=0-9', 'if-range': '"another-version"' });
    expect(stale.status).toBe(200);
    expect((await body(stale)).length).toBe(bytes.length);
    expect((await content({ 'if-none-match': etag })).status).toBe(304);

    const head = await content({ range: 'bytes=0-99' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('100');
    expect((await body(head)).length).toBe(0);
  });

  it('with MEDIA_S3_REDIRECT answers 302 to a presigned GET that serves a player its ranges', async () => {
    process.env.MEDIA_S3_REDIRECT = '1';
    const res = await content({ range: 'bytes=0-1' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${s3Server!.endpoint}/`)).toBe(true);
    expect(location).toMatch(/X-Amz-Expires=300\b/);
    // Only the host is signed: the player's Range header is its own.
    expect(location).toMatch(/X-Amz-SignedHeaders=host(&|$)/);

    const ranged = await fetch(location, { headers: { range: 'bytes=1000-1999' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(ranged.headers.get('content-type')).toBe('video/mp4');
    expect(ranged.headers.get('cache-control')).toBe('private, max-age=3600');
    expect((await body(ranged)).equals(bytes.subarray(1000, 2000))).toBe(true);
    const suffix = await fetch(location, { headers: { range: 'bytes=-50' } });
    expect((await body(suffix)).equals(bytes.subarray(-50))).toBe(true);

    const tampered = location.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    expect(tampered).not.toBe(location);
    expect((await fetch(tampered, { headers: { range: 'bytes=0-9' } })).status).toBe(403);
    const otherKey = location.replace(asset.storageKey, asset.storageKey.replace(/\.mp4$/, '.mov'));
    expect((await fetch(otherKey)).status).toBe(403);

    // HEAD stays with the app (a presigned GET does not sign HEAD); a bad signature never reaches a redirect.
    expect((await content({}, 'HEAD')).status).toBe(200);
    const forged = await fetch(`${origin}${(await signMediaPath(`/api/media/assets/${asset.id}/content`)).replace(/sig=[^&]+/, 'sig=AAAA')}`, { redirect: 'manual' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
  });

  it('sends a download name through the presigned URL as the local path sets it', async () => {
    const [job] = await getDb()
      .insert(videoJobs)
      .values({ generationType: 'text_to_video', status: 'completed', provider: 'local', prompt: 'Neon rain', aspectRatio: '9:16', durationSeconds: 2, assetId: asset.id })
      .returning();
    const url = `${origin}${await signMediaPath(`/api/video/jobs/${job.id}/download`)}`;
    const direct = await fetch(url);
    const disposition = direct.headers.get('content-disposition');
    expect(disposition).toMatch(/^attachment; filename="Neon rain.mp4"/);
    await direct.arrayBuffer();
    process.env.MEDIA_S3_REDIRECT = '1';
    const redirected = await fetch(url, { redirect: 'manual' });
    expect(redirected.status).toBe(302);
    const fromBucket = await fetch(redirected.headers.get('location') ?? '');
    expect(fromBucket.status).toBe(200);
    expect(fromBucket.headers.get('content-disposition')).toBe(disposition);
    expect((await body(fromBucket)).equals(bytes)).toBe(true);
  });

  it('streams an object in the bucket itself under MEDIA_ACCEL_REDIRECT (nginx only has the disk)', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    try {
      const res = await content({ range: 'bytes=0-99' });
      expect(res.headers.get('x-accel-redirect')).toBeNull();
      expect(res.status).toBe(206);
      expect((await body(res)).equals(bytes.subarray(0, 100))).toBe(true);
    } finally {
      delete process.env.MEDIA_ACCEL_REDIRECT;
    }
  });

  it('keeps serving a row still on local disk while new media goes to the bucket', async () => {
    const key = 'videos/2026/01/01/still-local.mp4';
    await localDiskStorage().put(key, [bytes.subarray(0, 4096)]);
    const [local] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'uploaded', storageBackend: 'local', storageKey: key, mimeType: 'video/mp4', sizeBytes: 4096 })
      .returning();
    process.env.MEDIA_S3_REDIRECT = '1';
    const res = await fetch(`${origin}${await signMediaPath(`/api/media/assets/${local.id}/content`)}`, { headers: { range: 'bytes=0-99' }, redirect: 'manual' });
    // A local row has no presigned URL: the app sends the bytes itself.
    expect(res.status).toBe(206);
    expect((await body(res)).equals(bytes.subarray(0, 100))).toBe(true);
  });
});
