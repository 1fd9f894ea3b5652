import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { queueCatalog } from '@/lib/queue/catalog';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { createBoss } from '@/lib/queue/boss';
import { startWorkers } from '@/lib/queue/workers';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let worker: PgBoss | null = null;

async function startInProcessWorker() {
  if (worker) return;
  worker = createBoss(env.url, 'worker');
  await worker.start();
  await startWorkers(worker, queueHandlers, queueCatalog);
}

beforeAll(async () => {
  env = await createTestEnvironment();
  api = await apiClient();
});
afterAll(async () => {
  await worker?.stop({ graceful: false });
  await env?.cleanup();
});

type Job = { id: string; status: string; progress: number; attempts: number; asset_id: string | null; error_message: string | null; [k: string]: unknown };

async function getJob(id: string): Promise<Job> {
  return (await (await api.request('GET', `/api/video/jobs/${id}`)).json()).job;
}

async function waitForJob(id: string, until: (j: Job) => boolean, timeoutMs = 90_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(id);
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} stuck at ${job.status} ${job.progress}%`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function generate(body: object): Promise<Job> {
  const res = await api.request('POST', '/api/video/generate', { json: body });
  expect(res.status).toBe(202);
  return (await res.json()).job;
}

async function download(url: string, file: string) {
  const res = await api.request('GET', url);
  expect([200, 206]).toContain(res.status);
  await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
}

describe('video jobs on the local provider', () => {
  it('refuses bad payloads with 4xx JSON and creates nothing', async () => {
    const cases: Array<[object | string, number]> = [
      [{ prompt: '' }, 422],
      [{ prompt: 'x', mood: 140 }, 422],
      [{ prompt: 'x', generation_type: 'image_to_video' }, 422],
      [{ prompt: 'x', generation_type: 'image_to_video', image_asset_id: '00000000-0000-4000-8000-000000000000' }, 422],
      [{ prompt: 'x', platform: 'youtube_shorts', duration: 90 }, 422],
      [{ prompt: 'x', provider: 'nope' }, 422],
      ['{"prompt":', 400],
    ];
    for (const [body, status] of cases) {
      const res = typeof body === 'string'
        ? await api.request('POST', '/api/video/generate', { body, headers: { 'content-type': 'application/json' } })
        : await api.request('POST', '/api/video/generate', { json: body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).error.message).toBeTruthy();
    }
    const list = await (await api.request('GET', '/api/video/jobs')).json();
    expect(list.jobs).toEqual([]);
  });

  it('answers 202 at once with the planned parameters, before any worker runs', async () => {
    const job = await generate({ prompt: 'Neon rain over a night market', mood: 90, platform: 'tiktok', duration: 6 });
    expect(job).toMatchObject({ status: 'pending', mood_category: 'high_energy', aspect_ratio: '9:16', duration: 6, provider: 'local' });
    expect(['fpv_drone', 'crash_zoom_in', 'whip_pan_right']).toContain(job.camera_movement);
    expect(job.enriched_prompt).toContain('Neon rain over a night market');
    const cancel = await api.request('POST', `/api/video/jobs/${job.id}/cancel`);
    expect((await cancel.json()).job.status).toBe('canceled');
    expect((await api.request('POST', `/api/video/jobs/${job.id}/cancel`)).status).toBe(409);
  });

  it('survives a worker killed mid-render: the job is retried and yields exactly one asset', async () => {
    const job = await generate({ prompt: 'A slow reveal of a glass pavilion', mood: 60, duration: 8, camera_movement: 'dolly_slow' });
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'worker.ts')], {
      env: { ...process.env, DATABASE_URL: env.url, DATA_DIR: env.dataDir, LOG_LEVEL: 'error' },
      stdio: 'ignore',
    });
    await waitForJob(job.id, (j) => j.status === 'processing' && j.progress >= 5);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await startInProcessWorker();
    const done = await waitForJob(job.id, (j) => ['completed', 'failed'].includes(j.status), 120_000);
    expect(done.status).toBe('completed');
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const assets = await getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, job.id));
    expect(assets).toHaveLength(1);
  }, 180_000);

  it('renders text-to-video that matches the strategy, with a poster that is not black', async () => {
    await startInProcessWorker();
    const job = await generate({ prompt: 'Golden light on a quiet harbour', mood: 30, aspect_ratio: '9:16', duration: 3, camera_movement: 'handheld_subtle' });
    const done = await waitForJob(job.id, (j) => ['completed', 'failed'].includes(j.status));
    expect(done.status, String(done.error_message)).toBe('completed');
    expect(done.progress).toBe(100);
    const file = path.join(env.dataDir, 'out.mp4');
    await download(`/api/video/jobs/${job.id}/download`, file);
    const info = await probe(file);
    expect(info).toMatchObject({ videoCodec: 'h264', width: 720, height: 1280 });
    expect(info.durationSeconds).toBeCloseTo(3, 0);

    const asset = await waitForThumbnail(done.asset_id!);
    expect(asset.source_type).toBe('generated');
    expect(asset.strategy).toMatchObject({ camera_movement: 'handheld_subtle', aspect_ratio: '9:16' });
    const poster = path.join(env.dataDir, 'poster.jpg');
    await download(asset.thumbnail_url, poster);
    expect(await meanLuma(poster)).toBeGreaterThan(15);
    const files = await getDb().select().from(assetFiles).where(eq(assetFiles.assetId, done.asset_id!));
    expect(files.map((f) => f.kind).sort()).toEqual(['sprite', 'thumbnail']);
  });

  it('renders image-to-video from an uploaded still', async () => {
    await startInProcessWorker();
    const still = path.join(env.dataDir, 'still.png');
    await runFfmpeg((c) => c.input('testsrc2=size=960x540:rate=1').inputFormat('lavfi').outputOptions(['-frames:v', '1', '-y']).output(still));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await fs.readFile(still))]), 'still.png');
    const upload = await api.request('POST', '/api/media/assets', { body: form });
    expect(upload.status).toBe(201);
    const image = (await upload.json()).asset;
    expect(image).toMatchObject({ asset_type: 'image', mime_type: 'image/png', width: 960, height: 540 });
    const job = await generate({ generation_type: 'image_to_video', image_asset_id: image.id, prompt: 'Bring the chart to life', mood: 55, duration: 2, aspect_ratio: '1:1' });
    const done = await waitForJob(job.id, (j) => ['completed', 'failed'].includes(j.status));
    expect(done.status, String(done.error_message)).toBe('completed');
    const file = path.join(env.dataDir, 'i2v.mp4');
    await download(done.video_url as string, file);
    expect(await probe(file)).toMatchObject({ width: 720, height: 720 });
  });

  it('retries only failed or canceled jobs', async () => {
    await startInProcessWorker();
    const job = await generate({ prompt: 'Retry me', mood: 10, duration: 2 });
    await waitForJob(job.id, (j) => j.status === 'completed');
    const res = await api.request('POST', `/api/video/jobs/${job.id}/retry`);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/completed/);

    const canceled = (await (await api.request('GET', '/api/video/jobs?status=canceled')).json()).jobs[0];
    const retried = await api.request('POST', `/api/video/jobs/${canceled.id}/retry`);
    expect((await retried.json()).job.status).toBe('pending');
    expect((await waitForJob(canceled.id, (j) => j.status === 'completed')).asset_id).toBeTruthy();
  });

  it('cancels a running render: the job stops at once and leaves no asset', async () => {
    await startInProcessWorker();
    const job = await generate({ prompt: 'A very long take', mood: 40, duration: 30 });
    await waitForJob(job.id, (j) => j.status === 'processing' && j.progress > 0);
    const res = await api.request('POST', `/api/video/jobs/${job.id}/cancel`);
    expect((await res.json()).job.status).toBe('canceled');
    await new Promise((r) => setTimeout(r, 2000));
    const after = await getJob(job.id);
    expect(after.status).toBe('canceled');
    expect(after.progress).toBeLessThan(100);
    expect(await getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, job.id))).toEqual([]);
    expect((await api.request('POST', `/api/video/jobs/${job.id}/cancel`)).status).toBe(409);
  });

  it('lists jobs newest first with keyset pagination and filters', async () => {
    const first = await (await api.request('GET', '/api/video/jobs?limit=2')).json();
    expect(first.jobs).toHaveLength(2);
    expect(first.next_cursor).toBeTruthy();
    const second = await (await api.request('GET', `/api/video/jobs?limit=2&cursor=${first.next_cursor}`)).json();
    const ids = [...first.jobs, ...second.jobs].map((j: Job) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    const created = [...first.jobs, ...second.jobs].map((j: Job) => j.created_at as string);
    expect(created).toEqual([...created].sort().reverse());
    const canceled = await (await api.request('GET', '/api/video/jobs?status=canceled')).json();
    expect(canceled.jobs.every((j: Job) => j.status === 'canceled')).toBe(true);
    expect((await api.request('GET', '/api/video/jobs?limit=500')).status).toBe(422);
    expect((await api.request('GET', '/api/video/jobs?cursor=garbage')).status).toBe(422);
    expect((await api.request('GET', '/api/video/jobs/not-a-uuid')).status).toBe(422);
    expect((await api.request('GET', '/api/video/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

async function waitForThumbnail(assetId: string) {
  for (let i = 0; i < 200; i++) {
    const asset = (await (await api.request('GET', `/api/media/assets/${assetId}`)).json()).asset;
    if (asset.thumbnail_url && asset.sprite_url) return asset;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('no thumbnail');
}

async function meanLuma(image: string): Promise<number> {
  const stats = `${image}.txt`;
  await runFfmpeg((c) => c.input(image).outputOptions(['-vf', `signalstats,metadata=print:file=${stats}`, '-f', 'null']).output('-'));
  const line = (await fs.readFile(stats, 'utf8')).split('\n').find((l) => l.includes('YAVG'));
  return Number(line?.split('=')[1]);
}
