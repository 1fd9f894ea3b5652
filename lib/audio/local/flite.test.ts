import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioEngineError } from '@/lib/audio/types';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { DEFAULT_FLITE_VOICE, FLITE_VOICES, FliteSpeechEngine, durationStretch, flitePhones, fliteText, parseSegments, runFlite, wordSpans } from './flite';
import { ALL_LOCAL_VOICES, LOCAL_VOICES, LocalSpeechEngine, pickVoice } from './speech';

let dir: string;
const flite = new FliteSpeechEngine();
const local = new LocalSpeechEngine();
const SENTENCE = 'The quick brown fox jumps over the lazy dog near the quiet river bank.'; // 14 words

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flite-test-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** RMS of the decoded audio in dBFS, read back through ffmpeg rather than from the header we wrote. */
async function loudness(file: string): Promise<number> {
  const raw = `${file}.f32`;
  await runFfmpeg((c) => c.input(file).outputOptions(['-ac', '1', '-c:a', 'pcm_f32le', '-f', 'f32le', '-y']).output(raw));
  const bytes = await fs.readFile(raw);
  const samples = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
  let sum = 0;
  for (const s of samples) sum += s * s;
  return 10 * Math.log10(sum / samples.length);
}

async function speak(engine: FliteSpeechEngine | LocalSpeechEngine, name: string, request: Parameters<FliteSpeechEngine['synthesize']>[0]) {
  const file = path.join(dir, `${name}.wav`);
  const result = await engine.synthesize(request, file);
  return { file, result, info: await probe(file), bytes: await fs.readFile(file) };
}

async function refusal(promise: Promise<unknown>): Promise<AudioEngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioEngineError);
  return err as AudioEngineError;
}

