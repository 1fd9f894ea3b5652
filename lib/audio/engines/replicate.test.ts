import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '@/lib/media/ffmpeg';
import { FAKE_AUDIO_KEYS, FAKE_DEMUCS_VERSION, FAKE_MUSICGEN_VERSION, fakeMp3, startFakeAudioProviders, type FakeAudioProviders } from '@/lib/testing/fake-audio-providers';
import type { MusicRequest } from '../types';
import { MAX_INLINE_BYTES, ReplicateDemucsEngine, replicateDemucsConfigFromEnv } from './replicate-demucs';
import { ReplicateMusicgenEngine, replicateMusicgenConfigFromEnv, type ReplicateAudioConfig } from './replicate-musicgen';

let fake: FakeAudioProviders;
let dir: string;
const savedAllow = process.env.OUTBOUND_ALLOW_PRIVATE;
beforeAll(async () => {
  // The fake serves its outputs from 127.0.0.1, which the outbound guard refuses by default.
  process.env.OUTBOUND_ALLOW_PRIVATE = '1';
  fake = await startFakeAudioProviders();
  dir = await mkdtemp(path.join(os.tmpdir(), 'replicate-audio-'));
});
afterAll(async () => {
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_PRIVATE;
  else process.env.OUTBOUND_ALLOW_PRIVATE = savedAllow;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const config = (extra: Partial<ReplicateAudioConfig> = {}): ReplicateAudioConfig => ({ apiToken: FAKE_AUDIO_KEYS.replicate, baseUrl: `${fake.base}/v1`, version: FAKE_MUSICGEN_VERSION, pollMs: 5, backoffMs: 1, timeoutSeconds: 30, ...extra });
const music = (prompt: string, extra: Partial<MusicRequest> = {}): MusicRequest => ({ prompt, durationSeconds: 8.4, mood: 40, moodCategory: 'surreal_trip', ...extra });
const out = (name: string) => path.join(dir, name);

describe('Replicate MusicGen against the documented contract', () => {
  it('creates a versioned prediction, polls it to succeeded and downloads the output URL', async () => {
    const result = await new ReplicateMusicgenEngine(config()).compose(music('dreamy pads', { seed: '7' }), out('mg.mp3'));
    const create = fake.seen.find((s) => s.method === 'POST' && s.body.input && (s.body.input as { prompt?: string }).prompt === 'dreamy pads')!;
    expect(create.path).toBe('/v1/predictions');
    expect(create.headers.authorization).toBe(`Bearer ${FAKE_AUDIO_KEYS.replicate}`);
    expect(create.body).toEqual({ version: FAKE_MUSICGEN_VERSION, input: { prompt: 'dreamy pads', duration: 8, model_version: 'stereo-melody-large', output_format: 'mp3', seed: 7 } });
    const id = result.details!.predictionId as string;
    expect(fake.seen.filter((s) => s.method === 'GET' && s.path === `/v1/predictions/${id}`)).toHaveLength(3);
    expect(result).toMatchObject({ extension: 'mp3', cost: { predict_time: 4.2 } });
    const info = await probe(out('mg.mp3'));
    expect(info.hasAudio).toBe(true);
    expect(info.durationSeconds).toBeGreaterThan(2.5);
  });

  it('retries one throttled create, and a failed prediction is a permanent error with Replicate’s message', async () => {
    await new ReplicateMusicgenEngine(config()).compose(music('busy brass'), out('b.mp3'));
    expect(fake.seen.filter((s) => s.method === 'POST' && (s.body.input as { prompt?: string } | undefined)?.prompt === 'busy brass')).toHaveLength(2);
    await expect(new ReplicateMusicgenEngine(config()).compose(music('forbidden choir'), out('f.mp3'))).rejects.toMatchObject({
      name: 'AudioEngineError',
      kind: 'permanent',
      message: expect.stringContaining('flagged as sensitive'),
    });
  });

  it('names the missing version variable, and gives up at its timeout', async () => {
    await expect(new ReplicateMusicgenEngine(config({ version: undefined })).compose(music('x'), out('x.mp3'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('REPLICATE_MUSICGEN_VERSION') });
    await expect(new ReplicateMusicgenEngine(config({ timeoutSeconds: 0.001, pollMs: 20 })).compose(music('slow'), out('t.mp3'))).rejects.toMatchObject({ kind: 'transient', message: expect.stringContaining('did not finish') });
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const run = new ReplicateMusicgenEngine(config({ pollMs: 200 })).compose(music('long wait'), out('ab.mp3'), controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toMatchObject({ message: expect.stringContaining('canceled') });
  });

  it('reads REPLICATE_* with a 600 s default timeout', () => {
    const saved = { ...process.env };
    try {
      process.env.REPLICATE_API_TOKEN = 'r8';
      delete process.env.REPLICATE_BASE_URL;
      delete process.env.REPLICATE_MUSICGEN_VERSION;
      delete process.env.REPLICATE_MUSICGEN_TIMEOUT_SECONDS;
      expect(replicateMusicgenConfigFromEnv()).toEqual({ apiToken: 'r8', baseUrl: 'https://api.replicate.com/v1', version: undefined, timeoutSeconds: 600 });
      expect(replicateDemucsConfigFromEnv()).toBeNull();
      process.env.REPLICATE_DEMUCS_VERSION = 'abc';
      expect(replicateDemucsConfigFromEnv()).toMatchObject({ version: 'abc' });
    } finally {
      process.env = saved;
    }
  });
});

describe('Replicate Demucs against the documented contract', () => {
  it('sends the file inline as a data URI and downloads every stem URL', async () => {
    const input = out('song.mp3');
    await writeFile(input, await fakeMp3());
    const { stems, cost } = await new ReplicateDemucsEngine(config({ version: FAKE_DEMUCS_VERSION })).separate(input, out('stems'));
    const create = fake.seen.filter((s) => s.method === 'POST' && s.body.version === FAKE_DEMUCS_VERSION).at(-1)!;
    expect(Object.keys(create.body.input as object)).toEqual(['audio']);
    expect((create.body.input as { audio: string }).audio).toMatch(/^data:audio\/mpeg;base64,/);
    expect(stems.map((s) => s.name).sort()).toEqual(['bass', 'drums', 'other', 'vocals']);
    expect(cost).toEqual({ predict_time: 4.2 });
    for (const stem of stems) {
      expect(stem.file).toMatch(/\.mp3$/);
      expect((await probe(stem.file)).hasAudio).toBe(true);
    }
  });

  it('refuses files too large for inline upload, and a missing version, before calling', async () => {
    const big = out('big.wav');
    await writeFile(big, Buffer.alloc(MAX_INLINE_BYTES + 1));
    const before = fake.seen.length;
    await expect(new ReplicateDemucsEngine(config({ version: FAKE_DEMUCS_VERSION })).separate(big, out('s2'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('too large for inline upload') });
    await expect(new ReplicateDemucsEngine(config({ version: undefined })).separate(out('song.mp3'), out('s3'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('REPLICATE_DEMUCS_VERSION') });
    expect(fake.seen.length).toBe(before);
  });
});
