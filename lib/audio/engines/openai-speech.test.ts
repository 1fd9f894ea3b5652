import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '@/lib/media/ffmpeg';
import { FAKE_AUDIO_KEYS, startFakeAudioProviders, type FakeAudioProviders } from '@/lib/testing/fake-audio-providers';
import { OPENAI_VOICES, OpenAISpeechEngine, openAISpeechConfigFromEnv } from './openai-speech';

let fake: FakeAudioProviders;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAudioProviders();
  dir = await mkdtemp(path.join(os.tmpdir(), 'openai-tts-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const engine = (apiKey = FAKE_AUDIO_KEYS.openai) => new OpenAISpeechEngine({ apiKey, baseUrl: `${fake.base}/v1`, model: 'gpt-4o-mini-tts', backoffMs: 1 });
const out = (name: string) => path.join(dir, name);

describe('OpenAI speech against the documented contract', () => {
  it('posts model, input, voice, mp3 and speed with a Bearer key and writes the audio', async () => {
    const result = await engine().synthesize({ text: 'Lights down.', voice: 'coral', speed: 1.25 }, out('a.mp3'));
    const req = fake.seen.at(-1)!;
    expect(req.path).toBe('/v1/audio/speech');
    expect(req.headers.authorization).toBe(`Bearer ${FAKE_AUDIO_KEYS.openai}`);
    expect(req.body).toEqual({ model: 'gpt-4o-mini-tts', input: 'Lights down.', voice: 'coral', response_format: 'mp3', speed: 1.25 });
    expect(result).toMatchObject({ extension: 'mp3', cost: { characters: 12 } });
    const info = await probe(out('a.mp3'));
    expect(info.hasAudio).toBe(true);
    expect(info.durationSeconds).toBeGreaterThan(2.5);
  });

  it('defaults to alloy, clamps speed to 0.25–4, and lists the documented voices', async () => {
    await engine().synthesize({ text: 'slow', speed: 0.1 }, out('b.mp3'));
    expect(fake.seen.at(-1)!.body).toMatchObject({ voice: 'alloy', speed: 0.25 });
    expect(engine().voices()).toEqual(OPENAI_VOICES);
    expect(OPENAI_VOICES).toHaveLength(13);
  });

  it('refuses text over 4096 characters and unknown voices before calling', async () => {
    const before = fake.seen.length;
    await expect(engine().synthesize({ text: 'x'.repeat(4097) }, out('c.mp3'))).rejects.toMatchObject({ name: 'AudioEngineError', kind: 'permanent', message: expect.stringContaining('4096') });
    await expect(engine().synthesize({ text: 'hi', voice: 'gandalf' }, out('c.mp3'))).rejects.toMatchObject({ kind: 'permanent' });
    expect(fake.seen.length).toBe(before);
    await engine().synthesize({ text: 'y'.repeat(4096) }, out('max.mp3'));
  });

  it('retries a 429 and reports the safety refusal and a bad key as permanent', async () => {
    await engine().synthesize({ text: 'busy now' }, out('d.mp3'));
    expect(fake.seen.filter((s) => s.body.input === 'busy now')).toHaveLength(2);
    await expect(engine().synthesize({ text: 'forbidden words' }, out('e.mp3'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('rejected as a result of our safety system') });
    await expect(engine('sk-wrong').synthesize({ text: 'hi' }, out('f.mp3'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('Incorrect API key') });
  });

  it('reads its environment with documented defaults', () => {
    const saved = { ...process.env };
    try {
      process.env.OPENAI_API_KEY = 'sk';
      delete process.env.OPENAI_BASE_URL;
      delete process.env.OPENAI_TTS_MODEL;
      expect(openAISpeechConfigFromEnv()).toEqual({ apiKey: 'sk', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini-tts' });
      delete process.env.OPENAI_API_KEY;
      expect(openAISpeechConfigFromEnv()).toBeNull();
    } finally {
      process.env = saved;
    }
  });
});
