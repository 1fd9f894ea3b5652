import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { getBoss } from '@/lib/queue/boss';
import { createQueues } from '@/lib/queue/workers';
import { queueCatalog } from '@/lib/queue/catalog';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { loadApiRoutes, type RouteModule } from '@/lib/testing/routes';

/**
 * "No input a client can send yields a 500": every route found on disk, called with a valid API
 * key and hostile input — malformed path parameters, junk queries, broken and random JSON bodies,
 * wrong content types — must answer below 500, and every 4xx must be the one error shape.
 */
let env: TestEnvironment;
let key: string;
let routes: RouteModule[];

beforeAll(async () => {
  env = await createTestEnvironment();
  key = (await createApiKey('hostile input')).key;
  routes = (await loadApiRoutes()).filter((r) => !r.catchAll);
  await createQueues(await getBoss(), queueCatalog);
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await env?.cleanup();
});

const PARAM_VALUES = ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(300), '%00', 'luma'];

function fill(apiPath: string, value: string): string {
  return apiPath.replace(/\{\w+\}/g, value);
}

async function call(route: RouteModule, method: string, url: string, init: { body?: BodyInit; contentType?: string } = {}) {
  const params = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name], i) => [name, decodeURIComponent(url.split('?')[0].split('/')[route.path.split('/').indexOf(`{${name}}`)] ?? '') || String(i)]));
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, origin: 'http://test' };
  if (init.contentType) headers['content-type'] = init.contentType;
  const res = await route.handlers[method](new Request(new URL(url, 'http://test'), { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : init.body }), { params: Promise.resolve(params) });
  return res;
}

async function expectClientSafe(res: Response, what: string) {
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
    const body = await res.json();
    expect(body, what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
}

describe('hostile input on every route', () => {
  it('path parameters that are not what the route expects', async () => {
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      for (const method of Object.keys(route.handlers)) {
        for (const value of PARAM_VALUES) {
          const res = await call(route, method, fill(route.path, encodeURIComponent(value)), { body: '{}', contentType: 'application/json' });
          await expectClientSafe(res, `${method} ${route.path} with ${value}`);
        }
      }
    }
  });

  it('junk query strings', async () => {
    for (const route of routes) {
      for (const method of Object.keys(route.handlers)) {
        for (const query of ['limit=-1', 'limit=abc&cursor=%%%', `cursor=${'A'.repeat(500)}`, `status=exploded&provider=${'p'.repeat(200)}`, 'exp=1&sig=forged', 'provider=%00&status=%00&generation_type=%00']) {
          const url = `${fill(route.path, route.path.includes('{provider}') ? 'luma' : '00000000-0000-4000-8000-000000000000')}?${query}`;
          const res = await call(route, method, url, { body: '{}', contentType: 'application/json' });
          await expectClientSafe(res, `${method} ${url}`);
        }
      }
    }
  });

  it('broken bodies and wrong content types on every write', async () => {
    const bodies: Array<{ body: BodyInit; contentType?: string }> = [
      { body: '{"unterminated": ', contentType: 'application/json' },
      { body: '[]', contentType: 'application/json' },
      { body: 'null', contentType: 'application/json' },
      { body: '', contentType: 'application/json' },
      { body: 'plain words', contentType: 'text/plain' },
      { body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nGARBAGE\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
      { body: 'not multipart at all', contentType: 'multipart/form-data; boundary=x' },
      { body: JSON.stringify({ prompt: 'x'.repeat(100_000), text: '\u0000', generation_type: 'text_to_speech', asset_id: 'nope' }), contentType: 'application/json' },
    ];
    for (const route of routes) {
      for (const method of Object.keys(route.handlers).filter((m) => !['GET', 'HEAD'].includes(m))) {
        const url = fill(route.path, route.path.includes('{provider}') ? 'luma' : '00000000-0000-4000-8000-000000000000');
        for (const input of bodies) await expectClientSafe(await call(route, method, url, input), `${method} ${url} with ${String(input.body).slice(0, 40)}`);
      }
    }
  });

  it('ids that only look like UUIDs (36 dashes, 36 letters) in callbacks and cursors are refused, not cast by PostgreSQL', async () => {
    const byPath = (apiPath: string) => routes.find((r) => r.path === apiPath)!;
    // An ISO date, "|" and 36 dashes: the shape of a keyset cursor, with an id PostgreSQL cannot cast.
    const cursor = Buffer.from(`${new Date().toISOString()}|${'-'.repeat(36)}`).toString('base64url');
    // A token too: without one the callback is refused before the id is ever looked up.
    const requests: Array<[RouteModule, string, string]> = [
      [byPath('/api/webhooks/{provider}'), 'POST', `/api/webhooks/luma?job=${'-'.repeat(36)}&token=t`],
      [byPath('/api/webhooks/{provider}'), 'POST', `/api/webhooks/kling?job=${'a'.repeat(36)}&token=t`],
      [byPath('/api/video/jobs'), 'GET', `/api/video/jobs?cursor=${cursor}`],
      [byPath('/api/audio/jobs'), 'GET', `/api/audio/jobs?cursor=${cursor}`],
      [byPath('/api/media/assets'), 'GET', `/api/media/assets?cursor=${cursor}`],
    ];
    for (const [route, method, url] of requests) {
      const res = await call(route, method, url, method === 'POST' ? { body: '{}', contentType: 'application/json' } : {});
      expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${url}`).toBeLessThan(500);
      expect(await res.json(), `${method} ${url}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it('random JSON on every write never reaches a 500 (property)', async () => {
    const writes = routes.flatMap((route) => Object.keys(route.handlers).filter((m) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(m)).map((method) => ({ route, method })));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.jsonValue({ maxDepth: 3 }), async ({ route, method }, value) => {
        const url = fill(route.path, route.path.includes('{provider}') ? 'luma' : '00000000-0000-4000-8000-000000000000');
        const res = await call(route, method, url, { body: JSON.stringify(value), contentType: 'application/json' });
        expect(res.status, `${method} ${url} with ${JSON.stringify(value).slice(0, 80)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
