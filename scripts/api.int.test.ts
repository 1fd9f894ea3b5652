import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

// The web process's API dispatcher on a real socket, with Next.js stood in by an answer of 299:
// what it answers itself must be what Next answered, and what it leaves must reach Next.

let env: TestEnvironment;
let server: http.Server;
let base: string;
let key: string;

beforeAll(async () => {
  env = await createTestEnvironment();
  key = (await createApiKey('dispatcher')).key;
  const { handleApiRequest } = await import('./api');
  server = http.createServer((req, res) => {
    if (!handleApiRequest(req, res, base)) res.writeHead(299, { 'content-type': 'text/plain' }).end('next');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await env?.cleanup();
});

/** A raw request, so headers such as Content-Length and Content-Encoding are seen as sent. */
function call(method: string, pathname: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, headers: { authorization: `Bearer ${key}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the API dispatcher of the web process', () => {
  it('answers a route() handler with its JSON, Content-Length and request id', async () => {
    const res = await call('GET', '/api/video/strategy/catalog');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body.toString()).categories).toBeTruthy();
  });

  it('gzips a large answer for a client that accepts it, and answers HEAD without a body', async () => {
    const plain = await call('GET', '/api/video/strategy/catalog');
    const zipped = await call('GET', '/api/video/strategy/catalog', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const head = await call('HEAD', '/api/video/strategy/catalog');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('reads JSON bodies and answers bad ones with the JSON error of the wrapper', async () => {
    const good = await call('POST', '/api/video/strategy', { 'content-type': 'application/json' }, JSON.stringify({ prompt: 'Rain on a tin roof', mood: 30 }));
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body.toString()).mood_category).toBe('intimate_story');
    const bad = await call('POST', '/api/video/strategy', { 'content-type': 'application/json' }, '{"prompt":');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error.code).toBe('bad_request');
    const anonymous = await call('GET', '/api/video/strategy/catalog', { authorization: '' });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body.toString()).error.code).toBe('unauthorized');
  });

  it('answers unknown API paths with the JSON 404 of the catch-all route', async () => {
    const res = await call('GET', '/api/no/such/route');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString()).error.code).toBe('not_found');
  });

  it('leaves to Next what Next answers differently: pages, trailing slashes, unexported methods, bad escapes', async () => {
    for (const [method, pathname] of [
      ['GET', '/studio'],
      ['GET', '/api/video/strategy/catalog/'],
      ['PUT', '/api/video/strategy/catalog'],
      ['GET', '/api/video/jobs/%E0%A4%A'],
    ]) {
      const res = await call(method, pathname);
      expect(`${method} ${pathname} ${res.status} ${res.body}`).toBe(`${method} ${pathname} 299 next`);
    }
  });
});
