import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadToFile, isBlockedAddress, OutboundError, parseOutboundUrl } from '@/lib/net/outbound';
import { listenOnLoopback } from '@/lib/testing/loopback';

let server: http.Server;
let base: string;
let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-outbound-'));
  server = http.createServer((req, res) => {
    if (req.url === '/video.mp4') return void res.end(Buffer.alloc(5000, 1));
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/video.mp4' }).end();
    if (req.url === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    res.writeHead(404).end();
  });
  listening = await listenOnLoopback(server);
  base = listening.origin;
});
afterAll(async () => {
  await listening.close();
  await fs.rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.OUTBOUND_ALLOW_PRIVATE;
});

const target = () => path.join(dir, `${Math.random().toString(36).slice(2)}.bin`);
const opts = { maxBytes: 1_000_000, timeoutMs: 1000 };

describe('outbound fetch guard', () => {
  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true],
    ['0.0.0.0', true], ['::1', true], ['fe80::1', true], ['fd00::1', true], ['::ffff:127.0.0.1', true], ['224.0.0.1', true],
    ['8.8.8.8', false], ['1.1.1.1', false], ['2606:4700:4700::1111', false], ['not-an-ip', true],
  ])('classifies %s (blocked: %s)', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });

  it('accepts only plain http(s) URLs', () => {
    for (const bad of ['file:///etc/passwd', 'ftp://example.com/x', 'gopher://x', 'http://user:pw@example.com/', 'not a url']) {
      expect(() => parseOutboundUrl(bad)).toThrow(OutboundError);
    }
    expect(() => parseOutboundUrl('http://[::1]/x')).toThrow(/private or local/);
    expect(parseOutboundUrl('https://cdn.example.com/v.mp4').hostname).toBe('cdn.example.com');
  });

  it('refuses loopback by default, even through a hostname that resolves to it', async () => {
    await expect(downloadToFile(`${base}/video.mp4`, target(), opts)).rejects.toMatchObject({ code: 'blocked_address' });
    const port = new URL(base).port;
    await expect(downloadToFile(`http://localhost:${port}/video.mp4`, target(), opts)).rejects.toMatchObject({ code: 'blocked_address' });
  });

  it('downloads with OUTBOUND_ALLOW_PRIVATE=1, following redirects', async () => {
    process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    const file = target();
    const result = await downloadToFile(`${base}/redirect`, file, opts);
    expect(result.bytes).toBe(5000);
    expect((await fs.stat(file)).size).toBe(5000);
  });

  it('validates every redirect hop like the first URL', async () => {
    // Loopback is allowed here only so the test server can answer; the hop it redirects to is still checked.
    process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    await expect(downloadToFile(`${base}/to-file`, target(), opts)).rejects.toMatchObject({ code: 'bad_url' });
  });

  it('enforces the size cap, the timeout, redirect loops and HTTP errors', async () => {
    process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    await expect(downloadToFile(`${base}/video.mp4`, target(), { ...opts, maxBytes: 100 })).rejects.toMatchObject({ code: 'too_large' });
    await expect(downloadToFile(`${base}/slow`, target(), { ...opts, timeoutMs: 200 })).rejects.toMatchObject({ code: 'timeout' });
    await expect(downloadToFile(`${base}/loop`, target(), opts)).rejects.toMatchObject({ code: 'too_many_redirects' });
    await expect(downloadToFile(`${base}/missing`, target(), opts)).rejects.toMatchObject({ code: 'http_error', status: 404 });
  });
});
