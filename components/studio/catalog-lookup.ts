import type { CatalogItem, CategoryDescription } from '@/lib/strategy';

/**
 * The engine's rule, read off the catalog ranges: [min, max) per category, with the
 * top category also taking 100. The label moves instantly while the plan is debounced.
 */
export function categoryForMood(categories: readonly CategoryDescription[], mood: number): CategoryDescription {
  return categories.find((category) => mood < category.mood_range.max) ?? categories[categories.length - 1];
}

/** Falls back to the raw id, so a camera or light the catalog does not list yet still renders. */
export function describeItem<Id extends string>(items: readonly CatalogItem<Id>[], id: Id): CatalogItem<Id> {
  return items.find((item) => item.id === id) ?? { id, label: id, description: '' };
}
