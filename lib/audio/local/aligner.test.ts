import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { AudioEngineError, type Transcription } from '@/lib/audio/types';
import { resetConfigForTests } from '@/lib/config';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { dictionaryPronunciations, espeakToArpabet, parseExpectedText } from './align-text';
import { DEFAULT_MODEL_DIR, PocketsphinxAligner, grammar, parseTimes } from './aligner';
import { LocalSpeechEngine } from './speech';

const run = promisify(execFile);

let dir: string;
const previous = { DATA_DIR: process.env.DATA_DIR, LOG_LEVEL: process.env.LOG_LEVEL };
const tts = new LocalSpeechEngine();
const aligner = new PocketsphinxAligner();

const FOX = 'The quick brown fox jumps over the lazy dog near the river bank.';
const SHELLS = 'She sells sea shells by the sea shore every summer morning.';
const GARDEN = 'My grandmother planted tomatoes and roses in the small garden behind her house.';

async function speak(name: string, text: string): Promise<string> {
  const file = path.join(dir, `${name}.wav`);
  await tts.synthesize({ text }, file);
  return file;
}

async function duration(file: string): Promise<number> {
  return (await probe(file)).durationSeconds!;
}

function expectWellFormed(t: Transcription, words: number) {
  expect(t.words).toHaveLength(words);
  let previousStart = 0;
  let previousEnd = 0;
  for (const w of t.words) {
    expect(w.start).toBeGreaterThanOrEqual(previousStart);
    expect(w.start).toBeGreaterThanOrEqual(previousEnd - 1e-9);
    expect(w.end).toBeGreaterThanOrEqual(w.start);
    expect(w.end).toBeLessThanOrEqual(t.duration + 1e-9);
    previousStart = w.start;
    previousEnd = w.end;
  }
}

async function refusal(promise: Promise<unknown>): Promise<AudioEngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioEngineError);
  return err as AudioEngineError;
}

/** Words of `expected` found, in order, in `heard` (longest common subsequence), as a fraction. */
function wordsRight(expected: string, heard: string): number {
  const a = parseExpectedText(expected).words.map((w) => w.units.join(' '));
  const b = heard.toLowerCase().split(/\s+/).filter(Boolean);
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) lcs[i][j] = a[i - 1] === b[j - 1] ? lcs[i - 1][j - 1] + 1 : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
  }
  return lcs[a.length][b.length] / a.length;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-aligner-test-'));
  // withWorkDir works under DATA_DIR; keep its scratch space inside this test's temp dir.
  process.env.DATA_DIR = path.join(dir, 'data');
  process.env.LOG_LEVEL = 'warn';
  resetConfigForTests();
});

