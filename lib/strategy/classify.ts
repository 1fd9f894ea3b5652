import { StrategyInputError } from './errors';
import { CATEGORIES, MOOD_BOUNDARIES, MOOD_MATRIX, type Category } from './matrix';

/** How close (inclusive, in mood points) to an internal boundary a mood must be to borrow from the neighbour. */
export const NEIGHBOUR_WINDOW = 5;

function assertMood(mood: unknown): asserts mood is number {
  // The runtime check is deliberate: classifyMood is also called with raw JSON values.
  if (typeof mood !== 'number' || !Number.isFinite(mood)) {
    throw new StrategyInputError('mood', `mood must be a finite number between 0 and 100 (got ${String(mood)})`);
  }
  if (mood < 0 || mood > 100) {
    throw new StrategyInputError('mood', `mood ${mood} is outside 0–100`);
  }
}

/** [0,25) surreal_trip, [25,50) intimate_story, [50,75) luxury_reveal, [75,100] high_energy. */
export function classifyMood(mood: number): Category {
  assertMood(mood);
  // Ranges are half-open, so the top category has to catch mood === 100 itself.
  return CATEGORIES.find((c) => mood < MOOD_MATRIX[c].range.max) ?? CATEGORIES[CATEGORIES.length - 1];
}

/**
 * The category on the other side of the nearest internal boundary (25, 50, 75)
 * when mood is within NEIGHBOUR_WINDOW points of it, else null. The outer ends
 * (0 and 100) have no neighbour.
 */
export function neighbourCategory(mood: number): Category | null {
  const own = classifyMood(mood);
  const boundary = MOOD_BOUNDARIES.find((b) => Math.abs(mood - b) <= NEIGHBOUR_WINDOW);
  if (boundary === undefined) return null;
  const index = CATEGORIES.indexOf(own);
  return mood < boundary ? CATEGORIES[index + 1] : CATEGORIES[index - 1];
}
