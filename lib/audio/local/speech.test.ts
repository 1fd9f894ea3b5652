import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioEngineError } from '@/lib/audio/types';
import { probe } from '@/lib/media/ffmpeg';
import { ALL_LOCAL_VOICES, LocalSpeechEngine, MAX_TEXT_LENGTH, pickVoice, wordsPerMinute } from './speech';

let dir: string;
const engine = new LocalSpeechEngine();
const SENTENCE = 'The quick brown fox jumps over the lazy dog near the quiet river bank.'; // 14 words

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-speech-test-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function speak(name: string, request: Parameters<LocalSpeechEngine['synthesize']>[0]) {
  const file = path.join(dir, `${name}.wav`);
  const result = await engine.synthesize(request, file);
  const info = await probe(file);
  return { file, result, info, bytes: await fs.readFile(file) };
}

async function refusal(promise: Promise<unknown>): Promise<AudioEngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioEngineError);
  return err as AudioEngineError;
}

describe('LocalSpeechEngine (espeak-ng WASM)', { timeout: 30_000 }, () => {
  it('is the local engine with a list of voices', () => {
    expect(engine.name).toBe('local');
    expect(engine.local).toBe(true);
    expect(engine.voices()).toContain('en-us');
    expect(engine.voices()).toContain('en-us+f3');
    expect(engine.voices()).toContain('flite-slt');
    expect(engine.voices().length).toBe(ALL_LOCAL_VOICES.length);
  });

  it('speaks a sentence as a WAV of plausible length, and faster at speed 2', async () => {
    const normal = await speak('normal', { text: SENTENCE, voice: 'en-us' });
    expect(normal.result.extension).toBe('wav');
    expect(normal.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(normal.info.hasAudio).toBe(true);
    expect(normal.info.channels).toBe(1);
    // 14 words at 160 words per minute is about 5 s.
    expect(normal.info.durationSeconds).toBeGreaterThan(2);
    expect(normal.info.durationSeconds).toBeLessThan(8);

    const fast = await speak('fast', { text: SENTENCE, voice: 'en-us', speed: 2 });
    expect(fast.info.durationSeconds!).toBeLessThan(normal.info.durationSeconds! * 0.7);
    const slow = await speak('slow', { text: SENTENCE, voice: 'en-us', speed: 0.5 });
    expect(slow.info.durationSeconds!).toBeGreaterThan(normal.info.durationSeconds! * 1.4);
  });

  it('speaks with other voices and languages', async () => {
    const us = await speak('us', { text: 'Good morning, how are you?', voice: 'en-us' });
    const female = await speak('female', { text: 'Good morning, how are you?', voice: 'en-us+f3' });
    const british = await speak('british', { text: 'Good morning, how are you?', voice: 'en-gb+f3' });
    const french = await speak('french', { text: 'Bonjour, comment ça va ?', language: 'fr-FR' });
    for (const s of [female, british, french]) {
      expect(s.info.durationSeconds).toBeGreaterThan(0.8);
      expect(s.bytes.equals(us.bytes)).toBe(false);
    }
    expect(female.bytes.equals(british.bytes)).toBe(false);
  });

  it('speaks text that starts with a dash instead of reading it as options', async () => {
    const dashed = await speak('dashed', { text: '-q -w /tmp/nothing.wav this sentence must still be spoken aloud', voice: 'en-us' });
    expect(dashed.info.durationSeconds).toBeGreaterThan(1.5);
  });

  it('refuses empty text, unknown voices, bad speeds and overlong text', async () => {
    const file = path.join(dir, 'refused.wav');
    for (const text of ['', '   \n ']) {
      const err = await refusal(engine.synthesize({ text }, file));
      expect(err.kind).toBe('permanent');
    }
    const unknown = await refusal(engine.synthesize({ text: 'hello', voice: 'klingon+x9' }, file));
    expect(unknown.kind).toBe('permanent');
    expect(unknown.message).toContain('klingon+x9');
    expect((await refusal(engine.synthesize({ text: 'hello', language: 'tlh' }, file))).kind).toBe('permanent');
    expect((await refusal(engine.synthesize({ text: 'hello', speed: 0 }, file))).kind).toBe('permanent');
    expect((await refusal(engine.synthesize({ text: 'a'.repeat(MAX_TEXT_LENGTH + 1) }, file))).kind).toBe('permanent');
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('stops before writing when the signal is aborted', async () => {
    const file = path.join(dir, 'aborted.wav');
    const controller = new AbortController();
    controller.abort();
    await refusal(engine.synthesize({ text: 'hello', voice: 'en-us' }, file, controller.signal));
    await expect(fs.stat(file)).rejects.toThrow();
  });
});

describe('speech settings', () => {
  it('maps speed to words per minute within 80–450', () => {
    expect(wordsPerMinute(undefined)).toBe(160);
    expect(wordsPerMinute(1)).toBe(160);
    expect(wordsPerMinute(1.5)).toBe(240);
    expect(wordsPerMinute(0.1)).toBe(80);
    expect(wordsPerMinute(10)).toBe(450);
    expect(() => wordsPerMinute(Number.NaN)).toThrow(AudioEngineError);
    expect(() => wordsPerMinute(-1)).toThrow(AudioEngineError);
  });

  it('picks a voice from the request, else Flite for English, else espeak-ng for the language', () => {
    expect(pickVoice({})).toBe('flite-slt');
    expect(pickVoice({ language: ' ' })).toBe('flite-slt');
    expect(pickVoice({ voice: 'EN-GB' })).toBe('en-gb');
    expect(pickVoice({ voice: 'Flite-AWB' })).toBe('flite-awb');
    expect(pickVoice({ voice: 'flite-rms', language: 'fr' })).toBe('flite-rms');
    expect(pickVoice({ language: 'en-GB' })).toBe('flite-slt');
    expect(pickVoice({ language: 'en' })).toBe('flite-slt');
    expect(pickVoice({ language: 'fr' })).toBe('fr');
    expect(pickVoice({ language: 'pt_BR' })).toBe('pt-br');
    expect(pickVoice({ language: 'de-AT' })).toBe('de');
    expect(pickVoice({ language: 'zh-CN' })).toBe('cmn');
    expect(pickVoice({ voice: 'fr+f3', language: 'de' })).toBe('fr+f3');
    expect(() => pickVoice({ voice: 'nope' })).toThrow(AudioEngineError);
  });
});
