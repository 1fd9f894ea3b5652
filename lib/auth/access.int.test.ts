import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { route } from '@/lib/api/route';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { RequestBudgets, reservationSize } from '@/lib/auth/rate-limit';
import { signMediaPath } from '@/lib/auth/signed-url';
import { forgetCachedSecretsForTests } from '@/lib/auth/settings';
import { getDb } from '@/lib/db/client';
import { agentJobs, apiKeys } from '@/lib/db/schema';
import { getStorage } from '@/lib/storage';
import { serveStoredObject } from '@/lib/storage/serve';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { loadApiRoutes, sampleParams } from '@/lib/testing/routes';
import { eq } from 'drizzle-orm';

let env: TestEnvironment;
const BASE = 'http://127.0.0.1:3000';

beforeAll(async () => {
  env = await createTestEnvironment();
  process.env.ADMIN_PASSWORD = 'correct horse battery staple';
  forgetCachedSecretsForTests();
});
afterAll(async () => {
  delete process.env.ADMIN_PASSWORD;
  await env?.cleanup();
});
beforeEach(() => {
  delete process.env.RATE_LIMIT_PER_MINUTE;
});

const ctx = (params: Record<string, string | string[]> = {}) => ({ params: Promise.resolve(params) });
const call = async (method: string, path: string, init: RequestInit = {}, params: Record<string, string | string[]> = {}) => {
  const routes = await loadApiRoutes();
  const match = routes.find((r) => r.path === path)!;
  return match.handlers[method](new Request(`${BASE}${path}`, { method, ...init }), ctx(params));
};

describe('every API route is protected', () => {
  it('answers 401 without credentials, except health (status only) and webhooks', async () => {
    const routes = await loadApiRoutes();
    const unexpected: string[] = [];
    for (const r of routes) {
      for (const [method, handler] of Object.entries(r.handlers)) {
        const params = sampleParams(r.path);
        const concrete = r.path.replace(/\{(\w+)\}/g, (_, name: string) => [params[name]].flat().join('/'));
        const res = await handler(
          new Request(`${BASE}${concrete}`, { method, ...(method === 'GET' || method === 'HEAD' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) }),
          ctx(params),
        );
        if (r.path === '/api/health' && method === 'GET') {
          expect(Object.keys(await res.json())).toEqual(['status']);
        } else if (r.path === '/api/auth/session') {
          expect(await res.json()).toEqual({ authenticated: false, kind: 'anonymous' });
        } else if (r.path === '/api/auth/login') {
          expect(res.status).toBe(422);
        } else if (r.path.startsWith('/api/webhooks/')) {
          // Verified by the provider's signature instead: an unsigned delivery is refused.
          expect(res.status).toBe(401);
        } else if (res.status !== 401) {
          unexpected.push(`${method} ${r.path} → ${res.status}`);
        } else {
          expect((await res.json()).error.code).toBe('unauthorized');
        }
      }
    }
    expect(unexpected).toEqual([]);
  });
});

