import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableFfmpegBuilds, probe, runFfmpeg, selectFfmpegBuild } from '@/lib/media/ffmpeg';
import { LocalStemEngine } from './stems';

const RATE = 16_000;
let dir: string;

/** A 3 s test mix: a centred 440 Hz "voice", a 660 Hz "guitar" hard left, a centred 60 Hz bass, noise-burst "drums". */
async function makeMix(file: string, mono = false) {
  const drums = (n: number) => `0.25*(2*random(${n})-1)*exp(-30*mod(t\\,0.5))`;
  const left = `0.2*sin(2*PI*440*t)+0.2*sin(2*PI*660*t)+0.2*sin(2*PI*60*t)+${drums(0)}`;
  const right = `0.2*sin(2*PI*440*t)+0.2*sin(2*PI*60*t)+${drums(1)}`;
  const exprs = mono ? left : `${left}|${right}`;
  await runFfmpeg((c) => c.input(`aevalsrc=exprs='${exprs}':s=44100:d=3`).inputFormat('lavfi').outputOptions(['-c:a', 'pcm_s16le']).output(file));
}

/** Decoded samples per channel, at RATE, as floats. */
async function pcm(file: string, channels: number): Promise<Float64Array[]> {
  const raw = `${file}.${channels}.raw`;
  await runFfmpeg((c) => c.input(file).outputOptions(['-f', 's16le', '-c:a', 'pcm_s16le', '-ac', String(channels), '-ar', String(RATE)]).output(raw));
  const bytes = await readFile(raw);
  const frames = bytes.length / 2 / channels;
  const out = Array.from({ length: channels }, () => new Float64Array(frames));
  for (let i = 0; i < frames; i++) for (let ch = 0; ch < channels; ch++) out[ch][i] = bytes.readInt16LE((i * channels + ch) * 2) / 32768;
  return out;
}

/** The energy of one frequency (Goertzel), on the same scale as the sum of squares. */
function tone(x: Float64Array, freq: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / RATE);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (2 * (s1 * s1 + s2 * s2 - coeff * s1 * s2)) / x.length;
}

const energy = (x: Float64Array) => x.reduce((sum, v) => sum + v * v, 0);
const sumTone = (chs: Float64Array[], f: number) => chs.reduce((s, ch) => s + tone(ch, f), 0);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'stems-'));
});
afterAll(async () => {
  selectFfmpegBuild('auto');
  await rm(dir, { recursive: true, force: true });
});

const builds = availableFfmpegBuilds();

it('finds at least one ffmpeg build to test against', () => {
  expect(builds.length).toBeGreaterThan(0);
});

