import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import {
  AspectRatioSchema,
  CameraMovementSchema,
  CategorySchema,
  LightingSchema,
  PlatformSchema,
  StrategyRequestSchema,
  StrategyResponseSchema,
  type Catalog,
} from '@/lib/strategy';

const item = <S extends z.ZodType<string>>(id: S) => z.object({ id, label: z.string(), description: z.string() });
const range = z.object({ min: z.number(), max: z.number() });

// `satisfies` ties the schema to the engine's Catalog type, so a field added there fails the type check here.
export const CatalogSchema = z.object({
  categories: z.array(
    z.object({
      id: CategorySchema,
      label: z.string(),
      description: z.string(),
      mood_range: range,
      cameras: z.array(item(CameraMovementSchema)),
      lighting: z.array(item(LightingSchema)),
      keywords: z.array(z.string()),
    }),
  ),
  cameras: z.array(item(CameraMovementSchema)),
  lighting: z.array(item(LightingSchema)),
  platforms: z.array(
    z.object({
      id: PlatformSchema,
      label: z.string(),
      aspect_ratios: z.array(AspectRatioSchema),
      default_aspect_ratio: AspectRatioSchema,
      duration: range.extend({ default: z.number() }),
      short_form: z.boolean(),
      pacing: z.string(),
    }),
  ),
  aspect_ratios: z.array(z.object({ id: AspectRatioSchema, width: z.number().int(), height: z.number().int() })),
}) satisfies z.ZodType<Catalog>;


export const planVideoStrategy = {
  method: 'POST',
  path: '/api/video/strategy',
  summary: 'Plan camera movement, lighting and an enriched prompt for each variation of a prompt at a mood (nothing is stored)',
  tags: ['strategy'],
  body: StrategyRequestSchema,
  response: StrategyResponseSchema,
} satisfies Contract;

export const getStrategyCatalog = {
  method: 'GET',
  path: '/api/video/strategy/catalog',
  summary: 'List the mood categories, camera movements, lighting setups and platform presets with human labels',
  tags: ['strategy'],
  response: CatalogSchema,
} satisfies Contract;
