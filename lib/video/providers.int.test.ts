import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { queueCatalog } from '@/lib/queue/catalog';
import { getDb } from '@/lib/db/client';
import { mediaAssets, videoJobs } from '@/lib/db/schema';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { ingestFile } from '@/lib/media/ingest';
import { createBoss } from '@/lib/queue/boss';
import { startWorkers } from '@/lib/queue/workers';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { FAKE_FAL_KEY, startFakeFal } from '@/lib/testing/fake-fal';
import { FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY, startFakeKling, type FakeKling } from '@/lib/testing/fake-kling';
import { FAKE_LUMA_KEY, startFakeLuma, type FakeLuma } from '@/lib/testing/fake-luma';
import { FAKE_REPLICATE_TOKEN, startFakeReplicate } from '@/lib/testing/fake-replicate';
import { FAKE_STABILITY_KEY, startFakeStability } from '@/lib/testing/fake-stability';

/**
 * Every external provider through the real pipeline (API → pg-boss → video.generate → video.poll →
 * outbound download → storage → asset), each against its contract server. Prompt words steer the
 * servers: a throttled submit, an undocumented status, a failure, a task that never finishes.
 */
type Fake = { base: string; close(): Promise<void> };
interface Case {
  name: string;
  start: (clip: Buffer) => Promise<Fake>;
  env: (fake: Fake) => Record<string, string>;
  words: { throttle: string; fail: string; never?: string };
  success: string;
  failureMessage: RegExp;
}

const CASES: Case[] = [
  {
    name: 'kling',
    start: startFakeKling,
    env: (f) => ({ KLING_ACCESS_KEY: FAKE_KLING_ACCESS_KEY, KLING_SECRET_KEY: FAKE_KLING_SECRET_KEY, KLING_BASE_URL: f.base }),
    words: { throttle: 'crowded', fail: 'fail', never: 'never' },
    success: 'succeed',
    failureMessage: /^kling: /,
  },
  {
    name: 'luma',
    start: startFakeLuma,
    env: (f) => ({ LUMAAI_API_KEY: FAKE_LUMA_KEY, LUMAAI_BASE_URL: f.base }),
    words: { throttle: 'busy', fail: 'refuse', never: 'never' },
    success: 'completed',
    failureMessage: /luma: Prompt violates the content policy/,
  },
  {
    name: 'replicate',
    start: startFakeReplicate,
    env: (f) => ({ REPLICATE_API_TOKEN: FAKE_REPLICATE_TOKEN, REPLICATE_BASE_URL: f.base }),
    words: { throttle: 'throttle', fail: 'fail', never: 'never' },
    success: 'succeeded',
    failureMessage: /^replicate: /,
  },
  {
    name: 'fal',
    start: startFakeFal,
    env: (f) => ({ FAL_KEY: FAKE_FAL_KEY, FAL_QUEUE_BASE_URL: f.base }),
    words: { throttle: 'busy', fail: 'invalid', never: 'never' },
    success: 'COMPLETED',
    failureMessage: /The prompt could not be rendered/,
  },
];

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let worker: PgBoss;
let clip: Buffer;
const fakes: Fake[] = [];
const fakesByName: Record<string, Fake> = {};

beforeAll(async () => {
  env = await createTestEnvironment();
  const clipFile = path.join(env.dataDir, 'provider.mp4');
  await runFfmpeg((c) => c.input('testsrc2=size=1280x720:rate=24:duration=2').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y']).output(clipFile));
  clip = await fs.readFile(clipFile);
  Object.assign(process.env, { OUTBOUND_ALLOW_PRIVATE: '1', VIDEO_POLL_MIN_SECONDS: '1' });
  api = await apiClient();
  worker = createBoss(env.url, 'worker');
  await worker.start();
  await startWorkers(worker, queueHandlers, queueCatalog);
});
afterAll(async () => {
  await worker?.stop({ graceful: false });
  await Promise.all(fakes.map((f) => f.close()));
  await env?.cleanup();
});

type Job = { id: string; status: string; provider: string; provider_status: string | null; error_code: string | null; error_message: string | null; asset_id: string | null; attempts: number; fallback: string[]; provider_history: Array<Record<string, unknown>>; cost: Record<string, unknown> | null };
const getJob = async (id: string): Promise<Job> => (await (await api.request('GET', `/api/video/jobs/${id}`)).json()).job;
const settled = (j: Job) => ['completed', 'failed', 'canceled'].includes(j.status);
async function waitFor(id: string, until: (j: Job) => boolean = settled, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(id);
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
async function generate(json: Record<string, unknown>): Promise<Job> {
  const res = await api.request('POST', '/api/video/generate', { json: { mood: 60, aspect_ratio: '16:9', duration: 5, ...json } });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(202);
  return body.job;
}
const assetsOf = (jobId: string) => getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, jobId));

