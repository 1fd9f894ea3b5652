import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { mediaAssets, videoJobs } from '@/lib/db/schema';
import { getStorage } from '@/lib/storage';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

// Providers deliver MP4, WebM or MOV: the download is named after what is stored, not ".mp4" always.
let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  env = await createTestEnvironment();
  api = await apiClient();
});
afterAll(async () => {
  await env?.cleanup();
});

async function finishedJob(mimeType: string, extension: string): Promise<string> {
  const key = `videos/download-${randomBytes(4).toString('hex')}.${extension}`;
  const bytes = randomBytes(256);
  await getStorage().put(key, Readable.from([bytes]));
  const [asset] = await getDb()
    .insert(mediaAssets)
    .values({ assetType: 'video', sourceType: 'generated', storageBackend: 'local', storageKey: key, mimeType, sizeBytes: bytes.length })
    .returning();
  const [job] = await getDb()
    .insert(videoJobs)
    .values({ generationType: 'text_to_video', status: 'completed', provider: 'luma', prompt: 'Neon rain over a night market', aspectRatio: '9:16', durationSeconds: 5, assetId: asset.id })
    .returning();
  return job.id;
}

describe('GET /api/video/jobs/{id}/download', () => {
  it.each([
    ['video/mp4', 'mp4'],
    ['video/webm', 'webm'],
    ['video/quicktime', 'mov'],
  ])('names a %s download with .%s', async (mimeType, extension) => {
    const id = await finishedJob(mimeType, extension);
    const res = await api.request('GET', `/api/video/jobs/${id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(mimeType);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Neon rain over a night market.${extension}"; filename*=UTF-8''Neon%20rain%20over%20a%20night%20market.${extension}`);
  });
});
