/** Public API of the video strategy engine. Import from here rather than from individual files. */
export { StrategyInputError, isStrategyInputError } from './errors';
export {
  CATEGORIES,
  CAMERA_MOVEMENTS,
  LIGHTING_SETUPS,
  CAMERA_DETAILS,
  LIGHTING_DETAILS,
  MOOD_MATRIX,
  MOOD_BOUNDARIES,
  CategorySchema,
  CameraMovementSchema,
  LightingSchema,
  type Category,
  type CameraMovement,
  type Lighting,
  type CategoryDefinition,
  type Described,
} from './matrix';
export {
  ASPECT_RATIOS,
  PLATFORMS,
  PLATFORM_PRESETS,
  AspectRatioSchema,
  PlatformSchema,
  aspectDimensions,
  type AspectRatio,
  type Platform,
  type PlatformPreset,
} from './platforms';
export { createRng, fnv1a, mulberry32, type Rng } from './random';
export { classifyMood, neighbourCategory, NEIGHBOUR_WINDOW } from './classify';
export { enrichPrompt, negativePrompt, normalizePrompt, ENRICHED_PROMPT_MAX, type EnrichInput } from './enrich';
export { buildRationale, formatMood, type Borrowing, type RationaleInput } from './rationale';
export {
  describeCategory,
  describePlatform,
  listCatalog,
  type Catalog,
  type CatalogItem,
  type CategoryDescription,
  type PlatformDescription,
} from './catalog';
export {
  planStrategy,
  StrategyRequestSchema,
  StrategyResponseSchema,
  StrategyVariationSchema,
  SeedSchema,
  MAX_VARIATIONS,
  PROMPT_MAX,
  type PlanOptions,
  type StrategyRequest,
  type StrategyRequestInput,
  type StrategyResponse,
  type StrategyVariation,
} from './engine';
