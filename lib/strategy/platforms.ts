import { z } from 'zod';

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:5', '21:9'] as const;
export const PLATFORMS = ['tiktok', 'instagram_reels', 'instagram_feed', 'youtube', 'youtube_shorts', 'generic'] as const;

export const AspectRatioSchema = z.enum(ASPECT_RATIOS);
export const PlatformSchema = z.enum(PLATFORMS);

export type AspectRatio = z.infer<typeof AspectRatioSchema>;
export type Platform = z.infer<typeof PlatformSchema>;

export interface PlatformPreset {
  label: string;
  /** Allowed aspect ratios; the first one is the default. */
  aspectRatios: readonly [AspectRatio, ...AspectRatio[]];
  /** Whole seconds, inclusive bounds. */
  duration: { min: number; max: number; default: number };
  /** Vertical, swipe-driven feeds punish slow openings, so their pacing differs. */
  shortForm: boolean;
  /** Reads after "with …" in the enriched prompt, e.g. "framed for 9:16 with a hook in the first second". */
  pacing: string;
}

export const PLATFORM_PRESETS: Readonly<Record<Platform, PlatformPreset>> = {
  tiktok: {
    label: 'TikTok',
    aspectRatios: ['9:16'],
    duration: { min: 5, max: 60, default: 8 },
    shortForm: true,
    pacing: 'a hook in the first second',
  },
  instagram_reels: {
    label: 'Instagram Reels',
    aspectRatios: ['9:16'],
    duration: { min: 5, max: 90, default: 8 },
    shortForm: true,
    pacing: 'a hook in the first second and a loopable ending',
  },
  instagram_feed: {
    label: 'Instagram feed',
    aspectRatios: ['4:5', '1:1'],
    duration: { min: 3, max: 60, default: 6 },
    shortForm: true,
    pacing: 'a striking opening frame that stops the scroll',
  },
  youtube: {
    label: 'YouTube',
    aspectRatios: ['16:9'],
    duration: { min: 5, max: 120, default: 10 },
    shortForm: false,
    pacing: 'room to establish the scene before the reveal',
  },
  youtube_shorts: {
    label: 'YouTube Shorts',
    aspectRatios: ['9:16'],
    duration: { min: 5, max: 60, default: 8 },
    shortForm: true,
    pacing: 'a hook in the first second',
  },
  generic: {
    label: 'Generic',
    aspectRatios: ['16:9', '9:16', '1:1', '4:5', '21:9'],
    duration: { min: 2, max: 30, default: 5 },
    shortForm: false,
    pacing: 'one clear, continuous beat from start to finish',
  },
};

const RATIO_PARTS: Readonly<Record<AspectRatio, readonly [number, number]>> = {
  '16:9': [16, 9],
  '9:16': [9, 16],
  '1:1': [1, 1],
  '4:5': [4, 5],
  '21:9': [21, 9],
};

/** Video encoders (yuv420p) need even dimensions, so every side is rounded to an even number. */
const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/** Pixel size for an aspect ratio with the given short side: 16:9 → 1280×720, 4:5 → 720×900. */
export function aspectDimensions(aspect: AspectRatio, shortSide = 720): { width: number; height: number } {
  if (!Number.isFinite(shortSide) || shortSide <= 0) {
    throw new RangeError(`shortSide must be a positive number (got ${shortSide})`);
  }
  const [w, h] = RATIO_PARTS[aspect];
  const short = even(shortSide);
  const long = even((shortSide * Math.max(w, h)) / Math.min(w, h));
  return w >= h ? { width: long, height: short } : { width: short, height: long };
}
