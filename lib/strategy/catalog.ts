import {
  CAMERA_DETAILS,
  CAMERA_MOVEMENTS,
  CATEGORIES,
  LIGHTING_DETAILS,
  LIGHTING_SETUPS,
  MOOD_MATRIX,
  type CameraMovement,
  type Category,
  type Lighting,
} from './matrix';
import { ASPECT_RATIOS, PLATFORMS, PLATFORM_PRESETS, aspectDimensions, type AspectRatio, type Platform } from './platforms';

/*
 * Plain-JSON views of the matrix and presets for the UI and API. They are
 * built fresh on every call so callers can't mutate the shared tables, and
 * use snake_case like the rest of the API payloads.
 */

export interface CatalogItem<Id extends string> {
  id: Id;
  label: string;
  description: string;
}

export interface CategoryDescription {
  id: Category;
  label: string;
  description: string;
  /** Half-open [min, max), except the top category which includes 100. */
  mood_range: { min: number; max: number };
  cameras: CatalogItem<CameraMovement>[];
  lighting: CatalogItem<Lighting>[];
  keywords: string[];
}

export interface PlatformDescription {
  id: Platform;
  label: string;
  aspect_ratios: AspectRatio[];
  default_aspect_ratio: AspectRatio;
  duration: { min: number; max: number; default: number };
  short_form: boolean;
  pacing: string;
}

export interface Catalog {
  categories: CategoryDescription[];
  cameras: CatalogItem<CameraMovement>[];
  lighting: CatalogItem<Lighting>[];
  platforms: PlatformDescription[];
  aspect_ratios: { id: AspectRatio; width: number; height: number }[];
}

const camera = (id: CameraMovement): CatalogItem<CameraMovement> => ({ id, ...CAMERA_DETAILS[id] });
const light = (id: Lighting): CatalogItem<Lighting> => ({ id, ...LIGHTING_DETAILS[id] });

export function describeCategory(category: Category): CategoryDescription {
  const def = MOOD_MATRIX[category];
  return {
    id: category,
    label: def.label,
    description: def.description,
    mood_range: { ...def.range },
    cameras: def.cameras.map(camera),
    lighting: def.lighting.map(light),
    keywords: [...def.keywords],
  };
}

export function describePlatform(platform: Platform): PlatformDescription {
  const preset = PLATFORM_PRESETS[platform];
  return {
    id: platform,
    label: preset.label,
    aspect_ratios: [...preset.aspectRatios],
    default_aspect_ratio: preset.aspectRatios[0],
    duration: { ...preset.duration },
    short_form: preset.shortForm,
    pacing: preset.pacing,
  };
}

export function listCatalog(): Catalog {
  return {
    categories: CATEGORIES.map(describeCategory),
    cameras: CAMERA_MOVEMENTS.map(camera),
    lighting: LIGHTING_SETUPS.map(light),
    platforms: PLATFORMS.map(describePlatform),
    aspect_ratios: ASPECT_RATIOS.map((id) => ({ id, ...aspectDimensions(id) })),
  };
}