describe.each(CASES)('$name through the pipeline', (c) => {
  beforeAll(async () => {
    const fake = await c.start(clip);
    fakes.push(fake);
    fakesByName[c.name] = fake;
    Object.assign(process.env, c.env(fake));
  });

  it('succeeds past a throttled submit and an undocumented status, fails with the reason, and gives up at the deadline', async () => {
    const ok = await generate({ provider: c.name, prompt: `weird ${c.words.throttle} lanterns over a harbour at dusk` });
    const bad = await generate({ provider: c.name, prompt: `a scene that should ${c.words.fail}` });
    let stuck: Job | null = null;
    if (c.words.never) {
      process.env.VIDEO_JOB_DEADLINE_SECONDS = '3';
      stuck = await generate({ provider: c.name, prompt: `a render that will ${c.words.never} end` });
      delete process.env.VIDEO_JOB_DEADLINE_SECONDS;
    }

    const done = await waitFor(ok.id);
    expect(done).toMatchObject({ status: 'completed', provider: c.name, provider_status: c.success });
    const assets = await assetsOf(ok.id);
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ assetType: 'video', mimeType: 'video/mp4', width: 1280, height: 720 });

    const failed = await waitFor(bad.id);
    expect(failed.status).toBe('failed');
    expect(failed.error_message).toMatch(c.failureMessage);
    expect(await assetsOf(bad.id)).toHaveLength(0);

    if (stuck) {
      const expired = await waitFor(stuck.id);
      expect(expired).toMatchObject({ status: 'failed', error_code: 'deadline_exceeded' });
    }
  });
});

describe('stability image-to-video through the pipeline', () => {
  it('uploads the source image, waits out 202s, and stores the MP4 fetched with its key', async () => {
    const fake = await startFakeStability(clip);
    fakes.push(fake);
    Object.assign(process.env, { STABILITY_API_KEY: FAKE_STABILITY_KEY, STABILITY_BASE_URL: fake.base });
    const png = path.join(env.dataDir, 'still.png');
    await runFfmpeg((c) => c.input('testsrc2=size=800x600').inputFormat('lavfi').outputOptions(['-frames:v', '1', '-y']).output(png));
    const image = await ingestFile({ file: png, type: { assetType: 'image', mime: 'image/png', extension: 'png' }, sourceType: 'uploaded', title: 'still' });

    const textOnly = await api.request('POST', '/api/video/generate', { json: { provider: 'stability', prompt: 'x' } });
    expect(textOnly.status).toBe(422);
    expect((await textOnly.json()).error.message).toMatch(/stability does not offer text-to-video/);

    const job = await generate({ provider: 'stability', generation_type: 'image_to_video', image_asset_id: image.id, prompt: 'the still comes alive' });
    const filtered = await generate({ provider: 'stability', generation_type: 'image_to_video', image_asset_id: image.id, prompt: 'x', seed: 451 });
    expect(await waitFor(job.id)).toMatchObject({ status: 'completed', provider_status: 'complete' });
    expect(fake.uploads.at(-1)).toMatchObject({ width: 1024, height: 576 });
    expect(await assetsOf(job.id)).toHaveLength(1);
    expect(await waitFor(filtered.id)).toMatchObject({ status: 'failed' });
  });
});

