import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as download } from '@/app/api/video/jobs/[id]/download/route';
import { GET } from '@/app/api/media/assets/[id]/content/route';
import { signMediaPath } from '@/lib/auth/signed-url';
import { getDb } from '@/lib/db/client';
import { mediaAssets, videoJobs } from '@/lib/db/schema';
import { getStorage } from '@/lib/storage';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

// MEDIA_ACCEL_REDIRECT behind nginx: the route still checks the signature and the asset, and only
// then names the stored object for nginx to send.

let env: TestEnvironment;
let assetId: string;
let storageKey: string;

beforeAll(async () => {
  env = await createTestEnvironment();
  storageKey = `videos/accel-${randomBytes(4).toString('hex')}.mp4`;
  await getStorage().put(storageKey, Readable.from([randomBytes(2048)]));
  const [asset] = await getDb()
    .insert(mediaAssets)
    .values({ assetType: 'video', sourceType: 'generated', storageBackend: 'local', storageKey, mimeType: 'video/mp4', sizeBytes: 2048 })
    .returning();
  assetId = asset.id;
});
afterEach(() => {
  delete process.env.MEDIA_ACCEL_REDIRECT;
});
afterAll(async () => {
  await env?.cleanup();
});

const content = (url: string, init: RequestInit = {}, id = assetId) => GET(new Request(`http://test${url}`, init), { params: Promise.resolve({ id }) });

describe('GET /api/media/assets/{id}/content with MEDIA_ACCEL_REDIRECT', () => {
  it('names the stored object for nginx once the signature and the asset check out', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    const url = await signMediaPath(`/api/media/assets/${assetId}/content`);
    for (const method of ['GET', 'HEAD']) {
      const res = await content(url, { method, headers: { range: 'bytes=0-99' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-accel-redirect')).toBe(`/_media/${storageKey}`);
      expect(res.headers.get('content-type')).toBe('video/mp4');
      expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
      expect(res.headers.get('content-range')).toBeNull();
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    }
  });

  it('refuses a bad, tampered or expired signature, and none, before redirecting', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    const url = await signMediaPath(`/api/media/assets/${assetId}/content`);
    const other = await signMediaPath(`/api/media/assets/${randomUUID()}/content`);
    const expired = await signMediaPath(`/api/media/assets/${assetId}/content`, Date.now() - 2 * 3600 * 1000);
    const cases: Array<[string, number]> = [
      [url.replace(/sig=[^&]+/, 'sig=AAAA'), 403],
      [url.replace(/exp=(\d+)/, (_, e) => `exp=${Number(e) + 60}`), 403],
      // A signature for another asset does not open this one.
      [`/api/media/assets/${assetId}/content${other.slice(other.indexOf('?'))}`, 403],
      [expired, 403],
      [`/api/media/assets/${assetId}/content`, 401],
    ];
    for (const [target, status] of cases) {
      const res = await content(target);
      expect(res.status).toBe(status);
      expect(res.headers.get('x-accel-redirect')).toBeNull();
    }
  });

  it('answers 404 without a redirect for a trashed asset or a missing file', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    const [gone] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'generated', storageBackend: 'local', storageKey: 'videos/never-stored.mp4', mimeType: 'video/mp4', sizeBytes: 1 })
      .returning();
    const missing = await content(await signMediaPath(`/api/media/assets/${gone.id}/content`), {}, gone.id);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-accel-redirect')).toBeNull();
    await getDb().update(mediaAssets).set({ deletedAt: new Date() }).where(eq(mediaAssets.id, gone.id));
    const trashed = await content(await signMediaPath(`/api/media/assets/${gone.id}/content`), {}, gone.id);
    expect(trashed.status).toBe(404);
    expect(trashed.headers.get('x-accel-redirect')).toBeNull();
  });

  it('takes the path from the stored key only: nothing in the request becomes part of it', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    const url = await signMediaPath(`/api/media/assets/${assetId}/content`);
    const res = await content(`${url}&key=../../etc/passwd&path=/etc/passwd`, { headers: { 'x-accel-redirect': '/_media/../../etc/passwd', range: 'bytes=0-1' } });
    expect(res.headers.get('x-accel-redirect')).toBe(`/_media/${storageKey}`);
    // An id that is not one is refused before any lookup.
    const traversal = await content(await signMediaPath('/api/media/assets/..%2F..%2Fetc/content'), {}, '../../etc');
    expect(traversal.status).toBe(422);
    expect(traversal.headers.get('x-accel-redirect')).toBeNull();
    // A stored key that is not a valid key (a tampered row) is an error, never a redirect.
    const [tampered] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'generated', storageBackend: 'local', storageKey: '../../../etc/passwd', mimeType: 'video/mp4', sizeBytes: 1 })
      .returning();
    const bad = await content(await signMediaPath(`/api/media/assets/${tampered.id}/content`), {}, tampered.id);
    expect(bad.status).toBe(500);
    expect(bad.headers.get('x-accel-redirect')).toBeNull();
  });

  it('keeps the download name of the download route', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    const [job] = await getDb()
      .insert(videoJobs)
      .values({ generationType: 'text_to_video', status: 'completed', provider: 'local', prompt: 'Rain on glass', aspectRatio: '16:9', durationSeconds: 5, assetId })
      .returning();
    const url = await signMediaPath(`/api/video/jobs/${job.id}/download`);
    const res = await download(new Request(`http://test${url}`), { params: Promise.resolve({ id: job.id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-accel-redirect')).toBe(`/_media/${storageKey}`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Rain on glass.mp4"; filename*=UTF-8''Rain%20on%20glass.mp4`);
  });

  it('serves the bytes itself when the setting is unset', async () => {
    const res = await content(await signMediaPath(`/api/media/assets/${assetId}/content`), { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('x-accel-redirect')).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBe(100);
  });
});
