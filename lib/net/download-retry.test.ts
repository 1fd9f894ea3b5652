import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError, downloadToFileWithRetry } from '@/lib/net/download-retry';
import { listenOnLoopback } from '@/lib/testing/loopback';

// A real loopback server whose paths fail the first N requests in one way, then serve the file:
// /<mode>/<N>/<id>, with a fresh id per test so counts never leak between tests.
const BODY = Buffer.alloc(5000, 7);
const hits = new Map<string, number>();
let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
let dir: string;

const failWith: Record<string, (res: http.ServerResponse) => void> = {
  s503: (res) => void res.writeHead(503, { 'content-type': 'text/html' }).end('<html>503 Service Unavailable</html>'),
  s502: (res) => void res.writeHead(502).end('<html><body>Bad Gateway</body></html>'),
  s429: (res) => void res.writeHead(429, { 'retry-after': '0' }).end(),
  s404: (res) => void res.writeHead(404).end(),
  s403: (res) => void res.writeHead(403).end(),
  reset: (res) => void res.socket?.destroy(),
  hang: () => {},
  truncate: (res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(BODY.length) });
    res.write(BODY.subarray(0, 1000));
    setTimeout(() => res.socket?.destroy(), 10);
  },
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-download-retry-'));
  const server = http.createServer((req, res) => {
    const [, mode, n, id] = (req.url ?? '').split('/');
    const key = `${mode}/${id}`;
    const seen = (hits.get(key) ?? 0) + 1;
    hits.set(key, seen);
    if (mode === 'big') return void res.writeHead(200, { 'content-length': String(BODY.length * 10) }).end(Buffer.alloc(BODY.length * 10));
    if (failWith[mode] && seen <= Number(n)) return failWith[mode](res);
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(BODY.length) }).end(BODY);
  });
  listening = await listenOnLoopback(server);
});
afterAll(async () => {
  await listening.close();
  await fs.rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  process.env.OUTBOUND_ALLOW_PRIVATE = '1';
});
afterEach(() => {
  delete process.env.OUTBOUND_ALLOW_PRIVATE;
});

let counter = 0;
/** A URL failing its first `n` requests with `mode`, and a function telling how many requests it got. */
function flaky(mode: string, n: number) {
  const id = `${Date.now()}-${++counter}`;
  return { url: `${listening.origin}/${mode}/${n}/${id}`, requests: () => hits.get(`${mode}/${id}`) ?? 0 };
}
const target = () => path.join(dir, `${++counter}.bin`);
const opts = (over: Partial<Parameters<typeof downloadToFileWithRetry>[2]> = {}) => ({ maxBytes: 1_000_000, timeoutMs: 2000, deadline: Date.now() + 20_000, tries: 5, backoffMs: 5, ...over });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the download to fail'); }, (err: unknown) => err as DownloadError);

describe('downloadToFileWithRetry', () => {
  it.each([
    ['503 (HTML body)', 's503'],
    ['502', 's502'],
    ['429 with Retry-After', 's429'],
    ['a reset connection', 'reset'],
    ['a truncated transfer', 'truncate'],
  ])('tries again after %s and gets the whole file', async (_what, mode) => {
    const { url, requests } = flaky(mode, 2);
    const file = target();
    const result = await downloadToFileWithRetry(url, file, opts());
    expect(result).toMatchObject({ bytes: BODY.length, attempt: 3 });
    expect(requests()).toBe(3);
    expect((await fs.readFile(file)).equals(BODY)).toBe(true);
  });

  it('cuts a hanging try at timeoutMs and tries again', async () => {
    const { url, requests } = flaky('hang', 1);
    const retries: string[] = [];
    const result = await downloadToFileWithRetry(url, target(), opts({ timeoutMs: 300, onRetry: (f) => retries.push(`${f.attempt}/${f.tries}: ${f.reason}`) }));
    expect(result.attempt).toBe(2);
    expect(requests()).toBe(2);
    expect(retries).toEqual([expect.stringMatching(/^1\/5: the download took longer than 300 ms/)]);
  });

  it('says which try failed and why when the tries run out, and that trying later may help', async () => {
    const { url, requests } = flaky('s503', 99);
    const err = await failure(downloadToFileWithRetry(url, target(), opts({ tries: 3 })));
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toBe('try 3 of 3: the server answered 503');
    expect(err.failures).toEqual(['try 1 of 3: the server answered 503', 'try 2 of 3: the server answered 503', 'try 3 of 3: the server answered 503']);
    expect(err).toMatchObject({ code: 'http_error', status: 503, attempt: 3, tries: 3 });
    expect(err.retryable).toBe(true);
    expect(requests()).toBe(3);
  });

  it('stops at the deadline instead of waiting past it', async () => {
    const { url, requests } = flaky('s503', 99);
    const started = Date.now();
    const err = await failure(downloadToFileWithRetry(url, target(), opts({ tries: 10, backoffMs: 400, deadline: Date.now() + 1000 })));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(err.message).toMatch(/^try \d of 10: the server answered 503; no time was left for another try before the deadline$/);
    expect(requests()).toBeLessThan(4);
    await expect(downloadToFileWithRetry(url, target(), opts({ deadline: Date.now() - 1 }))).rejects.toMatchObject({ message: 'try 1 of 5: the deadline passed before the download could start' });
  });

  it.each([
    ['a 404', 's404', 'the server answered 404'],
    ['a 403', 's403', 'the server answered 403'],
  ])('never tries again after %s', async (_what, mode, reason) => {
    const { url, requests } = flaky(mode, 99);
    const err = await failure(downloadToFileWithRetry(url, target(), opts()));
    expect(err.message).toBe(`try 1 of 5: ${reason}`);
    expect(err.retryable).toBe(false);
    expect(requests()).toBe(1);
  });

  it('never tries again after an oversized file', async () => {
    const { url, requests } = flaky('big', 0);
    const err = await failure(downloadToFileWithRetry(url, target(), opts({ maxBytes: 10_000 })));
    expect(err).toMatchObject({ code: 'too_large', message: expect.stringMatching(/^try 1 of 5: the file is 50000 bytes, over the 10000-byte limit/) });
    expect(requests()).toBe(1);
  });

  it('never tries again when the SSRF guard refuses the address, and never reaches the server', async () => {
    delete process.env.OUTBOUND_ALLOW_PRIVATE;
    const { url, requests } = flaky('s503', 0);
    const err = await failure(downloadToFileWithRetry(url, target(), opts()));
    expect(err).toMatchObject({ code: 'blocked_address', message: expect.stringMatching(/^try 1 of 5: refusing to fetch from 127\.0\.0\.1/) });
    expect(err.retryable).toBe(false);
    expect(requests()).toBe(0);
    const port = new URL(listening.origin).port;
    await expect(downloadToFileWithRetry(`http://localhost:${port}/s503/0/x`, target(), opts())).rejects.toMatchObject({ code: 'blocked_address', attempt: 1 });
  });
});
