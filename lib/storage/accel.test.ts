import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, setting } from '@/lib/config';
import { LocalStorage } from '@/lib/storage/local';
import { serveStoredObject } from '@/lib/storage/serve';
import type { Storage } from '@/lib/storage/types';

// MEDIA_ACCEL_REDIRECT: the app answers with the object's internal path and nginx sends the
// bytes, with the app's Content-Type, Content-Disposition and Cache-Control.

const KEY = 'videos/2026/01/02/accel.mp4';
let root: string;
let storage: LocalStorage;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-accel-'));
  storage = new LocalStorage(root);
  await storage.put(KEY, Readable.from([randomBytes(5000)]));
});
afterEach(() => {
  delete process.env.MEDIA_ACCEL_REDIRECT;
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function serve(headers: Record<string, string> = {}, method = 'GET', opts: { downloadName?: string; cacheControl?: string; storage?: Storage; key?: string } = {}) {
  return serveStoredObject(new Request('http://test/api/media/assets/x/content?exp=1&sig=s', { method, headers }), {
    storage: opts.storage ?? storage,
    key: opts.key ?? KEY,
    contentType: 'video/mp4',
    downloadName: opts.downloadName,
    cacheControl: opts.cacheControl,
  });
}

describe('MEDIA_ACCEL_REDIRECT', () => {
  it('hands nginx the object, with the headers nginx keeps and no body', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    for (const method of ['GET', 'HEAD']) {
      const res = await serve({}, method);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-accel-redirect')).toBe(`/_media/${KEY}`);
      expect(res.headers.get('content-type')).toBe('video/mp4');
      expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // nginx answers ranges and validators from the file itself.
      for (const name of ['content-length', 'content-range', 'etag', 'last-modified', 'accept-ranges']) expect(res.headers.get(name)).toBeNull();
      expect(res.body).toBeNull();
    }
  });

  it('leaves ranges and conditions to nginx', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    for (const headers of [{ range: 'bytes=0-99' }, { range: 'bytes=99999-' }, { 'if-none-match': '*' }, { range: 'bytes=0-1', 'if-range': '"x"' }] as Record<string, string>[]) {
      const res = await serve(headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-accel-redirect')).toBe(`/_media/${KEY}`);
    }
  });

  it('keeps the download name and the cache policy of the route', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/internal/media/';
    const res = await serve({}, 'GET', { downloadName: 'Café "night".mp4', cacheControl: 'private, max-age=86400' });
    expect(res.headers.get('x-accel-redirect')).toBe(`/internal/media/${KEY}`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Caf_ _night_.mp4"; filename*=UTF-8''Caf%C3%A9%20%22night%22.mp4`);
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
  });

  it('answers not_found for a missing object instead of redirecting', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    await expect(serve({}, 'GET', { key: 'videos/none.mp4' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never redirects to a path that is not a valid storage key, whatever the backend says', async () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media';
    // A backend that finds anything: the key check still stands between a stored key and nginx.
    // It has local files (localPath), as only such a backend's objects are handed to nginx.
    const lenient: Storage = { ...storage, backend: 'lenient', localPath: (key: string) => key, stat: async (key: string) => ({ key, size: 1, modifiedAt: new Date(), etag: '"1"' }) } as Storage;
    for (const key of ['../etc/passwd', 'videos/../../x', '/etc/passwd', 'videos/a b.mp4', 'videos/x.mp4?y=1', 'videos/%2e%2e/x']) {
      await expect(serve({}, 'GET', { storage: lenient, key })).rejects.toThrow(/invalid storage key/);
    }
  });

  it('is a path prefix: a trailing slash is dropped, anything else is refused', () => {
    process.env.MEDIA_ACCEL_REDIRECT = '/_media/';
    expect(setting('MEDIA_ACCEL_REDIRECT')).toBe('/_media');
    process.env.MEDIA_ACCEL_REDIRECT = '  ';
    expect(setting('MEDIA_ACCEL_REDIRECT')).toBeUndefined();
    for (const bad of ['_media', '/a/../b', '/x?y', '/x y', '//x', 'http://nginx/_media', '/.hidden']) {
      process.env.MEDIA_ACCEL_REDIRECT = bad;
      expect(() => setting('MEDIA_ACCEL_REDIRECT')).toThrow(ConfigError);
    }
  });

  it('matches the README nginx config: an internal location at the prefix, aliased to the objects folder', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const prefix = /`MEDIA_ACCEL_REDIRECT=(\/[^`]+)`/.exec(readme)?.[1];
    const config = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const location = new RegExp(`location ${prefix}/ \\{([^}]*)\\}`).exec(config)?.[1] ?? '';
    expect(location).toMatch(/^\s*internal;/m);
    // LocalStorage keeps an object at <DATA_DIR>/storage/objects/<key>.
    expect(location).toMatch(/^\s*alias \/\S+\/storage\/objects\/;/m);
    expect(path.relative(root, storage.localPath(KEY))).toBe(path.join('objects', KEY));
  });
});
