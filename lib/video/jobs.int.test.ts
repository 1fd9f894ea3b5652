import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { listAssets } from '@/lib/media/assets';
import { listVideoJobs, findVideoJobView } from '@/lib/video/jobs';
import { insertVideoJob } from '@/lib/testing/job-rows';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

// The list and the by-id read run as prepared queries (lib/db/client.ts preparedQuery): each
// combination of filters is its own statement, so each is walked here page by page.

let env: TestEnvironment;
const ids: string[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  for (let i = 0; i < 7; i++) {
    const row = await insertVideoJob({ provider: i % 2 ? 'local' : 'runway', status: i % 3 ? 'pending' : 'failed', prompt: `job ${i}` }, 0);
    ids.push(row.id);
  }
});
afterAll(async () => {
  await env?.cleanup();
});

async function walk(q: Omit<Parameters<typeof listVideoJobs>[0], 'cursor'>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listVideoJobs({ ...q, cursor });
    seen.push(...page.jobs.map((j) => j.id));
    if (!page.next_cursor) return seen;
    cursor = page.next_cursor;
  }
  throw new Error('pagination did not end');
}

describe('video job list pages', () => {
  it('walks every job once, newest first, with and without filters', async () => {
    const all = await walk({ limit: 2 });
    expect(all).toEqual([...ids].reverse());
    expect(await walk({ limit: 3, provider: 'local' })).toEqual(ids.filter((_, i) => i % 2).reverse());
    expect(await walk({ limit: 1, status: 'failed' })).toEqual(ids.filter((_, i) => i % 3 === 0).reverse());
    expect(await walk({ limit: 2, status: 'pending', provider: 'runway' })).toEqual(ids.filter((_, i) => i % 3 && i % 2 === 0).reverse());
  });

  it('reads one job with its view fields, and a thumbnail URL only when its own asset has one', async () => {
    expect(await findVideoJobView(ids[3])).toMatchObject({ id: ids[3], prompt: 'job 3', provider: 'local', video_url: null, thumbnail_url: null });

    const asset = (title: string) => ({ assetType: 'video' as const, sourceType: 'generated' as const, storageBackend: 'local', storageKey: `videos/${title}.mp4`, mimeType: 'video/mp4', sizeBytes: 1, title });
    const [withThumb, withoutThumb] = await getDb().insert(mediaAssets).values([asset('a'), asset('b')]).returning();
    await getDb().insert(assetFiles).values({ assetId: withThumb.id, kind: 'thumbnail', storageKey: 'thumbnails/a.jpg', mimeType: 'image/jpeg', sizeBytes: 1 });
    const shown = await insertVideoJob({ status: 'completed', assetId: withThumb.id }, 0);
    const bare = await insertVideoJob({ status: 'completed', assetId: withoutThumb.id }, 0);

    for (const job of [await findVideoJobView(shown.id), (await listVideoJobs({ limit: 5 })).jobs.find((j) => j.id === shown.id)]) {
      expect(job?.video_url).toMatch(new RegExp(`^/api/media/assets/${withThumb.id}/content\\?exp=\\d+&sig=`));
      expect(job?.thumbnail_url).toMatch(new RegExp(`^/api/media/assets/${withThumb.id}/thumbnail\\?`));
    }
    for (const job of [await findVideoJobView(bare.id), (await listVideoJobs({ limit: 5 })).jobs.find((j) => j.id === bare.id)]) {
      expect(job?.video_url).toMatch(/content\?/);
      expect(job?.thumbnail_url).toBeNull();
    }

    // The library's pages walk the same way, thumbnails attached to their own asset only.
    const first = await listAssets({ limit: 1, trash: 'false' });
    const second = await listAssets({ limit: 1, trash: 'false', cursor: first.next_cursor ?? undefined });
    const assets = [...first.assets, ...second.assets];
    expect(assets.map((a) => a.id).sort()).toEqual([withThumb.id, withoutThumb.id].sort());
    expect(second.next_cursor).toBeNull();
    expect(assets.find((a) => a.id === withThumb.id)?.thumbnail_url).toMatch(/thumbnail\?exp=/);
    expect(assets.find((a) => a.id === withoutThumb.id)?.thumbnail_url).toBeNull();
  });
});
