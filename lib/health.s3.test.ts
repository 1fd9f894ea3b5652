import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { getDb } from '@/lib/db/client';
import { mediaAssets, videoJobs } from '@/lib/db/schema';
import { assertStorageUsable } from '@/lib/storage/startup';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { freshBucket, S3_SKIP, s3Server, useS3Settings } from '@/lib/testing/s3';
import { runVideoJob } from '@/lib/video/pipeline';

// An S3 storage that cannot be used is reported where an operator looks: /api/health (503, with
// the cause), the start-up check, the answer to an upload and the failure reason of a job.

describe.skipIf(!s3Server)(`an unusable S3 storage${s3Server ? '' : ` (skipped: ${S3_SKIP})`}`, () => {
  let env: TestEnvironment;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let bucket: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    bucket = await freshBucket(s3Server!);
    api = await apiClient();
  });
  beforeEach(() => {
    useS3Settings(s3Server!, bucket);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  const check = async () => {
    const res = await api.request('GET', '/api/health');
    return { status: res.status, body: await res.json() };
  };

  it('reports a reachable bucket as ok', async () => {
    const { status, body } = await check();
    expect(status).toBe(200);
    expect(body.storage).toEqual({ backend: 's3', ok: true });
    await expect(assertStorageUsable()).resolves.toBeUndefined();
  });

  it('answers 503 with the cause when the bucket is missing', async () => {
    useS3Settings(s3Server!, 'cm-missing-bucket');
    const { status, body } = await check();
    expect(status).toBe(503);
    expect(body.status).toBe('error');
    expect(body.storage).toEqual({ backend: 's3', ok: false, problem: expect.stringMatching(/the bucket "cm-missing-bucket" does not exist/) });
    const anonymous = await health(new Request('http://test/api/health'));
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: 'error' });
    await expect(assertStorageUsable()).rejects.toThrow(/^Storage s3 \(bucket "cm-missing-bucket"\) is not usable: the bucket "cm-missing-bucket" does not exist/);
  });

  it('names a wrong secret as such, without showing it', async () => {
    useS3Settings(s3Server!, bucket, { S3_SECRET_ACCESS_KEY: 'wrong-secret-value' });
    const { status, body } = await check();
    expect(status).toBe(503);
    expect(body.storage.problem).toMatch(/S3_SECRET_ACCESS_KEY is wrong/);
    expect(JSON.stringify(body)).not.toContain('wrong-secret-value');
    const err = await assertStorageUsable().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/S3_SECRET_ACCESS_KEY is wrong/);
    expect((err as Error).message).not.toContain('wrong-secret-value');
  });

  it('refuses an upload it cannot store with a 503 naming the cause, and keeps no asset', async () => {
    useS3Settings(s3Server!, 'cm-missing-bucket');
    const form = new FormData();
    const { readFile } = await import('node:fs/promises');
    const { runFfmpeg } = await import('@/lib/media/ffmpeg');
    const file = `${env.dataDir}/upload.mp4`;
    await runFfmpeg((c) => c.input('testsrc2=size=160x120:rate=10:duration=1').inputFormat('lavfi').outputOptions(['-pix_fmt', 'yuv420p', '-y']).output(file));
    form.append('file', new Blob([await readFile(file)], { type: 'video/mp4' }), 'clip.mp4');
    const res = await api.request('POST', '/api/media/assets', { body: form });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ code: 'service_unavailable', message: expect.stringMatching(/^the bucket "cm-missing-bucket" does not exist/) });
    expect(await getDb().select().from(mediaAssets)).toEqual([]);
  });

  it('fails a render it cannot store with that reason recorded', async () => {
    useS3Settings(s3Server!, 'cm-missing-bucket');
    const [job] = await getDb()
      .insert(videoJobs)
      .values({ generationType: 'text_to_video', provider: 'local', prompt: 'Fog over a harbour', cameraMovement: 'dolly_slow', lighting: 'golden_hour', aspectRatio: '16:9', durationSeconds: 1, params: { title_card: false } })
      .returning();
    await runVideoJob(job.id, { jobId: job.id, retryCount: 0, isFinalAttempt: true, signal: new AbortController().signal });
    const [row] = await getDb().select().from(videoJobs).where(eq(videoJobs.id, job.id));
    expect(row.status).toBe('failed');
    expect(row.errorMessage).toMatch(/^The video could not be stored: the bucket "cm-missing-bucket" does not exist/);
  });
});
