import { describe, expect, it } from 'vitest';
import {
  StrategyRequestSchema,
  StrategyResponseSchema,
  describeCategory,
  listCatalog,
  planStrategy,
  type StrategyRequestInput,
} from './engine';
import { StrategyInputError } from './errors';
import { CATEGORIES, MOOD_MATRIX, type Category } from './matrix';
import { PLATFORMS, PLATFORM_PRESETS } from './platforms';

const PROMPT = 'A lone cyclist crossing a rain-soaked bridge at dusk';
const plan = (input: Partial<StrategyRequestInput> = {}) =>
  planStrategy({ prompt: PROMPT, mood: 60, seed: 'fixed', ...input });

/** Runs fn and returns the StrategyInputError it throws, failing the test otherwise. */
function inputError(fn: () => unknown): StrategyInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StrategyInputError);
    return error as StrategyInputError;
  }
  throw new Error('expected a StrategyInputError');
}

const MIDPOINTS: Record<Category, number> = { surreal_trip: 12, intimate_story: 37, luxury_reveal: 62, high_energy: 88 };

describe('StrategyRequestSchema', () => {
  it('applies defaults and trims the prompt', () => {
    const parsed = StrategyRequestSchema.parse({ prompt: '  hi  ', mood: 10 });
    expect(parsed).toEqual({ prompt: 'hi', mood: 10, platform: 'generic', variations: 3 });
  });

  it.each([-0.1, 100.1, Number.NaN, Number.POSITIVE_INFINITY, '50', null])('rejects mood %s', (mood) => {
    expect(StrategyRequestSchema.safeParse({ prompt: 'x', mood }).success).toBe(false);
    expect(inputError(() => planStrategy({ prompt: 'x', mood: mood as number, seed: 1 })).field).toBe('mood');
  });

  it('accepts the boundary moods', () => {
    for (const mood of [0, 24.9, 25, 49.9, 50, 74.9, 75, 100]) {
      expect(StrategyRequestSchema.safeParse({ prompt: 'x', mood }).success).toBe(true);
    }
  });

  it.each([
    [{ prompt: '   ' }, 'prompt'],
    [{ prompt: '' }, 'prompt'],
    [{ prompt: 'x'.repeat(2001) }, 'prompt'],
    [{ variations: 0 }, 'variations'],
    [{ variations: 9 }, 'variations'],
    [{ variations: 2.5 }, 'variations'],
    [{ platform: 'vimeo' }, 'platform'],
    [{ aspect_ratio: '4:3' }, 'aspect_ratio'],
    [{ duration: 7.5 }, 'duration'],
    [{ duration: -1 }, 'duration'],
    [{ seed: '' }, 'seed'],
    [{ seed: Number.NaN }, 'seed'],
  ])('rejects %o on field %s', (patch, field) => {
    expect(inputError(() => plan(patch as Partial<StrategyRequestInput>)).field).toBe(field);
  });

  it('accepts a 2000-character prompt with surrounding whitespace', () => {
    expect(plan({ prompt: `  ${'y'.repeat(2000)}  ` }).variations[0].enriched_prompt).toBe('y'.repeat(2000));
  });
});