// Filters differ between ffmpeg versions, so the same test runs on every build on this machine.
describe.each(builds)('LocalStemEngine with the %s ffmpeg build', (build) => {
  beforeAll(() => {
    expect(selectFfmpegBuild(build).ffmpeg.source).toBe(build);
  });

  it('splits a stereo mix into four WAV stems of the input length that lean the right way', async () => {
    const mix = path.join(dir, `${build}-mix.wav`);
    await makeMix(mix);
    const engine = new LocalStemEngine();
    expect(engine).toMatchObject({ name: 'local', local: true });
    const { stems, notes } = await engine.separate(mix, path.join(dir, build, 'stereo'));
    expect(stems.map((s) => s.name)).toEqual(['vocals', 'accompaniment', 'bass', 'drums']);
    expect(notes).toEqual([]);

    const input = await pcm(mix, 2);
    const inputMono = (await pcm(mix, 1))[0];
    for (const stem of stems) {
      const info = await probe(stem.file);
      expect(info).toMatchObject({ hasAudio: true, audioCodec: 'pcm_s16le' });
      expect(Math.abs((info.durationSeconds ?? 0) - 3)).toBeLessThanOrEqual(0.1);
      const mono = (await pcm(stem.file, 1))[0];
      const n = Math.min(mono.length, inputMono.length);
      const diff = energy(mono.subarray(0, n).map((v, i) => v - inputMono[i]));
      expect(diff / energy(inputMono)).toBeGreaterThan(0.05);
    }
    const [vocals, accompaniment, bass] = await Promise.all(stems.slice(0, 3).map((s) => pcm(s.file, s.name === 'vocals' ? 1 : 2)));

    // The centred 440 Hz dominates the vocals far more than it does the input; the hard-left 660 Hz is mostly gone.
    const inputRatio = sumTone(input, 440) / sumTone(input, 660);
    const vocalRatio = sumTone(vocals, 440) / sumTone(vocals, 660);
    expect(vocalRatio).toBeGreaterThan(inputRatio * 10);
    // The accompaniment keeps the side guitar and loses most of the centred voice.
    expect(sumTone(accompaniment, 660) / sumTone(accompaniment, 440)).toBeGreaterThan(sumTone(input, 660) / sumTone(input, 440) * 5);
    // The bass stem is nearly all 60 Hz.
    const bassEnergy = bass.reduce((s, ch) => s + energy(ch), 0);
    expect(sumTone(bass, 60) / bassEnergy).toBeGreaterThan(0.8);
    expect(sumTone(bass, 440) + sumTone(bass, 660)).toBeLessThan(sumTone(bass, 60) * 0.05);
  }, 30_000);

  it('still produces four stems from mono input, and says centre extraction did not apply', async () => {
    const mix = path.join(dir, `${build}-mono.wav`);
    await makeMix(mix, true);
    const { stems, notes } = await new LocalStemEngine().separate(mix, path.join(dir, build, 'mono'));
    expect(notes[0]).toMatch(/mono input/);
    for (const stem of stems) {
      const info = await probe(stem.file);
      expect(info.channels).toBe(1);
      expect(Math.abs((info.durationSeconds ?? 0) - 3)).toBeLessThanOrEqual(0.1);
    }
    const [vocals, accompaniment] = await Promise.all(stems.slice(0, 2).map((s) => pcm(s.file, 1)));
    // Band-pass vs its complement: 60 Hz goes to the accompaniment, 440 Hz to the vocals.
    expect(tone(vocals[0], 440)).toBeGreaterThan(tone(vocals[0], 60) * 5);
    expect(tone(accompaniment[0], 60)).toBeGreaterThan(tone(accompaniment[0], 440) * 5);
  }, 30_000);

  it('refuses a file without audio as a permanent error', async () => {
    const bogus = path.join(dir, 'not-audio.wav');
    await import('node:fs/promises').then((fs) => fs.writeFile(bogus, 'hello'));
    await expect(new LocalStemEngine().separate(bogus, path.join(dir, 'x'))).rejects.toMatchObject({ name: 'AudioEngineError', kind: 'permanent' });
  });
});

it.runIf(builds.length > 1)('gives the same stems from the same mix whichever ffmpeg build runs', async () => {
  selectFfmpegBuild(builds[0]);
  const mix = path.join(dir, 'shared-mix.wav');
  await makeMix(mix);
  const runs = [];
  for (const build of builds) {
    selectFfmpegBuild(build);
    runs.push((await new LocalStemEngine().separate(mix, path.join(dir, 'shared', build))).stems);
  }
  // One decoder for every comparison, so only the engine's output differs.
  selectFfmpegBuild(builds[0]);
  for (const [i, stem] of runs[0].entries()) {
    const reference = await pcm(stem.file, 2);
    for (const other of runs.slice(1)) {
      const samples = await pcm(other[i].file, 2);
      const diff = reference.reduce((sum, ch, c) => sum + energy(ch.map((v, k) => v - (samples[c][k] ?? 0))), 0);
      expect(samples[0].length, stem.name).toBe(reference[0].length);
      expect(diff / reference.reduce((sum, ch) => sum + energy(ch), 0), stem.name).toBeLessThan(1e-4);
    }
  }
}, 60_000);
