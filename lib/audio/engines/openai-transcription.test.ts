import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { FAKE_OPENAI_KEY, scriptWords, startFakeWhisper, type FakeWhisper } from '@/lib/testing/fake-whisper';
import { checkWebVtt } from '@/lib/testing/webvtt';
import { splitForUpload } from '../split';
import { toWebVtt } from '../transcript';
import { AudioEngineError } from '../types';
import { OpenAiCompatibleTranscriber, openAiTranscriptionConfigFromEnv, type OpenAiTranscriptionConfig } from './openai-transcription';
import { AUDIO_FORMATS } from './stt-upload';

let dir: string;
let short: string;
let long: string;
let openai: FakeWhisper;
let whisperCpp: FakeWhisper;
let small: FakeWhisper;
const previousDataDir = process.env.DATA_DIR;
const SMALL = 200_000;

const tone = (file: string, seconds: number) =>
  runFfmpeg((c) => c.input(`sine=frequency=440:duration=${seconds}:sample_rate=16000`).inputOptions(['-f', 'lavfi']).outputOptions(['-ac', '1', '-y']).output(file));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-stt-test-'));
  process.env.DATA_DIR = path.join(dir, 'data'); // withWorkDir scratch space
  resetConfigForTests();
  short = path.join(dir, 'short.wav');
  long = path.join(dir, 'long.wav');
  await Promise.all([tone(short, 12), tone(long, 60)]);
  [openai, whisperCpp, small] = await Promise.all([startFakeWhisper(), startFakeWhisper({ variant: 'whisper.cpp' }), startFakeWhisper({ maxBytes: SMALL })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([openai?.close(), whisperCpp?.close(), small?.close()]);
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  resetConfigForTests();
  await fs.rm(dir, { recursive: true, force: true });
});

const engine = (fake: FakeWhisper, over: Partial<OpenAiTranscriptionConfig> = {}) =>
  new OpenAiCompatibleTranscriber({ apiKey: FAKE_OPENAI_KEY, baseUrl: fake.base, model: 'whisper-1', maxBytes: 26_214_400, backoffMs: 5, ...over });

/** Exactly these OPENAI_* settings in the environment, the others unset; put back after each case. */
const withEnv = (vars: Record<string, string>) => {
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_TRANSCRIBE_MODEL', 'OPENAI_TRANSCRIBE_MAX_BYTES']) vi.stubEnv(name, vars[name]);
};

describe('configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the environment with documented defaults, and needs a key', () => {
    withEnv({});
    expect(openAiTranscriptionConfigFromEnv()).toBeNull();
    withEnv({ OPENAI_API_KEY: 'k' });
    expect(openAiTranscriptionConfigFromEnv()).toEqual({ apiKey: 'k', baseUrl: 'https://api.openai.com/v1', model: 'whisper-1', maxBytes: 26_214_400 });
    withEnv({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://h/v1/', OPENAI_TRANSCRIBE_MODEL: 'whisper-large-v3', OPENAI_TRANSCRIBE_MAX_BYTES: '1000' });
    expect(openAiTranscriptionConfigFromEnv()).toMatchObject({ baseUrl: 'http://h/v1', model: 'whisper-large-v3', maxBytes: 1000 });
    expect(engine(openai).available()).toBe(true);
    expect(engine(openai)).toMatchObject({ name: 'openai', local: false, requiresExpectedText: false });
  });
});

