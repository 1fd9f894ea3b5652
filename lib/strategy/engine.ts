import { z } from 'zod';
import { classifyMood, neighbourCategory } from './classify';
import { enrichPrompt, negativePrompt, normalizePrompt } from './enrich';
import { StrategyInputError } from './errors';
import { CameraMovementSchema, CategorySchema, LightingSchema, MOOD_MATRIX, type CameraMovement, type Category, type Lighting } from './matrix';
import { AspectRatioSchema, PLATFORM_PRESETS, PlatformSchema, type AspectRatio, type PlatformPreset } from './platforms';
import { createRng, type Rng } from './random';
import { buildRationale, type Borrowing } from './rationale';

export { describeCategory, listCatalog } from './catalog';

export const MAX_VARIATIONS = 8;
export const PROMPT_MAX = 2000;

export const SeedSchema = z.union([
  z.string().trim().min(1, 'seed must not be empty').max(200, 'seed must be at most 200 characters'),
  z.number().finite(),
]);

export const StrategyRequestSchema = z.object({
  prompt: z
    .string({ error: 'prompt must be a string' })
    .trim()
    .min(1, 'prompt must not be empty')
    .max(PROMPT_MAX, `prompt must be at most ${PROMPT_MAX} characters`),
  mood: z
    .number({ error: 'mood must be a finite number between 0 and 100' })
    .min(0, 'mood must be between 0 and 100')
    .max(100, 'mood must be between 0 and 100'),
  platform: PlatformSchema.default('generic'),
  variations: z
    .number({ error: `variations must be a whole number from 1 to ${MAX_VARIATIONS}` })
    .int(`variations must be a whole number from 1 to ${MAX_VARIATIONS}`)
    .min(1, `variations must be a whole number from 1 to ${MAX_VARIATIONS}`)
    .max(MAX_VARIATIONS, `variations must be a whole number from 1 to ${MAX_VARIATIONS}`)
    .default(3),
  seed: SeedSchema.optional(),
  aspect_ratio: AspectRatioSchema.optional(),
  // Presets are whole seconds and video models take whole seconds, so fractions are rejected up front.
  duration: z
    .number({ error: 'duration must be a whole number of seconds' })
    .int('duration must be a whole number of seconds')
    .positive('duration must be positive')
    .optional(),
});

export const StrategyVariationSchema = z.object({
  mood_category: CategorySchema,
  camera_movement: CameraMovementSchema,
  lighting: LightingSchema,
  keywords: z.array(z.string().min(1)).min(1),
  enriched_prompt: z.string().min(1),
  negative_prompt: z.string().min(1),
  aspect_ratio: AspectRatioSchema,
  duration: z.number().int().positive(),
  rationale: z.string().min(1),
});

export const StrategyResponseSchema = z.object({
  mood_category: CategorySchema,
  seed: z.string().min(1),
  variations: z.array(StrategyVariationSchema).min(1).max(MAX_VARIATIONS),
});

export type StrategyRequestInput = z.input<typeof StrategyRequestSchema>;
export type StrategyRequest = z.output<typeof StrategyRequestSchema>;
export type StrategyVariation = z.infer<typeof StrategyVariationSchema>;
export type StrategyResponse = z.infer<typeof StrategyResponseSchema>;

export interface PlanOptions {
  /** Used when the request carries no seed; the API layer passes a fresh random one and returns it. */
  defaultSeed?: string | number;
}

/** Schema failures become StrategyInputError too, so callers handle one error type for bad input. */
function parseRequest(input: unknown): StrategyRequest {
  const result = StrategyRequestSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
  throw new StrategyInputError(field, issue.message);
}

function resolveSeed(seed: string | number | undefined, fallback: string | number | undefined): string {
  const chosen = seed ?? fallback;
  if (chosen === undefined) {
    throw new StrategyInputError('seed', 'seed is required: pass input.seed or options.defaultSeed');
  }
  const parsed = SeedSchema.safeParse(chosen);
  if (!parsed.success) throw new StrategyInputError('seed', `invalid seed: ${parsed.error.issues[0].message}`);
  return String(parsed.data);
}

function resolveAspect(request: StrategyRequest, preset: PlatformPreset): AspectRatio {
  const aspect = request.aspect_ratio ?? preset.aspectRatios[0];
  if (!preset.aspectRatios.includes(aspect)) {
    throw new StrategyInputError(
      'aspect_ratio',
      `aspect_ratio ${aspect} is not allowed for ${request.platform} (allowed: ${preset.aspectRatios.join(', ')})`,
    );
  }
  return aspect;
}

