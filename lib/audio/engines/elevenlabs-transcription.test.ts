import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { FAKE_ELEVENLABS_KEY, startFakeElevenLabsStt, type FakeElevenLabsStt } from '@/lib/testing/fake-elevenlabs-stt';
import { checkWebVtt } from '@/lib/testing/webvtt';
import { toSrt, toWebVtt } from '../transcript';
import { AudioEngineError } from '../types';
import { ElevenLabsScribe, elevenLabsSttConfigFromEnv, scribeToTranscription, type ElevenLabsSttConfig } from './elevenlabs-transcription';

let dir: string;
let short: string;
let long: string;
let fake: FakeElevenLabsStt;
let small: FakeElevenLabsStt;
const previousDataDir = process.env.DATA_DIR;

const noise = (file: string, seconds: number) =>
  runFfmpeg((c) => c.input(`anoisesrc=d=${seconds}:c=pink:r=16000:a=0.3`).inputOptions(['-f', 'lavfi']).outputOptions(['-ac', '1', '-y']).output(file));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scribe-test-'));
  process.env.DATA_DIR = path.join(dir, 'data');
  resetConfigForTests();
  short = path.join(dir, 'short.wav');
  long = path.join(dir, 'long.wav');
  await Promise.all([noise(short, 10), noise(long, 50)]);
  [fake, small] = await Promise.all([startFakeElevenLabsStt(), startFakeElevenLabsStt({ maxBytes: 150_000 })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([fake?.close(), small?.close()]);
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  resetConfigForTests();
  await fs.rm(dir, { recursive: true, force: true });
});

const engine = (f: FakeElevenLabsStt, over: Partial<ElevenLabsSttConfig> = {}) =>
  new ElevenLabsScribe({ apiKey: FAKE_ELEVENLABS_KEY, baseUrl: f.base, model: 'scribe_v1', maxBytes: 1_000_000_000, backoffMs: 5, ...over });

describe('scribeToTranscription', () => {
  it('keeps words, drops spacing and audio events, and cuts segments at sentence ends and pauses', () => {
    const t = scribeToTranscription(
      {
        text: '(laughs) Hello there. How are you',
        language_code: 'eng',
        audio_duration_secs: 6,
        words: [
          { text: '(laughs)', start: 0, end: 0.4, type: 'audio_event' },
          { text: 'Hello', start: 0.5, end: 0.8, type: 'word' },
          { text: ' ', start: 0.8, end: 0.9, type: 'spacing' },
          { text: 'there.', start: 0.9, end: 1.2, type: 'word' },
          { text: ' ', start: 1.2, end: 1.3, type: 'spacing' },
          { text: 'How', start: 1.3, end: 1.5, type: 'word' },
          { text: ' ', start: 1.5, end: 1.6, type: 'spacing' },
          { text: 'are', start: 1.6, end: 1.8, type: 'word' },
          { text: ' ', start: 1.8, end: 3.0, type: 'spacing' },
          { text: 'you', start: 3.0, end: 3.3, type: 'word' },
        ],
      },
      99,
    );
    expect(t.words.map((w) => w.word)).toEqual(['Hello', 'there.', 'How', 'are', 'you']);
    expect(t.segments).toEqual([
      { start: 0.5, end: 1.2, text: 'Hello there.' },
      { start: 1.3, end: 1.8, text: 'How are' },
      { start: 3.0, end: 3.3, text: 'you' },
    ]);
    expect(t).toMatchObject({ language: 'eng', duration: 6 });
  });

  it('joins words the way the spacing says (none between CJK characters)', () => {
    const t = scribeToTranscription({ words: [{ text: '你', start: 0, end: 0.2, type: 'word' }, { text: '好。', start: 0.2, end: 0.4, type: 'word' }] }, 1);
    expect(t.segments).toEqual([{ start: 0, end: 0.4, text: '你好。' }]);
    expect(t).toMatchObject({ language: null, duration: 1 });
  });
});

/** Exactly these ELEVENLABS_* settings in the environment, the others unset; put back after each case. */
const withEnv = (vars: Record<string, string>) => {
  for (const name of ['ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', 'ELEVENLABS_STT_MODEL', 'ELEVENLABS_STT_MAX_BYTES']) vi.stubEnv(name, vars[name]);
};

describe('ElevenLabsScribe', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads its configuration from the environment', () => {
    withEnv({});
    expect(elevenLabsSttConfigFromEnv()).toBeNull();
    withEnv({ ELEVENLABS_API_KEY: 'k' });
    expect(elevenLabsSttConfigFromEnv()).toEqual({ apiKey: 'k', baseUrl: 'https://api.elevenlabs.io', model: 'scribe_v1', maxBytes: 1_000_000_000 });
    expect(engine(fake)).toMatchObject({ name: 'elevenlabs', local: false, requiresExpectedText: false });
    expect(engine(fake).available()).toBe(true);
  });

  it('sends the documented fields and maps words, sentences and language', async () => {
    const t = await engine(fake).transcribe({ file: short, language: 'en' });
    const sent = fake.requests[fake.requests.length - 1];
    expect(sent.fields).toEqual({ model_id: 'scribe_v1', language_code: 'en', timestamps_granularity: 'word' });
    expect(sent.fileName).toBe('short.wav');
    expect(t.language).toBe('en');
    expect(t.duration).toBeCloseTo(10, 1);
    expect(t.words[0]).toEqual({ word: 'morning', start: 0.2, end: 0.5 });
    expect(t.words.some((w) => w.word.includes('(') || !w.word.trim())).toBe(false);
    expect(t.segments[0]).toEqual({ start: 0.2, end: 2.5, text: 'morning light falls across the quiet.' });
    expect(t.segments.every((s, i) => i === t.segments.length - 1 || s.text.endsWith('.'))).toBe(true);
    expect(checkWebVtt(toWebVtt(t)).problems).toEqual([]);
    expect(toSrt(t).startsWith('1\n00:00:00,200 --> 00:00:02,500\nmorning light falls across the quiet.\n\n2\n')).toBe(true);
  });

  it('splits a file over its limit and offsets each piece', async () => {
    const t = await engine(small, { maxBytes: 150_000 }).transcribe({ file: long });
    expect(small.requests.length).toBeGreaterThanOrEqual(2);
    for (const r of small.requests) expect(r.fileBytes).toBeLessThanOrEqual(150_000);
    for (let i = 1; i < t.words.length; i++) expect(t.words[i].start).toBeGreaterThan(t.words[i - 1].start);
    expect(t.duration).toBeGreaterThan(49.9);
    expect(t.words[t.words.length - 1].end).toBeLessThanOrEqual(t.duration);
    expect(checkWebVtt(toWebVtt(t)).problems).toEqual([]);
  }, 30_000);

  it('turns a wrong key into a permanent error', async () => {
    const err = await engine(fake, { apiKey: 'wrong' }).transcribe({ file: short }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioEngineError);
    expect(err).toMatchObject({ kind: 'permanent', message: 'ElevenLabs speech to text: Invalid API key (HTTP 401)' });
  });

  it('says so when no key is configured', async () => {
    const previous = process.env.ELEVENLABS_API_KEY;
    delete process.env.ELEVENLABS_API_KEY;
    try {
      expect(new ElevenLabsScribe().available()).toBe(false);
      await expect(new ElevenLabsScribe().transcribe({ file: short })).rejects.toThrow('ELEVENLABS_API_KEY is not set');
    } finally {
      if (previous !== undefined) process.env.ELEVENLABS_API_KEY = previous;
    }
  });
});
