import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { queueCatalog } from '@/lib/queue/catalog';
import { getDb } from '@/lib/db/client';
import { mediaAssets } from '@/lib/db/schema';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { createBoss } from '@/lib/queue/boss';
import { startWorkers } from '@/lib/queue/workers';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { FAKE_RUNWAY_SECRET, startFakeRunway, type FakeRunway } from '@/lib/testing/fake-runway';

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let fake: FakeRunway;
let worker: PgBoss | null = null;

async function startWorker() {
  worker = createBoss(env.url, 'worker');
  await worker.start();
  await startWorkers(worker, queueHandlers, queueCatalog);
}

beforeAll(async () => {
  env = await createTestEnvironment();
  const clip = path.join(env.dataDir, 'provider.mp4');
  await runFfmpeg((c) => c.input('testsrc2=size=1280x720:rate=24:duration=2').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y']).output(clip));
  fake = await startFakeRunway(await fs.readFile(clip));
  Object.assign(process.env, { RUNWAYML_API_SECRET: FAKE_RUNWAY_SECRET, RUNWAYML_BASE_URL: fake.base, OUTBOUND_ALLOW_PRIVATE: '1', VIDEO_POLL_MIN_SECONDS: '1' });
  api = await apiClient();
  await startWorker();
});
afterAll(async () => {
  await worker?.stop({ graceful: false });
  await fake?.close();
  for (const key of ['RUNWAYML_API_SECRET', 'RUNWAYML_BASE_URL', 'OUTBOUND_ALLOW_PRIVATE', 'VIDEO_POLL_MIN_SECONDS', 'VIDEO_JOB_DEADLINE_SECONDS']) delete process.env[key];
  await env?.cleanup();
});

type Job = { id: string; status: string; provider_status: string | null; error_message: string | null; error_code: string | null; asset_id: string | null };
const getJob = async (id: string): Promise<Job> => (await (await api.request('GET', `/api/video/jobs/${id}`)).json()).job;
async function waitFor(id: string, until: (j: Job) => boolean, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(id);
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
async function generate(prompt: string): Promise<Job> {
  const res = await api.request('POST', '/api/video/generate', { json: { prompt, mood: 80, aspect_ratio: '16:9', duration: 5, provider: 'runway' } });
  expect(res.status).toBe(202);
  return (await res.json()).job;
}
const settled = (j: Job) => ['completed', 'failed', 'canceled'].includes(j.status);

describe('video jobs on Runway (a contract server)', () => {
  it('submits, saves the task id, polls to success and copies the output into storage once', async () => {
    const job = await generate('Neon rain over a night market');
    const done = await waitFor(job.id, settled);
    expect(done).toMatchObject({ status: 'completed', provider_status: 'SUCCEEDED' });
    const assets = await getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, job.id));
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ width: 1280, height: 720, mimeType: 'video/mp4' });
    expect(fake.seen.at(-1)?.body).toMatchObject({ model: 'gen4.5', ratio: '1280:720', duration: 5 });
  });

  it('copies a finished output through a file host that answers 503 twice: the job completes with one asset', async () => {
    const done = await waitFor((await generate('A flaky output at dawn')).id, settled);
    expect(done.status, done.error_message ?? '').toBe('completed');
    expect(await getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, done.id))).toHaveLength(1);
  });

  it('fails with the provider reason on a moderation failure', async () => {
    const done = await waitFor((await generate('something unsafe')).id, settled);
    expect(done.status).toBe('failed');
    expect(done.error_message).toMatch(/runway: The prompt did not pass moderation/);
    expect(done.error_code).toBe('SAFETY.INPUT.TEXT');
  });

  it('resumes polling after a worker restart and still yields exactly one asset', async () => {
    const job = await generate('A slow reveal of a glass pavilion');
    await waitFor(job.id, (j) => j.provider_status !== null);
    await worker!.stop({ graceful: false });
    await new Promise((r) => setTimeout(r, 1500));
    await startWorker();
    const done = await waitFor(job.id, settled);
    expect(done.status).toBe('completed');
    expect(await getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, job.id))).toHaveLength(1);
  });

  it('fails a job the provider never finishes once the deadline passes', async () => {
    process.env.VIDEO_JOB_DEADLINE_SECONDS = '2';
    const job = await generate('weird light');
    delete process.env.VIDEO_JOB_DEADLINE_SECONDS;
    const done = await waitFor(job.id, settled);
    expect(done).toMatchObject({ status: 'failed', error_code: 'deadline_exceeded' });
  });

  it('refuses a provider that is not configured with 422', async () => {
    delete process.env.RUNWAYML_API_SECRET;
    const res = await api.request('POST', '/api/video/generate', { json: { prompt: 'x', provider: 'runway' } });
    process.env.RUNWAYML_API_SECRET = FAKE_RUNWAY_SECRET;
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/not configured/);
  });
});
