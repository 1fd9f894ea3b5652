import { describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, AspectRatioSchema, PLATFORMS, PLATFORM_PRESETS, PlatformSchema, aspectDimensions } from './platforms';

describe('platform presets', () => {
  it('matches the agreed table', () => {
    const summary = Object.fromEntries(
      PLATFORMS.map((p) => [p, { aspects: PLATFORM_PRESETS[p].aspectRatios, duration: PLATFORM_PRESETS[p].duration }]),
    );
    expect(summary).toEqual({
      tiktok: { aspects: ['9:16'], duration: { min: 5, max: 60, default: 8 } },
      instagram_reels: { aspects: ['9:16'], duration: { min: 5, max: 90, default: 8 } },
      instagram_feed: { aspects: ['4:5', '1:1'], duration: { min: 3, max: 60, default: 6 } },
      youtube: { aspects: ['16:9'], duration: { min: 5, max: 120, default: 10 } },
      youtube_shorts: { aspects: ['9:16'], duration: { min: 5, max: 60, default: 8 } },
      generic: { aspects: ['16:9', '9:16', '1:1', '4:5', '21:9'], duration: { min: 2, max: 30, default: 5 } },
    });
  });

  it('keeps every preset internally consistent', () => {
    for (const p of PLATFORMS) {
      const { duration, label, pacing } = PLATFORM_PRESETS[p];
      expect(label.length).toBeGreaterThan(0);
      expect(pacing.length).toBeGreaterThan(0);
      expect(Number.isInteger(duration.min) && Number.isInteger(duration.max) && Number.isInteger(duration.default)).toBe(true);
      expect(duration.min).toBeLessThanOrEqual(duration.default);
      expect(duration.default).toBeLessThanOrEqual(duration.max);
    }
    expect(PLATFORM_PRESETS.tiktok.pacing).toContain('hook in the first second');
    expect(PLATFORM_PRESETS.youtube.pacing).toContain('establish the scene before the reveal');
    expect(PLATFORM_PRESETS.tiktok.shortForm).toBe(true);
    expect(PLATFORM_PRESETS.youtube.shortForm).toBe(false);
  });

  it('exposes zod enums', () => {
    expect(AspectRatioSchema.options).toEqual(['16:9', '9:16', '1:1', '4:5', '21:9']);
    expect(PlatformSchema.options).toEqual([...PLATFORMS]);
    expect(PlatformSchema.safeParse('vimeo').success).toBe(false);
    expect(AspectRatioSchema.safeParse('4:3').success).toBe(false);
  });
});

describe('aspectDimensions', () => {
  it('returns the documented sizes at the default 720 short side', () => {
    expect(aspectDimensions('16:9')).toEqual({ width: 1280, height: 720 });
    expect(aspectDimensions('9:16')).toEqual({ width: 720, height: 1280 });
    expect(aspectDimensions('1:1')).toEqual({ width: 720, height: 720 });
    expect(aspectDimensions('4:5')).toEqual({ width: 720, height: 900 });
    expect(aspectDimensions('21:9')).toEqual({ width: 1680, height: 720 });
  });

  it('always returns even dimensions, even for odd short sides', () => {
    for (const aspect of ASPECT_RATIOS) {
      for (const side of [1, 101, 333, 480, 1079, 1080]) {
        const { width, height } = aspectDimensions(aspect, side);
        expect(width % 2).toBe(0);
        expect(height % 2).toBe(0);
        expect(Math.min(width, height)).toBeGreaterThanOrEqual(2);
      }
    }
    expect(aspectDimensions('16:9', 1080)).toEqual({ width: 1920, height: 1080 });
  });

  it('rejects a non-positive short side', () => {
    expect(() => aspectDimensions('16:9', 0)).toThrow(RangeError);
    expect(() => aspectDimensions('16:9', Number.NaN)).toThrow(RangeError);
  });
});
