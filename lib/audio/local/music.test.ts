import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { CATEGORIES, MOOD_MATRIX, type Category } from '@/lib/strategy';
import { AudioEngineError } from '../types';
import { LocalMusicEngine } from './music';
import { bpmRange, composeScore, scalePitchClasses } from './music-score';
import { assignLanes, laneExpression, partNotes, stemsGraph, VOICES } from './music-synth';

const MOODS: Record<Category, number> = { surreal_trip: 12, intimate_story: 37, luxury_reveal: 62, high_energy: 87 };

describe('composeScore', () => {
  const seeds = ['a quiet harbour at dawn', 'neon street race', 'seed-3', 'x'];

  it('keeps each category in its tempo range, faster as the mood rises within it', () => {
    for (const category of CATEGORIES) {
      const [lo, hi] = bpmRange(category);
      const { min, max } = MOOD_MATRIX[category].range;
      for (const seed of seeds) {
        const slow = composeScore(category, min, seed).bpm;
        const fast = composeScore(category, max - 0.01, seed).bpm;
        expect(slow).toBeGreaterThanOrEqual(lo);
        expect(fast).toBeLessThanOrEqual(hi);
        expect(fast).toBeGreaterThan(slow);
      }
    }
    expect(bpmRange('high_energy')[0]).toBeGreaterThanOrEqual(128);
    expect(bpmRange('luxury_reveal')).toEqual([70, 80]);
    expect(bpmRange('surreal_trip')[1]).toBeLessThanOrEqual(70);
  });

  it('writes every pitched note inside the key and scale, and nothing past the cycle', () => {
    for (const category of CATEGORIES) {
      for (const seed of seeds) {
        const score = composeScore(category, MOODS[category], seed);
        const pitchClasses = scalePitchClasses(score);
        for (const part of score.parts) {
          for (const e of part.events) {
            if (e.midi !== null) expect(pitchClasses.has(e.midi % 12), `${category}/${part.name} midi ${e.midi} in ${score.key} ${score.scale}`).toBe(true);
            expect(e.beat + e.length).toBeLessThanOrEqual(score.cycleBeats + 1e-9);
            expect(e.velocity).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('follows the mood strategy: driving, warm, sparse, ambient', () => {
    const energy = composeScore('high_energy', 90, 's');
    expect(energy.scale).toBe('minor');
    const kick = energy.parts.find((p) => p.instrument === 'kick')!;
    expect(kick.events.map((e) => e.beat)).toEqual(Array.from({ length: energy.cycleBeats }, (_, i) => i));
    expect(energy.parts.find((p) => p.instrument === 'hat')!.events.filter((e) => e.beat % 0.5 === 0).length).toBe(energy.cycleBeats * 2);
    expect(energy.parts.map((p) => p.instrument)).toEqual(expect.arrayContaining(['synth_bass', 'pluck']));

    const luxury = composeScore('luxury_reveal', 60, 's');
    expect(luxury.scale).toBe('major');
    expect(luxury.progression.some((c) => c.endsWith('maj7'))).toBe(true);
    expect(luxury.parts.map((p) => p.instrument)).toEqual(expect.arrayContaining(['warm_pad', 'epiano']));

    const intimate = composeScore('intimate_story', 40, 's');
    expect(intimate.parts.some((p) => p.stem === 'drums')).toBe(false);
    const notesPerBeat = (s: typeof energy) => s.parts.filter((p) => p.stem !== 'harmony' || p.instrument !== 'warm_pad').reduce((n, p) => n + p.events.length, 0) / s.cycleBeats;
    expect(notesPerBeat(intimate)).toBeLessThan(notesPerBeat(energy) / 3);

    const surreal = composeScore('surreal_trip', 10, 's');
    expect(surreal.parts.map((p) => p.instrument)).toEqual(expect.arrayContaining(['drone', 'glass_pad']));
    expect(surreal.parts.some((p) => p.stem === 'drums')).toBe(false);
  });

  it('is deterministic in the seed', () => {
    expect(composeScore('luxury_reveal', 60, 'same')).toEqual(composeScore('luxury_reveal', 60, 'same'));
    const other = seeds.map((s) => JSON.stringify(composeScore('luxury_reveal', 60, s)));
    expect(new Set(other).size).toBe(seeds.length);
  });
});

describe('synth graph', () => {
  it('splits overlapping notes into non-overlapping lanes, cutting only past the lane cap', () => {
    const notes = [0, 0.5, 1, 1.5].map((start) => ({ start, gate: 1.2, freq: 220, velocity: 1 }));
    const lanes = assignLanes(notes, 2);
    expect(lanes).toHaveLength(2);
    for (const lane of lanes) for (let i = 1; i < lane.length; i++) expect(lane[i - 1].start + lane[i - 1].gate).toBeLessThanOrEqual(lane[i].start + 1e-9);
    expect(assignLanes(notes, 4).flat().every((n) => n.gate === 1.2)).toBe(true);
  });

  it('never puts filter-graph syntax (quotes, colons) inside an expression', () => {
    for (const category of CATEGORIES) {
      const score = composeScore(category, MOODS[category], 'graph');
      for (const part of score.parts) {
        for (const lane of assignLanes(partNotes(part, score, score.cycleSeconds), VOICES[part.instrument].maxLanes)) {
          expect(laneExpression(lane, VOICES[part.instrument], score.cycleSeconds)).not.toMatch(/[':|[\]]/);
        }
      }
      expect(stemsGraph(score, 8).stems.length).toBeGreaterThan(0);
    }
  });
});

// ——— rendering with the real ffmpeg ———

interface Pcm {
  /** Interleaved stereo, 44.1 kHz. */
  stereo: Int16Array;
  seconds: number;
}

async function decode(file: string): Promise<Pcm> {
  const raw = `${file}.s16`;
  await runFfmpeg((c) => c.input(file).outputOptions(['-f', 's16le', '-ac', '2', '-ar', '44100', '-y']).output(raw));
  const bytes = await fs.readFile(raw);
  await fs.rm(raw);
  const stereo = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  return { stereo, seconds: stereo.length / 2 / 44100 };
}

const dbfs = (linear: number) => 20 * Math.log10(Math.max(linear, 1e-9));

function levels({ stereo }: Pcm): { peakDb: number; rmsDb: number } {
  let peak = 0;
  let sum = 0;
  for (const s of stereo) {
    const v = Math.abs(s) / 32768;
    if (v > peak) peak = v;
    sum += v * v;
  }
  return { peakDb: dbfs(peak), rmsDb: dbfs(Math.sqrt(sum / stereo.length)) };
}

/**
 * Energy onsets per second: mono at 22 050 Hz, first-differenced (a pre-emphasis, so a hi-hat
 * counts as much as a kick and a held pad hardly at all), in 512-sample (~23 ms) frames. An onset
 * is a frame whose energy jumps above 1.6× the mean of the previous eight frames after having
 * fallen back below 1.2× it, and is not near-silent.
 */
function onsetRate({ stereo, seconds }: Pcm): number {
  const frame = 512;
  const mono: number[] = [];
  let previous = 0;
  for (let i = 0; i + 3 < stereo.length; i += 4) {
    const sample = (stereo[i] + stereo[i + 1] + stereo[i + 2] + stereo[i + 3]) / 4 / 32768;
    mono.push(sample - previous);
    previous = sample;
  }
  const energies: number[] = [];
  for (let i = 0; i + frame <= mono.length; i += frame) {
    let energy = 0;
    for (let j = i; j < i + frame; j++) energy += mono[j] * mono[j];
    energies.push(energy / frame);
  }
  // A silence gate at a tenth of the average frame: a fade-in's rising hush is not a note.
  const floor = (0.1 * energies.reduce((a, b) => a + b, 0)) / energies.length;
  const recent: number[] = [];
  let armed = true;
  let onsets = 0;
  for (const energy of energies) {
    const mean = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : energy;
    if (armed && energy > 1.6 * mean && energy > floor) {
      onsets++;
      armed = false;
    } else if (energy < 1.2 * mean) {
      armed = true;
    }
    recent.push(energy);
    if (recent.length > 8) recent.shift();
  }
  return onsets / seconds;
}

describe('LocalMusicEngine (ffmpeg)', () => {
  const engine = new LocalMusicEngine();
  let dir: string;
  const measured: Partial<Record<Category, { bpm: number; onsetsPerSecond: number; peakDb: number; rmsDb: number; renderMs: number }>> = {};

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-music-'));
    process.env.DATA_DIR ??= dir;
  });
  afterAll(async () => {
    console.log('local music, 8 s per category:', JSON.stringify(measured, null, 1));
    await fs.rm(dir, { recursive: true, force: true });
  });

  it.each(CATEGORIES)('renders %s as music of the requested length, neither silent nor clipped', async (category) => {
    const file = path.join(dir, `${category}.wav`);
    const started = Date.now();
    const result = await engine.compose({ prompt: 'a lighthouse keeper finds a letter', durationSeconds: 8, mood: MOODS[category], moodCategory: category }, file);
    const renderMs = Date.now() - started;
    expect(result.extension).toBe('wav');
    expect(result.details).toMatchObject({ category, looped: false });
    const info = await probe(file);
    expect(info.audioCodec).toBe('pcm_s16le');
    expect(info.sampleRate).toBe(44100);
    expect(info.channels).toBe(2);
    expect(Math.abs(info.durationSeconds! - 8)).toBeLessThanOrEqual(0.1);
    const pcm = await decode(file);
    const { peakDb, rmsDb } = levels(pcm);
    expect(peakDb).toBeLessThan(-1);
    expect(rmsDb).toBeGreaterThan(-35);
    measured[category] = { bpm: result.details.bpm as number, onsetsPerSecond: Math.round(onsetRate(pcm) * 100) / 100, peakDb: Math.round(peakDb * 10) / 10, rmsDb: Math.round(rmsDb * 10) / 10, renderMs };
  }, 60_000);

  it('is busier in high_energy than in intimate_story (onsets per second)', () => {
    const energy = measured.high_energy?.onsetsPerSecond ?? 0;
    const intimate = measured.intimate_story?.onsetsPerSecond ?? Infinity;
    console.log(`onsets/s: high_energy ${energy}, intimate_story ${intimate}, ratio ${(energy / intimate).toFixed(2)}`);
    expect(energy).toBeGreaterThanOrEqual(1.5 * intimate);
    expect(measured.surreal_trip!.onsetsPerSecond).toBeLessThan(energy);
  });

  it('gives the same bytes for the same seed and different audio for another', async () => {
    const request = { prompt: 'p', durationSeconds: 3, mood: 40, moodCategory: 'intimate_story' as const };
    const [a, b, c] = ['a1.wav', 'a2.wav', 'b.wav'].map((f) => path.join(dir, f));
    await engine.compose({ ...request, seed: 'one' }, a);
    await engine.compose({ ...request, seed: 'one' }, b);
    await engine.compose({ ...request, seed: 'two' }, c);
    const [ba, bb, bc] = await Promise.all([a, b, c].map((f) => fs.readFile(f)));
    expect(ba.equals(bb)).toBe(true);
    expect(ba.equals(bc)).toBe(false);
  }, 60_000);

  it('writes MP3 for .mp3 and loops the cycle for durations beyond it', async () => {
    const file = path.join(dir, 'long.mp3');
    const progress: number[] = [];
    const result = await engine.compose({ prompt: 'night drive', durationSeconds: 18.5, mood: 95, moodCategory: 'high_energy' }, file, undefined, {
      onProgress: (p) => progress.push(p),
    });
    expect(result.extension).toBe('mp3');
    expect(result.details.looped).toBe(true);
    const info = await probe(file);
    expect(info.formatName).toBe('mp3');
    expect(info.audioCodec).toBe('mp3');
    expect(Math.abs(info.durationSeconds! - 18.5)).toBeLessThanOrEqual(0.1);
    const { peakDb } = levels(await decode(file));
    expect(peakDb).toBeLessThan(-1);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
  }, 60_000);

  it('refuses bad requests and honours an aborted signal', async () => {
    const base = { prompt: 'p', durationSeconds: 5, mood: 50, moodCategory: 'luxury_reveal' as const };
    await expect(engine.compose(base, path.join(dir, 'x.ogg'))).rejects.toBeInstanceOf(AudioEngineError);
    await expect(engine.compose({ ...base, durationSeconds: 0.5 }, path.join(dir, 'x.wav'))).rejects.toBeInstanceOf(AudioEngineError);
    await expect(engine.compose({ ...base, durationSeconds: 301 }, path.join(dir, 'x.wav'))).rejects.toBeInstanceOf(AudioEngineError);
    const controller = new AbortController();
    controller.abort();
    await expect(engine.compose(base, path.join(dir, 'x.wav'), controller.signal)).rejects.toThrow(/canceled/);
    expect((await fs.readdir(dir)).filter((f) => f.startsWith('.music-'))).toEqual([]);
  });
});
