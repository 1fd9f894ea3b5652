import type { Category } from '@/lib/strategy';

interface CategoryStyle {
  text: string;
  bg: string;
  border: string;
  /** A faint wash of the colour, for selected surfaces. */
  tint: string;
}

// Whole class names, never assembled from parts, so Tailwind's source scan finds them.
export const CATEGORY_STYLES: Readonly<Record<Category, CategoryStyle>> = {
  surreal_trip: { text: 'text-surreal', bg: 'bg-surreal', border: 'border-surreal', tint: 'bg-surreal/10' },
  intimate_story: { text: 'text-intimate', bg: 'bg-intimate', border: 'border-intimate', tint: 'bg-intimate/10' },
  luxury_reveal: { text: 'text-luxury', bg: 'bg-luxury', border: 'border-luxury', tint: 'bg-luxury/10' },
  high_energy: { text: 'text-energy', bg: 'bg-energy', border: 'border-energy', tint: 'bg-energy/10' },
};
