import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { cleanUpMedia, cleanupDays } from '@/lib/media/cleanup';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { getStorage } from '@/lib/storage';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let clip: Buffer;

beforeAll(async () => {
  env = await createTestEnvironment();
  api = await apiClient();
  const file = path.join(env.dataDir, 'clip.mp4');
  await runFfmpeg((c) =>
    c.input('testsrc2=size=320x240:rate=25:duration=2').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y']).output(file),
  );
  clip = await fs.readFile(file);
});
afterAll(async () => {
  delete process.env.MAX_UPLOAD_BYTES;
  await env?.cleanup();
});

function upload(bytes: Buffer, name: string, extra: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return api.request('POST', '/api/media/assets', { body: form });
}

describe('media assets', () => {
  it('uploads a video: streamed, sniffed from the bytes, probed, range-served', async () => {
    const res = await upload(clip, 'holiday.txt', { title: 'Holiday' });
    expect(res.status).toBe(201);
    const { asset } = await res.json();
    expect(asset).toMatchObject({ asset_type: 'video', mime_type: 'video/mp4', title: 'Holiday', width: 320, height: 240, source_type: 'uploaded', size_bytes: clip.length });
    expect(asset.duration_seconds).toBeCloseTo(2, 0);
    const ranged = await api.request('GET', asset.content_url, { headers: { range: 'bytes=0-1023' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(clip.subarray(0, 1024))).toBe(true);
    // The signed URL alone is enough: no API key needed.
    const { GET } = await import('@/app/api/media/assets/[id]/content/route');
    const bare = await GET(new Request(`http://test${asset.content_url}`), { params: Promise.resolve({ id: asset.id }) });
    expect(bare.status).toBe(200);
  });

  it('refuses uploads that are not media (415), too large (413), malformed or missing (4xx)', async () => {
    expect((await upload(Buffer.from('<html><script>alert(1)</script></html>'.repeat(4)), 'video.mp4')).status).toBe(415);
    expect((await upload(randomBytes(10), 'x.mp4')).status).toBe(415);
    process.env.MAX_UPLOAD_BYTES = String(clip.length - 100);
    const big = await upload(clip, 'big.mp4');
    expect(big.status).toBe(413);
    delete process.env.MAX_UPLOAD_BYTES;
    const noFile = new FormData();
    noFile.append('title', 'nothing');
    expect((await api.request('POST', '/api/media/assets', { body: noFile })).status).toBe(422);
    expect((await api.request('POST', '/api/media/assets', { json: { file: 'x' } })).status).toBe(415);
    // A fake video whose header sniffs as MP4 but cannot be probed.
    const fake = Buffer.concat([Buffer.from('\0\0\0\x20ftypisom', 'latin1'), randomBytes(2000)]);
    expect((await upload(fake, 'fake.mp4')).status).toBe(422);
    const rows = await getDb().select().from(mediaAssets);
    expect(rows).toHaveLength(1);
    // Nothing of the refused uploads stays on disk.
    expect(await fs.readdir(path.join(env.dataDir, 'work')).catch(() => [])).toEqual([]);
  });

  it('takes the documented tags field: repeated or comma-separated, trimmed, de-duplicated, validated', async () => {
    const form = new FormData();
    form.append('title', 'Tagged');
    form.append('tags', 'night, harbour');
    form.append('tags', 'city');
    form.append('tags', 'night');
    form.append('file', new Blob([new Uint8Array(clip)]), 'tagged.mp4');
    const res = await api.request('POST', '/api/media/assets', { body: form });
    expect(res.status).toBe(201);
    const { asset } = await res.json();
    expect(asset).toMatchObject({ title: 'Tagged', tags: ['night', 'harbour', 'city'] });
    const listed = await (await api.request('GET', '/api/media/assets?tag=city')).json();
    expect(listed.assets.map((a: { id: string }) => a.id)).toEqual([asset.id]);

    const before = (await getDb().select().from(mediaAssets)).length;
    const invalid: Array<Record<string, string>> = [{ tags: 'x'.repeat(51) }, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`).join(',') }, { tags: 'ok\u0000' }, { title: 't'.repeat(201) }];
    for (const fields of invalid) {
      const refused = await upload(clip, 'bad-tags.mp4', fields);
      expect(refused.status, JSON.stringify(fields).slice(0, 60)).toBe(422);
      expect((await refused.json()).error).toMatchObject({ code: 'unprocessable_entity', message: expect.stringMatching(/form fields/) });
    }
    expect(await getDb().select().from(mediaAssets)).toHaveLength(before);
  });

  it('edits, trashes, restores; a trashed asset is gone from lists and 404 to GET', async () => {
    const { asset } = await (await upload(clip, 'edit-me.mp4')).json();
    const patched = await api.request('PATCH', `/api/media/assets/${asset.id}`, { json: { title: 'Renamed', tags: ['Reel', 'reel', 'dusk'], pinned: true } });
    expect((await patched.json()).asset).toMatchObject({ title: 'Renamed', tags: ['Reel', 'reel', 'dusk'], pinned: true });
    expect((await api.request('PATCH', `/api/media/assets/${asset.id}`, { json: {} })).status).toBe(422);
    const tagged = await (await api.request('GET', '/api/media/assets?tag=dusk')).json();
    expect(tagged.assets.map((a: { id: string }) => a.id)).toEqual([asset.id]);

    expect((await api.request('DELETE', `/api/media/assets/${asset.id}`)).status).toBe(200);
    expect((await api.request('GET', `/api/media/assets/${asset.id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/api/media/assets/${asset.id}`)).status).toBe(404);
    const live = await (await api.request('GET', '/api/media/assets')).json();
    expect(live.assets.map((a: { id: string }) => a.id)).not.toContain(asset.id);
    const trash = await (await api.request('GET', '/api/media/assets?trash=true')).json();
    expect(trash.assets.map((a: { id: string }) => a.id)).toEqual([asset.id]);
    const [row] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, asset.id));
    expect(await getStorage().stat(row.storageKey)).not.toBeNull();

    expect((await api.request('POST', `/api/media/assets/${asset.id}/restore`)).status).toBe(200);
    expect((await api.request('GET', `/api/media/assets/${asset.id}`)).status).toBe(200);
    expect((await api.request('POST', `/api/media/assets/${asset.id}/restore`)).status).toBe(404);
  });

  it('cleanup trashes old unpinned generated media, purges expired trash, and touches nothing else', async () => {
    const storage = getStorage();
    const insert = async (over: Partial<typeof mediaAssets.$inferInsert>) => {
      const key = `videos/cleanup-${randomBytes(4).toString('hex')}.mp4`;
      await storage.put(key, Readable.from([Buffer.from('x')]));
      const [row] = await getDb()
        .insert(mediaAssets)
        .values({ assetType: 'video', sourceType: 'generated', storageBackend: 'local', storageKey: key, mimeType: 'video/mp4', sizeBytes: 1, ...over })
        .returning();
      return row;
    };
    const old = new Date(Date.now() - 40 * 86_400_000);
    const oldGenerated = await insert({ createdAt: old });
    const oldPinned = await insert({ createdAt: old, pinned: true });
    const oldUpload = await insert({ createdAt: old, sourceType: 'uploaded' });
    const longTrashed = await insert({ deletedAt: new Date(Date.now() - 10 * 86_400_000) });
    const recentlyTrashed = await insert({ deletedAt: new Date(Date.now() - 2 * 86_400_000) });
    await storage.put('videos/orphan.mp4', Readable.from([Buffer.from('no row points here')]));

    const result = await cleanUpMedia();
    expect(result.purged).toBe(1);
    const state = async (id: string) => (await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, id)))[0];
    expect((await state(oldGenerated.id)).deletedAt).not.toBeNull();
    expect((await state(oldPinned.id)).deletedAt).toBeNull();
    expect((await state(oldUpload.id)).deletedAt).toBeNull();
    expect(await state(longTrashed.id)).toBeUndefined();
    expect(await storage.stat(longTrashed.storageKey)).toBeNull();
    expect(await state(recentlyTrashed.id)).toBeDefined();
    expect(await storage.stat(recentlyTrashed.storageKey)).not.toBeNull();
    expect(await storage.stat('videos/orphan.mp4')).not.toBeNull();
  });

  it('a restored asset gets a full cleanup period again, counted from the restore', async () => {
    const DAY = 86_400_000;
    const key = `videos/restored-${randomBytes(4).toString('hex')}.mp4`;
    await getStorage().put(key, Readable.from([Buffer.from('x')]));
    const [old] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'generated', storageBackend: 'local', storageKey: key, mimeType: 'video/mp4', sizeBytes: 1, createdAt: new Date(Date.now() - 40 * DAY) })
      .returning();
    const deletedAt = async () => (await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, old.id)))[0].deletedAt;

    await cleanUpMedia();
    expect(await deletedAt()).not.toBeNull();
    expect((await api.request('POST', `/api/media/assets/${old.id}/restore`)).status).toBe(200);
    // The next daily run keeps it: it is 40 days old, but back for less than a day.
    await cleanUpMedia(new Date(Date.now() + DAY));
    expect(await deletedAt()).toBeNull();
    expect((await api.request('GET', `/api/media/assets/${old.id}`)).status).toBe(200);
    // A cleanup period after the restore it is old again.
    await cleanUpMedia(new Date(Date.now() + cleanupDays() * DAY + 60_000));
    expect(await deletedAt()).not.toBeNull();
  });
});
