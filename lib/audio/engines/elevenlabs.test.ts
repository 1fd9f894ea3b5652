import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '@/lib/media/ffmpeg';
import { FAKE_AUDIO_KEYS, startFakeAudioProviders, type FakeAudioProviders } from '@/lib/testing/fake-audio-providers';
import type { MusicRequest } from '../types';
import { ElevenLabsMusicEngine } from './elevenlabs-music';
import { ElevenLabsSpeechEngine, elevenLabsConfigFromEnv } from './elevenlabs-speech';

let fake: FakeAudioProviders;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAudioProviders();
  dir = await mkdtemp(path.join(os.tmpdir(), 'eleven-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const config = (apiKey = FAKE_AUDIO_KEYS.elevenlabs) => ({ apiKey, baseUrl: fake.base, ttsModel: 'eleven_multilingual_v2', voiceId: 'JBFqnCBsd6RMkjVDRZzb', backoffMs: 1 });
const out = (name: string) => path.join(dir, name);
const music = (prompt: string, extra: Partial<MusicRequest> = {}): MusicRequest => ({ prompt, durationSeconds: 12, mood: 50, moodCategory: 'intimate_story', ...extra });
const hits = (text: string) => fake.seen.filter((s) => s.body.text === text || s.body.prompt === text).length;

describe('ElevenLabs speech against the documented contract', () => {
  it('posts text, model and speed with xi-api-key and writes the MP3 it gets back', async () => {
    const engine = new ElevenLabsSpeechEngine(config());
    const result = await engine.synthesize({ text: 'The tide comes in.', speed: 1.1 }, out('tts.mp3'));
    expect(result).toMatchObject({ extension: 'mp3', cost: { characters: 18, model: 'eleven_multilingual_v2' } });
    const req = fake.seen.at(-1)!;
    expect(req.path).toBe('/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb');
    expect(req.query).toEqual({ output_format: 'mp3_44100_128' });
    expect(req.headers['xi-api-key']).toBe(FAKE_AUDIO_KEYS.elevenlabs);
    expect(req.body).toEqual({ text: 'The tide comes in.', model_id: 'eleven_multilingual_v2', voice_settings: { speed: 1.1 } });
    const info = await probe(out('tts.mp3'));
    expect(info).toMatchObject({ hasAudio: true, audioCodec: 'mp3' });
    expect(info.durationSeconds).toBeGreaterThan(2.5);
  });

  it('uses the request voice, clamps speed, and sends language_code only to models that take it', async () => {
    const engine = new ElevenLabsSpeechEngine(config());
    await engine.synthesize({ text: 'Bonjour', voice: 'EXAVITQu4vr4xnSDxMaL', speed: 3, language: 'fr', model: 'eleven_flash_v2_5' }, out('v.mp3'));
    expect(fake.seen.at(-1)).toMatchObject({ path: '/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL', body: { model_id: 'eleven_flash_v2_5', language_code: 'fr', voice_settings: { speed: 1.2 } } });
    await engine.synthesize({ text: 'Bonjour', language: 'fr' }, out('v2.mp3'));
    expect(fake.seen.at(-1)!.body).not.toHaveProperty('language_code');
    expect(engine.voices()).toContain('JBFqnCBsd6RMkjVDRZzb');
  });

  it('rides out one 429 (Retry-After: 0) and succeeds', async () => {
    await new ElevenLabsSpeechEngine(config()).synthesize({ text: 'busy line' }, out('busy.mp3'));
    expect(hits('busy line')).toBe(2);
    expect((await probe(out('busy.mp3'))).hasAudio).toBe(true);
  });

  it('reports a policy refusal and a bad key as permanent, in the provider’s words', async () => {
    const engine = new ElevenLabsSpeechEngine(config());
    await expect(engine.synthesize({ text: 'a forbidden line' }, out('f.mp3'))).rejects.toMatchObject({ name: 'AudioEngineError', kind: 'permanent', message: expect.stringContaining('violates our Terms of Service') });
    await expect(new ElevenLabsSpeechEngine(config('wrong')).synthesize({ text: 'hi' }, out('k.mp3'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('Invalid API key') });
    await expect(engine.synthesize({ text: '  ' }, out('e.mp3'))).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('reads its environment with documented defaults', () => {
    const saved = { ...process.env };
    try {
      delete process.env.ELEVENLABS_API_KEY;
      expect(elevenLabsConfigFromEnv()).toBeNull();
      process.env.ELEVENLABS_API_KEY = 'k';
      delete process.env.ELEVENLABS_BASE_URL;
      delete process.env.ELEVENLABS_TTS_MODEL;
      delete process.env.ELEVENLABS_VOICE_ID;
      expect(elevenLabsConfigFromEnv()).toEqual({ apiKey: 'k', baseUrl: 'https://api.elevenlabs.io', ttsModel: 'eleven_multilingual_v2', voiceId: 'JBFqnCBsd6RMkjVDRZzb' });
    } finally {
      process.env = saved;
    }
  });
});

describe('ElevenLabs music against the documented contract', () => {
  it('posts prompt, length in ms, model and force_instrumental, and writes the MP3', async () => {
    const result = await new ElevenLabsMusicEngine(config()).compose(music('warm strings at dusk'), out('m.mp3'));
    const req = fake.seen.at(-1)!;
    expect(req).toMatchObject({ path: '/v1/music', query: { output_format: 'mp3_44100_128' } });
    expect(req.headers['xi-api-key']).toBe(FAKE_AUDIO_KEYS.elevenlabs);
    expect(req.body).toEqual({ prompt: 'warm strings at dusk', music_length_ms: 12000, model_id: 'music_v1', force_instrumental: true });
    expect(result).toMatchObject({ extension: 'mp3', details: { clamped: false } });
    expect((await probe(out('m.mp3'))).durationSeconds).toBeGreaterThan(2.5);
  });

  it('clamps the length into 3 s–10 min and refuses unknown models', async () => {
    const engine = new ElevenLabsMusicEngine(config());
    const short = await engine.compose(music('tiny sting', { durationSeconds: 1, instrumental: false }), out('s.mp3'));
    expect(fake.seen.at(-1)!.body).toMatchObject({ music_length_ms: 3000, force_instrumental: false });
    expect(short.details).toMatchObject({ clamped: true, sentLengthMs: 3000 });
    await engine.compose(music('epic', { durationSeconds: 900 }), out('l.mp3'));
    expect(fake.seen.at(-1)!.body).toMatchObject({ music_length_ms: 600000 });
    await expect(engine.compose(music('x', { model: 'music_v9' }), out('x.mp3'))).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('retries one 429 and refuses a bad prompt permanently', async () => {
    const engine = new ElevenLabsMusicEngine(config());
    await engine.compose(music('busy drums'), out('b.mp3'));
    expect(hits('busy drums')).toBe(2);
    await expect(engine.compose(music('forbidden anthem'), out('f.mp3'))).rejects.toMatchObject({ name: 'AudioEngineError', kind: 'permanent', message: expect.stringContaining('violates our Terms of Service') });
  });
});
