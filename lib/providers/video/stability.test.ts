import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { ffmpegInfo } from '@/lib/media/ffmpeg';
import { FAKE_STABILITY_KEY, startFakeStability, type FakeStability } from '@/lib/testing/fake-stability';
import { StabilityProvider, stabilityConfigFromEnv } from './stability';
import type { VideoSubmission } from './types';

let dir: string;
let clip: Buffer;
let fake: FakeStability;
let landscape: string;
let portrait: string;
const previousDataDir = process.env.DATA_DIR;

// The binary the app itself resolves: ffmpeg on PATH, else the npm-installed one.
const ffmpeg = (...args: string[]) => execFileSync(ffmpegInfo().ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stability-test-'));
  // withWorkDir works under DATA_DIR; keep its scratch space inside this test's temp dir.
  process.env.DATA_DIR = path.join(dir, 'data');
  resetConfigForTests();
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x480', '-frames:v', '1', 'src.png');
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=480x640', '-frames:v', '1', 'portrait.png');
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', 'clip.mp4');
  landscape = path.join(dir, 'src.png');
  portrait = path.join(dir, 'portrait.png');
  clip = await fs.readFile(path.join(dir, 'clip.mp4'));
  fake = await startFakeStability(clip);
}, 30_000);

afterAll(async () => {
  await fake?.close();
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  resetConfigForTests();
  await fs.rm(dir, { recursive: true, force: true });
});

const stability = (apiKey = FAKE_STABILITY_KEY) => new StabilityProvider({ apiKey, baseUrl: fake.base, backoffMs: 5 });
const shot = (over: Partial<VideoSubmission> = {}): VideoSubmission => ({
  generationType: 'image_to_video',
  prompt: 'A lighthouse at dusk',
  aspectRatio: '16:9',
  durationSeconds: 4,
  imagePath: landscape,
  ...over,
});

describe('Stability adapter against the documented contract', () => {
  it('uploads the image at the exact accepted size for each aspect, with the fields', async () => {
    const cases = [
      { over: { aspectRatio: '16:9', cameraMovement: 'whip_pan_right', seed: 7 }, size: [1024, 576], fields: { seed: '7', motion_bucket_id: '200' } },
      { over: { aspectRatio: '9:16', imagePath: portrait, cameraMovement: 'static_focus' }, size: [576, 1024], fields: { seed: '0', motion_bucket_id: '60' } },
      { over: { aspectRatio: '1:1' }, size: [768, 768], fields: { seed: '0', motion_bucket_id: '127' } },
    ] as const;
    for (const c of cases) {
      const { providerJobId } = await stability().submit(shot(c.over));
      expect(providerJobId).toMatch(/^[0-9a-f]{64}$/);
      expect(fake.uploads.at(-1)).toEqual({ width: c.size[0], height: c.size[1], fields: { cfg_scale: '1.8', ...c.fields } });
    }
  }, 30_000);

  it('reports 202 as running, then succeeds with a result URL and the headers to download it', async () => {
    const provider = stability();
    const { providerJobId } = await provider.submit(shot());
    expect(await provider.status(providerJobId)).toEqual({ state: 'running', rawStatus: 'in-progress' });
    expect((await provider.status(providerJobId)).state).toBe('running');
    const done = await provider.status(providerJobId);
    expect(done).toMatchObject({
      state: 'succeeded',
      outputs: [`${fake.base}/v2beta/image-to-video/result/${providerJobId}`],
      outputHeaders: { Authorization: `Bearer ${FAKE_STABILITY_KEY}`, Accept: 'video/*' },
    });
    const res = await fetch(done.outputs![0], { headers: done.outputHeaders });
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await res.arrayBuffer()).equals(clip)).toBe(true);
  }, 30_000);

  it('refuses text-to-video and a submission without a local image, without calling out', async () => {
    const before = fake.uploads.length;
    await expect(stability().submit(shot({ generationType: 'text_to_video', imagePath: undefined }))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/only image-to-video/) });
    await expect(stability().submit(shot({ imagePath: undefined }))).rejects.toMatchObject({ kind: 'permanent' });
    expect(fake.uploads.length).toBe(before);
    expect(stability().capabilities()).toMatchObject({ textToVideo: false, imageToVideo: true, durations: [4], webhooks: false });
  });

  it('turns a CONTENT_FILTERED finish into a failure', async () => {
    const provider = stability();
    const { providerJobId } = await provider.submit(shot({ seed: 451 }));
    await provider.status(providerJobId);
    await provider.status(providerJobId);
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'failed', rawStatus: 'CONTENT_FILTERED', error: { code: 'CONTENT_FILTERED' } });
  }, 30_000);

  it('retries a 429 and then succeeds', async () => {
    const { providerJobId } = await stability().submit(shot({ seed: 429 }));
    expect(providerJobId).toMatch(/^[0-9a-f]{64}$/);
    expect(fake.uploads.filter((u) => u.fields.seed === '429')).toHaveLength(2);
  }, 30_000);

  it('refuses a bad key permanently, and an unknown result id as expired', async () => {
    await expect(stability('sk-wrong').submit(shot())).rejects.toMatchObject({ kind: 'permanent', status: 401 });
    await expect(stability().status('f'.repeat(64))).rejects.toMatchObject({ kind: 'permanent', status: 404, message: expect.stringMatching(/expired/) });
  }, 30_000);

  it('takes an HTML page answered for a finished result as a fault on the way, not as the video', async () => {
    const provider = stability();
    const { providerJobId } = await provider.submit(shot({ seed: 200 }));
    await provider.status(providerJobId);
    await provider.status(providerJobId);
    await expect(provider.status(providerJobId)).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient', message: expect.stringContaining('text/html') });
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'succeeded' });
  }, 30_000);

  it('reads its configuration from the environment', () => {
    const saved = { key: process.env.STABILITY_API_KEY, url: process.env.STABILITY_BASE_URL };
    try {
      delete process.env.STABILITY_API_KEY;
      delete process.env.STABILITY_BASE_URL;
      expect(stabilityConfigFromEnv()).toBeNull();
      process.env.STABILITY_API_KEY = 'sk-x';
      expect(stabilityConfigFromEnv()).toEqual({ apiKey: 'sk-x', baseUrl: 'https://api.stability.ai' });
    } finally {
      for (const [name, value] of [['STABILITY_API_KEY', saved.key], ['STABILITY_BASE_URL', saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
