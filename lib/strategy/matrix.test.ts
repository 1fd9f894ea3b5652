import { describe, expect, it } from 'vitest';
import {
  CAMERA_DETAILS,
  CAMERA_MOVEMENTS,
  CATEGORIES,
  CameraMovementSchema,
  CategorySchema,
  LIGHTING_DETAILS,
  LIGHTING_SETUPS,
  LightingSchema,
  MOOD_BOUNDARIES,
  MOOD_MATRIX,
} from './matrix';

describe('mood matrix', () => {
  it('holds the exact table', () => {
    expect(MOOD_MATRIX.high_energy).toMatchObject({
      range: { min: 75, max: 100 },
      cameras: ['fpv_drone', 'crash_zoom_in', 'whip_pan_right'],
      lighting: ['high_contrast', 'neon_glow'],
      keywords: ['dynamic', 'explosive', 'intense'],
    });
    expect(MOOD_MATRIX.luxury_reveal).toMatchObject({
      range: { min: 50, max: 75 },
      cameras: ['dolly_slow', 'crane_up', 'pan_slow'],
      lighting: ['golden_hour', 'soft_key'],
      keywords: ['elegant', 'sophisticated', 'premium'],
    });
    expect(MOOD_MATRIX.intimate_story).toMatchObject({
      range: { min: 25, max: 50 },
      cameras: ['static_focus', 'handheld_subtle', 'dolly_zoom'],
      lighting: ['natural', 'warm_ambient'],
      keywords: ['personal', 'emotional', 'authentic'],
    });
    expect(MOOD_MATRIX.surreal_trip).toMatchObject({
      range: { min: 0, max: 25 },
      cameras: ['bullet_time', 'spiral_zoom', 'through_object'],
      lighting: ['neon_noir', 'volumetric'],
      keywords: ['dreamlike', 'abstract', 'otherworldly'],
    });
  });

  it('orders categories along the slider and derives the internal boundaries', () => {
    expect(CATEGORIES).toEqual(['surreal_trip', 'intimate_story', 'luxury_reveal', 'high_energy']);
    expect(MOOD_BOUNDARIES).toEqual([25, 50, 75]);
    // Ranges tile 0..100 without gaps.
    CATEGORIES.forEach((c, i) => {
      if (i > 0) expect(MOOD_MATRIX[c].range.min).toBe(MOOD_MATRIX[CATEGORIES[i - 1]].range.max);
    });
  });

  it('uses every camera and lighting id in exactly one category', () => {
    const cameras = CATEGORIES.flatMap((c) => MOOD_MATRIX[c].cameras);
    const lighting = CATEGORIES.flatMap((c) => MOOD_MATRIX[c].lighting);
    expect([...cameras].sort()).toEqual([...CAMERA_MOVEMENTS].sort());
    expect([...lighting].sort()).toEqual([...LIGHTING_SETUPS].sort());
  });

  it('gives every id a label and a sentence-ready description', () => {
    for (const id of CAMERA_MOVEMENTS) {
      expect(CAMERA_DETAILS[id].label.length).toBeGreaterThan(0);
      expect(CAMERA_DETAILS[id].description).toMatch(/^a /);
    }
    for (const id of LIGHTING_SETUPS) {
      expect(LIGHTING_DETAILS[id].label.length).toBeGreaterThan(0);
      expect(LIGHTING_DETAILS[id].description.length).toBeGreaterThan(0);
    }
    expect(CAMERA_DETAILS.fpv_drone).toEqual({ label: 'FPV drone', description: 'a fast FPV drone dive that skims the subject' });
    for (const c of CATEGORIES) {
      expect(MOOD_MATRIX[c].label.length).toBeGreaterThan(0);
      expect(MOOD_MATRIX[c].description.length).toBeGreaterThan(0);
    }
    expect(MOOD_MATRIX.high_energy.label).toBe('High energy');
  });

  it('exposes zod enums matching the tuples', () => {
    expect(CategorySchema.options).toEqual([...CATEGORIES]);
    expect(CameraMovementSchema.options).toEqual([...CAMERA_MOVEMENTS]);
    expect(LightingSchema.options).toEqual([...LIGHTING_SETUPS]);
    expect(CategorySchema.safeParse('high_energy').success).toBe(true);
    expect(CategorySchema.safeParse('calm').success).toBe(false);
    expect(CameraMovementSchema.safeParse('crane_down').success).toBe(false);
    expect(LightingSchema.safeParse('neon_glow').success).toBe(true);
  });
});