describe('FliteSpeechEngine (Flite WASI)', { timeout: 60_000 }, () => {
  it('lists the four voices, offered first among the local voices', () => {
    expect(flite.voices()).toEqual(['flite-slt', 'flite-rms', 'flite-awb', 'flite-kal']);
    for (const v of FLITE_VOICES) expect(v.language).toMatch(/^en-/);
    expect(local.voices()).toEqual([...flite.voices(), ...LOCAL_VOICES]);
    expect(local.voices()).toEqual([...ALL_LOCAL_VOICES]);
  });

  it('speaks a sentence with every voice: audible, of plausible length, each voice different', async () => {
    const spoken: Buffer[] = [];
    for (const voice of flite.voices()) {
      const s = await speak(flite, voice, { text: SENTENCE, voice });
      expect(s.result.extension).toBe('wav');
      expect(s.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(s.info.hasAudio).toBe(true);
      expect(s.info.channels).toBe(1);
      expect(s.info.sampleRate).toBe(22050);
      // 14 words: 3.5–6 s at the voices' own pace.
      expect(s.info.durationSeconds).toBeGreaterThan(2.5);
      expect(s.info.durationSeconds).toBeLessThan(9);
      // Silence is −∞ and the aligner's noise floor −57 dBFS; these voices speak at about −16 to −25.
      expect(await loudness(s.file)).toBeGreaterThan(-35);
      for (const other of spoken) expect(s.bytes.equals(other)).toBe(false);
      spoken.push(s.bytes);
    }
  });

  it('follows speed with its duration stretch', async () => {
    const normal = await speak(flite, 'normal', { text: SENTENCE });
    const fast = await speak(flite, 'fast', { text: SENTENCE, speed: 2 });
    const slow = await speak(flite, 'slow', { text: SENTENCE, speed: 0.5 });
    expect(fast.info.durationSeconds!).toBeLessThan(normal.info.durationSeconds! * 0.7);
    expect(slow.info.durationSeconds!).toBeGreaterThan(normal.info.durationSeconds! * 1.4);
    expect(durationStretch(undefined)).toBe(1);
    expect(durationStretch(2)).toBe(0.5);
    expect(durationStretch(10)).toBe(0.4);
    expect(durationStretch(0.1)).toBe(2);
    expect(() => durationStretch(0)).toThrow(AudioEngineError);
    expect(() => durationStretch(Number.NaN)).toThrow(AudioEngineError);
  });

  it('gives its phone timings in the time line of the audio it wrote', async () => {
    const file = path.join(dir, 'timed.wav');
    const { segments } = await flite.speak({ text: `${SENTENCE} She sells sea shells.`, voice: 'flite-rms' }, file, { segments: true });
    const length = (await probe(file)).durationSeconds!;
    expect(segments).not.toBeNull();
    const phones = segments!.filter((s) => s.phone !== 'pau');
    expect(phones.length).toBeGreaterThan(40);
    expect(phones[0].phone).toBe('dh');
    for (const [i, s] of segments!.entries()) {
      expect(s.end).toBeGreaterThanOrEqual(s.start);
      if (i) expect(s.start).toBeCloseTo(segments![i - 1].end, 6);
    }
    expect(Math.abs(segments![segments!.length - 1].end - length)).toBeLessThan(0.1);

    // Words: each one's phones said alone, laid over the sentence's phones in order.
    const words = [...SENTENCE.replace('.', '').split(' '), 'She', 'sells', 'sea', 'shells'];
    const phonesOf = await flitePhones(words, 'flite-rms');
    expect(phonesOf?.slice(0, 4)).toEqual([['dh', 'ax'], ['k', 'w', 'ih', 'k'], ['b', 'r', 'aw', 'n'], ['f', 'aa', 'k', 's']]);
    const spans = wordSpans(phonesOf!, segments!);
    expect(spans).toHaveLength(words.length);
    for (const [i, span] of spans!.entries()) {
      expect(span.end).toBeGreaterThan(span.start);
      if (i) expect(span.start).toBeGreaterThanOrEqual(spans![i - 1].end);
    }
    // The pause between the sentences lies between "bank" and "She".
    expect(spans![14].start - spans![13].end).toBeGreaterThan(0.05);
    expect(wordSpans(phonesOf!.slice(1), segments!)).toBeNull();
  });

  it('is the local engine’s voice for English; other languages and espeak voices stay espeak-ng', async () => {
    expect(pickVoice({})).toBe(DEFAULT_FLITE_VOICE);
    const text = 'Good morning, how are you?';
    const slt = await speak(flite, 'slt-default', { text, voice: 'flite-slt' });
    const plain = await speak(local, 'local-default', { text });
    const british = await speak(local, 'local-en-gb', { text, language: 'en-GB' });
    expect(plain.bytes.equals(slt.bytes)).toBe(true);
    expect(british.bytes.equals(slt.bytes)).toBe(true);
    const awb = await speak(local, 'local-awb', { text, voice: 'flite-awb' });
    expect(awb.bytes.equals((await speak(flite, 'awb', { text, voice: 'flite-awb' })).bytes)).toBe(true);

    const espeakUs = await speak(local, 'local-en-us', { text, voice: 'en-us' });
    expect(espeakUs.bytes.equals(slt.bytes)).toBe(false);
    const french = await speak(local, 'local-fr', { text: 'Bonjour, comment ça va ?', language: 'fr-FR' });
    const espeakFrench = await speak(local, 'local-fr-voice', { text: 'Bonjour, comment ça va ?', voice: 'fr' });
    expect(french.bytes.equals(espeakFrench.bytes)).toBe(true);
    expect(pickVoice({ language: 'de-AT' })).toBe('de');
  });

  it('reads accented and typographic text as English', async () => {
    expect(fliteText('Café “naïve” résumé — déjà vu…')).toBe('Cafe "naive" resume, deja vu...');
    const accented = await speak(flite, 'accented', { text: 'The café served a crème brûlée.' });
    const plain = await speak(flite, 'plain', { text: 'The cafe served a creme brulee.' });
    expect(accented.bytes.equals(plain.bytes)).toBe(true);
  });

  it('speaks text that starts with a dash instead of reading it as options', async () => {
    const dashed = await speak(flite, 'dashed', { text: '-voice kal -o /work/x.wav this sentence must still be spoken aloud' });
    expect(dashed.info.durationSeconds).toBeGreaterThan(2);
  });

  it('refuses unknown voices, empty or unspeakable text and bad speeds, writing nothing', async () => {
    const file = path.join(dir, 'refused.wav');
    const unknown = await refusal(flite.synthesize({ text: 'hello', voice: 'flite-nope' }, file));
    expect(unknown.kind).toBe('permanent');
    expect(unknown.message).toContain('flite-nope');
    expect(unknown.message).toContain('flite-slt');
    const viaLocal = await refusal(local.synthesize({ text: 'hello', voice: 'flite-nope' }, file));
    expect(viaLocal.message).toContain('flite-nope');
    for (const text of ['', '  \n ']) expect((await refusal(flite.synthesize({ text }, file))).kind).toBe('permanent');
    const cyrillic = await refusal(flite.synthesize({ text: 'Привет, мир' }, file));
    expect(cyrillic.message).toContain('espeak-ng');
    expect((await refusal(flite.synthesize({ text: 'hello', speed: -1 }, file))).kind).toBe('permanent');
    expect((await refusal(flite.synthesize({ text: 'a'.repeat(5001) }, file))).kind).toBe('permanent');
    await expect(fs.stat(file)).rejects.toThrow();
    // Nothing of the scratch directories is left beside the output.
    expect((await fs.readdir(dir)).filter((f) => f.startsWith('.flite-'))).toEqual([]);
  });

  it('stops a running synthesis when canceled or past its deadline, without blocking the event loop', async () => {
    const file = path.join(dir, 'aborted.wav');
    await refusal(flite.synthesize({ text: 'hello' }, file, AbortSignal.abort()));
    await expect(fs.stat(file)).rejects.toThrow();

    // `-l` makes flite loop for ever, so only terminating its worker ends the run; the abort
    // comes from a timer, which could not fire were the run on this thread.
    const work = await fs.mkdtemp(path.join(dir, 'loop-'));
    const endless = ['-l', '-voice', 'kal16', '-o', 'none', '-t', 'again and again'];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const canceled = await refusal(runFlite(endless, work, { signal: controller.signal }));
    expect(canceled.kind).toBe('transient');
    expect(canceled.message).toContain('canceled');
    const late = await refusal(runFlite(endless, work, { timeoutMs: 300 }));
    expect(late.message).toContain('too long');
    // Still usable afterwards.
    expect((await runFlite(['-lv'], work)).stdout).toContain('slt');
  });
});

describe('flite helpers', () => {
  it('reads -psdur output, utterance by utterance', () => {
    expect(parseSegments('pau:0.1 hh:0.2 ax:0.35 pau:0.5 \npau:0.1 l:0.3 \n')).toEqual([
      { phone: 'pau', start: 0, end: 0.1 },
      { phone: 'hh', start: 0.1, end: 0.2 },
      { phone: 'ax', start: 0.2, end: 0.35 },
      { phone: 'pau', start: 0.35, end: 0.5 },
      { phone: 'pau', start: 0.5, end: 0.6 },
      { phone: 'l', start: 0.6, end: 0.8 },
    ]);
    expect(parseSegments('')).toEqual([]);
  });
});