describe('OpenAiCompatibleTranscriber', () => {
  it('uploads a small file as is and reads verbose_json with top-level words', async () => {
    const t = await engine(openai).transcribe({ file: short, language: 'en' });
    const sent = openai.requests[openai.requests.length - 1];
    expect(sent.fileName).toBe('short.wav');
    expect(sent.fields).toMatchObject({ model: 'whisper-1', response_format: 'verbose_json', 'timestamp_granularities[]': ['word', 'segment'], language: 'en' });
    expect(sent.fields.prompt).toBeUndefined();
    expect(t.language).toBe('english');
    expect(t.duration).toBeCloseTo(12, 1);
    expect(t.words).toEqual(scriptWords(sent.duration!));
    expect(t.words[0]).toEqual({ word: 'morning', start: 0.2, end: 0.5 });
    expect(t.segments.length).toBe(3);
    expect(t.text.split(' ')).toHaveLength(t.words.length);
    expect(t.cost).toEqual({ seconds: 12 });
    expect(checkWebVtt(toWebVtt(t)).problems).toEqual([]);
  });

  it('normalises the whisper.cpp variant (tokens nested in segments) the same way', async () => {
    const a = await engine(openai).transcribe({ file: short });
    const b = await engine(whisperCpp).transcribe({ file: short });
    expect(b.words).toEqual(a.words);
    expect(b.segments).toEqual(a.segments);
    expect(b.text).toBe(a.text);
    expect(b.cost).toBeUndefined();
  });

  it('splits a long file under the upload limit and re-joins it with the right offsets', async () => {
    const before = small.requests.length;
    const t = await engine(small, { maxBytes: SMALL }).transcribe({ file: long });
    const sent = small.requests.slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const r of sent) {
      expect(r.fileBytes).toBeLessThanOrEqual(SMALL);
      expect(r.fileName).toMatch(/^part-\d{3}\.mp3$/);
    }
    for (let i = 1; i < t.words.length; i++) expect(t.words[i].start).toBeGreaterThan(t.words[i - 1].start);
    // The same split, done again, says where each piece starts; each piece's script restarts there.
    const pieces = await splitForUpload(long, await fs.mkdtemp(path.join(dir, 'again-')), { maxBytes: SMALL, formats: AUDIO_FORMATS });
    expect(pieces).toHaveLength(sent.length);
    let index = 0;
    for (const [i, piece] of pieces.entries()) {
      expect(t.words[index].start).toBeCloseTo(piece.offset + 0.2, 1);
      index += scriptWords(sent[i].duration!).length;
    }
    expect(index).toBe(t.words.length);
    expect(t.duration).toBeGreaterThan(59.9);
    expect(t.duration).toBeLessThan(60.3);
    expect(t.segments[t.segments.length - 1].end).toBeLessThanOrEqual(t.duration);
    expect(checkWebVtt(toWebVtt(t)).problems).toEqual([]);
  }, 30_000);

  it('waits out one 429 and sends the expected text as the prompt', async () => {
    const before = openai.requests.length;
    const t = await engine(openai).transcribe({ file: short, expectedText: 'a busy harbour at dawn' });
    const sent = openai.requests.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.fields.prompt)).toEqual(['a busy harbour at dawn', 'a busy harbour at dawn']);
    expect(t.words.length).toBeGreaterThan(20);
  });

  it('turns a wrong key into a permanent error with the provider message', async () => {
    const err = await engine(openai, { apiKey: 'sk-wrong' }).transcribe({ file: short }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioEngineError);
    expect(err).toMatchObject({ kind: 'permanent', message: 'OpenAI transcription: Incorrect API key provided. (HTTP 401)' });
  });

  it('reports a refused oversize upload as permanent', async () => {
    const err = await engine(small).transcribe({ file: long }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', message: expect.stringContaining('Maximum content size limit (200000) exceeded') });
  });

  it('asks gpt-4o transcribe models for json only, which carries no timings', async () => {
    const t = await engine(openai, { model: 'gpt-4o-mini-transcribe' }).transcribe({ file: short });
    const sent = openai.requests[openai.requests.length - 1];
    expect(sent.fields.response_format).toBe('json');
    expect(sent.fields['timestamp_granularities[]']).toBeUndefined();
    expect(t).toMatchObject({ segments: [], words: [], language: null });
    expect(t.text.startsWith('morning light')).toBe(true);
  });

  it('refuses a file that is not audio', async () => {
    const text = path.join(dir, 'notes.txt');
    await fs.writeFile(text, 'not audio');
    await expect(engine(openai).transcribe({ file: text })).rejects.toMatchObject({ kind: 'permanent', message: 'the file could not be read as audio' });
  });
});
