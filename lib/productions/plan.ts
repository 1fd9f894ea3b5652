import type { z } from 'zod';
import type { CreateProductionSchema } from '@/lib/api/contracts/productions';
import { composeScore } from '@/lib/audio/local/music-score';
import { ASPECT_RATIOS, type AspectRatio, classifyMood, PLATFORM_PRESETS, type Platform, planStrategy } from '@/lib/strategy';
import type { OutputPresetId, Shot, Timeline } from './timeline';

export type Brief = z.output<typeof CreateProductionSchema>;

/** A library asset a brief names as a shot. */
export interface BriefAsset {
  id: string;
  assetType: 'video' | 'image' | 'audio';
  durationSeconds: number | null;
}

/** The shortest a shot may be; shorter cuts read as flicker. */
const MIN_SHOT_SECONDS = 1.2;

export function outputPresetFor(platform: Platform, aspect: AspectRatio): OutputPresetId {
  if (aspect === '9:16') return 'vertical_1080';
  if (aspect === '4:5') return 'portrait_1080';
  if (aspect === '1:1') return 'square_1080';
  return platform === 'youtube' || aspect === '16:9' || aspect === '21:9' ? 'landscape_1080' : 'vertical_1080';
}

/** Shots a brief gets when it does not say: short-form feeds cut about every 3 s, others every 5 s. */
export function defaultShotCount(platform: Platform, duration: number): number {
  const every = PLATFORM_PRESETS[platform].shortForm ? 3 : 5;
  return Math.max(2, Math.min(8, Math.round(duration / every)));
}

/** Beats and downbeats (every 4th beat) of a tempo from 0 to `duration`. */
export function beatGrid(bpm: number, duration: number): { beats: number[]; downbeats: number[] } {
  const beat = 60 / bpm;
  const beats: number[] = [];
  for (let i = 0; i * beat <= duration + 1e-9; i++) beats.push(round(i * beat));
  return { beats, downbeats: beats.filter((_, i) => i % 4 === 0) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Where the cuts fall: evenly spaced, each moved to the nearest downbeat when bars are short
 * enough to keep every shot at least MIN_SHOT_SECONDS, else to the nearest beat, else left where
 * it is. Returns the n − 1 inner boundaries, increasing.
 */
export function cutPoints(duration: number, shots: number, grid: { beats: number[]; downbeats: number[] } | null): number[] {
  const even = Array.from({ length: shots - 1 }, (_, i) => ((i + 1) * duration) / shots);
  if (!grid) return even.map(round);
  const snap = (targets: number[], marks: number[]) => {
    let previous = 0;
    const out: number[] = [];
    for (const [i, target] of targets.entries()) {
      const remaining = shots - 1 - i;
      const candidates = marks.filter((m) => m - previous >= MIN_SHOT_SECONDS && duration - m >= MIN_SHOT_SECONDS * remaining);
      if (candidates.length === 0) return null;
      const best = candidates.reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a));
      if (out.includes(best)) return null;
      out.push(best);
      previous = best;
    }
    return out;
  };
  return snap(even, grid.downbeats) ?? snap(even, grid.beats) ?? even.map(round);
}

/** The seed of the music, from the production's seed (stable across re-plans). */
export const musicSeedOf = (seed: string) => `${seed}:music`;

/**
 * The first timeline of a brief: shots from the strategy engine's variations (library assets
 * first, in order), cut on the local composer's beats, music and narration to be filled by
 * their jobs. Pure: the caller creates the jobs the timeline names.
 */
export function planTimeline(brief: Brief, assets: BriefAsset[], seed: string): Timeline {
  const preset = PLATFORM_PRESETS[brief.platform];
  const duration = brief.duration ?? Math.max(preset.duration.default, 12);
  const shotCount = Math.max(brief.shots ?? defaultShotCount(brief.platform, duration), assets.length);
  const aspect = preset.aspectRatios[0];
  const strategy = planStrategy({ prompt: brief.prompt, mood: brief.mood, platform: brief.platform, variations: Math.min(8, shotCount), duration }, { defaultSeed: seed });
  const category = classifyMood(brief.mood);
  const musicSeed = musicSeedOf(seed);
  const bpm = brief.music ? composeScore(category, brief.mood, musicSeed).bpm : null;
  const grid = bpm ? beatGrid(bpm, duration) : null;
  const cuts = cutPoints(duration, shotCount, grid);
  const bounds = [0, ...cuts, duration];

  const shots: Shot[] = Array.from({ length: shotCount }, (_, i) => {
    const variation = strategy.variations[i % strategy.variations.length];
    const asset = assets[i];
    const start = bounds[i];
    return {
      id: `s${i + 1}`,
      source: asset
        ? { kind: 'asset', asset_id: asset.id, asset_type: asset.assetType === 'image' ? 'image' : 'video', job_id: null }
        : { kind: 'generated', job_id: null },
      prompt: brief.prompt,
      camera_movement: variation.camera_movement as Shot['camera_movement'],
      lighting: variation.lighting as Shot['lighting'],
      aspect_ratio: ASPECT_RATIOS.includes(aspect) ? aspect : '9:16',
      start: round(start),
      duration: round(bounds[i + 1] - start),
      trim_in: 0,
      // Every cut on the beat; a soft fade for the calmer moods, a hard cut for high energy.
      transition: category === 'high_energy' ? 'cut' : 'fade',
      fit: 'crop',
    };
  });

  return {
    version: 1,
    duration,
    platform: brief.platform,
    output: outputPresetFor(brief.platform, aspect),
    shots,
    narration: brief.narration ? { script: brief.narration, voice: brief.voice ?? null, speech_job_id: null, alignment_job_id: null, words: [], gain_db: 0 } : null,
    music: brief.music ? { seed: musicSeed, job_id: null, gain_db: brief.narration ? -4 : 0, bpm, beats: grid?.beats ?? [], downbeats: grid?.downbeats ?? [] } : null,
    captions: { style: brief.captions ?? (brief.narration ? 'word_highlight' : 'none'), position: 'bottom', size: 0.045, highlight_color: '#FFD400' },
  };
}