function resolveDuration(request: StrategyRequest, preset: PlatformPreset): number {
  const duration = request.duration ?? preset.duration.default;
  const { min, max } = preset.duration;
  if (duration < min || duration > max) {
    throw new StrategyInputError(
      'duration',
      `duration ${duration} s is outside ${request.platform} limits (${min}–${max} s)`,
    );
  }
  return duration;
}

interface Combo {
  camera: CameraMovement;
  lighting: Lighting;
  borrowed?: Borrowing;
}

const comboKey = (c: Combo): string => `${c.camera}|${c.lighting}`;

function nativeCombos(category: Category): Combo[] {
  const { cameras, lighting } = MOOD_MATRIX[category];
  return cameras.flatMap((camera) => lighting.map((light) => ({ camera, lighting: light })));
}

/** Pairs that swap exactly one element for the neighbour's; they can never equal a native pair. */
function borrowedCombos(category: Category, neighbour: Category): Combo[] {
  const own = MOOD_MATRIX[category];
  const other = MOOD_MATRIX[neighbour];
  const lightingSwaps = own.cameras.flatMap((camera) =>
    other.lighting.map((light) => ({ camera, lighting: light, borrowed: { from: neighbour, kind: 'lighting' as const, id: light } })),
  );
  const cameraSwaps = other.cameras.flatMap((camera) =>
    own.lighting.map((light) => ({ camera, lighting: light, borrowed: { from: neighbour, kind: 'camera' as const, id: camera } })),
  );
  return [...lightingSwaps, ...cameraSwaps];
}

/**
 * Picks camera+lighting pairs without repeats until every native pair has been
 * used once (6 per category); only then does a fresh shuffled cycle start.
 * Near a boundary, every other variation after the first borrows one element
 * from the neighbouring category, so the set previews both sides of the slider.
 * The first variation is always pure, and the draw order is stable, so asking
 * for more variations only appends to the list.
 */
function pickCombos(category: Category, neighbour: Category | null, count: number, rng: Rng): Combo[] {
  const native = nativeCombos(category);
  const borrowable = neighbour ? borrowedCombos(category, neighbour) : [];
  const used = new Set<string>();
  const picks: Combo[] = [];
  let cycle: Combo[] = rng.shuffle(native);

  for (let i = 0; i < count; i++) {
    if (borrowable.length > 0 && i % 2 === 1) {
      const fresh = borrowable.filter((c) => !used.has(comboKey(c)));
      if (fresh.length > 0) {
        const pick = rng.pick(fresh);
        used.add(comboKey(pick));
        picks.push(pick);
        continue;
      }
    }
    if (cycle.length === 0) {
      cycle = rng.shuffle(native);
      // Avoid showing the same pair twice in a row across the cycle seam.
      const last = picks[picks.length - 1];
      if (last && cycle.length > 1 && comboKey(cycle[0]) === comboKey(last)) {
        [cycle[0], cycle[1]] = [cycle[1], cycle[0]];
      }
    }
    const pick = cycle.shift() as Combo;
    used.add(comboKey(pick));
    picks.push(pick);
  }
  return picks;
}

/**
 * Turns a request into concrete, reproducible video parameters. Pure and
 * synchronous: the same request and seed always give a deep-equal result.
 * Throws StrategyInputError (with `field`) for any invalid input, including
 * aspect ratios or durations the chosen platform does not allow.
 */
export function planStrategy(input: StrategyRequestInput, options: PlanOptions = {}): StrategyResponse {
  const request = parseRequest(input);
  const seed = resolveSeed(request.seed, options.defaultSeed);
  const preset = PLATFORM_PRESETS[request.platform];
  const aspect = resolveAspect(request, preset);
  const duration = resolveDuration(request, preset);
  const category = classifyMood(request.mood);
  const neighbour = neighbourCategory(request.mood);
  const prompt = normalizePrompt(request.prompt);

  // Variation count is left out of the hash on purpose: see pickCombos on stable prefixes.
  const rng = createRng(seed, prompt, request.mood, request.platform);
  const combos = pickCombos(category, neighbour, request.variations, rng);
  const negative = negativePrompt(category);
  const keywords = MOOD_MATRIX[category].keywords;

  return {
    mood_category: category,
    seed,
    variations: combos.map(({ camera, lighting, borrowed }) => ({
      mood_category: category,
      camera_movement: camera,
      lighting,
      keywords: [...keywords],
      enriched_prompt: enrichPrompt({ prompt, category, camera, lighting, platform: request.platform, aspect }),
      negative_prompt: negative,
      aspect_ratio: aspect,
      duration,
      rationale: buildRationale({
        mood: request.mood,
        category,
        camera,
        lighting,
        platform: request.platform,
        aspect,
        duration,
        borrowed,
      }),
    })),
  };
}
