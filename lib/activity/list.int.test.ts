import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { insertAudioJob, insertVideoJob } from '@/lib/testing/job-rows';

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  env = await createTestEnvironment();
  api = await apiClient();
});
afterAll(async () => {
  await env?.cleanup();
});

type Item = { kind: 'video' | 'audio' | 'production'; job?: { id: string; status: string }; production?: { id: string; status: string } };
const idOf = (item: Item) => (item.job ?? item.production)?.id;

async function list(query: string): Promise<{ jobs: Item[]; next_cursor: string | null }> {
  const res = await api.request('GET', `/api/jobs${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

describe('GET /api/jobs', () => {
  it('merges video jobs, audio jobs and productions newest first, filters them, and pages without gaps or repeats', async () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const v1 = await insertVideoJob({ createdAt: at(1), status: 'completed' });
    const a1 = await insertAudioJob({ createdAt: at(2), status: 'failed' });
    const v2 = await insertVideoJob({ createdAt: at(3), status: 'processing', provider: 'runway' });
    const a2 = await insertAudioJob({ createdAt: at(4) });
    const res = await api.request('POST', '/api/productions', { json: { prompt: 'A harbour at dusk', mood: 40, platform: 'tiktok', duration: 6, shots: 2, music: false, seed: 'merge' } });
    expect(res.status).toBe(202);
    const production = (await res.json()).production;

    const all = await list('?limit=100');
    const ids = all.jobs.map(idOf);
    // The production and its children are newest (made now); the inserted rows follow in time order.
    const children = production.children.map((c: { job_id: string }) => c.job_id);
    expect(ids.slice(0, children.length + 1).sort()).toEqual([production.id, ...children].sort());
    expect(ids.slice(-4)).toEqual([a2.id, v2.id, a1.id, v1.id]);
    expect(all.jobs.find((j) => j.kind === 'production')?.production?.status).toBe('generating');

    const processing = await list('?status=processing&limit=100');
    // A generating production counts as processing; pending children do not.
    expect(processing.jobs.map(idOf).sort()).toEqual([production.id, v2.id].sort());
    expect((await list('?provider=runway')).jobs.map(idOf)).toEqual([v2.id]);
    expect((await list('?kind=audio&limit=100')).jobs.every((j) => j.kind === 'audio')).toBe(true);
    expect((await list('?kind=production')).jobs.map(idOf)).toEqual([production.id]);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.jobs.length).toBeLessThanOrEqual(2);
      paged.push(...page.jobs.map((j) => idOf(j) as string));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual(ids);
  });

  it('answers bad filters with a 422 JSON error', async () => {
    for (const query of ['?kind=picture', '?kind=', '?status=running', '?limit=0', '?cursor=bm9wZQ']) {
      const res = await api.request('GET', `/api/jobs${query}`);
      expect(res.status, query).toBe(422);
      expect((await res.json()).error.code).toBe('unprocessable_entity');
    }
  });
});
