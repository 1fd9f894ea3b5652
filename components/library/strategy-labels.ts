import type { Catalog, Category } from '@/lib/strategy';
import { CATEGORY_STYLES } from '@/components/studio/category-styles';

/** Human names for the engine's ids, built on the server from the catalog so the browser never loads the engine. */
export interface StrategyLabels {
  categories: Record<string, string>;
  cameras: Record<string, string>;
  lighting: Record<string, string>;
  platforms: Record<string, string>;
}

const byId = (items: readonly { id: string; label: string }[]) => Object.fromEntries(items.map((item) => [item.id, item.label]));

export function buildStrategyLabels(catalog: Catalog): StrategyLabels {
  return {
    categories: byId(catalog.categories),
    cameras: byId(catalog.cameras),
    lighting: byId(catalog.lighting),
    platforms: byId(catalog.platforms),
  };
}

/** Unknown ids (a newer engine, an external provider) still render, as the raw id. */
export const labelFor = (labels: Record<string, string>, id: string) => labels[id] ?? id.replaceAll('_', ' ');

/** The category's text colour, or a neutral one for an id the palette does not know. */
export function categoryTextClass(category: string): string {
  return category in CATEGORY_STYLES ? CATEGORY_STYLES[category as Category].text : 'text-ink-300';
}