afterAll(async () => {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('PocketsphinxAligner', { timeout: 60_000 }, () => {
  it('is available here (pocketsphinx and its en-us model are installed)', () => {
    expect(aligner.available()).toBe(true);
    expect(aligner.requiresExpectedText).toBe(true);
    expect(aligner.local).toBe(true);
    expect(aligner.name).toBe('pocketsphinx');
  });

  it('times every word of a spoken sentence', async () => {
    const file = await speak('fox', FOX);
    const length = await duration(file);
    const { transcription: t, stats } = await aligner.align({ file, expectedText: FOX, language: 'en-US' });
    expect(t.text).toBe(FOX);
    expect(t.language).toBe('en');
    expect(t.duration).toBeCloseTo(length, 1);
    expectWellFormed(t, 13);
    expect(t.words.map((w) => w.word)).toEqual(['The', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog', 'near', 'the', 'river', 'bank']);
    expect(t.words[0].start).toBeLessThan(1);
    expect(t.words[12].end).toBeGreaterThan(length - 1);
    expect(t.segments).toEqual([{ start: t.words[0].start, end: t.words[12].end, text: FOX }]);
    expect(stats.mode).toBe('strict');
    expect(stats.recognised).toBe(13);
  });

  it('aligns two sentences separated by a pause, the second after the pause', async () => {
    const first = await speak('first', FOX);
    const second = await speak('second', SHELLS);
    const firstLength = await duration(first);
    const both = path.join(dir, 'both.wav');
    await runFfmpeg((c) =>
      c
        .input(first)
        .input('anullsrc=r=22050:cl=mono')
        .inputFormat('lavfi')
        .inputOptions(['-t', '1'])
        .input(second)
        .complexFilter('[0:a][1:a][2:a]concat=n=3:v=0:a=1[out]', 'out')
        .outputOptions(['-ac', '1', '-y'])
        .output(both),
    );
    const total = await duration(both);
    expect(total).toBeGreaterThan(firstLength + 1.5);

    const t = await aligner.transcribe({ file: both, expectedText: `${FOX} ${SHELLS}` });
    expectWellFormed(t, 24);
    expect(t.segments.map((s) => s.text)).toEqual([FOX, SHELLS]);
    const she = t.words[13];
    expect(she.word).toBe('She');
    // The pause runs from the end of the first clip to one second later.
    expect(she.start).toBeGreaterThan(firstLength + 0.8);
    expect(she.start).toBeLessThan(firstLength + 1.6);
    expect(t.words[12].end).toBeLessThan(firstLength + 0.2);
    expect(t.segments[1].start).toBeGreaterThan(t.segments[0].end + 0.8);
    expect(t.words[23].end).toBeGreaterThan(total - 1);
  });

  it('times words missing from the dictionary (pronounced by espeak-ng)', async () => {
    const text = 'Cinemood turns 42 photos into a Zorblax movie.';
    const file = await speak('oov', text);
    const { transcription: t, stats } = await aligner.align({ file, expectedText: text });
    expectWellFormed(t, 8);
    expect(t.words.map((w) => w.word)).toEqual(['Cinemood', 'turns', '42', 'photos', 'into', 'a', 'Zorblax', 'movie']);
    expect(stats.outOfDictionary).toBe(3);
    expect(stats.pronouncedByEspeak).toBe(3);
    for (const w of [t.words[0], t.words[2], t.words[6]]) expect(w.end - w.start).toBeGreaterThan(0.2);
  });

  it('still gives every word a time when the audio stops before the script does', async () => {
    const file = await speak('short', FOX);
    const { transcription: t, stats } = await aligner.align({ file, expectedText: `${FOX} ${SHELLS}` });
    expectWellFormed(t, 24);
    expect(stats.mode).toBe('lenient');
    expect(stats.recognised).toBeGreaterThan(8);
  });

  it('reads the audio track of a video', async () => {
    const audio = await speak('video-audio', GARDEN);
    const video = path.join(dir, 'clip.mp4');
    await runFfmpeg((c) =>
      c
        .input('color=c=black:s=64x64:r=5')
        .inputFormat('lavfi')
        .input(audio)
        .outputOptions(['-shortest', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-y'])
        .output(video),
    );
    const t = await aligner.transcribe({ file: video, expectedText: GARDEN });
    expectWellFormed(t, 13);
    expect(t.words[0].start).toBeLessThan(1);
  });

  it('refuses without a script, in other languages, and on files without audio', async () => {
    const file = await speak('refusals', 'Hello there.');
    for (const expectedText of [undefined, '', '  ']) {
      const err = await refusal(aligner.transcribe({ file, expectedText }));
      expect(err.kind).toBe('permanent');
      expect(err.message).toContain('expectedText');
    }
    const french = await refusal(aligner.transcribe({ file, expectedText: 'Bonjour', language: 'fr' }));
    expect(french.kind).toBe('permanent');
    expect(french.message).toContain('English');
    expect((await refusal(aligner.transcribe({ file, expectedText: '— … !' }))).kind).toBe('permanent');
    const text = path.join(dir, 'not-audio.txt');
    await fs.writeFile(text, 'just text');
    expect((await refusal(aligner.transcribe({ file: text, expectedText: 'just text' }))).kind).toBe('permanent');
  });

  it('is unavailable with a bogus binary or model directory', () => {
    const saved = { bin: process.env.POCKETSPHINX_BIN, model: process.env.POCKETSPHINX_MODEL_DIR };
    try {
      process.env.POCKETSPHINX_BIN = path.join(dir, 'no-such-pocketsphinx');
      expect(new PocketsphinxAligner().available()).toBe(false);
      process.env.POCKETSPHINX_BIN = 'no-such-pocketsphinx-on-path';
      expect(new PocketsphinxAligner().available()).toBe(false);
      delete process.env.POCKETSPHINX_BIN;
      process.env.POCKETSPHINX_MODEL_DIR = path.join(dir, 'no-model');
      expect(new PocketsphinxAligner().available()).toBe(false);
      expect(new PocketsphinxAligner({ modelDir: DEFAULT_MODEL_DIR }).available()).toBe(true);
    } finally {
      if (saved.bin === undefined) delete process.env.POCKETSPHINX_BIN;
      else process.env.POCKETSPHINX_BIN = saved.bin;
      if (saved.model === undefined) delete process.env.POCKETSPHINX_MODEL_DIR;
      else process.env.POCKETSPHINX_MODEL_DIR = saved.model;
    }
  });

  it('measures: words recognised in order on three espeak sentences, against open-vocabulary recognition', async () => {
    const sentences = [FOX, SHELLS, GARDEN];
    let recognised = 0;
    let total = 0;
    const files: string[] = [];
    for (const [i, sentence] of sentences.entries()) {
      const file = await speak(`measure-${i}`, sentence);
      files.push(file);
      const { stats } = await aligner.align({ file, expectedText: sentence });
      recognised += stats.recognised;
      total += stats.words;
    }

    const aligned = recognised / total;
    let report = `pocketsphinx on espeak speech, ${total} words: aligner recognised in order (before interpolation) ${(aligned * 100).toFixed(1)} %`;

    // The same audio through the default language model, no script: one run over the three
    // sentences with a second of silence between them. Loading the 27 MB language model and
    // decoding open vocabulary costs ~10 s of CPU, so only when asked (MEASURE_OPEN_VOCABULARY=1).
    if (process.env.MEASURE_OPEN_VOCABULARY) {
      const joined = path.join(dir, 'measure.16k.wav');
      const silence = (c: FfmpegCommand) => c.input('anullsrc=r=22050:cl=mono').inputFormat('lavfi').inputOptions(['-t', '1']);
      await runFfmpeg((c) =>
        silence(silence(c.input(files[0])).input(files[1])).input(files[2])
          .complexFilter('[0:a][1:a][2:a][3:a][4:a]concat=n=5:v=0:a=1[out]', 'out')
          .outputOptions(['-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-fflags', '+bitexact', '-map_metadata', '-1', '-y'])
          .output(joined),
      );
      const { stdout } = await run(aligner.binary()!, [
        '-infile', joined,
        '-hmm', path.join(DEFAULT_MODEL_DIR, 'en-us'),
        '-lm', path.join(DEFAULT_MODEL_DIR, 'en-us.lm.bin'),
        '-dict', path.join(DEFAULT_MODEL_DIR, 'cmudict-en-us.dict'),
        '-logfn', '/dev/null',
      ]);
      const openVocabulary = wordsRight(sentences.join(' '), stdout.replace(/\n/g, ' '));
      report += `; open-vocabulary (default LM) words right, in order ${(openVocabulary * 100).toFixed(1)} %; heard: ${stdout.replace(/\s+/g, ' ').trim()}`;
    }
    console.log(report);
    expect(aligned).toBe(1);
  });
});

describe('aligner helpers', () => {
  it('splits a script into sentences and words as written', () => {
    const parsed = parseExpectedText('“Don’t stop,” she said — twice!  Rock & roll.\nWell-known lyrics line\ne.g. 3.5 km');
    expect(parsed.sentences).toEqual(['“Don’t stop,” she said — twice!', 'Rock & roll.', 'Well-known lyrics line', 'e.g.', '3.5 km']);
    expect(parsed.words.map((w) => w.word)).toEqual(['Don’t', 'stop', 'she', 'said', 'twice', 'Rock', '&', 'roll', 'Well-known', 'lyrics', 'line', 'e.g', '3.5', 'km']);
    expect(parsed.words[0].units).toEqual(["don't"]);
    expect(parsed.words[6].units).toEqual(['and']);
    expect(parsed.words[8].units).toEqual(['well', 'known']);
    expect(parsed.words.map((w) => w.sentence)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 4, 4]);
  });

  it('builds pronunciations from the dictionary and from espeak phonemes', () => {
    const dict = new Map([
      ['well', ['W EH L']],
      ['known', ['N OW N']],
      ['the', ['DH AH', 'DH IY']],
    ]);
    expect(dictionaryPronunciations(['well', 'known'], dict)).toEqual(['W EH L N OW N']);
    expect(dictionaryPronunciations(['the'], dict)).toEqual(['DH AH', 'DH IY']);
    expect(dictionaryPronunciations(['the', 'zorblax'], dict)).toBeNull();
    // espeak-ng -x for "Cinemood" and "butter".
    expect(espeakToArpabet("s 'I n I2 m ,u: d".split(' '))).toBe('S IH N IH M UW D');
    expect(espeakToArpabet("b 'V t# 3".split(' '))).toBe('B AH T ER');
    expect(espeakToArpabet(['_:', "'"])).toBe('');
  });

  it('writes strict and lenient grammars and reads decoder times', () => {
    const { words, sentences } = parseExpectedText('One two. Three.');
    expect(grammar(words, sentences.length, false)).toContain('public <script> = <s0> <s1>;');
    const lenient = grammar(words, sentences.length, true);
    expect(lenient).toContain('<s0> = ( /20/ w0 | /1/ g0 ) ( /20/ w1 | /1/ g1 );');
    expect(lenient).toContain('public <script> = <s0> [ <s1> ];');
    const times = parseTimes('w0 w1 g2\n<s> 0.000 0.100 1.0\nw0(2) 0.110 0.300 0.9\n<sil> 0.310 0.500 1\n[NOISE] 0.5 0.6 1\nw1 0.510 0.700 1\ng2 0.710 0.800 1\n');
    expect(times).toEqual([
      { index: 0, recognised: true, start: 0.11, end: 0.31 },
      { index: 1, recognised: true, start: 0.51, end: 0.71 },
      { index: 2, recognised: false, start: 0.71, end: 0.81 },
    ]);
  });
});
