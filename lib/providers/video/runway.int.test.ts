import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { downloadToFile } from '@/lib/net/outbound';
import { FAKE_RUNWAY_SECRET as SECRET, startFakeRunway, type FakeRunway } from '@/lib/testing/fake-runway';
import { ProviderError } from '@/lib/providers/http';
import { RunwayProvider } from './runway';

let fake: FakeRunway;
let seen: FakeRunway['seen'];
let base: string;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-runway-'));
  const file = path.join(dir, 'out.mp4');
  await runFfmpeg((c) => c.input('testsrc2=size=1280x720:rate=24:duration=2').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y']).output(file));
  fake = await startFakeRunway(await fs.readFile(file));
  seen = fake.seen;
  base = fake.base;
});
afterAll(async () => {
  await fake?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const runway = () => new RunwayProvider({ apiSecret: SECRET, baseUrl: base, backoffMs: 10 });
const shot = { generationType: 'text_to_video' as const, prompt: 'A lone cyclist at dusk', aspectRatio: '9:16' as const, durationSeconds: 8 };

async function pollUntilSettled(provider: RunwayProvider, id: string) {
  const seenStates: string[] = [];
  for (let i = 0; i < 10; i++) {
    const status = await provider.status(id);
    seenStates.push(status.rawStatus);
    if (['succeeded', 'failed', 'canceled'].includes(status.state)) return { status, seenStates };
  }
  throw new Error(`never settled: ${seenStates.join(', ')}`);
}

describe('Runway adapter against the documented contract', () => {
  it('submits camelCase with a pixel ratio, polls through every status and yields a downloadable MP4', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit(shot);
    expect(seen.at(-1)).toEqual({ path: '/v1/text_to_video', body: { model: 'gen4.5', promptText: shot.prompt, ratio: '720:1280', duration: 8 } });
    const { status, seenStates } = await pollUntilSettled(provider, providerJobId);
    expect(seenStates).toEqual(['PENDING', 'THROTTLED', 'RUNNING', 'SUCCEEDED']);
    expect(status.state).toBe('succeeded');
    process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    const file = path.join(dir, 'downloaded.mp4');
    await downloadToFile(status.outputs![0], file, { maxBytes: 10_000_000, timeoutMs: 5000 });
    delete process.env.OUTBOUND_ALLOW_PRIVATE;
    expect(await probe(file)).toMatchObject({ videoCodec: 'h264', width: 1280, height: 720 });
  });

  it('reports progress while running as a percentage', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit(shot);
    await provider.status(providerJobId);
    await provider.status(providerJobId);
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'running', progress: 42 });
  });

  it('turns a moderation failure into a failed state with the provider reason and code', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit({ ...shot, prompt: 'something unsafe' });
    const { status } = await pollUntilSettled(provider, providerJobId);
    expect(status).toMatchObject({ state: 'failed', error: { message: 'The prompt did not pass moderation', code: 'SAFETY.INPUT.TEXT' } });
  });

  it('retries a 429 on submit, honouring Retry-After', async () => {
    const before = seen.length;
    const { providerJobId } = await runway().submit({ ...shot, prompt: 'a busy street' });
    expect(providerJobId).toBeTruthy();
    expect(seen.length - before).toBe(2);
  });

  it('treats an undocumented status as unknown, never as success', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit({ ...shot, prompt: 'weird light' });
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'unknown', rawStatus: 'ARCHIVED_BY_MAGIC' });
  });

  it('treats an answer that is no task as transient, and the next look works', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit({ ...shot, prompt: 'a garbled skyline' });
    await expect(provider.status(providerJobId)).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient', message: expect.stringContaining('without a status') });
    expect((await provider.status(providerJobId)).rawStatus).toBe('PENDING');
  });

  it('cancels a task', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit(shot);
    await provider.cancel(providerJobId);
    expect((await provider.status(providerJobId)).state).toBe('canceled');
  });

  it('fails permanently on a bad key or an impossible request', async () => {
    const wrongKey = new RunwayProvider({ apiSecret: 'nope', baseUrl: base, backoffMs: 10 });
    await expect(wrongKey.submit(shot)).rejects.toMatchObject({ kind: 'permanent', status: 401 });
    await expect(runway().submit({ ...shot, generationType: 'image_to_video' })).rejects.toBeInstanceOf(ProviderError);
    const { providerJobId } = await runway().submit({ ...shot, generationType: 'image_to_video', imageUrl: 'https://example.com/still.png' });
    expect(seen.at(-1)?.path).toBe('/v1/image_to_video');
    expect(seen.at(-1)?.body).toMatchObject({ model: 'gen4_turbo', promptImage: 'https://example.com/still.png', ratio: '720:1280' });
    expect(providerJobId).toBeTruthy();
  });
});
