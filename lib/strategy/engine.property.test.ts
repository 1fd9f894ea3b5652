import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyMood } from './classify';
import { normalizePrompt } from './enrich';
import { StrategyResponseSchema, planStrategy, type StrategyRequestInput } from './engine';
import { MOOD_MATRIX } from './matrix';
import { ASPECT_RATIOS, PLATFORMS, PLATFORM_PRESETS } from './platforms';

const nonBlank = (s: string) => s.trim().length > 0;

// Mix plain ASCII, full Unicode (including odd whitespace) and word-like prompts up to the 2000-char limit.
const promptArb = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 200 }),
    fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme' }),
    fc.string({ minLength: 1, maxLength: 2000, unit: 'binary' }),
    fc.array(fc.constantFrom('neon', 'rain', ' ', '\n', '\t', 'café', '🎬', 'drone.', '?'), { minLength: 1, maxLength: 400 }).map((a) => a.join('')),
  )
  .filter((s) => nonBlank(s) && s.trim().length <= 2000);

const moodArb = fc.oneof(
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc.integer({ min: 0, max: 100 }),
  fc.constantFrom(0, 24.9, 25, 49.9, 50, 74.9, 75, 100, 20, 30, 45, 55, 70, 80),
);

const seedArb = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).filter(nonBlank), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** A request whose optional overrides are drawn from what its platform allows. */
const requestArb = fc
  .record({
    prompt: promptArb,
    mood: moodArb,
    platform: fc.constantFrom(...PLATFORMS),
    variations: fc.integer({ min: 1, max: 8 }),
    seed: seedArb,
    aspectPick: fc.option(fc.nat(), { nil: undefined }),
    durationPick: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map(({ aspectPick, durationPick, ...rest }): StrategyRequestInput => {
    const preset = PLATFORM_PRESETS[rest.platform];
    const request: StrategyRequestInput = { ...rest };
    if (aspectPick !== undefined) request.aspect_ratio = preset.aspectRatios[aspectPick % preset.aspectRatios.length];
    if (durationPick !== undefined) {
      const { min, max } = preset.duration;
      request.duration = min + Math.round(durationPick * (max - min));
    }
    return request;
  });

describe('planStrategy properties', () => {
  it('always returns a valid plan that respects the platform and keeps the prompt', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const result = planStrategy(request);
        expect(StrategyResponseSchema.safeParse(result).success).toBe(true);

        const preset = PLATFORM_PRESETS[request.platform ?? 'generic'];
        const category = classifyMood(request.mood);
        const prompt = normalizePrompt(request.prompt);
        expect(result.mood_category).toBe(category);
        expect(result.seed).toBe(String(typeof request.seed === 'string' ? request.seed.trim() : request.seed));
        expect(result.variations).toHaveLength(request.variations ?? 3);

        const keys = result.variations.map((v) => `${v.camera_movement}|${v.lighting}`);
        expect(new Set(keys.slice(0, 6)).size).toBe(Math.min(6, keys.length));

        for (const v of result.variations) {
          expect(v.mood_category).toBe(category);
          expect(preset.aspectRatios).toContain(v.aspect_ratio);
          expect(v.aspect_ratio).toBe(request.aspect_ratio ?? preset.aspectRatios[0]);
          expect(v.duration).toBe(request.duration ?? preset.duration.default);
          expect(v.duration).toBeGreaterThanOrEqual(preset.duration.min);
          expect(v.duration).toBeLessThanOrEqual(preset.duration.max);
          expect(v.enriched_prompt).toContain(prompt);
          if (prompt.length <= 1000) expect(v.enriched_prompt.length).toBeLessThanOrEqual(1000);
          else expect(v.enriched_prompt).toBe(prompt);
          // At least one of camera/lighting always comes from the mood's own category.
          const own = MOOD_MATRIX[category];
          expect(own.cameras.includes(v.camera_movement) || own.lighting.includes(v.lighting)).toBe(true);
        }
        expect(planStrategy(request)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects overrides the platform does not allow', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PLATFORMS),
        fc.constantFrom(...ASPECT_RATIOS),
        fc.integer({ min: 1, max: 500 }),
        (platform, aspect, duration) => {
          const preset = PLATFORM_PRESETS[platform];
          const ok =
            (preset.aspectRatios as readonly string[]).includes(aspect) &&
            duration >= preset.duration.min &&
            duration <= preset.duration.max;
          const run = () => planStrategy({ prompt: 'x', mood: 50, platform, aspect_ratio: aspect, duration, seed: 1 });
          if (ok) expect(run).not.toThrow();
          else expect(run).toThrow(/aspect_ratio|duration/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
