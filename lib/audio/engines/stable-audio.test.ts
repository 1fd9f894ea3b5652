import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '@/lib/media/ffmpeg';
import { FAKE_AUDIO_KEYS, startFakeAudioProviders, type FakeAudioProviders } from '@/lib/testing/fake-audio-providers';
import type { MusicRequest } from '../types';
import { StableAudioEngine, stableAudioConfigFromEnv } from './stable-audio';

let fake: FakeAudioProviders;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAudioProviders();
  dir = await mkdtemp(path.join(os.tmpdir(), 'stable-audio-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const engine = (apiKey = FAKE_AUDIO_KEYS.stability) => new StableAudioEngine({ apiKey, baseUrl: fake.base, backoffMs: 1 });
const music = (prompt: string, extra: Partial<MusicRequest> = {}): MusicRequest => ({ prompt, durationSeconds: 20, mood: 70, moodCategory: 'high_energy', ...extra });
const out = (name: string) => path.join(dir, name);

describe('Stable Audio against the documented contract', () => {
  it('sends a multipart form with Accept: audio/* and a Bearer key, and writes the bytes', async () => {
    const result = await engine().compose(music('driving synthwave', { seed: '42' }), out('a.mp3'));
    const req = fake.seen.at(-1)!;
    expect(req.path).toBe('/v2beta/audio/stable-audio-2/text-to-audio');
    expect(req.headers.authorization).toBe(`Bearer ${FAKE_AUDIO_KEYS.stability}`);
    expect(req.headers.accept).toBe('audio/*');
    expect(String(req.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.body).toEqual({ prompt: 'driving synthwave', duration: '20', output_format: 'mp3', seed: '42' });
    expect(result).toMatchObject({ extension: 'mp3', details: { sentDurationSeconds: 20, seed: '42' } });
    const info = await probe(out('a.mp3'));
    expect(info.hasAudio).toBe(true);
    expect(info.durationSeconds).toBeGreaterThan(2.5);
  });

  it('clamps duration into 1–190 s and hashes a non-numeric seed into range', async () => {
    await engine().compose(music('long', { durationSeconds: 400, seed: 'scene-7' }), out('b.mp3'));
    const body = fake.seen.at(-1)!.body as Record<string, string>;
    expect(body.duration).toBe('190');
    expect(Number(body.seed)).toBeGreaterThanOrEqual(0);
    await engine().compose(music('tiny', { durationSeconds: 0.2 }), out('c.mp3'));
    expect(fake.seen.at(-1)!.body).toMatchObject({ duration: '1' });
    expect(fake.seen.at(-1)!.body).not.toHaveProperty('seed');
  });

  it('retries one 429 and reports moderation as permanent with Stability’s message', async () => {
    await engine().compose(music('busy beat'), out('d.mp3'));
    expect(fake.seen.filter((s) => s.body.prompt === 'busy beat')).toHaveLength(2);
    await expect(engine().compose(music('forbidden chant'), out('e.mp3'))).rejects.toMatchObject({ name: 'AudioEngineError', kind: 'permanent', message: expect.stringContaining('flagged by our content moderation system') });
    await expect(engine('sk-nope').compose(music('x'), out('f.mp3'))).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('reads STABILITY_API_KEY and defaults the base URL', () => {
    const saved = { ...process.env };
    try {
      process.env.STABILITY_API_KEY = 'sk';
      delete process.env.STABILITY_BASE_URL;
      expect(stableAudioConfigFromEnv()).toEqual({ apiKey: 'sk', baseUrl: 'https://api.stability.ai' });
    } finally {
      process.env = saved;
    }
  });
});
