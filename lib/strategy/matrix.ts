import { z } from 'zod';

/**
 * The mood matrix: the single source of truth that maps the 0–100 mood slider
 * to camera movement, lighting and vocabulary. Every other module (engine, UI
 * catalog, tests) reads from here so the table can't drift between copies.
 */

/** Ordered along the slider, low mood to high mood. Order matters: classification walks it. */
export const CATEGORIES = ['surreal_trip', 'intimate_story', 'luxury_reveal', 'high_energy'] as const;

export const CAMERA_MOVEMENTS = [
  'fpv_drone',
  'crash_zoom_in',
  'whip_pan_right',
  'dolly_slow',
  'crane_up',
  'pan_slow',
  'static_focus',
  'handheld_subtle',
  'dolly_zoom',
  'bullet_time',
  'spiral_zoom',
  'through_object',
] as const;

export const LIGHTING_SETUPS = [
  'high_contrast',
  'neon_glow',
  'golden_hour',
  'soft_key',
  'natural',
  'warm_ambient',
  'neon_noir',
  'volumetric',
] as const;

export const CategorySchema = z.enum(CATEGORIES);
export const CameraMovementSchema = z.enum(CAMERA_MOVEMENTS);
export const LightingSchema = z.enum(LIGHTING_SETUPS);

export type Category = z.infer<typeof CategorySchema>;
export type CameraMovement = z.infer<typeof CameraMovementSchema>;
export type Lighting = z.infer<typeof LightingSchema>;

export interface Described {
  /** Short human label for buttons and chips. */
  label: string;
  /**
   * Noun phrase that reads naturally inside a sentence: cameras follow
   * "Shot as …", lighting follows "under …". The enricher relies on that grammar.
   */
  description: string;
}

export const CAMERA_DETAILS: Readonly<Record<CameraMovement, Described>> = {
  fpv_drone: { label: 'FPV drone', description: 'a fast FPV drone dive that skims the subject' },
  crash_zoom_in: { label: 'Crash zoom in', description: 'a sudden crash zoom into the subject' },
  whip_pan_right: { label: 'Whip pan right', description: 'a snappy whip pan to the right' },
  dolly_slow: { label: 'Slow dolly', description: 'a slow dolly push-in' },
  crane_up: { label: 'Crane up', description: 'a graceful crane rise that reveals the scene' },
  pan_slow: { label: 'Slow pan', description: 'a slow, deliberate pan across the scene' },
  static_focus: { label: 'Static focus', description: 'a still, locked-off frame with a gentle focus pull' },
  handheld_subtle: { label: 'Subtle handheld', description: 'a subtle handheld drift that feels close and human' },
  dolly_zoom: { label: 'Dolly zoom', description: 'a slow dolly zoom that warps the background' },
  bullet_time: { label: 'Bullet time', description: 'a frozen bullet-time orbit around the subject' },
  spiral_zoom: { label: 'Spiral zoom', description: 'a hypnotic spiral zoom' },
  through_object: { label: 'Through object', description: 'a seamless move through an object into the scene' },
};

export const LIGHTING_DETAILS: Readonly<Record<Lighting, Described>> = {
  high_contrast: { label: 'High contrast', description: 'hard, high-contrast light with deep shadows' },
  neon_glow: { label: 'Neon glow', description: 'a saturated magenta-and-cyan neon glow' },
  golden_hour: { label: 'Golden hour', description: 'warm golden-hour light' },
  soft_key: { label: 'Soft key', description: 'a soft, diffused key light' },
  natural: { label: 'Natural', description: 'soft natural daylight' },
  warm_ambient: { label: 'Warm ambient', description: 'the warm ambient glow of practical lamps' },
  neon_noir: { label: 'Neon noir', description: 'moody neon-noir light with wet reflections' },
  volumetric: { label: 'Volumetric', description: 'volumetric beams cutting through haze' },
};

export interface CategoryDefinition extends Described {
  /** Half-open [min, max); the top category alone also includes max (100). */
  range: { min: number; max: number };
  cameras: readonly CameraMovement[];
  lighting: readonly Lighting[];
  keywords: readonly string[];
  /** Why this look serves the mood; reused verbatim in variation rationales. */
  why: string;
}

export const MOOD_MATRIX: Readonly<Record<Category, CategoryDefinition>> = {
  surreal_trip: {
    label: 'Surreal trip',
    description: 'Impossible camera moves and stylised light that turn the scene into a dream.',
    range: { min: 0, max: 25 },
    cameras: ['bullet_time', 'spiral_zoom', 'through_object'],
    lighting: ['neon_noir', 'volumetric'],
    keywords: ['dreamlike', 'abstract', 'otherworldly'],
    why: 'impossible motion and stylised light pull the viewer out of everyday reality',
  },
  intimate_story: {
    label: 'Intimate story',
    description: 'Quiet, close camera work and soft light for personal, human moments.',
    range: { min: 25, max: 50 },
    cameras: ['static_focus', 'handheld_subtle', 'dolly_zoom'],
    lighting: ['natural', 'warm_ambient'],
    keywords: ['personal', 'emotional', 'authentic'],
    why: 'restrained, close camera work and gentle light keep the moment personal',
  },
  luxury_reveal: {
    label: 'Luxury reveal',
    description: 'Unhurried, graceful moves and flattering light that make the subject feel premium.',
    range: { min: 50, max: 75 },
    cameras: ['dolly_slow', 'crane_up', 'pan_slow'],
    lighting: ['golden_hour', 'soft_key'],
    keywords: ['elegant', 'sophisticated', 'premium'],
    why: 'unhurried movement and flattering light give the subject a premium feel',
  },
  high_energy: {
    label: 'High energy',
    description: 'Fast, aggressive motion and punchy light for maximum impact.',
    range: { min: 75, max: 100 },
    cameras: ['fpv_drone', 'crash_zoom_in', 'whip_pan_right'],
    lighting: ['high_contrast', 'neon_glow'],
    keywords: ['dynamic', 'explosive', 'intense'],
    why: 'aggressive motion and punchy contrast keep the energy at its peak',
  },
};

/** Internal boundaries between adjacent categories (25, 50, 75), derived so they can't disagree with the ranges. */
export const MOOD_BOUNDARIES: readonly number[] = CATEGORIES.slice(0, -1).map((c) => MOOD_MATRIX[c].range.max);