describe('fallback, validation and quota', () => {
  it('moves a job to the next provider when one fails for good, and records the try', async () => {
    const job = await generate({ provider: 'kling', fallback: ['luma', 'local'], prompt: 'we are broke and they refuse', duration: 2 });
    expect(job.fallback).toEqual(['luma', 'local']);
    // Kling refuses (billing, 1102), Luma refuses the content, the local renderer finishes it.
    const done = await waitFor(job.id, settled, 90_000);
    expect(done).toMatchObject({ status: 'completed', provider: 'local', fallback: [] });
    expect(done.provider_history.map((h) => h.provider)).toEqual(['kling', 'luma']);
    expect(done.provider_history[1]).toMatchObject({ error_code: 'provider_failed', provider_status: 'failed' });
    expect(done.provider_history[0].error_message).toMatch(/Kling billing/);
    // Kling got our per-try key as external_task_id, so a lost answer could be found again.
    const klingCreate = (fakesByName.kling as FakeKling).seen.filter((r) => r.body.prompt === undefined || String(r.body.prompt).includes('we are broke')).at(-1);
    expect(String(klingCreate?.body.external_task_id)).toMatch(new RegExp(`^cm-${job.id}-`));
    expect(await assetsOf(job.id)).toHaveLength(1);
  });

  it('refuses what a provider cannot do before queueing anything', async () => {
    const ratio = await api.request('POST', '/api/video/generate', { json: { provider: 'kling', prompt: 'x', aspect_ratio: '21:9' } });
    expect(ratio.status).toBe(422);
    expect((await ratio.json()).error).toMatchObject({ details: [{ path: 'provider', message: 'aspect ratio not offered' }] });
    const model = await api.request('POST', '/api/video/generate', { json: { provider: 'luma', prompt: 'x', model: 'ray-99' } });
    expect(model.status).toBe(422);
    const repeat = await api.request('POST', '/api/video/generate', { json: { provider: 'luma', prompt: 'x', fallback: ['luma'] } });
    expect(repeat.status).toBe(422);
    delete process.env.RUNWAYML_API_SECRET;
    const unconfigured = await api.request('POST', '/api/video/generate', { json: { provider: 'luma', prompt: 'x', fallback: ['runway'] } });
    expect(unconfigured.status).toBe(422);
    expect((await unconfigured.json()).error.details).toEqual([{ path: 'fallback.0', message: 'not configured' }]);
  });

  it('answers 429 once the universe has used its daily quota', async () => {
    const providers = (await (await api.request('GET', '/api/video/providers')).json()).providers as Array<{ name: string; configured: boolean }>;
    expect(providers.filter((p) => p.configured).map((p) => p.name).sort()).toEqual(['fal', 'kling', 'local', 'luma', 'replicate', 'stability']);
    const [{ count }] = (await getDb().execute(`select count(*)::int as count from video_jobs where created_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'`)) as unknown as Array<{ count: number }>;
    process.env.QUOTA_VIDEO_JOBS_PER_DAY = String(count + 1);
    try {
      await generate({ provider: 'local', prompt: 'the last one today', duration: 2 });
      const refused = await api.request('POST', '/api/video/generate', { json: { provider: 'local', prompt: 'one too many' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await refused.json()).error.message).toMatch(/QUOTA_VIDEO_JOBS_PER_DAY/);
    } finally {
      delete process.env.QUOTA_VIDEO_JOBS_PER_DAY;
    }
  });
});

describe('callbacks drive a job to completion', () => {
  it('finishes a Luma job from its callbacks alone, with polling a minute away, and ignores a late duplicate', async () => {
    Object.assign(process.env, { PUBLIC_BASE_URL: 'https://studio.example.com', VIDEO_POLL_MIN_SECONDS: '60', VIDEO_CALLBACK_COALESCE_SECONDS: '0' });
    try {
      const job = await generate({ provider: 'luma', prompt: 'a calm tide at dawn' });
      const submitted = await waitFor(job.id, (j) => j.provider_status === 'submitted');
      const [row] = await getDb().select().from(videoJobs).where(eq(videoJobs.id, job.id));
      const callbackUrl = String((fakesByName.luma as FakeLuma).seen.at(-1)?.callback_url);
      expect(callbackUrl).toBe(`https://studio.example.com/api/webhooks/luma?job=${job.id}&token=${row.webhookToken}`);
      const { search } = new URL(callbackUrl);
      // Luma posts the generation on each state change; each callback is one look at the provider.
      for (const state of ['queued', 'dreaming', 'completed']) {
        const res = await api.request('POST', `/api/webhooks/luma${search}`, { json: { id: row.providerJobId, state } });
        expect(res.status).toBe(202);
        await waitFor(job.id, (j) => j.provider_status !== submitted.provider_status || j.status === 'completed', 10_000);
        submitted.provider_status = (await getJob(job.id)).provider_status;
      }
      const done = await waitFor(job.id, settled, 15_000);
      expect(done).toMatchObject({ status: 'completed', provider_status: 'completed' });
      const late = await api.request('POST', `/api/webhooks/luma${search}`, { json: { id: row.providerJobId, state: 'completed' } });
      expect(await late.json()).toEqual({ received: true, duplicate: true });
      expect(await assetsOf(job.id)).toHaveLength(1);
    } finally {
      for (const key of ['PUBLIC_BASE_URL', 'VIDEO_CALLBACK_COALESCE_SECONDS']) delete process.env[key];
      process.env.VIDEO_POLL_MIN_SECONDS = '1';
    }
  });
});