describe('planStrategy', () => {
  it('classifies every boundary mood', () => {
    const expected: Array<[number, Category]> = [
      [0, 'surreal_trip'],
      [24.9, 'surreal_trip'],
      [25, 'intimate_story'],
      [49.9, 'intimate_story'],
      [50, 'luxury_reveal'],
      [74.9, 'luxury_reveal'],
      [75, 'high_energy'],
      [100, 'high_energy'],
    ];
    for (const [mood, category] of expected) {
      const result = plan({ mood });
      expect(result.mood_category).toBe(category);
      for (const v of result.variations) expect(v.mood_category).toBe(category);
    }
  });

  it('returns a response that validates against StrategyResponseSchema', () => {
    const result = plan({ variations: 8, platform: 'instagram_feed', mood: 73 });
    expect(StrategyResponseSchema.safeParse(result).success).toBe(true);
    expect(result.variations).toHaveLength(8);
  });

  it('defaults to 3 variations on the generic preset', () => {
    const result = planStrategy({ prompt: PROMPT, mood: 40, seed: 's' });
    expect(result.variations).toHaveLength(3);
    for (const v of result.variations) {
      expect(v.aspect_ratio).toBe('16:9');
      expect(v.duration).toBe(5);
    }
  });

  describe('seeds', () => {
    it('is deterministic for the same input and seed', () => {
      const input: StrategyRequestInput = { prompt: PROMPT, mood: 73, platform: 'tiktok', variations: 8, seed: 'abc' };
      expect(planStrategy(input)).toEqual(planStrategy({ ...input }));
      expect(planStrategy({ ...input, seed: 42 })).toEqual(planStrategy({ ...input, seed: 42 }));
    });

    it('varies across seeds', () => {
      const pairs = new Set(
        Array.from({ length: 10 }, (_, i) =>
          plan({ seed: `seed-${i}`, variations: 3 })
            .variations.map((v) => `${v.camera_movement}|${v.lighting}`)
            .join(','),
        ),
      );
      expect(pairs.size).toBeGreaterThan(1);
    });

    it('returns the seed it used as a string', () => {
      expect(plan({ seed: 1234 }).seed).toBe('1234');
      expect(plan({ seed: 'xyz' }).seed).toBe('xyz');
    });

    it('falls back to options.defaultSeed, and an explicit seed wins over it', () => {
      const withDefault = planStrategy({ prompt: PROMPT, mood: 60 }, { defaultSeed: 'server-random' });
      expect(withDefault.seed).toBe('server-random');
      expect(withDefault).toEqual(plan({ seed: 'server-random' }));
      expect(planStrategy({ prompt: PROMPT, mood: 60, seed: 'mine' }, { defaultSeed: 'other' }).seed).toBe('mine');
    });

    it('requires a seed from somewhere', () => {
      const error = inputError(() => planStrategy({ prompt: PROMPT, mood: 60 }));
      expect(error.field).toBe('seed');
      expect(inputError(() => planStrategy({ prompt: PROMPT, mood: 60 }, { defaultSeed: '  ' })).field).toBe('seed');
    });

    it('only appends when more variations are requested', () => {
      const three = plan({ variations: 3, mood: 48 }).variations;
      const eight = plan({ variations: 8, mood: 48 }).variations;
      expect(eight.slice(0, 3)).toEqual(three);
    });
  });

  describe('variation diversity', () => {
    it.each(CATEGORIES)('6 variations in %s use 6 distinct native camera+lighting pairs', (category) => {
      for (const seed of ['a', 'b', 'c', 7]) {
        const { variations } = plan({ mood: MIDPOINTS[category], variations: 6, seed });
        const pairs = new Set(variations.map((v) => `${v.camera_movement}|${v.lighting}`));
        expect(pairs.size).toBe(6);
        for (const v of variations) {
          expect(MOOD_MATRIX[category].cameras).toContain(v.camera_movement);
          expect(MOOD_MATRIX[category].lighting).toContain(v.lighting);
        }
      }
    });

    it('repeats pairs only after all six are used, never back to back', () => {
      for (const seed of ['a', 'b', 'c', 'd', 'e']) {
        const { variations } = plan({ mood: MIDPOINTS.high_energy, variations: 8, seed });
        const keys = variations.map((v) => `${v.camera_movement}|${v.lighting}`);
        expect(new Set(keys.slice(0, 6)).size).toBe(6);
        expect(keys[6]).not.toBe(keys[5]);
        expect(keys[7]).not.toBe(keys[6]);
      }
    });

    it('keeps all 8 pairs distinct near a boundary, where borrowing widens the pool', () => {
      const { variations } = plan({ mood: 52, variations: 8 });
      expect(new Set(variations.map((v) => `${v.camera_movement}|${v.lighting}`)).size).toBe(8);
    });
  });

  describe('near-boundary borrowing', () => {
    it('borrows from the neighbour on every other variation and says so', () => {
      const { variations } = plan({ mood: 73, variations: 4, seed: 'borrow' });
      const high = MOOD_MATRIX.high_energy;
      variations.forEach((v, i) => {
        const borrowsCamera = high.cameras.includes(v.camera_movement);
        const borrowsLight = high.lighting.includes(v.lighting);
        if (i % 2 === 1) {
          expect(borrowsCamera !== borrowsLight).toBe(true);
          const id = borrowsCamera ? v.camera_movement : v.lighting;
          expect(v.rationale).toContain('mood 73 sits near the high_energy boundary, so this variation borrows');
          expect(v.rationale).toContain(id);
        } else {
          expect(borrowsCamera || borrowsLight).toBe(false);
          expect(v.rationale).not.toContain('borrows');
        }
        // Still a luxury_reveal plan: the category, keywords and negative prompt do not move.
        expect(v.mood_category).toBe('luxury_reveal');
        expect(v.keywords).toEqual(['elegant', 'sophisticated', 'premium']);
      });
    });

    it('borrows downwards too (mood 27 → surreal_trip)', () => {
      const { variations } = plan({ mood: 27, variations: 2 });
      const surreal = MOOD_MATRIX.surreal_trip;
      const v = variations[1];
      expect(surreal.cameras.includes(v.camera_movement) || surreal.lighting.includes(v.lighting)).toBe(true);
      expect(v.rationale).toContain('mood 27 sits near the surreal_trip boundary');
    });

    it('never borrows away from boundaries', () => {
      for (const mood of [0, 12, 37, 62, 88, 100]) {
        const { variations, mood_category } = plan({ mood, variations: 8 });
        for (const v of variations) {
          expect(MOOD_MATRIX[mood_category].cameras).toContain(v.camera_movement);
          expect(MOOD_MATRIX[mood_category].lighting).toContain(v.lighting);
          expect(v.rationale).not.toContain('borrows');
        }
      }
    });
  });

  describe('rationale', () => {
    it('explains camera, light, mood and platform in prose', () => {
      const [v] = plan({ mood: 88, platform: 'youtube' }).variations;
      expect(v.rationale).toMatch(/^[A-Z].*\.$/);
      expect(v.rationale).toContain('mood 88');
      expect(v.rationale).toContain('high energy');
      expect(v.rationale).toContain('On YouTube it runs 10 s at 16:9');
      expect(v.rationale).toContain('establish the scene before the reveal');
    });

    it('does not round a mood across a boundary', () => {
      expect(plan({ mood: 74.999 }).variations[0].rationale).toContain('mood 74.99');
    });
  });

  describe('platform rules', () => {
    it.each(PLATFORMS)('%s uses its default aspect and duration', (platform) => {
      const preset = PLATFORM_PRESETS[platform];
      for (const v of plan({ platform, variations: 2 }).variations) {
        expect(v.aspect_ratio).toBe(preset.aspectRatios[0]);
        expect(v.duration).toBe(preset.duration.default);
        expect(v.enriched_prompt).toContain(`framed for ${preset.aspectRatios[0]}`);
      }
    });

    it.each(PLATFORMS)('%s accepts its min and max duration and rejects just outside', (platform) => {
      const { min, max } = PLATFORM_PRESETS[platform].duration;
      expect(plan({ platform, duration: min }).variations[0].duration).toBe(min);
      expect(plan({ platform, duration: max }).variations[0].duration).toBe(max);
      expect(inputError(() => plan({ platform, duration: max + 1 })).field).toBe('duration');
      if (min > 1) expect(inputError(() => plan({ platform, duration: min - 1 })).field).toBe('duration');
    });

    it('explains duration violations with the platform limits', () => {
      const error = inputError(() => plan({ platform: 'youtube_shorts', duration: 90 }));
      expect(error.message).toBe('duration 90 s is outside youtube_shorts limits (5–60 s)');
      expect(plan({ platform: 'instagram_reels', duration: 90 }).variations[0].duration).toBe(90);
    });

    it.each(PLATFORMS)('%s accepts exactly its allowed aspect ratios', (platform) => {
      const allowed = PLATFORM_PRESETS[platform].aspectRatios as readonly string[];
      for (const aspect of ['16:9', '9:16', '1:1', '4:5', '21:9'] as const) {
        if (allowed.includes(aspect)) {
          expect(plan({ platform, aspect_ratio: aspect }).variations[0].aspect_ratio).toBe(aspect);
        } else {
          const error = inputError(() => plan({ platform, aspect_ratio: aspect }));
          expect(error.field).toBe('aspect_ratio');
          expect(error.message).toContain(platform);
        }
      }
    });

    it('lets instagram_feed switch to 1:1 and rejects 9:16 there', () => {
      expect(plan({ platform: 'instagram_feed' }).variations[0].aspect_ratio).toBe('4:5');
      expect(plan({ platform: 'instagram_feed', aspect_ratio: '1:1' }).variations[0].aspect_ratio).toBe('1:1');
      expect(inputError(() => plan({ platform: 'instagram_feed', aspect_ratio: '9:16' })).message).toBe(
        'aspect_ratio 9:16 is not allowed for instagram_feed (allowed: 4:5, 1:1)',
      );
      expect(inputError(() => plan({ platform: 'tiktok', aspect_ratio: '16:9' })).field).toBe('aspect_ratio');
    });
  });

  describe('prompts', () => {
    it('always contains the user prompt and stays within 1000 chars for prompts up to 1000', () => {
      for (const length of [1, 50, 500, 900, 990, 1000]) {
        const prompt = 'z'.repeat(length);
        for (const v of plan({ prompt, variations: 8, mood: 76 }).variations) {
          expect(v.enriched_prompt).toContain(prompt);
          expect(v.enriched_prompt.length).toBeLessThanOrEqual(1000);
        }
      }
    });

    it('keeps a prompt longer than 1000 chars whole, with nothing appended', () => {
      const prompt = 'long '.repeat(300).trim();
      expect(plan({ prompt }).variations[0].enriched_prompt).toBe(prompt);
    });

    it('collapses whitespace in the user prompt', () => {
      const [v] = plan({ prompt: '  two\n\nlines   here ' }).variations;
      expect(v.enriched_prompt.startsWith('two lines here. Shot as ')).toBe(true);
    });

    it('attaches the category negative prompt', () => {
      const [v] = plan({ mood: 90 }).variations;
      expect(v.negative_prompt).toContain('watermark');
      expect(v.negative_prompt).toContain('washed-out colours');
    });
  });

  it('plans 8 variations well under a millisecond', () => {
    const input: StrategyRequestInput = { prompt: PROMPT, mood: 73, platform: 'tiktok', variations: 8 };
    for (let i = 0; i < 200; i++) planStrategy(input, { defaultSeed: i });
    const runs = 2000;
    const start = performance.now();
    for (let i = 0; i < runs; i++) planStrategy(input, { defaultSeed: i });
    const average = (performance.now() - start) / runs;
    expect(average).toBeLessThan(1);
  });
});

