import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => {
  await env?.cleanup();
});

describe('GET /api/health', () => {
  it('reports every part to an authenticated caller', async () => {
    const api = await apiClient();
    const res = await api.request('GET', '/api/health');
    expect(res.status).toBe(200);
    const health = await res.json();
    expect(health).toMatchObject({ database: { ok: true }, storage: { backend: 'local', ok: true }, providers: { local: true }, audio: { speech: { local: true }, music: { local: true }, stems: { local: true } } });
    expect(health.ffmpeg.path).toMatch(/ffmpeg$/);
    expect(['system', 'npm']).toContain(health.ffmpeg.source);
    expect(health.status).toBe('ok');
  });

  it('answers 503 when the database is unreachable', async () => {
    const saved = process.env.DATABASE_URL;
    await closeDb();
    process.env.DATABASE_URL = 'postgres://postgres:x@127.0.0.1:1/none';
    resetConfigForTests();
    try {
      const res = await GET(new Request('http://test/api/health'));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'error' });
    } finally {
      await closeDb();
      process.env.DATABASE_URL = saved;
      resetConfigForTests();
    }
  });
});
