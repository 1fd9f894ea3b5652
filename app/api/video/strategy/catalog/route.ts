import { z } from 'zod';
import { route } from '@/lib/api/route';
import {
  AspectRatioSchema,
  CameraMovementSchema,
  CategorySchema,
  LightingSchema,
  PlatformSchema,
  listCatalog,
  type Catalog,
} from '@/lib/strategy';

export const dynamic = 'force-dynamic';

const item = <S extends z.ZodType<string>>(id: S) => z.object({ id, label: z.string(), description: z.string() });
const range = z.object({ min: z.number(), max: z.number() });

// `satisfies` ties the schema to the engine's Catalog type, so a field added there fails the type check here.
const CatalogSchema = z.object({
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

// GET /api/video/strategy/catalog – mood categories, cameras, lighting and platforms with their labels
export const GET = route(
  {
    method: 'GET',
    path: '/api/video/strategy/catalog',
    summary: 'List the mood categories, camera movements, lighting setups and platform presets with human labels',
    tags: ['strategy'],
    response: CatalogSchema,
  },
  async () => listCatalog(),
);
