import { randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStorage } from '@/lib/storage/local';
import { readFromThreadPoolFor, sendResponse } from '@/lib/storage/send';
import { serveStoredObject } from '@/lib/storage/serve';
import type { Storage } from '@/lib/storage/types';

// The bytes of lib/storage/serve.ts's responses through a real socket, the way the web process
// sends them (scripts/media.ts): status and headers as the handler made them, the body from the
// file in reused buffers (or the stream of a backend without files), over several buffers.

const SIZE = 1_600_003; // three full 512 KiB buffers and a short one
const KEY = 'videos/send.mp4';
let root: string;
let storage: LocalStorage;
let bytes: Buffer;
let server: http.Server;
let base: string;
let backend: Storage;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-send-'));
  storage = new LocalStorage(root);
  bytes = randomBytes(SIZE);
  await storage.put(KEY, Readable.from([bytes]));
  backend = storage;
  server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const url = new URL(req.url ?? '/', 'http://test');
    const request = new Request(url, { method: req.method, headers });
    const answer = url.pathname === '/json' ? Promise.resolve(Response.json({ ok: true }, { status: 202 })) : serveStoredObject(request, { storage: backend, key: KEY, contentType: 'video/mp4' });
    answer.then((response) => sendResponse(response, req, res)).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await fs.rm(root, { recursive: true, force: true });
});

function openHandlesOfTheFile(): number {
  const file = storage.localPath(KEY);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

async function get(headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(`${base}/media`, { method, headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const RANGES: Array<[string, number, number]> = [
  ['bytes=0-0', 0, 0],
  ['bytes=524287-524288', 524287, 524288],
  ['bytes=100-1200000', 100, 1200000],
  ['bytes=-700000', SIZE - 700000, SIZE - 1],
  ['bytes=1048576-', 1048576, SIZE - 1],
];

describe('sendResponse', () => {
  it('sends the whole file with its headers', async () => {
    const { res, body } = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(body.equals(bytes)).toBe(true);
  });

  it.each(RANGES)('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const { res, body } = await get({ range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(body.equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it('answers HEAD, 304 and 416 without a body', async () => {
    const head = await get({ range: 'bytes=0-99' }, 'HEAD');
    expect(head.res.status).toBe(206);
    expect(head.res.headers.get('content-length')).toBe('100');
    expect(head.body.length).toBe(0);
    const etag = head.res.headers.get('etag') ?? '';
    const notModified = await get({ 'if-none-match': etag });
    expect(notModified.res.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    const unsatisfiable = await get({ range: `bytes=${SIZE}-` });
    expect(unsatisfiable.res.status).toBe(416);
    expect(unsatisfiable.res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect((await get({ range: 'bytes=0-9', 'if-range': '"stale"' })).body.equals(bytes)).toBe(true);
  });

  it('keeps every connection its own bytes when many share the buffers', async () => {
    const ranges = Array.from({ length: 48 }, (_, i) => {
      const start = (i * 33_331) % (SIZE - 700_000);
      return [start, start + 600_000 + i] as const;
    });
    const answers = await Promise.all(ranges.map(([start, end]) => get({ range: `bytes=${start}-${end}` })));
    answers.forEach(({ res, body }, i) => {
      const [start, end] = ranges[i];
      expect(res.status).toBe(206);
      expect(body.equals(bytes.subarray(start, end + 1))).toBe(true);
    });
  });

  it('sends the same bytes when reads go to the thread pool (after a read from the disk)', async () => {
    readFromThreadPoolFor(60_000);
    try {
      const answers = await Promise.all([get(), ...RANGES.map(([range]) => get({ range }))]);
      expect(answers[0].body.equals(bytes)).toBe(true);
      for (const [i, [, start, end]] of RANGES.entries()) expect(answers[i + 1].body.equals(bytes.subarray(start, end + 1))).toBe(true);
    } finally {
      readFromThreadPoolFor(0);
    }
  });

  it('closes the file when the client hangs up mid-body, and after a complete answer', async () => {
    await get();
    expect(openHandlesOfTheFile()).toBe(0);
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}/media`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    });
    for (let i = 0; i < 50 && openHandlesOfTheFile() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(openHandlesOfTheFile()).toBe(0);
    // The server is still fine for the next client.
    expect((await get({ range: 'bytes=5-9' })).body.equals(bytes.subarray(5, 10))).toBe(true);
  });

  it('pipes the stream of a backend without local files', async () => {
    backend = {
      backend: 'remote',
      put: storage.put.bind(storage),
      read: storage.read.bind(storage),
      stat: storage.stat.bind(storage),
      delete: storage.delete.bind(storage),
      list: storage.list.bind(storage),
      rename: storage.rename.bind(storage),
      diagnose: storage.diagnose.bind(storage),
      healthy: storage.healthy.bind(storage),
    };
    try {
      expect((await get()).body.equals(bytes)).toBe(true);
      const { res, body } = await get({ range: 'bytes=600000-600099' });
      expect(res.status).toBe(206);
      expect(body.equals(bytes.subarray(600000, 600100))).toBe(true);
    } finally {
      backend = storage;
    }
  });

  it('writes any other response as it is', async () => {
    const res = await fetch(`${base}/json`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true });
  });
});