describe('API keys', () => {
  it('are stored only as a hash, work as bearer tokens and stop working when revoked', async () => {
    const { key, record } = await createApiKey('ci');
    expect(key).toMatch(/^cm_[A-Za-z0-9_-]{43}$/);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, record.id));
    expect(JSON.stringify(row)).not.toContain(key);
    const auth = { headers: { authorization: `Bearer ${key}` } };
    const ok = await call('GET', '/api/keys', auth);
    expect(ok.status).toBe(200);
    const listed = (await ok.json()).keys.find((k: { id: string }) => k.id === record.id);
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(key);

    await revokeApiKey(record.id);
    const revoked = await call('GET', '/api/keys', auth);
    expect(revoked.status).toBe(403);
    expect((await revoked.json()).error.message).toMatch(/revoked/);
    expect((await call('GET', '/api/keys', { headers: { authorization: 'Bearer cm_not-a-real-key' } })).status).toBe(401);
    expect((await call('GET', '/api/keys', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('expire', async () => {
    const { key } = await createApiKey('short-lived', new Date(Date.now() - 1000));
    const res = await call('GET', '/api/keys', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/expired/);
  });

  it('are rate limited per key with 429 and Retry-After', async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '3';
    const { key } = await createApiKey('busy');
    const auth = { headers: { authorization: `Bearer ${key}` } };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/api/keys', auth)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call('GET', '/api/keys', auth);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error.code).toBe('rate_limited');
    // Another key has its own budget.
    const other = await createApiKey('calm');
    expect((await call('GET', '/api/keys', { headers: { authorization: `Bearer ${other.key}` } })).status).toBe(200);
  });

  it('refuse exactly the (limit+1)th of concurrent requests in one process', async () => {
    // Mid-minute on a fixed clock, so the burst cannot straddle two windows.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-05-04T10:20:30Z'));
    try {
      process.env.RATE_LIMIT_PER_MINUTE = '250'; // reserved 3 at a time
      const { key } = await createApiKey('burst');
      const auth = { headers: { authorization: `Bearer ${key}` } };
      const statuses = await Promise.all(Array.from({ length: 260 }, () => call('GET', '/api/video/strategy/catalog', auth).then((r) => r.status)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(250);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      vi.setSystemTime(new Date('2031-05-04T10:21:00Z'));
      expect((await call('GET', '/api/video/strategy/catalog', auth)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('share one budget across processes: never over the limit, a refusal at most (processes − 1) × reservation early', async () => {
    const limit = 1000;
    const n = reservationSize(limit);
    expect(n).toBe(10);
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
    const pick = (i: number) => (i % 7 < 4 ? 0 : i % 7 < 6 ? 1 : 2);

    // Concurrent bursts over three processes: never more than the limit, and since every process
    // keeps being asked, nothing it reserved is left unspent.
    const concurrent = [new RequestBudgets(), new RequestBudgets(), new RequestBudgets()];
    const burstBucket = `shared-${randomBytes(4).toString('hex')}`;
    let admitted = 0;
    for (let i = 0; i < 1100; i += 40) {
      const burst = await Promise.all(Array.from({ length: 40 }, (_, j) => concurrent[pick(i + j)].take(burstBucket, limit, now)));
      admitted += burst.filter((d) => d.allowed).length;
    }
    expect(admitted).toBe(limit);

    // One request at a time: when the first refusal comes, the others hold at most a reservation each.
    const sequential = [new RequestBudgets(), new RequestBudgets(), new RequestBudgets()];
    const bucket = `shared-${randomBytes(4).toString('hex')}`;
    let before = 0;
    for (let i = 0; ; i++) {
      if (!(await sequential[pick(i)].take(bucket, limit, now)).allowed) break;
      before++;
    }
    expect(before).toBeLessThanOrEqual(limit);
    expect(before).toBeGreaterThanOrEqual(limit - (sequential.length - 1) * n);
  });

  it('stop working within API_KEY_CACHE_SECONDS when revoked elsewhere, and keep last_used_at moving', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = new Date('2031-05-04T11:00:10Z');
    vi.setSystemTime(t0);
    try {
      process.env.API_KEY_CACHE_SECONDS = '2';
      const { key, record } = await createApiKey('cached');
      const auth = { headers: { authorization: `Bearer ${key}` } };
      expect((await call('GET', '/api/video/strategy/catalog', auth)).status).toBe(200);
      const lastUsed = async () => (await getDb().select().from(apiKeys).where(eq(apiKeys.id, record.id)))[0].lastUsedAt?.getTime();
      expect(await lastUsed()).toBe(t0.getTime());

      // Another instance (or the CLI) revokes it: this process may go on accepting it for the cache's lifetime only.
      await getDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, record.id));
      vi.setSystemTime(t0.getTime() + 1_000);
      expect([200, 403]).toContain((await call('GET', '/api/video/strategy/catalog', auth)).status);
      vi.setSystemTime(t0.getTime() + 2_001);
      const refused = await call('GET', '/api/video/strategy/catalog', auth);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.message).toMatch(/revoked/);

      // last_used_at is written at most once a minute per key, and still moves.
      const other = await createApiKey('audited');
      const otherAuth = { headers: { authorization: `Bearer ${other.key}` } };
      const lastUsedOther = async () => (await getDb().select().from(apiKeys).where(eq(apiKeys.id, other.record.id)))[0].lastUsedAt?.getTime();
      expect((await call('GET', '/api/video/strategy/catalog', otherAuth)).status).toBe(200);
      const first = await lastUsedOther();
      vi.setSystemTime(t0.getTime() + 30_000);
      await call('GET', '/api/video/strategy/catalog', otherAuth);
      expect(await lastUsedOther()).toBe(first);
      vi.setSystemTime(t0.getTime() + 95_000);
      await call('GET', '/api/video/strategy/catalog', otherAuth);
      expect(await lastUsedOther()).toBe(t0.getTime() + 95_000);
    } finally {
      vi.useRealTimers();
      delete process.env.API_KEY_CACHE_SECONDS;
    }
  });
});

describe('creator login', () => {
  const login = (password: string) =>
    call('POST', '/api/auth/login', { body: JSON.stringify({ password }), headers: { 'content-type': 'application/json' } });

  it('sets a signed HttpOnly SameSite=Lax cookie that authenticates, passes the Origin check, and logs out', async () => {
    const res = await login('correct horse battery staple');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cinemood_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    expect(cookie).not.toMatch(/Secure/);
    const session = cookie.split(';')[0];

    expect((await call('GET', '/api/keys', { headers: { cookie: session } })).status).toBe(200);
    const sameSite = await call('POST', '/api/keys', { headers: { cookie: session, origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'from ui' }) });
    expect(sameSite.status).toBe(201);
    const crossSite = await call('POST', '/api/keys', { headers: { cookie: session, origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
    expect(crossSite.status).toBe(403);
    const noOrigin = await call('POST', '/api/keys', { headers: { cookie: session, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
    expect(noOrigin.status).toBe(403);

    const tampered = session.replace(/\.[\w-]+$/, '.AAAA');
    expect((await call('GET', '/api/keys', { headers: { cookie: tampered } })).status).toBe(401);

    const out = await call('POST', '/api/auth/logout', { headers: { cookie: session, origin: BASE } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await call('GET', '/api/keys', { headers: { cookie: session } })).status).toBe(401);
  });

  it('refuses a wrong password and rate-limits failures', async () => {
    process.env.LOGIN_FAILURES_PER_MINUTE = '3';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login('guess')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Even the right password waits out the window: the limiter cannot tell who is guessing.
    expect((await login('correct horse battery staple')).status).toBe(429);
    delete process.env.LOGIN_FAILURES_PER_MINUTE;
  });
});

describe('signed media URLs', () => {
  const bytes = randomBytes(4096);
  let key: string;
  const media = route({ auth: 'signed' }, async ({ request }) => serveStoredObject(request, { storage: getStorage(), key, contentType: 'video/mp4' }));

  beforeAll(async () => {
    key = 'videos/signed-test.mp4';
    await getStorage().put(key, Readable.from([bytes]));
  });

  it('serve ranges without any header until they expire', async () => {
    const url = await signMediaPath('/api/media/assets/abc/content');
    const res = await media(new Request(`${BASE}${url}`, { headers: { range: 'bytes=100-199' } }));
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('answer 403 when tampered with or expired, and 401 without a signature', async () => {
    const url = await signMediaPath('/api/media/assets/abc/content');
    const otherPath = url.replace('/abc/', '/xyz/');
    expect((await media(new Request(`${BASE}${otherPath}`))).status).toBe(403);
    const laterExpiry = url.replace(/exp=(\d+)/, (_, e) => `exp=${Number(e) + 3600}`);
    expect((await media(new Request(`${BASE}${laterExpiry}`))).status).toBe(403);
    const expired = await signMediaPath('/api/media/assets/abc/content', Date.now() - 2 * 3600 * 1000);
    const res = await media(new Request(`${BASE}${expired}`));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/expired/);
    expect((await media(new Request(`${BASE}/api/media/assets/abc/content`))).status).toBe(401);
  });
});

describe('idempotency', () => {
  const createJob = route(
    { auth: 'required', idempotent: true, status: 202, body: z.object({ input: z.string() }), response: z.object({ id: z.string() }) },
    async ({ body }) => {
      const [row] = await getDb().insert(agentJobs).values({ agentType: 'video', input: { text: body.input } }).returning({ id: agentJobs.id });
      return row;
    },
  );

  it('replays the first response for the same key and body, and refuses another body', async () => {
    const { key } = await createApiKey('idem');
    const send = (body: object, idem = 'job-123') =>
      createJob(new Request(`${BASE}/api/jobs`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem } }));
    const first = await send({ input: 'a' });
    expect(first.status).toBe(202);
    const firstId = (await first.json()).id;
    const again = await send({ input: 'a' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe(firstId);
    const different = await send({ input: 'b' });
    expect(different.status).toBe(422);
    const rows = await getDb().select().from(agentJobs);
    expect(rows.filter((r) => (r.input as { text: string }).text === 'a')).toHaveLength(1);
    expect((await send({ input: 'b' }, 'job-456')).status).toBe(202);
  });
});
