import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStorage } from '@/lib/storage/local';
import { parseRange, serveStoredObject } from '@/lib/storage/serve';

const SIZE = 10_000;
const KEY = 'videos/sample.mp4';
let root: string;
let storage: LocalStorage;
let bytes: Buffer;
let etag: string;
let lastModified: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-serve-'));
  storage = new LocalStorage(root);
  bytes = randomBytes(SIZE);
  etag = (await storage.put(KEY, Readable.from([bytes]))).etag;
  lastModified = (await serve()).headers.get('last-modified')!;
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function serve(headers: Record<string, string> = {}, method = 'GET') {
  return serveStoredObject(new Request('http://test/media', { method, headers }), { storage, key: KEY, contentType: 'video/mp4' });
}

async function body(res: Response) {
  return Buffer.from(await res.arrayBuffer());
}

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', { kind: 'range', range: { start: 0, end: 99 } }],
    ['bytes=9990-', { kind: 'range', range: { start: 9990, end: 9999 } }],
    ['bytes=-500', { kind: 'range', range: { start: 9500, end: 9999 } }],
    ['bytes=-20000', { kind: 'range', range: { start: 0, end: 9999 } }],
    ['bytes=9000-20000', { kind: 'range', range: { start: 9000, end: 9999 } }],
    ['bytes=10000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-1', { kind: 'none' }],
    ['bytes=0-1,5-6', { kind: 'none' }],
    ['items=0-1', { kind: 'none' }],
    ['bytes=-', { kind: 'none' }],
  ])('%s', (header, expected) => {
    expect(parseRange(header, SIZE)).toEqual(expected);
  });
});

describe('serveStoredObject', () => {
  it('serves the whole object with validators and Accept-Ranges', async () => {
    const res = await serve();
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('etag')).toBe(etag);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect((await body(res)).equals(bytes)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1234-5677', 1234, 5677],
    ['bytes=9990-', 9990, 9999],
    ['bytes=-500', 9500, 9999],
    ['bytes=0-0', 0, 0],
  ])('answers %s with 206 and the exact bytes', async (range, start, end) => {
    const res = await serve({ range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect((await body(res)).equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const res = await serve({ range: 'bytes=10000-10010' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since', async () => {
    expect((await serve({ 'if-none-match': etag })).status).toBe(304);
    expect((await serve({ 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await serve({ 'if-none-match': '"other"' })).status).toBe(200);
    expect((await serve({ 'if-modified-since': lastModified })).status).toBe(304);
  });

  it('honours If-Range only while the representation is unchanged', async () => {
    const current = await serve({ range: 'bytes=0-9', 'if-range': etag });
    expect(current.status).toBe(206);
    const stale = await serve({ range: 'bytes=0-9', 'if-range': '"stale-etag"' });
    expect(stale.status).toBe(200);
    expect((await body(stale)).length).toBe(SIZE);
    expect((await serve({ range: 'bytes=0-9', 'if-range': lastModified })).status).toBe(206);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await serve({ range: 'bytes=0-99' }, 'HEAD');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe('100');
    expect((await body(res)).length).toBe(0);
  });

  it('offers a safe download name', async () => {
    const res = await serveStoredObject(new Request('http://test/media'), {
      storage,
      key: KEY,
      contentType: 'video/mp4',
      downloadName: 'Café "night"; cut.mp4',
    });
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Caf_ _night__ cut.mp4"; filename*=UTF-8''Caf%C3%A9%20%22night%22%3B%20cut.mp4`);
    await res.body?.cancel();
  });

  it('swallows a client that aborts mid-stream', async () => {
    const controller = new AbortController();
    const res = await serveStoredObject(new Request('http://test/media', { signal: controller.signal }), { storage, key: KEY, contentType: 'video/mp4' });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => {});
    expect(res.status).toBe(200);
  });

  it('answers not_found for a missing object', async () => {
    await expect(serveStoredObject(new Request('http://test/x'), { storage, key: 'videos/none.mp4', contentType: 'video/mp4' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