describe('catalog', () => {
  it('describes a category as plain data', () => {
    const high = describeCategory('high_energy');
    expect(high).toMatchObject({ id: 'high_energy', label: 'High energy', mood_range: { min: 75, max: 100 } });
    expect(high.cameras.map((c) => c.id)).toEqual(['fpv_drone', 'crash_zoom_in', 'whip_pan_right']);
    expect(high.cameras[0]).toEqual({ id: 'fpv_drone', label: 'FPV drone', description: 'a fast FPV drone dive that skims the subject' });
    expect(high.lighting.map((l) => l.id)).toEqual(['high_contrast', 'neon_glow']);
    expect(high.keywords).toEqual(['dynamic', 'explosive', 'intense']);
  });

  it('lists the matrix and platforms as JSON-safe data that callers cannot use to mutate the tables', () => {
    const catalog = listCatalog();
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    expect(catalog.categories.map((c) => c.id)).toEqual([...CATEGORIES]);
    expect(catalog.cameras).toHaveLength(12);
    expect(catalog.lighting).toHaveLength(8);
    expect(catalog.platforms.map((p) => p.id)).toEqual([...PLATFORMS]);
    expect(catalog.platforms.find((p) => p.id === 'instagram_feed')).toMatchObject({
      aspect_ratios: ['4:5', '1:1'],
      default_aspect_ratio: '4:5',
      duration: { min: 3, max: 60, default: 6 },
    });
    expect(catalog.aspect_ratios).toContainEqual({ id: '4:5', width: 720, height: 900 });

    catalog.categories[0].keywords.push('mutated');
    catalog.platforms[0].aspect_ratios.push('16:9');
    expect(MOOD_MATRIX.surreal_trip.keywords).toEqual(['dreamlike', 'abstract', 'otherworldly']);
    expect(PLATFORM_PRESETS.tiktok.aspectRatios).toEqual(['9:16']);
  });
});
